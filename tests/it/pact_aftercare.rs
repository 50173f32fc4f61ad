//! A pact's life after signature (issue 15, item 4): suspension and resumption,
//! revocation after written notice and the period to answer, exclusion and leaving,
//! the conciliation committee, and the conclusion at the end date.

use crate::support::in_tx;
use actix_web::http::StatusCode;
use diesel::prelude::*;
use pactum::kit::roles::Role;
use pactum::pacts::procedure::PactState;
use pactum::pacts::service;

use crate::builders::{CommonsBuilder, OfficeBuilder, PactBuilder, UserBuilder, env_at, who};
use crate::client;
use crate::pacts::{h, state_of, t};
use crate::support::TestApp;

struct World {
    app: TestApp,
    chiara: i64,
    marco: i64,
    anna: i64,
    bruno: i64,
    commons: i64,
}

fn world() -> World {
    let app = TestApp::new();
    let green = OfficeBuilder::new("Green areas").coordinating().build(&app);
    let chiara = UserBuilder::new("chiara")
        .named("Chiara Romano")
        .build(&app);
    let anna = UserBuilder::new("anna").named("Anna Neri").build(&app);
    let bruno = UserBuilder::new("bruno").named("Bruno Galli").build(&app);
    let marco = UserBuilder::new("marco")
        .named("Marco Bianchi")
        .official_in(green)
        .build(&app);
    UserBuilder::new("elena")
        .named("Elena Russo")
        .official_in(green)
        .role(Role::Signatory)
        .build(&app);
    let commons = CommonsBuilder::new(&app)
        .named("Giardino Lunetta")
        .described("A park the neighbours look after.")
        .proposed_by(chiara)
        .recognised_by(marco)
        .build();
    World {
        app,
        chiara,
        marco,
        anna,
        bruno,
        commons,
    }
}

fn signed(w: &World) -> i64 {
    PactBuilder::new(&w.app)
        .proposed_by(w.chiara)
        .on(w.commons)
        .adherent(w.anna)
        .adherent(w.bruno)
        .until(PactState::Signed)
        .build()
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

#[actix_web::test]
async fn a_pact_is_suspended_with_reasons_its_activities_stop_and_it_resumes() {
    let w = world();
    let app = &w.app;
    let id = signed(&w);
    let mut marco = client!(app);
    marco.sign_in("marco@example.org").await;
    let tr = format!("/pacts/{id}/transition");
    let bare = marco.post(&tr, &[("transition", "suspend")]).await;
    assert_eq!(bare.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = marco
        .post(
            &tr,
            &[
                ("transition", "suspend"),
                (
                    "reasons",
                    "The pond's fence is broken: unsafe until repaired.",
                ),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(state_of(app, id), "suspended");
    // Activities stop: no report, no new adherent.
    let mut chiara = client!(app);
    chiara.sign_in("chiara@example.org").await;
    let page = chiara.get(&format!("/pacts/{id}")).await;
    assert!(page.body.contains(&t("pactstate-suspended")));
    let rep = chiara
        .post(
            &format!("/pacts/{id}/reports"),
            &[
                ("objectives", "x"),
                ("actions", "x"),
                ("results", "x"),
                ("resources", "x"),
                ("volunteer_hours", "3"),
            ],
        )
        .await;
    assert_ne!(
        rep.status,
        StatusCode::SEE_OTHER,
        "no report while suspended"
    );
    // A citizen cannot resume it; the office does.
    let r = chiara.post(&tr, &[("transition", "resume")]).await;
    assert_ne!(r.status, StatusCode::SEE_OTHER);
    let r = marco.post(&tr, &[("transition", "resume")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(state_of(app, id), "signed");
    let kinds = ledger_kinds(app);
    assert!(kinds.contains(&"pact.suspend".to_string()));
    assert!(kinds.contains(&"pact.resume".to_string()));
}

#[actix_web::test]
async fn revocation_without_the_answer_period_is_refused() {
    let w = world();
    let app = &w.app;
    let id = signed(&w);
    let mut marco = client!(app);
    marco.sign_in("marco@example.org").await;
    let tr = format!("/pacts/{id}/transition");
    let revoke = [
        ("transition", "revoke"),
        ("reasons", "The garden was fenced off for private use."),
    ];
    // Without a notice.
    let r = marco.post(&tr, &revoke).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains(&h(&t("pact-refused-notice-required"))));
    // A notice with too short a period is refused; then given with 15 days.
    let r = marco
        .post(
            &format!("/pacts/{id}/notice"),
            &[
                (
                    "notice_reasons",
                    "The garden was fenced off for private use.",
                ),
                ("answer_days", "3"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = marco
        .post(
            &format!("/pacts/{id}/notice"),
            &[(
                "notice_reasons",
                "The garden was fenced off for private use.",
            )],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // During the period to answer, with no answer: refused.
    let r = marco.post(&tr, &revoke).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains(&h(&t("pact-refused-answer-period"))));
    assert_eq!(state_of(app, id), "signed");
    // The public history names the step, not what was written.
    let mut public = client!(app);
    let page = public.get(&format!("/pacts/{id}")).await;
    assert!(page.body.contains(&t("pact-event-notice")));
    assert!(!page.body.contains("fenced off"));
    // Once the period is over the city may decide (the clock moves on).
    {
        let mut conn = app.state.db.get().unwrap();
        let later = env_at(app, 16);
        let by = who(app, w.marco);
        let to = in_tx(&mut conn, |cx| {
            service::fire_in(
                cx,
                &later,
                service::By::Person(&by),
                id,
                pactum::pacts::procedure::Transition::Revoke,
                "The garden was fenced off for private use.",
                &service::Extra::default(),
            )
        })
        .unwrap();
        assert_eq!(to, PactState::Concluded);
    }
    let decision: Option<String> = {
        use pactum::db::schema::pact_notices;
        let mut conn = app.state.db.get().unwrap();
        pact_notices::table
            .filter(pact_notices::pact_id.eq(id))
            .select(pact_notices::decision)
            .first(&mut *conn)
            .unwrap()
    };
    assert_eq!(decision.as_deref(), Some("revoked"));
    assert!(ledger_kinds(app).contains(&"pact.revoke".to_string()));
}

#[actix_web::test]
async fn an_answered_notice_lets_the_city_decide_and_a_dismissal_closes_it() {
    let w = world();
    let app = &w.app;
    let id = signed(&w);
    let mut marco = client!(app);
    marco.sign_in("marco@example.org").await;
    let notice = [("notice_reasons", "The beds were left untended all summer.")];
    let r = marco.post(&format!("/pacts/{id}/notice"), &notice).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let again = marco.post(&format!("/pacts/{id}/notice"), &notice).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "one notice at a time");
    // A stranger cannot answer; the proposer does.
    let mut anna = client!(app);
    anna.sign_in("anna@example.org").await;
    let answer = [("notice_answer", "Two of us were ill; we are back at work.")];
    let r = anna
        .post(&format!("/pacts/{id}/notice/answer"), &answer)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut chiara = client!(app);
    chiara.sign_in("chiara@example.org").await;
    let r = chiara
        .post(&format!("/pacts/{id}/notice/answer"), &answer)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = chiara.get(&format!("/pacts/{id}")).await;
    assert!(
        page.texts("#notice")
            .join(" ")
            .contains("we are back at work")
    );
    // With the answer in, the revocation is possible; the city dismisses instead.
    let page = marco.get(&format!("/pacts/{id}")).await;
    assert!(
        page.body.contains("value=\"revoke\""),
        "revocation is offered"
    );
    let r = marco
        .post(
            &format!("/pacts/{id}/notice/dismiss"),
            &[(
                "dismiss_reasons",
                "The beds are tended again; no breach now.",
            )],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = marco
        .post(
            &format!("/pacts/{id}/transition"),
            &[
                ("transition", "revoke"),
                ("reasons", "Changed our mind after all."),
            ],
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the notice is closed"
    );
    assert_eq!(state_of(app, id), "signed");
}

#[actix_web::test]
async fn an_adherent_leaves_and_another_is_excluded_with_reasons() {
    let w = world();
    let app = &w.app;
    let id = signed(&w);
    let adherents = |app: &TestApp| app.count(&format!("pact_adherents WHERE pact_id = {id}"));
    assert_eq!(adherents(app), 2);
    let mut anna = client!(app);
    anna.sign_in("anna@example.org").await;
    let r = anna.post(&format!("/pacts/{id}/leave"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(adherents(app), 1);
    let r = anna.post(&format!("/pacts/{id}/leave"), &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "no longer an adherent");
    // Bruno is excluded by the office, with reasons; a citizen cannot exclude.
    let bruno = w.bruno.to_string();
    let exclude = [
        ("exclude_adherent", bruno.as_str()),
        ("exclude_reasons", "Repeatedly took the tools home."),
    ];
    let mut chiara = client!(app);
    chiara.sign_in("chiara@example.org").await;
    let r = chiara.post(&format!("/pacts/{id}/exclude"), &exclude).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut marco = client!(app);
    marco.sign_in("marco@example.org").await;
    let r = marco
        .post(
            &format!("/pacts/{id}/exclude"),
            &[
                ("exclude_adherent", bruno.as_str()),
                ("exclude_reasons", "no"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "reasons");
    let r = marco.post(&format!("/pacts/{id}/exclude"), &exclude).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(adherents(app), 0);
    let kinds = ledger_kinds(app);
    assert!(kinds.contains(&"pact.adherent_left".to_string()));
    assert!(kinds.contains(&"pact.participant_excluded".to_string()));
    // Bruno is told.
    assert!(
        app.count(&format!(
            "notifications WHERE user_id = {} AND kind = 'excluded'",
            w.bruno
        )) >= 1
    );
}

#[actix_web::test]
async fn a_conciliation_committee_of_three_is_formed_meets_and_proposes() {
    let w = world();
    let app = &w.app;
    let id = signed(&w);
    let base = format!("/pacts/{id}/conciliation");
    let mut chiara = client!(app);
    chiara.sign_in("chiara@example.org").await;
    let r = chiara
        .post(
            &base,
            &[("conciliation_subject", "Who pays for the new water tap?")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut marco = client!(app);
    marco.sign_in("marco@example.org").await;
    // Not formed yet: no session can be recorded.
    let session = [
        (
            "session_held_on",
            chrono::Utc::now().date_naive().to_string(),
        ),
        (
            "session_minutes",
            "Both sides heard; the tap is the city's.".to_string(),
        ),
    ];
    let session: Vec<(&str, &str)> = session.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = marco.post(&format!("{base}/sessions"), &session).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    // Each side names its member; the proposers name a joint member, the city agrees.
    let r = chiara
        .post(
            &format!("{base}/members"),
            &[
                ("conciliation_member", "Paola Verdi"),
                ("conciliation_joint", "Dario Neri"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = marco
        .post(
            &format!("{base}/members"),
            &[
                ("conciliation_member", "Ufficio legale"),
                ("conciliation_joint", "Dario Neri"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = marco.post(&format!("{base}/sessions"), &session).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = marco
        .post(
            &format!("{base}/proposal"),
            &[(
                "conciliation_proposal",
                "The city installs the tap; the group looks after it.",
            )],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = chiara.get(&format!("/pacts/{id}")).await;
    let text = page.texts("#conciliation").join(" ");
    assert!(
        text.contains("Dario Neri") && text.contains("the group looks after it"),
        "{text}"
    );
    let kinds = ledger_kinds(app);
    for k in [
        "pact.conciliation_opened",
        "pact.conciliation_session",
        "pact.conciliation_proposal",
    ] {
        assert!(kinds.contains(&k.to_string()), "{k}");
    }
    // Closed: a new dispute may be opened again.
    let r = chiara
        .post(
            &base,
            &[("conciliation_subject", "Opening hours in August.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

#[test]
fn at_its_end_date_a_pact_concludes_unless_extended_and_is_reminded_before() {
    let w = world();
    let app = &w.app;
    let id = signed(&w);
    let end = pactum::pacts::store::load(&mut app.state.db.get().unwrap(), id)
        .unwrap()
        .end_date
        .unwrap();
    let today = chrono::Utc::now().date_naive();
    let days_to = |d: chrono::NaiveDate| (d - today).num_days();
    let reminders = |app: &TestApp, kind: &str| {
        app.count(&format!(
            "pact_reminders WHERE pact_id = {id} AND kind = '{kind}'"
        ))
    };
    let run = |days: i64| {
        let mut conn = app.state.db.get().unwrap();
        in_tx(&mut conn, |cx| {
            service::run_deadlines(cx, &env_at(app, days))
        })
        .unwrap()
    };
    // 60 days before, then 14 days before: one reminder each, even if the job runs twice.
    run(days_to(end) - 60);
    run(days_to(end) - 60);
    assert_eq!(reminders(app, "end-60"), 1);
    assert_eq!(reminders(app, "end-14"), 0);
    run(days_to(end) - 14);
    run(days_to(end) - 13);
    assert_eq!(reminders(app, "end-14"), 1);
    // (Reports fell due meanwhile: in force means signed or monitoring.)
    let in_force = |app: &TestApp| ["signed", "monitoring"].contains(&state_of(app, id).as_str());
    assert!(in_force(app));
    // On its last day it is still in force; the day after, it is concluded.
    run(days_to(end));
    assert!(in_force(app));
    let r = run(days_to(end) + 1);
    assert_eq!(r.concluded, 1);
    assert_eq!(state_of(app, id), "concluded");
    assert_eq!(
        PactState::Concluded.open_data_label(),
        Some("Archiviata"),
        "open data"
    );
    assert!(
        app.count(&format!(
            "notifications WHERE pact_id = {id} AND kind = 'ending'"
        )) >= 1
    );
    // Suspended or not, nothing else happens afterwards.
    let again = run(days_to(end) + 2);
    assert_eq!(again.concluded, 0);
}
