//! Pact search (issue 15, item 9): public pacts are in the search index with the
//! list's filters, `/pacts?q=` and `GET /api/v1/pacts?q=` ask it, every change of a
//! pact reaches it through the outbox, and the worst query is refused before it costs
//! anything. Without search text the list is the database's, as before.

use crate::support::in_tx;
use std::sync::Arc;

use actix_web::http::StatusCode;
use pactum::db::AnyConnection;
use pactum::pacts::procedure::{PactState, Transition};
use pactum::pacts::search_sync::SOURCE;
use pactum::pacts::service::{self as pact_service, By, Extra};
use pactum::pacts::store::{Env, Who};
use pactum::pacts::text::TextInput;
use pactum::search::SearchIndex;
use pactum::search::sync;
use pactum::web::i18n::{Lang, catalog};

use crate::builders::{
    CommonsBuilder, DistrictBuilder, OfficeBuilder, PactBuilder, UserBuilder, env_at, pact_text,
    who,
};
use crate::client;
use crate::support::{Client, Page, TestApp};

fn t(key: &str) -> String {
    catalog().t(Lang::En, key)
}

/// The heading over `n` search results.
fn results(n: i64) -> String {
    catalog().t_args(Lang::En, "pact-search-results", &[("count", n.into())])
}

/// Two districts, the coordinating office with its official, a proposer, and one
/// recognised commons in each district.
struct City {
    app: TestApp,
    chiara: i64,
    green: i64,
    /// Giardino Lunetta Gamberini, in Navile.
    park: i64,
    /// Piazza dei Colori, in Savena.
    square: i64,
}

fn city() -> City {
    let app = TestApp::new();
    let navile = DistrictBuilder::new("navile", "Navile").build(&app);
    let savena = DistrictBuilder::new("savena", "Savena")
        .bounds(11.36, 44.44, 11.42, 44.48)
        .build(&app);
    let green = OfficeBuilder::new("Green areas").coordinating().build(&app);
    let chiara = UserBuilder::new("chiara").build(&app);
    let marco = UserBuilder::new("marco").official_in(green).build(&app);
    let park = CommonsBuilder::new(&app)
        .named("Giardino Lunetta Gamberini")
        .in_district(navile)
        .proposed_by(chiara)
        .recognised_by(marco)
        .build();
    let square = CommonsBuilder::new(&app)
        .named("Piazza dei Colori")
        .in_district(savena)
        .proposed_by(chiara)
        .recognised_by(marco)
        .build();
    City {
        app,
        chiara,
        green,
        park,
        square,
    }
}

/// The standard pact text with its own title and objectives.
fn text(title: &str, objectives: &str) -> TextInput {
    let mut text = pact_text(pactum::util::now().date());
    text.title = title.to_string();
    text.objectives = objectives.to_string();
    text
}

impl City {
    /// A pact of Chiara's on `commons`, walked to `state`.
    fn pact(&self, commons: i64, title: &str, objectives: &str) -> PactBuilder<'_> {
        PactBuilder::new(&self.app)
            .proposed_by(self.chiara)
            .on(commons)
            .text(text(title, objectives))
    }

    /// The published pact on the park: "sunflowers" is in its objectives only.
    fn fence(&self) -> i64 {
        self.pact(
            self.park,
            "The Lunetta fence",
            "Plant sunflowers along the fence.",
        )
        .until(PactState::Published)
        .build()
    }

    /// The pact on the square in review, with sunflowers too.
    fn benches(&self) -> i64 {
        self.pact(self.square, "Benches", "Sunflowers in pots by the benches.")
            .until(PactState::InReview)
            .build()
    }

    /// The app behind a search service that is down.
    async fn down(
        &self,
    ) -> Client<
        impl actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
            Error = actix_web::Error,
        >,
    > {
        let mut state = self.app.state.clone();
        state.ports.pact_search = Arc::new(crate::commons::Down);
        Client::new(actix_web::test::init_service(pactum::build_app(state)).await)
    }

    /// Runs a use-case as Chiara, now.
    fn as_chiara<T>(&self, f: impl FnOnce(&mut AnyConnection, &Env, &Who) -> T) -> T {
        let mut conn = self.app.state.db.get().unwrap();
        f(
            &mut conn,
            &env_at(&self.app, 0),
            &who(&self.app, self.chiara),
        )
    }

    /// Delivers the pending index updates, as the worker does.
    fn sync(&self) {
        let mut conn = self.app.state.db.get().unwrap();
        let r = sync::sync_due(
            &mut conn,
            &SOURCE,
            self.app.state.pact_search.as_ref(),
            1000,
        )
        .unwrap();
        assert_eq!(r.failed, 0);
    }
}

fn encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

/// An attribute of the first element matching a CSS selector ("" if none).
fn attr(p: &Page, selector: &str, name: &str) -> String {
    p.attr(selector, name).unwrap_or_default()
}

/// The pacts a list page links to, in order.
fn linked(p: &Page) -> Vec<i64> {
    let sel = scraper::Selector::parse(".cards h3 a").unwrap();
    p.html()
        .select(&sel)
        .filter_map(|a| a.value().attr("href"))
        .filter_map(|h| h.strip_prefix("/pacts/")?.parse().ok())
        .collect()
}

/// The pacts the page and the read API find for a query string (they must agree).
async fn found(app: &TestApp, query: &str) -> Vec<i64> {
    let mut c = client!(app);
    let p = c.get(&format!("/pacts?{query}")).await;
    assert_eq!(p.status, StatusCode::OK, "{query}: {}", p.body);
    let a = c.get(&format!("/api/v1/pacts?{query}")).await;
    assert_eq!(a.status, StatusCode::OK, "{query}: {}", a.body);
    let api: Vec<i64> = json(&a.body)["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    let mut page = linked(&p);
    assert_eq!(page, api, "{query}: the page and the API differ");
    page.sort_unstable();
    page
}

/// Index updates of pacts not yet delivered.
fn pending(app: &TestApp) -> i64 {
    app.count(&format!("outbox WHERE kind = '{}'", SOURCE.outbox_kind))
}

fn sorted(mut ids: Vec<i64>) -> Vec<i64> {
    ids.sort_unstable();
    ids
}

#[actix_web::test]
async fn pact_search_finds_a_published_pact_by_a_word_of_its_objectives_only() {
    let c = city();
    let public = c.fence();
    let draft = c
        .pact(c.park, "Secret plans", "Plant sunflowers in the courtyard.")
        .build();
    // Submitted, not yet published: not public either.
    let sent = c
        .pact(c.square, "Sent plans", "Plant sunflowers by the gate.")
        .until(PactState::Submitted)
        .build();
    c.sync();
    assert_eq!(
        pending(&c.app),
        0,
        "drafts' updates are delivered (as deletions)"
    );

    let mut client = client!(c.app);
    let p = client.get("/pacts?q=sunflowers").await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.body);
    assert_eq!(linked(&p), [public]);
    assert!(!p.body.contains("Secret plans") && !p.body.contains("Sent plans"));
    assert_eq!(p.texts("h2[role=status]"), [results(1)]);
    // The box says what it holds; the form works without JavaScript (a GET form).
    assert_eq!(attr(&p, "#q", "value"), "sunflowers");
    assert_eq!(p.texts("label[for=q]"), [t("pact-search-label")]);
    assert_eq!(attr(&p, "#q", "aria-describedby"), "q-hint");
    assert_eq!(attr(&p, "form[role=search]", "method"), "get");
    assert_eq!(attr(&p, "form[role=search]", "action"), "/pacts");

    // The names of its commons are searched too, and the API agrees with the page.
    assert_eq!(found(&c.app, "q=gamberini").await, [public]);
    assert_eq!(found(&c.app, "q=sunflowers").await, [public]);
    assert!(found(&c.app, "q=courtyard").await.is_empty());
    assert!(found(&c.app, "q=gate").await.is_empty());
    // Without search text, the database's list as before (the others are not there).
    assert_eq!(found(&c.app, "").await, [public]);
    let all = client.get("/pacts").await;
    assert!(!all.has("h2[role=status]"));
    assert_eq!(linked(&all), [public]);
    assert!(!linked(&all).contains(&draft) && !linked(&all).contains(&sent));
}

#[actix_web::test]
async fn pact_search_combines_text_with_the_list_filters() {
    let c = city();
    let fence = c.fence();
    let colours = c
        .pact(
            c.square,
            "Colours for the square",
            "Paint the benches and plant sunflowers and tomatoes.",
        )
        .complex()
        .until(PactState::Published)
        .build();
    let benches = c.benches();
    c.sync();

    assert_eq!(
        found(&c.app, "q=sunflowers").await,
        sorted(vec![fence, colours, benches])
    );
    assert_eq!(found(&c.app, "q=sunflowers&district=navile").await, [fence]);
    assert_eq!(found(&c.app, "q=sunflowers&type=complex").await, [colours]);
    assert_eq!(
        found(&c.app, "q=sunflowers&district=savena&state=in_review").await,
        [benches]
    );
    assert_eq!(
        found(&c.app, &format!("q=sunflowers&commons={}", c.square)).await,
        sorted(vec![colours, benches])
    );
    let office = found(&c.app, &format!("q=sunflowers&office={}", c.green)).await;
    assert!(
        office.contains(&fence) && office.contains(&colours),
        "{office:?}"
    );
    assert!(found(&c.app, "q=tomatoes&district=navile").await.is_empty());
    assert!(
        found(&c.app, "q=sunflowers&district=nowhere")
            .await
            .is_empty()
    );

    // The page keeps the filters and the text in its form.
    let p = client!(c.app)
        .get("/pacts?q=tomatoes&district=savena&type=complex")
        .await;
    assert_eq!(linked(&p), [colours]);
    assert_eq!(attr(&p, "#district option[selected]", "value"), "savena");
    assert_eq!(attr(&p, "#type option[selected]", "value"), "complex");
    let none = client!(c.app)
        .get("/pacts?q=tomatoes&district=navile")
        .await;
    assert_eq!(none.texts("h2[role=status]"), [results(0)]);
    assert!(none.body.contains(&t("pacts-none")));
    // A filter the list refuses is refused with text too.
    let bad = client!(c.app).get("/pacts?q=sunflowers&state=draft").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[actix_web::test]
async fn pact_search_follows_transitions_and_edits_of_the_text() {
    let c = city();
    let hives = c
        .pact(
            c.park,
            "Bees in the park",
            "Keep two beehives by the hedge.",
        )
        .until(PactState::Published)
        .build();
    c.sync();
    assert_eq!(found(&c.app, "q=beehives&state=published").await, [hives]);
    assert!(found(&c.app, "q=beehives&state=withdrawn").await.is_empty());

    // The proposer withdraws it: the history line queues the update with the change.
    let to = c.as_chiara(|conn, env, chiara| {
        let (t, extra) = (Transition::Withdraw, Extra::default());
        in_tx(conn, |cx| {
            pact_service::fire_in(cx, env, By::Person(chiara), hives, t, "", &extra)
        })
        .unwrap()
    });
    assert_eq!(to, PactState::Withdrawn);
    assert!(pending(&c.app) > 0);
    // Not yet delivered: the index still has the old state.
    assert_eq!(found(&c.app, "q=beehives&state=published").await, [hives]);
    c.sync();
    assert!(found(&c.app, "q=beehives&state=published").await.is_empty());
    assert_eq!(found(&c.app, "q=beehives&state=withdrawn").await, [hives]);

    // In co-design the proposer writes a new version: its words are found, the old
    // version's no longer.
    let compost = c
        .pact(c.square, "Compost corner", "Turn the leaves into compost.")
        .until(PactState::CoDesign)
        .build();
    c.sync();
    assert_eq!(found(&c.app, "q=compost").await, [compost]);
    assert!(found(&c.app, "q=lavender").await.is_empty());
    c.as_chiara(|conn, env, chiara| {
        let new = text("Lavender corner", "Grow lavender along the wall.").validate(&env.rules);
        let note = "Lavender instead of compost";
        in_tx(conn, |cx| {
            pact_service::edit_in(cx, env, chiara, compost, Ok(None), new, note)
        })
        .unwrap()
    });
    c.sync();
    assert_eq!(found(&c.app, "q=lavender").await, [compost]);
    assert!(found(&c.app, "q=leaves").await.is_empty());
    assert_eq!(pending(&c.app), 0);
}

/// `n` distinct words.
fn words(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("w{i:x}")).collect()
}

#[actix_web::test]
async fn pact_search_refuses_the_worst_query_before_it_reaches_the_index() {
    let c = city();
    let fence = c.fence();
    c.sync();
    // Behind a search service that is down: a refusal that reached it would be a 503.
    let mut down = c.down().await;
    let flood = words(5000).join(" ");
    assert!(flood.len() > 20_000);
    let eleven = "uno due tre quattro cinque sei sette otto nove dieci undici";
    for (text, key) in [
        (flood.as_str(), "search-error-too-long"),
        (eleven, "search-error-too-many-words"),
    ] {
        let p = down
            .get(&format!("/pacts?q={}&district=navile", encode(text)))
            .await;
        assert_eq!(p.status, StatusCode::BAD_REQUEST, "{key}");
        assert_eq!(p.texts("#q-error"), [t(key)]);
        assert_eq!(attr(&p, "#q", "aria-invalid"), "true");
        assert_eq!(attr(&p, "#q", "aria-describedby"), "q-hint q-error");
        assert!(p.attr("#q", "value").unwrap().chars().count() <= 200);
        assert!(!p.has(".cards"), "no list under a refused search");
        let a = down.get(&format!("/api/v1/pacts?q={}", encode(text))).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{key}");
        assert_eq!(json(&a.body)["detail"], t(key), "{}", a.body);
    }
    // A search cursor past the deepest page: the API refuses it, the page caps it.
    let a = down
        .get("/api/v1/pacts?q=fence&cursor=18446744073709551615")
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
    assert_eq!(json(&a.body)["detail"], t("error-bad-cursor"));

    // At the bounds (ten words, 200 characters, the costliest text accepted) the real
    // index answers, and a deep page is capped rather than computed.
    let ten = format!("sunflowers fence {}", words(8).join(" "));
    let ten = format!("{ten}{}", "x".repeat(200 - ten.chars().count()));
    assert_eq!(ten.chars().count(), 200);
    let mut up = client!(c.app);
    let p = up.get(&format!("/pacts?q={}", encode(&ten))).await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.body);
    let a = up.get(&format!("/api/v1/pacts?q={}", encode(&ten))).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let p = up.get("/pacts?q=sunflowers&cursor=999999999999").await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.body);
    assert!(linked(&p).is_empty());
    let p = up.get("/pacts?q=sunflowers").await;
    assert_eq!(linked(&p), [fence]);
}

#[actix_web::test]
async fn pact_search_says_so_when_the_search_service_is_down() {
    let c = city();
    let fence = c.fence();
    let mut down = c.down().await;
    let p = down.get("/pacts?q=sunflowers&district=navile").await;
    assert_eq!(p.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(p.body.contains(&t("pact-search-unavailable")), "{}", p.body);
    assert!(!p.body.contains(&t("pacts-none")), "not an empty list");
    assert_eq!(attr(&p, ".notice a", "href"), "/pacts?district=navile");
    assert_eq!(attr(&p, "#q", "value"), "sunflowers");
    let a = down.get("/api/v1/pacts?q=sunflowers").await;
    assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE);
    // Browsing without text does not need the search service.
    let p = down.get("/pacts?district=navile").await;
    assert_eq!(p.status, StatusCode::OK);
    assert_eq!(linked(&p), [fence]);
    // Updates wait in the outbox, with their error, until the service is back.
    let mut conn = c.app.state.db.get().unwrap();
    let r = sync::sync_due(&mut conn, &SOURCE, &crate::commons::Down, 1000).unwrap();
    assert!(r.failed > 0 && r.indexed == 0);
    drop(conn);
    assert!(pending(&c.app) > 0);
}

#[actix_web::test]
async fn pact_search_reindex_rebuilds_the_index_from_the_database() {
    let c = city();
    let fence = c.fence();
    let benches = c.benches();
    c.pact(c.square, "Secret plans", "Sunflowers in the courtyard.")
        .build();
    // The outbox is lost (say, restored from an old backup): reindex from the rows.
    c.app.execute(&format!(
        "DELETE FROM outbox WHERE kind = '{}'",
        SOURCE.outbox_kind
    ));
    assert!(found(&c.app, "q=sunflowers").await.is_empty());
    let mut conn = c.app.state.db.get().unwrap();
    let n = sync::reindex(&mut conn, &SOURCE, c.app.state.pact_search.as_ref()).unwrap();
    assert_eq!(n, 2, "only public pacts are indexed");
    drop(conn);
    assert_eq!(
        found(&c.app, "q=sunflowers").await,
        sorted(vec![fence, benches])
    );
}

/// The same search against a live Meilisearch (`PACTUM_TEST_MEILI_URL`), in an index of
/// its own that is emptied afterwards.
#[actix_web::test]
async fn pact_search_on_meilisearch_finds_and_filters() {
    use std::io::Write;
    let Ok(url) = std::env::var("PACTUM_TEST_MEILI_URL") else {
        // Straight to stderr, past the test harness's capture, so the skip is visible.
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: pact search on meilisearch (set PACTUM_TEST_MEILI_URL)"
        );
        return;
    };
    let c = city();
    let name: &'static str = Box::leak(
        format!(
            "pactum_pacts_test_{}",
            pactum::util::hex_encode(&pactum::util::random_bytes::<6>())
        )
        .into_boxed_str(),
    );
    let spec = pactum::search::IndexSpec {
        name,
        filter_fields: SOURCE.spec.filter_fields,
    };
    let meili = pactum::search::MeiliConfig {
        url,
        api_key: std::env::var("PACTUM_TEST_MEILI_KEY").ok(),
    };
    let index: Arc<dyn SearchIndex> =
        pactum::search::open(spec, &c.app.state.config.data_dir, Some(meili)).unwrap();
    let fence = c.fence();
    let benches = c.benches();
    {
        let mut conn = c.app.state.db.get().unwrap();
        let r = sync::sync_due(&mut conn, &SOURCE, index.as_ref(), 1000).unwrap();
        assert_eq!((r.indexed, r.failed), (2, 0));
    }
    let mut state = c.app.state.clone();
    state.ports.pact_search = index.clone();
    let mut client = Client::new(actix_web::test::init_service(pactum::build_app(state)).await);
    let p = client.get("/pacts?q=sunflowers").await;
    assert_eq!(
        sorted(linked(&p)),
        sorted(vec![fence, benches]),
        "{}",
        p.body
    );
    let p = client.get("/pacts?q=sunflowers&district=navile").await;
    assert_eq!(linked(&p), [fence]);
    let p = client.get("/pacts?q=gamberini").await;
    assert_eq!(linked(&p), [fence]);
    index.clear().unwrap();
}
