//! Pacts as a city runs them: the coordinating office routes a proposal to a lead
//! office and contributing offices, a responsible official acts (or their substitute,
//! on their behalf, while they are away), and only the signatories of the signing
//! offices sign for the city (issue 15, items 1 to 3).

use actix_web::http::StatusCode;
use diesel::prelude::*;
use pactum::pacts::procedure::PactState;

use crate::builders::{CommonsBuilder, DistrictBuilder, OfficeBuilder, PactBuilder, UserBuilder};
use crate::client;
use crate::pacts::{h, t};
use crate::support::TestApp;

struct World {
    app: TestApp,
    heritage: i64,
    culture: i64,
    council: i64,
    chiara: i64,
    marco: i64,
    sara: i64,
    gino: i64,
    commons: i64,
}

/// Green areas coordinate; heritage and culture are other offices; the Navile
/// district has a council office. Marco works in green areas, Sara and Gino in
/// heritage, Paolo in culture; Elena heads heritage and signs for it, Nadia presides
/// over the Navile council and signs for it, Ugo heads culture and signs for it.
fn world() -> World {
    let app = TestApp::new();
    let navile = DistrictBuilder::new("navile", "Navile").build(&app);
    let green = OfficeBuilder::new("Green areas").coordinating().build(&app);
    let heritage = OfficeBuilder::new("Heritage").build(&app);
    let culture = OfficeBuilder::new("Culture").build(&app);
    let council = OfficeBuilder::new("Navile district council").build(&app);
    {
        let mut conn = app.state.db.get().unwrap();
        pactum::accounts::api::set_office_district(&mut conn, council, Some(navile.id)).unwrap();
    }
    let person = |handle: &str, name: &str| UserBuilder::new(handle).named(name);
    let chiara = person("chiara", "Chiara Romano").build(&app);
    let marco = person("marco", "Marco Bianchi")
        .official_in(green)
        .build(&app);
    let sara = person("sara", "Sara Greco")
        .official_in(heritage)
        .build(&app);
    let gino = person("gino", "Gino Villa")
        .official_in(heritage)
        .build(&app);
    person("paolo", "Paolo Conti")
        .official_in(culture)
        .build(&app);
    person("elena", "Elena Russo")
        .official_in(heritage)
        .role(pactum::kit::roles::Role::Signatory)
        .build(&app);
    person("nadia", "Nadia Ferri")
        .official_in(council)
        .role(pactum::kit::roles::Role::Signatory)
        .build(&app);
    person("ugo", "Ugo Marchi")
        .official_in(culture)
        .role(pactum::kit::roles::Role::Signatory)
        .build(&app);
    let commons = CommonsBuilder::new(&app)
        .named("Ex fornace Navile")
        .described("A disused kiln the neighbours want to open as a workshop.")
        .in_district(navile)
        .proposed_by(chiara)
        .recognised_by(marco)
        .build();
    World {
        app,
        heritage,
        culture,
        council,
        chiara,
        marco,
        sara,
        gino,
        commons,
    }
}

fn pact(w: &World, state: PactState) -> i64 {
    PactBuilder::new(&w.app)
        .proposed_by(w.chiara)
        .on(w.commons)
        .until(state)
        .build()
}

fn pact_row(app: &TestApp, id: i64) -> pactum::pacts::store::Pact {
    pactum::pacts::store::load(&mut app.state.db.get().unwrap(), id).unwrap()
}

fn asked(app: &TestApp, id: i64) -> Vec<i64> {
    use pactum::db::schema::pact_opinions;
    let mut conn = app.state.db.get().unwrap();
    pact_opinions::table
        .filter(pact_opinions::pact_id.eq(id))
        .order(pact_opinions::office_id.asc())
        .select(pact_opinions::office_id)
        .load(&mut *conn)
        .unwrap()
}

#[actix_web::test]
async fn the_coordinating_office_routes_a_proposal_and_the_lead_office_takes_over() {
    let w = world();
    let app = &w.app;
    let id = pact(&w, PactState::Submitted);
    let url = format!("/pacts/{id}");
    let (heritage, culture) = (w.heritage.to_string(), w.culture.to_string());

    // Before publication: the proposers and the officials concerned only.
    let mut public = client!(app);
    assert_eq!(public.get(&url).await.status, StatusCode::NOT_FOUND);
    let mut sara = client!(app);
    sara.sign_in("sara@example.org").await;
    assert_eq!(sara.get(&url).await.status, StatusCode::NOT_FOUND);
    let mut marco = client!(app);
    marco.sign_in("marco@example.org").await;
    let page = marco.get(&url).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("action=\"/pacts/"), "the routing form");
    assert!(page.body.contains(&format!("/pacts/{id}/route")));

    // Marco routes it: heritage leads, culture contributes, Sara is responsible, and
    // the type the citizen proposed becomes complex.
    let sara_id = w.sara.to_string();
    let r = marco
        .post(
            &format!("/pacts/{id}/route"),
            &[
                ("office", heritage.as_str()),
                ("contributing", culture.as_str()),
                ("official", sara_id.as_str()),
                ("type", "complex"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let p = pact_row(app, id);
    assert_eq!(p.office_id, Some(w.heritage));
    assert_eq!(p.official_id, Some(w.sara));
    assert_eq!(p.kind.code(), "complex");
    assert_eq!(asked(app, id), vec![w.culture]);
    // Now the lead and the contributing office see the proposal; the public not yet.
    assert_eq!(sara.get(&url).await.status, StatusCode::OK);
    let mut paolo = client!(app);
    paolo.sign_in("paolo@example.org").await;
    assert_eq!(paolo.get(&url).await.status, StatusCode::OK);
    assert_eq!(public.get(&url).await.status, StatusCode::NOT_FOUND);
    // The history says what the routing decided, with names.
    let page = marco.get(&url).await;
    let history = page.texts("#history").join(" ");
    assert!(history.contains("Heritage"), "{history}");
    assert!(history.contains("Culture"), "{history}");
    assert!(history.contains("Sara Greco"), "{history}");

    // Admission is still the coordinating office's: Sara cannot publish yet.
    let early = sara
        .post(
            &format!("/pacts/{id}/transition"),
            &[("transition", "publish"), ("act_number", "DG/2027/9")],
        )
        .await;
    assert_eq!(early.status, StatusCode::FORBIDDEN);
    assert!(early.body.contains(&h(&t("pact-refused-not-coordinating"))));
    // A complex pact needs its act number at publication; then it is public.
    let no_act = marco
        .post(
            &format!("/pacts/{id}/transition"),
            &[("transition", "publish")],
        )
        .await;
    assert_eq!(no_act.status, StatusCode::UNPROCESSABLE_ENTITY);
    let ok = marco
        .post(
            &format!("/pacts/{id}/transition"),
            &[("transition", "publish"), ("act_number", "DG/2027/9")],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    assert_eq!(public.get(&url).await.status, StatusCode::OK);
    assert!(pact_row(app, id).listed);
    // The type is fixed once published.
    let fixed = marco
        .post(
            &format!("/pacts/{id}/route"),
            &[
                ("office", heritage.as_str()),
                ("official", sara_id.as_str()),
                ("type", "ordinary"),
            ],
        )
        .await;
    assert_eq!(fixed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(fixed.body.contains(&h(&t("field-pact-type-fixed"))));

    // Moving the pact to another lead office needs reasons, and the history keeps
    // where it came from.
    let bare = marco
        .post(
            &format!("/pacts/{id}/route"),
            &[("office", culture.as_str())],
        )
        .await;
    assert_eq!(bare.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bare.body.contains(&h(&t("pact-route-reasons"))));
    assert_eq!(pact_row(app, id).office_id, Some(w.heritage));
    let moved = marco
        .post(
            &format!("/pacts/{id}/route"),
            &[
                ("office", culture.as_str()),
                ("reasons", "The kiln becomes a cultural venue first."),
            ],
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    let p = pact_row(app, id);
    assert_eq!(p.office_id, Some(w.culture));
    assert_eq!(p.official_id, None);
    assert!(
        asked(app, id).is_empty(),
        "culture leads now; it no longer gives an opinion to itself"
    );
    let history = marco.get(&url).await.texts("#history").join(" ");
    assert!(history.contains("The kiln becomes a cultural venue first."));
}

#[actix_web::test]
async fn an_official_of_another_office_is_refused_with_the_reason() {
    let w = world();
    let app = &w.app;
    let id = PactBuilder::new(app)
        .proposed_by(w.chiara)
        .on(w.commons)
        .led_by(w.heritage)
        .until(PactState::InReview)
        .build();
    // Marco coordinates, but from publication the lead office acts.
    let mut marco = client!(app);
    marco.sign_in("marco@example.org").await;
    let r = marco
        .post(
            &format!("/pacts/{id}/transition"),
            &[
                ("transition", "reject"),
                ("reasons", "Not a commons at all."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains(&h(&t("pact-refused-other-office"))));
    assert_eq!(crate::pacts::state_of(app, id), "in_review");
    // Paolo (culture) is not the lead office either; a citizen has no say.
    let mut paolo = client!(app);
    paolo.sign_in("paolo@example.org").await;
    let r = paolo
        .post(
            &format!("/pacts/{id}/route"),
            &[("office", &w.culture.to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains(&h(&t("pact-refused-not-coordinating"))));
    assert_eq!(pact_row(app, id).office_id, Some(w.heritage));
    // Routing after the text is frozen is refused.
    let frozen = PactBuilder::new(app)
        .proposed_by(w.chiara)
        .on(w.commons)
        .led_by(w.heritage)
        .until(PactState::AwaitingSignatures)
        .build();
    let r = marco
        .post(
            &format!("/pacts/{frozen}/route"),
            &[
                ("office", &w.culture.to_string()),
                ("reasons", "Moving it late."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
}

#[actix_web::test]
async fn a_substitute_acts_on_behalf_of_the_absent_responsible_official() {
    let w = world();
    let app = &w.app;
    let id = PactBuilder::new(app)
        .proposed_by(w.chiara)
        .on(w.commons)
        .led_by(w.heritage)
        .until(PactState::Published)
        .build();
    let mut marco = client!(app);
    marco.sign_in("marco@example.org").await;
    let r = marco
        .post(
            &format!("/pacts/{id}/route"),
            &[
                ("office", &w.heritage.to_string()),
                ("official", &w.sara.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Gino, Sara's colleague, may not act while Sara is in charge.
    let mut gino = client!(app);
    gino.sign_in("gino@example.org").await;
    let close = [("transition", "close_observation")];
    let r = gino.post(&format!("/pacts/{id}/transition"), &close).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains(&h(&t("pact-refused-not-responsible"))));
    let queue = gino.get("/official/pacts").await;
    assert!(
        queue.body.contains(&format!("/pacts/{id}\"")),
        "heritage's queue"
    );

    // Sara records an absence from today with Gino as her substitute.
    let mut sara = client!(app);
    sara.sign_in("sara@example.org").await;
    let today = chrono::Utc::now().date_naive();
    let (from, to) = (
        today.to_string(),
        (today + chrono::Duration::days(14)).to_string(),
    );
    let gino_id = w.gino.to_string();
    let heritage = w.heritage.to_string();
    // Refusals first: herself as substitute, someone of another office, dates.
    for (substitute, start, end, key) in [
        (
            w.sara.to_string(),
            from.as_str(),
            to.as_str(),
            "field-absence-substitute-self",
        ),
        (
            w.marco.to_string(),
            from.as_str(),
            to.as_str(),
            "field-absence-substitute-office",
        ),
        (
            gino_id.clone(),
            to.as_str(),
            from.as_str(),
            "field-absence-order",
        ),
    ] {
        let r = sara
            .post(
                "/official/absences",
                &[
                    ("office", heritage.as_str()),
                    ("substitute", substitute.as_str()),
                    ("starts_on", start),
                    ("ends_on", end),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{key}");
        assert!(r.body.contains(&h(&t(key))), "{key}");
    }
    let r = sara
        .post(
            "/official/absences",
            &[
                ("office", heritage.as_str()),
                ("substitute", gino_id.as_str()),
                ("starts_on", from.as_str()),
                ("ends_on", to.as_str()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let desk = gino.get("/official").await;
    assert!(desk.texts("#covering").join(" ").contains("Sara Greco"));

    // Now Gino sees the pact marked "on behalf of Sara", and acts.
    let queue = gino.get("/official/pacts").await;
    assert!(
        queue.body.contains(&h(
            &t("pact-on-behalf-of").replace("{ $name }", "Sara Greco")
        )) || queue.body.contains("Sara Greco"),
        "the queue names the absent colleague"
    );
    let r = gino.post(&format!("/pacts/{id}/transition"), &close).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(crate::pacts::state_of(app, id), "in_review");
    {
        use pactum::db::schema::pact_events;
        let mut conn = app.state.db.get().unwrap();
        let (actor, behalf): (Option<i64>, Option<i64>) = pact_events::table
            .filter(pact_events::pact_id.eq(id))
            .filter(pact_events::kind.eq("close_observation"))
            .select((pact_events::actor_id, pact_events::on_behalf_of))
            .first(&mut *conn)
            .unwrap();
        assert_eq!((actor, behalf), (Some(w.gino), Some(w.sara)));
    }
    let history = gino
        .get(&format!("/pacts/{id}"))
        .await
        .texts("#history")
        .join(" ");
    assert!(history.contains("Gino Villa"), "{history}");
    assert!(history.contains("Sara Greco"), "{history}");
    // What needs the city now reaches whoever is acting: Gino, not Sara.
    {
        use pactum::pacts::notify;
        let mut conn = app.state.db.get().unwrap();
        let p = pactum::pacts::store::load(&mut conn, id).unwrap();
        assert_eq!(notify::city(&mut conn, &p, today).unwrap(), vec![w.gino]);
        let after = today + chrono::Duration::days(15);
        assert_eq!(notify::city(&mut conn, &p, after).unwrap(), vec![w.sara]);
    }
    // Sara cancels the absence: Gino no longer acts for her.
    let absence: i64 = {
        use pactum::db::schema::absences;
        let mut conn = app.state.db.get().unwrap();
        absences::table
            .select(absences::id)
            .first(&mut *conn)
            .unwrap()
    };
    let r = gino
        .post(&format!("/official/absences/{absence}/cancel"), &[])
        .await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "only Sara cancels her absence"
    );
    let r = sara
        .post(&format!("/official/absences/{absence}/cancel"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = gino
        .post(
            &format!("/pacts/{id}/transition"),
            &[
                ("transition", "reject"),
                ("reasons", "Not a commons at all."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn only_the_signatories_of_the_signing_offices_sign_for_the_city() {
    let w = world();
    let app = &w.app;
    // Heritage leads; the Navile council signs too.
    let id = PactBuilder::new(app)
        .proposed_by(w.chiara)
        .on(w.commons)
        .led_by(w.heritage)
        .until(PactState::CoDesign)
        .build();
    let mut marco = client!(app);
    marco.sign_in("marco@example.org").await;
    let r = marco
        .post(
            &format!("/pacts/{id}/route"),
            &[("office", &w.heritage.to_string()), ("council", "1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    {
        let mut conn = app.state.db.get().unwrap();
        let p = pactum::pacts::store::load(&mut conn, id).unwrap();
        assert_eq!(
            pactum::pacts::store::signing_offices(&mut conn, &p).unwrap(),
            vec![w.heritage, w.council]
        );
    }
    let mut sara = client!(app);
    sara.sign_in("sara@example.org").await;
    let r = sara
        .post(
            &format!("/pacts/{id}/transition"),
            &[("transition", "freeze_text")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let sha = pact_row(app, id).frozen_sha256.clone().unwrap();
    let form = [
        ("party", "city"),
        ("text_sha256", sha.as_str()),
        ("confirm", "yes"),
        ("password", crate::support::PASSWORD),
    ];
    // The proposer signs; Ugo signs for culture, not for this pact: refused, with why.
    let mut chiara = client!(app);
    chiara.sign_in("chiara@example.org").await;
    let mine = [
        ("party", "proposer"),
        ("text_sha256", sha.as_str()),
        ("confirm", "yes"),
        ("password", crate::support::PASSWORD),
    ];
    let r = chiara.post(&format!("/pacts/{id}/sign"), &mine).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut ugo = client!(app);
    ugo.sign_in("ugo@example.org").await;
    let r = ugo.post(&format!("/pacts/{id}/sign"), &form).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains(&h(&t("pact-refused-wrong-signatory"))));
    // Elena signs for heritage: not yet in force, the council has to sign.
    let mut elena = client!(app);
    elena.sign_in("elena@example.org").await;
    let r = elena.post(&format!("/pacts/{id}/sign"), &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(crate::pacts::state_of(app, id), "awaiting_signatures");
    let r = elena.post(&format!("/pacts/{id}/sign"), &form).await;
    assert_ne!(r.status, StatusCode::SEE_OTHER, "once");
    let mut nadia = client!(app);
    nadia.sign_in("nadia@example.org").await;
    let r = nadia.post(&format!("/pacts/{id}/sign"), &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(crate::pacts::state_of(app, id), "signed");
    // The ledger names each city signature's office.
    let page = chiara.get(&format!("/pacts/{id}")).await;
    let sigs = page.texts("#signatures").join(" ");
    assert!(
        sigs.contains("Heritage") && sigs.contains("Navile district council"),
        "{sigs}"
    );
    let body: String = {
        let mut conn = app.state.db.get().unwrap();
        let n = pactum::ledger::store::size(&mut conn).unwrap();
        pactum::ledger::store::entry(&mut conn, n - 1)
            .unwrap()
            .unwrap()
            .body
    };
    assert!(body.contains("city/heritage:"), "{body}");
    assert!(body.contains("city/navile-district-council:"), "{body}");
}
