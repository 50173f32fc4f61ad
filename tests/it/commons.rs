//! The commons registry as its users meet it: a citizen proposes, an official
//! recognises, and the commons shows up on the map data, in search, in the open data
//! and on the civic ledger; bad input is refused field by field and nothing is saved.

use actix_web::http::StatusCode;
use pactum::commons::search_sync;
use pactum::web::i18n::{Lang, catalog};

use crate::builders::{CommonsBuilder, DistrictBuilder, GroupBuilder, UserBuilder};
use crate::client;
use crate::support::TestApp;

fn t(key: &str) -> String {
    catalog().t(Lang::En, key)
}

fn setup() -> (TestApp, i64, i64) {
    let app = TestApp::new();
    DistrictBuilder::new("navile", "Navile").build(&app);
    let citizen = UserBuilder::new("chiara")
        .named("Chiara Romano")
        .build(&app);
    let official = UserBuilder::new("marco")
        .named("Marco Bianchi")
        .official()
        .build(&app);
    (app, citizen, official)
}

fn form<'a>(name: &'a str, lat: &'a str, lng: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name", name),
        (
            "description",
            "A courtyard with raised beds, opened to the neighbourhood every afternoon.",
        ),
        ("kind", "tangible"),
        ("category", "green_area"),
        ("provisioning", "food"),
        ("provisioning", "care"),
        ("lat", lat),
        ("lng", lng),
        ("address", "Via del Pratello, 12"),
        ("owner", "city"),
        (
            "why",
            "Neighbours grow vegetables here together and share the harvest.",
        ),
        ("rules", "Water in the evening\nShare the tools"),
        ("licence", "CC BY-SA 4.0"),
    ]
}

/// A commons of these tests' shape, proposed by `proposer`, not yet decided.
fn place<'a>(
    app: &'a TestApp,
    proposer: i64,
    name: &str,
    category: &str,
    lat: f64,
) -> CommonsBuilder<'a> {
    CommonsBuilder::new(app)
        .named(name)
        .described(&format!("{name}: a place the neighbourhood looks after."))
        .category(category)
        .provisioning(&["care"])
        .at(lat, 11.33)
        .proposed_by(proposer)
}

fn sync_search(app: &TestApp) {
    let mut conn = app.state.db.get().unwrap();
    let r = search_sync::sync_due(&mut conn, app.state.search.as_ref(), 1000).unwrap();
    assert_eq!(r.failed, 0);
}

#[actix_web::test]
async fn a_citizen_proposes_an_official_recognises_and_it_is_everywhere() {
    let (app, _citizen, _official) = setup();
    let mut citizen = client!(app);
    citizen.sign_in("chiara@example.org").await;
    let page = citizen.get("/commons/new").await;
    assert_eq!(page.status, StatusCode::OK);
    for field in ["name", "description", "lat", "lng", "site", "why", "rules"] {
        assert!(
            page.has(&format!("label[for={field}]")),
            "label for {field}"
        );
    }
    let p = citizen
        .post(
            "/commons/new",
            &form("Giardino del Pratello", "44,4951", "11.3301"),
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let url = p.location();
    let id: i64 = url.trim_start_matches("/commons/").parse().unwrap();
    let mine = citizen.get(&url).await;
    assert_eq!(mine.status, StatusCode::OK);
    assert!(mine.body.contains(&t("status-proposed")));
    assert!(mine.body.contains("Navile"), "district by point-in-polygon");

    // Not public yet: a stranger gets 404, open data and search do not show it.
    let mut public = client!(app);
    assert_eq!(public.get(&url).await.status, StatusCode::NOT_FOUND);
    assert!(
        !public
            .get("/commons.geojson")
            .await
            .body
            .contains("Pratello")
    );

    // The official finds it in the queue and recognises it.
    let mut official = client!(app);
    official.sign_in("marco@example.org").await;
    let queue = official.get("/official/commons").await;
    assert!(
        queue.body.contains("Giardino del Pratello"),
        "{}",
        queue.body
    );
    let ledger_before = app.count("ledger_entries");
    official.get(&url).await;
    let d = official
        .post(
            &format!("/commons/{id}/decision"),
            &[("decision", "recognise"), ("reasons", "")],
        )
        .await;
    assert_eq!(d.status, StatusCode::SEE_OTHER, "{}", d.body);
    assert_eq!(app.count("ledger_entries"), ledger_before + 1);
    let entry = {
        let mut conn = app.state.db.get().unwrap();
        let n = pactum::ledger::store::size(&mut conn).unwrap();
        pactum::ledger::store::entry(&mut conn, n - 1)
            .unwrap()
            .unwrap()
    };
    assert!(
        entry.body.contains("\"kind\":\"commons.recognised\""),
        "{}",
        entry.body
    );
    assert!(entry.body.contains(&format!("\"commons\":{id}")));
    assert!(
        !entry.body.contains("Chiara") && !entry.body.contains("Pratello"),
        "no personal data or free text on the ledger: {}",
        entry.body
    );

    // Public now: page, list, map data, CSV, API.
    let shown = public.get(&url).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(
        shown
            .body
            .contains(&format!("/ledger/entries/{}", ledger_before))
    );
    let list = public.get("/commons").await;
    assert!(list.body.contains("Giardino del Pratello"));
    let gj = public.get("/commons.geojson").await;
    assert_eq!(
        gj.headers.get("content-type").unwrap(),
        "application/geo+json"
    );
    let v: serde_json::Value = serde_json::from_str(&gj.body).unwrap();
    assert_eq!(v["type"], "FeatureCollection");
    let f = &v["features"][0];
    assert_eq!(f["properties"]["id"], id);
    assert_eq!(f["properties"]["name"], "Giardino del Pratello");
    assert_eq!(f["properties"]["category"], "green_area");
    assert_eq!(f["properties"]["status"], "recognised");
    assert_eq!(f["properties"]["district"], "navile");
    assert_eq!(f["geometry"]["coordinates"][0], 11.3301);
    assert_eq!(f["geometry"]["coordinates"][1], 44.4951);
    let csv = public.get("/commons.csv").await;
    assert!(csv.body.starts_with('\u{FEFF}'));
    assert!(
        csv.body
            .contains(&format!("{id},Giardino del Pratello,green_area,recognised"))
    );
    let api = public.get("/api/v1/commons").await;
    let v: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(v["items"][0]["id"], id);
    assert_eq!(v["items"][0]["lat"], 44.4951);
    assert_eq!(v["items"][0]["lng"], 11.3301);
    assert_eq!(v["items"][0]["district"], "navile");
    assert!(v["next"].is_null());

    // Search, once the outbox is delivered: Italian plural finds the singular.
    sync_search(&app);
    let s = public.get("/search?q=giardini").await;
    assert_eq!(s.status, StatusCode::OK);
    assert!(s.body.contains("<mark>Giardino</mark>"), "{}", s.body);
    let api = public.get("/api/v1/commons?q=pratelo").await;
    let v: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(v["items"][0]["id"], id, "typo tolerance: {}", api.body);

    // The map page has the data URL and the same commons as a list.
    let map = public.get("/commons/map?category=green_area").await;
    assert_eq!(
        map.attr("#commons-map", "data-geojson-url").as_deref(),
        Some("/commons.geojson?category=green_area")
    );
    assert!(map.body.contains("Giardino del Pratello"));
    assert!(!map.body.contains("<script>"), "no inline script");
}

#[actix_web::test]
async fn bad_input_is_refused_next_to_each_field_and_nothing_is_saved() {
    let (app, _, _) = setup();
    let mut c = client!(app);
    c.sign_in("chiara@example.org").await;
    let mut fields = form("", "95", "11.33");
    fields.push((
        "site",
        r#"{"type":"Polygon","coordinates":[[[11,44],[12,44],[12,45]]]}"#,
    ));
    let p = c.post("/commons/new", &fields).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    let summary = p.texts(".error-summary li");
    assert!(
        summary.contains(&t("field-commons-name-required")),
        "{summary:?}"
    );
    assert!(summary.contains(&t("field-location-outside-world")));
    assert!(p.has("#lat-error") && p.has("#name-error"));
    // Typed values come back, so nothing typed is lost.
    assert_eq!(p.attr("#lat", "value").as_deref(), Some("95"));
    assert!(p.body.contains("Via del Pratello"));

    let mut fields = form("Orto", "44.49", "11.33");
    fields.push(("site", "{not json"));
    let p = c.post("/commons/new", &fields).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.texts("#site-error")[0].contains(&t("field-site-not-geojson")));

    let mut fields = form("Orto", "44.49", "11.33");
    fields.push((
        "site",
        r#"{"type":"Polygon","coordinates":[[[11,44],[12,44],[12,45]]]}"#,
    ));
    let p = c.post("/commons/new", &fields).await;
    assert!(p.texts("#site-error")[0].contains(&t("field-site-ring")));

    let mut fields = form("Orto", "44.49", "11.33");
    fields.push((
        "site",
        r#"{"type":"Polygon","coordinates":[[[12.0,45.0],[12.01,45.0],[12.01,45.01],[12.0,45.0]]]}"#,
    ));
    let p = c.post("/commons/new", &fields).await;
    assert!(p.texts("#site-error")[0].contains(&t("field-site-far")));

    let mut fields = form("Orto", "44.49", "11.33");
    fields[5] = ("provisioning", "money");
    let p = c.post("/commons/new", &fields).await;
    assert!(p.has("#provisioning .error-message"));

    assert_eq!(app.count("commons"), 0);
    assert_eq!(app.count("commons_events"), 0);

    // A valid site is kept, normalised.
    let mut fields = form("Orto", "44.49", "11.33");
    fields.push((
        "site",
        r#"{"type":"Polygon","coordinates":[[[11.329,44.489],[11.331,44.489],[11.331,44.491],[11.329,44.489]]]}"#,
    ));
    let p = c.post("/commons/new", &fields).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let gj = c.get(&format!("{}.geojson", p.location())).await;
    let v: serde_json::Value = serde_json::from_str(&gj.body).unwrap();
    assert_eq!(v["features"][1]["geometry"]["type"], "MultiPolygon");
}

#[actix_web::test]
async fn who_may_do_what() {
    let (app, citizen, _) = setup();
    let unverified = {
        let mut c = client!(app);
        c.post(
            "/register",
            &[
                ("name", "New Person"),
                ("email", "new@example.org"),
                ("password", crate::support::PASSWORD),
                ("password_confirm", crate::support::PASSWORD),
            ],
        )
        .await;
        c.sign_in("new@example.org").await;
        c.get("/commons/new").await.status
    };
    assert_eq!(unverified, StatusCode::FORBIDDEN);

    let id = place(&app, citizen, "Cortile", "building", 44.49).build();
    let mut c = client!(app);
    c.sign_in("chiara@example.org").await;
    c.get(&format!("/commons/{id}")).await;
    let p = c
        .post(
            &format!("/commons/{id}/decision"),
            &[("decision", "recognise")],
        )
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);

    // Proposing for a group one is not in is refused on the field.
    let other = UserBuilder::new("other").build(&app);
    let gid = GroupBuilder::new("Others", other)
        .kind("association")
        .build(&app)
        .to_string();
    let mut fields = form("Orto", "44.49", "11.33");
    fields.push(("group", &gid));
    let p = c.post("/commons/new", &fields).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.has("#group-error") || p.body.contains(&t("field-commons-group-invalid")));
    assert_eq!(app.count("commons"), 1);

    // Declining needs reasons; a declined commons stays private, with its reasons.
    let mut o = client!(app);
    o.sign_in("marco@example.org").await;
    o.get(&format!("/commons/{id}")).await;
    let p = o
        .post(
            &format!("/commons/{id}/decision"),
            &[("decision", "decline"), ("reasons", "no")],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.has("#reasons-error"));
    let p = o
        .post(
            &format!("/commons/{id}/decision"),
            &[
                ("decision", "decline"),
                ("reasons", "The courtyard belongs to a school under repair."),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    let mine = c.get(&format!("/commons/{id}")).await;
    assert!(mine.body.contains("under repair"));
    let mut anon = client!(app);
    assert_eq!(
        anon.get(&format!("/commons/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    // A decision that no longer applies is a conflict, not a second change.
    let p = o
        .post(
            &format!("/commons/{id}/decision"),
            &[("decision", "recognise")],
        )
        .await;
    assert_eq!(p.status, StatusCode::CONFLICT);
}

#[actix_web::test]
async fn lists_filter_and_page_by_keyset_and_near_sorts_by_distance() {
    let (app, citizen, official) = setup();
    for i in 0..30 {
        let cat = if i % 3 == 0 { "building" } else { "green_area" };
        place(
            &app,
            citizen,
            &format!("Commons {i:02}"),
            cat,
            44.49 + f64::from(i) * 0.0001,
        )
        .recognised_by(official)
        .build();
    }
    place(&app, citizen, "Waiting", "building", 44.49).build();
    let mut c = client!(app);
    let p1 = c.get("/commons").await;
    assert_eq!(p1.texts(".commons-item h3").len(), 25);
    assert_eq!(
        p1.texts(".commons-item h3")[0],
        "Commons 29",
        "newest first"
    );
    let next = p1.attr("a[rel=next]", "href").unwrap();
    let p2 = c.get(&next).await;
    let names = p2.texts(".commons-item h3");
    assert_eq!(names.len(), 5);
    assert_eq!(names.last().map(String::as_str), Some("Commons 00"));
    assert!(!p2.has("a[rel=next]"));
    assert!(!p1.body.contains("Waiting") && !p2.body.contains("Waiting"));

    let b = c.get("/commons?category=building").await;
    assert_eq!(b.texts(".commons-item h3").len(), 10);
    let api = c.get("/api/v1/commons?category=building&limit=4").await;
    let v: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(v["items"].as_array().unwrap().len(), 4);
    let cursor = v["next"].as_str().unwrap().to_string();
    let api2 = c
        .get(&format!(
            "/api/v1/commons?category=building&limit=4&cursor={cursor}"
        ))
        .await;
    let v2: serde_json::Value = serde_json::from_str(&api2.body).unwrap();
    assert_ne!(v["items"][0]["id"], v2["items"][0]["id"]);
    assert_eq!(
        c.get("/api/v1/commons?category=castle").await.status,
        StatusCode::BAD_REQUEST
    );

    let near = c
        .get("/commons?near_lat=44.4929&near_lng=11.33&radius=150")
        .await;
    let names = near.texts(".commons-item h3");
    assert_eq!(names[0], "Commons 29", "{names:?}");
    assert!(names.len() < 30 && names.len() > 5, "{names:?}");
    let bad = c.get("/commons?near_lat=north&near_lng=11").await;
    assert!(bad.body.contains(&t("field-location-not-numbers")));

    let by_district = c
        .get("/commons.geojson?district=navile&status=recognised")
        .await;
    let v: serde_json::Value = serde_json::from_str(&by_district.body).unwrap();
    assert_eq!(v["features"].as_array().unwrap().len(), 30);
}

/// A small real JPEG with an Exif segment carrying a GPS marker after its SOI.
fn jpeg_with_gps() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(640, 480, image::Rgb([40, 160, 60]));
    let mut encoded = Vec::new();
    image::codecs::jpeg::JpegEncoder::new(&mut encoded)
        .encode_image(&img)
        .unwrap();
    let mut v = vec![0xFF, 0xD8];
    let exif = b"Exif\0\0MM\0*GPSLatitude44.49";
    v.extend_from_slice(&[0xFF, 0xE1]);
    v.extend_from_slice(&u16::try_from(exif.len() + 2).unwrap().to_be_bytes());
    v.extend_from_slice(exif);
    v.extend_from_slice(&encoded[2..]);
    v
}

#[actix_web::test]
async fn photos_are_checked_by_content_limited_in_size_and_stripped_of_location() {
    let (app, citizen, official) = setup();
    let id = place(&app, citizen, "Giardino", "green_area", 44.49)
        .recognised_by(official)
        .build();
    let mut c = client!(app);
    c.sign_in("chiara@example.org").await;
    let page = c.get(&format!("/commons/{id}")).await;
    assert!(page.has("input[type=file][name=photo]"));
    let url = format!("/commons/{id}/photos");

    let exe = c
        .post_multipart(
            &url,
            &[("alt_text", "A program")],
            ("photo", "photo.png", b"MZ\x90\x00\x03\x00\x00\x00"),
        )
        .await;
    assert_eq!(exe.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(exe.texts("#photo-error")[0].contains(&t("field-photo-not-image")));

    let renamed = c
        .post_multipart(
            &url,
            &[("alt_text", "Beds")],
            ("photo", "beds.exe", crate::builders::PNG),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(renamed.texts("#photo-error")[0].contains(&t("field-photo-name-not-image")));

    let huge = vec![0u8; 50 * 1024 * 1024];
    let big = c
        .post_multipart(&url, &[("alt_text", "Huge")], ("photo", "huge.jpg", &huge))
        .await;
    // Refused by its length before it is read; the page says the limit.
    assert_eq!(big.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(big.body.contains("10 MB"), "{}", big.body);
    assert_eq!(app.count("commons_photos"), 0);

    let ok = c
        .post_multipart(
            &url,
            &[("alt_text", "Neighbours at the raised beds")],
            ("photo", "beds.jpg", &jpeg_with_gps()),
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    assert_eq!(app.count("commons_photos"), 1);
    let page = c.get(&format!("/commons/{id}")).await;
    let src = page.attr(".photos a", "href").unwrap();
    assert_eq!(
        page.attr(".photos img", "alt").as_deref(),
        Some("Neighbours at the raised beds")
    );
    let mut anon = client!(app);
    let img = anon.get(&src).await;
    assert_eq!(img.status, StatusCode::OK);
    assert_eq!(img.headers.get("content-type").unwrap(), "image/jpeg");
    assert!(!img.body.contains("GPS") && !img.body.contains("Exif"));
    // Stored once under its content hash, with its two thumbnails.
    let stored = std::fs::read_dir(app.state.config.data_dir.join("files"))
        .unwrap()
        .flat_map(|d| std::fs::read_dir(d.unwrap().path()).unwrap())
        .count();
    assert_eq!(stored, 3);
    assert_eq!(
        anon.get("/files/../../etc/passwd").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        anon.get(&format!("/files/{}.jpg", "0".repeat(64)))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn reindex_rebuilds_search_from_the_database_and_filters_apply() {
    let (app, citizen, official) = setup();
    place(&app, citizen, "Biblioteca dei semi", "food", 44.49)
        .recognised_by(official)
        .build();
    place(&app, citizen, "Giardino delle rose", "green_area", 44.50)
        .recognised_by(official)
        .build();
    place(&app, citizen, "Ciclofficina", "mobility", 44.51).build();
    let mut conn = app.state.db.get().unwrap();
    let n = search_sync::reindex(&mut conn, app.state.search.as_ref()).unwrap();
    assert_eq!(n, 2, "only public commons are indexed");
    drop(conn);
    let mut c = client!(app);
    let s = c.get("/search?q=bibloteca").await;
    assert!(s.body.contains("Biblioteca"), "{}", s.body);
    let s = c.get("/search?q=giardino&category=food").await;
    assert!(!s.body.contains("rose"));
    let s = c.get("/search?q=ciclofficina").await;
    assert!(s.body.contains(&t("search-no-results")));
    let s = c
        .get("/api/v1/commons?q=giardino&near_lat=44.50&near_lng=11.33&radius=500")
        .await;
    let v: serde_json::Value = serde_json::from_str(&s.body).unwrap();
    assert_eq!(v["items"].as_array().unwrap().len(), 1);
    assert!(v["items"][0]["distance_m"].as_f64().unwrap() < 1.0);
}

/// A search service that is down.
pub(crate) struct Down;

impl pactum::search::SearchIndex for Down {
    fn upsert(&self, _: &[pactum::search::SearchDoc]) -> Result<(), pactum::search::SearchError> {
        Err(pactum::search::SearchError::Unavailable(
            "connection refused".into(),
        ))
    }
    fn delete(&self, _: &[i64]) -> Result<(), pactum::search::SearchError> {
        Err(pactum::search::SearchError::Unavailable(
            "connection refused".into(),
        ))
    }
    fn clear(&self) -> Result<(), pactum::search::SearchError> {
        Err(pactum::search::SearchError::Unavailable(
            "connection refused".into(),
        ))
    }
    fn search(
        &self,
        _: &pactum::search::SearchQuery,
    ) -> Result<pactum::search::SearchResults, pactum::search::SearchError> {
        Err(pactum::search::SearchError::Unavailable(
            "connection refused".into(),
        ))
    }
    fn backend_name(&self) -> &'static str {
        "down"
    }
}

#[actix_web::test]
async fn no_index_update_is_lost_while_search_is_down() {
    use diesel::prelude::*;
    use pactum::db::schema::outbox;
    let (app, citizen, official) = setup();
    let id = place(&app, citizen, "Biblioteca dei semi", "food", 44.49)
        .recognised_by(official)
        .build();
    let mut conn = app.state.db.get().unwrap();
    let r = search_sync::sync_due(&mut conn, &Down, 100).unwrap();
    assert_eq!((r.indexed, r.failed), (0, 2));
    let rows: Vec<(i64, Option<String>)> = outbox::table
        .filter(outbox::kind.eq(search_sync::OUTBOX_KIND))
        .select((outbox::attempts, outbox::last_error))
        .load(&mut conn)
        .unwrap();
    assert_eq!(rows.len(), 2);
    assert!(
        rows.iter()
            .all(|(a, e)| *a == 1 && e.as_deref().is_some_and(|e| e.contains("refused")))
    );
    // Not due again at once (backoff); once due, the change arrives.
    let r = search_sync::sync_due(&mut conn, app.state.search.as_ref(), 100).unwrap();
    assert_eq!(r.indexed, 0);
    diesel::update(outbox::table)
        .set(outbox::next_attempt_at.eq(pactum::util::now()))
        .execute(&mut conn)
        .unwrap();
    let r = search_sync::sync_due(&mut conn, app.state.search.as_ref(), 100).unwrap();
    assert_eq!((r.indexed, r.failed), (1, 0));
    assert_eq!(app.count("outbox"), 0);
    drop(conn);
    // The search page says search is unavailable rather than "no results".
    let mut state = app.state.clone();
    state.ports.search = std::sync::Arc::new(Down);
    let mut c =
        crate::support::Client::new(actix_web::test::init_service(pactum::build_app(state)).await);
    let p = c.get("/search?q=semi").await;
    assert_eq!(p.status, StatusCode::SERVICE_UNAVAILABLE);
    let ok = client!(app).get("/api/v1/commons?q=semi").await;
    let v: serde_json::Value = serde_json::from_str(&ok.body).unwrap();
    assert_eq!(v["items"][0]["id"], id);
}
