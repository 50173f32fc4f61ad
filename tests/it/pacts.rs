//! Collaboration pacts as their users meet them: a group proposes a complex pact, the
//! city admits, publishes, reviews and co-designs it, every party signs, the group
//! reports, the city extends and concludes it; the civic ledger records it all and an
//! independent audit accepts the ledger. Authorisation and bad input are refused.
//!
//! The journey is told stage by stage: each test starts from a pact the builders
//! (`crate::builders::PactBuilder`) walked to the state the stage begins in, through
//! the same use-cases, and goes on through the web pages as people do.

use crate::support::in_tx;
use actix_web::http::StatusCode;
use pactum::accounts::Role;
use pactum::pacts::procedure::PactState;
use pactum::pacts::service::run_deadlines;
use pactum::pacts::text::TextInput;
use pactum::web::i18n::{Lang, catalog};

use crate::builders::{
    CommonsBuilder, DistrictBuilder, GroupBuilder, OfficeBuilder, PactBuilder, ProposalForm,
    UserBuilder, env_at, who,
};
use crate::client;
use crate::support::{PASSWORD, TestApp};

pub(crate) fn t(key: &str) -> String {
    catalog().t(Lang::En, key)
}

/// Escaped as the pages show it.
pub(crate) fn h(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

/// The city of these tests: Chiara refers the group Luca is in; Anna is a neighbour;
/// Marco (Green areas, which receives proposals), Sara (Heritage) and Paolo (Culture)
/// are officials; Elena signs for the city; the park is a recognised commons.
struct World {
    app: TestApp,
    chiara: i64,
    luca: i64,
    anna: i64,
    marco: i64,
    elena: i64,
    commons: i64,
    group: i64,
    green: i64,
    heritage: i64,
    culture: i64,
}

fn world() -> World {
    let app = TestApp::new();
    DistrictBuilder::new("navile", "Navile").build(&app);
    let green = OfficeBuilder::new("Green areas").coordinating().build(&app);
    let heritage = OfficeBuilder::new("Heritage").build(&app);
    let culture = OfficeBuilder::new("Culture").build(&app);
    let person = |handle: &str, name: &str| UserBuilder::new(handle).named(name);
    let chiara = person("chiara", "Chiara Romano").build(&app);
    let luca = person("luca", "Luca Ferri").build(&app);
    let anna = person("anna", "Anna Neri").build(&app);
    let marco = person("marco", "Marco Bianchi")
        .official_in(green)
        .build(&app);
    person("sara", "Sara Greco")
        .official_in(heritage)
        .build(&app);
    person("paolo", "Paolo Conti")
        .official_in(culture)
        .build(&app);
    // Elena heads green areas: she signs its pacts for the city.
    let elena = person("elena", "Elena Russo")
        .official_in(green)
        .role(Role::Signatory)
        .build(&app);
    let group = GroupBuilder::new("Amici della Lunetta", chiara)
        .described("Neighbours.")
        .member(luca)
        .build(&app);
    let commons = CommonsBuilder::new(&app)
        .named("Giardino Lunetta Gamberini")
        .described("A park with an old greenhouse the neighbours want to reopen.")
        .proposed_by(chiara)
        .recognised_by(marco)
        .build();
    World {
        app,
        chiara,
        luca,
        anna,
        marco,
        elena,
        commons,
        group,
        green,
        heritage,
        culture,
    }
}

/// The complex pact's text, as the group writes it.
fn greenhouse() -> TextInput {
    let today = chrono::Utc::now().date_naive();
    TextInput {
        title: "Reopening the Lunetta greenhouse".into(),
        objectives: "Reopen the greenhouse as a shared seed library.\nRun workshops for schools."
            .into(),
        activities: "Clean and repair the greenhouse.\nOpen it two afternoons a week.".into(),
        start_date: today.to_string(),
        end_date: (today + chrono::Duration::days(700)).to_string(),
        commitments: "The group opens and looks after the greenhouse; the city repairs the roof."
            .into(),
        public_use: "Open to everyone during opening hours.".into(),
        risks: "Work at height is done only by the city's contractor.".into(),
        insurance_policy: "RC-2027-118".into(),
        insurer: "Mutua Civica".into(),
        insurance_expiry: (today + chrono::Duration::days(365)).to_string(),
        liability: "Volunteers are covered by the city's policy.".into(),
        reporting_months: "6".into(),
        output_licence: "CC BY-SA 4.0".into(),
        termination: "Either party, with 60 days notice in writing.".into(),
        disputes: "Mediation by the district office first.".into(),
        support: vec![
            (
                "materials".into(),
                "Glass panes".into(),
                "40 panes".into(),
                "2027".into(),
            ),
            // A blank row, as the form sends it.
            ("training".into(), "".into(), "".into(), "".into()),
        ],
    }
}

/// The proposal form, filled in as a group would (typed: a misspelt field does not
/// compile).
fn proposal(commons: &str, group: &str, cosigner: &str) -> ProposalForm {
    ProposalForm {
        group: group.into(),
        cosigners: cosigner.into(),
        kind: "complex",
        intensity: "regeneration",
        ..ProposalForm::new(commons, greenhouse())
    }
}

/// The group's complex pact, with Luca co-signing, walked by the builder.
fn greenhouse_pact(w: &World) -> PactBuilder<'_> {
    PactBuilder::new(&w.app)
        .complex()
        .text(greenhouse())
        .proposed_by(w.chiara)
        .for_group(w.group)
        .cosigner(w.luca)
        .on(w.commons)
        .act_number("DG/2027/118")
}

pub(crate) fn fields<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

fn last_entry(app: &TestApp) -> (u64, String) {
    let mut conn = app.state.db.get().unwrap();
    let n = pactum::ledger::store::size(&mut conn).unwrap();
    let e = pactum::ledger::store::entry(&mut conn, n - 1)
        .unwrap()
        .unwrap();
    (n - 1, e.body)
}

pub(crate) fn state_of(app: &TestApp, id: i64) -> String {
    use diesel::prelude::*;
    use pactum::db::schema::pacts;
    let mut conn = app.state.db.get().unwrap();
    pacts::table
        .find(id)
        .select(pacts::state)
        .first(&mut *conn)
        .unwrap()
}

fn load(app: &TestApp, id: i64) -> pactum::pacts::store::Pact {
    pactum::pacts::store::load(&mut app.state.db.get().unwrap(), id).unwrap()
}

/// POSTs a transition and expects it to go through.
macro_rules! step {
    ($client:expr, $id:expr, $t:expr, $extra:expr) => {{
        let mut f: Vec<(&str, &str)> = vec![("transition", $t)];
        f.extend_from_slice($extra);
        let p = $client
            .post(&format!("/pacts/{}/transition", $id), &f)
            .await;
        assert_eq!(
            p.status,
            StatusCode::SEE_OTHER,
            "{} refused: {}",
            $t,
            p.body
        );
    }};
}

#[actix_web::test]
async fn a_group_drafts_a_complex_pact_privately_and_submits_it() {
    let w = world();
    let app = &w.app;
    let (commons, group) = (w.commons.to_string(), w.group.to_string());
    let mut chiara = client!(app);
    chiara.sign_in("chiara@example.org").await;

    // The form offers the group, its members as co-signers, and every clause.
    let form = chiara.get(&format!("/pacts/new?commons={commons}")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Amici della Lunetta"));
    assert!(form.body.contains("Luca Ferri"));
    // A short proposal: what, where, who, what is asked (and when); the full text is
    // drafted in co-design.
    for f in [
        "title",
        "objectives",
        "commons",
        "participants",
        "ask",
        "start_date",
        "end_date",
    ] {
        assert!(form.has(&format!("label[for={f}]")), "label for {f}");
    }
    for f in ["activities", "liability", "termination", "disputes"] {
        assert!(!form.has(&format!("#{f}")), "{f} is co-design's");
    }

    // A draft: private.
    let p = chiara
        .post(
            "/pacts/new",
            &fields(&proposal(&commons, &group, &w.luca.to_string()).fields()),
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let url = p.location();
    let id: i64 = url.trim_start_matches("/pacts/").parse().unwrap();
    let mut public = client!(app);
    assert_eq!(public.get(&url).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        public.get(&format!("/api/v1/pacts/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    let draft = chiara.get(&url).await;
    assert!(draft.body.contains("Reopening the Lunetta greenhouse"));
    assert!(draft.body.contains("Glass panes"));

    // Submitted: it reaches the coordinating office's queue.
    step!(chiara, id, "submit", &[]);
    assert_eq!(state_of(app, id), "submitted");
    let mut marco = client!(app);
    marco.sign_in("marco@example.org").await;
    let queue = marco.get("/official/pacts").await;
    assert!(
        queue.body.contains("Reopening the Lunetta greenhouse"),
        "{}",
        queue.body
    );
}

#[actix_web::test]
async fn the_city_asks_for_a_document_and_the_clock_stops_until_it_comes() {
    let w = world();
    let app = &w.app;
    let id = greenhouse_pact(&w).until(PactState::Submitted).build();
    let url = format!("/pacts/{id}");
    let mut chiara = client!(app);
    chiara.sign_in("chiara@example.org").await;
    let mut marco = client!(app);
    marco.sign_in("marco@example.org").await;
    let short = marco
        .post(
            &format!("/pacts/{id}/transition"),
            &[("transition", "request_integration"), ("reasons", "no")],
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.body.contains(&h(&t("field-reasons-required"))));
    step!(
        marco,
        id,
        "request_integration",
        &[("reasons", "Please attach the greenhouse's floor plan.")]
    );
    assert_eq!(state_of(app, id), "awaiting_integration");
    let plan = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
    let up = chiara
        .post_multipart(
            &format!("/pacts/{id}/attachments"),
            &[],
            ("file", "floor plan.pdf", plan),
        )
        .await;
    assert_eq!(up.status, StatusCode::SEE_OTHER, "{}", up.body);
    let bad = chiara
        .post_multipart(
            &format!("/pacts/{id}/attachments"),
            &[],
            ("file", "notes.txt", b"just text"),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    step!(chiara, id, "integrate", &[]);
    assert_eq!(state_of(app, id), "submitted");
    // Until its publication the proposal is its proposers' and the officials'.
    let mut public = client!(app);
    assert_eq!(public.get(&url).await.status, StatusCode::NOT_FOUND);
    let page = chiara.get(&url).await;
    assert_eq!(page.status, StatusCode::OK);
    let file_url = page.attr("#files a", "href").unwrap();
    assert_eq!(
        page.attr("#history li ul a", "href").as_deref(),
        Some(file_url.as_str()),
        "the floor plan goes with the step that sent it"
    );
    assert_eq!(public.get(&file_url).await.status, StatusCode::NOT_FOUND);
    let pdf = chiara.get(&file_url).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.headers.get("content-type").unwrap(), "application/pdf");
}

#[actix_web::test]
async fn a_complex_pact_is_published_with_its_act_number_hashed_on_the_ledger() {
    let w = world();
    let app = &w.app;
    let id = greenhouse_pact(&w).until(PactState::Submitted).build();
    let mut marco = client!(app);
    marco.sign_in("marco@example.org").await;
    let office = w.green.to_string();
    let no_act = marco
        .post(
            &format!("/pacts/{id}/transition"),
            &[("transition", "publish"), ("office", &office)],
        )
        .await;
    assert_eq!(no_act.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_act.body.contains(&h(&t("pact-refused-act-number"))));
    step!(
        marco,
        id,
        "publish",
        &[("office", &office), ("act_number", "DG/2027/118")]
    );
    assert_eq!(state_of(app, id), "published");
    // The publication, then the competition it opened for the commons.
    let (n, competition) = last_entry(app);
    assert!(
        competition.contains("\"kind\":\"call.published\"")
            && competition.contains("\"call_kind\":\"competition\""),
        "{competition}"
    );
    let published = {
        let mut conn = app.state.db.get().unwrap();
        pactum::ledger::store::entry(&mut conn, n - 1)
            .unwrap()
            .unwrap()
            .body
    };
    assert!(
        published.contains("\"kind\":\"pact.publish\""),
        "{published}"
    );
    assert!(
        published.contains(&format!(
            "\"act_sha256\":\"{}\"",
            pactum::util::sha256_hex(b"DG/2027/118")
        )),
        "the act number typed by the official goes on the ledger as its hash: {published}"
    );
    assert!(!published.contains("DG/2027/118"), "{published}");
}

#[actix_web::test]
async fn a_published_pact_is_observed_and_the_deadline_job_closes_the_window_on_time() {
    let w = world();
    let app = &w.app;
    let id = greenhouse_pact(&w).until(PactState::Published).build();
    // A citizen observes; the city asks two offices for their opinion.
    let mut anna = client!(app);
    anna.sign_in("anna@example.org").await;
    let o = anna
        .post(
            &format!("/pacts/{id}/observations"),
            &[(
                "observation",
                "Please keep the greenhouse open on Saturdays too.",
            )],
        )
        .await;
    assert_eq!(o.status, StatusCode::SEE_OTHER, "{}", o.body);
    let mut marco = client!(app);
    marco.sign_in("marco@example.org").await;
    let r = marco
        .post(
            &format!("/pacts/{id}/opinions/request"),
            &[
                ("offices", &w.green.to_string()),
                ("offices", &w.heritage.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // The deadline job closes the observation window when it is over, not before.
    {
        let mut conn = app.state.db.get().unwrap();
        let early = in_tx(&mut conn, |cx| run_deadlines(cx, &env_at(app, 1))).unwrap();
        assert_eq!(early.closed_observations, 0);
        let late = in_tx(&mut conn, |cx| run_deadlines(cx, &env_at(app, 31))).unwrap();
        assert_eq!(late.closed_observations, 1, "30 days for a complex pact");
    }
    assert_eq!(state_of(app, id), "in_review");
}

#[actix_web::test]
async fn in_review_observations_are_answered_and_only_the_asked_offices_give_opinions() {
    let w = world();
    let app = &w.app;
    let id = greenhouse_pact(&w)
        .observation(w.anna, "Please keep the greenhouse open on Saturdays too.")
        .asks_opinion_of(w.green)
        .asks_opinion_of(w.heritage)
        .until(PactState::InReview)
        .build();
    let url = format!("/pacts/{id}");
    let mut chiara = client!(app);
    chiara.sign_in("chiara@example.org").await;
    let mut marco = client!(app);
    marco.sign_in("marco@example.org").await;

    // Co-design cannot start while an observation waits for its reply.
    let early = marco
        .post(
            &format!("/pacts/{id}/transition"),
            &[("transition", "start_co_design")],
        )
        .await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(early.body.contains(&h(&t("pact-refused-observations"))));
    let page = chiara.get(&url).await;
    let reply_action = page.attr("#observations form", "action").unwrap();
    let rr = chiara
        .post(
            &reply_action,
            &[("reply", "Yes: Saturday mornings are in the new version.")],
        )
        .await;
    assert_eq!(rr.status, StatusCode::SEE_OTHER, "{}", rr.body);

    // An official of another office cannot give an opinion, for any office.
    let mut paolo = client!(app);
    paolo.sign_in("paolo@example.org").await;
    for office in [w.green, w.culture] {
        let x = paolo
            .post(
                &format!("/pacts/{id}/opinions"),
                &[
                    ("office", &office.to_string()),
                    ("opinion", "unfavourable"),
                    ("opinion_text", "Not for us."),
                ],
            )
            .await;
        assert_eq!(x.status, StatusCode::FORBIDDEN, "office {office}");
    }
    // Co-design may start before every opinion is in (they come in during it); the
    // two offices answer.
    let op = marco
        .post(
            &format!("/pacts/{id}/opinions"),
            &[("office", &w.green.to_string()), ("opinion", "favourable")],
        )
        .await;
    assert_eq!(op.status, StatusCode::SEE_OTHER, "{}", op.body);
    step!(marco, id, "start_co_design", &[]);
    let mut sara = client!(app);
    sara.sign_in("sara@example.org").await;
    let op = sara
        .post(
            &format!("/pacts/{id}/opinions"),
            &[
                ("office", &w.heritage.to_string()),
                ("opinion", "favourable_with_conditions"),
                (
                    "opinion_text",
                    "The iron frame must be restored, not replaced.",
                ),
            ],
        )
        .await;
    assert_eq!(op.status, StatusCode::SEE_OTHER, "{}", op.body);
    assert_eq!(state_of(app, id), "co_design");
}

#[actix_web::test]
async fn co_design_writes_numbered_versions_compared_clause_by_clause_then_freezes_the_text() {
    let w = world();
    let app = &w.app;
    let id = greenhouse_pact(&w).until(PactState::CoDesign).build();
    let url = format!("/pacts/{id}");
    let (commons, group) = (w.commons.to_string(), w.group.to_string());
    let mut chiara = client!(app);
    chiara.sign_in("chiara@example.org").await;
    let mut marco = client!(app);
    marco.sign_in("marco@example.org").await;
    let mut public = client!(app);

    // Two co-design versions, with what changed, and a meeting.
    let mut v2 = proposal(&commons, &group, &w.luca.to_string());
    v2.text.public_use =
        "Open to everyone during opening hours, Saturday mornings included.".into();
    v2.change_note = Some("Saturday mornings, after the observation.".into());
    let v2f = v2.fields();
    let e = chiara
        .post(&format!("/pacts/{id}/edit"), &fields(&v2f))
        .await;
    assert_eq!(e.status, StatusCode::SEE_OTHER, "{}", e.body);
    let mut v3 = v2.clone();
    v3.text.commitments = "The group opens and looks after the greenhouse; the city repairs the roof\nand restores the iron frame.".into();
    v3.text.support.push((
        "design_support".into(),
        "Restoration project by the heritage office".into(),
        "1 project".into(),
        "".into(),
    ));
    v3.change_note = Some("The heritage office's condition.".into());
    let e = marco
        .post(&format!("/pacts/{id}/edit"), &fields(&v3.fields()))
        .await;
    assert_eq!(e.status, StatusCode::SEE_OTHER, "{}", e.body);
    let m = marco
        .post(
            &format!("/pacts/{id}/meetings"),
            &[
                ("held_at", "2027-02-10T18:00"),
                ("place", "Greenhouse, Via Lunetta 3"),
                ("minutes", "We agreed on Saturday openings and the frame."),
            ],
        )
        .await;
    assert_eq!(m.status, StatusCode::SEE_OTHER, "{}", m.body);
    let cmp = public.get(&format!("/pacts/{id}?from=2&to=3")).await;
    assert_eq!(cmp.status, StatusCode::OK);
    assert!(
        cmp.body.contains("<ins>and restores the iron frame.</ins>"),
        "{}",
        cmp.body
    );
    assert!(cmp.body.contains(&t("pact-clause-support")));
    assert!(
        !cmp.body
            .contains(&format!("<h3>{}</h3>", t("pact-clause-public-use")))
    );

    // Frozen: the hash is fixed and the proposer cannot edit any more.
    step!(marco, id, "freeze_text", &[]);
    assert_eq!(state_of(app, id), "awaiting_signatures");
    let frozen = chiara.get(&url).await;
    let sha = frozen.attr("input[name=text_sha256]", "value").unwrap();
    let canonical = public.get(&format!("/pacts/{id}/versions/3.txt")).await;
    assert_eq!(pactum::util::sha256_hex(canonical.body.as_bytes()), sha);
    assert!(canonical.body.contains("act: DG/2027/118"));
    let locked = chiara
        .post(&format!("/pacts/{id}/edit"), &fields(&v2f))
        .await;
    assert_eq!(
        locked.status,
        StatusCode::CONFLICT,
        "a frozen text stays frozen"
    );
}

#[actix_web::test]
async fn every_party_signs_the_frozen_text_and_the_city_last_puts_it_in_force() {
    let w = world();
    let app = &w.app;
    let id = greenhouse_pact(&w)
        .support(
            "design_support",
            "Restoration project by the heritage office",
            "1 project",
            "",
        )
        .until(PactState::AwaitingSignatures)
        .build();
    let url = format!("/pacts/{id}");
    let mut chiara = client!(app);
    chiara.sign_in("chiara@example.org").await;
    let mut anna = client!(app);
    anna.sign_in("anna@example.org").await;
    let mut public = client!(app);
    let sha = chiara
        .get(&url)
        .await
        .attr("input[name=text_sha256]", "value")
        .unwrap();

    // A citizen cannot sign for the city, nor can the proposer.
    for who in [&mut anna, &mut chiara] {
        let x = who
            .post(
                &format!("/pacts/{id}/sign"),
                &[
                    ("party", "city"),
                    ("text_sha256", &sha),
                    ("confirm", "yes"),
                    ("password", PASSWORD),
                ],
            )
            .await;
        assert_eq!(x.status, StatusCode::FORBIDDEN);
    }
    let sign = |party: &'static str, pw: &'static str| {
        vec![
            ("party", party.to_string()),
            ("text_sha256", sha.clone()),
            ("confirm", "yes".to_string()),
            ("password", pw.to_string()),
        ]
    };
    let s = chiara
        .post(
            &format!("/pacts/{id}/sign"),
            &fields(&sign("proposer", PASSWORD)),
        )
        .await;
    assert_eq!(s.status, StatusCode::SEE_OTHER, "{}", s.body);
    let mut luca = client!(app);
    luca.sign_in("luca@example.org").await;
    let s = luca
        .post(
            &format!("/pacts/{id}/sign"),
            &fields(&sign("cosigner", PASSWORD)),
        )
        .await;
    assert_eq!(s.status, StatusCode::SEE_OTHER, "{}", s.body);
    let mut elena = client!(app);
    elena.sign_in("elena@example.org").await;
    let wrong = elena
        .post(
            &format!("/pacts/{id}/sign"),
            &fields(&sign("city", "not my password")),
        )
        .await;
    assert_eq!(
        wrong.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "re-authentication"
    );
    assert_eq!(state_of(app, id), "awaiting_signatures");
    let s = elena
        .post(
            &format!("/pacts/{id}/sign"),
            &fields(&sign("city", PASSWORD)),
        )
        .await;
    assert_eq!(s.status, StatusCode::SEE_OTHER, "{}", s.body);
    assert_eq!(state_of(app, id), "signed");
    let (signed_index, signed_entry) = last_entry(app);
    assert!(
        signed_entry.contains("\"kind\":\"pact.signed\""),
        "{signed_entry}"
    );
    assert!(signed_entry.contains(&format!("\"text_sha256\":\"{sha}\"")));
    assert!(
        !signed_entry.contains("Chiara") && !signed_entry.contains("greenhouse"),
        "no names or text on the ledger: {signed_entry}"
    );

    // The JSON and the printable page.
    let api = public.get(&format!("/api/v1/pacts/{id}")).await;
    let v: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(v["id"], id);
    assert_eq!(v["title"], "Reopening the Lunetta greenhouse");
    assert_eq!(v["state"], "signed");
    assert_eq!(v["commons"], serde_json::json!([w.commons]));
    assert_eq!(v["text_sha256"], sha.as_str());
    assert_eq!(v["ledger_index"], signed_index);
    assert_eq!(v["support_lines"], 2);
    let print = public.get(&format!("/pacts/{id}/print")).await;
    assert_eq!(print.status, StatusCode::OK);
    assert!(print.body.contains(&sha));
    assert!(print.body.contains("Elena Russo"));
    assert!(print.body.contains(&format!("#{signed_index}")));
}

#[actix_web::test]
async fn a_pact_in_force_is_joined_reported_on_extended_and_concluded_and_the_ledger_audits() {
    let w = world();
    let app = &w.app;
    let id = greenhouse_pact(&w).until(PactState::Signed).build();
    let url = format!("/pacts/{id}");
    let sha = load(app, id).signed_sha256.clone().unwrap();
    let mut chiara = client!(app);
    chiara.sign_in("chiara@example.org").await;
    let mut marco = client!(app);
    marco.sign_in("marco@example.org").await;
    let mut public = client!(app);

    // A neighbour joins, accepting the terms.
    let mut anna = client!(app);
    anna.sign_in("anna@example.org").await;
    let j = anna
        .post(&format!("/pacts/{id}/join"), &[("accept", "yes")])
        .await;
    assert_eq!(j.status, StatusCode::SEE_OTHER, "{}", j.body);

    // Two reports, each evaluated by the office; an extension; the conclusion.
    for n in 1..=2 {
        let hours = format!("{}", 40 * n);
        let r = chiara
            .post(
                &format!("/pacts/{id}/reports"),
                &[
                    ("objectives", "The seed library is open."),
                    ("actions", "Twelve afternoons, three school visits."),
                    ("results", "140 visitors, 60 seed packets exchanged."),
                    ("resources", "The city's glass panes; our own tools."),
                    ("volunteer_hours", &hours),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(state_of(app, id), "monitoring");
        let page = marco.get(&url).await;
        let eval = page.attr("#monitoring form", "action").unwrap();
        let e = marco
            .post(
                &eval,
                &[("evaluation", "approved"), ("evaluation_text", "")],
            )
            .await;
        assert_eq!(e.status, StatusCode::SEE_OTHER, "{}", e.body);
        assert_eq!(state_of(app, id), "signed");
        let (_, entry) = last_entry(app);
        assert!(
            entry.contains("\"kind\":\"pact.report_evaluated\""),
            "{entry}"
        );
        assert!(entry.contains("\"evaluation\":\"approved\""), "{entry}");
    }
    let new_end = (chrono::Utc::now().date_naive() + chrono::Duration::days(900)).to_string();
    step!(
        marco,
        id,
        "extend",
        &[
            ("new_end", &new_end),
            ("reasons", "The greenhouse needs one more season.")
        ]
    );
    let (_, extended) = last_entry(app);
    assert!(extended.contains("\"kind\":\"pact.extend\""), "{extended}");
    assert!(extended.contains(&format!("\"end_date\":\"{new_end}\"")));
    let early = marco
        .post(
            &format!("/pacts/{id}/transition"),
            &[("transition", "conclude")],
        )
        .await;
    assert_eq!(
        early.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "early end needs reasons"
    );
    step!(
        marco,
        id,
        "conclude",
        &[("reasons", "The group handed the greenhouse to the school.")]
    );
    assert_eq!(state_of(app, id), "concluded");

    // Every ledger entry about the pact after the signature carries the signed hash.
    let entries = {
        let mut conn = app.state.db.get().unwrap();
        let n = pactum::ledger::store::size(&mut conn).unwrap();
        pactum::ledger::store::entries(&mut conn, 0, n).unwrap()
    };
    let about: Vec<&String> = entries
        .iter()
        .map(|e| &e.body)
        .filter(|b| b.contains(&format!("\"pact\":{id},")))
        .collect();
    assert!(about.len() >= 8, "{about:?}");
    let after_signing: Vec<&&String> = about
        .iter()
        .skip_while(|b| !b.contains("pact.signed"))
        .collect();
    assert!(after_signing.len() >= 5);
    for b in after_signing {
        assert!(b.contains(&sha), "{b}");
    }

    // Open data: CSV with the Italian label, list, stats; the parties got mail.
    let csv = public.get("/pacts.csv").await;
    assert!(csv.body.contains(",Archiviata,"), "{}", csv.body);
    assert!(csv.body.contains(&sha));
    let stats = public.get("/pacts/stats").await;
    assert_eq!(stats.status, StatusCode::OK);
    assert!(stats.body.contains("<svg"));
    let mails = app.deliver_mail();
    assert!(
        mails.iter().any(
            |m| m.to.contains("chiara@example.org") && m.text.contains(&format!("/pacts/{id}"))
        ),
        "the proposer is told, with a link"
    );

    // The ledger audits clean, through the same code as `pactum ledger audit`.
    crate::pacts::audit_ledger(app).await;
}

/// Signs a checkpoint, serves the application on a loopback port and runs
/// `pactum ledger audit` against it.
pub async fn audit_ledger(app: &TestApp) {
    {
        let mut conn = app.state.db.get().unwrap();
        pactum::ledger::checkpoint::sign_pending(&mut conn, &app.state.ledger_signer).unwrap();
    }
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let state = app.state.clone();
    let server = actix_web::HttpServer::new(move || pactum::build_app(state.clone()))
        .workers(1)
        .listen(listener)
        .unwrap()
        .run();
    let handle = server.handle();
    actix_web::rt::spawn(server);
    let mut c = client!(app);
    let key = c.get("/ledger/key").await.body.trim().to_string();
    let out = actix_web::web::block(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_pactum"))
            .args([
                "ledger",
                "audit",
                "--url",
                &format!("http://127.0.0.1:{port}"),
                "--key",
                &key,
            ])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    handle.stop(true).await;
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[actix_web::test]
async fn bad_proposals_are_refused_field_by_field_and_nothing_is_saved() {
    let w = world();
    let app = &w.app;
    let mut chiara = client!(app);
    chiara.sign_in("chiara@example.org").await;
    let mut bad = proposal("999999", "", "");
    bad.text.objectives = "  ".into();
    bad.text.end_date = "2020-01-01".into();
    bad.text.reporting_months = "zero".into();
    let p = chiara.post("/pacts/new", &fields(&bad.fields())).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.has("#error-summary"));
    for key in [
        "field-pact-commons-unknown",
        "field-pact-end-before-start",
        "field-pact-reporting-invalid",
    ] {
        assert!(p.body.contains(&h(&t(key))), "{key}");
    }
    assert!(
        p.body.contains("Reopening the Lunetta greenhouse"),
        "typed text is kept"
    );
    assert!(p.body.contains("Glass panes"), "support lines are kept");
    assert_eq!(app.count("pacts"), 0);

    // A group pact only through its referent; co-signers only from the group.
    let mut luca = client!(app);
    luca.sign_in("luca@example.org").await;
    let g = luca
        .post(
            "/pacts/new",
            &fields(&proposal(&w.commons.to_string(), &w.group.to_string(), "").fields()),
        )
        .await;
    assert_eq!(g.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(g.body.contains(&h(&t("field-pact-group-referent"))));
    assert_eq!(app.count("pacts"), 0);

    // Someone else's draft is not found; its transitions are refused.
    let ok = chiara
        .post(
            "/pacts/new",
            &fields(&proposal(&w.commons.to_string(), "", "").fields()),
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let url = ok.location();
    assert_eq!(luca.get(&url).await.status, StatusCode::NOT_FOUND);
    let x = luca
        .post(&format!("{url}/transition"), &[("transition", "submit")])
        .await;
    assert_eq!(x.status, StatusCode::NOT_FOUND);
    let x = chiara
        .post(
            &format!("{url}/transition"),
            &[("transition", "complete_signatures")],
        )
        .await;
    assert_eq!(x.status, StatusCode::BAD_REQUEST);
    // The proposer cannot publish their own pact.
    let x = chiara
        .post(&format!("{url}/transition"), &[("transition", "publish")])
        .await;
    assert_eq!(x.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(x.body.contains(&h(&t("pact-refused-state"))));
}

/// An ordinary pact by Chiara on the park, walked by the builder until `state`.
fn ordinary(w: &World, state: PactState) -> PactBuilder<'_> {
    PactBuilder::new(&w.app)
        .proposed_by(w.chiara)
        .on(w.commons)
        .until(state)
}

#[actix_web::test]
async fn reminders_and_digests_go_out_once() {
    let w = world();
    let app = &w.app;
    // Chiara prefers a daily digest.
    {
        use diesel::prelude::*;
        use pactum::db::schema::users;
        diesel::update(users::table.find(w.chiara))
            .set(users::notify_digest.eq(true))
            .execute(&mut *app.state.db.get().unwrap())
            .unwrap();
    }
    // The deadline job closes the observation window: on that day it sends Chiara the
    // digest of what waited from before the day.
    let id = ordinary(&w, PactState::Signed)
        .observation_closed_by_the_deadline_job()
        .build();
    let mut conn = app.state.db.get().unwrap();
    let pending_mail = |conn: &mut pactum::db::AnyConnection| {
        use diesel::prelude::*;
        use pactum::db::schema::outbox;
        outbox::table
            .filter(outbox::recipient.eq("chiara@example.org"))
            .count()
            .get_result::<i64>(conn)
            .unwrap()
    };
    let before = pending_mail(&mut conn);
    assert_eq!(before, 1, "one digest so far, nothing mailed one by one");
    // The first report falls due in a month: a reminder two weeks before, once.
    let r1 = in_tx(&mut conn, |cx| run_deadlines(cx, &env_at(app, 20))).unwrap();
    assert_eq!(r1.reminders, 1, "{r1:?}");
    assert_eq!(pending_mail(&mut conn), before + 1, "the next digest");
    let r2 = in_tx(&mut conn, |cx| run_deadlines(cx, &env_at(app, 21))).unwrap();
    assert_eq!(r2.reminders, 0, "not twice");
    assert_eq!(r2.digests, 1, "the reminder, in the next day's digest");
    let last_payload = {
        use diesel::prelude::*;
        use pactum::db::schema::outbox;
        outbox::table
            .filter(outbox::recipient.eq("chiara@example.org"))
            .order(outbox::id.desc())
            .select(outbox::payload)
            .first::<String>(&mut *conn)
            .unwrap()
    };
    let one = catalog().t_args(
        Lang::En,
        "mail-digest-subject",
        &[("count", fluent_bundle::FluentValue::from(1))],
    );
    assert!(one.contains("one thing"), "{one}");
    assert!(last_payload.contains(&one), "a digest of one step says so");
    let r3 = in_tx(&mut conn, |cx| run_deadlines(cx, &env_at(app, 21))).unwrap();
    assert_eq!(r3.digests, 0, "each notification once");
    // Once due, the pact goes to monitoring with the report due.
    let r4 = in_tx(&mut conn, |cx| run_deadlines(cx, &env_at(app, 40))).unwrap();
    assert_eq!(r4.reports_due, 1, "{r4:?}");
    assert_eq!(state_of(app, id), "monitoring");
}

#[actix_web::test]
async fn an_amendment_needs_a_new_version_and_new_signatures() {
    use pactum::pacts::procedure::Transition;
    use pactum::pacts::service::{self, By, Extra, Party};
    let w = world();
    let app = &w.app;
    let env = env_at(app, 0);
    let id = ordinary(&w, PactState::Signed).build();
    let old_sha = load(app, id).signed_sha256.clone().unwrap();
    // The city reopens the signed pact for a change, with reasons.
    let mut marco = client!(app);
    marco.sign_in("marco@example.org").await;
    step!(
        marco,
        id,
        "amend",
        &[("reasons", "The beds move to the other side of the park.")]
    );
    assert_eq!(state_of(app, id), "co_design");
    let (marco_w, chiara, elena) = (who(app, w.marco), who(app, w.chiara), who(app, w.elena));
    let mut conn = app.state.db.get().unwrap();
    // Freezing the same text again is refused: only a new version is signed anew.
    let same = in_tx(&mut conn, |cx| {
        service::fire_in(
            cx,
            &env,
            By::Person(&marco_w),
            id,
            Transition::FreezeText,
            "",
            &Extra::default(),
        )
    });
    assert!(same.is_err());
    let p = pactum::pacts::store::load(&mut conn, id).unwrap();
    let current = pactum::pacts::store::version(&mut conn, id, p.version).unwrap();
    let mut input = TextInput::of(&current.text);
    input.public_use = "Open to all, on the east side of the park.".into();
    let n = in_tx(&mut conn, |cx| {
        service::edit_in(
            cx,
            &env,
            &marco_w,
            id,
            Ok(None),
            input.validate(&env.rules),
            "The beds moved.",
        )
    })
    .unwrap();
    assert_eq!(n, p.version + 1);
    // Meanwhile the signed version is still the one in force, and public.
    let api = {
        drop(conn);
        let mut public = client!(app);
        let v: serde_json::Value =
            serde_json::from_str(&public.get(&format!("/api/v1/pacts/{id}")).await.body).unwrap();
        let page = public.get(&format!("/pacts/{id}")).await;
        assert!(
            page.body.contains(&old_sha),
            "the signed text stays readable"
        );
        v
    };
    assert_eq!(api["text_sha256"], old_sha.as_str());
    let mut conn = app.state.db.get().unwrap();
    in_tx(&mut conn, |cx| {
        service::fire_in(
            cx,
            &env,
            By::Person(&marco_w),
            id,
            Transition::FreezeText,
            "",
            &Extra::default(),
        )
    })
    .unwrap();
    let sha = pactum::pacts::store::load(&mut conn, id)
        .unwrap()
        .frozen_sha256
        .clone()
        .unwrap();
    assert_ne!(sha, old_sha);
    in_tx(&mut conn, |cx| {
        service::sign_text_in(cx, &env, &chiara, id, Party::Proposer, &sha)
    })
    .unwrap();
    let to = in_tx(&mut conn, |cx| {
        service::sign_text_in(cx, &env, &elena, id, Party::City, &sha)
    })
    .unwrap();
    assert_eq!(to.code(), "signed");
    let p = pactum::pacts::store::load(&mut conn, id).unwrap();
    assert_eq!(p.signed_version, Some(n));
    assert_eq!(p.signed_sha256.as_deref(), Some(sha.as_str()));
    drop(conn);
    // Both signed versions stay readable, each with its own hash.
    let mut public = client!(app);
    let old = public
        .get(&format!("/pacts/{id}/versions/{}.txt", n - 1))
        .await;
    assert_eq!(pactum::util::sha256_hex(old.body.as_bytes()), old_sha);
    let new = public.get(&format!("/pacts/{id}/versions/{n}.txt")).await;
    assert_eq!(pactum::util::sha256_hex(new.body.as_bytes()), sha);
}

#[actix_web::test]
async fn a_new_commons_can_be_proposed_in_the_same_flow() {
    let w = world();
    let app = &w.app;
    let mut chiara = client!(app);
    chiara.sign_in("chiara@example.org").await;
    let form = chiara.get("/pacts/new").await;
    let link = form.attr("a[href^='/commons/new']", "href").unwrap();
    assert_eq!(link, "/commons/new?then=pact");
    let page = chiara.get(&link).await;
    assert_eq!(
        page.attr("input[name=then]", "value").as_deref(),
        Some("pact")
    );
    let p = chiara
        .post(
            "/commons/new",
            &[
                ("then", "pact"),
                ("name", "Orto del Cortile Nord"),
                (
                    "description",
                    "A courtyard garden the building shares with its street.",
                ),
                ("kind", "tangible"),
                ("category", "green_area"),
                ("lat", "44.495"),
                ("lng", "11.335"),
                ("owner", "city"),
                ("why", "The neighbours grow food here together."),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let back = p.location();
    assert!(back.starts_with("/pacts/new?commons="), "{back}");
    let new_commons = back.trim_start_matches("/pacts/new?commons=").to_string();
    let form = chiara.get(&back).await;
    assert!(form.body.contains("Orto del Cortile Nord"));
    // The proposer may name their own commons while it awaits recognition.
    let ok = chiara
        .post(
            "/pacts/new",
            &fields(&proposal(&new_commons, "", "").fields()),
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    // Someone else may not.
    let mut luca = client!(app);
    luca.sign_in("luca@example.org").await;
    let no = luca
        .post(
            "/pacts/new",
            &fields(&proposal(&new_commons, "", "").fields()),
        )
        .await;
    assert_eq!(no.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[test]
fn statistics_count_the_public_pacts_by_state_and_district() {
    let app = TestApp::new();
    let mut conn = app.state.db.get().unwrap();
    assert!(pactum::demo::load(&mut conn, pactum::config::HashCost::Fast).unwrap());
    let s = pactum::pacts::view::stats(&mut conn, 0).unwrap();
    let listed = app.count("pacts WHERE listed");
    assert!(listed >= 10, "the demo has pacts in every state ({listed})");
    assert_eq!(s.total, listed);
    assert_eq!(s.by_state.iter().map(|x| x.1).sum::<i64>(), listed);
    assert_eq!(s.by_district.iter().map(|x| x.1).sum::<i64>(), listed);
    for (state, n) in &s.by_state {
        let code = state.code();
        assert_eq!(
            *n,
            app.count(&format!("pacts WHERE listed AND state = '{code}'")),
            "{code}"
        );
    }
    assert_eq!(
        s.signed_count,
        app.count("pacts WHERE submitted_at IS NOT NULL AND signed_at IS NOT NULL")
    );
    assert!(s.median_days_to_signature.is_some());
    assert!(
        s.active
            .iter()
            .all(|p| matches!(p.state.code(), "signed" | "monitoring"))
    );
}

fn count_where(app: &TestApp, table: &str, id: i64, cond: &str) -> i64 {
    app.count(&format!("{table} WHERE pact_id = {id}{cond}"))
}

#[actix_web::test]
async fn a_citizen_cannot_sign_for_the_city() {
    let w = world();
    let app = &w.app;
    let id = ordinary(&w, PactState::AwaitingSignatures).build();
    let sha = load(app, id).frozen_sha256.clone().unwrap();
    let form = [
        ("party", "city"),
        ("text_sha256", sha.as_str()),
        ("confirm", "yes"),
        ("password", PASSWORD),
    ];
    // The proposer, an unrelated citizen, and an official who is not a signatory.
    for email in [
        "chiara@example.org",
        "anna@example.org",
        "marco@example.org",
    ] {
        let mut c = client!(app);
        c.sign_in(email).await;
        let r = c.post(&format!("/pacts/{id}/sign"), &form).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{email}");
    }
    assert_eq!(count_where(app, "pact_signatures", id, ""), 0);
    assert_eq!(state_of(app, id), "awaiting_signatures");
    // The city's signatory can.
    let mut elena = client!(app);
    elena.sign_in("elena@example.org").await;
    let r = elena.post(&format!("/pacts/{id}/sign"), &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(count_where(app, "pact_signatures", id, ""), 1);
}

#[actix_web::test]
async fn an_official_of_another_office_cannot_give_an_opinion() {
    let w = world();
    let app = &w.app;
    let id = ordinary(&w, PactState::InReview).build();
    let opinion = |office: i64| {
        vec![
            ("office", office.to_string()),
            ("opinion", "unfavourable".to_string()),
            ("opinion_text", "Not for us.".to_string()),
        ]
    };
    // Sara is an official of Heritage, which was not asked; Green areas was.
    let mut sara = client!(app);
    sara.sign_in("sara@example.org").await;
    for office in [w.green, w.heritage] {
        let r = sara
            .post(&format!("/pacts/{id}/opinions"), &fields(&opinion(office)))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "office {office}");
    }
    let given = " AND opinion IS NOT NULL";
    assert_eq!(count_where(app, "pact_opinions", id, given), 0);
    // Marco, of Green areas, can.
    let mut marco = client!(app);
    marco.sign_in("marco@example.org").await;
    let r = marco
        .post(&format!("/pacts/{id}/opinions"), &fields(&opinion(w.green)))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(count_where(app, "pact_opinions", id, given), 1);
}

#[actix_web::test]
async fn a_proposer_cannot_edit_a_frozen_text() {
    let w = world();
    let app = &w.app;
    let id = ordinary(&w, PactState::AwaitingSignatures).build();
    let before = load(app, id);
    let mut chiara = client!(app);
    chiara.sign_in("chiara@example.org").await;
    let page = chiara.get(&format!("/pacts/{id}")).await;
    assert!(
        !page.body.contains(&format!("/pacts/{id}/edit")),
        "no edit link on a frozen text"
    );
    let mut form = proposal(&w.commons.to_string(), "", "");
    form.text.title = "A quietly different title".into();
    form.change_note = Some("Changed after the freeze.".into());
    let r = chiara
        .post(&format!("/pacts/{id}/edit"), &fields(&form.fields()))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let after = load(app, id);
    assert_eq!(after.version, before.version);
    assert_eq!(after.frozen_sha256, before.frozen_sha256);
    assert_eq!(after.title, before.title);
}
