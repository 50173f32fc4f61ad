//! Importing what exists (issue 16, item 1): the demo's own exports imported into an
//! empty database reproduce the registry; one bad row refuses the whole file naming
//! its line and column; importing again updates; GeoJSON commons; a scanned PDF's
//! SHA-256 on the ledger as `pact.imported`; the admin page's dry run and
//! confirmation; the command line's dry run, refusals and size cap.

use std::collections::{BTreeMap, BTreeSet};

use actix_web::http::StatusCode;
use diesel::prelude::*;
use pactum::accounts::Role;
use pactum::imports::{self, Refused, Scans, What};

use crate::cli::run_on;
use crate::client;
use crate::support::{TestApp, test_database};

/// A CSV document's records as maps from column to value (the byte-order mark and
/// the defusing apostrophe left as the file has them).
fn records(csv: &str) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_reader(csv.trim_start_matches('\u{FEFF}').as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

/// The demo city's districts, copied into another database.
fn copy_districts(from: &TestApp, to: &TestApp) {
    use pactum::db::schema::districts;
    // Parents come before their children in id order (the demo adds them so).
    let rows: Vec<(i64, String, String, String, Option<i64>, String)> = districts::table
        .order(districts::id.asc())
        .select((
            districts::id,
            districts::slug,
            districts::name,
            districts::geometry,
            districts::parent_id,
            districts::level_name,
        ))
        .load(&mut *from.state.db.get().unwrap())
        .unwrap();
    let mut conn = to.state.db.get().unwrap();
    let mut ids = BTreeMap::new();
    for (id, slug, name, geometry, parent, level) in rows {
        let shape = pactum::commons::model::shape::DistrictShape::from_geojson(&geometry).unwrap();
        let parent = parent.map(|p| ids[&p]);
        let new = pactum::commons::districts::insert_under(
            &mut conn, &slug, &name, &shape, parent, &level,
        )
        .unwrap();
        ids.insert(id, new);
    }
}

/// Imports `text` as `what` (no PDFs), as the command line would: refused rows
/// panic with the report.
fn import(app: &TestApp, what: What, text: &str) -> imports::Counts {
    let mut conn = app.state.db.get().unwrap();
    let checked = imports::check(&mut conn, what, text, None)
        .unwrap_or_else(|e| panic!("{}", imports::describe(std::path::Path::new("file"), &e)));
    imports::save(&mut conn, &checked, None, &|_| {}).unwrap()
}

/// The rows of an export that must survive a round trip, keyed and sorted so that
/// new ids and links do not matter.
fn registry(commons_csv: &str, pacts_csv: &str) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let commons: Vec<BTreeMap<String, String>> = records(commons_csv);
    let names: BTreeMap<String, String> = commons
        .iter()
        .map(|c| (c["url"].clone(), c["name"].clone()))
        .collect();
    let mut c: Vec<Vec<String>> = commons
        .iter()
        .map(|r| {
            [
                "name",
                "category",
                "status",
                "kind",
                "district",
                "lat",
                "lng",
                "address",
                "owner",
                "description",
                "why",
                "recognised_on",
                "pacts",
                "asset_code",
                "condition",
                "restrictions",
                "provisioning",
            ]
            .iter()
            .map(|k| r[*k].clone())
            .collect()
        })
        .collect();
    c.sort();
    let mut p: Vec<Vec<String>> = records(pacts_csv)
        .iter()
        .map(|r| {
            let mut v: Vec<String> = [
                "titolo",
                "quartiere",
                "indirizzo",
                "lat",
                "lng",
                "stato",
                "data_presentazione",
                "data_sottoscrizione",
                "data_scadenza",
                "temi",
                "zona_di_prossimita",
                "geopoint",
                "Ambiti",
                "descrizione",
                "data_inizio_patto",
                "data_fine_patto",
                "state",
                "type",
            ]
            .iter()
            .map(|k| r[*k].clone())
            .collect();
            // Its commons by name (their addresses change with the database).
            let linked: BTreeSet<String> = r["commons"]
                .split("; ")
                .filter(|u| !u.is_empty())
                .map(|u| names.get(u).cloned().unwrap_or_else(|| format!("? {u}")))
                .collect();
            v.push(linked.into_iter().collect::<Vec<_>>().join(" | "));
            v
        })
        .collect();
    p.sort();
    (c, p)
}

#[actix_web::test]
async fn importing_the_demos_own_exports_into_an_empty_database_reproduces_the_registry() {
    let demo = TestApp::new();
    assert!(
        pactum::demo::load(
            &mut demo.state.db.get().unwrap(),
            pactum::config::HashCost::Fast
        )
        .unwrap()
    );
    let mut public = client!(demo);
    let commons_csv = public.get("/commons.csv").await.body;
    let pacts_csv = public.get("/pacts.csv").await.body;
    let before = registry(&commons_csv, &pacts_csv);
    assert!(before.0.len() >= 10, "{} commons", before.0.len());
    assert!(before.1.len() >= 10, "{} pacts", before.1.len());
    assert!(
        before.0.iter().any(|c| c[12] != "0"),
        "some commons have public pacts"
    );
    assert!(
        before.0.iter().any(|c| c[16].contains("; ")),
        "some commons serve several sectors"
    );

    let empty = TestApp::new();
    copy_districts(&demo, &empty);
    let c = import(&empty, What::Commons, &commons_csv);
    assert_eq!((c.created, c.updated), (before.0.len(), 0));
    let p = import(&empty, What::Pacts, &pacts_csv);
    assert_eq!((p.created, p.updated), (before.1.len(), 0));

    let mut public = client!(empty);
    let after = registry(
        &public.get("/commons.csv").await.body,
        &public.get("/pacts.csv").await.body,
    );
    assert_eq!(after.0, before.0, "the commons");
    assert_eq!(after.1, before.1, "the pacts");

    // Importing the same exports again changes nothing and adds nothing.
    let again = import(&empty, What::Commons, &commons_csv);
    assert_eq!((again.created, again.updated), (0, before.0.len()));
    let again = import(&empty, What::Pacts, &pacts_csv);
    assert_eq!((again.created, again.updated), (0, before.1.len()));
    assert_eq!(empty.count("commons"), before.0.len() as i64);
    assert_eq!(
        registry(
            &public.get("/commons.csv").await.body,
            &public.get("/pacts.csv").await.body
        ),
        before
    );

    // An imported pact says where it comes from and who signed it, apart from pacts
    // signed in Pactum.
    let path = |u: &str| url::Url::parse(u).unwrap().path().to_string();
    let original = records(&pacts_csv)
        .into_iter()
        .find(|r| r["state"] == "signed" && !r["data_sottoscrizione"].is_empty())
        .expect("a signed pact");
    let imported = records(&public.get("/pacts.csv").await.body)
        .into_iter()
        .find(|r| r["titolo"] == original["titolo"])
        .unwrap();
    let page = public.get(&path(&imported["url"])).await;
    assert_eq!(page.status, StatusCode::OK);
    let note = page.texts("#imported").join(" ");
    assert!(
        note.contains("Imported from the city's earlier registry; signed outside Pactum on")
            && note.contains(&original["proponente"])
            && note.contains(&original["Rappresentante"]),
        "{note}"
    );
    let mut demo_client = client!(demo);
    let page = demo_client.get(&path(&original["url"])).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.has("#imported"), "a pact signed in Pactum");
}

const HEADER: &str = "external_id,name,category,status,district,lat,lng,address\n";

#[actix_web::test]
async fn one_bad_row_refuses_the_whole_file_and_reimport_updates() {
    let app = TestApp::new();
    let mut conn = app.state.db.get().unwrap();
    let shape = pactum::commons::model::shape::DistrictShape::from_geojson(
        r#"{"type":"Polygon","coordinates":[[[11.0,44.0],[11.5,44.0],[11.5,44.5],[11.0,44.5],[11.0,44.0]]]}"#,
    )
    .unwrap();
    pactum::commons::districts::insert(&mut conn, "navile", "Navile", &shape).unwrap();
    let mut text = String::from(HEADER);
    for i in 1..=20 {
        text.push_str(&format!(
            "A-{i},Garden {i},green_area,recognised,Navile,44.{i:02},11.2,Via Roma {i}\n"
        ));
    }
    // Line 14 is the 13th row.
    let bad = text.replace(
        "A-13,Garden 13,green_area,recognised,Navile,44.13,",
        "A-13,Garden 13,green_area,recognised,Navile,north,",
    );
    match imports::check(&mut conn, What::Commons, &bad, None) {
        Err(Refused::Rows(rows)) => assert_eq!(
            rows.iter().map(ToString::to_string).collect::<Vec<_>>(),
            vec!["line 14, column `lat`: not a number"]
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(app.count("commons"), 0, "nothing saved");

    let done = import(&app, What::Commons, &text);
    assert_eq!((done.created, done.updated), (20, 0));
    let renamed = text.replace("A-7,Garden 7,", "A-7,Garden seven,");
    let done = import(&app, What::Commons, &renamed);
    assert_eq!((done.created, done.updated), (0, 20));
    assert_eq!(app.count("commons"), 20);
    use pactum::db::schema::{commons, commons_events};
    let names: Vec<String> = commons::table
        .filter(commons::external_id.eq("A-7"))
        .select(commons::name)
        .load(&mut conn)
        .unwrap();
    assert_eq!(names, vec!["Garden seven".to_string()]);
    let district: Option<i64> = commons::table
        .filter(commons::external_id.eq("A-7"))
        .select(commons::district_id)
        .first(&mut conn)
        .unwrap();
    assert!(district.is_some());
    // Its history says it was imported (twice), by the command line (no person).
    let events: Vec<(String, Option<i64>)> = commons_events::table
        .inner_join(commons::table.on(commons::id.eq(commons_events::commons_id)))
        .filter(commons::external_id.eq("A-7"))
        .select((commons_events::kind, commons_events::actor_id))
        .load(&mut conn)
        .unwrap();
    assert_eq!(
        events,
        vec![
            ("imported".to_string(), None),
            ("imported".to_string(), None)
        ]
    );
    // A recognised commons is public, with the history line on its page.
    let id: i64 = commons::table
        .filter(commons::external_id.eq("A-7"))
        .select(commons::id)
        .first(&mut conn)
        .unwrap();
    let mut c = client!(app);
    let page = c.get(&format!("/commons/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let history = page.texts("ol.history li");
    assert_eq!(
        history
            .iter()
            .filter(|l| l.contains("Imported from the city's earlier registry"))
            .count(),
        2,
        "{history:?}"
    );
}

#[test]
fn geojson_commons_are_imported_with_points_and_sites() {
    let app = TestApp::new();
    let gj = r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","geometry":{"type":"Point","coordinates":[11.3,44.5]},
         "properties":{"url":"https://old.example/commons/1","name":"Orto","category":"food","status":"proposed","owner":"Il Comune"}},
        {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[11.0,44.0],[11.002,44.0],[11.002,44.002],[11.0,44.002],[11.0,44.0]]]},
         "properties":{"url":"https://old.example/commons/2","name":"Parco","categoria":"Area verde","stato":"Riconosciuto","recognised_on":"12/05/2018"}}
    ]}"#;
    let done = import(&app, What::Commons, gj);
    assert_eq!(done.created, 2);
    use pactum::db::schema::commons;
    type Row = (
        String,
        String,
        String,
        bool,
        Option<String>,
        f64,
        Option<chrono::NaiveDateTime>,
    );
    let rows: Vec<Row> = commons::table
        .order(commons::id.asc())
        .select((
            commons::name,
            commons::category,
            commons::status,
            commons::listed,
            commons::site,
            commons::lat,
            commons::recognised_at,
        ))
        .load(&mut *app.state.db.get().unwrap())
        .unwrap();
    assert_eq!(rows[0].2, "proposed");
    assert!(!rows[0].3 && rows[0].4.is_none() && rows[0].5 == 44.5);
    assert_eq!(
        (rows[1].1.as_str(), rows[1].2.as_str()),
        ("green_area", "recognised")
    );
    assert!(rows[1].3 && rows[1].4.as_deref().is_some_and(|s| s.contains("Polygon")));
    assert!((rows[1].5 - 44.001).abs() < 1e-9);
    assert_eq!(
        rows[1].6.map(|t| t.date().to_string()),
        Some("2018-05-12".to_string())
    );
}

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

#[actix_web::test]
async fn an_imported_pact_with_a_scan_puts_its_sha256_on_the_ledger() {
    let app = TestApp::new();
    import(
        &app,
        What::Commons,
        "id,name,category,lat,lng\nC1,Giardino Lunetta,green_area,44.5,11.3\n",
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("scans")).unwrap();
    std::fs::write(dir.path().join("scans/patto-12.pdf"), PDF).unwrap();
    let csv = "id,titolo,proponente,Rappresentante,stato,data_sottoscrizione,data_inizio_patto,data_fine_patto,commons,pdf\n\
               12,Cura del giardino,Amici della Lunetta,Ada Rossi,Patto stipulato,2019-05-02,2019-05-03,2021-05-01,Giardino Lunetta,scans/patto-12.pdf\n";
    let mut conn = app.state.db.get().unwrap();
    let scans = Scans {
        dir: dir.path(),
        store_in: Some(&app.state.config.data_dir),
    };
    let checked = imports::check(&mut conn, What::Pacts, csv, Some(scans)).unwrap();
    let done = imports::save(&mut conn, &checked, None, &|_| {}).unwrap();
    assert_eq!((done.created, done.pdfs), (1, 1));
    let size = pactum::ledger::store::size(&mut conn).unwrap();
    let entry = pactum::ledger::store::entry(&mut conn, size - 1)
        .unwrap()
        .unwrap();
    assert_eq!(entry.kind, "pact.imported");
    let body: serde_json::Value = serde_json::from_str(&entry.body).unwrap();
    assert_eq!(body["pdf_sha256"], pactum::util::sha256_hex(PDF));
    assert_eq!(body["state"], "signed");
    assert_eq!(body["signed_on"], "2019-05-02");
    assert_eq!(body["role"], "system");
    assert!(!entry.body.contains("Ada") && !entry.body.contains("Lunetta"));
    // Again with the same scan: no second entry.
    let checked = imports::check(&mut conn, What::Pacts, csv, Some(scans)).unwrap();
    let again = imports::save(&mut conn, &checked, None, &|_| {}).unwrap();
    assert_eq!((again.updated, again.pdfs), (1, 0));
    assert_eq!(pactum::ledger::store::size(&mut conn).unwrap(), size);
    drop(conn);

    let pact: i64 = pactum::db::schema::pact_imports::table
        .select(pactum::db::schema::pact_imports::pact_id)
        .first(&mut *app.state.db.get().unwrap())
        .unwrap();
    let mut c = client!(app);
    let page = c.get(&format!("/pacts/{pact}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let note = page.texts("#imported").join(" ");
    assert!(
        note.contains("Imported from the city's earlier registry; signed outside Pactum on")
            && note.contains("2019")
            && note.contains("by Amici della Lunetta; Ada Rossi"),
        "{note}"
    );
    assert!(page.has(&format!("#imported a[href='/ledger/entries/{}']", size - 1)));
    // The scan is served like other files of the pact.
    let file = c
        .get(&format!(
            "/pacts/{pact}/files/{}.pdf",
            pactum::util::sha256_hex(PDF)
        ))
        .await;
    assert_eq!(file.status, StatusCode::OK);
    // The commons was linked by its name.
    assert!(
        page.texts("a[href^='/commons/']")
            .iter()
            .any(|t| t == "Giardino Lunetta")
    );
}

#[actix_web::test]
async fn the_admin_page_checks_then_imports_and_only_admins_reach_it() {
    let app = TestApp::new();
    app.user("admin@example.org", "Ada Admin", &[Role::Admin]);
    app.user("citizen@example.org", "Carla", &[]);
    let mut citizen = client!(app);
    citizen.sign_in("citizen@example.org").await;
    assert_eq!(
        citizen.get("/admin/import").await.status,
        StatusCode::FORBIDDEN
    );
    let file = (
        "file",
        "commons.csv",
        &b"id,name,category,lat,lng\n1,Orto,food,44.5,11.3\n"[..],
    );
    let refused = citizen
        .post_multipart("/admin/import", &[("what", "commons")], file)
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let mut admin = client!(app);
    admin.sign_in("admin@example.org").await;
    let index = admin.get("/admin").await;
    assert!(index.has("a[href='/admin/import']"));
    let form = admin.get("/admin/import").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.has("input[type=file]#file") && form.has("label[for=file]"));

    // A bad row: every problem by line and column, nothing saved, no confirmation.
    let bad = admin
        .post_multipart(
            "/admin/import",
            &[("what", "commons")],
            (
                "file",
                "c.csv",
                b"id,name,category,lat,lng\n1,Orto,food,44.5,11.3\n2,Parco,lake,x,11.3\n",
            ),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let cells = bad.texts(".import-report tbody td");
    assert_eq!(
        cells,
        vec![
            "3",
            "category",
            "unknown value \"lake\" (green_area, square_street, building, school_space, wall_art, digital_service, cultural, food, energy, mobility, care)",
            "3",
            "lat",
            "not a number",
        ]
    );
    assert!(!bad.has("form[action='/admin/import/confirm']"));
    assert_eq!(app.count("commons"), 0);

    // Nothing chosen: the form's error summary.
    let empty = admin
        .post_multipart("/admin/import", &[], ("file", "c.csv", b""))
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        empty.has(".error-summary a[href='#what']") && empty.has(".error-summary a[href='#file']")
    );

    // A correct file: the dry run, then the import.
    let ok = admin
        .post_multipart("/admin/import", &[("what", "commons")], file)
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert!(ok.texts("#report li").contains(&"New: 1".to_string()));
    assert_eq!(app.count("commons"), 0, "a dry run saves nothing");
    let token = ok.attr("input[name=token]", "value").unwrap();
    let done = admin
        .post(
            "/admin/import/confirm",
            &[("what", "commons"), ("token", &token)],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.body.contains("Imported: 1 new, 0 updated."));
    assert_eq!(app.count("commons"), 1);
    // The confirmation is used once; a forged token is refused.
    let again = admin
        .post(
            "/admin/import/confirm",
            &[("what", "commons"), ("token", &token)],
        )
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    let forged = admin
        .post(
            "/admin/import/confirm",
            &[("what", "commons"), ("token", "../../etc/passwd")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::BAD_REQUEST);
    assert_eq!(app.count("commons"), 1);
    // The history names the administrator.
    use pactum::db::schema::commons_events;
    let actor: Option<i64> = commons_events::table
        .select(commons_events::actor_id)
        .first(&mut *app.state.db.get().unwrap())
        .unwrap();
    assert!(actor.is_some());
    // Without the CSRF token the confirmation is refused.
    let no_token = admin
        .post_raw(
            "/admin/import/confirm",
            &[("what", "commons"), ("token", &token)],
        )
        .await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);
}

#[test]
fn the_command_line_checks_imports_and_refuses_files_over_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    let db = test_database(dir.path());
    let run = |args: &[&str]| run_on(dir.path(), &db, args);
    let file = dir.path().join("commons.csv");
    std::fs::write(
        &file,
        "id,name,category,lat,lng\n1,Orto,food,44.5,11.3\n2,Parco,green_area,44.6,11.3\n",
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let (code, out, err) = run(&["import", "commons", f, "--dry-run"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("2 rows would create 2 commons and update 0"),
        "{out}"
    );
    assert!(out.contains("nothing was saved"), "{out}");
    // Standard error is not a terminal here: no progress bar is drawn.
    assert!(!err.contains("importing"), "{err}");
    let (code, out, err) = run(&["import", "commons", f]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("imported 2 commons") && out.contains("2 new, 0 updated"),
        "{out}"
    );
    let (_, out, _) = run(&["import", "commons", f]);
    assert!(out.contains("0 new, 2 updated"), "{out}");

    let bad = dir.path().join("pacts.csv");
    std::fs::write(&bad, "id,titolo,stato\n1,Patto,Patto stipulato\n2,,Bozza\n").unwrap();
    let (code, out, err) = run(&["import", "pacts", bad.to_str().unwrap()]);
    assert_ne!(code, Some(0), "{out}");
    assert!(
        err.contains("nothing was saved")
            && err.contains("line 3, column `titolo`: empty, but required")
            && err.contains("line 3, column `stato`: unknown value \"Bozza\""),
        "{err}"
    );

    // Over 50 MB: refused before anything is read.
    let big = dir.path().join("big.csv");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(51 * 1024 * 1024)
        .unwrap();
    let (code, _, err) = run(&["import", "commons", big.to_str().unwrap()]);
    assert_ne!(code, Some(0));
    assert!(
        err.contains("the file is 51 MB; the limit is 50 MB"),
        "{err}"
    );
}
