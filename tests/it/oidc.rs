//! Signing in with the city's identity provider, against a real OpenID Connect
//! provider: `tests/oidc/provider.mjs` (oidc-provider, OpenID Certified) run by Node on
//! a loopback port, one per test. Two configurations: `private_key_jwt` with PKCE,
//! signed request objects, levels of assurance and a resident id; and
//! `client_secret_basic`. The provider's pages are driven with plain form posts.
//!
//! Without Node and `tests/oidc/node_modules` the tests say so and pass, except under
//! CI (`CI` set), where they fail: tests/run-all.sh and .ci/run install them.

use crate::support::in_tx;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

use actix_web::http::StatusCode;
use pactum::accounts::Role;
use serde_json::{Value, json};

use crate::client;
use crate::support::{PASSWORD, TestApp};

pub const CLIENT_KEY: &str = include_str!("../data/oidc/client-rsa.pem");
const BASIC_SECRET: &str = "a-client-secret-of-the-basic-configuration-0123456789";
const FISCAL_CODE: &str = "TINIT-RSSALC80A01H501U";

/// The provider process, and a user agent for its pages (cookies, no redirects).
pub struct Op {
    child: Child,
    pub issuer: String,
    agent: ureq::Agent,
    cookies: HashMap<String, String>,
}

impl Drop for Op {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn accounts() -> Value {
    json!({
        "alice": {"password": "alice-pw", "acr": "substantial", "claims": {
            "email": "alice@example.org", "email_verified": true, "name": "Alice Rossi",
            "fiscal_number": FISCAL_CODE, "groups": ["city-staff"]}},
        "bob": {"password": "bob-pw", "acr": "low", "claims": {
            "email": "bob@example.org", "email_verified": true, "name": "Bob Low",
            "fiscal_number": "TINIT-BOBLOW80A01H501U"}},
        "carol": {"password": "carol-pw", "acr": "high", "claims": {
            "email": "carol@example.org", "email_verified": true, "name": "Carol Existing",
            "fiscal_number": "TINIT-CRLEXS80A01H501U"}},
    })
}

fn client_metadata(base: &str) -> Value {
    let base = base.trim_end_matches('/');
    let key = pactum::oidc::keys::ClientKey::from_pem(CLIENT_KEY).unwrap();
    let common = json!({
        "redirect_uris": [format!("{base}/oidc/callback")],
        "post_logout_redirect_uris": [format!("{base}/")],
        "backchannel_logout_uri": format!("{base}/oidc/backchannel-logout"),
        "backchannel_logout_session_required": true,
        "grant_types": ["authorization_code"],
        "response_types": ["code"],
    });
    let mut jwt = common.clone();
    jwt["client_id"] = json!("pactum-jwt");
    jwt["token_endpoint_auth_method"] = json!("private_key_jwt");
    jwt["token_endpoint_auth_signing_alg"] = json!("RS256");
    jwt["require_signed_request_object"] = json!(true);
    jwt["request_object_signing_alg"] = json!("RS256");
    jwt["jwks"] = key.jwks();
    let mut basic = common;
    basic["client_id"] = json!("pactum-basic");
    basic["client_secret"] = json!(BASIC_SECRET);
    basic["token_endpoint_auth_method"] = json!("client_secret_basic");
    json!([jwt, basic])
}

/// Starts the provider, or `None` (after saying why) when Node or its packages are
/// missing outside CI.
pub fn start_provider(base: &str) -> Option<Op> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let script = root.join("tests/oidc/provider.mjs");
    let installed = root.join("tests/oidc/node_modules/oidc-provider/package.json");
    let node = Command::new("node").arg("--version").output().is_ok();
    if !installed.exists() || !node {
        assert!(
            std::env::var_os("CI").is_none(),
            "the OpenID Connect tests need node and `npm ci --prefix tests/oidc`"
        );
        eprintln!("skipped: needs node and `npm ci --prefix tests/oidc`");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("provider.json");
    std::fs::write(
        &config,
        json!({"port": 0, "clients": client_metadata(base), "accounts": accounts(),
               "acrValues": ["low", "substantial", "high"]})
        .to_string(),
    )
    .unwrap();
    let mut child = Command::new("node")
        .arg(&script)
        .arg(&config)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start node");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let issuer = line
        .trim()
        .strip_prefix("ready ")
        .unwrap_or_else(|| panic!("provider did not start: {line:?}"))
        .to_string();
    // Kept open: the provider exits when its stdin closes (when the test ends).
    let _ = child.stdin.as_mut().map(|s| s.flush());
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .into();
    Some(Op {
        child,
        issuer,
        agent,
        cookies: HashMap::new(),
    })
}

impl Op {
    pub fn control(&self, path: &str, body: Value) -> Value {
        let mut res = self
            .agent
            .post(&format!("{}/__test/{path}", self.issuer))
            .header("content-type", "application/json")
            .send(body.to_string())
            .unwrap();
        assert!(
            res.status().is_success(),
            "control {path}: {}",
            res.status()
        );
        let text = res.body_mut().read_to_string().unwrap_or_default();
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    fn remember(&mut self, res: &ureq::http::Response<ureq::Body>) {
        for v in res.headers().get_all("set-cookie") {
            let v = v.to_str().unwrap_or_default();
            let pair = v.split(';').next().unwrap_or_default();
            if let Some((k, val)) = pair.split_once('=') {
                let expired = v.to_ascii_lowercase().contains("expires=thu, 01 jan 1970");
                if val.is_empty() || expired {
                    self.cookies.remove(k);
                } else {
                    self.cookies.insert(k.to_string(), val.to_string());
                }
            }
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn absolute(&self, current: &str, location: &str) -> String {
        url::Url::parse(current)
            .and_then(|u| u.join(location))
            .map(|u| u.to_string())
            .unwrap_or_else(|_| location.to_string())
    }

    /// Follows the provider's pages from `start` (the authorization URL), signing in
    /// as `login` on its login page, until it sends the browser back to Pactum; gives
    /// that path (with its query).
    fn sign_in(&mut self, start: &str, login: &str, password: &str, base: &str) -> String {
        let mut url = start.to_string();
        for _ in 0..20 {
            let mut res = self
                .agent
                .get(&url)
                .header("cookie", &self.cookie_header())
                .call()
                .unwrap();
            self.remember(&res);
            if res.status().is_redirection() {
                let loc = res.headers()["location"].to_str().unwrap().to_string();
                let next = self.absolute(&url, &loc);
                if let Some(path) = next.strip_prefix(base) {
                    return path.to_string();
                }
                url = next;
                continue;
            }
            let body = res.body_mut().read_to_string().unwrap();
            assert_eq!(res.status(), 200, "provider page {url}: {body}");
            let doc = scraper::Html::parse_document(&body);
            let sel = scraper::Selector::parse("form[action$='/login']").unwrap();
            let action = doc
                .select(&sel)
                .next()
                .and_then(|f| f.value().attr("action"))
                .unwrap_or_else(|| panic!("no login form at {url}: {body}"))
                .to_string();
            let target = self.absolute(&url, &action);
            let res = self
                .agent
                .post(&target)
                .header("cookie", &self.cookie_header())
                .send_form([("login", login), ("password", password)])
                .unwrap();
            self.remember(&res);
            assert!(
                res.status().is_redirection(),
                "login as {login} refused: {}",
                res.status()
            );
            let loc = res.headers()["location"].to_str().unwrap().to_string();
            url = self.absolute(&target, &loc);
        }
        panic!("the provider never sent the browser back");
    }
}

/// Which of the two client configurations.
#[derive(Clone, Copy, PartialEq)]
enum Setup {
    /// private_key_jwt, PKCE, signed request objects, acr, resident id, offices.
    Jwt,
    /// client_secret_basic, nothing else.
    Basic,
}

/// An app wired to the provider.
fn app_with(op: &Op, setup: Setup, extra: &[(&str, &str)]) -> TestApp {
    let mut app = TestApp::new();
    let mut vars: HashMap<String, String> = HashMap::new();
    vars.insert("PACTUM_OIDC_ISSUER".into(), op.issuer.clone());
    vars.insert("PACTUM_OIDC_NAME".into(), "CityID".into());
    match setup {
        Setup::Jwt => {
            vars.insert("PACTUM_OIDC_CLIENT_ID".into(), "pactum-jwt".into());
            vars.insert("PACTUM_OIDC_CLIENT_KEY".into(), CLIENT_KEY.into());
            vars.insert("PACTUM_OIDC_REQUEST_OBJECTS".into(), "true".into());
            vars.insert(
                "PACTUM_OIDC_SCOPES".into(),
                "openid email profile resident groups".into(),
            );
            vars.insert("PACTUM_OIDC_ACR_VALUES".into(), "substantial high".into());
            vars.insert("PACTUM_OIDC_RESIDENT_CLAIM".into(), "fiscal_number".into());
            vars.insert("PACTUM_OIDC_VERIFIED_RESIDENTS".into(), "true".into());
        }
        Setup::Basic => {
            vars.insert("PACTUM_OIDC_CLIENT_ID".into(), "pactum-basic".into());
            vars.insert("PACTUM_OIDC_CLIENT_SECRET".into(), BASIC_SECRET.into());
        }
    }
    for (k, v) in extra {
        vars.insert(k.to_string(), v.to_string());
    }
    let settings = pactum::oidc::settings::from_map(&vars).unwrap().unwrap();
    let provider = pactum::oidc::Provider::new(settings, &[7u8; 64]);
    provider.discover().unwrap();
    app.state.ports.oidc = Some(Arc::new(provider));
    app
}

fn base(app: &TestApp) -> String {
    app.base()
}

/// Where a test app answers (the default base URL), for the provider's redirect URIs.
const TEST_BASE: &str = "http://127.0.0.1:8080";

/// The provider office settings of the role-claim tests.
const OFFICES: [(&str, &str); 2] = [
    ("PACTUM_OIDC_OFFICE_CLAIM", "groups"),
    ("PACTUM_OIDC_OFFICES", "city-staff=green-areas"),
];

/// A provider and an app wired to it, or the end of the test (skipped) without Node.
macro_rules! provider_and_app {
    ($setup:expr, $extra:expr) => {{
        let Some(op) = start_provider(TEST_BASE) else {
            return;
        };
        let app = app_with(&op, $setup, $extra);
        (op, app)
    }};
}

/// The query parameters of a URL.
fn query_of(url: &str) -> HashMap<String, String> {
    url::Url::parse(url)
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect()
}

/// The claims of the signed request object an authorization URL carries.
fn request_object(url: &str) -> Value {
    jsonwebtoken::dangerous::insecure_decode::<Value>(&query_of(url)["request"])
        .unwrap()
        .claims
}

fn uid_of(app: &TestApp, email: &str) -> i64 {
    let mut conn = app.state.db.get().unwrap();
    pactum::accounts::api::person_by_email(&mut conn, email)
        .unwrap()
        .unwrap()
}

fn first_identity(app: &TestApp) -> i64 {
    use diesel::prelude::*;
    use pactum::db::schema::user_identities;
    let mut conn = app.state.db.get().unwrap();
    user_identities::table
        .select(user_identities::id)
        .first(&mut *conn)
        .unwrap()
}

/// The whole sign-in: the button, the provider's login, the callback. Gives the
/// callback's answer.
macro_rules! provider_sign_in {
    ($c:expr, $op:expr, $app:expr, $login:expr, $pw:expr) => {{
        let start = $c.get("/signin/oidc").await;
        assert_eq!(start.status, StatusCode::SEE_OTHER, "{}", start.body);
        let back = $op.sign_in(&start.location(), $login, $pw, &base(&$app));
        $c.get(&back).await
    }};
}

#[actix_web::test]
async fn a_new_resident_signs_in_with_one_click_gets_an_account_and_signs_out_at_the_provider() {
    let (mut op, app) = provider_and_app!(Setup::Jwt, &[]);
    let mut c = client!(app);
    let signin = c.get("/signin").await;
    assert!(signin.body.contains("Sign in with CityID"), "the button");
    // The authorization request: a signed request object with PKCE and the levels.
    let start = c.get("/signin/oidc").await;
    let q = query_of(&start.location());
    assert_eq!(q["client_id"], "pactum-jwt");
    assert!(
        !q.contains_key("state"),
        "parameters travel inside the request object"
    );
    let request = request_object(&start.location());
    assert_eq!(request["code_challenge_method"], "S256");
    assert_eq!(request["acr_values"], "substantial high");
    assert_eq!(request["aud"], op.issuer.as_str());
    assert!(request["nonce"].as_str().is_some_and(|n| n.len() >= 32));

    let back = op.sign_in(start.location().as_str(), "alice", "alice-pw", &base(&app));
    let p = c.get(&back).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    assert_eq!(p.location(), "/account");
    let account = c.get("/account").await;
    assert_eq!(account.status, StatusCode::OK);
    assert!(account.body.contains("alice@example.org"));
    assert!(account.body.contains("Linked to CityID"));
    assert!(account.body.contains("Verified resident."));
    // A verified e-mail: the citizen role, like any verified person.
    let uid = uid_of(&app, "alice@example.org");
    assert_eq!(app.count("users WHERE email_verified_at IS NOT NULL"), 1);
    let roles = {
        let mut conn = app.state.db.get().unwrap();
        pactum::accounts::models::roles_of(&mut conn, uid).unwrap()
    };
    assert_eq!(roles, [Role::Citizen]);
    // The tax code is kept only as a keyed hash.
    assert_eq!(app.count("user_identities"), 1);
    assert_eq!(
        app.count(&format!(
            "user_identities WHERE subject = '{FISCAL_CODE}' OR subject = 'alice'"
        )),
        0
    );
    assert_eq!(app.count("users WHERE password_hash IS NULL"), 1);

    // Signing out ends the session here and sends the browser to end it there.
    let out = c.post("/signout", &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    let end = url::Url::parse(&out.location()).unwrap();
    assert!(end.as_str().starts_with(&op.issuer), "{end}");
    let q: HashMap<String, String> = end.query_pairs().into_owned().collect();
    assert_eq!(q["post_logout_redirect_uri"], format!("{}/", base(&app)));
    assert!(q["id_token_hint"].split('.').count() == 3);
    let after = c.get("/account").await;
    assert!(after.location().starts_with("/signin"));
    assert_eq!(
        app.count("oidc_sessions"),
        0,
        "its row went with the session"
    );

    // The next sign-in finds the same account.
    let again = provider_sign_in!(c, op, app, "alice", "alice-pw");
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);
    assert_eq!(app.count("users"), 1);
}

#[actix_web::test]
async fn a_client_with_a_shared_secret_signs_in_too() {
    let (mut op, app) = provider_and_app!(Setup::Basic, &[]);
    let mut c = client!(app);
    let start = c.get("/signin/oidc").await;
    let q = query_of(&start.location());
    assert!(q.contains_key("state") && q.contains_key("nonce") && q.contains_key("code_challenge"));
    assert!(!q.contains_key("request"));
    let back = op.sign_in(&start.location(), "bob", "bob-pw", &base(&app));
    let p = c.get(&back).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let account = c.get("/account").await;
    assert!(account.body.contains("bob@example.org"));
    // Without a resident claim the identity is the provider's `sub`.
    assert_eq!(app.count("user_identities WHERE subject = 'bob'"), 1);
}

fn refused_for(p: &crate::support::Page, reason: &str) {
    assert_eq!(p.status, StatusCode::BAD_REQUEST, "{}", p.body);
    assert!(p.body.contains("Sign-in not completed"), "{}", p.body);
    let expected = match reason {
        "state" => "already used, has expired",
        "nonce" => "does not belong to this sign-in",
        "expired" => "has expired",
        "unknown-key" => "does not publish",
        "acr" => "lower level of assurance",
        "code" => "no longer accepts this sign-in",
        "audience" => "meant for another service",
        other => other,
    };
    assert!(p.body.contains(expected), "{reason}: {}", p.body);
}

#[actix_web::test]
async fn a_wrong_or_used_state_and_a_replayed_code_are_refused() {
    let (mut op, app) = provider_and_app!(Setup::Jwt, &[]);
    let mut c = client!(app);
    let start = c.get("/signin/oidc").await;
    let back = op.sign_in(&start.location(), "alice", "alice-pw", &base(&app));
    // Another browser (no cookie session) cannot use it.
    let mut stranger = client!(app);
    refused_for(&stranger.get(&back).await, "state");
    // A changed state is refused.
    let u = url::Url::parse(&format!("{}{back}", base(&app))).unwrap();
    let q: HashMap<String, String> = u.query_pairs().into_owned().collect();
    let code = q["code"].clone();
    refused_for(
        &c.get(&format!("/oidc/callback?code={code}&state=forged"))
            .await,
        "state",
    );
    // The right browser: signed in once; the same callback again is refused.
    let ok = c.get(&back).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    c.post("/signout", &[]).await;
    refused_for(&c.get(&back).await, "state");
    // A fresh sign-in's state with the old code: the provider refuses the code.
    let start = c.get("/signin/oidc").await;
    let request = request_object(&start.location());
    let state = request["state"].as_str().unwrap();
    refused_for(
        &c.get(&format!("/oidc/callback?code={code}&state={state}"))
            .await,
        "code",
    );
    // The provider's own refusal (error=access_denied) is a clear page too.
    let start = c.get("/signin/oidc").await;
    let request = request_object(&start.location());
    let denied = c
        .get(&format!(
            "/oidc/callback?error=access_denied&state={}",
            request["state"].as_str().unwrap()
        ))
        .await;
    assert_eq!(denied.status, StatusCode::BAD_REQUEST);
    assert!(denied.body.contains("did not confirm your identity"));
    // Garbage never gives a 500.
    for q in [
        "",
        "?state=",
        "?code=x",
        "?state=%FF%FE",
        "?error=x&state=y",
    ] {
        let p = c.get(&format!("/oidc/callback{q}")).await;
        assert_eq!(p.status, StatusCode::BAD_REQUEST, "{q}: {}", p.body);
    }
    assert_eq!(app.count("sessions"), 0);
}

#[actix_web::test]
async fn tampered_expired_foreign_or_weak_id_tokens_are_refused() {
    let (mut op, app) = provider_and_app!(Setup::Jwt, &[]);
    let now = chrono::Utc::now().timestamp();
    let cases: Vec<(Value, &str)> = vec![
        (json!({"set": {"nonce": "not-the-nonce"}}), "nonce"),
        (
            json!({"set": {"exp": now - 3600, "iat": now - 4000}}),
            "expired",
        ),
        (json!({"key": "unknown"}), "unknown-key"),
        (json!({"set": {"aud": "someone-else"}}), "audience"),
        (json!({"set": {"acr": "low"}}), "acr"),
    ];
    for (tamper, reason) in cases {
        let mut c = client!(app);
        let start = c.get("/signin/oidc").await;
        op.control("tamper", tamper);
        let back = op.sign_in(&start.location(), "alice", "alice-pw", &base(&app));
        refused_for(&c.get(&back).await, reason);
        // A new browser session at the provider for the next case.
        op.cookies.clear();
    }
    // A person whose provider sign-in is weaker than the city asks.
    let mut c = client!(app);
    refused_for(&provider_sign_in!(c, op, app, "bob", "bob-pw"), "acr");
    assert_eq!(app.count("users"), 0, "no account from a refused sign-in");
    assert_eq!(app.count("sessions"), 0);
}

#[actix_web::test]
async fn a_rotated_provider_key_is_fetched_and_trusted() {
    let (mut op, app) = provider_and_app!(Setup::Jwt, &[]);
    let mut c = client!(app);
    let first = provider_sign_in!(c, op, app, "alice", "alice-pw");
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    c.post("/signout", &[]).await;
    let kid = op.control("rotate", json!({}))["kid"]
        .as_str()
        .unwrap()
        .to_string();
    let second = provider_sign_in!(c, op, app, "alice", "alice-pw");
    assert_eq!(second.status, StatusCode::SEE_OTHER, "{}", second.body);
    let token: String = {
        use diesel::prelude::*;
        use pactum::db::schema::oidc_sessions;
        let mut conn = app.state.db.get().unwrap();
        oidc_sessions::table
            .select(oidc_sessions::id_token)
            .first(&mut *conn)
            .unwrap()
    };
    let header = jsonwebtoken::decode_header(&token).unwrap();
    assert_eq!(
        header.kid.as_deref(),
        Some(kid.as_str()),
        "signed by the new key"
    );
}

#[actix_web::test]
async fn an_existing_account_is_linked_only_with_its_password_then_unlinked() {
    let (mut op, app) = provider_and_app!(Setup::Jwt, &[]);
    let carol = app.user("carol@example.org", "Carol Existing", &[]);
    let mut c = client!(app);
    let p = provider_sign_in!(c, op, app, "carol", "carol-pw");
    assert_eq!(p.location(), "/signin/oidc/link", "{}", p.body);
    let form = c.get("/signin/oidc/link").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("carol@example.org"));
    assert_eq!(app.count("user_identities"), 0, "never linked silently");
    assert_eq!(app.count("sessions"), 0, "and not signed in");
    // A wrong password links nothing.
    let wrong = c.post("/signin/oidc/link", &[("password", "not-it")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("error-summary"));
    assert_eq!(app.count("user_identities"), 0);
    // Another browser cannot finish it.
    let mut other = client!(app);
    let o = other
        .post("/signin/oidc/link", &[("password", PASSWORD)])
        .await;
    assert_eq!(o.status, StatusCode::BAD_REQUEST);
    // The right password links and signs in.
    let ok = c.post("/signin/oidc/link", &[("password", PASSWORD)]).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    assert_eq!(
        app.count(&format!("user_identities WHERE user_id = {carol}")),
        1
    );
    let account = c.get("/account").await;
    assert!(account.body.contains("Linked to CityID"));
    // Next time: one click.
    c.post("/signout", &[]).await;
    let again = provider_sign_in!(c, op, app, "carol", "carol-pw");
    assert_eq!(again.location(), "/account", "{}", again.body);
    assert_eq!(app.count("users"), 1);

    // Carol has a password, so the link may go; a stranger's id is not found.
    let id = first_identity(&app);
    let mut stranger = client!(app);
    app.user("stranger@example.org", "Stranger", &[]);
    stranger.sign_in("stranger@example.org").await;
    let s = stranger
        .post(&format!("/account/identities/{id}/unlink"), &[])
        .await;
    assert_eq!(s.status, StatusCode::NOT_FOUND);
    let account = c.get("/account").await;
    assert!(account.body.contains("Unlink CityID"));
    let u = c
        .post(&format!("/account/identities/{id}/unlink"), &[])
        .await;
    assert_eq!(u.status, StatusCode::SEE_OTHER);
    assert_eq!(app.count("user_identities"), 0);
}

#[actix_web::test]
async fn the_last_way_to_sign_in_cannot_be_unlinked_and_linking_from_the_account_works() {
    let (mut op, app) = provider_and_app!(Setup::Jwt, &[]);
    let mut c = client!(app);
    provider_sign_in!(c, op, app, "alice", "alice-pw");
    let account = c.get("/account").await;
    assert!(!account.body.contains("Unlink CityID"));
    assert!(account.body.contains("only way to sign in"));
    assert!(account.body.contains("Your account has no password"));
    assert!(!account.body.contains("action=\"/account/password\""));
    let id = first_identity(&app);
    let u = c
        .post(&format!("/account/identities/{id}/unlink"), &[])
        .await;
    assert_eq!(u.status, StatusCode::CONFLICT);
    assert_eq!(app.count("user_identities"), 1);

    // A password account links the provider from its account page.
    app.user("dora@example.org", "Dora", &[]);
    let mut d = client!(app);
    d.sign_in("dora@example.org").await;
    let page = d.get("/account").await;
    assert!(page.body.contains("Link CityID"));
    op.cookies.clear();
    let start = d.post("/account/identities", &[]).await;
    assert_eq!(start.status, StatusCode::SEE_OTHER);
    // Bob's provider identity (weaker acr) is refused; Carol's is taken by nobody.
    let back = op.sign_in(&start.location(), "carol", "carol-pw", &base(&app));
    let linked = d.get(&back).await;
    assert_eq!(linked.location(), "/account", "{}", linked.body);
    let dora = uid_of(&app, "dora@example.org");
    assert_eq!(
        app.count(&format!("user_identities WHERE user_id = {dora}")),
        1
    );
    // Alice's identity cannot be linked to Dora's account too.
    op.cookies.clear();
    let start = d.post("/account/identities", &[]).await;
    let back = op.sign_in(&start.location(), "alice", "alice-pw", &base(&app));
    let taken = d.get(&back).await;
    assert_eq!(taken.status, StatusCode::CONFLICT);
}

#[actix_web::test]
async fn the_office_claim_makes_an_official_and_its_absence_unmakes_one_on_the_ledger() {
    let (mut op, app) = provider_and_app!(Setup::Jwt, &OFFICES);
    let green = crate::builders::OfficeBuilder::new("Green areas").build(&app);
    let mut c = client!(app);
    provider_sign_in!(c, op, app, "alice", "alice-pw");
    let uid = uid_of(&app, "alice@example.org");
    assert_eq!(
        app.count(&format!(
            "office_members WHERE user_id = {uid} AND office_id = {green}"
        )),
        1
    );
    assert_eq!(
        app.count(&format!(
            "role_audit WHERE target_user_id = {uid} AND role = 'official' AND action = 'grant'"
        )),
        1
    );
    assert_eq!(app.count("ledger_entries WHERE kind = 'role.granted'"), 1);
    assert_eq!(c.get("/official").await.status, StatusCode::OK);

    // The group is gone at the provider: the next sign-in takes the office back.
    c.post("/signout", &[]).await;
    op.control(
        "claims",
        json!({"account": "alice", "claims": {"email": "alice@example.org",
               "email_verified": true, "name": "Alice Rossi",
               "fiscal_number": FISCAL_CODE, "groups": []}}),
    );
    provider_sign_in!(c, op, app, "alice", "alice-pw");
    assert_eq!(
        app.count(&format!("office_members WHERE user_id = {uid}")),
        0
    );
    assert_eq!(
        app.count(&format!(
            "role_audit WHERE target_user_id = {uid} AND role = 'official' AND action = 'revoke'"
        )),
        1
    );
    assert_eq!(app.count("ledger_entries WHERE kind = 'role.revoked'"), 1);
    assert_eq!(c.get("/official").await.status, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn an_admin_granted_official_keeps_the_role_when_the_claim_goes() {
    let (mut op, app) = provider_and_app!(Setup::Jwt, &OFFICES);
    let green = crate::builders::OfficeBuilder::new("Green areas").build(&app);
    let heritage = crate::builders::OfficeBuilder::new("Heritage").build(&app);
    // Alice already works at Heritage, made official by an administrator.
    let uid = app.user("alice@example.org", "Alice Rossi", &[Role::Official]);
    {
        let mut conn = app.state.db.get().unwrap();
        in_tx(&mut conn, |cx| {
            pactum::accounts::admin::assign_official_unchecked(cx, None, heritage, uid)
        })
        .unwrap();
    }
    let mut c = client!(app);
    let p = provider_sign_in!(c, op, app, "alice", "alice-pw");
    assert_eq!(p.location(), "/signin/oidc/link");
    c.post("/signin/oidc/link", &[("password", PASSWORD)]).await;
    assert_eq!(
        app.count(&format!("office_members WHERE user_id = {uid}")),
        2
    );
    c.post("/signout", &[]).await;
    op.control(
        "claims",
        json!({"account": "alice", "claims": {"email": "alice@example.org",
               "email_verified": true, "fiscal_number": FISCAL_CODE, "groups": []}}),
    );
    provider_sign_in!(c, op, app, "alice", "alice-pw");
    assert_eq!(
        app.count(&format!(
            "office_members WHERE user_id = {uid} AND office_id = {heritage}"
        )),
        1,
        "the administrator's office stays"
    );
    assert_eq!(
        app.count(&format!(
            "office_members WHERE user_id = {uid} AND office_id = {green}"
        )),
        0
    );
    assert_eq!(
        app.count("role_audit WHERE action = 'revoke'"),
        0,
        "the role stays"
    );
}

#[actix_web::test]
async fn back_channel_logout_ends_the_session_the_provider_names() {
    let (mut op, app) = provider_and_app!(Setup::Jwt, &[]);
    let mut c = client!(app);
    provider_sign_in!(c, op, app, "alice", "alice-pw");
    assert_eq!(c.get("/account").await.status, StatusCode::OK);
    let sid: String = {
        use diesel::prelude::*;
        use pactum::db::schema::oidc_sessions;
        let mut conn = app.state.db.get().unwrap();
        oidc_sessions::table
            .select(oidc_sessions::provider_sid)
            .first::<Option<String>>(&mut *conn)
            .unwrap()
            .expect("the ID token carries sid")
    };
    let mut provider_side = client!(app);
    // Not signed by the provider: refused, nothing ends.
    let forged = provider_side
        .post_raw("/oidc/backchannel-logout", &[("logout_token", "a.b.c")])
        .await;
    assert_eq!(forged.status, StatusCode::BAD_REQUEST);
    let other_client = op.control("logout-token", json!({"aud": "pactum-basic", "sid": sid}));
    let p = provider_side
        .post_raw(
            "/oidc/backchannel-logout",
            &[(
                "logout_token",
                other_client["logout_token"].as_str().unwrap(),
            )],
        )
        .await;
    assert_eq!(p.status, StatusCode::BAD_REQUEST, "for another client");
    assert_eq!(c.get("/account").await.status, StatusCode::OK);
    // The provider's real logout token, posted server to server (no cookie, no CSRF
    // token).
    let token = op.control("logout-token", json!({"aud": "pactum-jwt", "sid": sid}));
    let p = provider_side
        .post_raw(
            "/oidc/backchannel-logout",
            &[("logout_token", token["logout_token"].as_str().unwrap())],
        )
        .await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.body);
    assert_eq!(p.headers.get("cache-control").unwrap(), "no-store");
    assert!(c.get("/account").await.location().starts_with("/signin"));
    assert_eq!(app.count("sessions"), 0);
}

#[actix_web::test]
async fn pactum_publishes_only_the_public_half_of_its_client_key() {
    let (op, app) = provider_and_app!(Setup::Jwt, &[]);
    let mut c = client!(app);
    let p = c.get("/oidc/jwks.json").await;
    assert_eq!(p.status, StatusCode::OK);
    let jwks: Value = serde_json::from_str(&p.body).unwrap();
    let key = &jwks["keys"][0];
    assert_eq!(key["kty"], "RSA");
    assert!(key.get("d").is_none());
    // The CSP lets the sign-out form's answer go on to the provider, nowhere else.
    let csp = p
        .headers
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        csp.contains(&format!("form-action 'self' {}", op.issuer)),
        "{csp}"
    );
    // A secret client has no keys to publish.
    let basic = app_with(&op, Setup::Basic, &[]);
    let mut b = client!(basic);
    assert_eq!(b.get("/oidc/jwks.json").await.status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn without_any_oidc_variable_sign_in_is_by_password_only_as_before() {
    let app = TestApp::new();
    assert!(app.state.config.oidc.is_none());
    app.user("pat@example.org", "Pat", &[]);
    let mut c = client!(app);
    let signin = c.get("/signin").await;
    assert!(!signin.body.contains("/signin/oidc"));
    for path in [
        "/signin/oidc",
        "/oidc/callback?code=x&state=y",
        "/oidc/jwks.json",
        "/signin/oidc/link",
    ] {
        assert_eq!(c.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    let b = c
        .post_raw("/oidc/backchannel-logout", &[("logout_token", "x")])
        .await;
    assert_eq!(b.status, StatusCode::NOT_FOUND);
    let csp = signin
        .headers
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("form-action 'self';"), "{csp}");
    c.sign_in("pat@example.org").await;
    let account = c.get("/account").await;
    assert!(!account.body.contains("providers-heading"));
    assert_eq!(
        c.post("/account/identities", &[]).await.status,
        StatusCode::NOT_FOUND
    );
    let out = c.post("/signout", &[]).await;
    assert_eq!(out.location(), "/");
}

#[actix_web::test]
async fn an_account_without_a_password_is_erased_after_a_recent_provider_sign_in() {
    let (mut op, app) = provider_and_app!(Setup::Jwt, &[]);
    let mut c = client!(app);
    provider_sign_in!(c, op, app, "alice", "alice-pw");
    // An old session: the person must sign in again first.
    app.execute(if crate::support::on_postgres() {
        "UPDATE sessions SET created_at = created_at - INTERVAL '1 hour'"
    } else {
        "UPDATE sessions SET created_at = datetime(created_at, '-1 hour')"
    });
    let page = c.get("/account/delete").await;
    assert!(
        page.body.contains("sign in again with the city"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("name=\"password\""));
    let refused = c.post("/account/delete", &[]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("users WHERE deleted_at IS NULL"), 1);
    // Signed in moments ago: the sign-in is the confirmation.
    c.post("/signout", &[]).await;
    op.cookies.clear();
    provider_sign_in!(c, op, app, "alice", "alice-pw");
    let page = c.get("/account/delete").await;
    assert!(!page.body.contains("name=\"password\""));
    let done = c.post("/account/delete", &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(app.count("users WHERE deleted_at IS NULL"), 0);
    assert_eq!(
        app.count("user_identities"),
        0,
        "the link goes with the account"
    );
    assert_eq!(app.count("sessions"), 0);
    // Signing in again starts a new account, not the erased one.
    op.cookies.clear();
    provider_sign_in!(c, op, app, "alice", "alice-pw");
    assert_eq!(app.count("users WHERE deleted_at IS NULL"), 1);
}

#[actix_web::test]
async fn an_address_the_provider_has_not_verified_neither_links_nor_reveals_an_account() {
    let (mut op, app) = provider_and_app!(Setup::Basic, &[]);
    let pat = app.user("pat@example.org", "Pat", &[]);
    op.control(
        "claims",
        json!({"account": "bob", "claims": {"email": "pat@example.org",
               "email_verified": false, "name": "Not Pat"}}),
    );
    let mut c = client!(app);
    let p = provider_sign_in!(c, op, app, "bob", "bob-pw");
    assert_eq!(p.location(), "/account", "no link page: {}", p.body);
    assert_eq!(
        app.count(&format!("user_identities WHERE user_id = {pat}")),
        0
    );
    assert_eq!(
        app.count("users WHERE email IS NULL"),
        1,
        "a new account without it"
    );
    // A new address the provider has not verified is kept, unverified.
    op.control(
        "claims",
        json!({"account": "carol", "claims": {"email": "new@example.org",
               "email_verified": false}}),
    );
    let mut d = client!(app);
    op.cookies.clear();
    provider_sign_in!(d, op, app, "carol", "carol-pw");
    assert_eq!(
        app.count("users WHERE email = 'new@example.org' AND email_verified_at IS NULL"),
        1
    );
    assert_eq!(
        app.count(
            "user_roles r JOIN users u ON u.id = r.user_id WHERE u.email = 'new@example.org'"
        ),
        0,
        "no citizen role without a verified address"
    );
}

#[actix_web::test]
async fn the_button_and_the_refusals_speak_the_readers_language() {
    let (_op, app) = provider_and_app!(Setup::Basic, &[]);
    let mut c = client!(app);
    for (lang, button, refused) in [
        ("en", "Sign in with CityID", "Sign-in not completed"),
        ("it", "Entra con CityID", "Accesso non completato"),
        ("nl", "Aanmelden met CityID", "Aanmelden niet voltooid"),
        ("fr", "Se connecter avec CityID", "Connexion non aboutie"),
    ] {
        let req = |path: &str| {
            actix_web::test::TestRequest::get()
                .uri(path)
                .insert_header(("accept-language", lang))
        };
        let signin = c.send(req("/signin")).await;
        assert!(signin.body.contains(button), "{lang}: {}", signin.body);
        let p = c.send(req("/oidc/callback?state=forged")).await;
        assert_eq!(p.status, StatusCode::BAD_REQUEST);
        assert!(p.body.contains(refused), "{lang}: {}", p.body);
        assert!(p.body.contains(&format!("lang=\"{lang}\"")));
    }
}
