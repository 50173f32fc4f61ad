//! The ledger's public interface: checkpoint and key, tlog-tiles, entries, proofs in
//! the transparency-dev JSON shape, 400s for bad parameters, and the explorer page.

use crate::support::in_tx;
use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use base64::Engine;
use pactum::ledger::checkpoint::{open, sign_pending};
use pactum::ledger::entry::Entry;
use pactum::ledger::hash::{Hash, leaf_hash};
use pactum::ledger::note::NoteVerifier;
use pactum::ledger::store;
use pactum::ledger::tiles::unbundle;
use pactum::ledger::tree::{self, MemoryTree};
use pactum::ledger::verify::{verify_consistency, verify_inclusion};

use crate::client;
use crate::support::TestApp;

/// Appends `n` entries, signs a checkpoint, and returns the in-memory tree of bodies.
fn fill(app: &TestApp, n: u64) -> (MemoryTree, Vec<String>) {
    let mut conn = app.state.db.get().unwrap();
    for i in 0..n {
        in_tx(&mut conn, |cx| {
            store::append(cx, &Entry::new("test.event").with("n", i))
        })
        .unwrap();
    }
    sign_pending(&mut conn, &app.state.ledger_signer).unwrap();
    let bodies: Vec<String> = store::entries(&mut conn, 0, n)
        .unwrap()
        .into_iter()
        .map(|e| e.body)
        .collect();
    (
        MemoryTree::from_leaf_hashes(bodies.iter().map(|b| leaf_hash(b.as_bytes()))),
        bodies,
    )
}

fn b64(s: &serde_json::Value) -> Hash {
    base64::engine::general_purpose::STANDARD
        .decode(s.as_str().unwrap())
        .unwrap()
        .try_into()
        .unwrap()
}

#[actix_web::test]
async fn the_checkpoint_verifies_with_the_published_key() {
    let app = TestApp::new();
    let (mem, _) = fill(&app, 10);
    let mut c = client!(app);
    let key = c.get("/ledger/key").await;
    assert_eq!(key.status, StatusCode::OK);
    let verifier = NoteVerifier::parse(key.body.trim()).unwrap();
    let cp = c.get("/ledger/checkpoint").await;
    assert_eq!(cp.status, StatusCode::OK);
    assert!(
        cp.headers
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let parsed = open(&verifier, &cp.body).unwrap();
    assert_eq!(parsed.size, 10);
    assert_eq!(parsed.root, tree::root(&mem, 10).unwrap());
}

#[actix_web::test]
async fn tiles_serve_the_tree_and_entries_within_the_checkpoint() {
    let app = TestApp::new();
    let (mem, bodies) = fill(&app, 300);
    let mut c = client!(app);
    let full = c.get("/ledger/tile/0/000").await;
    assert_eq!(full.status, StatusCode::OK);
    assert!(
        full.headers
            .get("cache-control")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    let expected: Vec<u8> = mem.levels[0][..256].concat();
    // Tiles are binary: read them through the service directly, not as text.
    let svc = actix_web::test::init_service(pactum::build_app(app.state.clone())).await;
    let get = |uri: &'static str| TestRequest::get().uri(uri).to_request();
    assert_eq!(
        actix_web::test::call_and_read_body(&svc, get("/ledger/tile/0/000"))
            .await
            .to_vec(),
        expected
    );
    let partial = actix_web::test::call_service(&svc, get("/ledger/tile/0/001.p/44")).await;
    assert_eq!(partial.status(), StatusCode::OK);
    assert!(
        !partial
            .headers()
            .get("cache-control")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert_eq!(
        actix_web::test::read_body(partial).await.to_vec(),
        mem.levels[0][256..300].concat()
    );
    let beyond = actix_web::test::call_service(&svc, get("/ledger/tile/0/001.p/45")).await;
    assert_eq!(beyond.status(), StatusCode::NOT_FOUND);
    let level1 = actix_web::test::call_and_read_body(&svc, get("/ledger/tile/1/000.p/1")).await;
    assert_eq!(level1.to_vec(), mem.levels[8][0].to_vec());
    let bundle = actix_web::test::call_and_read_body(&svc, get("/ledger/tile/entries/000")).await;
    let entries = unbundle(&bundle).unwrap();
    assert_eq!(entries.len(), 256);
    assert_eq!(entries[5], bodies[5].as_bytes());
    let last =
        actix_web::test::call_and_read_body(&svc, get("/ledger/tile/entries/001.p/44")).await;
    assert_eq!(unbundle(&last).unwrap().len(), 44);
    for bad in [
        "/ledger/tile/0/1",
        "/ledger/tile/9/000",
        "/ledger/tile/0/002",
        "/ledger/tile/entries/000.p/0",
    ] {
        assert_eq!(
            actix_web::test::call_service(&svc, get(bad)).await.status(),
            StatusCode::NOT_FOUND,
            "{bad}"
        );
    }
}

#[actix_web::test]
async fn proofs_come_in_the_transparency_dev_shape_and_verify() {
    let app = TestApp::new();
    let (mem, _) = fill(&app, 37);
    let mut c = client!(app);
    let p = c
        .get("/api/v1/ledger/proof/inclusion?index=20&size=37")
        .await;
    assert_eq!(p.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&p.body).unwrap();
    assert_eq!(
        (v["leafIdx"].as_u64(), v["treeSize"].as_u64()),
        (Some(20), Some(37))
    );
    let proof: Vec<Hash> = v["proof"].as_array().unwrap().iter().map(b64).collect();
    assert_eq!(b64(&v["leafHash"]), mem.levels[0][20]);
    verify_inclusion(20, 37, &b64(&v["leafHash"]), &proof, &b64(&v["root"])).unwrap();
    assert_eq!(b64(&v["root"]), tree::root(&mem, 37).unwrap());

    let p = c
        .get("/api/v1/ledger/proof/consistency?size1=11&size2=37")
        .await;
    let v: serde_json::Value = serde_json::from_str(&p.body).unwrap();
    let proof: Vec<Hash> = v["proof"].as_array().unwrap().iter().map(b64).collect();
    verify_consistency(11, 37, &b64(&v["root1"]), &b64(&v["root2"]), &proof).unwrap();

    for bad in [
        "/api/v1/ledger/proof/inclusion?index=37&size=37",
        "/api/v1/ledger/proof/inclusion?index=1&size=38",
        "/api/v1/ledger/proof/inclusion?index=one&size=3",
        "/api/v1/ledger/proof/inclusion?index=-1&size=3",
        "/api/v1/ledger/proof/inclusion?size=3",
        "/api/v1/ledger/proof/inclusion?index=99999999999999999999999&size=3",
        "/api/v1/ledger/proof/consistency?size1=5&size2=4",
        "/api/v1/ledger/proof/consistency?size1=5&size2=40",
        "/api/v1/ledger/proof/consistency?size1=&size2=4",
        "/api/v1/ledger/proof/consistency?size1=%ZZ&size2=4",
    ] {
        let p = c.get(bad).await;
        assert_eq!(p.status, StatusCode::BAD_REQUEST, "{bad}");
        let v: serde_json::Value =
            serde_json::from_str(&p.body).unwrap_or_else(|_| panic!("JSON for {bad}: {}", p.body));
        assert!(v["error"].is_string(), "{bad}");
    }
}

#[actix_web::test]
async fn entries_are_shown_as_html_or_json_and_the_explorer_finds_them() {
    let app = TestApp::new();
    let (mem, bodies) = fill(&app, 3);
    let mut c = client!(app);
    let html = c.get("/ledger/entries/1").await;
    assert_eq!(html.status, StatusCode::OK);
    assert!(html.texts("h1")[0].contains('1'));
    assert!(html.has("a[href^='/api/v1/ledger/proof/inclusion?index=1']"));
    let json = c
        .send(
            TestRequest::get()
                .uri("/ledger/entries/1")
                .insert_header(("accept", "application/json")),
        )
        .await;
    let v: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    assert_eq!(v["raw"], bodies[1].as_str());
    assert_eq!(b64(&v["leafHash"]), mem.levels[0][1]);
    assert_eq!(
        c.get("/ledger/entries/3").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        c.get("/ledger/entries/x").await.status,
        StatusCode::NOT_FOUND
    );

    let page = c.get("/ledger").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.texts("tbody tr").len(), 3);
    let by_index = c.get("/ledger?q=2").await;
    assert!(by_index.has("a[href='/ledger/entries/2']"));
    let hex = pactum::util::hex_encode(&mem.levels[0][0]);
    let by_hash = c.get(&format!("/ledger?q={hex}")).await;
    assert!(by_hash.has("section a[href='/ledger/entries/0']"));
    let none = c.get("/ledger?q=999").await;
    assert!(none.has("p[role=status]"));
}

/// The explorer's entries as open data: newest first with its search, paged by
/// cursor with the caps named, the licence, absolute links, the next page in a `Link`
/// header (CSV) or `next_url` (JSON), and whether the signed checkpoint covers each.
#[actix_web::test]
async fn the_explorers_entries_are_open_data_with_its_search_and_pages() {
    let app = TestApp::new();
    fill(&app, 5);
    {
        // One entry more, after the signed checkpoint.
        let mut conn = app.state.db.get().unwrap();
        in_tx(&mut conn, |cx| {
            store::append(cx, &Entry::new("test.event").with("n", 5))
        })
        .unwrap();
    }
    let mut c = client!(app);
    let licence = "<https://creativecommons.org/licenses/by/4.0/>; rel=\"license\"";
    let base = app.base();
    let indexes = |v: &serde_json::Value| -> Vec<u64> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["index"].as_u64().unwrap())
            .collect()
    };

    let page = c.get("/ledger.json").await;
    assert_eq!(page.status, StatusCode::OK);
    let links = page.links();
    assert!(links.iter().any(|l| l == licence), "{links:?}");
    let v: serde_json::Value = serde_json::from_str(&page.body).unwrap();
    assert_eq!(v["license"]["id"], "CC-BY-4.0");
    assert_eq!(indexes(&v), [5, 4, 3, 2, 1, 0]);
    assert_eq!(v["items"][0]["in_checkpoint"], false);
    assert_eq!(v["items"][1]["in_checkpoint"], true);
    assert_eq!(v["items"][0]["kind"], "test.event");
    assert_eq!(v["items"][0]["url"], format!("{base}/ledger/entries/5"));
    assert!(v["next"].is_null());
    let leaf2 = {
        let mut conn = app.state.db.get().unwrap();
        store::entry(&mut conn, 2).unwrap().unwrap().leaf_hash
    };
    assert_eq!(
        v["items"][3]["leaf_hash_hex"],
        pactum::util::hex_encode(&leaf2)
    );

    // Pages by cursor.
    let v: serde_json::Value =
        serde_json::from_str(&c.get("/ledger.json?limit=2").await.body).unwrap();
    assert_eq!(indexes(&v), [5, 4]);
    assert_eq!(v["next"], 4);
    assert_eq!(
        v["next_url"],
        format!("{base}/ledger.json?cursor=4&limit=2")
    );
    let v: serde_json::Value =
        serde_json::from_str(&c.get("/ledger.json?cursor=4&limit=2").await.body).unwrap();
    assert_eq!(indexes(&v), [3, 2]);

    // The page's search: an index, a leaf hash, or nothing found.
    let hex = pactum::util::hex_encode(&leaf2);
    for (q, found) in [
        ("3", vec![3]),
        (hex.as_str(), vec![2]),
        ("nonsense", vec![]),
    ] {
        let v: serde_json::Value =
            serde_json::from_str(&c.get(&format!("/ledger.json?q={q}")).await.body).unwrap();
        assert_eq!(indexes(&v), found, "{q}");
    }

    // CSV: the same, its next page in a Link header.
    let page = c.get("/ledger.csv?limit=2").await;
    assert_eq!(page.status, StatusCode::OK);
    let links = page.links();
    assert!(links.iter().any(|l| l == licence), "{links:?}");
    assert!(
        links.contains(&format!(
            "<{base}/ledger.csv?cursor=4&limit=2>; rel=\"next\""
        )),
        "{links:?}"
    );
    let mut r =
        csv::ReaderBuilder::new().from_reader(page.body.trim_start_matches('\u{FEFF}').as_bytes());
    let lines: Vec<Vec<String>> = r
        .records()
        .map(|x| x.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0][0], "5");
    assert_eq!(lines[0][2], "test.event");
    assert_eq!(lines[0][7], format!("{base}/ledger/entries/5"));

    for bad in [
        "/ledger.json?limit=101",
        "/ledger.json?limit=0",
        "/ledger.csv?limit=1001",
        "/ledger.csv?cursor=-1",
    ] {
        assert_eq!(c.get(bad).await.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    assert!(c.get("/ledger").await.has("a[href='/ledger.csv']"));
    assert!(c.get("/ledger?q=3").await.has("a[href='/ledger.json?q=3']"));
}
