//! Registration, verification, sign-in, language, password reset, account deletion,
//! roles and groups, as a person would use them.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use pactum::accounts::Role;
use pactum::web::i18n::{Lang, catalog};

use crate::client;
use crate::support::{PASSWORD, TestApp};

#[actix_web::test]
async fn a_person_registers_verifies_signs_in_switches_to_italian_and_signs_out() {
    let app = TestApp::new();
    let mut c = client!(app);
    let form = c.get("/register").await;
    assert!(form.has("label[for=email]") && form.has("label[for=password]"));

    let p = c
        .post(
            "/register",
            &[
                ("name", "Giulia Rossi"),
                ("email", "Giulia@Example.org"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.body);
    assert_eq!(
        p.texts("h1"),
        vec![catalog().t(Lang::En, "register-done-title")]
    );

    let mails = app.deliver_mail();
    assert_eq!(mails.len(), 1);
    let m = &mails[0];
    assert!(m.to.contains("giulia@example.org"));
    assert!(m.subject.contains("Testville"));
    assert!(
        m.html.contains("<a href=\"http://"),
        "multipart with HTML: {}",
        m.html
    );
    let link = m.link_path();
    assert!(link.starts_with("/verify-email?token="));

    // Not yet verified: signed in, but not a citizen yet.
    c.sign_in("giulia@example.org").await;
    let acc = c.get("/account").await;
    assert!(
        acc.body
            .contains(&catalog().t(Lang::En, "account-unverified"))
    );

    let v = c.get(&link).await;
    assert_eq!(v.status, StatusCode::OK);
    assert_eq!(
        v.texts("h1"),
        vec![catalog().t(Lang::En, "verify-ok-title")]
    );
    // The link works once.
    assert_eq!(c.get(&link).await.status, StatusCode::BAD_REQUEST);

    let acc = c.get("/account").await;
    assert!(
        !acc.body
            .contains(&catalog().t(Lang::En, "account-unverified"))
    );
    assert!(acc.texts("dd").iter().any(|t| t.contains("Citizen")));

    let p = c
        .post("/language", &[("lang", "it"), ("next", "/account")])
        .await;
    assert_eq!(p.location(), "/account");
    let acc = c.get("/account").await;
    assert_eq!(acc.attr("html", "lang").as_deref(), Some("it"));
    assert_eq!(
        acc.texts("h1"),
        vec![catalog().t(Lang::It, "account-title")]
    );
    assert!(
        acc.texts("nav button")
            .contains(&catalog().t(Lang::It, "nav-signout"))
    );
    let home = c.get("/").await;
    assert_eq!(
        home.texts("p.lead"),
        vec![catalog().t(Lang::It, "home-lead")]
    );
    assert_ne!(
        catalog().t(Lang::It, "home-lead"),
        catalog().t(Lang::En, "home-lead")
    );

    let out = c.post("/signout", &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    let acc = c.get("/account").await;
    assert_eq!(acc.status, StatusCode::SEE_OTHER);
    assert!(acc.location().starts_with("/signin?next="));
}

#[actix_web::test]
async fn registration_errors_are_shown_next_to_fields_and_nothing_is_saved() {
    let app = TestApp::new();
    let mut c = client!(app);
    let p = c
        .post(
            "/register",
            &[
                ("name", ""),
                ("email", "not-an-email"),
                ("password", "short"),
                ("password_confirm", "other"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(p.texts(".error-summary li").len(), 4);
    assert_eq!(p.attr("#email", "aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        p.attr("#email", "value").as_deref(),
        Some("not-an-email"),
        "typed input is kept"
    );
    assert!(
        p.texts("#password-error")[0].contains(&catalog().t(Lang::En, "field-password-too-short"))
    );
    let p = c
        .post(
            "/register",
            &[
                ("name", "A"),
                ("email", "a@example.org"),
                ("password", "passwordpassword"),
                ("password_confirm", "passwordpassword"),
            ],
        )
        .await;
    assert!(
        p.texts("#password-error")[0].contains(&catalog().t(Lang::En, "field-password-common"))
    );
    assert_eq!(app.count("users"), 0);
    assert_eq!(app.count("outbox"), 0);
}

#[actix_web::test]
async fn registering_a_taken_address_looks_the_same_but_mails_the_owner() {
    let app = TestApp::new();
    app.user("anna@example.org", "Anna", &[]);
    let mut c = client!(app);
    let p = c
        .post(
            "/register",
            &[
                ("name", "Mallory"),
                ("email", "anna@example.org"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::OK);
    assert_eq!(
        p.texts("h1"),
        vec![catalog().t(Lang::En, "register-done-title")]
    );
    assert_eq!(app.count("users"), 1);
    let mails = app.deliver_mail();
    assert_eq!(mails.len(), 1);
    assert!(mails[0].subject.contains("already have an account"));
}

#[actix_web::test]
async fn failed_sign_in_says_the_same_for_unknown_and_wrong_and_is_rate_limited() {
    let app = TestApp::new();
    app.user("anna@example.org", "Anna", &[]);
    let mut c = client!(app);
    let a = c
        .post(
            "/signin",
            &[("email", "nobody@example.org"), ("password", PASSWORD)],
        )
        .await;
    let b = c
        .post(
            "/signin",
            &[
                ("email", "anna@example.org"),
                ("password", "wrong password!!"),
            ],
        )
        .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(b.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a.texts(".error-summary"), b.texts(".error-summary"));
    for _ in 0..7 {
        c.post(
            "/signin",
            &[
                ("email", "anna@example.org"),
                ("password", "wrong password!!"),
            ],
        )
        .await;
    }
    let limited = c
        .post(
            "/signin",
            &[("email", "anna@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.headers.get("retry-after").is_some());
}

#[actix_web::test]
async fn sign_in_renews_the_session_and_honours_next() {
    let app = TestApp::new();
    app.user("anna@example.org", "Anna", &[]);
    let mut c = client!(app);
    let unmask = |t: Option<String>| pactum::web::session::unmask_token(&t.unwrap()).unwrap();
    c.get("/signin").await;
    let first = c.csrf.clone();
    c.get("/signin").await;
    assert_ne!(first, c.csrf, "each page masks the token afresh");
    assert_eq!(
        unmask(first),
        unmask(c.csrf.clone()),
        "the same session token behind both"
    );
    let before = unmask(c.csrf.clone());
    let p = c
        .post(
            "/signin",
            &[
                ("email", "anna@example.org"),
                ("password", PASSWORD),
                ("next", "/groups"),
            ],
        )
        .await;
    assert_eq!(p.location(), "/groups");
    c.get("/account").await;
    assert_ne!(
        c.csrf.clone().unwrap(),
        before,
        "a new session after sign-in"
    );
    let p = c
        .post(
            "/signin",
            &[
                ("email", "anna@example.org"),
                ("password", PASSWORD),
                ("next", "//evil.example"),
            ],
        )
        .await;
    assert_eq!(p.location(), "/account");
}

#[actix_web::test]
async fn password_reset_works_once_and_signs_out_other_sessions() {
    let app = TestApp::new();
    app.user("anna@example.org", "Anna", &[]);
    let mut other = client!(app);
    other.sign_in("anna@example.org").await;
    assert_eq!(other.get("/account").await.status, StatusCode::OK);

    let mut c = client!(app);
    let p = c
        .post("/password/forgot", &[("email", "anna@example.org")])
        .await;
    let unknown = c
        .post("/password/forgot", &[("email", "nobody@example.org")])
        .await;
    assert_eq!(p.texts("h1"), unknown.texts("h1"), "same answer either way");
    let mails = app.deliver_mail();
    assert_eq!(mails.len(), 1);
    let link = mails[0].link_path();
    assert!(link.starts_with("/password/reset?token="));
    let form = c.get(&link).await;
    assert_eq!(form.status, StatusCode::OK);
    let token = form.attr("input[name=token]", "value").unwrap();
    let new = "another quite long phrase";
    let bad = c
        .post(
            "/password/reset",
            &[
                ("token", &token),
                ("password", new),
                ("password_confirm", "different"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let ok = c
        .post(
            "/password/reset",
            &[
                ("token", &token),
                ("password", new),
                ("password_confirm", new),
            ],
        )
        .await;
    assert_eq!(ok.location(), "/signin");
    assert_eq!(
        c.get(&link).await.status,
        StatusCode::BAD_REQUEST,
        "single use"
    );
    assert_eq!(
        other.get("/account").await.status,
        StatusCode::SEE_OTHER,
        "old sessions end"
    );
    let p = c
        .post(
            "/signin",
            &[("email", "anna@example.org"), ("password", new)],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
}

#[actix_web::test]
async fn account_page_updates_name_and_language() {
    let app = TestApp::new();
    app.user("anna@example.org", "Anna", &[]);
    let mut c = client!(app);
    c.sign_in("anna@example.org").await;
    let bad = c
        .post("/account", &[("name", ""), ("language", "it")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let ok = c
        .post("/account", &[("name", "Anna Verdi"), ("language", "nl")])
        .await;
    assert_eq!(ok.location(), "/account");
    let p = c
        .send(
            TestRequest::get()
                .uri("/account")
                .insert_header(("accept-language", "fr")),
        )
        .await;
    assert_eq!(
        p.attr("html", "lang").as_deref(),
        Some("nl"),
        "the user's setting beats the browser"
    );
    assert_eq!(p.attr("#name", "value").as_deref(), Some("Anna Verdi"));
}

#[actix_web::test]
async fn deleting_an_account_erases_personal_data() {
    let app = TestApp::new();
    let id = app.user("anna@example.org", "Anna Verdi", &[Role::Official]);
    let mut c = client!(app);
    c.sign_in("anna@example.org").await;
    let wrong = c
        .post("/account/delete", &[("password", "not my password")])
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let p = c.post("/account/delete", &[("password", PASSWORD)]).await;
    assert_eq!(p.location(), "/");
    assert_eq!(c.get("/account").await.status, StatusCode::SEE_OTHER);
    let mut conn = app.state.db.get().unwrap();
    let row = pactum::accounts::models::find_by_id(&mut conn, id)
        .unwrap()
        .unwrap();
    assert!(row.email.is_none() && row.password_hash.is_none() && row.display_name.is_empty());
    assert!(row.deleted_at.is_some() && row.pseudonym.starts_with("u_"));
    assert!(
        pactum::accounts::models::roles_of(&mut conn, id)
            .unwrap()
            .is_empty()
    );
    let p = c
        .post(
            "/signin",
            &[("email", "anna@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[actix_web::test]
async fn an_admin_grants_official_and_the_official_reaches_the_desk_but_a_citizen_does_not() {
    let app = TestApp::new();
    app.user("admin@example.org", "Admin", &[Role::Admin]);
    let marco = app.user("marco@example.org", "Marco", &[]);
    app.user("carla@example.org", "Carla", &[]);

    let mut carla = client!(app);
    carla.sign_in("carla@example.org").await;
    let refused = carla.get("/official").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        refused.texts("h1"),
        vec![catalog().t(Lang::En, "error-forbidden-title")]
    );

    let mut marco_c = client!(app);
    marco_c.sign_in("marco@example.org").await;
    assert_eq!(marco_c.get("/official").await.status, StatusCode::FORBIDDEN);

    let mut admin = client!(app);
    admin.sign_in("admin@example.org").await;
    let page = admin.get(&format!("/admin/users/{marco}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let p = admin
        .post(
            &format!("/admin/users/{marco}/roles"),
            &[("role", "official")],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    let page = admin.get(&format!("/admin/users/{marco}")).await;
    assert!(page.body.contains("official"), "audit shows the grant");

    assert_eq!(marco_c.get("/official").await.status, StatusCode::OK);
    assert_eq!(carla.get("/official").await.status, StatusCode::FORBIDDEN);

    // Assign to an office, then revoke: the office membership goes with the role.
    let p = admin
        .post("/admin/offices", &[("name", "Green areas")])
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    let offices = admin.get("/admin/offices").await;
    let action = offices.attr("form[action$='/members']", "action").unwrap();
    admin.post(&action, &[("user", &marco.to_string())]).await;
    let desk = marco_c.get("/official").await;
    assert!(desk.texts("h3").contains(&"Green areas".to_string()));
    admin
        .post(
            &format!("/admin/users/{marco}/roles/revoke"),
            &[("role", "official")],
        )
        .await;
    assert_eq!(marco_c.get("/official").await.status, StatusCode::FORBIDDEN);
    assert!(app.count("role_audit") >= 2);
}

#[actix_web::test]
async fn the_last_admin_cannot_be_revoked() {
    let app = TestApp::new();
    let id = app.user("admin@example.org", "Admin", &[Role::Admin]);
    let mut admin = client!(app);
    admin.sign_in("admin@example.org").await;
    admin
        .post(
            &format!("/admin/users/{id}/roles/revoke"),
            &[("role", "admin")],
        )
        .await;
    let page = admin.get(&format!("/admin/users/{id}")).await;
    assert_eq!(page.status, StatusCode::OK, "still an admin");
    assert!(
        page.body
            .contains(&catalog().t(Lang::En, "admin-last-admin"))
    );
}

#[actix_web::test]
async fn a_citizen_creates_a_group_invites_by_email_and_the_invitee_joins() {
    let app = TestApp::new();
    app.user("giulia@example.org", "Giulia", &[]);
    app.user("paolo@example.org", "Paolo", &[]);
    let mut g = client!(app);
    g.sign_in("giulia@example.org").await;
    let bad = g
        .post("/groups/new", &[("name", ""), ("kind", "club")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let p = g
        .post(
            "/groups/new",
            &[
                ("name", "Amici del Parco"),
                ("kind", "informal_group"),
                ("description", "We look after the park."),
            ],
        )
        .await;
    let group_path = p.location();
    assert!(group_path.starts_with("/groups/"));
    let p = g
        .post(
            &format!("{group_path}/invitations"),
            &[("email", "paolo@example.org")],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    let mails = app.deliver_mail();
    let link = mails.last().unwrap().link_path();
    assert!(link.starts_with("/invitations/"));

    let mut paolo = client!(app);
    let inv = paolo.get(&link).await;
    assert_eq!(inv.status, StatusCode::OK);
    assert!(inv.texts("h1")[0].contains("Amici del Parco"));
    // Paolo cannot invite: only the referent may.
    paolo.sign_in("paolo@example.org").await;
    let p = paolo
        .post(
            &format!("{group_path}/invitations"),
            &[("email", "x@example.org")],
        )
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    let p = paolo.post(&format!("{link}/accept"), &[]).await;
    assert_eq!(p.location(), group_path);
    let page = paolo.get(&group_path).await;
    assert!(page.texts("li").iter().any(|t| t.starts_with("Paolo")));
    // Used once.
    let again = paolo.post(&format!("{link}/accept"), &[]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    // The referent cannot leave before handing over.
    assert_eq!(
        g.post(&format!("{group_path}/leave"), &[]).await.status,
        StatusCode::CONFLICT
    );
}

#[actix_web::test]
async fn changing_the_email_address_needs_the_new_address_to_confirm() {
    let app = TestApp::new();
    app.user("anna@example.org", "Anna", &[]);
    app.user("taken@example.org", "Taken", &[]);
    let mut c = client!(app);
    c.sign_in("anna@example.org").await;
    let same = c
        .post(
            "/account/email",
            &[("new_email", "anna@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(same.status, StatusCode::UNPROCESSABLE_ENTITY);
    let p = c
        .post(
            "/account/email",
            &[
                ("new_email", "anna.verdi@example.org"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(p.location(), "/account");
    let mails = app.deliver_mail();
    let m = mails.last().unwrap();
    assert!(m.to.contains("anna.verdi@example.org"));
    // Until confirmed, the old address still signs in.
    let v = c.get(&m.link_path()).await;
    assert_eq!(
        v.texts("h1"),
        vec![catalog().t(Lang::En, "verify-changed-title")]
    );
    let mut fresh = client!(app);
    fresh.sign_in("anna.verdi@example.org").await;
    let old = fresh
        .post(
            "/signin",
            &[("email", "anna@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(old.status, StatusCode::UNPROCESSABLE_ENTITY);

    // An address another account uses cannot be taken over.
    c.post(
        "/account/email",
        &[("new_email", "taken@example.org"), ("password", PASSWORD)],
    )
    .await;
    let link = app.deliver_mail().last().unwrap().link_path();
    assert_eq!(c.get(&link).await.status, StatusCode::CONFLICT);
}

#[actix_web::test]
async fn registration_is_rate_limited_per_ip() {
    let app = TestApp::new();
    let mut c = client!(app);
    let limit = pactum::accounts::service::REGISTER_PER_IP.max as usize;
    for i in 0..limit {
        let email = format!("p{i}@example.org");
        let p = c
            .post(
                "/register",
                &[
                    ("name", "P"),
                    ("email", &email),
                    ("password", PASSWORD),
                    ("password_confirm", PASSWORD),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::OK);
    }
    let p = c
        .post(
            "/register",
            &[
                ("name", "P"),
                ("email", "late@example.org"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(app.count("users"), limit as i64);
}

#[actix_web::test]
async fn unverified_accounts_cannot_create_groups() {
    let app = TestApp::new();
    let mut c = client!(app);
    c.post(
        "/register",
        &[
            ("name", "New"),
            ("email", "new@example.org"),
            ("password", PASSWORD),
            ("password_confirm", PASSWORD),
        ],
    )
    .await;
    c.sign_in("new@example.org").await;
    assert_eq!(c.get("/groups/new").await.status, StatusCode::FORBIDDEN);
    let p = c
        .post("/groups/new", &[("name", "G"), ("kind", "association")])
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("groups"), 0);
}

#[actix_web::test]
async fn admins_find_people_by_name_or_email_whatever_the_case() {
    let app = TestApp::new();
    app.user("admin@example.org", "Admin", &[Role::Admin]);
    app.user("anna.verdi@example.org", "Anna Verdi", &[]);
    app.user("bruno@example.org", "Bruno Neri", &[]);
    let mut admin = client!(app);
    admin.sign_in("admin@example.org").await;
    for q in ["anna", "VERDI", "Anna.Verdi@"] {
        let p = admin.get(&format!("/admin/users?q={q}")).await;
        let names = p.texts("tbody td a");
        assert_eq!(names, vec!["Anna Verdi".to_string()], "search {q}");
    }
    assert_eq!(admin.get("/admin/users").await.texts("tbody tr").len(), 3);
}

#[actix_web::test]
async fn a_reset_link_expires_after_an_hour() {
    use diesel::prelude::*;
    use pactum::db::schema::email_tokens;
    let app = TestApp::new();
    app.user("anna@example.org", "Anna", &[]);
    let mut c = client!(app);
    c.post("/password/forgot", &[("email", "anna@example.org")])
        .await;
    let link = app.deliver_mail().last().unwrap().link_path();
    {
        let mut conn = app.state.db.get().unwrap();
        let (created, expires): (chrono::NaiveDateTime, chrono::NaiveDateTime) =
            email_tokens::table
                .filter(email_tokens::purpose.eq("reset"))
                .select((email_tokens::created_at, email_tokens::expires_at))
                .first(&mut *conn)
                .unwrap();
        assert_eq!(expires - created, chrono::Duration::hours(1));
        // Sixty-one minutes later:
        diesel::update(email_tokens::table)
            .set(
                email_tokens::expires_at
                    .eq(chrono::Utc::now().naive_utc() - chrono::Duration::minutes(1)),
            )
            .execute(&mut *conn)
            .unwrap();
    }
    let p = c.get(&link).await;
    assert_eq!(p.status, StatusCode::BAD_REQUEST);
    assert!(
        p.texts("p")
            .contains(&catalog().t(Lang::En, "reset-link-invalid"))
    );
    let token = link.split("token=").nth(1).unwrap();
    let new = "another quite long phrase";
    let p = c
        .post(
            "/password/reset",
            &[
                ("token", token),
                ("password", new),
                ("password_confirm", new),
            ],
        )
        .await;
    assert_eq!(
        p.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "an expired token changes nothing"
    );
    let p = c
        .post(
            "/signin",
            &[("email", "anna@example.org"), ("password", new)],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[actix_web::test]
async fn a_person_chooses_a_daily_digest_of_pact_news() {
    let app = TestApp::new();
    app.user("anna@example.org", "Anna", &[]);
    let mut c = client!(app);
    c.sign_in("anna@example.org").await;
    assert!(c.get("/pacts/mine").await.has("#digest-each[checked]"));
    let p = c
        .post("/account/notifications", &[("digest", "daily")])
        .await;
    assert_eq!(p.location(), "/pacts/mine");
    assert!(c.get("/pacts/mine").await.has("#digest-daily[checked]"));
    assert_eq!(app.count("users WHERE notify_digest"), 1);
    let bad = c
        .post("/account/notifications", &[("digest", "hourly")])
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(app.count("users WHERE notify_digest"), 1);
}

#[actix_web::test]
async fn the_api_other_areas_use_answers_from_accounts() {
    use crate::builders::{GroupBuilder, OfficeBuilder, UserBuilder};
    use pactum::accounts::api;

    let app = TestApp::new();
    let green = OfficeBuilder::new("Green areas").coordinating().build(&app);
    let heritage = OfficeBuilder::new("Heritage").build(&app);
    let marco = UserBuilder::new("marco").official_in(green).build(&app);
    let zoe = UserBuilder::new("zoe").named("Zoe Verdi").build(&app);
    let anna = UserBuilder::new("anna")
        .named("Anna Neri")
        .role(Role::Signatory)
        .build(&app);
    let group = GroupBuilder::new("Amici del parco", zoe)
        .member(anna)
        .build(&app);
    let other = GroupBuilder::new("Biblioteca", anna).build(&app);
    let mut conn = app.state.db.get().unwrap();
    let c = &mut conn;

    assert!(api::pseudonym(c, zoe).unwrap().starts_with("u_"));
    assert_eq!(api::display_name(c, zoe).unwrap(), "Zoe Verdi");
    let mut names = api::display_names(c, &[anna, zoe, 999]).unwrap();
    names.sort();
    assert_eq!(
        names,
        vec![(zoe, "Zoe Verdi".into()), (anna, "Anna Neri".into())]
    );
    assert!(api::is_group_member(c, group, anna).unwrap());
    assert!(!api::is_group_member(c, group, marco).unwrap());
    assert_eq!(api::groups_of(c, anna).unwrap(), vec![group, other]);
    assert_eq!(
        api::group_names_of(c, anna).unwrap(),
        vec![
            (group, "Amici del parco".into()),
            (other, "Biblioteca".into())
        ]
    );
    assert_eq!(
        api::group_names(c, &[other]).unwrap(),
        vec![(other, "Biblioteca".into())]
    );
    assert_eq!(
        api::groups_led_by(c, zoe).unwrap(),
        vec![(group, "Amici del parco".into())]
    );
    assert_eq!(
        api::group_members(c, group).unwrap(),
        vec![(anna, "Anna Neri".into()), (zoe, "Zoe Verdi".into())]
    );
    assert_eq!(api::group_referent(c, group).unwrap(), zoe);
    assert_eq!(api::offices_of(c, marco).unwrap(), vec![green]);
    assert_eq!(api::officials_of(c, green).unwrap(), vec![marco]);
    assert!(api::officials_of(c, heritage).unwrap().is_empty());
    assert_eq!(api::holders_of(c, Role::Signatory).unwrap(), vec![anna]);
    assert_eq!(
        api::office(c, heritage).unwrap(),
        Some((heritage, "Heritage".into()))
    );
    assert_eq!(api::office(c, 999).unwrap(), None);
    assert_eq!(
        api::office_names(c).unwrap(),
        vec![(green, "Green areas".into()), (heritage, "Heritage".into())]
    );
    assert_eq!(api::office_slug(c, Some(green)).unwrap(), "green-areas");
    assert_eq!(api::office_slug(c, None).unwrap(), "");
    assert_eq!(api::coordinating_office(c).unwrap(), Some(green));
    assert!(api::roles_of(c, marco).unwrap().contains(&Role::Official));
    let contact = api::contact(c, zoe).unwrap().unwrap();
    assert_eq!(contact.email.as_deref(), Some("zoe@example.org"));
    assert!(contact.verified && !contact.digest);
    assert!(!api::notification_digest(c, zoe).unwrap());
    let cost = app.state.config.hash_cost;
    assert!(api::password_matches(c, zoe, PASSWORD, cost).unwrap());
    assert!(!api::password_matches(c, zoe, "not the password", cost).unwrap());
    assert!(api::contact(c, 999).unwrap().is_none());
}
