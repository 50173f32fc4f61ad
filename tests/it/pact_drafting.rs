//! A short proposal, then the pact (issue 15, item 6): a citizen submits what, where,
//! who and what they ask of the city; co-design drafts the text from the template the
//! city keeps for the commons' category; the legal clauses are the office's; the
//! text is frozen only when every clause a signed pact needs is written.

use crate::support::in_tx;
use actix_web::http::StatusCode;
use diesel::prelude::*;
use pactum::pacts::procedure::{PactState, Transition};
use pactum::pacts::service::{self, By, Extra};
use pactum::pacts::store::{self, Who};
use pactum::pacts::text::{Template, TextInput};

use crate::builders::{CommonsBuilder, OfficeBuilder, PactBuilder, UserBuilder, env_at};
use crate::client;
use crate::support::TestApp;

struct World {
    app: TestApp,
    chiara: i64,
    marco: i64,
    garden: i64,
    wall: i64,
}

/// Green areas coordinate (Marco works there); Sara works in culture; Chiara proposes;
/// a garden and a wall are recognised commons.
fn world() -> World {
    let app = TestApp::new();
    let green = OfficeBuilder::new("Green areas").coordinating().build(&app);
    let culture = OfficeBuilder::new("Culture").build(&app);
    let chiara = UserBuilder::new("chiara")
        .named("Chiara Romano")
        .build(&app);
    let marco = UserBuilder::new("marco")
        .named("Marco Bianchi")
        .official_in(green)
        .build(&app);
    UserBuilder::new("sara")
        .named("Sara Greco")
        .official_in(culture)
        .build(&app);
    UserBuilder::new("elena")
        .named("Elena Russo")
        .official_in(green)
        .role(pactum::kit::roles::Role::Signatory)
        .build(&app);
    let place = |name: &str, category: &str| {
        CommonsBuilder::new(&app)
            .named(name)
            .described("A place the neighbours care for.")
            .category(category)
            .at(44.5, 11.34)
            .proposed_by(chiara)
            .recognised_by(marco)
            .build()
    };
    let garden = place("Giardino Lunetta", "green_area");
    let wall = place("Muro di via Lame", "wall_art");
    World {
        app,
        chiara,
        marco,
        garden,
        wall,
    }
}

fn who(id: i64, roles: &[pactum::kit::roles::Role]) -> Who {
    Who {
        id,
        roles: roles.to_vec(),
        verified: true,
    }
}

fn official(w: &World) -> Who {
    who(
        w.marco,
        &[
            pactum::kit::roles::Role::Citizen,
            pactum::kit::roles::Role::Official,
        ],
    )
}

fn green_template() -> Template {
    Template {
        commitments: "The proposers care for the garden; the city supplies tools.".into(),
        public_use: "Open to everyone by day.".into(),
        risks: "No work at height.".into(),
        liability: "Each party answers for its own acts; volunteers are insured.".into(),
        reporting_months: 12,
        output_licence: "CC BY 4.0".into(),
        termination: "Either party, with 30 days' written notice.".into(),
        disputes: "The conciliation committee, then the court of Bologna.".into(),
    }
}

fn keep_template(app: &TestApp, category: &str, t: &Template) {
    let mut conn = app.state.db.get().unwrap();
    in_tx(&mut conn, |cx| {
        service::keep_template_in(cx, category, t, None, pactum::util::now())
    })
    .unwrap();
}

/// A short proposal on `commons` (what, where, who, what is asked), walked by the
/// builder to `until`.
fn short_pact(w: &World, commons: i64, until: PactState) -> i64 {
    let short = TextInput {
        title: "Vegetable beds".into(),
        objectives: "Grow vegetables with the neighbours.".into(),
        ..TextInput::starting(pactum::util::now().date())
    };
    PactBuilder::new(&w.app)
        .text(short)
        .proposed_by(w.chiara)
        .on(commons)
        .until(until)
        .build()
}

fn current(app: &TestApp, id: i64) -> (i64, pactum::pacts::text::PactText) {
    let mut conn = app.state.db.get().unwrap();
    let p = store::load(&mut conn, id).unwrap();
    (
        p.version,
        store::version(&mut conn, id, p.version).unwrap().text,
    )
}

#[actix_web::test]
async fn a_short_proposal_of_five_fields_is_saved_and_sent() {
    let w = world();
    let mut chiara = client!(w.app);
    chiara.sign_in("chiara@example.org").await;
    let garden = w.garden.to_string();
    let today = pactum::util::now().date();
    let end = today + chrono::Duration::days(365);
    let (start, end) = (today.to_string(), end.to_string());
    let mut form = vec![
        ("form", "short"),
        ("title", "Vegetable beds in the Lunetta"),
        ("objectives", "Grow vegetables with the neighbours."),
        ("commons", garden.as_str()),
        ("participants", "Twelve families of via Lunetta."),
        ("ask", "Compost and the use of a water tap."),
        ("kind", "ordinary"),
        ("intensity", "occasional_care"),
        ("start_date", start.as_str()),
        ("end_date", end.as_str()),
    ];
    // Who takes part is required, and said next to its field.
    form[4].1 = " ";
    let p = chiara.post("/pacts/new", &form).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.has("#participants-error"));
    assert_eq!(
        p.attr("#title", "value").as_deref(),
        Some("Vegetable beds in the Lunetta"),
        "nothing typed is lost"
    );
    assert_eq!(w.app.count("pacts"), 0);

    form[4].1 = "Twelve families of via Lunetta.";
    let p = chiara.post("/pacts/new", &form).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let id: i64 = p.location().trim_start_matches("/pacts/").parse().unwrap();
    let page = chiara.get(&format!("/pacts/{id}")).await;
    assert!(page.body.contains("Twelve families of via Lunetta."));
    assert!(page.body.contains("Compost and the use of a water tap."));
    let s = chiara
        .post(
            &format!("/pacts/{id}/transition"),
            &[("transition", "submit")],
        )
        .await;
    assert_eq!(s.status, StatusCode::SEE_OTHER, "{}", s.body);
    assert_eq!(crate::pacts::state_of(&w.app, id), "submitted");
    // Editing the draft's short proposal keeps the rest of the text as it stands.
    let (_, text) = current(&w.app, id);
    assert!(text.liability.is_empty() && text.activities.is_empty());
}

#[actix_web::test]
async fn co_design_drafts_the_text_from_the_template_of_the_commons_category() {
    let w = world();
    keep_template(&w.app, "green_area", &green_template());
    let default = Template {
        liability: "The city's standard liability clause.".into(),
        disputes: "The city's standard disputes clause.".into(),
        reporting_months: 6,
        ..Template::default()
    };
    keep_template(&w.app, "", &default);

    // On a garden: the green areas' template fills what the proposal left empty.
    let id = short_pact(&w, w.garden, PactState::CoDesign);
    let (version, text) = current(&w.app, id);
    assert_eq!(version, 2, "the draft is a new version");
    assert_eq!(
        text.title, "Vegetable beds",
        "the proposal's own words stay"
    );
    assert_eq!(text.objectives, "Grow vegetables with the neighbours.");
    assert_eq!(text.liability, green_template().liability);
    assert_eq!(text.disputes, green_template().disputes);
    assert_eq!(text.reporting_months, 12);
    assert_eq!(
        text.missing().into_iter().map(|m| m.0).collect::<Vec<_>>(),
        ["activities"],
        "what the co-design table still writes"
    );
    let mut conn = w.app.state.db.get().unwrap();
    let drafted: i64 = pactum::db::schema::pact_events::table
        .filter(pactum::db::schema::pact_events::pact_id.eq(id))
        .filter(pactum::db::schema::pact_events::kind.eq("drafted"))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(drafted, 1);
    drop(conn);

    // On a wall: no template of its own, so the default one.
    let id = short_pact(&w, w.wall, PactState::CoDesign);
    let (_, text) = current(&w.app, id);
    assert_eq!(text.liability, "The city's standard liability clause.");
    assert!(text.commitments.is_empty());

    // The page says which clauses are still to write.
    let mut marco = client!(w.app);
    marco.sign_in("marco@example.org").await;
    let page = marco.get(&format!("/pacts/{id}")).await;
    assert!(
        page.body
            .contains(&crate::pacts::t("pact-text-still-missing"))
    );
}

#[actix_web::test]
async fn without_any_template_co_design_starts_from_the_proposal_as_it_is() {
    let w = world();
    let id = short_pact(&w, w.garden, PactState::CoDesign);
    let (version, text) = current(&w.app, id);
    assert_eq!(version, 1);
    assert!(text.liability.is_empty());
}

#[actix_web::test]
async fn freezing_an_incomplete_text_is_refused() {
    let w = world();
    let id = short_pact(&w, w.garden, PactState::CoDesign);
    let env = env_at(&w.app, 0);
    let mut conn = w.app.state.db.get().unwrap();
    let r = in_tx(&mut conn, |cx| {
        service::fire_in(
            cx,
            &env,
            By::Person(&official(&w)),
            id,
            Transition::FreezeText,
            "",
            &Extra::default(),
        )
    });
    let Err(pactum::web::forms::Refusal::Form(e)) = r else {
        panic!("refused, not {r:?}");
    };
    assert_eq!(e.get("transition"), "pact-refused-text-incomplete");
    drop(conn);
    assert_eq!(crate::pacts::state_of(&w.app, id), "co_design");

    // The office writes the missing clauses; then the text freezes.
    let (_, text) = current(&w.app, id);
    let mut full = TextInput::of(&text);
    full.activities = "Weeding on Saturdays.".into();
    full.commitments = "We weed; the city lends tools.".into();
    full.public_use = "Open to all.".into();
    full.liability = "Covered by the city.".into();
    full.termination = "Either party, with notice.".into();
    full.disputes = "Mediation.".into();
    let mut conn = w.app.state.db.get().unwrap();
    in_tx(&mut conn, |cx| {
        service::edit_in(
            cx,
            &env,
            &official(&w),
            id,
            Ok(None),
            full.validate(&env.rules),
            "The office completes the text.",
        )
    })
    .unwrap();
    in_tx(&mut conn, |cx| {
        service::fire_in(
            cx,
            &env,
            By::Person(&official(&w)),
            id,
            Transition::FreezeText,
            "",
            &Extra::default(),
        )
    })
    .unwrap();
    drop(conn);
    assert_eq!(crate::pacts::state_of(&w.app, id), "awaiting_signatures");
}

#[actix_web::test]
async fn the_proposers_cannot_rewrite_the_legal_clauses() {
    let w = world();
    keep_template(&w.app, "green_area", &green_template());
    let id = short_pact(&w, w.garden, PactState::CoDesign);
    let (_, before) = current(&w.app, id);

    // A crafted post by the proposer: the legal clauses stay the office's.
    let mut chiara = client!(w.app);
    chiara.sign_in("chiara@example.org").await;
    let edit = chiara.get(&format!("/pacts/{id}/edit")).await;
    assert!(edit.has("#activities"), "co-design edits the whole text");
    assert!(!edit.has("textarea#liability"), "not the legal clauses");
    let mut form = TextInput::of(&before);
    form.activities = "Weeding on Saturdays.".into();
    form.liability = "The city answers for everything.".into();
    form.disputes = String::new();
    let fields = crate::builders::ProposalForm {
        change_note: Some("We add the activities.".into()),
        ..crate::builders::ProposalForm::new(&w.garden.to_string(), form)
    }
    .fields();
    let p = chiara
        .post(&format!("/pacts/{id}/edit"), &crate::pacts::fields(&fields))
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let (_, after) = current(&w.app, id);
    assert_eq!(after.activities, "Weeding on Saturdays.");
    assert_eq!(after.liability, before.liability);
    assert_eq!(after.disputes, before.disputes);

    // The office may.
    let mut marco = client!(w.app);
    marco.sign_in("marco@example.org").await;
    let edit = marco.get(&format!("/pacts/{id}/edit")).await;
    assert!(edit.has("textarea#liability"));
    let mut form = TextInput::of(&after);
    form.liability = "Each party answers for its own acts.".into();
    let fields = crate::builders::ProposalForm {
        change_note: Some("The office's liability clause.".into()),
        ..crate::builders::ProposalForm::new(&w.garden.to_string(), form)
    }
    .fields();
    let p = marco
        .post(&format!("/pacts/{id}/edit"), &crate::pacts::fields(&fields))
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    assert_eq!(
        current(&w.app, id).1.liability,
        "Each party answers for its own acts."
    );
}

#[actix_web::test]
async fn the_coordinating_office_keeps_the_templates() {
    let w = world();
    let mut marco = client!(w.app);
    marco.sign_in("marco@example.org").await;
    let list = marco.get("/pacts/templates").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.has("a[href='/pacts/templates/green_area']"));
    assert!(list.has("a[href='/pacts/templates/default']"));
    let t = green_template();
    let months = t.reporting_months.to_string();
    let form = [
        ("commitments", t.commitments.as_str()),
        ("public_use", t.public_use.as_str()),
        ("risks", t.risks.as_str()),
        ("liability", t.liability.as_str()),
        ("output_licence", t.output_licence.as_str()),
        ("termination", t.termination.as_str()),
        ("disputes", t.disputes.as_str()),
        ("reporting_months", months.as_str()),
    ];
    let bad = [("reporting_months", "99"), ("output_licence", "CC BY")];
    let p = marco.post("/pacts/templates/green_area", &bad).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.has("#reporting_months-error"));
    let p = marco.post("/pacts/templates/green_area", &form).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let mut conn = w.app.state.db.get().unwrap();
    assert_eq!(
        service::template_for(&mut conn, "green_area").unwrap(),
        Some(t.clone())
    );
    assert_eq!(
        service::template_for(&mut conn, "building").unwrap(),
        None,
        "no default yet"
    );
    drop(conn);
    // An unknown category is not a page; another office's official is refused.
    assert_eq!(
        marco.get("/pacts/templates/castles").await.status,
        StatusCode::NOT_FOUND
    );
    let mut sara = client!(w.app);
    sara.sign_in("sara@example.org").await;
    assert_eq!(
        sara.get("/pacts/templates").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        sara.post("/pacts/templates/green_area", &form).await.status,
        StatusCode::FORBIDDEN
    );
}
