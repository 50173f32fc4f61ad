//! Health, security headers, CSRF, error pages, static files, migrations, translations.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use pactum::web::i18n::{Lang, catalog};

use crate::client;
use crate::support::TestApp;

#[actix_web::test]
async fn health_and_readiness_answer_json() {
    let app = TestApp::new();
    let mut c = client!(app);
    let h = c.get("/healthz").await;
    assert_eq!(h.status, StatusCode::OK);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&h.body).unwrap()["status"],
        "ok"
    );
    let r = c.get("/readyz").await;
    assert_eq!(r.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["database"], "ok");
    let expected = if crate::support::on_postgres() {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(v["backend"], expected);
}

/// Every answer carries a request id for the logs: pages, refusals, errors, files.
/// An id a client sends is not taken unless a trusted proxy sets it (it would let
/// anyone write into the logs).
#[actix_web::test]
async fn every_answer_carries_its_own_request_id() {
    let app = TestApp::new();
    let mut c = client!(app);
    let mut seen = std::collections::HashSet::new();
    for (method, path) in [
        ("GET", "/"),
        ("GET", "/no/such/page"),
        ("GET", "/static/site.css"),
        ("POST", "/signin"),
        ("GET", "/healthz"),
    ] {
        let req = if method == "GET" {
            TestRequest::get()
        } else {
            TestRequest::post()
        };
        let p = c
            .send(
                req.uri(path)
                    .insert_header(("x-request-id", "forged\tline")),
            )
            .await;
        let id = p
            .headers
            .get("x-request-id")
            .unwrap_or_else(|| panic!("{path}: no request id"))
            .to_str()
            .unwrap()
            .to_string();
        assert_eq!(id.len(), 32, "{path}: {id}");
        assert!(id.bytes().all(|b| b.is_ascii_hexdigit()), "{path}: {id}");
        assert!(seen.insert(id), "{path}: ids differ");
    }
}

#[actix_web::test]
async fn pages_carry_security_headers() {
    let app = TestApp::new();
    let mut c = client!(app);
    let p = c.get("/").await;
    assert_eq!(p.status, StatusCode::OK);
    let csp = p
        .headers
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"));
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(p.headers.get("x-content-type-options").unwrap(), "nosniff");
    assert_eq!(p.headers.get("referrer-policy").unwrap(), "same-origin");
    assert!(
        p.headers.get("strict-transport-security").is_none(),
        "no HSTS on plain http"
    );
    assert!(!p.body.contains("<script>"), "no inline script");
}

#[actix_web::test]
async fn https_base_url_turns_on_hsts_and_secure_cookies() {
    let mut app = TestApp::new();
    let mut cfg = (*app.state.config).clone();
    cfg.base_url = url::Url::parse("https://commons.city.example").unwrap();
    app.state.ports.config = std::sync::Arc::new(cfg);
    let mut c = client!(app);
    let p = c.get("/signin").await;
    assert!(p.headers.get("strict-transport-security").is_some());
    let cookie = p.headers.get("set-cookie").unwrap().to_str().unwrap();
    assert!(cookie.contains("Secure") && cookie.contains("HttpOnly"));
}

#[actix_web::test]
async fn home_page_explains_the_site_and_has_a_skip_link() {
    let app = TestApp::new();
    let mut c = client!(app);
    let p = c.get("/").await;
    assert_eq!(p.attr("html", "lang").as_deref(), Some("en"));
    assert!(p.texts("h1")[0].contains("Testville"));
    assert_eq!(p.attr("a.skip-link", "href").as_deref(), Some("#main"));
    assert!(p.has("main#main"));
    assert!(p.has("label[for=lang-select]"));
}

#[actix_web::test]
async fn an_unnamed_city_is_not_called_pactum_twice() {
    let mut app = TestApp::new();
    let mut cfg = (*app.state.config).clone();
    cfg.city_name = pactum::config::DEFAULT_CITY_NAME.into();
    app.state.ports.config = std::sync::Arc::new(cfg);
    let mut c = client!(app);
    let p = c.get("/").await;
    assert_eq!(
        p.texts("h1"),
        vec![catalog().t(Lang::En, "home-heading-unnamed")]
    );
    assert_eq!(p.texts(".brand"), vec!["Pactum".to_string()]);
    assert_eq!(p.texts("title"), vec!["Home · Pactum".to_string()]);
}

#[actix_web::test]
async fn unknown_pages_get_a_translated_404_page() {
    let app = TestApp::new();
    let mut c = client!(app);
    let p = c
        .send(
            TestRequest::get()
                .uri("/no/such/page")
                .insert_header(("accept-language", "it")),
        )
        .await;
    assert_eq!(p.status, StatusCode::NOT_FOUND);
    assert_eq!(
        p.texts("h1"),
        vec![catalog().t(Lang::It, "error-not-found-title")]
    );
    let p = c.get("/groups/not-a-number").await;
    assert_eq!(p.status, StatusCode::NOT_FOUND);
    assert!(p.body.contains("<html"));
}

#[actix_web::test]
async fn malformed_forms_get_a_page_that_leaks_nothing() {
    let app = TestApp::new();
    let mut c = client!(app);
    // Valid token, but a required field missing: actix's own error text must not show.
    let p = c.post("/language", &[("language", "it")]).await;
    assert_eq!(p.status, StatusCode::BAD_REQUEST);
    assert!(!p.body.contains("missing field"), "{}", p.body);
    assert_eq!(
        p.texts("h1"),
        vec![catalog().t(Lang::En, "error-bad-request-title")]
    );
}

#[actix_web::test]
async fn posting_without_the_csrf_token_is_refused_and_changes_nothing() {
    let app = TestApp::new();
    let mut c = client!(app);
    c.get("/register").await;
    let before = app.count("users");
    let p = c
        .post_raw(
            "/register",
            &[
                ("email", "x@example.org"),
                ("name", "X"),
                ("password", crate::support::PASSWORD),
                ("password_confirm", crate::support::PASSWORD),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    assert_eq!(
        p.texts("h1"),
        vec![catalog().t(Lang::En, "error-csrf-title")]
    );
    assert_eq!(app.count("users"), before);
    // A wrong token is no better than none.
    let p = c
        .post_raw(
            "/register",
            &[("email", "x@example.org"), ("csrf_token", "forged")],
        )
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("users"), before);
}

#[actix_web::test]
async fn cross_site_posts_are_refused_even_with_a_token() {
    let app = TestApp::new();
    let mut c = client!(app);
    c.get("/signin").await;
    let token = c.csrf.clone().unwrap();
    let body =
        serde_urlencoded::to_string([("lang", "it"), ("csrf_token", token.as_str())]).unwrap();
    for (header, value, expected) in [
        ("sec-fetch-site", "cross-site", StatusCode::FORBIDDEN),
        ("origin", "https://evil.example", StatusCode::FORBIDDEN),
        ("sec-fetch-site", "same-origin", StatusCode::SEE_OTHER),
        // The configured base URL's origin (PACTUM_BASE_URL), not one made from Host.
        ("origin", "http://127.0.0.1:8080", StatusCode::SEE_OTHER),
        ("origin", "http://localhost:8080", StatusCode::FORBIDDEN),
    ] {
        let req = TestRequest::post()
            .uri("/language")
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .insert_header((header, value))
            .set_payload(body.clone());
        assert_eq!(c.send(req).await.status, expected, "{header}: {value}");
    }
}

#[actix_web::test]
async fn static_files_are_served_under_hashed_names_with_long_caching() {
    let app = TestApp::new();
    let mut c = client!(app);
    let home = c.get("/").await;
    let css = home.attr("link[rel=stylesheet]", "href").unwrap();
    assert!(
        css.starts_with("/static/css/site.")
            && css.ends_with(".css")
            && css != "/static/css/site.css"
    );
    let p = c.get(&css).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(
        p.headers
            .get("cache-control")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert!(
        p.headers
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    // Plain names are served too (vendored CSS refers to its images by relative
    // URL), with a short cache; unknown files are not.
    let plain = c.get("/static/vendor/leaflet/images/layers.png").await;
    assert_eq!(plain.status, StatusCode::OK);
    assert_eq!(
        plain.headers.get("cache-control").unwrap(),
        "public, max-age=3600"
    );
    assert_eq!(
        c.get("/static/css/nothing.css").await.status,
        StatusCode::NOT_FOUND
    );
}

#[test]
fn migration_folders_list_the_same_versions() {
    let versions = |backend: &str| {
        let mut v: Vec<String> = std::fs::read_dir(format!(
            "{}/migrations/{backend}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
        v.sort();
        v
    };
    let sqlite = versions("sqlite");
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, versions("postgres"));
    for v in &sqlite {
        for backend in ["sqlite", "postgres"] {
            for f in ["up.sql", "down.sql"] {
                let p = format!(
                    "{}/migrations/{backend}/{v}/{f}",
                    env!("CARGO_MANIFEST_DIR")
                );
                assert!(std::path::Path::new(&p).is_file(), "{p} missing");
            }
        }
    }
}

#[test]
fn migrations_are_idempotent() {
    let app = TestApp::new();
    assert!(
        app.state.db.migrate().unwrap().is_empty(),
        "a second run applies nothing"
    );
}

/// Every translation key a template or the code uses exists in English and Italian.
#[test]
fn every_key_used_is_translated_in_english_and_italian() {
    let root = env!("CARGO_MANIFEST_DIR");
    let en = catalog().keys(Lang::En);
    let prefixes: std::collections::HashSet<&str> = en
        .iter()
        .filter(|k| k.contains('-'))
        .filter_map(|k| k.split('-').next())
        .collect();
    let mut used = std::collections::BTreeSet::new();
    let mut files = Vec::new();
    collect(&format!("{root}/templates"), &mut files);
    collect(&format!("{root}/src"), &mut files);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        // In templates only expressions count (not HTML attributes).
        let code: String = if f.contains("/templates/") {
            let mut out = String::new();
            for part in text.split("{{").skip(1).chain(text.split("{%").skip(1)) {
                out.push_str(part.split(['}', '%']).next().unwrap_or(""));
                out.push('\n');
            }
            out
        } else {
            text
        };
        for lit in code.split('"').skip(1).step_by(2) {
            let is_key_shape = lit.contains('-')
                && lit
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !lit.ends_with('-')
                && lit.split('-').next().is_some_and(|p| prefixes.contains(p));
            if is_key_shape {
                used.insert(lit.to_string());
            }
        }
    }
    // Keys built at run time.
    for r in pactum::accounts::Role::ALL {
        used.insert(r.label_key());
    }
    for k in pactum::accounts::groups::GroupKind::ALL {
        used.insert(k.label_key());
    }
    for r in pactum::oidc::Reason::ALL {
        used.insert(format!("oidc-refused-{}", r.code()));
    }
    for slug in [
        "bad-request",
        "sign-in-required",
        "forbidden",
        "csrf",
        "not-found",
        "conflict",
        "invalid",
        "too-many-requests",
        "unavailable",
        "internal",
    ] {
        used.insert(format!("error-{slug}-title"));
        used.insert(format!("error-{slug}-body"));
    }
    for a in ["grant", "revoke", "erase"] {
        used.insert(format!("admin-audit-action-{a}"));
    }
    {
        use pactum::assemblies::model::{BodyKind, Joining, MemberStatus, OrgKind};
        use pactum::commons::model::{Category, CommonsKind, Owner, Provisioning, Status};
        used.extend(BodyKind::ALL.iter().map(|v| v.label_key()));
        used.extend(Joining::ALL.iter().map(|v| v.label_key()));
        used.extend(MemberStatus::ALL.iter().map(|v| v.label_key()));
        used.extend(OrgKind::ALL.iter().map(|v| v.label_key()));
        use pactum::assemblies::model::meeting::ItemKind;
        used.extend(ItemKind::ALL.iter().map(|v| v.label_key()));
        use pactum::assemblies::model::motion::{MotionState, Tag};
        used.extend(MotionState::ALL.iter().map(|v| v.label_key()));
        // --- added by amend ---
        use pactum::assemblies::model::amendment::AmendmentState;
        used.extend(AmendmentState::ALL.iter().map(|v| v.label_key()));
        used.extend(Tag::ALL.iter().map(|v| v.label_key()));
        use pactum::assemblies::model::vote::Secrecy;
        used.extend(Secrecy::ALL.iter().map(|v| v.label_key()));
        // --- added by recs ---
        use pactum::assemblies::model::recommendation::Answer;
        used.extend(Answer::ALL.iter().map(|v| v.label_key()));
        for m in pactum::voting::Method::ALL {
            used.insert(format!("vote-method-{}", m.name().replace('_', "-")));
            used.insert(format!("vote-chart-{}", m.name().replace('_', "-")));
        }
        for b in ["yes", "no", "abstain", "agree", "object", "block", "blank"] {
            used.insert(format!("ballot-{b}"));
        }
        for w in ["yes", "no", "agree", "object", "block"] {
            used.insert(format!("vote-outcome-{w}"));
        }
        used.extend(Category::ALL.iter().map(|v| v.label_key()));
        used.extend(CommonsKind::ALL.iter().map(|v| v.label_key()));
        used.extend(Owner::ALL.iter().map(|v| v.label_key()));
        used.extend(Provisioning::ALL.iter().map(|v| v.label_key()));
        used.extend(Status::ALL.iter().map(|v| v.label_key()));
        for e in [
            "proposed",
            "recognised",
            "declined",
            "dormant",
            "revived",
            "photo-added",
        ] {
            used.insert(format!("commons-event-{e}"));
        }
        for k in ["recognised", "dormant", "revived"] {
            used.insert(format!("ledger-kind-commons-{k}"));
        }
    }
    {
        use pactum::pacts::procedure::{Intensity, Opinion, PactState, PactType, SupportKind};
        used.extend(PactState::ALL.iter().map(|v| v.label_key()));
        used.extend(PactType::ALL.iter().map(|v| v.label_key()));
        used.extend(Intensity::ALL.iter().map(|v| v.label_key()));
        used.extend(SupportKind::ALL.iter().map(|v| v.label_key()));
        used.extend(Opinion::ALL.iter().map(|v| v.label_key()));
        use pactum::pacts::calls::{CallKind, CallStatus};
        used.extend(CallKind::ALL.iter().map(|v| v.label_key()));
        used.extend(CallStatus::ALL.iter().map(|v| v.label_key()));
        use pactum::pacts::procedure::Transition;
        for t in Transition::ALL {
            let code = t.code().replace('_', "-");
            used.insert(format!("pact-event-{code}"));
            if !matches!(
                t,
                Transition::CompleteSignatures | Transition::OpenReport | Transition::CloseReport
            ) {
                used.insert(format!("pact-action-{code}"));
                used.insert(format!("pact-done-{code}"));
            }
        }
        for e in [
            "created",
            "version",
            "opinions-requested",
            "opinion",
            "opinion-revised",
            "observation-reply",
            "signature",
            "adherent",
            "report",
            "attachment",
        ] {
            used.insert(format!("pact-event-{e}"));
        }
        for r in [
            "proposer",
            "official",
            "signatory",
            "admin",
            "system",
            "other",
            "citizen",
            "cosigner",
            "city",
        ] {
            used.insert(format!("pact-role-{r}"));
        }
        for p in ["proposer", "cosigner", "city"] {
            used.insert(format!("pact-party-{p}"));
        }
        used.extend(
            pactum::pacts::service::Evaluation::ALL
                .iter()
                .map(|e| e.label_key()),
        );
        for k in pactum::pacts::notify::KINDS {
            for part in ["subject", "intro", "action", "outro"] {
                used.insert(format!("mail-pact-{k}-{part}"));
            }
        }
        for part in ["subject", "intro", "action", "outro"] {
            used.insert(format!("mail-digest-{part}"));
            used.insert(format!("mail-vote-receipt-{part}"));
        }
    }
    // E-mail prefixes name a family of keys.
    let not_keys = [
        "new-password",
        "current-password",
        "lang-select",
        "error-summary",
        "error-summary-title",
        "commons-demo-2026",
        "mail-digest",
        "opinion-requested",
        "pact-deadlines",
        "vote-closing",
        // Vocabularies' label prefixes (`code_enum!`); their keys are checked above.
        "claim-decision",
        // An HTTP header a test names, not a message.
        "transfer-encoding",
        "claim-state",
        "token-account",
        "token-transfer",
        "group-kind",
        "body-kind",
        "body-joining",
        "member-status",
        "agenda-kind",
        "motion-state",
        "comment-tag",
        "vote-secrecy",
        // --- added by amend ---
        "amendment-state",
        "call-kind",
        "call-status",
    ];
    let mut missing = Vec::new();
    for key in &used {
        if not_keys.contains(&key.as_str()) {
            continue;
        }
        let family = [format!("{key}-subject")];
        let key_or_family = if catalog().has(Lang::En, key) {
            key.clone()
        } else if catalog().has(Lang::En, &family[0]) {
            family[0].clone()
        } else {
            key.clone()
        };
        for lang in [Lang::En, Lang::It] {
            if !catalog().has(lang, &key_or_family) {
                missing.push(format!("{lang}: {key}"));
            }
        }
    }
    assert!(used.len() > 100, "the scan found only {} keys", used.len());
    assert!(missing.is_empty(), "missing translations: {missing:#?}");
}

fn collect(dir: &str, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            collect(p.to_str().unwrap(), out);
        } else if p
            .extension()
            .is_some_and(|x| x == "html" || x == "rs" || x == "txt")
        {
            out.push(p.to_string_lossy().into_owned());
        }
    }
}

#[test]
fn the_demo_city_loads_once_with_its_people_offices_groups_and_districts() {
    let app = TestApp::new();
    let mut conn = app.state.db.get().unwrap();
    assert!(pactum::demo::load(&mut conn, pactum::config::HashCost::Fast).unwrap());
    assert!(!pactum::demo::load(&mut conn, pactum::config::HashCost::Fast).unwrap());
    assert_eq!(app.count("users"), pactum::demo::PEOPLE.len() as i64);
    assert_eq!(app.count("offices"), 6);
    assert_eq!(app.count("groups"), 6);
    // Four quartieri, each with two zones.
    assert_eq!(app.count("districts"), 12);
    assert_eq!(app.count("districts WHERE parent_id IS NULL"), 4);
    // The Assembly (six citizens and the administrator), the Chamber (five
    // organisations), two meetings, two motions; a closed vote of every method (yes/no
    // twice: the assembly's and the chamber's double majority) and an open vote.
    assert_eq!(app.count("bodies"), 2);
    assert_eq!(app.count("body_members"), 12);
    assert_eq!(app.count("meetings"), 2);
    assert_eq!(app.count("motions"), 2);
    assert_eq!(app.count("motion_comments"), 3);
    assert_eq!(app.count("votes"), 9);
    assert_eq!(app.count("vote_ballots"), 46);
    let d = pactum::commons::districts::locate(&mut conn, 11.34, 44.495)
        .unwrap()
        .unwrap();
    // The deepest district: the zone, within its quartiere.
    assert_eq!(d.slug, "duomo");
    let chain: Vec<String> = pactum::commons::api::district_chain(&mut conn, d.id)
        .unwrap()
        .into_iter()
        .map(|d| d.slug)
        .collect();
    assert_eq!(chain, ["centro-storico", "duomo"]);
    assert!(
        pactum::commons::districts::locate(&mut conn, 0.0, 0.0)
            .unwrap()
            .is_none()
    );
}

#[actix_web::test]
async fn internal_errors_show_a_generic_page_without_the_cause() {
    use actix_session::SessionMiddleware;
    use actix_session::storage::CookieSessionStore;
    use actix_web::cookie::Key;
    use actix_web::middleware::from_fn;
    use actix_web::{App, HttpResponse, test, web};

    let app = TestApp::new();
    let svc = test::init_service(
        App::new()
            .app_data(web::Data::new(app.state.clone()))
            .route(
                "/boom",
                web::get().to(|| async {
                    Err::<HttpResponse, _>(pactum::error::AppError::internal(
                        "password=hunter2 at db.internal",
                    ))
                }),
            )
            .wrap(from_fn(pactum::web::error_pages::render_errors))
            .wrap(SessionMiddleware::new(
                CookieSessionStore::default(),
                Key::generate(),
            )),
    )
    .await;
    let res = test::call_service(&svc, TestRequest::get().uri("/boom").to_request()).await;
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let body = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
    assert!(!body.contains("hunter2") && !body.contains("db.internal"));
    assert!(body.contains(&catalog().t(Lang::En, "error-internal-title")));
    let res = test::call_service(
        &svc,
        TestRequest::get()
            .uri("/boom")
            .insert_header(("accept", "application/json"))
            .to_request(),
    )
    .await;
    let body = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&body).unwrap()["error"],
        "internal"
    );
}
