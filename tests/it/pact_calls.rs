//! Calls on the commons the city owns (issue 15, item 7): an office publishes a call,
//! proposals answer it until its deadline, the office compares the answers after the
//! deadline and chooses one with reasons (the others are closed), or cancels the call;
//! a complex pact's publication opens a competition for its commons.

use crate::support::in_tx;
use actix_web::http::StatusCode;
use chrono::{Duration, NaiveDate};
use diesel::prelude::*;
use pactum::db::schema::{pact_calls, pact_proposals, pact_support, pact_versions};
use pactum::kit::clock::Clock;
use pactum::pacts::calls::{CallInput, CallKind, CallStatus};
use pactum::pacts::procedure::{PactState, Transition};
use pactum::pacts::service::{self, By, Extra, calls};
use pactum::pacts::store::Env;
use pactum::web::forms::Refusal;

use crate::builders::{CommonsBuilder, OfficeBuilder, PactBuilder, UserBuilder, env_at, who};
use crate::client;
use crate::pacts::{h, state_of, t};
use crate::support::TestApp;

struct World {
    app: TestApp,
    green: i64,
    heritage: i64,
    chiara: i64,
    anna: i64,
    bruno: i64,
    marco: i64,
    sara: i64,
    /// A recognised commons the city owns.
    garden: i64,
    /// A recognised commons another public body owns.
    school: i64,
}

/// Green areas coordinate (Marco works there); Sara works in heritage; Chiara, Anna
/// and Bruno are citizens; Ada administers.
fn world() -> World {
    let app = TestApp::new();
    let green = OfficeBuilder::new("Green areas").coordinating().build(&app);
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
    person("admin", "Ada Admin").admin().build(&app);
    let garden = CommonsBuilder::new(&app)
        .named("Giardino Lunetta")
        .described("A park the city owns, with an old greenhouse.")
        .proposed_by(chiara)
        .recognised_by(marco)
        .build();
    let school = CommonsBuilder::new(&app)
        .named("Cortile della scuola")
        .described("A schoolyard the province owns.")
        .owned_by("other_public")
        .proposed_by(chiara)
        .recognised_by(marco)
        .build();
    World {
        app,
        green,
        heritage,
        chiara,
        anna,
        bruno,
        marco,
        sara,
        garden,
        school,
    }
}

fn input(office: i64, commons: i64, deadline: NaiveDate) -> CallInput {
    CallInput {
        office: office.to_string(),
        title: "Care for the Lunetta garden".into(),
        description: "The city offers the garden and its greenhouse for care.".into(),
        commons: commons.to_string(),
        theme: String::new(),
        criteria: "Experience with gardens; openness to the neighbourhood.".into(),
        support_offered: "Tools, water and training.".into(),
        deadline: deadline.to_string(),
    }
}

/// Today, as the services see it now.
fn today(app: &TestApp) -> NaiveDate {
    env_at(app, 0).today()
}

/// Marco publishes a call on the garden for green areas, open `days` more days.
fn published(w: &World, days: i64) -> i64 {
    let mut conn = w.app.state.db.get().unwrap();
    let deadline = today(&w.app) + Duration::days(days);
    in_tx(&mut conn, |cx| {
        calls::publish_in(
            cx,
            &env_at(&w.app, 0),
            &who(&w.app, w.marco),
            &input(w.green, w.garden, deadline),
        )
    })
    .unwrap_or_else(|e| panic!("publish: {e:?}"))
}

/// A proposal by `by` on `commons` answering `call` (the proposal's row, as the
/// proposal form will write it), submitted unless `draft`.
fn answer(app: &TestApp, by: i64, commons: i64, call: i64, title: &str, draft: bool) -> i64 {
    let id = PactBuilder::new(app)
        .proposed_by(by)
        .on(commons)
        .titled(title)
        .support("materials", "Gloves and rakes", "10", "one year")
        .build();
    let mut conn = app.state.db.get().unwrap();
    diesel::update(pact_proposals::table.find(id))
        .set((
            pact_proposals::call_id.eq(Some(call)),
            pact_proposals::participants.eq(format!("{title}: twelve neighbours")),
            pact_proposals::ask.eq(format!("{title}: water and tools")),
        ))
        .execute(&mut *conn)
        .unwrap();
    if !draft {
        in_tx(&mut conn, |cx| {
            service::fire_in(
                cx,
                &env_at(app, 0),
                By::Person(&who(app, by)),
                id,
                Transition::Submit,
                "",
                &Extra::default(),
            )
        })
        .unwrap_or_else(|e| panic!("submit: {e:?}"));
    }
    id
}

/// Sets the estimated value of the current version's first support line.
fn value_support(app: &TestApp, pact: i64, cents: i64) {
    let mut conn = app.state.db.get().unwrap();
    let version: i64 = pact_versions::table
        .filter(pact_versions::pact_id.eq(pact))
        .order(pact_versions::number.desc())
        .select(pact_versions::id)
        .first(&mut *conn)
        .unwrap();
    diesel::update(pact_support::table.filter(pact_support::version_id.eq(version)))
        .set(pact_support::value_cents.eq(Some(cents)))
        .execute(&mut *conn)
        .unwrap();
}

fn call_row(app: &TestApp, id: i64) -> calls::Call {
    calls::load_call(&mut app.state.db.get().unwrap(), id).unwrap()
}

fn ledger_kinds(app: &TestApp) -> Vec<String> {
    let mut conn = app.state.db.get().unwrap();
    let n = pactum::ledger::store::size(&mut conn).unwrap();
    (0..n)
        .map(|i| {
            let body = pactum::ledger::store::entry(&mut conn, i)
                .unwrap()
                .unwrap()
                .body;
            let v: serde_json::Value = serde_json::from_str(&body).unwrap();
            v["kind"].as_str().unwrap_or("").to_string()
        })
        .collect()
}

/// The app's clock at noon on `day`.
fn clock_on(app: &mut TestApp, day: NaiveDate) {
    app.state.ports.clock = Clock::Fixed(day.and_hms_opt(12, 0, 0).unwrap());
}

fn field_error(r: Result<i64, Refusal>, field: &str) -> &'static str {
    match r {
        Err(Refusal::Form(e)) => e.get(field),
        other => panic!("expected a field refusal, got {other:?}"),
    }
}

#[actix_web::test]
async fn a_call_is_published_only_on_a_commons_the_city_owns_and_with_a_future_deadline() {
    let w = world();
    let app = &w.app;
    let env = env_at(app, 0);
    let day = today(app) + Duration::days(20);
    let mut conn = app.state.db.get().unwrap();
    let marco = who(app, w.marco);
    // Not the city's commons.
    let r = in_tx(&mut conn, |cx| {
        calls::publish_in(cx, &env, &marco, &input(w.green, w.school, day))
    });
    assert_eq!(field_error(r, "commons"), "field-call-commons-not-city");
    // No such commons.
    let r = in_tx(&mut conn, |cx| {
        calls::publish_in(cx, &env, &marco, &input(w.green, 999_999, day))
    });
    assert_eq!(field_error(r, "commons"), "field-call-commons-unknown");
    // A deadline in the past, or too far.
    let past = input(w.green, w.garden, today(app) - Duration::days(1));
    let r = in_tx(&mut conn, |cx| calls::publish_in(cx, &env, &marco, &past));
    assert_eq!(field_error(r, "deadline"), "field-call-deadline-past");
    let far = input(w.green, w.garden, today(app) + Duration::days(800));
    let r = in_tx(&mut conn, |cx| calls::publish_in(cx, &env, &marco, &far));
    assert_eq!(field_error(r, "deadline"), "field-call-deadline-far");
    // Sara publishes for heritage, not for green areas; a citizen not at all.
    let r = in_tx(&mut conn, |cx| {
        calls::publish_in(cx, &env, &who(app, w.sara), &input(w.green, w.garden, day))
    });
    assert!(
        matches!(
            r,
            Err(Refusal::App(pactum::error::AppError::ForbiddenBecause(
                "call-refused-other-office"
            )))
        ),
        "{r:?}"
    );
    let r = in_tx(&mut conn, |cx| {
        calls::publish_in(
            cx,
            &env,
            &who(app, w.chiara),
            &input(w.green, w.garden, day),
        )
    });
    assert!(
        matches!(r, Err(Refusal::App(pactum::error::AppError::Forbidden))),
        "{r:?}"
    );
    assert_eq!(app.count("pact_calls"), 0);
    // Marco's call on the garden, and Sara's on a theme.
    let id = in_tx(&mut conn, |cx| {
        calls::publish_in(cx, &env, &marco, &input(w.green, w.garden, day))
    })
    .unwrap();
    let themed = CallInput {
        commons: String::new(),
        theme: "Schoolyards open in summer".into(),
        ..input(w.heritage, 0, day)
    };
    let t2 = in_tx(&mut conn, |cx| {
        calls::publish_in(cx, &env, &who(app, w.sara), &themed)
    })
    .unwrap();
    drop(conn);
    let c = call_row(app, id);
    assert_eq!(
        (c.kind, c.office_id, c.commons_id, c.deadline),
        (CallKind::Call, w.green, Some(w.garden), day)
    );
    assert_eq!(c.status(today(app)), CallStatus::Open);
    assert_eq!(call_row(app, t2).theme, "Schoolyards open in summer");
    // On the ledger: ids and hashes, never the text.
    let mut conn = app.state.db.get().unwrap();
    let n = pactum::ledger::store::size(&mut conn).unwrap();
    let body = pactum::ledger::store::entry(&mut conn, n - 2)
        .unwrap()
        .unwrap()
        .body;
    assert!(body.contains("\"kind\":\"call.published\""), "{body}");
    assert!(
        body.contains(&format!("\"commons\":{}", w.garden)),
        "{body}"
    );
    assert!(!body.contains("Lunetta"), "{body}");
}

#[actix_web::test]
async fn the_calls_pages_publish_list_and_show_a_call() {
    let w = world();
    let app = &w.app;
    let mut marco = client!(app);
    marco.sign_in("marco@example.org").await;
    let form = marco.get(&format!("/calls/new?commons={}", w.garden)).await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(form.attr("#commons", "value"), Some(w.garden.to_string()));
    // Marco's only office is chosen for him.
    assert_eq!(
        form.attr("#office option[selected]", "value"),
        Some(w.green.to_string())
    );
    let mut chiara = client!(app);
    chiara.sign_in("chiara@example.org").await;
    assert_eq!(chiara.get("/calls/new").await.status, StatusCode::FORBIDDEN);
    let deadline = today(app) + Duration::days(20);
    let green = w.green.to_string();
    let garden = w.garden.to_string();
    let school = w.school.to_string();
    let d = deadline.to_string();
    let fields = |commons: &'static str, c: &str| {
        vec![
            ("office", green.clone()),
            ("title", "Care for the Lunetta garden".to_string()),
            ("description", "The city offers the garden.".to_string()),
            (commons, c.to_string()),
            ("criteria", "Experience with gardens.".to_string()),
            ("support_offered", "Tools and water.".to_string()),
            ("deadline", d.clone()),
        ]
    };
    let refused = marco
        .post(
            "/calls/new",
            &crate::pacts::fields(&fields("commons", &school)),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.has("#error-summary"));
    assert!(refused.body.contains(&h(&t("field-call-commons-not-city"))));
    let ok = marco
        .post(
            "/calls/new",
            &crate::pacts::fields(&fields("commons", &garden)),
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let url = ok.location();
    let id: i64 = url.trim_start_matches("/calls/").parse().unwrap();
    // Anyone sees it: what, where, the deadline in the page's language, how to answer.
    let mut public = client!(app);
    let page = public.get(&url).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.texts("h1"), ["Care for the Lunetta garden"]);
    assert!(page.has(&format!("a[href='/commons/{}']", w.garden)));
    assert!(page.body.contains(&format!("datetime=\"{deadline}\"")));
    assert!(page.body.contains(&pactum::web::dates::date(
        pactum::web::i18n::Lang::En,
        deadline
    )));
    assert_eq!(
        page.attr("a.button", "href"),
        Some(format!("/pacts/new?call={id}"))
    );
    assert!(!page.has("#cancel"), "the public cannot cancel");
    assert!(page.texts("#answers .card").is_empty());
    // Marco may cancel and compare.
    let mine = marco.get(&url).await;
    assert!(mine.has("#cancel form"));
    assert!(mine.has(&format!("a[href='/calls/{id}/answers']")));
    // The list: open calls first.
    let list = public.get("/calls").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.has(&format!("#calls-open a[href='/calls/{id}']")));
    assert!(!list.has("#calls-closed"));
    // Linked from the pacts list.
    assert!(public.get("/pacts").await.has("a[href='/calls']"));
    // Once the deadline has passed it is listed among the closed calls, and the page
    // no longer offers to answer.
    let mut later = w.app;
    clock_on(&mut later, deadline + Duration::days(1));
    let mut public = client!(later);
    let list = public.get("/calls").await;
    assert!(list.has(&format!("#calls-closed a[href='/calls/{id}']")));
    assert!(!list.has("#calls-open"));
    let page = public.get(&url).await;
    assert!(!page.has("a.button"));
    assert!(page.body.contains(&t("call-status-closed")));
}

#[actix_web::test]
async fn a_call_answered_after_its_deadline_is_refused() {
    let w = world();
    let app = &w.app;
    let id = published(&w, 10);
    let deadline = call_row(app, id).deadline;
    let mut conn = app.state.db.get().unwrap();
    let on = |day: NaiveDate| Env {
        now: day.and_hms_opt(23, 59, 0).unwrap(),
        ..env_at(app, 0)
    };
    let garden = [w.garden];
    // Until the end of the deadline's day.
    assert!(
        in_tx(&mut conn, |cx| calls::check_answer_in(
            cx,
            &on(today(app)),
            id,
            &garden
        ))
        .is_ok()
    );
    assert!(
        in_tx(&mut conn, |cx| calls::check_answer_in(
            cx,
            &on(deadline),
            id,
            &garden
        ))
        .is_ok()
    );
    let after = on(deadline + Duration::days(1));
    let refused = |r: Result<(), Refusal>| match r {
        Err(Refusal::Form(e)) => e.iter().copied().collect::<Vec<_>>(),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        refused(in_tx(&mut conn, |cx| calls::check_answer_in(
            cx, &after, id, &garden
        ))),
        [("call", "call-refused-deadline")]
    );
    // A call on a commons wants the proposal to name it.
    assert_eq!(
        refused(in_tx(&mut conn, |cx| calls::check_answer_in(
            cx,
            &on(deadline),
            id,
            &[w.school]
        ))),
        [("commons", "field-call-commons-mismatch")]
    );
    assert_eq!(
        refused(in_tx(&mut conn, |cx| calls::check_answer_in(
            cx, &after, 999_999, &garden
        ))),
        [("call", "call-refused-unknown")]
    );
    // A cancelled call takes no answer.
    in_tx(&mut conn, |cx| {
        calls::cancel_in(
            cx,
            &on(today(app)),
            &who(app, w.marco),
            id,
            "The garden is closed for works.",
        )
    })
    .unwrap();
    assert_eq!(
        refused(in_tx(&mut conn, |cx| calls::check_answer_in(
            cx,
            &on(today(app)),
            id,
            &garden
        ))),
        [("call", "call-refused-cancelled")]
    );
    // Every refusal has its message.
    for key in [
        "call-refused-deadline",
        "call-refused-cancelled",
        "call-refused-decided",
        "call-refused-unknown",
        "field-call-commons-mismatch",
    ] {
        assert_ne!(t(key), key);
    }
}

#[actix_web::test]
async fn answers_are_compared_after_the_deadline_and_one_is_chosen_with_reasons() {
    let w = world();
    let id = published(&w, 10);
    let deadline = call_row(&w.app, id).deadline;
    let first = answer(&w.app, w.chiara, w.garden, id, "Orto di Chiara", false);
    value_support(&w.app, first, 12_050);
    let second = answer(&w.app, w.anna, w.garden, id, "Serra di Anna", false);
    let third = answer(&w.app, w.bruno, w.garden, id, "Aiuole di Bruno", false);
    let draft = answer(&w.app, w.bruno, w.garden, id, "Bozza di Bruno", true);
    // The office asked Bruno for a document: his answer waits for it (no rejection is
    // possible from there: it will be withdrawn).
    {
        let mut conn = w.app.state.db.get().unwrap();
        in_tx(&mut conn, |cx| {
            service::fire_in(
                cx,
                &env_at(&w.app, 0),
                By::Person(&who(&w.app, w.marco)),
                third,
                Transition::RequestIntegration,
                "Please attach the plan of the beds.",
                &Extra::default(),
            )
        })
        .unwrap();
        assert_eq!(
            calls::undecided_call_of(&mut conn, first).unwrap(),
            Some(id)
        );
    }
    let url = format!("/calls/{id}/answers");
    // Before the deadline the answers stay sealed, and the page says until when.
    let mut marco = client!(w.app);
    marco.sign_in("marco@example.org").await;
    let early = marco.get(&url).await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert!(early.has("#too-early"));
    assert!(!early.has("#comparison"));
    let early_choice = marco
        .post(
            &format!("/calls/{id}/choose"),
            &[
                ("chosen", &first.to_string()),
                ("reasons", "The best plan."),
            ],
        )
        .await;
    assert_eq!(early_choice.status, StatusCode::CONFLICT);

    let mut app = w.app;
    clock_on(&mut app, deadline + Duration::days(1));
    let mut marco = client!(app);
    marco.sign_in("marco@example.org").await;
    let page = marco.get(&url).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    // Side by side: every submitted answer, no draft.
    let rows = page.texts("#comparison tbody th");
    assert_eq!(rows.len(), 3, "{rows:?}");
    for a in [first, second, third] {
        assert!(page.has(&format!("#answer-{a}")), "{a}");
    }
    assert!(!page.has(&format!("#answer-{draft}")));
    let row = page.texts(&format!("#answer-{first} td")).join(" | ");
    assert!(row.contains("Chiara Romano"), "{row}");
    assert!(row.contains("Orto di Chiara: twelve neighbours"), "{row}");
    assert!(row.contains("Orto di Chiara: water and tools"), "{row}");
    assert!(row.contains("Keep the beds tidy."), "{row}");
    assert!(row.contains("120.50 €"), "{row}");
    // Others may not compare: Sara of heritage, a citizen.
    let mut sara = client!(app);
    sara.sign_in("sara@example.org").await;
    assert_eq!(sara.get(&url).await.status, StatusCode::FORBIDDEN);
    let mut anna = client!(app);
    anna.sign_in("anna@example.org").await;
    assert_eq!(anna.get(&url).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        anna.post(
            &format!("/calls/{id}/choose"),
            &[
                ("chosen", &second.to_string()),
                ("reasons", "I like mine best.")
            ]
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    // Reasons are required; the draft cannot be chosen.
    let short = marco
        .post(
            &format!("/calls/{id}/choose"),
            &[("chosen", &first.to_string()), ("reasons", "Best.")],
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.has("#error-summary"));
    assert!(short.has(&format!("#chosen-{first}[checked]")));
    let not_an_answer = marco
        .post(
            &format!("/calls/{id}/choose"),
            &[
                ("chosen", &draft.to_string()),
                ("reasons", "The draft looked promising."),
            ],
        )
        .await;
    assert_eq!(not_an_answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        not_an_answer
            .body
            .contains(&h(&t("field-call-choice-invalid")))
    );
    let mails_before = app.deliver_mail().len();
    let reasons = "The plan of Chiara's group fits the criteria best.";
    let chosen = marco
        .post(
            &format!("/calls/{id}/choose"),
            &[("chosen", &first.to_string()), ("reasons", reasons)],
        )
        .await;
    assert_eq!(chosen.status, StatusCode::SEE_OTHER, "{}", chosen.body);
    // The choice is recorded; the others are closed with the same reasons; the draft
    // stays a draft.
    let c = call_row(&app, id);
    assert_eq!(c.chosen_pact_id, Some(first));
    assert_eq!(c.decision_reasons.as_deref(), Some(reasons));
    assert_eq!(c.decided_by, Some(w.marco));
    assert!(c.decided_at.is_some());
    assert_eq!(state_of(&app, first), "submitted");
    assert_eq!(state_of(&app, second), "rejected");
    assert_eq!(state_of(&app, third), "withdrawn");
    assert_eq!(state_of(&app, draft), "draft");
    {
        let mut conn = app.state.db.get().unwrap();
        let p = pactum::pacts::store::load(&mut conn, second).unwrap();
        assert_eq!(p.state_reasons.as_deref(), Some(reasons));
        // The chosen answer no longer waits for the choice.
        assert_eq!(calls::undecided_call_of(&mut conn, first).unwrap(), None);
    }
    let kinds = ledger_kinds(&app);
    for k in [
        "call.published",
        "call.chosen",
        "pact.reject",
        "pact.withdraw",
    ] {
        assert!(kinds.iter().any(|x| x == k), "{k} in {kinds:?}");
    }
    // The proposers are told.
    let mails = app.deliver_mail();
    let new: Vec<(String, String)> = mails[mails_before..]
        .iter()
        .map(|m| (m.to.clone(), m.subject.clone()))
        .collect();
    let to = |who: &str, subject: &str| {
        new.iter()
            .any(|(to, s)| to.contains(who) && s.contains(subject))
    };
    assert!(to("chiara@", "Your answer was chosen"), "{new:#?}");
    assert!(to("anna@", "Another answer was chosen"), "{new:#?}");
    assert!(to("bruno@", "Another answer was chosen"), "{new:#?}");
    // Once each: the closing of their answer says no more than the choice did.
    for who in ["anna@", "bruno@"] {
        assert_eq!(
            new.iter().filter(|(to, _)| to.contains(who)).count(),
            1,
            "{new:#?}"
        );
    }
    // The call's page shows the decision and its reasons.
    let mut public = client!(app);
    let page = public.get(&format!("/calls/{id}")).await;
    assert!(page.has("#decision"));
    assert!(page.texts("#decision").join(" ").contains(reasons));
    assert!(page.body.contains(&t("call-status-decided")));
    // A call is decided once.
    let again = marco
        .post(
            &format!("/calls/{id}/choose"),
            &[("chosen", &first.to_string()), ("reasons", reasons)],
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains(&h(&t("call-refused-decided"))));
}

#[actix_web::test]
async fn the_office_cancels_a_call_with_reasons_before_a_choice() {
    let w = world();
    let id = published(&w, 10);
    let a = answer(&w.app, w.chiara, w.garden, id, "Orto di Chiara", false);
    let url = format!("/calls/{id}");
    let mut sara = client!(w.app);
    sara.sign_in("sara@example.org").await;
    assert_eq!(
        sara.post(
            &format!("{url}/cancel"),
            &[("cancel_reasons", "Not my office's call at all.")]
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let mut marco = client!(w.app);
    marco.sign_in("marco@example.org").await;
    let short = marco
        .post(&format!("{url}/cancel"), &[("cancel_reasons", "No.")])
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.has("#error-summary"));
    let reasons = "The garden closes for a year of works.";
    let ok = marco
        .post(&format!("{url}/cancel"), &[("cancel_reasons", reasons)])
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let c = call_row(&w.app, id);
    assert!(c.cancelled_at.is_some());
    assert_eq!(c.cancel_reasons.as_deref(), Some(reasons));
    assert!(ledger_kinds(&w.app).iter().any(|k| k == "call.cancelled"));
    // The answer goes on as a proposal of its own, no longer waiting for a choice.
    assert_eq!(state_of(&w.app, a), "submitted");
    assert_eq!(
        calls::undecided_call_of(&mut w.app.state.db.get().unwrap(), a).unwrap(),
        None
    );
    assert!(
        w.app
            .deliver_mail()
            .iter()
            .any(|m| m.to.contains("chiara@") && m.subject.contains("Call cancelled"))
    );
    let page = client!(w.app).get(&url).await;
    assert!(page.texts("#cancellation").join(" ").contains(reasons));
    assert!(!page.has("a.button"), "no more answers");
    let again = marco
        .post(&format!("{url}/cancel"), &[("cancel_reasons", reasons)])
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
}

#[actix_web::test]
async fn unlisted_answers_are_shown_to_the_office_only_and_drafts_never() {
    let w = world();
    let id = published(&w, 10);
    let deadline = call_row(&w.app, id).deadline;
    answer(&w.app, w.chiara, w.garden, id, "Orto di Chiara", false);
    answer(&w.app, w.anna, w.garden, id, "Serra di Anna", false);
    answer(&w.app, w.bruno, w.garden, id, "Bozza di Bruno", true);
    let url = format!("/calls/{id}");
    let cards = |p: &crate::support::Page| p.texts("#answers .card h3");
    let mut marco = client!(w.app);
    marco.sign_in("marco@example.org").await;
    // Before the deadline, nobody sees an unpublished answer here.
    assert!(cards(&marco.get(&url).await).is_empty());
    let mut app = w.app;
    clock_on(&mut app, deadline + Duration::days(1));
    let mut marco = client!(app);
    marco.sign_in("marco@example.org").await;
    let seen = cards(&marco.get(&url).await);
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert!(!seen.iter().any(|s| s.contains("Bozza")));
    let mut public = client!(app);
    assert!(cards(&public.get(&url).await).is_empty());
    let mut anna = client!(app);
    anna.sign_in("anna@example.org").await;
    assert!(cards(&anna.get(&url).await).is_empty());
    // The service says the same.
    let mut conn = app.state.db.get().unwrap();
    let c = calls::load_call(&mut conn, id).unwrap();
    assert!(calls::answers(&mut conn, &c, true).unwrap().is_empty());
    assert_eq!(calls::answers(&mut conn, &c, false).unwrap().len(), 2);
}

#[actix_web::test]
async fn a_complex_pacts_publication_opens_one_competition_and_an_ordinary_one_none() {
    let w = world();
    let app = &w.app;
    let complex = PactBuilder::new(app)
        .proposed_by(w.chiara)
        .on(w.garden)
        .complex()
        .titled("Regenerating the greenhouse")
        .until(PactState::Published)
        .build();
    let ordinary = PactBuilder::new(app)
        .proposed_by(w.chiara)
        .on(w.garden)
        .until(PactState::Published)
        .build();
    let env = env_at(app, 0);
    let mut conn = app.state.db.get().unwrap();
    let p = pactum::pacts::store::load(&mut conn, complex).unwrap();
    // The publication opened it.
    let cid: i64 = pact_calls::table
        .filter(pact_calls::origin_pact_id.eq(complex))
        .select(pact_calls::id)
        .first(&mut *conn)
        .expect("a competition");
    // Once only.
    assert_eq!(
        in_tx(&mut conn, |cx| calls::open_competition_in(cx, &env, &p)).unwrap(),
        None
    );
    let o = pactum::pacts::store::load(&mut conn, ordinary).unwrap();
    assert_eq!(
        in_tx(&mut conn, |cx| calls::open_competition_in(cx, &env, &o)).unwrap(),
        None
    );
    let n: i64 = pact_calls::table.count().get_result(&mut *conn).unwrap();
    assert_eq!(n, 1);
    let c = calls::load_call(&mut conn, cid).unwrap();
    assert_eq!(c.kind, CallKind::Competition);
    assert_eq!(c.origin_pact_id, Some(complex));
    assert_eq!(c.commons_id, Some(w.garden));
    assert_eq!(c.office_id, w.green);
    assert_eq!(c.title, "Regenerating the greenhouse");
    assert_eq!(Some(c.deadline), p.observation_closes_at.map(|t| t.date()));
    // Anna competes for the same commons.
    drop(conn);
    assert!(
        calls::check_answer_in(&mut app.state.db.get().unwrap(), &env, cid, &[w.garden]).is_ok()
    );
    let rival = answer(
        &w.app,
        w.anna,
        w.garden,
        cid,
        "A community greenhouse",
        false,
    );
    assert_eq!(
        calls::undecided_call_of(&mut app.state.db.get().unwrap(), rival).unwrap(),
        Some(cid)
    );
    // The public page names the competition and shows the published pact among the
    // answers.
    let page = client!(app).get(&format!("/calls/{cid}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&h(&t("call-competition-intro"))));
    assert_eq!(
        page.texts("#answers .card h3"),
        ["Regenerating the greenhouse"]
    );
    // After the notice period the office compares both and keeps the pact.
    let after = Env {
        now: (c.deadline + Duration::days(1))
            .and_hms_opt(9, 0, 0)
            .unwrap(),
        ..env
    };
    let mut conn = app.state.db.get().unwrap();
    let marco = who(app, w.marco);
    let cmp = in_tx(&mut conn, |cx| calls::compare_in(cx, &after, &marco, cid)).unwrap();
    let ids: Vec<i64> = cmp.answers.iter().map(|a| a.pact).collect();
    assert_eq!(ids, [complex, rival], "the origin first");
    assert!(cmp.answers[0].origin);
    in_tx(&mut conn, |cx| {
        calls::choose_in(
            cx,
            &after,
            &marco,
            cid,
            Some(complex),
            "The pact already published covers the greenhouse best.",
        )
    })
    .unwrap();
    drop(conn);
    assert_eq!(state_of(app, rival), "rejected");
    assert_eq!(state_of(app, complex), "published");
    let kinds = ledger_kinds(app);
    assert_eq!(
        kinds.iter().filter(|k| *k == "call.published").count(),
        1,
        "{kinds:?}"
    );
}

#[actix_web::test]
async fn comparing_many_answers_costs_the_same_as_comparing_two() {
    let w = world();
    let id = published(&w, 10);
    let deadline = call_row(&w.app, id).deadline;
    let garden = w.garden;
    let mut app = w.app;
    // The pages' day is after the deadline; the answers were submitted before it (the
    // fixtures act at the system's time).
    clock_on(&mut app, deadline + Duration::days(1));
    let url = format!("/calls/{id}/answers");
    let mut cost = Vec::new();
    let mut given = 0;
    for n in [2, 6] {
        while given < n {
            let p = UserBuilder::new(&format!("neighbour{given}"))
                .named(&format!("Neighbour {given}"))
                .build(&app);
            answer(&app, p, garden, id, &format!("Answer {given}"), false);
            given += 1;
        }
        let mut marco = client!(app);
        marco.sign_in("marco@example.org").await;
        assert_eq!(marco.get(&url).await.status, StatusCode::OK);
        let before = app.statements_sent();
        let page = marco.get(&url).await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(page.texts("#comparison tbody th").len(), n);
        cost.push(app.statements_sent() - before);
        let before = app.statements_sent();
        let page = marco.get(&format!("/calls/{id}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(page.texts("#answers .card h3").len(), n);
        cost.push(app.statements_sent() - before);
    }
    eprintln!("call comparison and page statements: {cost:?}");
    assert_eq!(cost[0], cost[2], "comparison of 2 and 6 answers: {cost:?}");
    assert_eq!(cost[1], cost[3], "call page with 2 and 6 answers: {cost:?}");
}

/// The proposal form answers a call: it names the call's commons, links the proposal
/// to the call, and the procedure holds the call's rules: no submission after the
/// deadline, no publication before the office's choice.
#[actix_web::test]
async fn the_procedure_keeps_a_calls_deadline_and_waits_for_its_choice() {
    let w = world();
    let app = &w.app;
    let id = published(&w, 10);
    let mut chiara = client!(app);
    chiara.sign_in("chiara@example.org").await;
    let form = chiara.get(&format!("/pacts/new?call={id}")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(
        form.attr("#commons", "value"),
        Some(w.garden.to_string()),
        "the call's commons"
    );
    assert_eq!(form.attr("input[name=call]", "value"), Some(id.to_string()));
    let garden = w.garden.to_string();
    let call = id.to_string();
    let short = |commons: &str| {
        vec![
            ("form", "short".to_string()),
            ("call", call.clone()),
            ("title", "Greenhouse seedlings".to_string()),
            (
                "objectives",
                "Raise seedlings for the neighbours.".to_string(),
            ),
            ("commons", commons.to_string()),
            ("participants", "Twelve neighbours.".to_string()),
            ("ask", "Water.".to_string()),
            ("kind", "ordinary".to_string()),
            ("intensity", "occasional_care".to_string()),
            ("start_date", today(app).to_string()),
            ("end_date", (today(app) + Duration::days(300)).to_string()),
        ]
    };
    // Another commons than the call's is refused next to the field.
    let school = w.school.to_string();
    let p = chiara
        .post("/pacts/new", &crate::pacts::fields(&short(&school)))
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.has("#commons-error"));
    let p = chiara
        .post("/pacts/new", &crate::pacts::fields(&short(&garden)))
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let late: i64 = p.location().trim_start_matches("/pacts/").parse().unwrap();
    let linked: Option<Option<i64>> = {
        let mut conn = app.state.db.get().unwrap();
        pact_proposals::table
            .find(late)
            .select(pact_proposals::call_id)
            .first(&mut *conn)
            .optional()
            .unwrap()
    };
    assert_eq!(linked, Some(Some(id)));
    let page = chiara.get(&format!("/pacts/{late}")).await;
    assert!(page.has(&format!("a[href='/calls/{id}']")));

    // Sent in time, an answer waits; sent after the deadline, it is refused.
    let on_time = answer(app, w.anna, w.garden, id, "Anna's beds", false);
    let deadline = call_row(app, id).deadline;
    let after = Env {
        now: (deadline + Duration::days(1)).and_hms_opt(9, 0, 0).unwrap(),
        ..env_at(app, 0)
    };
    let mut conn = app.state.db.get().unwrap();
    let chiara_who = who(app, w.chiara);
    let r = in_tx(&mut conn, |cx| {
        service::fire_in(
            cx,
            &after,
            By::Person(&chiara_who),
            late,
            Transition::Submit,
            "",
            &Extra::default(),
        )
    });
    assert_eq!(
        field_error(r.map(|_| 0), "call"),
        "call-refused-deadline",
        "a call answered after its deadline"
    );
    assert_eq!(state_of(app, late), "draft");

    // The office publishes no answer before it has chosen.
    let marco = who(app, w.marco);
    let publish = |conn: &mut pactum::db::AnyConnection, pact: i64| {
        in_tx(conn, |cx| {
            service::fire_in(
                cx,
                &after,
                By::Person(&marco),
                pact,
                Transition::Publish,
                "",
                &Extra {
                    routing: Some(service::Routing {
                        lead: Some(w.green),
                        ..Default::default()
                    }),
                    ..Extra::default()
                },
            )
        })
    };
    assert_eq!(
        field_error(publish(&mut conn, on_time).map(|_| 0), "transition"),
        "pact-refused-call-undecided"
    );
    in_tx(&mut conn, |cx| {
        calls::choose_in(
            cx,
            &after,
            &marco,
            id,
            Some(on_time),
            "The only answer, and a good one.",
        )
    })
    .unwrap();
    publish(&mut conn, on_time).unwrap();
    drop(conn);
    assert_eq!(state_of(app, on_time), "published");
}

/// Publishing a complex pact opens its competition in the same step; a rival sent in
/// time holds co-design until the office chooses.
#[actix_web::test]
async fn a_complex_pact_waits_for_the_choice_among_its_rivals() {
    let w = world();
    let app = &w.app;
    let origin = PactBuilder::new(app)
        .complex()
        .proposed_by(w.chiara)
        .on(w.garden)
        .until(PactState::Published)
        .build();
    let competition: i64 = {
        let mut conn = app.state.db.get().unwrap();
        pact_calls::table
            .filter(pact_calls::origin_pact_id.eq(origin))
            .select(pact_calls::id)
            .first(&mut *conn)
            .expect("publication opened the competition")
    };
    let rival = answer(app, w.anna, w.garden, competition, "Anna's rival", false);
    let deadline = call_row(app, competition).deadline;
    let after = Env {
        now: (deadline + Duration::days(1)).and_hms_opt(9, 0, 0).unwrap(),
        ..env_at(app, 0)
    };
    let mut conn = app.state.db.get().unwrap();
    let marco = who(app, w.marco);
    let fire = |conn: &mut pactum::db::AnyConnection, t: Transition| {
        in_tx(conn, |cx| {
            service::fire_in(
                cx,
                &after,
                By::Person(&marco),
                origin,
                t,
                "",
                &Extra::default(),
            )
        })
    };
    fire(&mut conn, Transition::CloseObservation).unwrap();
    in_tx(&mut conn, |cx| {
        service::request_opinions_in(cx, &after, &marco, origin, &[w.green])
    })
    .unwrap();
    assert_eq!(
        field_error(
            fire(&mut conn, Transition::StartCoDesign).map(|_| 0),
            "transition"
        ),
        "pact-refused-competition-pending"
    );
    in_tx(&mut conn, |cx| {
        calls::choose_in(
            cx,
            &after,
            &marco,
            competition,
            Some(origin),
            "The first proposal fits the greenhouse better.",
        )
    })
    .unwrap();
    fire(&mut conn, Transition::StartCoDesign).unwrap();
    drop(conn);
    assert_eq!(state_of(app, origin), "co_design");
    assert_eq!(state_of(app, rival), "rejected");
}

/// A competition no rival answered is settled for the pact when co-design opens, and
/// its page says why there was nothing to choose.
#[actix_web::test]
async fn an_uncontested_competition_is_settled_when_co_design_opens() {
    let w = world();
    let app = &w.app;
    let origin = PactBuilder::new(app)
        .complex()
        .proposed_by(w.chiara)
        .on(w.garden)
        .until(PactState::CoDesign)
        .build();
    let (id, chosen, reasons): (i64, Option<i64>, Option<String>) = {
        let mut conn = app.state.db.get().unwrap();
        pact_calls::table
            .filter(pact_calls::origin_pact_id.eq(origin))
            .select((
                pact_calls::id,
                pact_calls::chosen_pact_id,
                pact_calls::decision_reasons,
            ))
            .first(&mut *conn)
            .unwrap()
    };
    assert_eq!((chosen, reasons), (Some(origin), None));
    let page = client!(app).get(&format!("/calls/{id}")).await;
    assert!(page.body.contains(&h(&t("call-uncontested"))));
}

/// A complex pact rejected before any rival came closes its competition with it.
#[actix_web::test]
async fn a_competition_closes_with_the_pact_it_was_opened_for() {
    let w = world();
    let app = &w.app;
    let origin = PactBuilder::new(app)
        .complex()
        .proposed_by(w.chiara)
        .on(w.garden)
        .until(PactState::Rejected)
        .left_from(PactState::InReview)
        .build();
    let (id, cancelled): (i64, Option<chrono::NaiveDateTime>) = {
        let mut conn = app.state.db.get().unwrap();
        pact_calls::table
            .filter(pact_calls::origin_pact_id.eq(origin))
            .select((pact_calls::id, pact_calls::cancelled_at))
            .first(&mut *conn)
            .unwrap()
    };
    assert!(cancelled.is_some());
    let page = client!(app).get(&format!("/calls/{id}")).await;
    assert!(page.body.contains(&h(&t("call-origin-closed"))));
}
