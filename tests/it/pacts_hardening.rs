//! Hardening of pacts (issue 11): the version comparison is bounded and falls back to
//! both texts (item 4); no page names a commons its reader may not see (13); before
//! an office is assigned, only the coordinating office or an administrator acts on a
//! proposal (14); nothing a person typed reaches the civic ledger (15).

use crate::support::in_tx;
use actix_web::http::StatusCode;
use diesel::prelude::*;
use pactum::accounts::Role;
use pactum::commons::model::{CommonsInput, NewCommons};
use pactum::commons::service::{Decision, decide_unchecked, insert_unchecked};
use pactum::db::schema::{offices, pacts};
use pactum::pacts::procedure::{Intensity, Opinion, PactType, Transition};
use pactum::pacts::service::{self, By, Evaluation, Extra, Party, ReportInput, Terms};
use pactum::pacts::store::{Env, Who};
use pactum::pacts::text::TextInput;

use crate::builders::{CommonsBuilder, OfficeBuilder, UserBuilder, env_at};
use crate::client;
use crate::pacts::{fields, h, state_of, t};
use crate::support::TestApp;

const PUBLIC_NAME: &str = "Giardino Lunetta Gamberini";
const HIDDEN_NAME: &str = "Orto segreto di Bruno";

struct World {
    app: TestApp,
    chiara: i64,
    anna: i64,
    marco: i64,
    sara: i64,
    elena: i64,
    admin: i64,
    /// A recognised commons.
    commons: i64,
    /// A commons Bruno proposed: nobody else but officials may see it.
    hidden: i64,
    green: i64,
    heritage: i64,
}

fn commons_input(name: &str, description: &str) -> CommonsInput {
    CommonsInput {
        name: name.into(),
        description: description.into(),
        kind: "tangible".into(),
        category: "green_area".into(),
        provisioning: vec!["food".into()],
        lat: "44.49".into(),
        lng: "11.33".into(),
        owner: "city".into(),
        why: "Neighbours care for it together.".into(),
        ..CommonsInput::default()
    }
}

fn world() -> World {
    let app = TestApp::new();
    // No office coordinates yet (the coordinating office's test sets one).
    let green = OfficeBuilder::new("Green areas").build(&app);
    let heritage = OfficeBuilder::new("Heritage").build(&app);
    let person = |handle: &str, name: &str| UserBuilder::new(handle).named(name);
    let chiara = person("chiara", "Chiara Romano").build(&app);
    let anna = person("anna", "Anna Neri").build(&app);
    let bruno = person("bruno", "Bruno Galli").build(&app);
    let marco = person("marco", "Marco Bianchi")
        .official_in(green)
        .build(&app);
    let sara = person("sara", "Sara Greco")
        .official_in(heritage)
        .build(&app);
    person("olga", "Olga Villa").official().build(&app);
    // Elena heads green areas: she signs its pacts for the city.
    let elena = person("elena", "Elena Russo")
        .official_in(green)
        .role(Role::Signatory)
        .build(&app);
    let admin = person("admin", "Ada Admin").admin().build(&app);
    let commons = CommonsBuilder::new(&app)
        .named(PUBLIC_NAME)
        .described("A park with an old greenhouse the neighbours want to reopen.")
        .proposed_by(chiara)
        .recognised_by(marco)
        .build();
    let hidden = CommonsBuilder::new(&app)
        .named(HIDDEN_NAME)
        .described("A vegetable patch behind Bruno's house.")
        .proposed_by(bruno)
        .build();
    World {
        app,
        chiara,
        anna,
        marco,
        sara,
        elena,
        admin,
        commons,
        hidden,
        green,
        heritage,
    }
}

/// An ordinary proposal by one person, on `commons`.
fn proposal(commons: &str) -> Vec<(&'static str, String)> {
    let today = chrono::Utc::now().date_naive();
    vec![
        ("group", String::new()),
        ("cosigners", String::new()),
        ("commons", commons.into()),
        ("kind", "ordinary".into()),
        ("intensity", "occasional_care".into()),
        ("participants", "Chiara and her neighbours.".into()),
        ("title", "Weeding the flower beds".into()),
        ("objectives", "Keep the flower beds tidy.".into()),
        ("activities", "Weeding every Saturday.".into()),
        ("start_date", today.to_string()),
        (
            "end_date",
            (today + chrono::Duration::days(300)).to_string(),
        ),
        ("commitments", "We weed; the city lends tools.".into()),
        ("public_use", "Open to everyone.".into()),
        ("liability", "Volunteers are insured by the city.".into()),
        ("reporting_months", "6".into()),
        ("output_licence", "CC BY-SA 4.0".into()),
        ("termination", "Either party, with 30 days notice.".into()),
        ("disputes", "Mediation by the district office.".into()),
    ]
}

/// Chiara proposes and submits a pact on the public commons; returns its id.
async fn submitted_pact<S, B>(chiara: &mut crate::support::Client<S>, commons: i64) -> i64
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let p = chiara
        .post("/pacts/new", &fields(&proposal(&commons.to_string())))
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let id: i64 = p.location().trim_start_matches("/pacts/").parse().unwrap();
    let s = chiara
        .post(
            &format!("/pacts/{id}/transition"),
            &[("transition", "submit")],
        )
        .await;
    assert_eq!(s.status, StatusCode::SEE_OTHER, "{}", s.body);
    id
}

// ---- item 4: version comparison -------------------------------------------------

#[actix_web::test]
async fn versions_too_large_to_compare_link_both_texts_instead() {
    let w = world();
    let app = &w.app;
    let mut chiara = client!(app);
    chiara.sign_in("chiara@example.org").await;
    let id = submitted_pact(&mut chiara, w.commons).await;
    // A second version whose long clauses share no line with the first (as a
    // co-design could write it): 2 x 5,000 lines in one clause, over the cap.
    {
        use pactum::pacts::store;
        let mut conn = app.state.db.get().unwrap();
        let mut v = store::version(&mut conn, id, 1).unwrap().text;
        let many = |tag: &str| {
            (0..5_000)
                .map(|i| format!("{tag}{i}"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let mut v1 = v.clone();
        v1.objectives = many("a");
        let first = store::version(&mut conn, id, 1).unwrap().id;
        store::write_version(&mut conn, store::Slot::Replace(first), &v1, "", w.chiara).unwrap();
        v.objectives = many("b");
        store::write_version(
            &mut conn,
            store::Slot::New {
                pact: id,
                number: 2,
                at: pactum::util::now(),
            },
            &v,
            "Rewritten.",
            w.chiara,
        )
        .unwrap();
        diesel::update(pacts::table.find(id))
            .set(pacts::version.eq(2i64))
            .execute(&mut *conn)
            .unwrap();
    }
    let started = std::time::Instant::now();
    let page = chiara.get(&format!("/pacts/{id}?from=1&to=2")).await;
    let took = started.elapsed();
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(&h(&t("pact-compare-too-different"))),
        "{}",
        &page.body[..page.body.len().min(3000)]
    );
    assert!(!page.body.contains("<del>a1</del>"), "no line by line diff");
    let links: Vec<String> = page
        .html()
        .select(&scraper::Selector::parse("#compare a").unwrap())
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert_eq!(
        links,
        vec![
            format!("/pacts/{id}/versions/1.txt"),
            format!("/pacts/{id}/versions/2.txt")
        ]
    );
    for l in &links {
        let txt = chiara.get(l).await;
        assert_eq!(txt.status, StatusCode::OK, "{l}");
    }
    assert!(
        took < std::time::Duration::from_secs(5),
        "bounded: {took:?}"
    );
    // Small changes still compare line by line.
    let same = chiara.get(&format!("/pacts/{id}?from=2&to=2")).await;
    assert!(same.body.contains(&h(&t("pact-compare-same"))));
}

// ---- item 13: names of commons the reader may not see ----------------------------

#[actix_web::test]
async fn pages_never_name_a_commons_the_reader_may_not_see() {
    let w = world();
    let app = &w.app;
    let mut chiara = client!(app);
    chiara.sign_in("chiara@example.org").await;
    assert_eq!(
        chiara.get(&format!("/commons/{}", w.hidden)).await.status,
        StatusCode::NOT_FOUND
    );
    let form = chiara
        .get(&format!("/pacts/new?commons={},{}", w.hidden, w.commons))
        .await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(!form.body.contains(HIDDEN_NAME), "GET /pacts/new leaks it");
    assert!(form.body.contains(PUBLIC_NAME));
    let again = chiara
        .post("/pacts/new", &fields(&proposal(&w.hidden.to_string())))
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains(&h(&t("field-pact-commons-unknown"))));
    assert!(
        !again.body.contains(HIDDEN_NAME),
        "the re-rendered form leaks it"
    );
    // A very long list of ids costs nothing and names nothing hidden.
    let long: Vec<String> = (0..5_000).map(|i| (i + 1).to_string()).collect();
    let many = chiara
        .post("/pacts/new", &fields(&proposal(&long.join(","))))
        .await;
    assert_eq!(many.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(many.body.contains(&h(&t("field-pact-commons-too-many"))));
    assert!(!many.body.contains(HIDDEN_NAME));

    // Bruno proposed it and officials review it: they see its name.
    for who in ["bruno@example.org", "marco@example.org"] {
        let mut c = client!(app);
        c.sign_in(who).await;
        let f = c.get(&format!("/pacts/new?commons={}", w.hidden)).await;
        assert!(f.body.contains(HIDDEN_NAME), "{who}");
    }

    // Bruno's pact on his own proposed commons is public once published: its page
    // does not name the commons to those who may not see it.
    let mut bruno = client!(app);
    bruno.sign_in("bruno@example.org").await;
    let id = submitted_pact(&mut bruno, w.hidden).await;
    let mut admin = client!(app);
    admin.sign_in("admin@example.org").await;
    let r = admin
        .post(
            &format!("/pacts/{id}/transition"),
            &[("transition", "publish"), ("office", &w.green.to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    for who in [None, Some("anna@example.org")] {
        let mut c = client!(app);
        if let Some(e) = who {
            c.sign_in(e).await;
        }
        for path in [format!("/pacts/{id}"), format!("/pacts/{id}/print")] {
            let p = c.get(&path).await;
            assert_eq!(p.status, StatusCode::OK, "{path}");
            assert!(!p.body.contains(HIDDEN_NAME), "{path} for {who:?}");
            assert!(p.body.contains(&format!("#{}", w.hidden)), "{path}");
        }
    }
    assert!(
        bruno
            .get(&format!("/pacts/{id}"))
            .await
            .body
            .contains(HIDDEN_NAME)
    );
}

// ---- item 14: the coordinating office ---------------------------------------------

fn coordinating(app: &TestApp) -> Vec<i64> {
    let mut conn = app.state.db.get().unwrap();
    offices::table
        .filter(offices::coordinating.eq(true))
        .select(offices::id)
        .load(&mut *conn)
        .unwrap()
}

#[actix_web::test]
async fn an_unassigned_pact_is_acted_on_by_the_coordinating_office_or_an_admin() {
    let w = world();
    let app = &w.app;
    let mut chiara = client!(app);
    chiara.sign_in("chiara@example.org").await;
    let first = submitted_pact(&mut chiara, w.commons).await;
    let second = submitted_pact(&mut chiara, w.commons).await;
    let mut marco = client!(app);
    marco.sign_in("marco@example.org").await;
    let mut sara = client!(app);
    sara.sign_in("sara@example.org").await;
    let mut olga = client!(app);
    olga.sign_in("olga@example.org").await;
    let mut admin = client!(app);
    admin.sign_in("admin@example.org").await;
    let ask = [
        ("transition", "request_integration"),
        ("reasons", "Please attach the floor plan."),
    ];
    let has_button = |body: &str, t: &str| body.contains(&format!("value=\"{t}\""));

    // No coordinating office yet: no official is concerned by a proposal before its
    // publication (they do not even see it); an administrator acts.
    assert!(coordinating(app).is_empty());
    for (who, c) in [
        ("marco", &mut marco),
        ("sara", &mut sara),
        ("olga", &mut olga),
    ] {
        let page = c.get(&format!("/pacts/{first}")).await;
        assert!(!has_button(&page.body, "request_integration"), "{who}");
        assert!(!has_button(&page.body, "reject"), "{who}");
        for tr in ["request_integration", "reject", "withdraw", "publish"] {
            let r = c
                .post(
                    &format!("/pacts/{first}/transition"),
                    &[
                        ("transition", tr),
                        ("reasons", "Please attach the floor plan."),
                        ("office", &w.green.to_string()),
                    ],
                )
                .await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{who} {tr}");
        }
    }
    assert_eq!(state_of(app, first), "submitted");
    let page = admin.get(&format!("/pacts/{second}")).await;
    assert!(has_button(&page.body, "request_integration"));
    let r = admin
        .post(&format!("/pacts/{second}/transition"), &ask)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(state_of(app, second), "awaiting_integration");

    // The administrator marks the green areas office; then its officials act, others
    // are still refused.
    let set = admin
        .post(
            "/admin/offices/coordinating",
            &[("office", &w.green.to_string())],
        )
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.body);
    assert_eq!(coordinating(app), vec![w.green]);
    let offices_page = admin.get("/admin/offices").await;
    assert!(offices_page.body.contains(&h(&t("admin-coordinating-tag"))));
    assert_eq!(
        offices_page
            .attr("#coordinating option[selected]", "value")
            .as_deref(),
        Some(w.green.to_string().as_str())
    );
    for (who, c) in [("sara", &mut sara), ("olga", &mut olga)] {
        let page = c.get(&format!("/pacts/{first}")).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{who}");
        let r = c.post(&format!("/pacts/{first}/transition"), &ask).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{who}");
    }
    let page = marco.get(&format!("/pacts/{first}")).await;
    assert!(has_button(&page.body, "request_integration"));
    let r = marco
        .post(&format!("/pacts/{first}/transition"), &ask)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(state_of(app, first), "awaiting_integration");

    // At most one: marking another office moves the mark; it can be cleared; an
    // unknown office is refused; officials cannot set it.
    let r = admin
        .post(
            "/admin/offices/coordinating",
            &[("office", &w.heritage.to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(coordinating(app), vec![w.heritage]);
    let r = admin
        .post("/admin/offices/coordinating", &[("office", "99999")])
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(coordinating(app), vec![w.heritage]);
    let r = marco
        .post(
            "/admin/offices/coordinating",
            &[("office", &w.green.to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = admin
        .post("/admin/offices/coordinating", &[("office", "")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(coordinating(app).is_empty());
}

// ---- item 15: no typed text on the ledger -----------------------------------------

/// What a person might type: a token-shaped string (no spaces) full of personal data.
const HOSTILE: &str = "Sofie.DeVries/ViaRoma3/tel:3331234567";

fn who(id: i64, roles: &[Role]) -> Who {
    Who {
        id,
        roles: roles.to_vec(),
        verified: true,
    }
}

/// A pact text with the hostile string in every clause a person types.
fn hostile_text(note: &str) -> TextInput {
    let today = chrono::Utc::now().date_naive();
    let x = format!("{HOSTILE} {note}");
    TextInput {
        title: x.clone(),
        objectives: x.clone(),
        activities: x.clone(),
        start_date: today.to_string(),
        end_date: (today + chrono::Duration::days(300)).to_string(),
        commitments: x.clone(),
        public_use: x.clone(),
        risks: x.clone(),
        insurance_policy: HOSTILE.into(),
        insurer: HOSTILE.into(),
        insurance_expiry: (today + chrono::Duration::days(200)).to_string(),
        liability: x.clone(),
        reporting_months: "6".into(),
        output_licence: HOSTILE.into(),
        termination: x.clone(),
        disputes: x.clone(),
        support: vec![(
            "materials".into(),
            HOSTILE.into(),
            HOSTILE.into(),
            HOSTILE.into(),
        )],
    }
}

#[actix_web::test]
async fn no_ledger_entry_carries_what_a_person_typed() {
    let w = world();
    let app = &w.app;
    let mut conn = app.state.db.get().unwrap();
    let conn = &mut *conn;
    in_tx(conn, |cx| {
        pactum::accounts::admin::set_coordinating_office_unchecked(cx, Some(w.green))
    })
    .unwrap();
    let (chiara, marco, sara, anna) = (
        who(w.chiara, &[Role::Citizen]),
        who(w.marco, &[Role::Citizen, Role::Official]),
        who(w.sara, &[Role::Citizen, Role::Official]),
        who(w.anna, &[Role::Citizen]),
    );
    let elena = who(w.elena, &[Role::Citizen, Role::Official, Role::Signatory]);
    let env = env_at(app, 0);
    let rules = pactum::pacts::store::rules(&app.state.config);
    let terms = Terms {
        kind: Some(PactType::Ordinary),
        intensity: Some(Intensity::OccasionalCare),
        group: None,
        commons: vec![w.commons],
        cosigners: vec![],
        participants: "Neighbours of the garden.".into(),
        ..Terms::default()
    };
    let fire = |conn: &mut pactum::db::AnyConnection,
                env: &Env,
                by: &Who,
                id: i64,
                t: Transition,
                extra: &Extra| {
        in_tx(conn, |cx| {
            service::fire_in(
                cx,
                env,
                By::Person(by),
                id,
                t,
                &format!("{HOSTILE} why"),
                extra,
            )
        })
        .unwrap_or_else(|e| panic!("{t:?}: {e:?}"))
    };
    let none = Extra::default();
    let frozen = |conn: &mut pactum::db::AnyConnection, id: i64| -> String {
        pacts::table
            .find(id)
            .select(pacts::frozen_sha256)
            .first::<Option<String>>(conn)
            .unwrap()
            .unwrap()
    };
    let new_pact = |conn: &mut pactum::db::AnyConnection| -> i64 {
        let id = in_tx(conn, |cx| {
            service::create_in(
                cx,
                &env,
                &chiara,
                &terms,
                hostile_text("v1").validate(&rules),
            )
        })
        .unwrap_or_else(|e| panic!("create: {e:?}"));
        fire(conn, &env, &chiara, id, Transition::Submit, &none);
        id
    };

    // A pact through its whole life, typed text everywhere.
    let id = new_pact(conn);
    fire(
        conn,
        &env,
        &marco,
        id,
        Transition::RequestIntegration,
        &none,
    );
    fire(conn, &env, &chiara, id, Transition::Integrate, &none);
    let publish = Extra {
        act_number: HOSTILE.into(),
        routing: Some(pactum::pacts::service::Routing {
            lead: Some(w.green),
            ..Default::default()
        }),
        new_end: None,
        ..Extra::default()
    };
    fire(conn, &env, &marco, id, Transition::Publish, &publish);
    let obs = in_tx(conn, |cx| service::observe_in(cx, &env, &anna, id, HOSTILE)).unwrap();
    in_tx(conn, |cx| {
        service::reply_in(cx, &env, &chiara, obs, HOSTILE, false)
    })
    .unwrap();
    let later = env_at(app, 90);
    in_tx(conn, |cx| service::run_deadlines(cx, &later)).unwrap();
    assert_eq!(state_of(app, id), "in_review");
    in_tx(conn, |cx| {
        service::request_opinions_in(cx, &later, &marco, id, &[w.heritage])
    })
    .unwrap();
    in_tx(conn, |cx| {
        service::give_opinion_in(
            cx,
            &later,
            &sara,
            id,
            w.heritage,
            Some(Opinion::Unfavourable),
            HOSTILE,
        )
    })
    .unwrap();
    fire(conn, &later, &marco, id, Transition::StartCoDesign, &none);
    in_tx(conn, |cx| {
        service::edit_in(
            cx,
            &later,
            &chiara,
            id,
            Ok(None),
            hostile_text("v2").validate(&rules),
            HOSTILE,
        )
    })
    .unwrap();
    in_tx(conn, |cx| {
        service::add_meeting_in(cx, &later, &marco, id, Some(later.now), HOSTILE, HOSTILE)
    })
    .unwrap();
    let sign_all = |conn: &mut pactum::db::AnyConnection| {
        fire(conn, &later, &marco, id, Transition::FreezeText, &none);
        let sha = frozen(conn, id);
        in_tx(conn, |cx| {
            service::sign_text_in(cx, &later, &chiara, id, Party::Proposer, &sha)
        })
        .unwrap();
        in_tx(conn, |cx| {
            service::sign_text_in(cx, &later, &elena, id, Party::City, &sha)
        })
        .unwrap();
        assert_eq!(state_of(app, id), "signed");
    };
    sign_all(conn);
    let report = ReportInput {
        objectives: HOSTILE.into(),
        actions: HOSTILE.into(),
        results: HOSTILE.into(),
        resources: HOSTILE.into(),
        volunteer_hours: "12".into(),
    };
    let rid = in_tx(conn, |cx| {
        service::submit_report_in(cx, &later, &chiara, id, &report)
    })
    .unwrap();
    in_tx(conn, |cx| {
        service::evaluate_report_in(
            cx,
            &later,
            &marco,
            rid,
            Some(Evaluation::ApprovedWithRemarks),
            HOSTILE,
        )
    })
    .unwrap();
    let end: chrono::NaiveDate = pacts::table
        .find(id)
        .select(pacts::end_date)
        .first::<Option<chrono::NaiveDate>>(conn)
        .unwrap()
        .unwrap();
    let extend = Extra {
        new_end: Some(end + chrono::Duration::days(30)),
        ..Extra::default()
    };
    fire(conn, &later, &marco, id, Transition::Extend, &extend);
    fire(conn, &later, &marco, id, Transition::Amend, &none);
    in_tx(conn, |cx| {
        service::edit_in(
            cx,
            &later,
            &chiara,
            id,
            Ok(None),
            hostile_text("v3").validate(&rules),
            HOSTILE,
        )
    })
    .unwrap();
    sign_all(conn);
    // The city delivers support, described in typed text.
    let delivery = pactum::pacts::support::DeliveryInput {
        line: "0".into(),
        what: HOSTILE.into(),
        delivered_on: later.today().to_string(),
        value: "12,50".into(),
    };
    in_tx(conn, |cx| {
        service::record_delivery_in(cx, &later, &marco, id, &delivery)
    })
    .unwrap();
    // Its life after signature, typed text everywhere: an adherent leaves, is excluded,
    // the pact is suspended and resumed, a notice is answered and dismissed, a dispute
    // goes to conciliation.
    in_tx(conn, |cx| service::join_in(cx, &later, &anna, id)).unwrap();
    in_tx(conn, |cx| service::leave_in(cx, &later, &anna, id)).unwrap();
    in_tx(conn, |cx| service::join_in(cx, &later, &anna, id)).unwrap();
    in_tx(conn, |cx| {
        service::exclude_in(cx, &later, &marco, id, w.anna, HOSTILE)
    })
    .unwrap();
    fire(conn, &later, &marco, id, Transition::Suspend, &none);
    fire(conn, &later, &marco, id, Transition::Resume, &none);
    in_tx(conn, |cx| {
        service::give_notice_in(cx, &later, &marco, id, HOSTILE, "")
    })
    .unwrap();
    in_tx(conn, |cx| {
        service::answer_notice_in(cx, &later, &chiara, id, HOSTILE)
    })
    .unwrap();
    in_tx(conn, |cx| {
        service::dismiss_notice_in(cx, &later, &marco, id, HOSTILE)
    })
    .unwrap();
    in_tx(conn, |cx| {
        service::open_conciliation_in(cx, &later, &chiara, id, HOSTILE)
    })
    .unwrap();
    in_tx(conn, |cx| {
        service::name_conciliators_in(cx, &later, &chiara, id, HOSTILE, HOSTILE)
    })
    .unwrap();
    in_tx(conn, |cx| {
        service::name_conciliators_in(cx, &later, &marco, id, HOSTILE, HOSTILE)
    })
    .unwrap();
    in_tx(conn, |cx| {
        service::record_session_in(cx, &later, &marco, id, &later.today().to_string(), HOSTILE)
    })
    .unwrap();
    in_tx(conn, |cx| {
        service::record_proposal_in(cx, &later, &marco, id, HOSTILE)
    })
    .unwrap();
    // A second notice, unanswered: after the period to answer, the pact is revoked.
    in_tx(conn, |cx| {
        service::give_notice_in(cx, &later, &marco, id, HOSTILE, "10")
    })
    .unwrap();
    let after = Env {
        now: later.now + chrono::Duration::days(11),
        ..later.clone()
    };
    fire(conn, &after, &marco, id, Transition::Revoke, &none);
    // Another pact in force concludes.
    let concluded = crate::builders::PactBuilder::new(app)
        .proposed_by(w.chiara)
        .on(w.commons)
        .until(pactum::pacts::procedure::PactState::Signed)
        .build();
    fire(conn, &later, &marco, concluded, Transition::Conclude, &none);
    // Refused and withdrawn proposals.
    let refused = new_pact(conn);
    fire(conn, &env, &marco, refused, Transition::Reject, &none);
    let withdrawn = new_pact(conn);
    fire(conn, &env, &chiara, withdrawn, Transition::Withdraw, &none);

    // A call with typed text everywhere, answered by two proposals with typed
    // participants and asks, decided with typed reasons (the answer not chosen is
    // rejected); another call cancelled with typed reasons.
    {
        use pactum::db::schema::pact_proposals;
        let input = pactum::pacts::calls::CallInput {
            office: w.green.to_string(),
            title: HOSTILE.into(),
            description: format!("{HOSTILE} described"),
            commons: w.commons.to_string(),
            theme: String::new(),
            criteria: HOSTILE.into(),
            support_offered: HOSTILE.into(),
            deadline: env.today().to_string(),
        };
        let call = in_tx(conn, |cx| {
            service::calls::publish_in(cx, &env, &marco, &input)
        })
        .unwrap_or_else(|e| panic!("call: {e:?}"));
        let answers = [new_pact(conn), new_pact(conn)];
        for a in answers {
            diesel::update(pact_proposals::table.find(a))
                .set((
                    pact_proposals::call_id.eq(Some(call)),
                    pact_proposals::participants.eq(HOSTILE),
                    pact_proposals::ask.eq(HOSTILE),
                ))
                .execute(conn)
                .unwrap();
        }
        in_tx(conn, |cx| {
            service::calls::choose_in(cx, &later, &marco, call, Some(answers[0]), HOSTILE)
        })
        .unwrap_or_else(|e| panic!("choose: {e:?}"));
        assert_eq!(state_of(app, answers[1]), "rejected");
        let other = in_tx(conn, |cx| {
            service::calls::publish_in(cx, &env, &marco, &input)
        })
        .unwrap_or_else(|e| panic!("call: {e:?}"));
        in_tx(conn, |cx| {
            service::calls::cancel_in(cx, &env, &marco, other, HOSTILE)
        })
        .unwrap_or_else(|e| panic!("cancel: {e:?}"));
    }

    // A commons with typed name and reasons, through recognition, dormancy, revival.
    let input = commons_input(HOSTILE, &format!("{HOSTILE} described"));
    let c = in_tx(conn, |cx| {
        insert_unchecked(cx, w.chiara, &NewCommons::validate(&input).unwrap())
    })
    .unwrap();
    for d in [
        Decision::Recognise,
        Decision::MarkDormant,
        Decision::Revive,
        Decision::Retire,
    ] {
        in_tx(conn, |cx| {
            decide_unchecked(cx, w.marco, c, d, &format!("{HOSTILE} because"))
        })
        .unwrap()
        .unwrap();
    }
    // A duplicate with typed text, edited with a typed reason, merged with typed
    // reasons.
    let dup = in_tx(conn, |cx| {
        insert_unchecked(cx, w.chiara, &NewCommons::validate(&input).unwrap())
    })
    .unwrap();
    let mut fields = NewCommons::validate(&input).unwrap();
    fields.name = format!("{HOSTILE} renamed");
    let seen = pactum::commons::service::version_of(
        pactum::commons::service::load(conn, dup)
            .unwrap()
            .updated_at,
    );
    in_tx(conn, |cx| {
        pactum::commons::service::edit_unchecked(
            cx,
            marco.clone(),
            dup,
            pactum::commons::service::Edit {
                fields,
                reason: HOSTILE.into(),
                seen,
            },
        )
    })
    .unwrap()
    .unwrap();
    in_tx(conn, |cx| {
        pactum::commons::service::merge_unchecked(cx, w.marco, dup, w.commons, HOSTILE)
    })
    .unwrap()
    .unwrap();
    // Roles given and taken.
    in_tx(conn, |cx| {
        pactum::accounts::admin::grant_role_unchecked(cx, Some(w.admin), w.anna, Role::Signatory)
    })
    .unwrap();
    in_tx(conn, |cx| {
        pactum::accounts::admin::revoke_role_unchecked(cx, Some(w.admin), w.anna, Role::Signatory)
    })
    .unwrap();

    // A vote with a typed question and options, cast and closed.
    {
        use pactum::assemblies::model::vote::{Ballot, VoteInput, VoteSettings};
        use pactum::assemblies::service::votes;
        let slug = crate::builders::BodyBuilder::assembly(&format!("Assembly {}", &HOSTILE[..3]))
            .facilitator(w.marco)
            .member(w.chiara)
            .build(app);
        let now = pactum::util::now();
        let at = |h: i64| {
            (now + chrono::Duration::hours(h))
                .format("%Y-%m-%dT%H:%M")
                .to_string()
        };
        let s = VoteSettings::validate(&VoteInput {
            question: HOSTILE.into(),
            method: "irv".into(),
            options: format!("{HOSTILE} one\n{HOSTILE} two"),
            secrecy: "secret".into(),
            opens_at: at(-1),
            closes_at: at(1),
            ..VoteInput::default()
        })
        .unwrap();
        let v = in_tx(conn, |cx| votes::open_in(cx, &marco, &slug, &s, None, now))
            .unwrap_or_else(|_| panic!("open"));
        in_tx(conn, |cx| {
            votes::cast_in(
                cx,
                &chiara,
                &slug,
                v,
                None,
                &Ballot::Ranked(vec![1, 0]),
                None,
                now,
            )
        })
        .unwrap();
        in_tx(conn, |cx| votes::close_in(cx, v, now)).unwrap();

        // --- added by recs ---
        // A motion with a typed title and text, adopted, sent to Marco's office and
        // rejected with typed reasons.
        use pactum::assemblies::model::motion::{MotionState, NewMotion};
        use pactum::assemblies::model::recommendation::NewAnswer;
        use pactum::assemblies::service::{motions, recommendations as recs};
        use pactum::voting::api::Choice;
        let text = NewMotion::validate(HOSTILE, &format!("{HOSTILE} text"), "").unwrap();
        let m = in_tx(conn, |cx| motions::table_in(cx, &chiara, &slug, &text, now)).unwrap();
        in_tx(conn, |cx| {
            motions::decide_in(cx, &marco, &slug, m, MotionState::Scheduled, now)
        })
        .unwrap();
        let yes = VoteSettings {
            method: pactum::voting::api::Method::YesNoAbstain,
            options: Vec::new(),
            ..s.clone()
        };
        let v = in_tx(conn, |cx| {
            votes::open_in(cx, &marco, &slug, &yes, Some(m), now)
        })
        .unwrap_or_else(|_| panic!("open"));
        in_tx(conn, |cx| {
            votes::cast_in(
                cx,
                &chiara,
                &slug,
                v,
                None,
                &Ballot::YesNo(Choice::Yes),
                None,
                now,
            )
        })
        .unwrap();
        in_tx(conn, |cx| votes::close_in(cx, v, now)).unwrap();
        let letters = recs::Letters {
            base_url: "http://localhost:8080".into(),
            city: "Testville".into(),
        };
        let office = pactum::accounts::api::offices_of(conn, w.marco).unwrap()[0];
        let r = in_tx(conn, |cx| {
            recs::send_in(
                cx,
                &letters,
                &marco,
                &slug,
                &m.to_string(),
                &office.to_string(),
                now,
            )
        })
        .unwrap_or_else(|_| panic!("send"));
        let official = Who {
            roles: vec![Role::Citizen, Role::Official],
            ..marco.clone()
        };
        let reasons = NewAnswer::validate("rejected", &format!("{HOSTILE} reasons"), "").unwrap();
        in_tx(conn, |cx| {
            recs::answer_in(cx, &letters, &official, &slug, r, &reasons, now)
        })
        .unwrap_or_else(|_| panic!("answer"));
    }

    // Decarbonisation tokens, every kind, with typed text wherever a person types.
    {
        use pactum::tokens::model::claim::ClaimInput;
        use pactum::tokens::service::{claims, post, programmes, reviews, wallet};
        let now = pactum::util::now();
        let admin = who(w.anna, &[Role::Citizen, Role::Admin]);
        let vera = who(
            app.user("vera.verifier@example.org", "Vera", &[Role::Verifier]),
            &[Role::Verifier],
        );
        let key = || pactum::util::random_token();
        in_tx(conn, |cx| {
            programmes::create_in(
                cx,
                &admin,
                &programmes::ProgrammeForm {
                    name: "Decarb".into(),
                    code: "DECARB".into(),
                    description: format!("{HOSTILE} description"),
                    buffer_percent: "5".into(),
                    second_verifier_tokens: "10000".into(),
                    rate_euros: "0.10".into(),
                    transferable: Some("on".into()),
                },
                now,
            )
        })
        .unwrap();
        in_tx(conn, |cx| {
            programmes::publish_in(
                cx,
                &admin,
                &programmes::MethodologyForm {
                    formula: "rooftop_pv".into(),
                    title: format!("{HOSTILE} title"),
                    applicability: format!("{HOSTILE} applicability"),
                    factors: vec![("grid".into(), "electricity_be_2022".into(), "2022".into())],
                },
                &pactum::tokens::shipped_factors().unwrap(),
                now,
            )
        })
        .unwrap();
        in_tx(conn, |cx| {
            programmes::accredit_in(cx, &admin, "decarb", "vera.verifier@example.org", now)
        })
        .unwrap();
        in_tx(conn, |cx| {
            programmes::create_point_in(
                cx,
                &admin,
                "decarb",
                &programmes::PointForm {
                    name: "Bus day pass".into(),
                    description: format!("{HOSTILE} point"),
                    price_tokens: "5".into(),
                    office: String::new(),
                },
                now,
            )
        })
        .unwrap();
        let deposit = programmes::DepositForm {
            sponsor: format!("{HOSTILE} sponsor"),
            euros: "100".into(),
            purpose: format!("{HOSTILE} purpose"),
            idempotency_key: key(),
        };
        let index = post::begin(conn).unwrap();
        in_tx(conn, |cx| {
            programmes::deposit_in(cx, &admin, "decarb", &deposit, index, now)
        })
        .unwrap();
        let form = claims::ClaimForm {
            input: ClaimInput {
                methodology: "PV01@1".into(),
                asset: "VIAROMA3/3331234567".into(),
                starts_on: "2025-01-01".into(),
                ends_on: "2025-12-31".into(),
            },
            group: String::new(),
            activity: vec![
                ("pv_kwp".into(), "3".into()),
                ("yield_kwh_per_kwp".into(), "1300".into()),
            ],
            idempotency_key: key(),
        };
        let claim = in_tx(conn, |cx| {
            claims::submit_in(cx, &chiara, "decarb", &form, &[], now)
        })
        .unwrap();
        let review = |decision: &str| reviews::ReviewForm {
            decision: decision.into(),
            reason: format!("{HOSTILE} reason"),
            idempotency_key: key(),
        };
        let index = post::begin(conn).unwrap();
        in_tx(conn, |cx| {
            reviews::review_in(cx, &vera, claim.id, &review("ask"), "TESTVILLE", index, now)
        })
        .unwrap();
        in_tx(conn, |cx| {
            claims::answer_in(cx, &chiara, claim.id, &format!("{HOSTILE} reply"), &[], now)
        })
        .unwrap();
        let index = post::begin(conn).unwrap();
        in_tx(conn, |cx| {
            reviews::review_in(
                cx,
                &vera,
                claim.id,
                &review("approve"),
                "TESTVILLE",
                index,
                now,
            )
        })
        .unwrap();
        let to = pactum::tokens::store::open_holder_account(
            conn,
            1,
            pactum::tokens::store::Holder::Person(w.marco),
            now,
        )
        .unwrap();
        let index = post::begin(conn).unwrap();
        let transfer = wallet::TransferForm {
            to: to.pseudonym,
            amount: "10".into(),
            group: String::new(),
            idempotency_key: key(),
        };
        in_tx(conn, |cx| {
            wallet::transfer_in(cx, &chiara, "decarb", &transfer, index, now)
        })
        .unwrap();
        let spend = wallet::SpendForm {
            point: "bus-day-pass".into(),
            quantity: "1".into(),
            group: String::new(),
            idempotency_key: key(),
        };
        let index = post::begin(conn).unwrap();
        in_tx(conn, |cx| {
            wallet::spend_in(cx, &chiara, "decarb", &spend, index, now)
        })
        .unwrap();
        for decision in ["pay", "void"] {
            let exchange = wallet::ExchangeForm {
                amount: "20".into(),
                group: String::new(),
                idempotency_key: key(),
            };
            let index = post::begin(conn).unwrap();
            let held = in_tx(conn, |cx| {
                wallet::exchange_in(cx, &chiara, "decarb", &exchange, index, now)
            })
            .unwrap();
            let settle = wallet::SettleForm {
                decision: decision.into(),
                reason: format!("{HOSTILE} settle"),
                idempotency_key: key(),
            };
            let index = post::begin(conn).unwrap();
            in_tx(conn, |cx| {
                wallet::settle_in(cx, &admin, held.id, &settle, index, now)
            })
            .unwrap();
        }
    }

    // A pact signed before Pactum, imported with a scanned PDF: typed title, parties,
    // address, description and PDF name.
    {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(format!("{}.pdf", &HOSTILE[..5])),
            b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n",
        )
        .unwrap();
        let mut csv = pactum::web::csv::Table::new(&[
            "external_id",
            "titolo",
            "proponente",
            "Rappresentante",
            "indirizzo",
            "descrizione",
            "state",
            "data_sottoscrizione",
            "pdf",
        ])
        .unwrap();
        use pactum::web::csv::Cell::{Text, Value};
        csv.row(&[
            Text(HOSTILE),
            Text(HOSTILE),
            Text(HOSTILE),
            Text(&format!("{HOSTILE} rep")),
            Text(HOSTILE),
            Text(HOSTILE),
            Value("signed".into()),
            Value("2019-04-01".into()),
            Text(&format!("{}.pdf", &HOSTILE[..5])),
        ])
        .unwrap();
        let checked = pactum::imports::check(
            conn,
            pactum::imports::What::Pacts,
            &csv.finish().unwrap(),
            Some(pactum::imports::Scans {
                dir: dir.path(),
                store_in: Some(&app.state.config.data_dir),
            }),
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        let done = pactum::imports::save(conn, &checked, Some(w.admin), &|_| {}).unwrap();
        assert_eq!(done.pdfs, 1);
    }

    // Every entry: none holds the typed text, each matches its declared fields, and
    // every declared kind was written.
    let size = pactum::ledger::store::size(conn).unwrap();
    let mut kinds = std::collections::BTreeSet::new();
    for i in 0..size {
        let e = pactum::ledger::store::entry(conn, i).unwrap().unwrap();
        for piece in [HOSTILE, "3331234567", "DeVries", "ViaRoma3"] {
            assert!(
                !e.body.contains(piece),
                "entry {i} carries {piece:?}: {}",
                e.body
            );
        }
        assert_eq!(
            pactum::ledger::kinds::check_body(&e.body),
            Ok(()),
            "entry {i}: {}",
            e.body
        );
        kinds.insert(e.kind.clone());
    }
    let declared: std::collections::BTreeSet<String> = pactum::ledger::kinds::KINDS
        .iter()
        .map(|k| k.kind.to_string())
        .collect();
    assert_eq!(kinds, declared, "the walk writes every declared kind");
    // The act number is there as its hash: anyone holding the act can check it.
    let published = (0..size)
        .map(|i| pactum::ledger::store::entry(conn, i).unwrap().unwrap())
        .find(|e| e.kind == "pact.publish")
        .unwrap();
    assert!(
        published
            .body
            .contains(&pactum::util::sha256_hex(HOSTILE.as_bytes())),
        "{}",
        published.body
    );
}
