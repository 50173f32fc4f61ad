//! Keeping the registry clean, as its users meet it (issue 16, item 2): a proposer
//! corrects their proposal, the city edits a recognised commons and records its
//! office fields, every change is in the history with who and why; a duplicate is
//! merged (the old address redirects, pacts and photos move); a commons is retired
//! and stays visible; a declined one is reconsidered; photos are deleted and hidden.

use crate::support::in_tx;
use actix_web::http::StatusCode;
use pactum::web::i18n::{Lang, catalog};

use crate::builders::{CommonsBuilder, PactBuilder, UserBuilder};
use crate::client;
use crate::support::TestApp;

fn t(key: &str) -> String {
    catalog().t(Lang::En, key)
}

struct World {
    app: TestApp,
    chiara: i64,
    marco: i64,
}

fn world() -> World {
    let app = TestApp::new();
    let chiara = UserBuilder::new("chiara")
        .named("Chiara Romano")
        .build(&app);
    UserBuilder::new("bruno").named("Bruno Neri").build(&app);
    let marco = UserBuilder::new("marco")
        .named("Marco Bianchi")
        .official()
        .build(&app);
    World { app, chiara, marco }
}

fn garden<'a>(w: &'a World, name: &str) -> CommonsBuilder<'a> {
    CommonsBuilder::new(&w.app)
        .named(name)
        .described("Raised beds in a courtyard.")
        .at(44.4951, 11.3301)
        .proposed_by(w.chiara)
}

/// The edit form's fields as the page filled them, with `changes` applied.
fn edit_fields(page: &crate::support::Page, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let html = page.html();
    let mut out: Vec<(String, String)> = Vec::new();
    let sel = scraper::Selector::parse(
        "form[action$='/edit'] input, form[action$='/edit'] textarea, form[action$='/edit'] select",
    )
    .unwrap();
    for el in html.select(&sel) {
        let v = el.value();
        let Some(name) = v.attr("name") else { continue };
        if name == "csrf_token" {
            continue;
        }
        let value = match v.name() {
            "textarea" => el.text().collect::<String>(),
            "select" => {
                let opt = scraper::Selector::parse("option[selected]").unwrap();
                el.select(&opt)
                    .next()
                    .and_then(|o| o.value().attr("value"))
                    .unwrap_or("")
                    .to_string()
            }
            _ => {
                let ty = v.attr("type").unwrap_or("text");
                if (ty == "checkbox" || ty == "radio") && v.attr("checked").is_none() {
                    continue;
                }
                v.attr("value").unwrap_or("").to_string()
            }
        };
        out.push((name.to_string(), value));
    }
    for (k, v) in changes {
        out.retain(|(n, _)| n != k);
        out.push((k.to_string(), v.to_string()));
    }
    out
}

fn refs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

#[actix_web::test]
async fn a_proposer_corrects_a_proposal_and_the_history_says_who_why_and_what() {
    let w = world();
    let id = garden(&w, "Orto del Pratelo").build();
    let mut chiara = client!(w.app);
    chiara.sign_in("chiara@example.org").await;
    let form = chiara.get(&format!("/commons/{id}/edit")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    // The office's fields are not on a proposer's form.
    assert!(!form.has("#asset_code") && !form.has("#condition"));
    assert!(form.has("label[for=reason]"));

    // Without a reason: refused, with what was typed kept.
    let fields = edit_fields(&form, &[("name", "Orto del Pratello")]);
    let p = chiara
        .post(&format!("/commons/{id}/edit"), &refs(&fields))
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.body.contains(&t("field-commons-edit-reason-required")));
    assert_eq!(
        p.attr("#name", "value").as_deref(),
        Some("Orto del Pratello")
    );
    assert!(p.has(".error-summary"), "error summary");

    // A crafted post with the office's fields: those are kept as they were.
    let fields = edit_fields(
        &form,
        &[
            ("name", "Orto del Pratello"),
            ("reason", "The name was misspelt."),
            ("asset_code", "FG 1 / 2"),
            ("condition", "good"),
        ],
    );
    let p = chiara
        .post(&format!("/commons/{id}/edit"), &refs(&fields))
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let page = chiara.get(&format!("/commons/{id}")).await;
    assert!(page.body.contains("<h1>Orto del Pratello</h1>"));
    assert!(!page.body.contains("FG 1 / 2"));
    let history = page.texts(".history li").join("\n");
    assert!(history.contains(&t("commons-event-edited")), "{history}");
    assert!(history.contains("Chiara Romano") && history.contains("The name was misspelt."));
    assert!(
        page.body
            .contains("<del class=\"prewrap\">Orto del Pratelo</del>")
    );
    assert!(
        page.body
            .contains("<ins class=\"prewrap\">Orto del Pratello</ins>")
    );
    assert_eq!(w.app.count("commons_changes"), 1);

    // The same form again is stale: refused, nothing changed.
    let p = chiara
        .post(&format!("/commons/{id}/edit"), &refs(&fields))
        .await;
    assert_eq!(p.status, StatusCode::CONFLICT);
    assert_eq!(w.app.count("commons_changes"), 1);

    // Once recognised, the proposer no longer edits; the city does, office fields too.
    {
        let mut conn = w.app.state.db.get().unwrap();
        in_tx(&mut conn, |cx| {
            pactum::commons::service::decide_unchecked(
                cx,
                w.marco,
                id,
                pactum::commons::service::Decision::Recognise,
                "",
            )
        })
        .unwrap()
        .unwrap();
    }
    assert_eq!(
        chiara.get(&format!("/commons/{id}/edit")).await.status,
        StatusCode::FORBIDDEN
    );
    let mut bruno = client!(w.app);
    bruno.sign_in("bruno@example.org").await;
    assert_eq!(
        bruno.get(&format!("/commons/{id}/edit")).await.status,
        StatusCode::FORBIDDEN
    );
    let mut marco = client!(w.app);
    marco.sign_in("marco@example.org").await;
    let form = marco.get(&format!("/commons/{id}/edit")).await;
    assert!(form.has("#asset_code") && form.has("#condition") && form.has("#restrictions"));
    let fields = edit_fields(
        &form,
        &[
            ("asset_code", "FG 12 / 345"),
            ("condition", "poor"),
            ("restrictions", "Protected plane trees."),
            ("lat", "44.4990"),
            ("reason", "Recorded from the asset register."),
        ],
    );
    let p = marco
        .post(&format!("/commons/{id}/edit"), &refs(&fields))
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let mut public = client!(w.app);
    let page = public.get(&format!("/commons/{id}")).await;
    assert!(page.body.contains("FG 12 / 345") && page.body.contains(&t("condition-poor")));
    assert!(page.body.contains("Protected plane trees."));
    assert!(page.body.contains("Marco Bianchi"));
    // Name unchanged, four fields changed in this edit.
    assert_eq!(w.app.count("commons_changes"), 5);
    assert!(!page.has("a[href$='/edit']"), "no edit link for the public");
}

#[actix_web::test]
async fn a_duplicate_is_merged_its_address_redirects_and_its_pacts_and_photos_move() {
    let w = world();
    let keep = garden(&w, "Giardino Lunetta Gamberini")
        .recognised_by(w.marco)
        .build();
    let dup = garden(&w, "Giardino Lunetta")
        .recognised_by(w.marco)
        .provisioning(&["energy"])
        .with_photos(1)
        .build_async()
        .await;
    let pact = PactBuilder::new(&w.app)
        .proposed_by(w.chiara)
        .on(dup)
        .titled("Care of the Lunetta beds")
        .build();

    let mut marco = client!(w.app);
    marco.sign_in("marco@example.org").await;
    let page = marco.get(&format!("/commons/{dup}")).await;
    assert!(page.has("form[action$='/merge']"));
    // Refusals: itself, an unknown number, no reasons.
    for (into, reasons, message) in [
        (
            dup.to_string(),
            "Registered twice.",
            "field-commons-merge-same",
        ),
        (
            "99999".to_string(),
            "Registered twice.",
            "field-commons-merge-unknown",
        ),
        (
            "twelve".to_string(),
            "Registered twice.",
            "field-commons-merge-into-invalid",
        ),
        (keep.to_string(), "dup", "field-reasons-required"),
    ] {
        let p = marco
            .post(
                &format!("/commons/{dup}/merge"),
                &[("into", into.as_str()), ("merge_reasons", reasons)],
            )
            .await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "{into}");
        assert!(p.body.contains(&t(message)), "{message}");
    }
    let ledger = w.app.count("ledger_entries");
    let p = marco
        .post(
            &format!("/commons/{dup}/merge"),
            &[
                ("into", &format!("#{keep}")),
                ("merge_reasons", "The same garden, registered twice."),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    assert_eq!(p.location(), format!("/commons/{keep}"));
    assert_eq!(w.app.count("ledger_entries"), ledger + 1);

    let mut public = client!(w.app);
    let old = public.get(&format!("/commons/{dup}")).await;
    assert_eq!(old.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(old.location(), format!("/commons/{keep}"));
    let old = public.get(&format!("/commons/{dup}.geojson")).await;
    assert_eq!(old.location(), format!("/commons/{keep}.geojson"));
    let page = public.get(&format!("/commons/{keep}")).await;
    // The pact (a draft, not on the public page) now names the commons kept.
    let on: Vec<i64> = {
        use diesel::prelude::*;
        use pactum::db::schema::pact_commons as pc;
        let mut conn = w.app.state.db.get().unwrap();
        pc::table
            .filter(pc::pact_id.eq(pact))
            .select(pc::commons_id)
            .load(&mut conn)
            .unwrap()
    };
    assert_eq!(on, [keep]);
    assert_eq!(page.texts(".photos figcaption"), ["Photo 0 of the commons"]);
    assert!(
        page.body.contains(&t("provisioning-energy")),
        "provisioning gained"
    );
    assert!(page.body.contains(&t("commons-event-merged-from")));
    // Gone from the lists and the map data; merging again is refused.
    assert!(
        !public
            .get("/commons.geojson")
            .await
            .body
            .contains("\"Giardino Lunetta\"")
    );
    let again = marco
        .post(
            &format!("/commons/{dup}/merge"),
            &[
                ("into", &keep.to_string()),
                ("merge_reasons", "Once more, to be sure."),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
}

#[actix_web::test]
async fn a_commons_is_retired_and_stays_visible_and_a_declined_one_is_reconsidered() {
    let w = world();
    let gone = garden(&w, "Orto della caserma")
        .recognised_by(w.marco)
        .build();
    let declined = garden(&w, "Cortile privato")
        .declined_by(w.marco, "The owner did not consent.")
        .build();
    let mut marco = client!(w.app);
    marco.sign_in("marco@example.org").await;
    let p = marco
        .post(
            &format!("/commons/{gone}/decision"),
            &[("decision", "retire"), ("reasons", "gone")],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "reasons needed");
    let ledger = w.app.count("ledger_entries");
    let p = marco
        .post(
            &format!("/commons/{gone}/decision"),
            &[
                ("decision", "retire"),
                ("reasons", "The barracks were sold and the garden closed."),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    assert_eq!(w.app.count("ledger_entries"), ledger + 1);
    let mut public = client!(w.app);
    let page = public.get(&format!("/commons/{gone}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&t("status-retired")));
    assert!(page.body.contains("The barracks were sold"));
    assert!(
        !public
            .get("/commons")
            .await
            .body
            .contains("Orto della caserma")
    );
    assert!(
        !public
            .get("/commons.geojson")
            .await
            .body
            .contains("Orto della caserma")
    );

    // The declined proposal comes back to review (not on the ledger, like a refusal).
    let ledger = w.app.count("ledger_entries");
    let p = marco
        .post(
            &format!("/commons/{declined}/decision"),
            &[
                ("decision", "reconsider"),
                ("reasons", "The owner has now written to consent."),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    assert_eq!(w.app.count("ledger_entries"), ledger);
    let page = marco.get(&format!("/commons/{declined}")).await;
    assert!(page.body.contains(&t("status-proposed")));
    assert!(page.body.contains(&t("commons-event-reconsidered")));
    assert!(
        marco
            .get("/official/commons")
            .await
            .body
            .contains("Cortile privato")
    );
}

#[actix_web::test]
async fn photos_are_deleted_by_their_uploader_and_hidden_by_the_city() {
    let w = world();
    let id = garden(&w, "Giardino del Guasto")
        .recognised_by(w.marco)
        .with_photos(2)
        .build_async()
        .await;
    let (first, second, url): (i64, i64, String) = {
        use diesel::prelude::*;
        use pactum::db::schema::commons_photos as cp;
        let mut conn = w.app.state.db.get().unwrap();
        let rows: Vec<(i64, String, String)> = cp::table
            .order(cp::id.asc())
            .select((cp::id, cp::file_hash, cp::file_type))
            .load(&mut conn)
            .unwrap();
        (
            rows[0].0,
            rows[1].0,
            format!("/files/{}.{}", rows[0].1, rows[0].2),
        )
    };
    // The page shows the medium thumbnail (a JPEG made at upload) and links the photo.
    let mut public = client!(w.app);
    let page = public.get(&format!("/commons/{id}")).await;
    let thumb = page.attr(".photos img", "src").unwrap();
    assert!(thumb.ends_with(".jpg") && thumb != url, "{thumb}");
    assert_eq!(
        page.attr(".photos a", "href").as_deref(),
        Some(url.as_str())
    );
    let small = public.get(&thumb).await;
    assert_eq!(small.status, StatusCode::OK);
    assert_eq!(small.headers.get("content-type").unwrap(), "image/jpeg");
    let mut bruno = client!(w.app);
    bruno.sign_in("bruno@example.org").await;
    let p = bruno
        .post(&format!("/commons/{id}/photos/{first}/delete"), &[])
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN, "not his photo");
    let p = bruno
        .post(
            &format!("/commons/{id}/photos/{first}/moderation"),
            &[("action", "hide"), ("reasons", "I do not like it at all.")],
        )
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN, "not the city");

    let mut marco = client!(w.app);
    marco.sign_in("marco@example.org").await;
    let p = marco
        .post(
            &format!("/commons/{id}/photos/{first}/moderation"),
            &[("action", "hide"), ("reasons", "short")],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    let p = marco
        .post(
            &format!("/commons/{id}/photos/{first}/moderation"),
            &[
                ("action", "hide"),
                ("reasons", "A child's face is recognisable."),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let page = public.get(&format!("/commons/{id}")).await;
    assert_eq!(page.texts(".photos figcaption"), ["Photo 1 of the commons"]);
    // Both fixtures are the same file (stored once by content): it is served while
    // one visible photo names it, and only to the city once both are hidden.
    assert_eq!(public.get(&url).await.status, StatusCode::OK);
    let hide = |photo: i64| format!("/commons/{id}/photos/{photo}/moderation");
    let reasons = [
        ("action", "hide"),
        ("reasons", "Shows a car's number plate."),
    ];
    assert_eq!(
        marco.post(&hide(second), &reasons).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(public.get(&url).await.status, StatusCode::NOT_FOUND);
    assert_eq!(public.get(&thumb).await.status, StatusCode::NOT_FOUND);
    assert_eq!(marco.get(&url).await.status, StatusCode::OK);
    assert_eq!(marco.get(&thumb).await.status, StatusCode::OK);
    let show = marco.post(&hide(second), &[("action", "show")]).await;
    assert_eq!(show.status, StatusCode::SEE_OTHER);
    assert_eq!(public.get(&url).await.status, StatusCode::OK);
    let page = marco.get(&format!("/commons/{id}")).await;
    let hidden = page.texts(".photos .callout").join(" ");
    assert!(
        hidden.contains("A child's face is recognisable."),
        "{hidden}"
    );
    // A photo of another commons cannot be reached through this one.
    let other = garden(&w, "Altro giardino").recognised_by(w.marco).build();
    let p = marco
        .post(&format!("/commons/{other}/photos/{second}/delete"), &[])
        .await;
    assert_eq!(p.status, StatusCode::NOT_FOUND);
    // The uploader deletes hers.
    let mut chiara = client!(w.app);
    chiara.sign_in("chiara@example.org").await;
    let p = chiara
        .post(&format!("/commons/{id}/photos/{second}/delete"), &[])
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    let page = public.get(&format!("/commons/{id}")).await;
    assert!(page.texts(".photos figcaption").is_empty());
    assert!(page.body.contains(&t("commons-event-photo-deleted")));
}

#[actix_web::test]
async fn a_commons_page_tells_its_whole_life_in_order_and_the_same_as_json() {
    let w = world();
    let green = crate::builders::OfficeBuilder::new("Green areas")
        .coordinating()
        .build(&w.app);
    let sara = UserBuilder::new("sara").official_in(green).build(&w.app);
    UserBuilder::new("elena")
        .official()
        .role(pactum::accounts::Role::Signatory)
        .build(&w.app);
    let anna = UserBuilder::new("anna").build(&w.app);
    let id = garden(&w, "Orti della Lunetta").recognised_by(sara).build();
    PactBuilder::new(&w.app)
        .proposed_by(w.chiara)
        .on(id)
        .titled("Care of the Lunetta beds")
        .adherent(anna)
        .reports(2)
        .until(pactum::pacts::procedure::PactState::Signed)
        .build();

    let mut public = client!(w.app);
    let page = public.get(&format!("/commons/{id}")).await;
    let lines = page.texts(".history > li");
    let at = |key: &str| {
        let label = t(key);
        lines
            .iter()
            .position(|l| l.contains(&label))
            .unwrap_or_else(|| panic!("{key} not in {lines:#?}"))
    };
    assert!(at("commons-event-proposed") < at("commons-event-recognised"));
    assert!(at("commons-event-recognised") < at("timeline-pact-published"));
    assert!(at("timeline-pact-published") < at("timeline-pact-signed"));
    let report = lines
        .iter()
        .position(|l| l.contains("12 volunteer hours"))
        .expect("a report line");
    assert!(at("timeline-pact-signed") < report);
    assert!(
        lines.iter().any(|l| l.contains("One person joined a pact")),
        "{lines:#?}"
    );
    assert!(page.body.contains("24 volunteer hours reported"));

    let json = public.get(&format!("/commons/{id}/timeline.json")).await;
    assert_eq!(json.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    assert_eq!(v["volunteer_hours"], 24);
    let kinds: Vec<&str> = v["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    for k in [
        "commons.proposed",
        "commons.recognised",
        "pact.published",
        "pact.signed",
        "pact.report",
        "pact.adherents",
    ] {
        assert!(kinds.contains(&k), "{k} in {kinds:?}");
    }
    let report = v["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "pact.report")
        .unwrap();
    assert_eq!(report["volunteer_hours"], 12);
    assert!(report["pact"]["url"].as_str().unwrap().starts_with("http"));
    // No one's name in the open data.
    for name in ["Chiara Romano", "Marco Bianchi", "anna"] {
        assert!(!json.body.contains(name), "{name}");
    }
}
