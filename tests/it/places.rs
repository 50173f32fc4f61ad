//! Places: the street gazetteer (`pactum addresses import`, suggestions, a typed
//! address resolved without JavaScript in the commons form and in "near this
//! place"), and districts in levels (import with parents, placement in the deepest
//! district, filters that include the districts below, the outlines as GeoJSON).

use actix_web::http::StatusCode;
use pactum::commons::addresses;
use pactum::commons::districts::{self, DistrictShape};
use pactum::web::i18n::{Lang, catalog};

use crate::builders::{CommonsBuilder, DistrictBuilder, UserBuilder};
use crate::cli::run_on;
use crate::client;
use crate::support::{TestApp, test_database};

fn t(key: &str) -> String {
    catalog().t(Lang::En, key)
}

/// A few house numbers of the test city, in the "numeri civici" shape.
const CIVICI: &str = "CODICE_VIA;NOME_VIA;CIVICO;ESPONENTE;Geo Point\n\
    10;Via Zamboni;33;;\"44.4968, 11.3524\"\n\
    10;Via Zamboni;33;B;\"44.4969, 11.3526\"\n\
    11;Piazza Santo Stefano;12;;\"44.4917, 11.3487\"\n\
    12;Via Santo Stefano;12;;\"44.4912, 11.3493\"\n\
    13;Via dell'Indipendenza;5;;\"44.4960, 11.3430\"\n\
    14;Via Città Universitaria;1;;\"44.4990, 11.3600\"\n";

fn load(app: &TestApp, csv: &str) -> (usize, usize) {
    let parsed = addresses::parse_csv(csv, &addresses::Columns::default()).unwrap();
    let mut conn = app.state.db.get().unwrap();
    addresses::save_import(&mut conn, &parsed.items).unwrap()
}

fn square(w: f64, s: f64, e: f64, n: f64) -> DistrictShape {
    DistrictShape::from_geojson(&format!(
        r#"{{"type":"Polygon","coordinates":[[[{w},{s}],[{e},{s}],[{e},{n}],[{w},{n}],[{w},{s}]]]}}"#
    ))
    .unwrap()
}

/// A recognised commons at a point, proposed by `proposer`.
fn recognised(app: &TestApp, proposer: i64, official: i64, name: &str, lat: f64, lng: f64) -> i64 {
    CommonsBuilder::new(app)
        .named(name)
        .described("A place the neighbourhood looks after together.")
        .at(lat, lng)
        .proposed_by(proposer)
        .recognised_by(official)
        .build()
}

#[test]
fn the_gazetteer_imports_whole_files_reimports_idempotently_and_names_bad_rows() {
    let dir = tempfile::tempdir().unwrap();
    let db = test_database(dir.path());
    let run = |args: &[&str]| run_on(dir.path(), &db, args);
    let good = dir.path().join("civici.csv");
    std::fs::write(&good, CIVICI).unwrap();
    let (code, out, err) = run(&["addresses", "import", good.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("imported 6 addresses") && out.contains("6 new, 0 updated"),
        "{out}"
    );
    let (code, out, err) = run(&["addresses", "import", good.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("0 new, 6 updated"),
        "the same street and number updates: {out}"
    );
    assert_eq!(run(&["addresses", "count"]).1.trim(), "6");

    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "via,civico,lat,lng\nVia Nuova,1,44.49,11.34\nVia Nuova,2,44.49,east\nVia Nuova,,44.49,11.34\n",
    )
    .unwrap();
    let (code, _, err) = run(&["addresses", "import", bad.to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("nothing was saved")
            && err.contains("line 3, column \"lng\": \"east\" is not a number")
            && err.contains("line 4, column \"civico\": the house number is empty"),
        "{err}"
    );
    assert_eq!(run(&["addresses", "count"]).1.trim(), "6", "nothing saved");

    let named = dir.path().join("named.csv");
    std::fs::write(&named, "strada\tn\ty\tx\nVia Nuova\t3\t44.49\t11.34\n").unwrap();
    let (code, _, err) = run(&["addresses", "import", named.to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert!(err.contains("no column for the house number"), "{err}");
    let (code, out, err) = run(&[
        "addresses",
        "import",
        named.to_str().unwrap(),
        "--number-column",
        "N",
        "--lat-column",
        "y",
        "--lng-column",
        "x",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("1 new"), "{out}");
}

#[test]
fn district_levels_import_with_parents_and_refuse_unknown_parents_and_cycles() {
    let dir = tempfile::tempdir().unwrap();
    let db = test_database(dir.path());
    let run = |args: &[&str]| run_on(dir.path(), &db, args);
    let feature = |props: &str, w: f64, s: f64| {
        format!(
            r#"{{"type":"Feature","properties":{props},"geometry":{{"type":"Polygon","coordinates":[[[{w},{s}],[{e},{s}],[{e},{n}],[{w},{n}],[{w},{s}]]]}}}}"#,
            e = w + 0.05,
            n = s + 0.05
        )
    };
    let write = |name: &str, features: &[String]| {
        let p = dir.path().join(name);
        std::fs::write(
            &p,
            format!(
                r#"{{"type":"FeatureCollection","features":[{}]}}"#,
                features.join(",")
            ),
        )
        .unwrap();
        p.to_str().unwrap().to_string()
    };
    let top = write(
        "quartieri.geojson",
        &[feature(r#"{"name":"Navile"}"#, 11.30, 44.50)],
    );
    let (code, _, err) = run(&["districts", "import", &top, "--level", "quartiere"]);
    assert_eq!(code, Some(0), "{err}");
    let zones = write(
        "zone.geojson",
        &[
            feature(r#"{"name":"Bolognina"}"#, 11.30, 44.50),
            feature(r#"{"name":"Corticella"}"#, 11.32, 44.52),
        ],
    );
    let (code, out, err) = run(&[
        "districts",
        "import",
        &zones,
        "--parent",
        "Navile",
        "--level",
        "zona",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("Bolognina (bolognina) in navile"), "{out}");
    let (_, list, _) = run(&["districts", "list"]);
    assert_eq!(
        list.lines().collect::<Vec<_>>(),
        [
            "navile\tNavile\tquartiere\t",
            "bolognina\tBolognina\tzona\tnavile",
            "corticella\tCorticella\tzona\tnavile",
        ]
    );

    let orphans = write(
        "orphans.geojson",
        &[
            feature(r#"{"name":"Lame","quartiere":"Corticella"}"#, 11.32, 44.52),
            feature(
                r#"{"name":"Nowhere Park","quartiere":"Atlantis"}"#,
                11.32,
                44.52,
            ),
        ],
    );
    let (code, _, err) = run(&[
        "districts",
        "import",
        &orphans,
        "--parent-property",
        "quartiere",
    ]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("feature 2 (Nowhere Park): the parent district \"atlantis\"")
            && err.contains("nothing was saved"),
        "{err}"
    );
    let cycle = write(
        "cycle.geojson",
        &[feature(
            r#"{"name":"Navile","up":"Bolognina"}"#,
            11.30,
            44.50,
        )],
    );
    let (code, _, err) = run(&["districts", "import", &cycle, "--parent-property", "up"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("feature 1 (Navile): its parents form a cycle"),
        "{err}"
    );
    assert_eq!(
        run(&["districts", "list"]).1.lines().count(),
        3,
        "nothing saved"
    );
}

/// Navile (a quartiere) with two zones, and Santo Stefano beside it.
struct City {
    navile: i64,
    bolognina: i64,
    corticella: i64,
    santo_stefano: i64,
}

fn city(app: &TestApp) -> City {
    let santo_stefano = DistrictBuilder::new("santo-stefano", "Santo Stefano")
        .bounds(11.34, 44.48, 11.40, 44.4999)
        .build(app)
        .id;
    let mut conn = app.state.db.get().unwrap();
    let navile = districts::insert_under(
        &mut conn,
        "navile",
        "Navile",
        &square(11.30, 44.50, 11.40, 44.55),
        None,
        "quartiere",
    )
    .unwrap();
    let bolognina = districts::insert_under(
        &mut conn,
        "bolognina",
        "Bolognina",
        &square(11.30, 44.50, 11.35, 44.55),
        Some(navile),
        "zona",
    )
    .unwrap();
    let corticella = districts::insert_under(
        &mut conn,
        "corticella",
        "Corticella",
        &square(11.35, 44.50, 11.40, 44.55),
        Some(navile),
        "zona",
    )
    .unwrap();
    City {
        navile,
        bolognina,
        corticella,
        santo_stefano,
    }
}

#[actix_web::test]
async fn commons_sit_in_the_deepest_district_and_a_parent_filter_includes_its_zones() {
    let app = TestApp::new();
    let c = city(&app);
    let chiara = UserBuilder::new("chiara").build(&app);
    let marco = UserBuilder::new("marco").official().build(&app);
    let commons = |name: &str, lat: f64, lng: f64| recognised(&app, chiara, marco, name, lat, lng);
    let garden = commons("Bolognina garden", 44.52, 11.32);
    commons("Corticella library", 44.52, 11.37);
    commons("Santo Stefano courtyard", 44.49, 11.36);
    {
        let mut conn = app.state.db.get().unwrap();
        let place = pactum::commons::api::place(&mut conn, garden)
            .unwrap()
            .unwrap();
        assert_eq!(
            place.district,
            Some(c.bolognina),
            "the zone, not the quartiere"
        );
        let chain: Vec<String> = pactum::commons::api::district_chain(&mut conn, c.bolognina)
            .unwrap()
            .into_iter()
            .map(|d| d.name)
            .collect();
        assert_eq!(chain, ["Navile", "Bolognina"]);
        let mut under =
            pactum::commons::api::district_and_descendants(&mut conn, "navile").unwrap();
        under.sort();
        assert_eq!(under, [c.navile, c.bolognina, c.corticella]);
        assert_ne!(c.santo_stefano, c.navile);
    }
    let mut client = client!(app);
    let names = |p: &crate::support::Page| p.texts(".commons-item h3");
    let p = client.get("/commons?district=navile").await;
    let mut found = names(&p);
    found.sort();
    assert_eq!(found, ["Bolognina garden", "Corticella library"]);
    let p = client.get("/commons?district=bolognina").await;
    assert_eq!(names(&p), ["Bolognina garden"]);
    let p = client.get("/commons?district=santo-stefano").await;
    assert_eq!(names(&p), ["Santo Stefano courtyard"]);
    // The select shows the zones under their quartiere.
    let options = p.texts("#f-district option");
    let navile_at = options.iter().position(|o| o.contains("Navile")).unwrap();
    assert!(options[navile_at + 1].contains("Bolognina"), "{options:?}");
    assert!(options[navile_at + 2].contains("Corticella"), "{options:?}");
    let geojson = client.get("/commons.geojson?district=navile").await;
    let v: serde_json::Value = serde_json::from_str(&geojson.body).unwrap();
    assert_eq!(v["features"].as_array().unwrap().len(), 2);
}

#[actix_web::test]
async fn the_district_outlines_are_open_data_with_level_and_parent_in_one_query() {
    let app = TestApp::new();
    city(&app);
    let mut client = client!(app);
    client.get("/districts.geojson").await;
    let before = app.statements_sent();
    let p = client.get("/districts.geojson").await;
    // The pool's liveness check, and one query.
    assert_eq!(app.statements_sent() - before, 2, "one query");
    assert_eq!(p.status, StatusCode::OK);
    assert_eq!(
        p.headers.get("content-type").unwrap().to_str().unwrap(),
        "application/geo+json"
    );
    let v: serde_json::Value = serde_json::from_str(&p.body).unwrap();
    let features = v["features"].as_array().unwrap();
    assert_eq!(features.len(), 4);
    let zone = features
        .iter()
        .find(|f| f["properties"]["slug"] == "corticella")
        .unwrap();
    assert_eq!(zone["properties"]["parent"], "navile");
    assert_eq!(zone["properties"]["depth"], 1);
    assert_eq!(zone["properties"]["level"], "zona");
    assert_eq!(zone["geometry"]["type"], "MultiPolygon");
}

#[actix_web::test]
async fn suggestions_match_the_start_ignoring_accents_case_and_street_type_and_are_capped() {
    let app = TestApp::new();
    city(&app);
    load(&app, CIVICI);
    let mut client = client!(app);
    // Bounded work: the same few indexed queries, whatever the gazetteer holds (the
    // pool's liveness check, two exact lookups, two prefix scans, the districts).
    let before = app.statements_sent();
    client.get("/addresses/suggest?q=via").await;
    let small = app.statements_sent() - before;
    let many: String = std::iter::once("via,civico,lat,lng\n".to_string())
        .chain((1..=40).map(|n| format!("Via Lunga,{n},44.52,11.32\n")))
        .collect();
    load(&app, &many);
    let before = app.statements_sent();
    client.get("/addresses/suggest?q=via").await;
    assert_eq!(app.statements_sent() - before, small);
    assert!(small <= 6, "{small}");
    let items = |body: &str| -> Vec<serde_json::Value> {
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        v["items"].as_array().unwrap().clone()
    };
    let labels = |body: &str| -> Vec<String> {
        items(body)
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_string())
            .collect()
    };
    let p = client.get("/addresses/suggest?q=via+lunga").await;
    assert_eq!(p.status, StatusCode::OK);
    let found = labels(&p.body);
    assert_eq!(found.len(), 10, "at most ten");
    assert_eq!(found[0], "Via Lunga 1", "shortest first");
    assert_eq!(
        labels(&client.get("/addresses/suggest?q=CITTA%20univ").await.body),
        ["Via Città Universitaria 1"]
    );
    // Without the street type: both the piazza and the via.
    let mut both = labels(
        &client
            .get("/addresses/suggest?q=santo+stefano+12")
            .await
            .body,
    );
    both.sort();
    assert_eq!(both, ["Piazza Santo Stefano 12", "Via Santo Stefano 12"]);
    assert_eq!(
        labels(
            &client
                .get("/addresses/suggest?q=p.za+santo+stefano")
                .await
                .body
        ),
        ["Piazza Santo Stefano 12"]
    );
    let z = items(
        &client
            .get("/addresses/suggest?q=zamboni%2033%2Fb")
            .await
            .body,
    );
    assert_eq!(z.len(), 1);
    assert_eq!(z[0]["lat"], 44.4969);
    let lunga = items(&client.get("/addresses/suggest?q=via+lunga+7").await.body);
    assert_eq!(
        lunga[0]["district"], "Bolognina",
        "placed in the deepest district"
    );
    assert!(items(&client.get("/addresses/suggest?q=z").await.body).is_empty());
    let long = format!("/addresses/suggest?q={}", "via%20".repeat(3000));
    let p = client.get(&long).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(items(&p.body).len() <= 10);
}

fn proposal(address: &str) -> Vec<(&str, &str)> {
    vec![
        ("name", "Courtyard garden"),
        (
            "description",
            "A courtyard with raised beds, opened to the neighbourhood every afternoon.",
        ),
        ("kind", "tangible"),
        ("category", "green_area"),
        ("lat", ""),
        ("lng", ""),
        ("address", address),
        ("owner", "city"),
        (
            "why",
            "Neighbours grow vegetables here together and share the harvest.",
        ),
    ]
}

#[actix_web::test]
async fn without_javascript_a_typed_address_gives_the_commons_its_point() {
    let app = TestApp::new();
    city(&app);
    let chiara = UserBuilder::new("chiara");
    let email = chiara.email();
    chiara.build(&app);
    let mut c = client!(app);
    c.sign_in(&email).await;

    // The form offers the address field with suggestions (for JavaScript).
    let form = c.get("/commons/new").await;
    assert_eq!(
        form.attr("#address", "data-address-suggest").as_deref(),
        Some("/addresses/suggest")
    );
    assert_eq!(form.attr("#address", "data-lat").as_deref(), Some("lat"));

    // No gazetteer yet: the address is text, and the coordinates are asked for.
    let p = c.post("/commons/new", &proposal("Via Zamboni 33")).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.has("#lat-error") && !p.has("#address-error"));

    load(&app, CIVICI);
    // None.
    let p = c
        .post("/commons/new", &proposal("Via Inesistente 99"))
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        p.texts("#address-error")[0],
        format!("{} {}", t("form-error-prefix"), t("places-address-none"))
    );
    assert!(!p.has("#lat-error"), "one message, on the address");
    assert!(
        p.texts(".error-summary li")
            .contains(&t("places-address-none"))
    );

    // Several: the candidates come back to pick from.
    let p = c.post("/commons/new", &proposal("santo stefano 12")).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.texts("#address-error")[0].contains(&t("places-address-several")));
    let mut choices = p.texts(".place-candidates label");
    choices.sort();
    assert_eq!(choices, ["Piazza Santo Stefano 12", "Via Santo Stefano 12"]);
    assert_eq!(
        p.attr("#name", "value").as_deref(),
        Some("Courtyard garden"),
        "nothing lost"
    );
    let mut picked = proposal("santo stefano 12");
    picked.push(("address_choice", "Via Santo Stefano 12"));
    let p = c.post("/commons/new", &picked).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);

    // One: its point, and its district.
    let p = c.post("/commons/new", &proposal("v. zamboni 33/b")).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let id: i64 = p
        .location()
        .trim_start_matches("/commons/")
        .parse()
        .unwrap();
    let mut conn = app.state.db.get().unwrap();
    let place = pactum::commons::api::place(&mut conn, id).unwrap().unwrap();
    assert_eq!((place.lat, place.lng), (44.4969, 11.3526));
    assert_eq!(place.address, "Via Zamboni 33/B");
    assert_eq!(
        pactum::commons::api::district(&mut conn, place.district.unwrap())
            .unwrap()
            .unwrap()
            .name,
        "Santo Stefano"
    );
}

#[actix_web::test]
async fn a_citizen_finds_commons_near_a_typed_address_without_javascript() {
    let app = TestApp::new();
    city(&app);
    load(&app, CIVICI);
    let chiara = UserBuilder::new("chiara").build(&app);
    let marco = UserBuilder::new("marco").official().build(&app);
    let commons = |name: &str, lat: f64, lng: f64| recognised(&app, chiara, marco, name, lat, lng);
    commons("Far garden", 44.4990, 11.3560);
    commons("Near garden", 44.4970, 11.3525);
    commons("Out of reach", 44.60, 11.50);
    let mut c = client!(app);

    let p = c.get("/commons?near=Via+Zamboni+33&radius=1000").await;
    assert_eq!(p.status, StatusCode::OK);
    assert_eq!(p.texts(".commons-item h3"), ["Near garden", "Far garden"]);
    assert!(p.texts(".near-address")[0].contains("Via Zamboni 33"));
    assert_eq!(p.attr("#near", "value").as_deref(), Some("Via Zamboni 33"));
    assert_eq!(
        p.attr("#near_lat", "value").as_deref(),
        Some(""),
        "a new address is looked up"
    );

    // Several: links to each.
    let p = c.get("/commons?near=santo+stefano+12").await;
    assert!(p.texts("#near-error")[0].contains(&t("places-address-several")));
    let links: Vec<String> = {
        let html = p.html();
        let sel = scraper::Selector::parse(".place-candidates a").unwrap();
        html.select(&sel)
            .map(|a| a.value().attr("href").unwrap().to_string())
            .collect()
    };
    assert_eq!(links.len(), 2);
    let p = c.get(&links[0]).await;
    assert!(!p.has("#near-error"));
    assert!(p.has(".near-address"));

    // None.
    let p = c.get("/commons?near=Via+Inesistente+1").await;
    assert!(p.texts("#near-error")[0].contains(&t("places-address-none")));
    assert!(p.texts(".commons-item h3").is_empty());
}

#[actix_web::test]
async fn the_demo_city_has_a_gazetteer_to_try_addresses_with() {
    let app = TestApp::new();
    {
        let mut conn = app.state.db.get().unwrap();
        assert!(pactum::demo::load(&mut conn, pactum::config::HashCost::Fast).unwrap());
        assert!(addresses::count(&mut conn).unwrap() > 100);
    }
    let mut c = client!(app);
    let p = c.get("/addresses/suggest?q=via+del+canale+4").await;
    let v: serde_json::Value = serde_json::from_str(&p.body).unwrap();
    assert_eq!(v["items"][0]["label"], "Via del Canale 40");
    // The deepest district: Canale, a zone of Borgo Fiume.
    assert_eq!(v["items"][0]["district"], "Canale");
    let p = c.get("/commons?near=Via+del+Canale+40&radius=300").await;
    assert_eq!(p.texts(".commons-item h3")[0], "Orti Urbani del Canale");
}

#[actix_web::test]
async fn pacts_filter_by_a_quartiere_with_its_zones_and_statistics_group_by_level() {
    use pactum::pacts::procedure::PactState;
    let app = TestApp::new();
    city(&app);
    let green = crate::builders::OfficeBuilder::new("Green areas")
        .coordinating()
        .build(&app);
    let chiara = UserBuilder::new("chiara").build(&app);
    let marco = UserBuilder::new("marco").official_in(green).build(&app);
    let pact_at = |name: &str, lat: f64, lng: f64| {
        let commons = recognised(&app, chiara, marco, name, lat, lng);
        crate::builders::PactBuilder::new(&app)
            .proposed_by(chiara)
            .on(commons)
            .until(PactState::Published)
            .build()
    };
    let bolognina = pact_at("Bolognina garden", 44.52, 11.32);
    let corticella = pact_at("Corticella library", 44.52, 11.37);
    let stefano = pact_at("Santo Stefano courtyard", 44.49, 11.36);
    let mut c = client!(app);
    let linked = |p: &crate::support::Page| -> Vec<i64> {
        let sel = scraper::Selector::parse(".cards h3 a").unwrap();
        let mut ids: Vec<i64> = p
            .html()
            .select(&sel)
            .filter_map(|a| a.value().attr("href"))
            .filter_map(|h| h.strip_prefix("/pacts/")?.parse().ok())
            .collect();
        ids.sort();
        ids
    };
    let p = c.get("/pacts?district=navile").await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.body);
    assert_eq!(linked(&p), [bolognina, corticella]);
    assert_eq!(
        linked(&c.get("/pacts?district=corticella").await),
        [corticella]
    );
    assert_eq!(
        linked(&c.get("/pacts?district=santo-stefano").await),
        [stefano]
    );
    assert!(
        p.texts("#district option")
            .iter()
            .any(|o| o.contains("Corticella (zona, Navile)"))
    );

    let table = |p: &crate::support::Page| -> Vec<(String, String)> {
        p.texts("section[aria-labelledby=by-district-title] tbody td")
            .chunks(2)
            .map(|c| (c[0].clone(), c[1].clone()))
            .collect()
    };
    let pairs = |rows: &[(&str, &str)]| -> Vec<(String, String)> {
        rows.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    let top = c.get("/pacts/stats").await;
    assert_eq!(top.status, StatusCode::OK);
    assert_eq!(
        table(&top),
        pairs(&[("Navile", "2"), ("Santo Stefano", "1")])
    );
    assert_eq!(
        top.attr("#level option[selected]", "value").as_deref(),
        Some("0")
    );
    // By zona: a pact in a quartiere without zones keeps its quartiere.
    let zones = c.get("/pacts/stats?level=1").await;
    assert_eq!(
        table(&zones),
        pairs(&[
            ("Bolognina", "1"),
            ("Corticella", "1"),
            ("Santo Stefano", "1")
        ])
    );
    assert_eq!(
        zones.attr("#level option[selected]", "value").as_deref(),
        Some("1")
    );

    // The open data names both levels: Bologna's quartiere and zona di prossimità,
    // Palermo's Circoscrizione and UPL, Bari's municipio and zona.
    let csv = c.get("/pacts.csv").await;
    let mut r = csv::Reader::from_reader(csv.body.trim_start_matches('\u{feff}').as_bytes());
    let header = r.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    let row = rows
        .iter()
        .find(|x| x[col("id")] == bolognina.to_string())
        .unwrap();
    for (upper, lower) in [
        ("quartiere", "zona_di_prossimita"),
        ("Circoscrizione", "UPL"),
        ("municipio", "zona"),
    ] {
        assert_eq!(
            (&row[col(upper)], &row[col(lower)]),
            ("Navile", "Bolognina")
        );
    }
    let row = rows
        .iter()
        .find(|x| x[col("id")] == stefano.to_string())
        .unwrap();
    assert_eq!(
        (&row[col("quartiere")], &row[col("zona")]),
        ("Santo Stefano", "")
    );
}

#[actix_web::test]
async fn search_takes_near_as_an_address_too() {
    let app = TestApp::new();
    city(&app);
    load(&app, CIVICI);
    let chiara = UserBuilder::new("chiara").build(&app);
    let marco = UserBuilder::new("marco").official().build(&app);
    recognised(&app, chiara, marco, "Near garden", 44.4970, 11.3525);
    recognised(&app, chiara, marco, "Out of reach", 44.60, 11.50);
    {
        let mut conn = app.state.db.get().unwrap();
        let r = pactum::commons::search_sync::sync_due(&mut conn, app.state.search.as_ref(), 1000)
            .unwrap();
        assert_eq!(r.failed, 0);
    }
    let mut c = client!(app);
    let p = c.get("/search?q=&near=via+zamboni+33&radius=1000").await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.body);
    assert_eq!(p.texts(".search-results h3"), ["Near garden"]);
    assert_eq!(p.attr("#near", "value").as_deref(), Some("Via Zamboni 33"));
    let p = c.get("/search?q=&near=santo+stefano+12").await;
    assert!(p.texts("#near-error")[0].contains(&t("places-address-several")));
    assert_eq!(p.texts(".place-candidates label").len(), 2);
    let p = c
        .get("/search?q=&near=santo+stefano+12&near_choice=Via+Santo+Stefano+12&radius=2000")
        .await;
    assert!(!p.has("#near-error"));
    assert_eq!(
        p.attr("#near", "value").as_deref(),
        Some("Via Santo Stefano 12")
    );
}
