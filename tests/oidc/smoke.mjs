// Smoke test for provider.mjs: starts it as the Rust tests do and drives the
// whole contract as a relying party would, with fetch and jose only.
//
// Usage: node smoke.mjs   (after `npm ci` in this folder)
// Prints one `ok` line per check; exits non-zero on the first failure.

import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as jose from 'jose';

const REDIRECT_URI = 'http://127.0.0.1:9/oidc/callback'; // nothing listens there
const BASIC_SECRET = 'pactum-basic-secret-of-some-length';
const SCOPE = 'openid email profile resident groups';

function check(condition, what, detail) {
  if (!condition) {
    const extra = detail === undefined ? '' : `: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`;
    throw new Error(`FAILED ${what}${extra}`);
  }
  console.log(`ok ${what}`);
}

const b64url = (buffer) => Buffer.from(buffer).toString('base64url');

// ---------------------------------------------------------------------------
// Start the provider

const clientKey = await jose.generateKeyPair('RS256', { extractable: true });
const clientKid = 'smoke-client-key';
const clientJwk = { ...(await jose.exportJWK(clientKey.publicKey)), kid: clientKid, alg: 'RS256', use: 'sig' };

const config = {
  port: 0,
  clients: [
    {
      client_id: 'pactum-jwt',
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'RS256',
      require_signed_request_object: true,
      request_object_signing_alg: 'RS256',
      jwks: { keys: [clientJwk] },
      redirect_uris: [REDIRECT_URI],
      post_logout_redirect_uris: ['http://127.0.0.1:9/'],
      backchannel_logout_uri: 'http://127.0.0.1:9/oidc/backchannel-logout',
      backchannel_logout_session_required: true,
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
    {
      client_id: 'pactum-basic',
      client_secret: BASIC_SECRET,
      token_endpoint_auth_method: 'client_secret_basic',
      redirect_uris: [REDIRECT_URI],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  accounts: {
    alice: {
      password: 'alice-pw',
      acr: 'substantial',
      claims: {
        email: 'alice@example.org',
        email_verified: true,
        name: 'Alice Rossi',
        fiscal_number: 'TINIT-RSSALC80A01H501U',
        groups: ['city-staff'],
      },
    },
  },
  acrValues: ['low', 'substantial', 'high'],
};

const dir = mkdtempSync(join(tmpdir(), 'pactum-oidc-smoke-'));
const configPath = join(dir, 'config.json');
writeFileSync(configPath, JSON.stringify(config, null, 2));

const child = spawn(process.execPath, [new URL('./provider.mjs', import.meta.url).pathname, configPath], {
  stdio: ['pipe', 'pipe', 'pipe'],
});
let stdout = '';
let stderr = '';
child.stdout.on('data', (data) => { stdout += data; });
child.stderr.on('data', (data) => { stderr += data; });

const issuer = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('provider not ready within 20 s')), 20_000);
  child.stdout.on('data', () => {
    const match = /^ready (http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout);
    if (match) { clearTimeout(timer); resolve(match[1]); }
  });
  child.on('exit', (code) => reject(new Error(`provider exited with ${code}`)));
});

async function main() {
  check(/^http:\/\/127\.0\.0\.1:\d+$/.test(issuer), 'provider prints `ready <issuer>`', issuer);

  // -------------------------------------------------------------------------
  // Discovery

  const discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
  check(discovery.issuer === issuer, 'discovery issuer equals the ready line', discovery.issuer);
  check(typeof discovery.end_session_endpoint === 'string', 'end_session_endpoint advertised (RP-initiated logout)');
  check(discovery.backchannel_logout_supported === true && discovery.backchannel_logout_session_supported === true,
    'back-channel logout supported, with sessions');
  check(discovery.claims_parameter_supported === true, 'claims parameter supported');
  check(discovery.request_parameter_supported === true, 'request objects supported');
  check(JSON.stringify(discovery.code_challenge_methods_supported) === '["S256"]', 'PKCE S256 only');
  check(JSON.stringify(discovery.response_types_supported) === '["code"]', 'authorization code flow only');
  check(JSON.stringify(discovery.acr_values_supported) === JSON.stringify(config.acrValues), 'acr values from the config');
  check(['client_secret_basic', 'private_key_jwt'].every((m) => discovery.token_endpoint_auth_methods_supported.includes(m)),
    'client_secret_basic and private_key_jwt offered');
  for (const scope of SCOPE.split(' ')) {
    if (!discovery.scopes_supported.includes(scope)) throw new Error(`scope ${scope} not supported`);
  }
  check(true, `scopes supported: ${SCOPE}`);

  const fetchJwks = async () => (await fetch(discovery.jwks_uri)).json();
  // A fresh key set each time: after a rotation the refreshed JWKS matters.
  const verifyIdToken = async (idToken, clientId, nonce) => jose.jwtVerify(idToken, jose.createLocalJWKSet(await fetchJwks()), {
    issuer, audience: clientId, algorithms: ['RS256'],
  }).then(({ payload, protectedHeader }) => {
    if (nonce !== undefined && payload.nonce !== nonce) throw new Error(`nonce ${payload.nonce} != ${nonce}`);
    return { payload, protectedHeader };
  });

  // -------------------------------------------------------------------------
  // A headless browser: follows redirects by hand, keeps cookies.

  let cookiesSeen = 0;
  function browser() {
    const jar = new Map(); // name -> { value, path }
    async function request(url, init = {}) {
      const { pathname } = new URL(url);
      const cookie = [...jar].filter(([, c]) => pathname.startsWith(c.path)).map(([n, c]) => `${n}=${c.value}`).join('; ');
      const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers ?? {}), ...(cookie ? { cookie } : {}) } });
      for (const line of res.headers.getSetCookie()) {
        if (/;\s*secure/i.test(line)) throw new Error(`FAILED cookie with a Secure flag over http: ${line}`);
        cookiesSeen += 1;
        const [pair, ...attributes] = line.split(';').map((part) => part.trim());
        const eq = pair.indexOf('=');
        const name = pair.slice(0, eq);
        const value = pair.slice(eq + 1);
        const path = attributes.find((a) => /^path=/i.test(a))?.slice(5) ?? '/';
        const expired = attributes.some((a) => /^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now())
          || attributes.some((a) => /^max-age=/i.test(a) && Number(a.slice(8)) <= 0);
        if (expired) jar.delete(name); else jar.set(name, { value, path });
      }
      return res;
    }
    // Follows redirects until one leaves the provider, or a page answers.
    async function follow(url, init) {
      let res = await request(url, init);
      for (let hops = 0; hops < 20 && res.status >= 300 && res.status < 400; hops += 1) {
        const next = new URL(res.headers.get('location'), url).href;
        if (!next.startsWith(issuer)) return { res, location: next };
        url = next;
        res = await request(url);
      }
      return { res, url, body: await res.text() };
    }
    return { request, follow };
  }

  const pkce = () => {
    const verifier = b64url(randomBytes(32));
    return { verifier, challenge: b64url(createHash('sha256').update(verifier).digest()) };
  };

  async function clientAssertion() {
    return new jose.SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: clientKid })
      .setIssuer('pactum-jwt').setSubject('pactum-jwt')
      .setAudience(discovery.token_endpoint)
      .setIssuedAt().setExpirationTime('2m').setJti(randomUUID())
      .sign(clientKey.privateKey);
  }

  async function tokenRequest(clientId, params) {
    const body = new URLSearchParams(params);
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    if (clientId === 'pactum-jwt') {
      body.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      body.set('client_assertion', await clientAssertion());
    } else {
      headers.authorization = `Basic ${Buffer.from(`${clientId}:${BASIC_SECRET}`).toString('base64')}`;
    }
    const res = await fetch(discovery.token_endpoint, { method: 'POST', headers, body });
    return { status: res.status, json: await res.json() };
  }

  // Authorization request URL: a signed request object for pactum-jwt,
  // plain query parameters for pactum-basic.
  async function authorizationUrl(clientId, request) {
    const url = new URL(discovery.authorization_endpoint);
    if (clientId === 'pactum-jwt') {
      const requestObject = await new jose.SignJWT({ ...request, client_id: clientId })
        .setProtectedHeader({ alg: 'RS256', kid: clientKid, typ: 'oauth-authz-req+jwt' })
        .setIssuer(clientId).setAudience(issuer)
        .setIssuedAt().setExpirationTime('5m').setJti(randomUUID())
        .sign(clientKey.privateKey);
      url.search = new URLSearchParams({ client_id: clientId, response_type: 'code', scope: request.scope, request: requestObject });
    } else {
      const params = { ...request, client_id: clientId };
      if (params.claims) params.claims = JSON.stringify(params.claims);
      url.search = new URLSearchParams(params);
    }
    return url.href;
  }

  // Runs an authorization request in browser `b` (a new one by default),
  // signing alice in when the provider shows its login page. `loginPage` is
  // undefined when an existing session let the provider skip it.
  async function authorize(clientId, { scope = SCOPE, claims, password = 'alice-pw', b = browser() } = {}) {
    const { verifier, challenge } = pkce();
    const state = b64url(randomBytes(16));
    const nonce = b64url(randomBytes(16));
    const request = {
      response_type: 'code', redirect_uri: REDIRECT_URI, scope, state, nonce,
      code_challenge: challenge, code_challenge_method: 'S256', acr_values: 'substantial high',
      ...(claims ? { claims } : {}),
    };
    const first = await b.follow(await authorizationUrl(clientId, request));
    if (first.location) return { ...first, state, nonce, verifier };
    if (first.res.status !== 200) throw new Error(`no login page: ${first.res.status} ${first.body}`);
    const action = /<form method="post" action="([^"]+)"/.exec(first.body)?.[1];
    if (!action) throw new Error(`no login form in ${first.body}`);
    const form = new URLSearchParams({ login: 'alice', password });
    const done = await b.follow(new URL(action, first.url).href, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form,
    });
    return { ...done, loginPage: first.body, state, nonce, verifier };
  }

  // The code from a successful authorization response.
  function codeOf(flow) {
    if (!flow.location?.startsWith(REDIRECT_URI)) throw new Error(`not redirected to the client: ${flow.res.status} ${flow.body}`);
    const response = new URL(flow.location).searchParams;
    if (response.get('error')) throw new Error(`authorization error ${response.get('error')}: ${response.get('error_description')}`);
    if (response.get('state') !== flow.state) throw new Error('state not returned unchanged');
    if (response.get('iss') !== issuer) throw new Error('iss missing from the authorization response');
    return response.get('code');
  }

  const exchange = async (clientId, flow) => tokenRequest(clientId, {
    grant_type: 'authorization_code', code: codeOf(flow), redirect_uri: REDIRECT_URI, code_verifier: flow.verifier,
  });

  async function signIn(clientId, options) {
    const flow = await authorize(clientId, options);
    return { ...flow, code: codeOf(flow), token: await exchange(clientId, flow) };
  }

  const userinfo = async (accessToken) => (await fetch(discovery.userinfo_endpoint, {
    headers: { authorization: `Bearer ${accessToken}` },
  })).json();

  // -------------------------------------------------------------------------
  // The login page

  {
    const flow = await authorize('pactum-basic');
    const page = flow.loginPage;
    check(/^<!DOCTYPE html>/.test(page) && /<html lang="en">/.test(page) && /<title>[^<]+<\/title>/.test(page)
      && /<main>/.test(page) && /<h1>/.test(page), 'login page is an HTML5 page with lang, title, main and h1');
    check(/<label for="login">/.test(page) && /<input id="login" name="login"/.test(page)
      && /<label for="password">/.test(page) && /<input id="password" name="password" type="password"/.test(page)
      && /<button type="submit">Sign in<\/button>/.test(page), 'login form has labelled login and password inputs and a Sign in button');
    check(cookiesSeen > 0, 'cookies are set without the Secure flag over http');
  }

  // -------------------------------------------------------------------------
  // pactum-jwt: request object, private_key_jwt, backchannel session

  let jwtFlow;
  {
    const claims = { userinfo: { fiscal_number: { essential: true } } };
    jwtFlow = await signIn('pactum-jwt', { claims });
    check(jwtFlow.token.status === 200 && typeof jwtFlow.token.json.id_token === 'string',
      'pactum-jwt: signed request object, login, code, private_key_jwt token exchange', jwtFlow.token.json);
    const { payload, protectedHeader } = await verifyIdToken(jwtFlow.token.json.id_token, 'pactum-jwt', jwtFlow.nonce);
    check(protectedHeader.alg === 'RS256' && typeof protectedHeader.kid === 'string', 'ID token signed RS256 with a kid');
    check(payload.sub === 'alice' && payload.acr === 'substantial', 'ID token verifies: iss, aud, nonce, sub alice, acr substantial', payload);
    check(typeof payload.sid === 'string', 'ID token carries sid (backchannel_logout_session_required)');
    check(payload.exp - payload.iat === 3600, 'ID token lives one hour');
    const protocolClaims = ['iss', 'sub', 'aud', 'exp', 'iat', 'nonce', 'acr', 'amr', 'auth_time', 'sid', 'at_hash', 'azp'];
    check(Object.keys(payload).every((claim) => protocolClaims.includes(claim)),
      'ID token carries only protocol claims (user claims are in userinfo)', payload);
    const info = await userinfo(jwtFlow.token.json.access_token);
    check(info.sub === 'alice' && info.email === 'alice@example.org' && info.email_verified === true
      && info.name === 'Alice Rossi' && info.fiscal_number === 'TINIT-RSSALC80A01H501U'
      && JSON.stringify(info.groups) === '["city-staff"]', 'userinfo returns email, name, fiscal_number, groups', info);
  }

  {
    const replay = await tokenRequest('pactum-jwt', {
      grant_type: 'authorization_code', code: jwtFlow.code, redirect_uri: REDIRECT_URI, code_verifier: jwtFlow.verifier,
    });
    check(replay.status === 400 && replay.json.error === 'invalid_grant', 'replayed code: invalid_grant', replay.json);
  }

  {
    // Without a request object the client with require_signed_request_object is refused.
    const { challenge } = pkce();
    const url = new URL(discovery.authorization_endpoint);
    url.search = new URLSearchParams({
      client_id: 'pactum-jwt', response_type: 'code', scope: 'openid', redirect_uri: REDIRECT_URI,
      state: 's', nonce: 'n', code_challenge: challenge, code_challenge_method: 'S256',
    });
    const { location } = await browser().follow(url.href);
    check(new URL(location).searchParams.get('error') === 'invalid_request', 'pactum-jwt without a request object: invalid_request', location);
  }

  // -------------------------------------------------------------------------
  // pactum-basic: client_secret_basic, claims parameter

  {
    const url = new URL(discovery.authorization_endpoint);
    url.search = new URLSearchParams({
      client_id: 'pactum-basic', response_type: 'code', scope: 'openid', redirect_uri: REDIRECT_URI, state: 's', nonce: 'n',
    });
    const { location } = await browser().follow(url.href);
    check(new URL(location).searchParams.get('error') === 'invalid_request', 'pactum-basic without PKCE: invalid_request', location);
  }

  {
    // Scope openid email only; fiscal_number and groups through the claims parameter.
    const claims = { userinfo: { fiscal_number: { essential: true }, groups: null } };
    const flow = await signIn('pactum-basic', { scope: 'openid email', claims });
    check(flow.token.status === 200, 'pactum-basic: plain request, login, code, client_secret_basic token exchange', flow.token.json);
    const { payload } = await verifyIdToken(flow.token.json.id_token, 'pactum-basic', flow.nonce);
    check(payload.acr === 'substantial', 'pactum-basic ID token verifies, acr substantial');
    const info = await userinfo(flow.token.json.access_token);
    check(info.email === 'alice@example.org' && info.fiscal_number === 'TINIT-RSSALC80A01H501U'
      && JSON.stringify(info.groups) === '["city-staff"]' && info.name === undefined,
    'userinfo: email by scope, fiscal_number and groups by the claims parameter, no name (profile not asked)', info);
  }

  // -------------------------------------------------------------------------
  // Control endpoints

  const control = async (path, body) => fetch(`${issuer}/__test/${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });

  {
    // A code issued and a session opened before the rotation must outlive it.
    const b = browser();
    const before = await authorize('pactum-jwt', { b });
    const oldKid = (await fetchJwks()).keys[0].kid;
    const rotated = await control('rotate', {});
    const { kid } = await rotated.json();
    check(rotated.status === 200 && kid && kid !== oldKid, 'rotate answers a new kid');
    const jwks = await fetchJwks();
    check(jwks.keys.length === 2 && jwks.keys[0].kid === kid && jwks.keys[1].kid === oldKid,
      'JWKS publishes the new key first, the old one after');
    const token = await exchange('pactum-jwt', before);
    check(token.status === 200, 'a code issued before the rotation is exchanged after it', token.json);
    const { protectedHeader } = await verifyIdToken(token.json.id_token, 'pactum-jwt', before.nonce);
    check(protectedHeader.kid === kid, 'after rotation the ID token has the new kid and verifies against the refreshed JWKS');
    const again = await authorize('pactum-jwt', { b });
    check(again.loginPage === undefined && (await exchange('pactum-jwt', again)).status === 200,
      'the session opened before the rotation still signs in without the login page');
  }

  {
    const tampered = await control('tamper', { set: { nonce: 'x' } });
    check(tampered.status === 204, 'tamper answers 204');
    const flow = await signIn('pactum-jwt');
    const { payload, protectedHeader } = await verifyIdToken(flow.token.json.id_token, 'pactum-jwt');
    check(payload.nonce === 'x' && protectedHeader.kid === (await fetchJwks()).keys[0].kid,
      'tamper {set:{nonce:"x"}}: next ID token has nonce "x", same kid, and still verifies');
    const next = await signIn('pactum-jwt');
    await verifyIdToken(next.token.json.id_token, 'pactum-jwt', next.nonce);
    check(true, 'tamper applies to one token response only');
  }

  {
    await control('tamper', { unset: ['acr'], key: 'unknown' });
    const flow = await signIn('pactum-jwt');
    const header = jose.decodeProtectedHeader(flow.token.json.id_token);
    const kids = (await fetchJwks()).keys.map((k) => k.kid);
    check(!kids.includes(header.kid), 'tamper {key:"unknown"}: kid not in the JWKS');
    check(jose.decodeJwt(flow.token.json.id_token).acr === undefined, 'tamper unset removes the claim');
    const refused = await verifyIdToken(flow.token.json.id_token, 'pactum-jwt').then(() => false, () => true);
    check(refused, 'an ID token signed with the unknown key does not verify');
  }

  {
    const res = await control('logout-token', { aud: 'pactum-jwt', sub: 'alice', sid: 'session-1' });
    const { logout_token: token } = await res.json();
    const { payload, protectedHeader } = await jose.jwtVerify(token, jose.createLocalJWKSet(await fetchJwks()), {
      issuer, audience: 'pactum-jwt', typ: 'logout+jwt', algorithms: ['RS256'],
    });
    check(protectedHeader.kid === (await fetchJwks()).keys[0].kid, 'logout token signed with the current key');
    check(JSON.stringify(payload.events) === '{"http://schemas.openid.net/event/backchannel-logout":{}}'
      && payload.sub === 'alice' && payload.sid === 'session-1' && payload.exp - payload.iat === 120
      && typeof payload.jti === 'string' && payload.nonce === undefined,
    'logout token verifies: typ logout+jwt, events, sub, sid, jti, exp = iat + 120, no nonce', payload);
  }

  {
    const flow = await authorize('pactum-basic', { password: 'wrong' });
    check(flow.res.status === 400 && /role="alert"[^>]*>Wrong login or password\./.test(flow.body)
      && /name="password"/.test(flow.body), 'wrong password: the login page again with an error', flow.res.status);
  }

  {
    // RP-initiated logout: the confirmation page, then back to the client.
    const b = browser();
    const flow = await signIn('pactum-jwt', { b });
    const url = new URL(discovery.end_session_endpoint);
    url.search = new URLSearchParams({
      id_token_hint: flow.token.json.id_token, post_logout_redirect_uri: 'http://127.0.0.1:9/', state: 'bye',
    });
    const confirm = await b.follow(url.href);
    const action = /<form id="op.logoutForm" method="post" action="([^"]+)">/.exec(confirm.body)?.[1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.body)?.[1];
    check(confirm.res.status === 200 && action && xsrf && /<h1>Sign out<\/h1>/.test(confirm.body),
      'end_session_endpoint asks for confirmation with a form', confirm.body);
    const done = await b.follow(new URL(action, confirm.url).href, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf, logout: 'yes' }),
    });
    check(done.location === 'http://127.0.0.1:9/?state=bye', 'logout redirects to post_logout_redirect_uri with state', done.location);
    const again = await authorize('pactum-jwt', { b });
    check(again.loginPage !== undefined, 'after logout the provider asks for the password again');
  }

  check(stdout === `ready ${issuer}\n`, 'stdout holds only the ready line', stdout);

  // Closing stdin ends the provider.
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.stdin.end();
  const code = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('timeout'), 5000))]);
  check(code === 0, 'provider exits when its stdin closes', code);
}

try {
  await main();
  console.log('smoke: all checks passed');
} catch (err) {
  console.error(err.stack ?? err);
  console.error('--- provider stderr ---');
  console.error(stderr);
  process.exitCode = 1;
} finally {
  child.kill();
  rmSync(dir, { recursive: true, force: true });
}
