//! The city's OpenID Connect provider, as a client talks to it: discovery, the
//! authorization request (PKCE, state, nonce, signed request objects), the code
//! exchange (`client_secret_basic` or `private_key_jwt`, through the `oauth2` crate),
//! the provider's keys (cached, fetched again when an unknown `kid` appears), token
//! signatures (`jsonwebtoken`), userinfo and the end-session URL.
//!
//! This is infrastructure, like `mail` and `search`: it knows the protocol and nothing
//! of accounts. What a valid answer means for a person (an account, a link, a role) is
//! the accounts area's (`accounts::service::oidc`). Network calls block: callers run
//! them off the async workers (`Provider::blocking`).

pub mod claims;
pub mod keys;
pub mod settings;

use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use oauth2::basic::{BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenType};
use oauth2::{
    AuthUrl, AuthorizationCode, Client, ClientId, ClientSecret, CsrfToken, EndpointNotSet,
    EndpointSet, ExtraTokenFields, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl,
    RequestTokenError, Scope, StandardRevocableToken, StandardTokenIntrospectionResponse,
    StandardTokenResponse, TokenResponse, TokenUrl,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use claims::{Reason, Refused};
use settings::{ClientAuth, Settings};

/// The largest answer read from the provider (discovery, keys, tokens, userinfo).
const MAX_ANSWER_BYTES: u64 = 256 * 1024;
/// Every call to the provider gives up after this long.
const TIMEOUT: Duration = Duration::from_secs(10);
/// The provider's keys are fetched again at least this often...
const JWKS_MAX_AGE: Duration = Duration::from_secs(3600);
/// ...and, for an unknown `kid`, at most once in this time.
const JWKS_REFETCH_MIN: Duration = Duration::from_secs(5);
/// A failed discovery (with `PACTUM_OIDC_OPTIONAL`) is retried at most this often.
const DISCOVERY_RETRY: Duration = Duration::from_secs(30);

/// The algorithms a provider may sign with: asymmetric only (never `none`, never HMAC).
const ACCEPTED_ALGS: &[Algorithm] = &[
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
];

/// What discovery says, checked.
#[derive(Debug, Clone)]
pub struct Metadata {
    pub issuer: String,
    pub authorization_endpoint: url::Url,
    pub token_endpoint: url::Url,
    pub jwks_uri: url::Url,
    pub userinfo_endpoint: Option<url::Url>,
    pub end_session_endpoint: Option<url::Url>,
}

#[derive(Deserialize)]
struct Discovery {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
    jwks_uri: String,
    userinfo_endpoint: Option<String>,
    end_session_endpoint: Option<String>,
}

struct KeyCache {
    keys: Vec<Jwk>,
    fetched: Option<Instant>,
    /// The last fetch an unknown `kid` caused: another waits `JWKS_REFETCH_MIN`.
    missed: Option<Instant>,
}

/// The ID token in the token endpoint's answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IdTokenField {
    pub id_token: Option<String>,
}
impl ExtraTokenFields for IdTokenField {}

type TokenAnswer = StandardTokenResponse<IdTokenField, BasicTokenType>;

type OidcClient = Client<
    BasicErrorResponse,
    TokenAnswer,
    StandardTokenIntrospectionResponse<IdTokenField, BasicTokenType>,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// What the code exchange gives.
#[derive(Debug, Clone)]
pub struct Tokens {
    pub id_token: String,
    pub access_token: String,
}

/// One authorization request, ready to send the browser to.
#[derive(Debug, Clone)]
pub struct Authorization {
    pub url: url::Url,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

/// The city's provider.
pub struct Provider {
    pub settings: Settings,
    resident_key: [u8; 32],
    http: ureq::Agent,
    meta: RwLock<Option<Arc<Metadata>>>,
    last_discovery: Mutex<Option<Instant>>,
    keys: Mutex<KeyCache>,
}

fn unavailable(what: &str, e: impl std::fmt::Display) -> Refused {
    Refused::new(Reason::Unavailable, format!("{what}: {e}"))
}

impl Provider {
    /// A provider not yet discovered; `secret` is the site's secret key, from which the
    /// key of resident-id hashes is derived.
    pub fn new(settings: Settings, secret: &[u8]) -> Provider {
        let http: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(TIMEOUT))
            .max_redirects(0)
            .http_status_as_error(false)
            .user_agent("Pactum")
            .build()
            .into();
        Provider {
            resident_key: hmac_sha256(secret, b"pactum oidc resident id"),
            settings,
            http,
            meta: RwLock::new(None),
            last_discovery: Mutex::new(None),
            keys: Mutex::new(KeyCache {
                keys: Vec::new(),
                fetched: None,
                missed: None,
            }),
        }
    }

    /// Runs blocking provider work off the async workers.
    pub async fn blocking<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&Provider) -> Result<T, Refused> + Send + 'static,
    ) -> Result<T, Refused> {
        let me = self.clone();
        actix_web::web::block(move || f(&me))
            .await
            .map_err(|e| unavailable("blocking task", e))?
    }

    fn get_json(&self, url: &url::Url, what: &str) -> Result<Value, Refused> {
        let mut res = self
            .http
            .get(url.as_str())
            .header("Accept", "application/json")
            .call()
            .map_err(|e| unavailable(what, e))?;
        if !res.status().is_success() {
            return Err(unavailable(what, format!("HTTP {}", res.status())));
        }
        let body = res
            .body_mut()
            .with_config()
            .limit(MAX_ANSWER_BYTES)
            .read_to_vec()
            .map_err(|e| unavailable(what, e))?;
        serde_json::from_slice(&body)
            .map_err(|e| Refused::new(Reason::Malformed, format!("{what}: not JSON ({e})")))
    }

    /// Reads and checks discovery, then the provider's keys. The error is one line.
    pub fn discover(&self) -> Result<Arc<Metadata>, Refused> {
        if let Ok(mut last) = self.last_discovery.lock() {
            *last = Some(Instant::now());
        }
        let configured = self.settings.issuer.as_str().trim_end_matches('/');
        let url = url::Url::parse(&format!("{configured}/.well-known/openid-configuration"))
            .map_err(|e| Refused::new(Reason::Malformed, e.to_string()))?;
        let doc = self.get_json(&url, url.as_str())?;
        let d: Discovery = serde_json::from_value(doc).map_err(|e| {
            Refused::new(
                Reason::Malformed,
                format!("{url}: not a provider configuration ({e})"),
            )
        })?;
        if d.issuer.trim_end_matches('/') != configured {
            return Err(Refused::new(
                Reason::Issuer,
                format!("{url} names the issuer {:?}, not {configured:?}", d.issuer),
            ));
        }
        let endpoint = |name: &str, v: &str| -> Result<url::Url, Refused> {
            url::Url::parse(v)
                .ok()
                .filter(settings::acceptable_url)
                .ok_or_else(|| {
                    Refused::new(
                        Reason::Malformed,
                        format!("{url}: {name} {v:?} is not an https URL"),
                    )
                })
        };
        let meta = Arc::new(Metadata {
            authorization_endpoint: endpoint("authorization_endpoint", &d.authorization_endpoint)?,
            token_endpoint: endpoint("token_endpoint", &d.token_endpoint)?,
            jwks_uri: endpoint("jwks_uri", &d.jwks_uri)?,
            userinfo_endpoint: d
                .userinfo_endpoint
                .as_deref()
                .map(|v| endpoint("userinfo_endpoint", v))
                .transpose()?,
            end_session_endpoint: d
                .end_session_endpoint
                .as_deref()
                .map(|v| endpoint("end_session_endpoint", v))
                .transpose()?,
            issuer: d.issuer,
        });
        self.fetch_keys(&meta)?;
        if let Ok(mut m) = self.meta.write() {
            *m = Some(meta.clone());
        }
        Ok(meta)
    }

    /// The provider's metadata: discovered at start, or now if that failed and a
    /// retry is due.
    pub fn metadata(&self) -> Result<Arc<Metadata>, Refused> {
        if let Some(m) = self.meta.read().ok().and_then(|m| m.clone()) {
            return Ok(m);
        }
        let due = self
            .last_discovery
            .lock()
            .map(|l| l.is_none_or(|t| t.elapsed() >= DISCOVERY_RETRY))
            .unwrap_or(true);
        if !due {
            return Err(unavailable("discovery", "failed recently; retrying later"));
        }
        self.discover()
    }

    fn fetch_keys(&self, meta: &Metadata) -> Result<(), Refused> {
        let doc = self.get_json(&meta.jwks_uri, "jwks_uri")?;
        let keys: Vec<Jwk> = doc
            .get("keys")
            .and_then(Value::as_array)
            .ok_or_else(|| Refused::new(Reason::Malformed, "jwks_uri: no keys"))?
            .iter()
            .take(100)
            // Keys of a kind Pactum cannot use (encryption keys, unknown types) are
            // skipped, not fatal.
            .filter_map(|k| serde_json::from_value::<Jwk>(k.clone()).ok())
            .filter(|k| {
                !matches!(
                    k.common.public_key_use,
                    Some(jsonwebtoken::jwk::PublicKeyUse::Encryption)
                )
            })
            .collect();
        if let Ok(mut cache) = self.keys.lock() {
            cache.keys = keys;
            cache.fetched = Some(Instant::now());
        }
        Ok(())
    }

    /// The key that signed a token with header `kid`/`alg`, fetching the keys again
    /// when they are old or the `kid` is unknown (at most every few seconds).
    fn key_for(&self, kid: Option<&str>, alg: Algorithm) -> Result<DecodingKey, Refused> {
        let family = |k: &Jwk| {
            DecodingKey::from_jwk(k)
                .ok()
                .filter(|_| jwk_fits(k, alg))
                .map(|d| (k.common.key_id.clone(), d))
        };
        let find = |keys: &[Jwk]| -> Option<DecodingKey> {
            let usable: Vec<(Option<String>, DecodingKey)> =
                keys.iter().filter_map(family).collect();
            match kid {
                Some(kid) => usable
                    .into_iter()
                    .find(|(k, _)| k.as_deref() == Some(kid))
                    .map(|(_, d)| d),
                // Without a kid, only an unambiguous key will do.
                None if usable.len() == 1 => usable.into_iter().next().map(|(_, d)| d),
                None => None,
            }
        };
        let (found, stale, may_refetch) = {
            let cache = self
                .keys
                .lock()
                .map_err(|_| unavailable("keys", "lock poisoned"))?;
            let age = cache.fetched.map(|t| t.elapsed());
            (
                find(&cache.keys),
                age.is_none_or(|a| a >= JWKS_MAX_AGE),
                cache.missed.is_none_or(|t| t.elapsed() >= JWKS_REFETCH_MIN),
            )
        };
        match found {
            Some(k) if !stale => return Ok(k),
            None if !may_refetch => {
                return Err(Refused::new(
                    Reason::UnknownKey,
                    format!("no key {kid:?} for {alg:?} (keys fetched moments ago)"),
                ));
            }
            None => {
                if let Ok(mut cache) = self.keys.lock() {
                    cache.missed = Some(Instant::now());
                }
            }
            Some(_) => {}
        }
        let refetched = self.metadata().and_then(|meta| self.fetch_keys(&meta));
        let cache = self
            .keys
            .lock()
            .map_err(|_| unavailable("keys", "lock poisoned"))?;
        match (find(&cache.keys), found, refetched) {
            (Some(k), _, _) => Ok(k),
            // Old keys still verify when the provider cannot be reached for new ones.
            (None, Some(k), Err(_)) => Ok(k),
            (None, _, Err(e)) => Err(e),
            (None, _, Ok(())) => Err(Refused::new(
                Reason::UnknownKey,
                format!("the provider publishes no key {kid:?} for {alg:?}"),
            )),
        }
    }

    /// Checks a JWT's signature against the provider's keys and gives its claims (the
    /// claims themselves are checked by the caller, `claims::check_*`).
    pub fn verify(&self, jwt: &str) -> Result<Value, Refused> {
        if jwt.len() > 64 * 1024 {
            return Err(Refused::new(Reason::Malformed, "token over 64 KiB"));
        }
        let header = jsonwebtoken::decode_header(jwt)
            .map_err(|e| Refused::new(Reason::Malformed, format!("not a JWT ({e})")))?;
        if !ACCEPTED_ALGS.contains(&header.alg) {
            return Err(Refused::new(
                Reason::BadSignature,
                format!("algorithm {:?} is not accepted", header.alg),
            ));
        }
        let key = self.key_for(header.kid.as_deref(), header.alg)?;
        let mut v = Validation::new(header.alg);
        v.validate_exp = false;
        v.validate_nbf = false;
        v.validate_aud = false;
        v.required_spec_claims.clear();
        jsonwebtoken::decode::<Value>(jwt, &key, &v)
            .map(|d| d.claims)
            .map_err(|e| Refused::new(Reason::BadSignature, format!("signature: {e}")))
    }

    /// A new authorization request for `redirect_uri`.
    pub fn authorize(&self, redirect_uri: &str, now: i64) -> Result<Authorization, Refused> {
        let meta = self.metadata()?;
        let client = self.client(&meta, redirect_uri)?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let nonce = crate::util::random_token();
        let state = CsrfToken::new_random();
        let mut req = client
            .authorize_url(|| state.clone())
            .add_scopes(self.settings.scopes.iter().cloned().map(Scope::new))
            .set_pkce_challenge(challenge.clone())
            .add_extra_param("nonce", nonce.clone());
        let acr = self.settings.acr_values.join(" ");
        if !acr.is_empty() {
            req = req.add_extra_param("acr_values", acr.clone());
        }
        if let Some(c) = &self.settings.claims {
            req = req.add_extra_param("claims", c.clone());
        }
        let (mut url, _) = req.url();
        if let (true, ClientAuth::Key(key)) = (self.settings.request_objects, &self.settings.auth) {
            // The request object carries every parameter; outside stay only those the
            // specifications ask to repeat (client_id, response_type, scope).
            let mut obj: serde_json::Map<String, Value> = url
                .query_pairs()
                .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
                .collect();
            if let Some(Value::String(c)) = obj.get("claims").cloned() {
                obj.insert(
                    "claims".into(),
                    serde_json::from_str(&c).unwrap_or(Value::Null),
                );
            }
            obj.insert("iss".into(), self.settings.client_id.clone().into());
            obj.insert("aud".into(), meta.issuer.clone().into());
            obj.insert("iat".into(), now.into());
            obj.insert("nbf".into(), now.into());
            obj.insert("exp".into(), (now + 300).into());
            obj.insert("jti".into(), crate::util::random_token().into());
            let jwt = key
                .sign(Some("oauth-authz-req+jwt"), &obj)
                .map_err(|e| unavailable("request object", e))?;
            let keep = ["client_id", "response_type", "scope"];
            let outside: Vec<(String, String)> = url
                .query_pairs()
                .filter(|(k, _)| keep.contains(&k.as_ref()))
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            url.query_pairs_mut()
                .clear()
                .extend_pairs(outside)
                .append_pair("request", &jwt);
        }
        Ok(Authorization {
            url,
            state: state.secret().clone(),
            nonce,
            pkce_verifier: verifier.secret().clone(),
        })
    }

    fn client(&self, meta: &Metadata, redirect_uri: &str) -> Result<OidcClient, Refused> {
        let redirect = RedirectUrl::new(redirect_uri.to_string())
            .map_err(|e| Refused::new(Reason::Malformed, e.to_string()))?;
        let auth = AuthUrl::from_url(meta.authorization_endpoint.clone());
        let token = TokenUrl::from_url(meta.token_endpoint.clone());
        let mut client = Client::new(ClientId::new(self.settings.client_id.clone()))
            .set_auth_uri(auth)
            .set_token_uri(token)
            .set_redirect_uri(redirect)
            .set_auth_type(oauth2::AuthType::BasicAuth);
        if let ClientAuth::Secret(s) = &self.settings.auth {
            client = client.set_client_secret(ClientSecret::new(s.clone()));
        }
        Ok(client)
    }

    /// Exchanges the code for tokens (PKCE verifier, client authentication).
    pub fn exchange(
        &self,
        code: &str,
        pkce_verifier: &str,
        redirect_uri: &str,
        now: i64,
    ) -> Result<Tokens, Refused> {
        let meta = self.metadata()?;
        let client = self.client(&meta, redirect_uri)?;
        let mut req = client
            .exchange_code(AuthorizationCode::new(code.to_string()))
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_string()));
        if let ClientAuth::Key(key) = &self.settings.auth {
            // RFC 7523 client assertion: the audience is the token endpoint.
            let assertion = key
                .sign(
                    None,
                    &serde_json::json!({
                        "iss": self.settings.client_id,
                        "sub": self.settings.client_id,
                        "aud": meta.token_endpoint.as_str(),
                        "jti": crate::util::random_token(),
                        "iat": now,
                        "exp": now + 60,
                    }),
                )
                .map_err(|e| unavailable("client assertion", e))?;
            req = req
                .add_extra_param(
                    "client_assertion_type",
                    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                )
                .add_extra_param("client_assertion", assertion);
        }
        let http = |r: oauth2::HttpRequest| self.send(r);
        let answer: TokenAnswer = req.request(&http).map_err(|e| match e {
            RequestTokenError::ServerResponse(r) => Refused::new(
                Reason::Code,
                format!(
                    "token endpoint: {} {}",
                    r.error().as_ref(),
                    r.error_description()
                        .map(String::as_str)
                        .unwrap_or_default()
                ),
            ),
            RequestTokenError::Parse(e, _) => {
                Refused::new(Reason::Malformed, format!("token endpoint: {e}"))
            }
            other => unavailable("token endpoint", other),
        })?;
        let id_token = answer
            .extra_fields()
            .id_token
            .clone()
            .ok_or_else(|| Refused::new(Reason::Malformed, "token endpoint: no id_token"))?;
        Ok(Tokens {
            id_token,
            access_token: answer.access_token().secret().clone(),
        })
    }

    /// One HTTP exchange for the `oauth2` crate, through the same agent (no redirects,
    /// bounded answer).
    fn send(&self, r: oauth2::HttpRequest) -> Result<oauth2::HttpResponse, std::io::Error> {
        let io = |e: ureq::Error| std::io::Error::other(e.to_string());
        let mut res = self.http.run(r).map_err(io)?;
        let status = res.status();
        let headers = res.headers().clone();
        let body = res
            .body_mut()
            .with_config()
            .limit(MAX_ANSWER_BYTES)
            .read_to_vec()
            .map_err(io)?;
        let mut out = oauth2::HttpResponse::new(body);
        *out.status_mut() = status;
        *out.headers_mut() = headers;
        Ok(out)
    }

    /// The userinfo claims for an access token (JSON, or a signed JWT checked like an
    /// ID token's signature), which must be about `sub`. Without a userinfo endpoint:
    /// empty.
    pub fn userinfo(&self, access_token: &str, sub: &str) -> Result<Value, Refused> {
        let meta = self.metadata()?;
        let Some(endpoint) = &meta.userinfo_endpoint else {
            return Ok(Value::Object(Default::default()));
        };
        let mut res = self
            .http
            .get(endpoint.as_str())
            .header("Authorization", &format!("Bearer {access_token}"))
            .call()
            .map_err(|e| unavailable("userinfo", e))?;
        if !res.status().is_success() {
            return Err(unavailable("userinfo", format!("HTTP {}", res.status())));
        }
        let jwt = res
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/jwt"));
        let body = res
            .body_mut()
            .with_config()
            .limit(MAX_ANSWER_BYTES)
            .read_to_vec()
            .map_err(|e| unavailable("userinfo", e))?;
        let claims = if jwt {
            let text = String::from_utf8(body)
                .map_err(|_| Refused::new(Reason::Malformed, "userinfo: not text"))?;
            self.verify(text.trim())?
        } else {
            serde_json::from_slice(&body)
                .map_err(|e| Refused::new(Reason::Malformed, format!("userinfo: not JSON ({e})")))?
        };
        if claims.get("sub").and_then(Value::as_str) != Some(sub) {
            return Err(Refused::new(
                Reason::Malformed,
                "userinfo is about another sub",
            ));
        }
        Ok(claims)
    }

    /// Where to send the browser to end the provider's session too (RP-initiated
    /// logout), if the provider has an end-session endpoint.
    pub fn end_session_url(
        &self,
        id_token_hint: &str,
        post_logout_redirect: &str,
    ) -> Option<url::Url> {
        let meta = self.meta.read().ok()?.clone()?;
        let mut url = meta.end_session_endpoint.clone()?;
        url.query_pairs_mut()
            .append_pair("id_token_hint", id_token_hint)
            .append_pair("client_id", &self.settings.client_id)
            .append_pair("post_logout_redirect_uri", post_logout_redirect);
        Some(url)
    }

    /// The issuer as the provider names itself (for `iss` checks), once discovered.
    pub fn issuer(&self) -> Result<String, Refused> {
        Ok(self.metadata()?.issuer.clone())
    }

    /// The keyed hash Pactum keeps instead of a resident id (a tax code, say).
    pub fn resident_hash(&self, value: &str) -> String {
        crate::util::hex_encode(&hmac_sha256(&self.resident_key, value.as_bytes()))
    }

    /// Pactum's public keys for `/oidc/jwks.json`, when it authenticates with a key.
    pub fn client_jwks(&self) -> Option<Value> {
        match &self.settings.auth {
            ClientAuth::Key(k) => Some(k.jwks()),
            ClientAuth::Secret(_) => None,
        }
    }

    /// The origin of the provider's endpoints a browser is sent to (for the CSP's
    /// `form-action`, as a form's answer redirects there).
    pub fn browser_origins(&self) -> Vec<String> {
        let mut out = vec![self.settings.issuer.origin().ascii_serialization()];
        if let Some(m) = self.meta.read().ok().and_then(|m| m.clone()) {
            for u in [
                Some(&m.authorization_endpoint),
                m.end_session_endpoint.as_ref(),
            ]
            .into_iter()
            .flatten()
            {
                let o = u.origin().ascii_serialization();
                if !out.contains(&o) {
                    out.push(o);
                }
            }
        }
        out
    }
}

/// Whether a provider key can verify `alg` (its type, and its `alg` when it names one).
fn jwk_fits(k: &Jwk, alg: Algorithm) -> bool {
    use jsonwebtoken::jwk::AlgorithmParameters as P;
    let family_ok = matches!(
        (&k.algorithm, alg),
        (
            P::RSA(_),
            Algorithm::RS256
                | Algorithm::RS384
                | Algorithm::RS512
                | Algorithm::PS256
                | Algorithm::PS384
                | Algorithm::PS512
        ) | (P::EllipticCurve(_), Algorithm::ES256 | Algorithm::ES384)
            | (P::OctetKeyPair(_), Algorithm::EdDSA)
    );
    let alg_ok = k
        .common
        .key_algorithm
        .is_none_or(|ka| ka.to_string() == format!("{alg:?}"));
    family_ok && alg_ok
}

/// HMAC-SHA-256 (RFC 2104).
pub fn hmac_sha256(key: &[u8], msg: &[u8]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut k = [0u8; 64];
    if key.len() > 64 {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(k.map(|b| b ^ 0x36));
    inner.update(msg);
    let mut outer = Sha256::new();
    outer.update(k.map(|b| b ^ 0x5c));
    outer.update(inner.finalize());
    outer.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231() {
        // Test case 2.
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(
            crate::util::hex_encode(&mac),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // Test case 6: a key longer than the block.
        let mac = hmac_sha256(
            &[0xaa; 131],
            b"Test Using Larger Than Block-Size Key - Hash Key First",
        );
        assert_eq!(
            crate::util::hex_encode(&mac),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }
}
