//! Content in several languages (issue 16, item 5), as its users meet it: a proposer
//! and the city give a commons' and a pact's texts in other languages (and who may
//! not), readers get their language or the original marked with its language, lists
//! stay one query for all their translations, and a search in any language finds
//! the object.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use pactum::commons::search_sync;
use pactum::pacts::procedure::PactState;
use pactum::web::i18n::{Lang, catalog};

use crate::builders::{
    CommonsBuilder, DistrictBuilder, OfficeBuilder, PactBuilder, UserBuilder, pact_text,
};
use crate::client;
use crate::support::{Page, TestApp};

fn t(lang: Lang, key: &str) -> String {
    catalog().t(lang, key)
}

/// Whether the message next to `field` says `key` (in English).
fn says(p: &Page, field: &str, key: &str) -> bool {
    p.texts(&format!("#{field}-error"))
        .join(" ")
        .contains(&t(Lang::En, key))
}

struct World {
    app: TestApp,
    chiara: i64,
    /// A commons Chiara proposed, not yet recognised (she may still translate it).
    proposed: i64,
    /// A recognised commons, public, in the Navile district.
    garden: i64,
    navile: i64,
}

fn world() -> World {
    let app = TestApp::new();
    let navile = DistrictBuilder::new("navile", "Navile").build(&app);
    let office = OfficeBuilder::new("Green areas").coordinating().build(&app);
    let chiara = UserBuilder::new("chiara").build(&app);
    UserBuilder::new("bruno").build(&app);
    let marco = UserBuilder::new("marco").official_in(office).build(&app);
    UserBuilder::new("ada").admin().build(&app);
    let proposed = CommonsBuilder::new(&app)
        .named("Orto in proposta")
        .described("Aiuole rialzate.")
        .at(navile.lat, navile.lng)
        .proposed_by(chiara)
        .build();
    let garden = CommonsBuilder::new(&app)
        .named("Orto del Pratello")
        .described("Aiuole rialzate in un cortile.")
        .in_district(navile)
        .proposed_by(chiara)
        .recognised_by(marco)
        .build();
    World {
        app,
        chiara,
        proposed,
        garden,
        navile: navile.id,
    }
}

fn sync_commons(app: &TestApp) {
    let mut conn = app.state.db.get().unwrap();
    let r = search_sync::sync_due(&mut conn, app.state.search.as_ref(), 1000).unwrap();
    assert_eq!(r.failed, 0);
}

fn sync_pacts(app: &TestApp) {
    let mut conn = app.state.db.get().unwrap();
    let r = pactum::search::sync::sync_due(
        &mut conn,
        &pactum::pacts::search_sync::SOURCE,
        app.state.pact_search.as_ref(),
        1000,
    )
    .unwrap();
    assert_eq!(r.failed, 0);
}

/// A page as an anonymous reader whose browser asks for `lang` gets it.
async fn read_as(app: &TestApp, path: &str, lang: &str) -> Page {
    let mut c = client!(app);
    let p = c
        .send(
            TestRequest::get()
                .uri(path)
                .insert_header(("accept-language", lang)),
        )
        .await;
    assert_eq!(p.status, StatusCode::OK, "{path}: {}", p.body);
    p
}

fn save<'a>(lang: &'a str, title: &'a str, description: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("action", "save"),
        ("lang", lang),
        ("title", title),
        ("description", description),
    ]
}

#[actix_web::test]
async fn a_proposer_translates_their_commons_and_the_city_any_commons() {
    let w = world();
    let (proposed, garden) = (w.proposed, w.garden);
    let mut chiara = client!(w.app);
    chiara.sign_in("chiara@example.org").await;
    let form = chiara
        .get(&format!("/commons/{proposed}/translations"))
        .await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    for label in [
        "label[for=lang]",
        "label[for=title]",
        "label[for=description]",
    ] {
        assert!(form.has(label), "{label}");
    }
    // A commons has no summary field.
    assert!(!form.has("#summary"));
    // The original's language (the city's default) is not offered for a translation.
    assert!(!form.has("#lang option[value=en]"));
    assert!(form.has("#original option[value=en][selected]"));

    let p = chiara
        .post(
            &format!("/commons/{proposed}/translations"),
            &save("nl", "Moestuin in voorstel", "Verhoogde bakken."),
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let form = chiara
        .get(&format!("/commons/{proposed}/translations"))
        .await;
    assert!(form.body.contains("Moestuin in voorstel"));
    assert!(form.body.contains(&t(Lang::En, "translation-saved")));
    // Changed: the same language replaces it.
    let p = chiara
        .post(
            &format!("/commons/{proposed}/translations"),
            &save("nl", "Moestuin", ""),
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    let form = chiara
        .get(&format!("/commons/{proposed}/translations?lang=nl"))
        .await;
    assert_eq!(form.attr("#title", "value").as_deref(), Some("Moestuin"));
    assert!(!form.body.contains("Moestuin in voorstel"));
    assert_eq!(
        w.app.count(&format!(
            "content_translations WHERE subject = 'commons' AND subject_id = {proposed}"
        )),
        1
    );

    // Once recognised, the proposer may no longer; the city may.
    let p = chiara.get(&format!("/commons/{garden}/translations")).await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    let p = chiara
        .post(
            &format!("/commons/{garden}/translations"),
            &save("nl", "Moestuin", ""),
        )
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    let mut bruno = client!(w.app);
    bruno.sign_in("bruno@example.org").await;
    let p = bruno
        .get(&format!("/commons/{proposed}/translations"))
        .await;
    assert_eq!(
        p.status,
        StatusCode::NOT_FOUND,
        "a proposal is not shown to others"
    );
    let p = bruno.get(&format!("/commons/{garden}/translations")).await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    let mut marco = client!(w.app);
    marco.sign_in("marco@example.org").await;
    let p = marco
        .post(
            &format!("/commons/{garden}/translations"),
            &save("fr", "Potager du Pratello", ""),
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    // The city removes it again.
    let p = marco
        .post(
            &format!("/commons/{garden}/translations"),
            &[("action", "remove"), ("lang", "fr")],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert_eq!(
        w.app.count(&format!(
            "content_translations WHERE subject = 'commons' AND subject_id = {garden}"
        )),
        0
    );
    // The page shows the link to whoever may translate.
    let page = marco.get(&format!("/commons/{garden}")).await;
    assert!(page.has(&format!("a[href='/commons/{garden}/translations']")));
    let page = bruno.get(&format!("/commons/{garden}")).await;
    assert!(!page.has(&format!("a[href='/commons/{garden}/translations']")));
    let _ = w.chiara;
}

#[actix_web::test]
async fn a_refused_translation_says_why_and_keeps_what_was_typed() {
    let w = world();
    let id = w.proposed;
    let mut chiara = client!(w.app);
    chiara.sign_in("chiara@example.org").await;
    let path = format!("/commons/{id}/translations");
    // No title.
    let p = chiara
        .post(&path, &save("nl", " ", "Verhoogde bakken."))
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.has(".error-summary a[href='#title']"));
    assert!(says(&p, "title", "field-translation-title-required"));
    assert_eq!(p.texts("#description"), ["Verhoogde bakken."]);
    assert!(p.has("#lang option[value=nl][selected]"));
    // The original's language, or none of the site's.
    let p = chiara.post(&path, &save("en", "Garden", "")).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(says(&p, "lang", "field-translation-lang-original"));
    let p = chiara.post(&path, &save("de", "Garten", "")).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(says(&p, "lang", "field-translation-lang-invalid"));
    // The original's caps.
    let long = "x".repeat(121);
    let p = chiara.post(&path, &save("nl", &long, "")).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.has("#title[aria-invalid=true]"));
    assert_eq!(w.app.count("content_translations"), 0, "nothing saved");

    // The original's language cannot become one that has a translation.
    let p = chiara.post(&path, &save("it", "Orto", "")).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    let p = chiara
        .post(&path, &[("action", "original"), ("original", "it")])
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(says(&p, "original", "field-translation-original-taken"));
    // An unknown action is a bad request.
    let p = chiara.post(&path, &[("action", "rename")]).await;
    assert_eq!(p.status, StatusCode::BAD_REQUEST);
}

/// The garden written in Italian, with a Dutch translation of its name and
/// description and its district's name in Dutch.
async fn italian_garden_with_dutch(w: &World) {
    let mut marco = client!(w.app);
    marco.sign_in("marco@example.org").await;
    let path = format!("/commons/{}/translations", w.garden);
    let p = marco
        .post(&path, &[("action", "original"), ("original", "it")])
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let p = marco
        .post(
            &path,
            &save(
                "nl",
                "Moestuin Pratello",
                "Verhoogde bakken op een binnenplaats.",
            ),
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let mut ada = client!(w.app);
    ada.sign_in("ada@example.org").await;
    let p = ada
        .post(
            &format!("/admin/districts/{}/translations", w.navile),
            &[
                ("action", "save"),
                ("lang", "nl"),
                ("title", "Navile-Noord"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
}

#[actix_web::test]
async fn each_reader_gets_their_language_or_the_original_marked() {
    let w = world();
    italian_garden_with_dutch(&w).await;
    let id = w.garden;

    // Dutch: the translation, unmarked.
    let p = read_as(&w.app, &format!("/commons/{id}"), "nl").await;
    assert_eq!(p.texts("h1"), ["Moestuin Pratello"]);
    assert!(
        !p.has("h1 span[lang]"),
        "the page's own language needs no mark"
    );
    assert!(!p.has("h1 .lang-mark"));
    assert_eq!(p.texts("p.lead"), ["Verhoogde bakken op een binnenplaats."]);
    assert_eq!(
        p.texts(".meta a"),
        ["Navile-Noord"],
        "the district's Dutch name"
    );
    assert!(p.body.contains("Navile-Noord"));

    // French: the Italian original, marked in French.
    let p = read_as(&w.app, &format!("/commons/{id}"), "fr").await;
    assert_eq!(p.texts("h1 span[lang=it]"), ["Orto del Pratello"]);
    assert_eq!(
        p.texts("h1 .lang-mark"),
        [format!("({})", t(Lang::Fr, "translation-missing-it"))]
    );
    assert_eq!(
        p.texts("p.lead[lang=it]"),
        ["Aiuole rialzate in un cortile."]
    );
    // The district has no French name either: its original (the default, English).
    assert!(p.has(".meta a span[lang=en]"));

    // Italian: the original, unmarked.
    let p = read_as(&w.app, &format!("/commons/{id}"), "it").await;
    assert_eq!(p.texts("h1"), ["Orto del Pratello"]);
    assert!(!p.has("h1 .lang-mark"));

    // Lists and the map page: the same choice for every row.
    for path in ["/commons", "/commons/map"] {
        let p = read_as(&w.app, path, "nl").await;
        assert_eq!(p.texts(".commons-item h3"), ["Moestuin Pratello"], "{path}");
        assert!(!p.has(".commons-item .lang-mark"), "{path}");
        let p = read_as(&w.app, path, "en").await;
        assert_eq!(
            p.texts(".commons-item h3 span[lang=it]"),
            ["Orto del Pratello"],
            "{path}"
        );
        assert!(p.has(".commons-item .lang-mark"), "{path}");
    }

    // The district filters name the district in the reader's language.
    for (path, select) in [("/commons", "#f-district"), ("/pacts", "#district")] {
        let p = read_as(&w.app, path, "nl").await;
        assert!(
            p.texts(&format!("{select} option"))
                .iter()
                .any(|o| o.contains("Navile-Noord")),
            "{path}"
        );
    }

    // The read API keeps the original and adds the translations.
    let mut c = client!(w.app);
    let a = c.get("/api/v1/commons").await;
    let v: serde_json::Value = serde_json::from_str(&a.body).unwrap();
    let item = &v["items"][0];
    assert_eq!(item["name"], "Orto del Pratello");
    assert_eq!(item["translations"]["nl"]["title"], "Moestuin Pratello");
    assert_eq!(
        item["translations"]["nl"]["description"],
        "Verhoogde bakken op een binnenplaats."
    );
    // So does the timeline's JSON, with the original's language.
    let a = c.get(&format!("/commons/{id}/timeline.json")).await;
    let v: serde_json::Value = serde_json::from_str(&a.body).unwrap();
    assert_eq!(v["commons"]["name"], "Orto del Pratello");
    assert_eq!(v["commons"]["language"], "it");
    assert_eq!(
        v["commons"]["translations"]["nl"]["title"],
        "Moestuin Pratello"
    );
    // The CSV stays in the original.
    let csv = c.get("/commons.csv").await;
    assert!(csv.body.contains("Orto del Pratello"));
    assert!(!csv.body.contains("Moestuin"));

    // Removed: the Dutch reader gets the Italian original, marked in Dutch.
    let mut marco = client!(w.app);
    marco.sign_in("marco@example.org").await;
    let p = marco
        .post(
            &format!("/commons/{id}/translations"),
            &[("action", "remove"), ("lang", "nl")],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    let p = read_as(&w.app, &format!("/commons/{id}"), "nl").await;
    assert_eq!(p.texts("h1 span[lang=it]"), ["Orto del Pratello"]);
    assert_eq!(
        p.texts("h1 .lang-mark"),
        [format!("({})", t(Lang::Nl, "translation-missing-it"))]
    );
}

#[actix_web::test]
async fn a_search_in_dutch_finds_an_italian_commons_by_its_translation() {
    let w = world();
    sync_commons(&w.app);
    let mut c = client!(w.app);
    let p = c.get("/search?q=moestuin").await;
    assert!(!p.has(&format!("a[href='/commons/{}']", w.garden)));
    italian_garden_with_dutch(&w).await;
    sync_commons(&w.app);
    let p = read_as(&w.app, "/search?q=moestuin", "nl").await;
    assert!(
        p.has(&format!("a[href='/commons/{}']", w.garden)),
        "{}",
        p.body
    );
    // The Dutch reader sees the Dutch name in the results.
    assert!(
        p.texts(".commons-item h3")
            .contains(&"Moestuin Pratello".to_string())
    );
    let a = c.get("/api/v1/commons?q=binnenplaats").await;
    assert!(
        a.body.contains(&format!("\"id\":{}", w.garden)),
        "{}",
        a.body
    );

    // Removing the translation reindexes: the Dutch word no longer finds it.
    let mut marco = client!(w.app);
    marco.sign_in("marco@example.org").await;
    marco
        .post(
            &format!("/commons/{}/translations", w.garden),
            &[("action", "remove"), ("lang", "nl")],
        )
        .await;
    sync_commons(&w.app);
    let p = c.get("/search?q=moestuin").await;
    assert!(!p.has(&format!("a[href='/commons/{}']", w.garden)));
}

fn pact_titled(w: &World, title: &str, state: PactState) -> i64 {
    let mut text = pact_text(pactum::util::now().date());
    text.title = title.to_string();
    text.objectives = "Curare le aiuole.".to_string();
    PactBuilder::new(&w.app)
        .proposed_by(w.chiara)
        .on(w.garden)
        .text(text)
        .until(state)
        .build()
}

#[actix_web::test]
async fn pacts_are_translated_by_who_may_edit_them_and_by_officials() {
    let w = world();
    let draft = pact_titled(&w, "Patto per le aiuole", PactState::Draft);
    let published = pact_titled(&w, "Patto pubblicato", PactState::Published);
    let mut chiara = client!(w.app);
    chiara.sign_in("chiara@example.org").await;
    let form = chiara.get(&format!("/pacts/{draft}/translations")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.has("label[for=summary]") && form.has("label[for=description]"));
    let p = chiara
        .post(
            &format!("/pacts/{draft}/translations"),
            &[
                ("action", "save"),
                ("lang", "nl"),
                ("title", "Pact voor de bloembedden"),
                ("summary", "Zorgen voor de bloembedden."),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    // Published, the text is frozen for its proposer: not for the city.
    let p = chiara
        .get(&format!("/pacts/{published}/translations"))
        .await;
    assert_eq!(p.status, StatusCode::CONFLICT);
    let mut bruno = client!(w.app);
    bruno.sign_in("bruno@example.org").await;
    let p = bruno.get(&format!("/pacts/{published}/translations")).await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    let mut marco = client!(w.app);
    marco.sign_in("marco@example.org").await;
    let p = marco
        .post(
            &format!("/pacts/{published}/translations"),
            &[
                ("action", "save"),
                ("lang", "nl"),
                ("title", "Gepubliceerd pact"),
                ("summary", "Zorgen voor de bloembedden."),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);

    // The Dutch reader: page and list.
    let p = read_as(&w.app, &format!("/pacts/{published}"), "nl").await;
    assert_eq!(p.texts("h1"), ["Gepubliceerd pact"]);
    assert!(p.body.contains("Zorgen voor de bloembedden."));
    // The legal text stays in its own language, and says so.
    assert!(p.has("#text div[lang=en]"));
    let p = read_as(&w.app, "/pacts", "nl").await;
    assert!(
        p.texts(".cards h3")
            .contains(&"Gepubliceerd pact".to_string()),
        "{}",
        p.body
    );
    let p = read_as(&w.app, &format!("/pacts/{published}"), "fr").await;
    assert_eq!(p.texts("h1 span[lang=en]"), ["Patto pubblicato"]);
    assert!(p.has("h1 .lang-mark"));
    // The commons page lists the pact in the reader's language.
    let p = read_as(&w.app, &format!("/commons/{}", w.garden), "nl").await;
    assert!(p.body.contains("Gepubliceerd pact"));

    // The read API gives the language versions next to the original.
    let mut c = client!(w.app);
    let a = c.get(&format!("/api/v1/pacts/{published}")).await;
    let v: serde_json::Value = serde_json::from_str(&a.body).unwrap();
    assert_eq!(v["title"], "Patto pubblicato");
    assert_eq!(v["language"], "en");
    assert_eq!(v["translations"]["nl"]["title"], "Gepubliceerd pact");
    assert_eq!(
        v["translations"]["nl"]["summary"],
        "Zorgen voor de bloembedden."
    );

    // A search in Dutch finds it.
    sync_pacts(&w.app);
    let p = read_as(&w.app, "/pacts?q=bloembedden", "nl").await;
    assert!(
        p.has(&format!(".cards a[href='/pacts/{published}']")),
        "{}",
        p.body
    );
}
