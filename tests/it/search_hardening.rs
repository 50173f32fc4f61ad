//! Search under abuse (issue 11): bounded query text at every entry point, anonymous
//! searches rate limited per client, and index updates that survive a crash between
//! claiming them and indexing them.

use std::sync::{Arc, Mutex};

use actix_web::http::StatusCode;
use actix_web::test::{self, TestRequest};
use pactum::commons::search_sync::{self, LEASE, Worker};
use pactum::search::{SearchDoc, SearchError, SearchIndex, SearchQuery, SearchResults};
use pactum::web::i18n::{Lang, catalog};

use crate::builders::{CommonsBuilder, UserBuilder};
use crate::client;
use crate::support::{Client, TestApp};

fn t(key: &str) -> String {
    catalog().t(Lang::En, key)
}

/// A recognised commons, proposed and recognised by two new people; returns its id.
fn seed(app: &TestApp, name: &str) -> i64 {
    let n = app.count("users");
    let proposer = UserBuilder::new(&format!("p{n}"))
        .named("Chiara Romano")
        .build(app);
    let official = UserBuilder::new(&format!("o{n}"))
        .named("Marco Bianchi")
        .official()
        .build(app);
    CommonsBuilder::new(app)
        .named(name)
        .described(&format!("{name}: a place the neighbourhood looks after."))
        .provisioning(&["care"])
        .proposed_by(proposer)
        .recognised_by(official)
        .build()
}

/// Wraps the real index and records the text of every query that reaches it.
struct Recording {
    inner: Arc<dyn SearchIndex>,
    texts: Mutex<Vec<String>>,
}

impl SearchIndex for Recording {
    fn upsert(&self, docs: &[SearchDoc]) -> Result<(), SearchError> {
        self.inner.upsert(docs)
    }
    fn delete(&self, ids: &[i64]) -> Result<(), SearchError> {
        self.inner.delete(ids)
    }
    fn clear(&self) -> Result<(), SearchError> {
        self.inner.clear()
    }
    fn search(&self, q: &SearchQuery) -> Result<SearchResults, SearchError> {
        self.texts.lock().unwrap().push(q.text.as_str().to_string());
        self.inner.search(q)
    }
    fn backend_name(&self) -> &'static str {
        self.inner.backend_name()
    }
}

/// `n` pseudo-random lower-case words of 3 to 10 letters.
fn random_words(n: usize, seed: u64) -> Vec<String> {
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let len = 3 + (x % 8) as usize;
            (0..len)
                .map(|i| char::from(b'a' + ((x >> (i * 5)) % 26) as u8))
                .collect()
        })
        .collect()
}

fn encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

#[actix_web::test]
async fn search_text_past_the_bounds_is_refused_with_a_clear_400_everywhere() {
    let app = TestApp::new();
    let id = seed(&app, "Giardino dei Ciliegi");
    {
        let mut conn = app.state.db.get().unwrap();
        pactum::commons::search_sync::sync_due(&mut conn, app.state.search.as_ref(), 100).unwrap();
    }
    let recording = Arc::new(Recording {
        inner: app.state.search.clone(),
        texts: Mutex::new(Vec::new()),
    });
    let mut state = app.state.clone();
    state.ports.search = recording.clone();
    let mut c = Client::new(test::init_service(pactum::build_app(state)).await);

    // The request of the issue: ~2,900 random words, 32 KB.
    let flood = random_words(2900, 7).join(" ");
    assert!(flood.len() > 20_000);
    let eleven = "uno due tre quattro cinque sei sette otto nove dieci undici";
    let long = "giardino ".repeat(30);
    for (text, key) in [
        (flood.as_str(), "search-error-too-long"),
        (long.as_str(), "search-error-too-long"),
        (eleven, "search-error-too-many-words"),
    ] {
        // The page: 400, the form again with the reason next to the field.
        let p = c.get(&format!("/search?q={}", encode(text))).await;
        assert_eq!(p.status, StatusCode::BAD_REQUEST, "{key}");
        assert!(
            p.headers
                .get("content-type")
                .is_some_and(|v| v.to_str().unwrap().starts_with("text/html")),
            "{key}"
        );
        assert_eq!(p.texts("#q-error"), [t(key)], "{key}");
        assert_eq!(p.attr("#q", "aria-invalid").as_deref(), Some("true"));
        let echoed = p.attr("#q", "value").unwrap();
        assert!(echoed.chars().count() <= 200, "{}", echoed.len());
        assert!(!p.has(".search-results"));
        // The API: 400 with a JSON body that says which bound was broken.
        let a = c
            .get(&format!("/api/v1/commons?q={}&limit=100", encode(text)))
            .await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{key}");
        let v = json(&a.body);
        assert_eq!(v["error"], "bad-request", "{}", a.body);
        assert_eq!(v["detail"], t(key), "{}", a.body);
    }
    // The Italian page says it in Italian.
    let p = c
        .send(
            TestRequest::get()
                .uri(&format!("/search?q={}", encode(eleven)))
                .insert_header(("accept-language", "it")),
        )
        .await;
    assert_eq!(p.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        p.texts("#q-error"),
        [catalog().t(Lang::It, "search-error-too-many-words")]
    );
    // None of them reached the index.
    assert!(recording.texts.lock().unwrap().is_empty());

    // At the bounds, both answer: ten words, 200 characters.
    let ten = format!("giardino ciliegi {}", random_words(8, 3).join(" "));
    let ten = format!("{ten}{}", "x".repeat(200 - ten.chars().count()));
    assert_eq!(ten.chars().count(), 200);
    let p = c.get(&format!("/search?q={}", encode(&ten))).await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.body);
    let a = c.get(&format!("/api/v1/commons?q={}", encode(&ten))).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let a = c.get("/api/v1/commons?q=giardino%20ciliegi").await;
    assert_eq!(json(&a.body)["items"][0]["id"], id);
    let seen = recording.texts.lock().unwrap().clone();
    assert_eq!(seen.len(), 3);
    assert!(seen.iter().all(|s| s.chars().count() <= 200));

    // A search cursor past the deepest page is refused too, not computed.
    let a = c
        .get("/api/v1/commons?q=giardino&cursor=18446744073709551615")
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
    assert_eq!(json(&a.body)["detail"], t("error-bad-cursor"));
}

/// A GET from another client address.
async fn get_from<S, B>(app: &S, path: &str, peer: &str) -> (StatusCode, Option<String>)
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let req = TestRequest::get()
        .uri(path)
        .peer_addr(peer.parse().unwrap())
        .to_request();
    let res = test::call_service(app, req).await;
    let retry = res
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_string());
    (res.status(), retry)
}

#[actix_web::test]
async fn anonymous_searches_are_rate_limited_per_client() {
    let app = TestApp::new();
    seed(&app, "Orto dei Semi");
    app.user("lucia@example.org", "Lucia Verdi", &[]);
    let limit = pactum::commons::handlers::SEARCHES_PER_CLIENT.max as usize;
    let mut c = client!(app);
    // Pages that search nothing are not counted.
    for _ in 0..limit + 5 {
        assert_eq!(c.get("/search").await.status, StatusCode::OK);
        assert_eq!(c.get("/api/v1/commons").await.status, StatusCode::OK);
    }
    // The page and the API share the client's allowance. Each search is another
    // one: an answer already rendered (web::page_cache) costs nothing and is not counted.
    for i in 0..limit {
        let path = if i % 2 == 0 {
            format!("/search?q=semi+{i}")
        } else {
            format!("/api/v1/commons?q=semi+{i}")
        };
        let p = c.get(&path).await;
        assert_eq!(p.status, StatusCode::OK, "search {i}: {}", p.body);
    }
    let p = c.get("/search?q=semi").await;
    assert_eq!(p.status, StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = p
        .headers
        .get("retry-after")
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    assert!(p.body.contains(&t("error-too-many-requests-title")));
    let a = c
        .get("/api/v1/commons?q=semi&near_lat=44.49&near_lng=11.33")
        .await;
    assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(json(&a.body)["error"], "too-many-requests");
    assert!(a.headers.contains_key("retry-after"));

    // Another client is not affected.
    let service = test::init_service(pactum::build_app(app.state.clone())).await;
    let (status, _) = get_from(&service, "/search?q=semi", "198.51.100.4:4000").await;
    assert_eq!(status, StatusCode::OK);
    // (Another search than the one just kept, which would be served from memory.)
    let (status, retry) = get_from(&service, "/search?q=orto", "203.0.113.7:6000").await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "same address, other port"
    );
    assert!(retry.is_some());

    // Signed in, the account has its own, larger allowance.
    c.sign_in("lucia@example.org").await;
    let p = c.get("/search?q=semi").await;
    assert_eq!(p.status, StatusCode::OK);
}

/// Outbox rows of index updates: (claimed by, still locked).
fn search_rows(app: &TestApp) -> Vec<(Option<String>, bool)> {
    use diesel::prelude::*;
    use pactum::db::schema::outbox;
    let mut conn = app.state.db.get().unwrap();
    let t = pactum::util::now();
    outbox::table
        .filter(outbox::kind.eq(search_sync::OUTBOX_KIND))
        .select((outbox::claimed_by, outbox::locked_until))
        .load::<(Option<String>, Option<chrono::NaiveDateTime>)>(&mut conn)
        .unwrap()
        .into_iter()
        .map(|(by, until)| (by, until.is_some_and(|u| u > t)))
        .collect()
}

async fn found(app: &TestApp, text: &str) -> Vec<i64> {
    let body = client!(app)
        .get(&format!("/api/v1/commons?q={}", encode(text)))
        .await
        .body;
    json(&body)["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect()
}

#[actix_web::test]
async fn updates_claimed_by_a_killed_server_are_indexed_as_soon_as_it_restarts() {
    let app = TestApp::new();
    let id = seed(&app, "Ciclofficina del Pratello");
    let server = Worker::named("host-a/127.0.0.1:8080");
    let other = Worker::named("host-b/127.0.0.1:8080");

    // The server claims the updates and is killed before indexing them.
    {
        let mut conn = app.state.db.get().unwrap();
        let claim = search_sync::claim(&mut conn, &server, 500, LEASE).unwrap();
        assert_eq!(claim.len(), 2, "proposed, then recognised");
        drop(claim);
    }
    assert!(
        search_rows(&app)
            .iter()
            .all(|(by, locked)| by.as_deref() == Some(server.name()) && *locked)
    );
    assert!(found(&app, "ciclofficina").await.is_empty());

    // Another live instance leaves the claim alone while its lease runs.
    let jobs = Arc::new(vec![search_sync::job(app.state.search.clone(), other)]);
    pactum::jobs::run_once(&app.state.db, &jobs).await;
    assert_eq!(search_rows(&app).len(), 2);
    assert!(found(&app, "ciclofficina").await.is_empty());

    // The server restarts: its first pass takes back what its previous run claimed.
    let jobs = Arc::new(vec![search_sync::job(
        app.state.search.clone(),
        server.clone(),
    )]);
    pactum::jobs::run_once(&app.state.db, &jobs).await;
    assert!(search_rows(&app).is_empty(), "{:?}", search_rows(&app));
    assert_eq!(found(&app, "ciclofficina").await, [id]);
}

#[actix_web::test]
async fn a_restarting_server_takes_back_only_its_own_claims() {
    use diesel::prelude::*;
    use pactum::db::schema::outbox;
    let app = TestApp::new();
    seed(&app, "Orto di via Libia");
    seed(&app, "Biblioteca dei semi");
    let a = Worker::named("host-a/127.0.0.1:8080");
    let b = Worker::named("host-b/127.0.0.1:8080");
    let mut conn = app.state.db.get().unwrap();
    // b is alive and holds half the updates; a held the other half and was killed.
    let claim_b = search_sync::claim(&mut conn, &b, 2, LEASE).unwrap();
    let claim_a = search_sync::claim(&mut conn, &a, 2, LEASE).unwrap();
    assert_eq!((claim_a.len(), claim_b.len()), (2, 2));
    drop(claim_a);
    // A one-off worker (a command) never releases anything at start.
    assert_eq!(
        search_sync::release_left_over_claims(&mut conn, &Worker::unique()).unwrap(),
        0
    );
    assert_eq!(
        search_sync::release_left_over_claims(&mut conn, &a).unwrap(),
        2
    );
    let held: Vec<Option<String>> = outbox::table
        .filter(outbox::locked_until.is_not_null())
        .select(outbox::claimed_by)
        .load(&mut conn)
        .unwrap();
    assert_eq!(held, vec![Some(b.name().to_string()); 2]);
    // A's restarted run indexes its two; b's live claim stays b's, and b finishes it.
    let r = search_sync::sync_as(&mut conn, app.state.search.as_ref(), 500, &a, LEASE).unwrap();
    assert_eq!((r.indexed, r.failed), (1, 0), "two updates of one commons");
    assert_eq!(search_rows(&app).len(), 2);
    let r =
        search_sync::index_claimed(&mut conn, app.state.search.as_ref(), claim_b, LEASE).unwrap();
    assert_eq!((r.indexed, r.failed), (1, 0));
    assert!(search_rows(&app).is_empty());
}

/// An index that takes its time, to see the heartbeat at work.
struct Slow {
    inner: Arc<dyn SearchIndex>,
    delay: std::time::Duration,
}

impl SearchIndex for Slow {
    fn upsert(&self, docs: &[SearchDoc]) -> Result<(), SearchError> {
        std::thread::sleep(self.delay);
        self.inner.upsert(docs)
    }
    fn delete(&self, ids: &[i64]) -> Result<(), SearchError> {
        self.inner.delete(ids)
    }
    fn clear(&self) -> Result<(), SearchError> {
        self.inner.clear()
    }
    fn search(&self, q: &SearchQuery) -> Result<SearchResults, SearchError> {
        self.inner.search(q)
    }
    fn backend_name(&self) -> &'static str {
        "slow"
    }
}

#[actix_web::test]
async fn a_heartbeat_keeps_a_long_batch_claimed_and_a_dead_claim_ends_with_its_lease() {
    let app = TestApp::new();
    let id = seed(&app, "Giardino Lunetta Gamberini");
    let lease = std::time::Duration::from_millis(600);
    let a = Worker::named("host-a/127.0.0.1:8080");
    let b = Worker::named("host-b/127.0.0.1:8080");
    // a indexes through a slow index: three leases long, yet b never gets the rows.
    let slow = Slow {
        inner: app.state.search.clone(),
        delay: lease * 3,
    };
    let mut conn = app.state.db.get().unwrap();
    let claim = search_sync::claim(&mut conn, &a, 500, lease).unwrap();
    assert_eq!(claim.len(), 2);
    let db = app.state.db.clone();
    let b_name = b.clone();
    let watcher = std::thread::spawn(move || {
        let mut conn = db.get().unwrap();
        let mut stolen = 0;
        let until = std::time::Instant::now() + lease * 3;
        while std::time::Instant::now() < until {
            stolen += search_sync::claim(&mut conn, &b_name, 500, lease)
                .unwrap()
                .len();
            std::thread::sleep(lease / 6);
        }
        stolen
    });
    let r = search_sync::index_claimed(&mut conn, &slow, claim, lease).unwrap();
    assert_eq!((r.indexed, r.failed), (1, 0));
    drop(conn);
    assert_eq!(watcher.join().unwrap(), 0, "b took rows a was indexing");
    assert_eq!(found(&app, "lunetta").await, [id]);

    // A claim nobody renews (its server is gone for good) is free once its lease ends.
    {
        let mut conn = app.state.db.get().unwrap();
        search_sync::enqueue(&mut conn, id).unwrap();
        drop(search_sync::claim(&mut conn, &a, 500, lease).unwrap());
        assert!(
            search_sync::claim(&mut conn, &b, 500, lease)
                .unwrap()
                .is_empty()
        );
        std::thread::sleep(lease + std::time::Duration::from_millis(100));
        let r = search_sync::sync_as(&mut conn, app.state.search.as_ref(), 500, &b, lease).unwrap();
        assert_eq!(r.indexed, 1);
    }
    assert!(search_rows(&app).is_empty());
}
