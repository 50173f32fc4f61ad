// The OpenID provider Pactum's test suite signs in against.
//
// It wraps oidc-provider (MIT, OpenID Certified) with what a test needs and a
// real provider lacks: its own login page, automatic consent, and control
// endpoints under /__test/ to rotate the signing key, tamper with the next ID
// token and mint back-channel logout tokens. See README.md for the contract.
//
// Usage: node provider.mjs CONFIG.json
//
// stdout carries exactly one line, `ready <issuer>`, once the server listens;
// everything else goes to stderr. The process exits when its stdin closes, so
// a test that dies takes its provider with it.

import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import * as jose from 'jose';

// oidc-provider prints its notices with console.info, which is stdout: keep
// stdout for the ready line by sending every console method to stderr. This
// runs before oidc-provider is loaded (dynamic import below).
for (const method of ['log', 'info', 'debug']) {
  console[method] = (...args) => console.error(...args);
}
const { default: Provider } = await import('oidc-provider');

// ---------------------------------------------------------------------------
// Configuration

function fail(message) {
  console.error(`provider.mjs: ${message}`);
  process.exit(2);
}

function loadConfig(path) {
  if (!path) fail('usage: node provider.mjs CONFIG.json');
  let config;
  try {
    config = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    fail(`cannot read ${path}: ${err.message}`);
  }
  const { port = 0, clients = [], accounts = {}, acrValues = [] } = config;
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail('"port" must be an integer 0..65535');
  if (!Array.isArray(clients)) fail('"clients" must be an array of client metadata');
  if (accounts === null || typeof accounts !== 'object') fail('"accounts" must be an object');
  for (const [login, account] of Object.entries(accounts)) {
    if (typeof account?.password !== 'string') fail(`accounts.${login}.password must be a string`);
  }
  if (!Array.isArray(acrValues)) fail('"acrValues" must be an array of strings');
  return { port, clients, accounts, acrValues };
}

const config = loadConfig(process.argv[2]);

// Exit with the test that started us: it holds our stdin.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();

// Which claims each scope releases. Claims come from the account's `claims`,
// and only those present are released.
const CLAIMS = {
  acr: null,
  amr: null,
  auth_time: null,
  iss: null,
  sid: null,
  openid: ['sub'],
  email: ['email', 'email_verified'],
  profile: ['name', 'given_name', 'family_name'],
  resident: ['fiscal_number'],
  groups: ['groups'],
};

// Fixed so that cookies signed by one Provider instance stay valid after a
// key rotation swaps in the next one.
const COOKIE_KEYS = ['pactum-test-provider-cookie-key-1'];

// ---------------------------------------------------------------------------
// Storage shared by every Provider instance
//
// A rotation builds a new Provider; sessions, interactions, grants and codes
// must survive it, so they live in this module-level Map rather than in
// anything owned by an instance. The process lives for one test, so expired
// entries are only dropped when read.

const store = new Map(); // `${model}:${id}` -> { payload, expiresAt }
const grantMembers = new Map(); // grantId -> Set of store keys
const sessionUids = new Map(); // session uid -> session id

const epoch = () => Math.floor(Date.now() / 1000);

class SharedMemoryAdapter {
  constructor(model) {
    this.model = model;
  }

  key(id) {
    return `${this.model}:${id}`;
  }

  async upsert(id, payload, expiresIn) {
    const key = this.key(id);
    const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : undefined;
    store.set(key, { payload: structuredClone(payload), expiresAt });
    if (payload.grantId) {
      if (!grantMembers.has(payload.grantId)) grantMembers.set(payload.grantId, new Set());
      grantMembers.get(payload.grantId).add(key);
    }
    if (this.model === 'Session' && payload.uid) sessionUids.set(payload.uid, id);
  }

  async find(id) {
    const key = this.key(id);
    const entry = store.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      store.delete(key);
      return undefined;
    }
    return structuredClone(entry.payload);
  }

  async findByUid(uid) {
    const id = sessionUids.get(uid);
    return id === undefined ? undefined : this.find(id);
  }

  // The device flow is off: no user codes.
  async findByUserCode() {
    return undefined;
  }

  async consume(id) {
    const entry = store.get(this.key(id));
    if (entry) entry.payload.consumed = epoch();
  }

  async destroy(id) {
    store.delete(this.key(id));
  }

  async revokeByGrantId(grantId) {
    for (const key of grantMembers.get(grantId) ?? []) store.delete(key);
    grantMembers.delete(grantId);
  }
}

// ---------------------------------------------------------------------------
// Signing keys

// Newest first: the first key signs, all of them are published.
const signingKeys = [];

async function newSigningKey() {
  const { privateKey, publicKey } = await jose.generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  return {
    kid,
    privateKey,
    publicKey,
    jwk: { ...(await jose.exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' },
  };
}

// ---------------------------------------------------------------------------
// The provider

async function findAccount(ctx, accountId) {
  const account = config.accounts[accountId];
  if (!account) return undefined;
  return {
    accountId,
    async claims() {
      return { sub: accountId, ...(account.claims ?? {}) };
    },
  };
}

// The issuer is known once the server listens (the port may be ephemeral).
let issuer;

function buildProvider() {
  const provider = new Provider(issuer, {
    adapter: SharedMemoryAdapter,
    clients: config.clients,
    jwks: { keys: signingKeys.map((key) => key.jwk) },
    findAccount,
    claims: CLAIMS,
    scopes: ['openid', 'email', 'profile', 'resident', 'groups'],
    acrValues: config.acrValues,
    cookies: { keys: COOKIE_KEYS },
    responseTypes: ['code'],
    clientAuthMethods: ['client_secret_basic', 'private_key_jwt'],
    enabledJWA: {
      idTokenSigningAlgValues: ['RS256'],
      requestObjectSigningAlgValues: ['RS256', 'ES256'],
      clientAuthSigningAlgValues: ['RS256', 'ES256'],
    },
    // PKCE (S256, the only method oidc-provider 9 knows) for every client,
    // not only public ones.
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      claimsParameter: { enabled: true },
      requestObjects: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      backchannelLogout: { enabled: true },
      // Not part of the contract: keep discovery to what the tests use.
      pushedAuthorizationRequests: { enabled: false },
      dPoP: { enabled: false },
    },
    interactions: {
      url: (ctx, interaction) => `/interaction/${interaction.uid}`,
    },
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      Grant: 3600,
      IdToken: 3600,
      Interaction: 600,
      Session: 3600,
    },
  });

  provider.use(tamperHook);
  for (const event of ['server_error', 'backchannel.error']) {
    provider.on(event, (...args) => console.error(`oidc-provider ${event}:`, args.at(-1)?.message ?? args.at(-1)));
  }
  return provider;
}

// The instance the HTTP server delegates to; replaced by /__test/rotate.
let current;
let delegate;

function install(provider) {
  current = provider;
  delegate = provider.callback();
}

// ---------------------------------------------------------------------------
// /__test/tamper: rewrite the ID token of the next token response

let pendingTamper = null;

// Runs around oidc-provider's own handling: after next() the token endpoint
// has set ctx.body to the plain response object, still unserialised.
async function tamperHook(ctx, next) {
  await next();
  if (!pendingTamper || ctx.path !== '/token' || typeof ctx.body?.id_token !== 'string') return;
  const tamper = pendingTamper;
  pendingTamper = null;

  const header = jose.decodeProtectedHeader(ctx.body.id_token);
  const payload = jose.decodeJwt(ctx.body.id_token);
  Object.assign(payload, tamper.set);
  for (const claim of tamper.unset) delete payload[claim];

  let key = signingKeys[0];
  if (tamper.key === 'unknown') key = await newSigningKey(); // never published
  ctx.body = {
    ...ctx.body,
    id_token: await new jose.SignJWT(payload)
      .setProtectedHeader({ ...header, alg: 'RS256', kid: key.kid })
      .sign(key.privateKey),
  };
  console.error(`tampered id_token (key ${tamper.key})`);
}

function parseTamper(body) {
  const { set = {}, unset = [], key = 'provider' } = body;
  if (set === null || typeof set !== 'object' || Array.isArray(set)) throw new Error('"set" must be an object');
  if (!Array.isArray(unset) || unset.some((claim) => typeof claim !== 'string')) {
    throw new Error('"unset" must be an array of claim names');
  }
  if (!['provider', 'unknown'].includes(key)) throw new Error('"key" must be "provider" or "unknown"');
  return { set, unset, key };
}

// ---------------------------------------------------------------------------
// /__test/logout-token: a back-channel logout token (OpenID Connect
// Back-Channel Logout 1.0, section 2.4)

async function logoutToken({ aud, sub, sid }) {
  if (typeof aud !== 'string' || !aud) throw new Error('"aud" must be a client_id');
  for (const [name, value] of Object.entries({ sub, sid })) {
    if (value !== undefined && typeof value !== 'string') throw new Error(`"${name}" must be a string`);
  }
  // The specification wants sub or sid; with neither the token is
  // deliberately invalid, for tests that check the relying party refuses it.
  const claims = { events: { 'http://schemas.openid.net/event/backchannel-logout': {} } };
  if (sub !== undefined) claims.sub = sub;
  if (sid !== undefined) claims.sid = sid;
  const iat = epoch();
  const key = signingKeys[0];
  return new jose.SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'logout+jwt', kid: key.kid })
    .setIssuer(issuer)
    .setAudience(aud)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 120)
    .setJti(randomUUID())
    .sign(key.privateKey);
}

async function testControl(req, res, path) {
  let body;
  try {
    const raw = await readBody(req);
    body = raw.length ? JSON.parse(raw) : {};
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new Error('body must be a JSON object');
  } catch (err) {
    return sendJson(res, 400, { error: err.message });
  }

  try {
    switch (path) {
      case '/__test/rotate': {
        signingKeys.unshift(await newSigningKey());
        install(buildProvider());
        console.error(`rotated: signing with kid ${signingKeys[0].kid}`);
        return sendJson(res, 200, { kid: signingKeys[0].kid });
      }
      case '/__test/tamper':
        pendingTamper = parseTamper(body);
        res.writeHead(204).end();
        return undefined;
      case '/__test/logout-token':
        return sendJson(res, 200, { logout_token: await logoutToken(body) });
      case '/__test/claims': {
        // {"account": "alice", "claims": {...}}: the account's claims from now on (a
        // group removed at the provider, say); other accounts are untouched.
        const account = Object.hasOwn(config.accounts, body.account) ? config.accounts[body.account] : undefined;
        if (!account) throw new Error(`unknown account ${body.account}`);
        if (body.claims === null || typeof body.claims !== 'object') throw new Error('claims must be an object');
        account.claims = body.claims;
        res.writeHead(204).end();
        return undefined;
      }
      default:
        return sendJson(res, 404, { error: `unknown control endpoint ${path}` });
    }
  } catch (err) {
    return sendJson(res, 400, { error: err.message });
  }
}

// ---------------------------------------------------------------------------
// Interactions: our own login page, consent granted without a page

const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, main) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
</head>
<body>
<main>
${main}
</main>
</body>
</html>
`;
}

function loginPage(uid, clientId, { login = '', error } = {}) {
  const alert = error ? `<p role="alert" id="error">${escapeHtml(error)}</p>\n` : '';
  return page('Sign in – test identity provider', `<h1>Sign in</h1>
<p>Test identity provider. <code>${escapeHtml(clientId)}</code> asks who you are.</p>
${alert}<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<p><label for="login">Login</label>
<input id="login" name="login" autocomplete="username" required value="${escapeHtml(login)}"></p>
<p><label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">Sign in</button></p>
</form>`);
}

// RP-initiated logout asks before ending the session, as the specification
// wants. `form` is oidc-provider's form (id op.logoutForm, hidden xsrf field);
// the buttons submit it, `logout=yes` ends the session.
async function logoutSource(ctx, form) {
  ctx.type = 'html';
  ctx.body = page('Sign out – test identity provider', `<h1>Sign out</h1>
<p>Do you want to sign out of the test identity provider?</p>
${form}
<p><button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>
<button type="submit" form="op.logoutForm">Stay signed in</button></p>`);
}

// Shown after a logout request without a post_logout_redirect_uri.
async function postLogoutSuccessSource(ctx) {
  ctx.type = 'html';
  ctx.body = page('Signed out – test identity provider', '<h1>Signed out</h1>\n<p>You are signed out of the test identity provider.</p>');
}

function sendHtml(res, status, html) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
  }).end(html);
}

function sendJson(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

function sameSecret(given, expected) {
  // Hash first so that lengths match for timingSafeEqual.
  const digest = (text) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

// Grants everything the consent prompt says is missing: OIDC scopes, claims
// asked for with the claims parameter, resource scopes.
async function grantConsent(req, res, details) {
  const { prompt, params, session } = details;
  const grant = details.grantId
    ? await current.Grant.find(details.grantId)
    : new current.Grant({ accountId: session.accountId, clientId: params.client_id });
  const missing = prompt.details;
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  const grantId = await grant.save();
  await current.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

async function interaction(req, res, uid, action) {
  let details;
  try {
    details = await current.interactionDetails(req, res);
  } catch (err) {
    return sendHtml(res, 400, page('Sign-in expired', `<h1>Sign-in expired</h1>\n<p>${escapeHtml(err.message)}</p>`));
  }
  if (details.uid !== uid) {
    return sendHtml(res, 400, page('Wrong sign-in', '<h1>Wrong sign-in</h1>\n<p>This page belongs to another sign-in.</p>'));
  }
  const clientId = details.params.client_id;

  if (details.prompt.name === 'consent') return grantConsent(req, res, details);
  if (details.prompt.name !== 'login') {
    return sendHtml(res, 400, page('Cannot continue', `<h1>Cannot continue</h1>\n<p>Unknown prompt ${escapeHtml(details.prompt.name)}.</p>`));
  }

  if (action === undefined) return sendHtml(res, 200, loginPage(uid, clientId));

  const form = new URLSearchParams(await readBody(req));
  const login = form.get('login') ?? '';
  const account = Object.hasOwn(config.accounts, login) ? config.accounts[login] : undefined;
  if (!account || !sameSecret(form.get('password') ?? '', account.password)) {
    return sendHtml(res, 400, loginPage(uid, clientId, { login, error: 'Wrong login or password.' }));
  }
  console.error(`signed in: ${login}`);
  return current.interactionFinished(req, res, {
    login: { accountId: login, acr: account.acr, amr: ['pwd'] },
  }, { mergeWithLastSubmission: false });
}

// ---------------------------------------------------------------------------
// HTTP server

const BODY_LIMIT = 64 * 1024;

async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > BODY_LIMIT) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function route(req, res) {
  const { pathname } = new URL(req.url, 'http://localhost');
  if (pathname.startsWith('/__test/')) {
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'POST only' });
    return testControl(req, res, pathname);
  }
  const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(pathname);
  if (match) {
    const [, uid, login] = match;
    if (!login && req.method === 'GET') return interaction(req, res, uid);
    if (login && req.method === 'POST') return interaction(req, res, uid, 'login');
    return sendHtml(res, 405, page('Method not allowed', '<h1>Method not allowed</h1>'));
  }
  return delegate(req, res);
}

const server = http.createServer((req, res) => {
  route(req, res).catch((err) => {
    console.error('provider.mjs:', err);
    if (!res.headersSent) sendJson(res, 500, { error: 'server_error' });
    else res.end();
  });
});

server.listen(config.port, '127.0.0.1', async () => {
  issuer = `http://127.0.0.1:${server.address().port}`;
  try {
    signingKeys.push(await newSigningKey());
    install(buildProvider()); // throws on invalid client metadata
  } catch (err) {
    fail(err.message);
  }
  process.stdout.write(`ready ${issuer}\n`);
});
