use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use super::*;
use crate::search::tests::{
    CENTER, FILTER_FIELDS, assert_safe_html, check_behaviour, filter, query,
};
use crate::search::{MARK_END, MARK_START};

#[test]
fn runs_the_shared_behaviour_against_a_live_server() {
    let Ok(url) = std::env::var("PACTUM_TEST_MEILI_URL") else {
        // Straight to stderr, past the test harness's capture, so the skip is visible.
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: meilisearch backend tests (set PACTUM_TEST_MEILI_URL)"
        );
        return;
    };
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let name: &'static str =
        Box::leak(format!("pactum_test_{}_{nanos}", std::process::id()).into_boxed_str());
    let config = MeiliConfig {
        url,
        api_key: std::env::var("PACTUM_TEST_MEILI_KEY").ok(),
    };
    let spec = IndexSpec {
        name,
        filter_fields: FILTER_FIELDS,
    };
    let index = MeiliIndex::open(spec, &config).unwrap();
    assert_eq!(index.backend_name(), "meilisearch");
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        check_behaviour(&index);
    }));
    index.delete_index().unwrap();
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

#[test]
fn highlight_tags_are_the_markers() {
    assert!(PRE_TAG.chars().eq([MARK_START]));
    assert!(POST_TAG.chars().eq([MARK_END]));
}

#[test]
fn builds_filter_expressions_safely() {
    let q = SearchQuery {
        filters: vec![
            filter("category", &["green_area", "say \"hi\""]),
            filter("status", &[]),
            filter("district", &["navile"]),
        ],
        near: Some((CENTER, 1500.0)),
        ..query("")
    };
    assert_eq!(
        filter_expression(&q).unwrap().unwrap(),
        "category IN [\"green_area\", \"say \\\"hi\\\"\"] AND district IN [\"navile\"] \
         AND _geoRadius(44.4939, 11.3428, 1500)"
    );
    assert_eq!(filter_expression(&query("x")).unwrap(), None);
    for bad in ["a\\", "a\nb"] {
        let q = SearchQuery {
            filters: vec![filter("category", &[bad])],
            ..query("")
        };
        assert!(matches!(
            filter_expression(&q),
            Err(SearchError::BadQuery(_))
        ));
    }
}

#[test]
fn rejects_bad_configuration() {
    let spec = IndexSpec {
        name: "t",
        filter_fields: FILTER_FIELDS,
    };
    for (url, key) in [
        ("ftp://127.0.0.1:7700", None),
        ("http://127.0.0.1:7700", Some("bad key\n")),
    ] {
        let config = MeiliConfig {
            url: url.into(),
            api_key: key.map(String::from),
        };
        let e = MeiliIndex::open(spec, &config).err().unwrap();
        assert!(matches!(e, SearchError::Config(_)), "{e}");
    }
}

#[test]
fn an_unreachable_server_is_unavailable() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config = MeiliConfig {
        url: format!("http://127.0.0.1:{port}"),
        api_key: None,
    };
    let spec = IndexSpec {
        name: "t",
        filter_fields: FILTER_FIELDS,
    };
    let e = MeiliIndex::open(spec, &config).err().unwrap();
    assert!(matches!(e, SearchError::Unavailable(_)), "{e}");
}

/// A request the mock server received: method, path and query, body.
type Seen = Arc<Mutex<Vec<(String, String, String)>>>;

/// A scripted stand-in for Meilisearch on 127.0.0.1, serving until `deadline`.
fn mock_server(respond: fn(&str, &str) -> (u16, String)) -> (String, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen: Seen = Arc::default();
    let log = seen.clone();
    std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(20);
        listener.set_nonblocking(true).unwrap();
        while Instant::now() < deadline {
            match listener.accept() {
                Ok((stream, _)) => {
                    let log = log.clone();
                    std::thread::spawn(move || serve(stream, respond, &log));
                }
                Err(_) => std::thread::sleep(Duration::from_millis(5)),
            }
        }
    });
    (url, seen)
}

fn serve(stream: TcpStream, respond: fn(&str, &str) -> (u16, String), seen: &Seen) {
    stream.set_nonblocking(false).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut writer = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    for _ in 0..100 {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let (mut length, mut chunked) = (0, false);
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap();
                }
                chunked |= name.eq_ignore_ascii_case("transfer-encoding")
                    && value.trim().eq_ignore_ascii_case("chunked");
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        while chunked {
            let mut size = String::new();
            reader.read_line(&mut size).unwrap();
            let size = usize::from_str_radix(size.trim(), 16).unwrap();
            let mut chunk = vec![0; size + 2]; // data and CRLF
            reader.read_exact(&mut chunk).unwrap();
            body.extend_from_slice(&chunk[..size]);
            chunked = size > 0;
        }
        let mut parts = request_line.split_whitespace();
        let (method, path) = (parts.next().unwrap(), parts.next().unwrap());
        let (status, answer) = respond(method, path);
        seen.lock().unwrap().push((
            method.to_string(),
            path.to_string(),
            String::from_utf8(body).unwrap(),
        ));
        write!(
            writer,
            "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n{answer}",
            answer.len()
        )
        .unwrap();
    }
}

fn task_info(uid: u32, kind: &str) -> (u16, String) {
    let info = json!({
        "taskUid": uid, "indexUid": "t", "status": "enqueued", "type": kind,
        "enqueuedAt": "2026-01-01T00:00:00Z",
    });
    (202, info.to_string())
}

fn task(uid: u32, kind: &str, error: Option<(&str, &str)>) -> (u16, String) {
    let mut task = json!({
        "uid": uid, "indexUid": "t", "status": "succeeded", "type": kind, "details": null,
        "duration": "PT0.01S", "canceledBy": null,
        "enqueuedAt": "2026-01-01T00:00:00Z",
        "startedAt": "2026-01-01T00:00:00Z",
        "finishedAt": "2026-01-01T00:00:01Z",
    });
    if let Some((code, message)) = error {
        task["status"] = json!("failed");
        task["error"] = json!({
            "message": message, "code": code, "type": "invalid_request",
            "link": "https://example.invalid",
        });
    }
    (200, task.to_string())
}

/// Index creation fails as "already exists", settings succeed, document additions
/// fail, searches return one highlighted hit.
fn script(method: &str, path: &str) -> (u16, String) {
    match (method, path) {
        ("POST", "/indexes") => task_info(1, "indexCreation"),
        ("GET", "/tasks/1") => task(
            1,
            "indexCreation",
            Some(("index_already_exists", "Index `t` already exists.")),
        ),
        ("PATCH", "/indexes/t/settings") => task_info(2, "settingsUpdate"),
        ("GET", "/tasks/2") => task(2, "settingsUpdate", None),
        ("POST", "/indexes/t/documents?primaryKey=id") => task_info(3, "documentAdditionOrUpdate"),
        ("GET", "/tasks/3") => task(
            3,
            "documentAdditionOrUpdate",
            Some(("invalid_document_geo_field", "The `_geo` field is invalid.")),
        ),
        ("POST", "/indexes/t/search") => {
            let (m, n) = (MARK_START, MARK_END);
            let hit = json!({
                "id": 3,
                "title": "<b>Tom</b> & Jerry",
                "body": "Kids love the park.",
                "_geo": { "lat": CENTER.lat, "lng": CENTER.lng },
                "_formatted": {
                    "id": "3",
                    "title": format!("<b>Tom</b> & {m}Jerry{n}"),
                    "body": format!("…the {m}park{n}<script>"),
                },
            });
            let results = json!({
                "hits": [hit], "query": "jerry", "processingTimeMs": 1,
                "limit": 20, "offset": 0, "estimatedTotalHits": 7,
            });
            (200, results.to_string())
        }
        _ => (404, json!({ "message": "not scripted" }).to_string()),
    }
}

#[test]
fn talks_to_meilisearch_as_documented() {
    let (url, seen) = mock_server(script);
    let config = MeiliConfig {
        url: format!("{url}/"),
        api_key: Some("test-key".into()),
    };
    let spec = IndexSpec {
        name: "t",
        filter_fields: FILTER_FIELDS,
    };
    let index = MeiliIndex::open(spec, &config).unwrap();

    let settings = seen
        .lock()
        .unwrap()
        .iter()
        .find(|(m, _, _)| m == "PATCH")
        .map(|(_, _, body)| serde_json::from_str::<Value>(body).unwrap())
        .unwrap();
    assert_eq!(settings["searchableAttributes"], json!(["title", "body"]));
    assert_eq!(
        settings["filterableAttributes"],
        json!(["category", "provisioning", "district", "status", "_geo"])
    );
    assert_eq!(settings["sortableAttributes"], json!(["_geo", "rank"]));
    assert_eq!(settings["typoTolerance"]["enabled"], json!(true));

    // A failed task carries Meilisearch's message.
    let doc = crate::search::tests::doc(
        5,
        &format!("a{MARK_START}b"),
        "",
        &[("provisioning", "food"), ("provisioning", "care")],
        Some(CENTER),
        9,
    );
    let e = index.upsert(&[doc]).unwrap_err();
    assert!(
        matches!(&e, SearchError::TaskFailed(m) if m.contains("The `_geo` field is invalid.")),
        "{e}"
    );
    let sent = seen
        .lock()
        .unwrap()
        .iter()
        .find(|(_, p, _)| p.starts_with("/indexes/t/documents"))
        .map(|(_, _, body)| serde_json::from_str::<Value>(body).unwrap())
        .unwrap();
    assert_eq!(
        sent,
        json!([{
            "id": 5, "title": "ab", "body": "", "rank": 9,
            "category": [], "provisioning": ["food", "care"], "district": [], "status": [],
            "_geo": { "lat": CENTER.lat, "lng": CENTER.lng },
        }])
    );

    // Search: the request, and the hit turned into safe HTML.
    let q = SearchQuery {
        filters: vec![filter("district", &["navile"])],
        near: Some((CENTER, 2000.0)),
        ..query("")
    };
    let r = index.search(&q).unwrap();
    let request = seen
        .lock()
        .unwrap()
        .iter()
        .find(|(_, p, _)| p == "/indexes/t/search")
        .map(|(_, _, body)| serde_json::from_str::<Value>(body).unwrap())
        .unwrap();
    assert_eq!(
        request["filter"],
        json!("district IN [\"navile\"] AND _geoRadius(44.4939, 11.3428, 2000)")
    );
    assert_eq!(request["sort"], json!(["_geoPoint(44.4939, 11.3428):asc"]));
    assert_eq!(request["highlightPreTag"], json!(PRE_TAG));
    assert_eq!(request["attributesToCrop"], json!(["body:30"]));
    assert_eq!(r.total, 7);
    let hit = &r.hits[0];
    assert_eq!(hit.id, 3);
    assert_eq!(
        hit.title_html,
        "&lt;b&gt;Tom&lt;/b&gt; &amp; <mark>Jerry</mark>"
    );
    assert_eq!(hit.snippet_html, "…the <mark>park</mark>&lt;script&gt;");
    assert_safe_html(&hit.snippet_html);
    assert!(hit.distance_m.unwrap() < 1.0);
}
