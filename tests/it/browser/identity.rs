//! Signing in with the city's identity provider in a real browser: the button on the
//! sign-in page, the provider's own login page (tests/oidc/provider.mjs), back to
//! Pactum signed in with a new account, and signing out at both ends through the
//! provider's confirmation page. The sign-out's redirect to the provider is what the
//! CSP's `form-action` must allow: Chromium enforces it on redirects.

use super::{Browser, Kind, Site, fits_a_phone, free_port};
use crate::oidc::{CLIENT_KEY, start_provider};

#[actix_web::test]
async fn a_resident_signs_in_through_the_providers_login_page_and_signs_out_at_both() {
    identity_journey(Kind::Desktop, "identity").await;
}

#[actix_web::test]
async fn a_resident_signs_in_with_the_provider_on_a_phone() {
    identity_journey(Kind::Phone, "identity-phone").await;
}

/// Takes a screenshot of a Pactum page, audits it with axe, and on a phone checks it
/// fits the screen.
async fn audit(b: &mut Browser, kind: Kind, name: &str) {
    b.shot(name).await;
    let violations = b.axe().await;
    assert!(violations.is_empty(), "{name}: {violations:#?}");
    if kind == Kind::Phone {
        let problems = fits_a_phone(b).await;
        assert!(problems.is_empty(), "{name}: {problems:#?}");
    }
}

async fn identity_journey(kind: Kind, name: &str) {
    let Some(mut b) = Browser::start_with(name, kind).await else {
        return;
    };
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let Some(op) = start_provider(&base) else {
        b.close().await;
        return;
    };
    let site = Site::start_with(
        port,
        &[
            ("PACTUM_OIDC_ISSUER", op.issuer.as_str()),
            ("PACTUM_OIDC_CLIENT_ID", "pactum-jwt"),
            ("PACTUM_OIDC_CLIENT_KEY", CLIENT_KEY),
            ("PACTUM_OIDC_REQUEST_OBJECTS", "true"),
            ("PACTUM_OIDC_SCOPES", "openid email profile resident"),
            ("PACTUM_OIDC_ACR_VALUES", "substantial high"),
            ("PACTUM_OIDC_RESIDENT_CLAIM", "fiscal_number"),
            ("PACTUM_OIDC_NAME", "CityID"),
        ],
    );
    b.goto(&format!("{}/signin", site.base)).await;
    audit(&mut b, kind, "signin").await;
    b.submit("main a[href^='/signin/oidc']").await;
    // The provider's login page.
    let url = b.client.current_url().await.expect("url");
    assert!(url.as_str().starts_with(&op.issuer), "{url}");
    b.shot("provider-login").await;
    b.fill("login", "alice").await;
    b.fill("password", "alice-pw").await;
    b.submit("form button[type=submit]").await;
    // Back at Pactum, signed in, with a new account.
    let start = std::time::Instant::now();
    while !b.path().await.starts_with("/account") {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(30),
            "not back at Pactum: {}",
            b.path().await
        );
        super::tokio_sleep(100).await;
    }
    b.says("signin-welcome").await;
    let body = b.body().await;
    assert!(body.contains("alice@example.org"), "{body}");
    assert!(body.contains("Linked to CityID"), "{body}");
    audit(&mut b, kind, "account").await;
    // Signing out: Pactum's session ends, the provider asks, and sends us home.
    b.submit("header form[action='/signout'] button").await;
    let url = b.client.current_url().await.expect("url");
    assert!(
        url.as_str().starts_with(&op.issuer),
        "at the provider: {url}"
    );
    b.shot("provider-logout").await;
    b.submit("button[name=logout][value=yes]").await;
    let start = std::time::Instant::now();
    while b.path().await != "/" {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(30),
            "not back home: {}",
            b.path().await
        );
        super::tokio_sleep(100).await;
    }
    b.goto(&format!("{}/account", site.base)).await;
    assert!(b.path().await.starts_with("/signin"), "signed out");

    // A refused answer is a clear page.
    b.goto(&format!("{}/oidc/callback?code=x&state=forged", site.base))
        .await;
    assert!(b.text_of("h1").await.contains("Sign-in not completed"));
    audit(&mut b, kind, "refused").await;

    // A demo citizen whose address the provider asserts: her password, once, links.
    op.control(
        "claims",
        serde_json::json!({"account": "carol", "claims": {
            "email": "marco.bianchi@demo.pactum.example.org", "email_verified": true,
            "name": "Marco Bianchi", "fiscal_number": "TINIT-BNCMRC80A01H501U"}}),
    );
    b.goto(&format!("{}/signin", site.base)).await;
    b.submit("main a[href^='/signin/oidc']").await;
    b.fill("login", "carol").await;
    b.fill("password", "carol-pw").await;
    b.submit("form button[type=submit]").await;
    let start = std::time::Instant::now();
    while b.path().await != "/signin/oidc/link" {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(30),
            "no link page: {}",
            b.path().await
        );
        super::tokio_sleep(100).await;
    }
    audit(&mut b, kind, "link").await;
    b.fill("password", "not-the-password").await;
    b.submit("main form button[type=submit]").await;
    assert!(b.text_of(".error-summary").await.contains("password"));
    audit(&mut b, kind, "link-wrong-password").await;
    b.fill("password", pactum::demo::DEMO_PASSWORD).await;
    b.submit("main form button[type=submit]").await;
    b.says("oidc-linked").await;
    // Marco reads Italian; with his password kept, the link may go again.
    b.find("form[action$='/unlink'] button").await;
    b.shot("linked").await;
    b.close().await;
}
