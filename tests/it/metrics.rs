//! Observability: the HTTP metrics counted by route pattern, the metrics page in the
//! Prometheus text format with the database's gauges, the page kept off the public
//! site, and `pactum serve` writing JSON logs that carry each answer's request id.

use crate::support::in_tx;
use std::collections::BTreeMap;
use std::net::TcpListener;
use std::process::{Command, Stdio};

use actix_web::http::StatusCode;
use actix_web::web;
use chrono::Duration;
use diesel::prelude::*;
use pactum::db::schema::{ledger_checkpoints, outbox};
use pactum::ledger::entry::Entry;
use pactum::ledger::{checkpoint, store};
use pactum::monitoring::Monitor;
use pactum::web::metrics::{Exposition, HttpMetrics};

use crate::cli::{http_get, pactum, text, url_of, wait_for_answer};
use crate::support::{Client, TestApp, test_database};

/// The samples of a text-format page, `name{labels}` → value, after checking every
/// line: comments are HELP or TYPE lines, every sample is `name{labels} value` with a
/// name of its family declared before it.
fn parse(page: &str) -> BTreeMap<String, f64> {
    let mut families: BTreeMap<String, String> = BTreeMap::new();
    let mut samples = BTreeMap::new();
    let is_name = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
            && !s.starts_with(|c: char| c.is_ascii_digit())
    };
    for line in page.lines() {
        if let Some(comment) = line.strip_prefix("# ") {
            let mut parts = comment.splitn(3, ' ');
            let (what, name, rest) = (parts.next(), parts.next(), parts.next());
            let name = name.unwrap_or_else(|| panic!("a named comment: {line}"));
            assert!(is_name(name), "{line}");
            match what {
                Some("HELP") => assert!(rest.is_some_and(|h| !h.is_empty()), "{line}"),
                Some("TYPE") => {
                    let kind = rest.unwrap_or_default();
                    assert!(["counter", "gauge", "histogram"].contains(&kind), "{line}");
                    assert!(
                        families
                            .insert(name.to_string(), kind.to_string())
                            .is_none(),
                        "one TYPE per family: {line}"
                    );
                }
                _ => panic!("a HELP or TYPE line: {line}"),
            }
            continue;
        }
        let (series, value) = line
            .rsplit_once(' ')
            .unwrap_or_else(|| panic!("name{{labels}} value: {line}"));
        let value: f64 = value.parse().unwrap_or_else(|_| panic!("a number: {line}"));
        let name = match series.split_once('{') {
            Some((name, labels)) => {
                let labels = labels
                    .strip_suffix('}')
                    .unwrap_or_else(|| panic!("closed labels: {line}"));
                let mut rest = labels;
                while !rest.is_empty() {
                    let (key, after) = rest
                        .split_once("=\"")
                        .unwrap_or_else(|| panic!("label=\"value\": {line}"));
                    assert!(is_name(key), "{line}");
                    let mut end = None;
                    let mut escaped = false;
                    for (i, c) in after.char_indices() {
                        match (escaped, c) {
                            (true, _) => escaped = false,
                            (false, '\\') => escaped = true,
                            (false, '"') => {
                                end = Some(i);
                                break;
                            }
                            _ => {}
                        }
                    }
                    let end = end.unwrap_or_else(|| panic!("a closed value: {line}"));
                    rest = after[end + 1..]
                        .strip_prefix(',')
                        .unwrap_or(&after[end + 1..]);
                }
                name
            }
            None => series,
        };
        assert!(is_name(name), "{line}");
        let family = ["_bucket", "_sum", "_count"]
            .iter()
            .find_map(|s| {
                name.strip_suffix(s)
                    .filter(|f| families.get(*f).is_some_and(|k| k == "histogram"))
            })
            .unwrap_or(name);
        assert!(families.contains_key(family), "TYPE before {line}");
        assert!(
            samples.insert(series.to_string(), value).is_none(),
            "one sample per series: {line}"
        );
    }
    samples
}

fn requests(samples: &BTreeMap<String, f64>, method: &str, route: &str, status: u16) -> f64 {
    samples
        .get(&format!(
            "pactum_http_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}}"
        ))
        .copied()
        .unwrap_or(0.0)
}

fn http_page(m: &HttpMetrics) -> String {
    let mut e = Exposition::new();
    m.write(&mut e);
    e.finish()
}

#[actix_web::test]
async fn answers_are_counted_under_their_route_pattern_never_their_path() {
    let app = TestApp::new();
    let metrics = web::Data::new(HttpMetrics::default());
    let mut c = Client::new(
        actix_web::test::init_service(pactum::build_app_with_metrics(
            app.state.clone(),
            metrics.clone(),
        ))
        .await,
    );
    assert_eq!(c.get("/healthz").await.status, StatusCode::OK);
    assert_eq!(c.get("/healthz").await.status, StatusCode::OK);
    assert_eq!(c.get("/commons/987654").await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        c.get("/no/such/page-4711").await.status,
        StatusCode::NOT_FOUND
    );
    let page = http_page(&metrics);
    let samples = parse(&page);
    assert_eq!(requests(&samples, "GET", "/healthz", 200), 2.0, "{page}");
    assert_eq!(
        requests(&samples, "GET", "/commons/{id}", 404),
        1.0,
        "{page}"
    );
    assert_eq!(requests(&samples, "GET", "unmatched", 404), 1.0, "{page}");
    assert_eq!(
        samples["pactum_http_request_duration_seconds_count{method=\"GET\",route=\"/healthz\"}"],
        2.0
    );
    assert_eq!(
        samples["pactum_http_request_duration_seconds_bucket{method=\"GET\",route=\"/healthz\",le=\"+Inf\"}"],
        2.0
    );
    assert!(!page.contains("987654") && !page.contains("4711"), "{page}");
}

#[actix_web::test]
async fn the_public_site_has_no_metrics_page() {
    let app = TestApp::new();
    let mut c = crate::client!(app);
    assert_eq!(c.get("/metrics").await.status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn the_metrics_page_shows_the_backlog_the_ledger_and_the_sessions() {
    let app = TestApp::new();
    app.user("ada@example.org", "Ada", &[]);
    let mut c = crate::client!(app);
    c.sign_in("ada@example.org").await;
    let now = pactum::util::now();
    let ledger_before;
    {
        let mut conn = app.state.db.get().unwrap();
        let conn = &mut *conn;
        // Mail queued an hour ago, a message given up on, a search update two minutes old.
        let mut queue = |to: &str| {
            let mail = pactum::mail::Email {
                to: to.into(),
                subject: "s".into(),
                text: "t".into(),
                html: "h".into(),
            };
            pactum::mail::enqueue(conn, &mail).unwrap()
        };
        let queued = queue("someone@example.org");
        let given_up = queue("other@example.org");
        diesel::update(outbox::table.filter(outbox::id.eq(queued)))
            .set(outbox::created_at.eq(now - Duration::hours(1)))
            .execute(conn)
            .unwrap();
        diesel::update(outbox::table.filter(outbox::id.eq(given_up)))
            .set(outbox::failed_at.eq(Some(now)))
            .execute(conn)
            .unwrap();
        pactum::search::sync::enqueue(conn, &pactum::commons::api::SEARCH, 1).unwrap();
        diesel::update(outbox::table.filter(outbox::kind.eq("search.commons")))
            .set(outbox::created_at.eq(now - Duration::minutes(2)))
            .execute(conn)
            .unwrap();
        // Three entries under a checkpoint signed ten minutes ago, two after it.
        ledger_before = store::size(conn).unwrap();
        let entry = |i: u64| Entry::new("test.event").with("n", i);
        for i in 0..3 {
            in_tx(conn, |cx| store::append(cx, &entry(i))).unwrap();
        }
        checkpoint::sign_pending(conn, &app.state.ledger_signer)
            .unwrap()
            .unwrap();
        diesel::update(ledger_checkpoints::table)
            .set(ledger_checkpoints::created_at.eq(now - Duration::minutes(10)))
            .execute(conn)
            .unwrap();
        for i in 3..5 {
            in_tx(conn, |cx| store::append(cx, &entry(i))).unwrap();
        }
        // Jobs: mail ran a minute ago and is held; the checkpoint job failed and its
        // holder went away five minutes ago.
        use pactum::jobs::{Holder, lease};
        let gone = Holder::named("host-a/10.0.0.1:8080");
        let names = ["mail", "checkpoint"];
        assert_eq!(
            lease::take_due(conn, &names, &gone, now - Duration::minutes(5))
                .unwrap()
                .len(),
            2
        );
        lease::ran(
            conn,
            "checkpoint",
            &gone,
            now - Duration::minutes(5),
            Some("disk full"),
        )
        .unwrap();
        let here = Holder::named("host-b/10.0.0.2:8080");
        lease::take_due(conn, &["mail"], &here, now - Duration::minutes(1)).unwrap();
        lease::ran(conn, "mail", &here, now - Duration::minutes(1), None).unwrap();
        // Its holder is still there: it renews the lease at its next pass.
        lease::take_due(conn, &["mail"], &here, now).unwrap();
    }
    let metrics = web::Data::new(HttpMetrics::default());
    metrics.observe(
        &actix_web::http::Method::GET,
        "/commons",
        200,
        std::time::Duration::from_millis(7),
    );
    let monitor = Monitor::new(app.state.db.clone(), metrics, app.state.config.session);
    let page = monitor.render().await;
    let s = parse(&page);
    let near = |series: &str, want: f64| {
        let got = s[series];
        assert!(
            (got - want).abs() < 30.0,
            "{series} = {got}, not about {want}"
        );
    };
    assert_eq!(s["pactum_database_up"], 1.0);
    assert_eq!(s["pactum_outbox_pending{kind=\"email\"}"], 1.0, "{page}");
    assert_eq!(s["pactum_outbox_failed{kind=\"email\"}"], 1.0);
    near(
        "pactum_outbox_oldest_pending_age_seconds{kind=\"email\"}",
        3600.0,
    );
    assert_eq!(s["pactum_outbox_pending{kind=\"search.commons\"}"], 1.0);
    assert_eq!(s["pactum_outbox_pending{kind=\"search.pacts\"}"], 0.0);
    assert_eq!(
        s["pactum_outbox_oldest_pending_age_seconds{kind=\"search.pacts\"}"],
        0.0
    );
    near("pactum_search_index_lag_seconds", 120.0);
    assert_eq!(s["pactum_ledger_size"], (ledger_before + 5) as f64);
    assert_eq!(
        s["pactum_ledger_checkpoint_size"],
        (ledger_before + 3) as f64
    );
    near("pactum_ledger_checkpoint_age_seconds", 600.0);
    assert_eq!(s["pactum_sessions_active"], 1.0);
    near("pactum_job_last_run_age_seconds{job=\"mail\"}", 60.0);
    near("pactum_job_last_run_age_seconds{job=\"checkpoint\"}", 300.0);
    assert_eq!(s["pactum_job_failing{job=\"checkpoint\"}"], 1.0);
    assert_eq!(s["pactum_job_failing{job=\"mail\"}"], 0.0);
    assert_eq!(s["pactum_job_held{job=\"mail\"}"], 1.0);
    assert_eq!(
        s["pactum_job_held{job=\"checkpoint\"}"], 0.0,
        "its holder is gone"
    );
    assert_eq!(s["pactum_db_pool_max_connections"], 4.0);
    assert!(s["pactum_db_pool_connections"] >= 1.0);
    assert_eq!(
        s["pactum_db_pool_connections"],
        s["pactum_db_pool_idle_connections"] + s["pactum_db_pool_in_use_connections"]
    );
    assert_eq!(requests(&s, "GET", "/commons", 200), 1.0);
    assert_eq!(
        s[&format!(
            "pactum_build_info{{version=\"{}\"}}",
            env!("CARGO_PKG_VERSION")
        )],
        1.0
    );
    assert!(s["pactum_process_uptime_seconds"] >= 0.0);
    assert!(s["pactum_process_start_time_seconds"] > 1.7e9);
}

/// With the database failing, the page still answers: the HTTP metrics and the pool,
/// `pactum_database_up 0`, no gauge read from the database.
#[actix_web::test]
async fn the_metrics_page_answers_when_the_database_fails() {
    let app = TestApp::new();
    let metrics = web::Data::new(HttpMetrics::default());
    metrics.observe(
        &actix_web::http::Method::POST,
        "/signin",
        303,
        std::time::Duration::from_millis(40),
    );
    // The table the gauges read first is gone: every scrape's queries fail.
    app.execute("DROP TABLE outbox");
    let page = Monitor::new(app.state.db.clone(), metrics, app.state.config.session)
        .render()
        .await;
    let s = parse(&page);
    assert_eq!(s["pactum_database_up"], 0.0, "{page}");
    assert_eq!(requests(&s, "POST", "/signin", 303), 1.0);
    assert!(s.contains_key("pactum_db_pool_max_connections"));
    assert!(!page.contains("pactum_outbox_pending"), "{page}");
    assert!(!page.contains("pactum_ledger_size"), "{page}");
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A header's value in a raw HTTP answer.
fn header<'a>(answer: &'a str, name: &str) -> Option<&'a str> {
    answer
        .split("\r\n\r\n")
        .next()?
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
}

#[test]
fn serve_logs_json_with_request_ids_and_serves_metrics_apart() {
    let dir = tempfile::tempdir().unwrap();
    let db = test_database(dir.path());
    let (port, metrics_port) = (free_port(), free_port());
    let mut child = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .env_clear()
        .env("PACTUM_DATA_DIR", dir.path())
        .env("PACTUM_DATABASE_URL", url_of(&db))
        .env("PACTUM_BIND", format!("127.0.0.1:{port}"))
        .env("PACTUM_METRICS_BIND", format!("127.0.0.1:{metrics_port}"))
        .env("PACTUM_LOG_FORMAT", "json")
        .env("PACTUM_LOG", "info,pactum::access=debug")
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let ready = wait_for_answer(port, "/readyz");
    let answer = http_get(port, "/commons/987654");
    let public_metrics = http_get(port, "/metrics");
    let scraped = http_get(metrics_port, "/metrics");
    let _ = child.kill();
    let out = child.wait_with_output().unwrap();
    let logs = String::from_utf8_lossy(&out.stderr).into_owned();

    assert!(
        ready.is_some_and(|r| r.starts_with("HTTP/1.1 200")),
        "{logs}"
    );
    let answer = answer.unwrap();
    assert!(answer.starts_with("HTTP/1.1 404"), "{answer}");
    let id = header(&answer, "x-request-id").unwrap().to_string();
    assert!(public_metrics.unwrap().starts_with("HTTP/1.1 404"));
    let scraped = scraped.unwrap();
    assert!(scraped.starts_with("HTTP/1.1 200"), "{scraped}");
    assert!(
        header(&scraped, "content-type")
            .is_some_and(|t| t.starts_with("text/plain; version=0.0.4")),
        "{scraped}"
    );
    let body = scraped.split("\r\n\r\n").nth(1).unwrap();
    let s = parse(body);
    assert_eq!(s["pactum_database_up"], 1.0);
    assert!(requests(&s, "GET", "/readyz", 200) >= 1.0, "{body}");
    assert_eq!(requests(&s, "GET", "/commons/{id}", 404), 1.0, "{body}");

    // Every line is one JSON object; the answer's line carries its request id.
    let lines: Vec<serde_json::Value> = logs
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert!(!lines.is_empty(), "some logs");
    for l in &lines {
        for key in ["timestamp", "level", "target", "message"] {
            assert!(l.get(key).is_some(), "{key} in {l}");
        }
    }
    let answered = lines
        .iter()
        .find(|l| l["span"]["id"] == id.as_str())
        .unwrap_or_else(|| panic!("a line with request id {id} in\n{logs}"));
    assert_eq!(answered["span"]["name"], "request");
    assert_eq!(answered["spans"][0]["id"], id.as_str());
    assert_eq!(answered["target"], "pactum::access");
    assert_eq!(answered["route"], "/commons/{id}");
    assert_eq!(answered["status"], 404);
    assert!(!logs.contains("987654"), "the path stays out of the logs");
}

#[test]
fn a_bad_log_format_or_metrics_address_stops_pactum_naming_the_variable() {
    let dir = tempfile::tempdir().unwrap();
    for (var, value, args) in [
        ("PACTUM_LOG_FORMAT", "yaml", &["migrate"][..]),
        // Read before anything else: even commands that need no configuration stop.
        (
            "PACTUM_LOG_FORMAT",
            "yaml",
            &["ledger", "verify-proof", "x"][..],
        ),
        ("PACTUM_METRICS_BIND", "everywhere", &["migrate"][..]),
        ("PACTUM_METRICS_BIND", "9464", &["serve"][..]),
    ] {
        let o = pactum(dir.path(), None, &[(var, value)], args);
        let (_, err) = text(&o);
        assert_eq!(o.status.code(), Some(2), "{var}={value}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(err.contains(var), "{err}");
    }
    assert!(!dir.path().join("pactum.db").exists(), "nothing created");
}

/// An address that was asked for and is taken stops `serve`, naming the variable.
#[test]
fn a_metrics_address_already_taken_stops_serve() {
    let dir = tempfile::tempdir().unwrap();
    let db = test_database(dir.path());
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let metrics = taken.local_addr().unwrap().to_string();
    let bind = format!("127.0.0.1:{}", free_port());
    let o = pactum(
        dir.path(),
        Some(&db),
        &[
            ("PACTUM_BIND", bind.as_str()),
            ("PACTUM_METRICS_BIND", metrics.as_str()),
        ],
        &["serve"],
    );
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("PACTUM_METRICS_BIND"), "{err}");
    drop(taken);
}

/// Every variable `--help` lists has its row in the README's Configuration table.
#[test]
fn every_variable_is_in_the_readme() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for (name, _, _) in pactum::config::VARIABLES
        .iter()
        .chain(pactum::oidc::settings::VARIABLES)
    {
        assert!(
            readme.contains(&format!("| `{name}` |")),
            "the README's Configuration table has a row for {name}"
        );
    }
}
