//! The data version, conditional requests and the rendered-page cache (issue 18):
//! pages and open data answered 304 or from memory for anonymous visitors, and never
//! older than the data.

use std::collections::BTreeSet;

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use diesel::RunQueryDsl;
use pactum::db::version;

use crate::builders::{CommonsBuilder, UserBuilder};
use crate::client;
use crate::support::{TestApp, on_postgres};

/// A recognised (public) commons named `name`, proposed by `proposer`.
fn public_commons(app: &TestApp, name: &str, proposer: i64) -> i64 {
    let official = UserBuilder::new(&format!("official{proposer}"))
        .official()
        .build(app);
    CommonsBuilder::new(app)
        .named(name)
        .proposed_by(proposer)
        .recognised_by(official)
        .build()
}

fn data_version(app: &TestApp) -> i64 {
    version::current(&mut app.state.db.get().unwrap()).unwrap()
}

#[derive(diesel::QueryableByName)]
struct Name {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

#[test]
fn every_table_but_the_unwatched_bumps_the_data_version() {
    let app = TestApp::new();
    let mut conn = app.state.db.get().unwrap();
    let triggers_sql = if on_postgres() {
        "SELECT DISTINCT c.relname::text AS name FROM pg_trigger t \
         JOIN pg_class c ON c.oid = t.tgrelid \
         WHERE t.tgname = 'data_version_' || c.relname AND t.tgdeferrable \
         AND t.tginitdeferred"
    } else {
        // The three triggers of a table, or none of it.
        "SELECT tbl_name AS name FROM sqlite_master WHERE type = 'trigger' \
         AND name LIKE 'data_version_%' GROUP BY tbl_name HAVING COUNT(*) = 3"
    };
    let tables = crate::backup::database_tables(&mut conn);
    let watched: BTreeSet<String> = diesel::sql_query(triggers_sql)
        .load::<Name>(&mut *conn)
        .unwrap()
        .into_iter()
        .map(|n| n.name)
        .collect();
    let expected: BTreeSet<String> = tables
        .iter()
        .filter(|t| !version::UNWATCHED.contains(&t.as_str()))
        .cloned()
        .collect();
    assert!(expected.len() > 80, "{expected:?}");
    assert_eq!(
        expected.difference(&watched).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "tables without the data version's triggers (add them in the table's migration)"
    );
    for t in version::UNWATCHED {
        assert!(tables.contains(*t), "{t} is not a table any more");
        assert!(!watched.contains(*t), "{t} bumps the version");
    }
}

#[test]
fn a_committed_write_bumps_the_version_and_a_rolled_back_one_does_not() {
    use diesel::Connection;
    let app = TestApp::new();
    let user = UserBuilder::new("writer").build(&app);
    let v0 = data_version(&app);
    app.execute(&format!(
        "UPDATE users SET display_name = 'Renamed' WHERE id = {user}"
    ));
    let v1 = data_version(&app);
    assert!(v1 > v0);

    let mut conn = app.state.db.get().unwrap();
    let failed: Result<(), diesel::result::Error> = conn.transaction(|c| {
        diesel::sql_query(format!(
            "UPDATE users SET display_name = 'Gone' WHERE id = {user}"
        ))
        .execute(c)?;
        Err(diesel::result::Error::RollbackTransaction)
    });
    assert!(failed.is_err());
    drop(conn);
    assert_eq!(
        data_version(&app),
        v1,
        "a rolled-back write changes nothing"
    );

    // Session and rate-limit writes are not data a page shows.
    app.execute(
        "INSERT INTO rate_limits (key, window_ends_at, hits) \
         VALUES ('test', '2030-01-01 00:00:00', 1)",
    );
    assert_eq!(data_version(&app), v1);

    let mut conn = app.state.db.get().unwrap();
    conn.transaction(|c| {
        for name in ["A", "B", "C"] {
            diesel::sql_query(format!(
                "UPDATE users SET display_name = '{name}' WHERE id = {user}"
            ))
            .execute(c)?;
        }
        Ok::<_, diesel::result::Error>(())
    })
    .unwrap();
    drop(conn);
    let v2 = data_version(&app);
    if on_postgres() {
        assert_eq!(v2, v1 + 1, "once per transaction, at its commit");
    } else {
        assert!(v2 > v1);
    }
}

#[actix_web::test]
async fn an_unchanged_page_is_answered_304_until_a_write_changes_it() {
    let app = TestApp::new();
    let proposer = UserBuilder::new("anna").build(&app);
    let id = public_commons(&app, "Orto di via Libia", proposer);
    let mut c = client!(app);
    let path = format!("/commons/{id}");
    let first = c.get(&path).await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(first.body.contains("Orto di via Libia"));
    let etag = first
        .headers
        .get("etag")
        .expect("an ETag")
        .to_str()
        .unwrap()
        .to_string();
    assert!(etag.starts_with("W/\""), "{etag}");
    assert_eq!(
        first.headers.get("cache-control").unwrap(),
        "private, no-cache"
    );
    assert!(
        first
            .headers
            .get("vary")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("Cookie")
    );

    let again = c
        .send(
            TestRequest::get()
                .uri(&path)
                .insert_header(("if-none-match", etag.as_str())),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    assert_eq!(again.headers.get("etag").unwrap().to_str().unwrap(), etag);

    // Any write, here straight into the database as another instance or a command
    // would: the page is rendered anew, with the new data.
    app.execute(&format!(
        "UPDATE commons SET name = 'Orto di via Libia, rinato' WHERE id = {id}"
    ));
    let changed = c
        .send(
            TestRequest::get()
                .uri(&path)
                .insert_header(("if-none-match", etag.as_str())),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK);
    assert!(changed.body.contains("Orto di via Libia, rinato"));
    let new_etag = changed.headers.get("etag").unwrap().to_str().unwrap();
    assert_ne!(new_etag, etag);

    // Another visitor (another session) never gets a 304 for this visitor's copy,
    // whose forms carry this visitor's token.
    let mut other = client!(app);
    let theirs = other
        .send(
            TestRequest::get()
                .uri(&path)
                .insert_header(("if-none-match", new_etag)),
        )
        .await;
    assert_eq!(theirs.status, StatusCode::OK);

    // Another language is another page.
    let italian = c
        .send(
            TestRequest::get()
                .uri(&path)
                .insert_header(("accept-language", "it"))
                .insert_header(("if-none-match", new_etag)),
        )
        .await;
    assert_eq!(italian.status, StatusCode::OK);
    assert!(italian.body.contains("<html lang=\"it\""));
}

#[actix_web::test]
async fn open_data_has_a_strong_etag_and_304_until_the_data_changes() {
    let app = TestApp::new();
    let proposer = UserBuilder::new("anna").build(&app);
    let id = public_commons(&app, "Giardino Lunetta", proposer);
    let mut c = client!(app);
    for path in [
        "/api/v1/commons?limit=5",
        "/commons.geojson",
        "/commons.csv",
    ] {
        let first = c.get(path).await;
        assert_eq!(first.status, StatusCode::OK, "{path}");
        let etag = first
            .headers
            .get("etag")
            .expect(path)
            .to_str()
            .unwrap()
            .to_string();
        assert!(etag.starts_with('"'), "{path}: {etag}");
        let again = c
            .send(
                TestRequest::get()
                    .uri(path)
                    .insert_header(("if-none-match", etag.as_str())),
            )
            .await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{path}");
        assert!(again.body.is_empty());
    }
    let before = c.get("/api/v1/commons?limit=5").await;
    let etag = before
        .headers
        .get("etag")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    app.execute(&format!(
        "UPDATE commons SET name = 'Giardino Lunetta Gamberini' WHERE id = {id}"
    ));
    let after = c
        .send(
            TestRequest::get()
                .uri("/api/v1/commons?limit=5")
                .insert_header(("if-none-match", etag.as_str())),
        )
        .await;
    assert_eq!(after.status, StatusCode::OK);
    assert!(
        after.body.contains("Giardino Lunetta Gamberini"),
        "{}",
        after.body
    );
}

#[actix_web::test]
async fn a_cached_page_costs_one_query_and_carries_each_visitors_own_csrf_token() {
    let app = TestApp::new();
    let proposer = UserBuilder::new("anna").build(&app);
    let id = public_commons(&app, "Casa di quartiere", proposer);
    let path = format!("/commons/{id}");
    let mut first = client!(app);
    let before = app.statements_sent();
    assert_eq!(first.get(&path).await.status, StatusCode::OK);
    let rendered = app.statements_sent() - before;
    assert!(
        rendered > 2,
        "the first visit renders the page: {rendered} statements"
    );
    assert!(app.state.page_cache.usage().0 >= 1, "the page is kept");

    // Two new visitors are served the kept page: one query (the data version) each.
    for _ in 0..2 {
        let mut visitor = client!(app);
        let before = app.statements_sent();
        let page = visitor.get(&path).await;
        let sent = app.statements_sent() - before;
        // The version's read, and the pool's liveness check of the connection.
        assert!(sent <= 2, "served from memory, yet {sent} statements");
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Casa di quartiere"));
        assert!(
            !page.body.contains("pactum-csrf-slot"),
            "the marker is filled"
        );
        // The page's token is this visitor's: the language switch accepts it.
        let switched = visitor
            .post("/language", &[("lang", "nl"), ("next", "/")])
            .await;
        assert_eq!(switched.status, StatusCode::SEE_OTHER, "{}", switched.body);
        let dutch = visitor.get(&path).await;
        assert!(dutch.body.contains("<html lang=\"nl\""));
    }
}

#[actix_web::test]
async fn signed_in_users_and_pending_messages_bypass_the_cache() {
    let app = TestApp::new();
    let citizen = UserBuilder::new("giulia").named("Giulia Rossi").build(&app);
    let id = public_commons(&app, "Orto Mattei", citizen);
    let path = format!("/commons/{id}");
    let mut anonymous = client!(app);
    anonymous.get(&path).await;
    let mut signed_in = client!(app);
    signed_in.sign_in(&UserBuilder::new("giulia").email()).await;
    let page = signed_in.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.headers.get("etag").is_none(),
        "a signed-in page is never kept"
    );
    assert!(
        page.body.contains("action=\"/signout\""),
        "the page is the reader's"
    );

    // Signed out, the next page shows the message once: rendered, not kept.
    let out = signed_in.post("/signout", &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    let with_message = signed_in.get(&path).await;
    assert!(
        with_message.body.contains("flash-info"),
        "{}",
        with_message.body
    );
    assert!(with_message.headers.get("etag").is_none());
    let after = signed_in.get(&path).await;
    assert!(
        after.headers.get("etag").is_some(),
        "then the kept page again"
    );
    assert!(!after.body.contains("flash-info"));
    assert!(!after.body.contains("action=\"/signout\""));
}

#[actix_web::test]
async fn private_and_unlisted_routes_are_not_cached() {
    let app = TestApp::new();
    let mut c = client!(app);
    for path in ["/signin", "/register", "/healthz"] {
        let page = c.get(path).await;
        assert!(page.headers.get("etag").is_none(), "{path}");
    }
    // Every listed route is a public GET route of the table.
    for (pattern, _) in pactum::app::CACHED_PAGES
        .iter()
        .chain(pactum::app::CACHED_DATA)
    {
        let route = pactum::app::ROUTES
            .iter()
            .find(|r| r.method == "GET" && r.path == *pattern)
            .unwrap_or_else(|| panic!("{pattern} is not a GET route"));
        assert!(
            matches!(route.access, pactum::app::Access::Public),
            "{pattern} is not public"
        );
    }
}

/// `text` with every CSRF token's value (masked afresh for each answer) left out.
fn without_tokens(text: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(marker) {
        let (head, tail) = rest.split_at(at + marker.len());
        out.push_str(head);
        rest = tail.find('"').map_or("", |end| &tail[end..]);
    }
    out.push_str(rest);
    out
}

#[actix_web::test]
async fn the_clock_free_routes_answer_the_same_a_year_later() {
    use pactum::kit::clock::Clock;
    let mut app = TestApp::new();
    {
        let mut conn = app.state.db.get().unwrap();
        assert!(pactum::demo::load(&mut conn, pactum::config::HashCost::Fast).unwrap());
    }
    // Nothing kept: both times are rendered.
    app.state.page_cache = std::sync::Arc::new(pactum::web::page_cache::PageCache::new(0));
    #[derive(diesel::QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        id: i64,
    }
    let ids: Vec<i64> = diesel::sql_query("SELECT id FROM commons WHERE listed ORDER BY id")
        .load::<Id>(&mut app.state.db.get().unwrap())
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert!(ids.len() > 5, "the demo city lists its commons");
    let mut paths: Vec<(&str, String)> = vec![
        ("/commons", "/commons".into()),
        ("/commons", "/commons?category=green_area".into()),
        ("/commons/map", "/commons/map".into()),
        ("/commons/sectors", "/commons/sectors".into()),
        (
            "/commons/map.json",
            "/commons/map.json?bbox=11.0,44.0,11.8,45.0&zoom=11".into(),
        ),
        (
            "/commons/map.json",
            "/commons/map.json?bbox=11.299,44.449,11.3105,44.4565&zoom=17".into(),
        ),
        ("/commons.geojson", "/commons.geojson".into()),
        ("/commons.csv", "/commons.csv".into()),
        ("/commons/sectors.json", "/commons/sectors.json".into()),
        ("/commons/sectors.csv", "/commons/sectors.csv".into()),
        ("/districts.geojson", "/districts.geojson".into()),
    ];
    for id in &ids {
        paths.push(("/commons/{id}", format!("/commons/{id}")));
        paths.push(("/commons/{id}.geojson", format!("/commons/{id}.geojson")));
        paths.push((
            "/commons/{id}/timeline.json",
            format!("/commons/{id}/timeline.json"),
        ));
    }
    let tried: BTreeSet<&str> = paths.iter().map(|(route, _)| *route).collect();
    let listed: BTreeSet<&str> = pactum::app::CACHED_PAGES
        .iter()
        .chain(pactum::app::CACHED_DATA)
        .filter(|(_, f)| *f == pactum::app::Freshness::Data)
        .map(|(route, _)| *route)
        .collect();
    assert_eq!(tried, listed, "every clock-free route is tried here");

    let now = chrono::Utc::now().naive_utc();
    let mut answers = Vec::new();
    for at in [now, now + chrono::Duration::days(400)] {
        app.state.ports.clock = Clock::Fixed(at);
        let mut c = client!(app);
        let mut these = Vec::new();
        for (_, path) in &paths {
            let page = c.get(path).await;
            assert_eq!(page.status, StatusCode::OK, "{path}");
            these.push(without_tokens(&page.body));
        }
        answers.push(these);
    }
    for (i, (_, path)) in paths.iter().enumerate() {
        assert!(
            answers[0][i] == answers[1][i],
            "{path} changed with the clock alone"
        );
    }
}

#[actix_web::test]
async fn the_minutes_turn_renders_again_only_the_pages_that_show_the_clock() {
    use pactum::kit::clock::Clock;
    let mut app = TestApp::new();
    let proposer = UserBuilder::new("anna").build(&app);
    let id = public_commons(&app, "Giardino Lunetta", proposer);
    let at = chrono::NaiveDate::from_ymd_opt(2026, 6, 1)
        .unwrap()
        .and_hms_opt(9, 0, 30)
        .unwrap();
    app.state.ports.clock = Clock::Fixed(at);
    let commons = format!("/commons/{id}");
    let mut c = client!(app);
    for path in [commons.as_str(), "/pacts"] {
        assert_eq!(c.get(path).await.status, StatusCode::OK);
    }
    // A minute later (a new service with the same state and cache).
    app.state.ports.clock = Clock::Fixed(at + chrono::Duration::minutes(1));
    let mut c = client!(app);
    let before = app.statements_sent();
    let page = c.get(&commons).await;
    assert!(page.body.contains("Giardino Lunetta"));
    let sent = app.statements_sent() - before;
    assert!(
        sent <= 2,
        "the commons page is still kept: {sent} statements"
    );
    let before = app.statements_sent();
    assert_eq!(c.get("/pacts").await.status, StatusCode::OK);
    let sent = app.statements_sent() - before;
    assert!(sent > 2, "the pacts list shows the clock: rendered again");
}

#[actix_web::test]
async fn a_small_streamed_download_is_kept_and_a_write_renders_it_again() {
    let app = TestApp::new();
    let proposer = UserBuilder::new("anna").build(&app);
    let id = public_commons(&app, "Orto Bertolini", proposer);
    let path = "/commons.geojson";
    let mut c = client!(app);
    let first = c.get(path).await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(first.body.contains("Orto Bertolini"));
    let etag = first.headers.get("etag").expect("validated").clone();
    assert!(app.state.page_cache.usage().0 >= 1, "kept once sent");

    let before = app.statements_sent();
    let again = client!(app).get(path).await;
    let sent = app.statements_sent() - before;
    assert!(sent <= 2, "served from memory, yet {sent} statements");
    assert_eq!(again.body, first.body);
    assert_eq!(again.headers.get("etag"), Some(&etag));
    assert_eq!(
        again.headers.get("content-type"),
        first.headers.get("content-type")
    );

    app.execute(&format!(
        "UPDATE commons SET name = 'Orto Bertolini, allargato' WHERE id = {id}"
    ));
    let changed = client!(app).get(path).await;
    assert!(changed.body.contains("Orto Bertolini, allargato"));
    assert_ne!(changed.headers.get("etag"), Some(&etag));
}

#[actix_web::test]
async fn the_lists_sector_counts_are_counted_once_per_data_version_for_everyone() {
    let app = TestApp::new();
    let citizen = UserBuilder::new("giulia").build(&app);
    let official = UserBuilder::new("officer").official().build(&app);
    let id = CommonsBuilder::new(&app)
        .named("Orto Mattei")
        .provisioning(&["food"])
        .proposed_by(citizen)
        .recognised_by(official)
        .build();
    // Signed in: the page itself is rendered every time, its counts are not.
    let mut c = client!(app);
    c.sign_in(&UserBuilder::new("giulia").email()).await;
    let page = c.get("/commons").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("(1)"), "the food facet: {}", page.body);
    assert_eq!(app.state.derived.len(), 1);
    let before = app.statements_sent();
    c.get("/commons").await;
    let kept = app.statements_sent() - before;

    // A write (straight into the database, as another instance would) is counted.
    app.execute(&format!(
        "INSERT INTO commons_provisioning (commons_id, provisioning) VALUES ({id}, 'energy')"
    ));
    let before = app.statements_sent();
    let page = c.get("/commons").await;
    let counted = app.statements_sent() - before;
    assert_eq!(counted, kept + 1, "the counts are counted again, once");
    let facets = page.texts(".facets li a");
    assert_eq!(facets.len(), 3, "all, food and now energy: {facets:?}");
    assert!(facets.iter().all(|f| f.contains("(1)") || !f.contains('(')));
    // Another filter is another count.
    c.get("/commons?category=green_area").await;
    assert_eq!(app.state.derived.len(), 2);
}

/// The pacts' statistics (grouped counts and spans over every pact) are computed once
/// per data version and level, for everyone: a signed-in visitor's page, never cached,
/// no longer recomputes them.
#[actix_web::test]
async fn the_pact_statistics_are_computed_once_per_data_version_for_everyone() {
    let app = TestApp::new();
    let citizen = UserBuilder::new("giulia").build(&app);
    let commons = public_commons(&app, "Orto Mattei", citizen);
    let mut c = client!(app);
    c.sign_in(&UserBuilder::new("giulia").email()).await;
    let page = c.get("/pacts/stats").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("No public pact yet."), "{}", page.body);
    let before = app.statements_sent();
    c.get("/pacts/stats").await;
    let kept = app.statements_sent() - before;

    // A pact published (through the services, as any instance would) is counted.
    let office = crate::builders::OfficeBuilder::new("Green areas")
        .coordinating()
        .build(&app);
    UserBuilder::new("greta").official_in(office).build(&app);
    crate::builders::PactBuilder::new(&app)
        .proposed_by(citizen)
        .led_by(office)
        .on(commons)
        .until(pactum::pacts::procedure::PactState::Published)
        .build();
    let before = app.statements_sent();
    let page = c.get("/pacts/stats").await;
    let counted = app.statements_sent() - before;
    assert!(page.body.contains("One public pact."), "{}", page.body);
    assert!(
        counted >= kept + 5,
        "computed again: {counted} statements, {kept} when kept"
    );
    let before = app.statements_sent();
    c.get("/pacts/stats").await;
    assert_eq!(app.statements_sent() - before, kept, "and kept again");
    // Another level is another value.
    let keys = app.state.derived.len();
    c.get("/pacts/stats?level=1").await;
    assert_eq!(app.state.derived.len(), keys + 1);
}

/// The data version is read for every cached page: PostgreSQL gets it as a prepared
/// statement, parsed once per connection, not as new text each time.
#[test]
fn the_data_versions_read_is_prepared_once_per_connection() {
    if !on_postgres() {
        eprintln!(
            "SKIPPED on the SQLite run: it reads PostgreSQL's pg_prepared_statements (the PostgreSQL run checks it)"
        );
        return;
    }
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let app = TestApp::new();
    let mut conn = app.state.db.get().unwrap();
    let prepared = |conn: &mut pactum::db::AnyConnection| {
        diesel::sql_query(
            "SELECT COUNT(*) AS n FROM pg_prepared_statements WHERE statement LIKE '%data_version%'",
        )
        .get_result::<N>(conn)
        .unwrap()
        .n
    };
    let first = version::current(&mut conn).unwrap();
    assert_eq!(prepared(&mut conn), 1);
    for _ in 0..3 {
        assert_eq!(version::current(&mut conn).unwrap(), first);
    }
    assert_eq!(prepared(&mut conn), 1, "the same statement, not a new one");
}
