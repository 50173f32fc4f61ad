//! Sessions that really end, e-mail changes that can be undone, password checks that
//! are rate limited, sign-in limits that do not lock the owner out, and invitations
//! tied to the invited address (issue 11, items 7 to 11).

use actix_web::http::StatusCode;
use pactum::web::i18n::{Lang, catalog};

use crate::client;
use crate::support::{PASSWORD, TestApp};

const NEW_PASSWORD: &str = "a different and quite long phrase";

/// The page a replayed cookie gets: the sign-in redirect.
fn is_signed_out(status: StatusCode, location: &str) -> bool {
    status == StatusCode::SEE_OTHER && location.starts_with("/signin")
}

#[actix_web::test]
async fn a_cookie_copied_before_sign_out_is_refused_after_it() {
    let app = TestApp::new();
    app.user("anna@example.org", "Anna", &[]);
    let mut c = client!(app);
    c.sign_in("anna@example.org").await;
    assert_eq!(c.get("/account").await.status, StatusCode::OK);

    // Someone copies the cookie (and the page's CSRF token) before Anna signs out.
    let mut thief = client!(app);
    thief.cookies = c.cookies.clone();
    thief.csrf = c.csrf.clone();
    assert_eq!(thief.get("/account").await.status, StatusCode::OK);

    let out = c.post("/signout", &[]).await;
    assert_eq!(out.location(), "/");
    assert_eq!(app.count("sessions"), 0, "the session record is gone");

    let page = thief.get("/account").await;
    assert!(
        is_signed_out(page.status, &page.location()),
        "GET after sign-out"
    );
    let post = thief
        .post("/account", &[("name", "Mallory"), ("language", "en")])
        .await;
    assert!(
        is_signed_out(post.status, &post.location()),
        "POST after sign-out"
    );
    let mut anna = client!(app);
    anna.sign_in("anna@example.org").await;
    let name = anna.get("/account").await.attr("input[name=name]", "value");
    assert_eq!(name.as_deref(), Some("Anna"), "nothing was changed");
}

#[actix_web::test]
async fn sign_out_everywhere_ends_every_session_of_the_account() {
    let app = TestApp::new();
    app.user("anna@example.org", "Anna", &[]);
    app.user("bruno@example.org", "Bruno", &[]);
    let mut phone = client!(app);
    phone.sign_in("anna@example.org").await;
    let mut laptop = client!(app);
    laptop.sign_in("anna@example.org").await;
    let mut bruno = client!(app);
    bruno.sign_in("bruno@example.org").await;

    let account = laptop.get("/account").await;
    let two = catalog().t_args(Lang::En, "account-sessions-body", &[("count", 2i64.into())]);
    assert_eq!(
        account.texts("#sessions-heading + p"),
        vec![two],
        "the page counts the open sessions"
    );
    let p = laptop.post("/account/sessions/end", &[]).await;
    assert_eq!(p.location(), "/signin");
    for page in [laptop.get("/account").await, phone.get("/account").await] {
        assert!(is_signed_out(page.status, &page.location()));
    }
    assert_eq!(
        bruno.get("/account").await.status,
        StatusCode::OK,
        "other people stay signed in"
    );
}

#[actix_web::test]
async fn sessions_end_after_the_idle_timeout_and_the_lifetime() {
    let app = TestApp::new();
    app.user("anna@example.org", "Anna", &[]);
    let mut c = client!(app);
    c.sign_in("anna@example.org").await;
    assert_eq!(c.get("/account").await.status, StatusCode::OK);
    // Unused for 9 hours (the default idle timeout is 8).
    app.execute(&format!(
        "UPDATE sessions SET last_seen_at = '{}'",
        (pactum::util::now() - chrono::Duration::hours(9)).format("%Y-%m-%d %H:%M:%S")
    ));
    let page = c.get("/account").await;
    assert!(is_signed_out(page.status, &page.location()), "idle");

    c.sign_in("anna@example.org").await;
    // Used a minute ago, but signed in 15 days ago (the default lifetime is 14).
    app.execute(&format!(
        "UPDATE sessions SET created_at = '{}'",
        (pactum::util::now() - chrono::Duration::days(15)).format("%Y-%m-%d %H:%M:%S")
    ));
    let page = c.get("/account").await;
    assert!(is_signed_out(page.status, &page.location()), "too old");
    assert_eq!(app.count("sessions"), 0, "ended sessions are removed");
}

#[actix_web::test]
async fn changing_the_password_needs_the_current_one_and_ends_the_other_sessions() {
    let app = TestApp::new();
    app.user("anna@example.org", "Anna", &[]);
    let mut other = client!(app);
    other.sign_in("anna@example.org").await;
    let mut c = client!(app);
    c.sign_in("anna@example.org").await;

    let wrong = c
        .post(
            "/account/password",
            &[
                ("current_password", "not my password at all"),
                ("new_password", NEW_PASSWORD),
                ("new_password_confirm", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.has(".error-summary a[href='#current_password']"));
    assert_eq!(other.get("/account").await.status, StatusCode::OK);

    let ok = c
        .post(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", NEW_PASSWORD),
                ("new_password_confirm", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(ok.location(), "/account");
    assert_eq!(
        c.get("/account").await.status,
        StatusCode::OK,
        "this session goes on"
    );
    let page = other.get("/account").await;
    assert!(
        is_signed_out(page.status, &page.location()),
        "the other ends"
    );
    let mut fresh = client!(app);
    let p = fresh
        .post(
            "/signin",
            &[("email", "anna@example.org"), ("password", NEW_PASSWORD)],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
}

#[actix_web::test]
async fn an_email_change_needs_the_password_a_signed_in_confirmation_and_can_be_undone() {
    let app = TestApp::new();
    app.user("anna@example.org", "Anna", &[]);
    app.user("bruno@example.org", "Bruno", &[]);
    let mut other_device = client!(app);
    other_device.sign_in("anna@example.org").await;
    let mut c = client!(app);
    c.sign_in("anna@example.org").await;

    // Without the password nothing happens and no mail goes out.
    let refused = c
        .post(
            "/account/email",
            &[("new_email", "anna.new@example.org"), ("password", "")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.has(".error-summary a[href='#password']"));
    assert!(app.deliver_mail().is_empty());

    let p = c
        .post(
            "/account/email",
            &[
                ("new_email", "anna.new@example.org"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(p.location(), "/account");
    let link = app.deliver_mail().last().unwrap().link_path();

    // The link alone does not confirm: signed out, it leads to the sign-in page...
    let mut stranger = client!(app);
    let v = stranger.get(&link).await;
    let next = v.location();
    let next = percent_encoding::percent_decode_str(next.trim_start_matches("/signin?next="))
        .decode_utf8_lossy()
        .to_string();
    assert_eq!(next, link, "signing in leads back to the link");
    // ...and signed in as someone else, it is refused.
    stranger.sign_in("bruno@example.org").await;
    assert_eq!(stranger.get(&link).await.status, StatusCode::FORBIDDEN);

    let v = c.get(&link).await;
    assert_eq!(
        v.texts("h1"),
        vec![catalog().t(Lang::En, "verify-changed-title")]
    );
    let page = other_device.get("/account").await;
    assert!(
        is_signed_out(page.status, &page.location()),
        "other sessions end"
    );
    assert_eq!(c.get("/account").await.status, StatusCode::OK);

    // The old address is told, with a link to undo.
    let mails = app.deliver_mail();
    let notice = mails
        .iter()
        .find(|m| m.to.contains("anna@example.org"))
        .expect("a notice to the old address");
    assert!(notice.text.contains("a***@example.org"), "{}", notice.text);
    let undo = notice.link_path();
    assert!(undo.starts_with("/account/email/undo?token="));

    let mut owner = client!(app);
    let form = owner.get(&undo).await;
    assert_eq!(form.status, StatusCode::OK);
    let token = form.attr("input[name=token]", "value").unwrap();
    let done = owner
        .post("/account/email/undo", &[("token", &token)])
        .await;
    assert_eq!(done.status, StatusCode::OK);
    let page = c.get("/account").await;
    assert!(
        is_signed_out(page.status, &page.location()),
        "every session ends"
    );
    owner.sign_in("anna@example.org").await;
    let again = owner
        .post("/account/email/undo", &[("token", &token)])
        .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST, "used once");
}

#[actix_web::test]
async fn an_undo_link_lasts_seven_days() {
    let app = TestApp::new();
    app.user("anna@example.org", "Anna", &[]);
    let mut c = client!(app);
    c.sign_in("anna@example.org").await;
    c.post(
        "/account/email",
        &[
            ("new_email", "anna.new@example.org"),
            ("password", PASSWORD),
        ],
    )
    .await;
    let link = app.deliver_mail().last().unwrap().link_path();
    c.get(&link).await;
    let undo = app
        .deliver_mail()
        .into_iter()
        .find(|m| m.to.contains("anna@example.org"))
        .unwrap()
        .link_path();
    app.execute(&format!(
        "UPDATE email_tokens SET expires_at = '{}' WHERE purpose = 'undo_email'",
        (pactum::util::now() - chrono::Duration::minutes(1)).format("%Y-%m-%d %H:%M:%S")
    ));
    assert_eq!(c.get(&undo).await.status, StatusCode::BAD_REQUEST);
}

#[actix_web::test]
async fn password_checks_of_signed_in_people_are_rate_limited() {
    let app = TestApp::new();
    app.user("anna@example.org", "Anna", &[]);
    let mut c = client!(app);
    c.sign_in("anna@example.org").await;
    for _ in 0..10 {
        let p = c
            .post("/account/delete", &[("password", "guess guess guess")])
            .await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    // The limit covers every form that checks the password, the right one included.
    let limited = c
        .post(
            "/account/email",
            &[("new_email", "x@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    let limited = c.post("/account/delete", &[("password", PASSWORD)]).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.headers.get("retry-after").is_some());
    assert_eq!(app.count("users WHERE deleted_at IS NULL"), 1);
}

#[actix_web::test]
async fn a_guesser_elsewhere_cannot_lock_the_owner_out() {
    let app = TestApp::new();
    app.user("anna@example.org", "Anna", &[]);
    let mut attacker = client!(app);
    attacker.peer = "198.51.100.66:4000".parse().unwrap();
    for _ in 0..8 {
        let p = attacker
            .post(
                "/signin",
                &[
                    ("email", "anna@example.org"),
                    ("password", "guess guess guess"),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let blocked = attacker
        .post(
            "/signin",
            &[("email", "anna@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
    // The page says how long to wait (15 minutes).
    let wait = catalog().t_args(
        Lang::En,
        "error-too-many-requests-wait",
        &[("minutes", 15i64.into())],
    );
    assert!(blocked.body.contains(&wait), "{}", blocked.body);

    // Anna, from her own address, signs in.
    let mut anna = client!(app);
    anna.sign_in("anna@example.org").await;
}

#[actix_web::test]
async fn sign_in_attempts_are_limited_per_client_and_loosely_per_account() {
    let app = TestApp::new();
    app.user("anna@example.org", "Anna", &[]);
    // One client trying many accounts.
    let mut c = client!(app);
    c.peer = "198.51.100.7:4000".parse().unwrap();
    for i in 0..30 {
        let email = format!("person{i}@example.org");
        let p = c
            .post("/signin", &[("email", &email), ("password", "guess guess")])
            .await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let p = c
        .post(
            "/signin",
            &[("email", "anna@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(p.status, StatusCode::TOO_MANY_REQUESTS, "per client");

    // Many clients at one account: 200 attempts an hour, then the account waits.
    for i in 0..200u32 {
        let mut c = client!(app);
        c.peer = format!("198.18.{}.{}:4000", i / 250, i % 250)
            .parse()
            .unwrap();
        let p = c
            .post(
                "/signin",
                &[("email", "anna@example.org"), ("password", "guess guess")],
            )
            .await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "attempt {i}");
    }
    let mut c = client!(app);
    c.peer = "192.0.2.200:4000".parse().unwrap();
    let p = c
        .post(
            "/signin",
            &[("email", "anna@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(p.status, StatusCode::TOO_MANY_REQUESTS, "per account");
}

#[actix_web::test]
async fn an_invitation_is_for_the_invited_address_only_and_expires() {
    let app = TestApp::new();
    app.user("giulia@example.org", "Giulia", &[]);
    app.user("paolo@example.org", "Paolo", &[]);
    app.user("mallory@example.org", "Mallory", &[]);
    let mut g = client!(app);
    g.sign_in("giulia@example.org").await;
    let group = g
        .post(
            "/groups/new",
            &[
                ("name", "Amici del Parco"),
                ("kind", "informal_group"),
                ("description", "We look after the park."),
            ],
        )
        .await
        .location();
    g.post(
        &format!("{group}/invitations"),
        &[("email", "Paolo@Example.org")],
    )
    .await;
    let link = app.deliver_mail().last().unwrap().link_path();

    // Mallory got hold of the link: she is told it is for someone else, and refused.
    let mut mallory = client!(app);
    mallory.sign_in("mallory@example.org").await;
    let page = mallory.get(&link).await;
    assert!(
        page.texts("p")
            .contains(&catalog().t(Lang::En, "invitation-other-address"))
    );
    assert!(!page.has(&format!("form[action='{link}/accept']")));
    let p = mallory.post(&format!("{link}/accept"), &[]).await;
    assert_eq!(p.status, StatusCode::CONFLICT);
    assert!(
        !mallory
            .get(&group)
            .await
            .texts("li")
            .iter()
            .any(|t| t.starts_with("Mallory"))
    );

    // An expired invitation cannot be used, even by the invited person.
    app.execute(&format!(
        "UPDATE group_invitations SET expires_at = '{}'",
        (pactum::util::now() - chrono::Duration::minutes(1)).format("%Y-%m-%d %H:%M:%S")
    ));
    let mut paolo = client!(app);
    paolo.sign_in("paolo@example.org").await;
    let p = paolo.post(&format!("{link}/accept"), &[]).await;
    assert_eq!(p.status, StatusCode::CONFLICT);
    app.execute(&format!(
        "UPDATE group_invitations SET expires_at = '{}'",
        (pactum::util::now() + chrono::Duration::days(1)).format("%Y-%m-%d %H:%M:%S")
    ));
    // The invited address (in any case) joins.
    let p = paolo.post(&format!("{link}/accept"), &[]).await;
    assert_eq!(p.location(), group);
}
