//! Open data a portal can harvest (README, "Open data a portal can harvest"): the
//! pacts CSV as a superset of Bologna's, Palermo's and Bari's columns, the commons CSV
//! with every public field, the licence on every data answer, absolute addresses, the
//! DCAT-AP catalogue parsed as RDF with every address fetched, and the lists' CSV and
//! JSON honouring the lists' filters with a bounded number of queries.

use std::collections::{BTreeMap, BTreeSet};

use actix_web::http::StatusCode;
use pactum::pacts::procedure::PactState;

use crate::builders::{
    CommonsBuilder, District, DistrictBuilder, GroupBuilder, OfficeBuilder, PactBuilder,
    UserBuilder,
};
use crate::client;
use crate::support::{Page, TestApp, readme_columns};

const CC_BY: &str = "https://creativecommons.org/licenses/by/4.0/";

struct City {
    app: TestApp,
    chiara: i64,
    anna: i64,
    stella: i64,
    marco: i64,
    group: i64,
    north: District,
    south: District,
}

fn city() -> City {
    let app = TestApp::new();
    let green = OfficeBuilder::new("Green areas").coordinating().build(&app);
    let person = |handle: &str, name: &str| UserBuilder::new(handle).named(name);
    let chiara = person("chiara", "Chiara Romano").build(&app);
    let anna = person("anna", "Anna Neri").build(&app);
    let stella = person("stella", "Stella Vicini").build(&app);
    let marco = person("marco", "Marco Bianchi")
        .official_in(green)
        .build(&app);
    person("elena", "Elena Russo")
        .official_in(green)
        .role(pactum::accounts::Role::Signatory)
        .build(&app);
    let group = GroupBuilder::new("Amici della Lunetta", chiara)
        .described("Neighbours.")
        .build(&app);
    let north = DistrictBuilder::new("navile", "Navile")
        .bounds(11.30, 44.48, 11.36, 44.52)
        .build(&app);
    let south = DistrictBuilder::new("savena", "Savena")
        .bounds(11.40, 44.48, 11.46, 44.52)
        .build(&app);
    City {
        app,
        chiara,
        anna,
        stella,
        marco,
        group,
        north,
        south,
    }
}

/// A recognised commons of Chiara's in `district`, and her signed pact on it.
fn signed_pact(c: &City, district: District) -> (i64, i64) {
    let commons = CommonsBuilder::new(&c.app)
        .in_district(district)
        .proposed_by(c.chiara)
        .recognised_by(c.marco)
        .build();
    let pact = PactBuilder::new(&c.app)
        .proposed_by(c.chiara)
        .on(commons)
        .until(PactState::Signed)
        .build();
    (commons, pact)
}

/// The base address the tests' configuration gives, without its final slash.
fn base(app: &TestApp) -> String {
    app.state
        .config
        .base_url
        .as_str()
        .trim_end_matches('/')
        .to_string()
}

/// A CSV answer's rows (BOM removed), the header first.
fn rows(page: &Page) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(page.body.trim_start_matches('\u{FEFF}').as_bytes());
    r.records()
        .map(|x| {
            x.unwrap_or_else(|e| panic!("{e}: {}", page.body))
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect()
}

/// The rows as maps from column name to value.
fn records(page: &Page) -> Vec<BTreeMap<String, String>> {
    let all = rows(page);
    let (header, body) = all.split_first().expect("a header");
    body.iter()
        .map(|r| header.iter().cloned().zip(r.iter().cloned()).collect())
        .collect()
}

/// A city's column list in `tests/data/open-data/` (one a line, `#` notes).
fn city_columns(file: &str) -> Vec<String> {
    let path = format!("{}/tests/data/open-data/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{path}"));
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

fn link_header(page: &Page) -> Vec<String> {
    page.headers
        .get_all(actix_web::http::header::LINK)
        .map(|v| v.to_str().unwrap().to_string())
        .collect()
}

#[actix_web::test]
async fn open_data_the_pacts_csv_has_every_italian_column_and_fills_them() {
    let c = city();
    let app = &c.app;
    let commons = CommonsBuilder::new(app)
        .named("Orto di via Libia")
        .category("green_area")
        .in_district(c.north)
        .proposed_by(c.chiara)
        .recognised_by(c.marco)
        .with_photos(1)
        .build_async()
        .await;
    let signed = PactBuilder::new(app)
        .proposed_by(c.chiara)
        .for_group(c.group)
        .on(commons)
        .observation(c.stella, "Please keep the gate open on Sundays.")
        .adherent(c.anna)
        .adherent(c.stella)
        .until(PactState::Signed)
        .build();
    let mut public = client!(app);
    let page = public.get("/pacts.csv").await;
    assert_eq!(page.status, StatusCode::OK);
    let header = rows(&page).remove(0);

    // The header is the README's list, and holds each city's columns.
    assert_eq!(
        header,
        readme_columns("### Open data: the pacts CSV\n"),
        "/pacts.csv against the README"
    );
    for file in ["pacts-bologna.txt", "pacts-palermo.txt", "pacts-bari.txt"] {
        let wanted = city_columns(file);
        assert!(wanted.len() >= 6, "{file}: {wanted:?}");
        for col in wanted {
            assert!(header.contains(&col), "{file}: {col:?} is missing");
        }
    }

    let all = records(&page);
    assert_eq!(all.len(), 1);
    let r = &all[0];
    let base = base(app);
    assert_eq!(r["id"], signed.to_string());
    assert_eq!(r["proponente"], "Amici della Lunetta");
    assert_eq!(r["Rappresentante"], "Chiara Romano");
    assert_eq!(r["stato"], "Patto stipulato");
    // Palermo's themes in Italian, whatever the reader's language.
    assert_eq!(r["Ambiti"], "Area verde");
    assert_eq!(r["temi"], "green_area");
    // One district level today: the upper columns.
    for col in ["quartiere", "Circoscrizione", "municipio"] {
        assert_eq!(r[col], "Navile", "{col}");
    }
    for col in ["zona_di_prossimita", "UPL", "zona"] {
        assert_eq!(r[col], "", "{col}");
    }
    assert_eq!(r["geopoint"], format!("{}, {}", r["lat"], r["lng"]));
    assert_eq!(r["latitudine"], r["lat"]);
    assert_eq!(r["longitudine"], r["lng"]);
    assert!(!r["lat"].is_empty());
    assert_eq!(r["descrizione"], "Keep the beds tidy.");
    assert_eq!(r["numero_commenti"], "1");
    assert_eq!(r["numero_adesioni_ricevute"], "2");
    assert!(!r["data_inizio_patto"].is_empty());
    assert_eq!(r["data_fine_patto"], r["data_scadenza"]);
    assert_eq!(r["Nota"], "");

    // Every address is absolute, and each one answers.
    assert_eq!(
        r["Scarica patto"],
        format!("{base}/pacts/{signed}/signed.pdf")
    );
    assert_eq!(
        r["testo_sottoscritto"],
        format!("{base}/pacts/{signed}/print")
    );
    assert_eq!(r["url"], format!("{base}/pacts/{signed}"));
    assert!(
        r["Foto"].starts_with(&format!("{base}/files/")),
        "{}",
        r["Foto"]
    );
    for col in ["Scarica patto", "testo_sottoscritto", "url", "Foto"] {
        let path = r[col].strip_prefix(&base).unwrap().to_string();
        let got = public.get(&path).await;
        assert_eq!(got.status, StatusCode::OK, "{col}: {path}");
    }
    assert!(
        page.headers
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
}

#[actix_web::test]
async fn open_data_a_suspended_pact_says_so_in_the_note() {
    let c = city();
    let app = &c.app;
    let (_, id) = signed_pact(&c, c.south);
    app.execute(&format!(
        "UPDATE pacts SET state = 'suspended', state_reasons = 'Works on the water main.' WHERE id = {id}"
    ));
    let mut public = client!(app);
    let all = records(&public.get("/pacts.csv").await);
    assert_eq!(all[0]["Nota"], "Patto sospeso: Works on the water main.");
    assert_eq!(all[0]["stato"], "Patto stipulato");
    assert_eq!(all[0]["Rappresentante"], "Chiara Romano");
    assert_eq!(all[0]["proponente"], "Chiara Romano");
}

#[actix_web::test]
async fn open_data_the_commons_csv_has_every_public_field() {
    let c = city();
    let app = &c.app;
    let commons = CommonsBuilder::new(app)
        .named("Orto di via Libia")
        .described("=A garden the neighbours keep.")
        .in_district(c.north)
        .proposed_by(c.chiara)
        .for_group(c.group)
        .recognised_by(c.marco)
        .build();
    PactBuilder::new(app)
        .proposed_by(c.chiara)
        .on(commons)
        .until(PactState::Signed)
        .build();
    // A draft pact is not public: not counted.
    PactBuilder::new(app)
        .proposed_by(c.anna)
        .on(commons)
        .build();
    // A proposed commons is not public: not listed.
    CommonsBuilder::new(app)
        .named("Not yet")
        .proposed_by(c.anna)
        .build();

    let mut public = client!(app);
    let page = public.get("/commons.csv").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        rows(&page)[0],
        readme_columns("### Open data: the commons CSV\n"),
        "/commons.csv against the README"
    );
    let all = records(&page);
    assert_eq!(all.len(), 1, "{all:?}");
    let r = &all[0];
    assert_eq!(r["id"], commons.to_string());
    assert_eq!(r["owner"], "city");
    assert_eq!(r["description"], "'=A garden the neighbours keep.");
    assert_eq!(r["why"], "Neighbours care for it together.");
    assert_eq!(r["stewards"], "Amici della Lunetta; Chiara Romano");
    assert_eq!(r["recognised_on"].len(), 10, "{}", r["recognised_on"]);
    assert_eq!(r["pacts"], "1");
    assert_eq!(r["district"], "navile");
    assert_eq!(r["url"], format!("{}/commons/{commons}", base(app)));
}

/// Every data answer names the licence in a `Link` header; JSON documents also in a
/// `license` member; pages do not.
#[actix_web::test]
async fn open_data_every_export_states_the_licence() {
    let c = city();
    let app = &c.app;
    let (commons, _) = signed_pact(&c, c.north);
    let mut public = client!(app);
    let json_docs = [
        "/commons.geojson",
        "/api/v1/commons",
        "/pacts.json",
        "/api/v1/pacts",
        "/calls.json",
        "/api/v1/assemblies",
        "/tokens.json",
        "/commons/sectors.json",
        "/ledger.json",
    ];
    let others = [
        "/commons.csv",
        "/pacts.csv",
        "/pacts/support.csv",
        "/pacts/support-totals.csv",
        "/calls.csv",
        "/assemblies.csv",
        "/tokens.csv",
        "/commons/sectors.csv",
        "/ledger.csv",
        "/catalog.jsonld",
    ];
    let expected = format!("<{CC_BY}>; rel=\"license\"");
    for path in json_docs.iter().chain(others.iter()) {
        let page = public.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(
            link_header(&page).contains(&expected),
            "{path}: {:?}",
            link_header(&page)
        );
    }
    for path in json_docs {
        let v: serde_json::Value = serde_json::from_str(&public.get(path).await.body).unwrap();
        assert_eq!(v["license"]["url"], CC_BY, "{path}");
        assert_eq!(v["license"]["id"], "CC-BY-4.0", "{path}");
    }
    let one = format!("/api/v1/pacts/{}", {
        let v: serde_json::Value =
            serde_json::from_str(&public.get("/api/v1/pacts").await.body).unwrap();
        v["items"][0]["id"].as_i64().unwrap()
    });
    let v: serde_json::Value = serde_json::from_str(&public.get(&one).await.body).unwrap();
    assert_eq!(v["license"]["id"], "CC-BY-4.0");
    // The GeoJSON's links are absolute too.
    let v: serde_json::Value =
        serde_json::from_str(&public.get("/commons.geojson").await.body).unwrap();
    assert_eq!(
        v["features"][0]["properties"]["url"],
        format!("{}/commons/{commons}", base(app))
    );
    let html = public.get("/commons").await;
    assert!(link_header(&html).is_empty(), "{:?}", link_header(&html));
}

/// Subjects of the catalogue's triples, each with its (predicate, object) pairs, as
/// N-Triples terms (`<iri>`, `"text"@en`, `"…"^^<type>`).
type Graph = BTreeMap<String, Vec<(String, String)>>;

fn graph(jsonld: &str) -> Graph {
    let mut g = Graph::new();
    for q in oxjsonld::JsonLdParser::new().for_slice(jsonld.as_bytes()) {
        let q = q.expect("the catalogue parses as JSON-LD");
        g.entry(q.subject.to_string())
            .or_default()
            .push((q.predicate.to_string(), q.object.to_string()));
    }
    g
}

fn iri(s: &str) -> String {
    let (prefix, local) = s.split_once(':').unwrap();
    let ns = match prefix {
        "dcat" => "http://www.w3.org/ns/dcat#",
        "dct" => "http://purl.org/dc/terms/",
        "rdf" => "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "dcatapit" => "http://dati.gov.it/onto/dcatapit#",
        "vcard" => "http://www.w3.org/2006/vcard/ns#",
        "foaf" => "http://xmlns.com/foaf/0.1/",
        other => panic!("{other}"),
    };
    format!("<{ns}{local}>")
}

fn values(g: &Graph, subject: &str, property: &str) -> Vec<String> {
    let p = iri(property);
    g.get(subject)
        .map(|v| v.iter().filter(|x| x.0 == p).map(|x| x.1.clone()).collect())
        .unwrap_or_default()
}

fn of_type(g: &Graph, class: &str) -> Vec<String> {
    let (t, c) = (iri("rdf:type"), iri(class));
    g.iter()
        .filter(|(_, v)| v.iter().any(|x| x.0 == t && x.1 == c))
        .map(|(s, _)| s.clone())
        .collect()
}

/// `<iri>` to `iri`.
fn unbracket(term: &str) -> &str {
    term.trim_start_matches('<').trim_end_matches('>')
}

/// The catalogue parses as RDF; every dataset and distribution has the properties
/// DCAT-AP (and DCAT-AP_IT) ask of them; every address answers with the media type the
/// catalogue announces.
#[actix_web::test]
async fn open_data_the_catalogue_parses_and_every_download_works() {
    let c = city();
    let app = &c.app;
    signed_pact(&c, c.north);
    let mut public = client!(app);
    let page = public.get("/catalog.jsonld").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.headers
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("application/ld+json")
    );
    let g = graph(&page.body);
    let base = base(app);

    let catalogs = of_type(&g, "dcat:Catalog");
    assert_eq!(catalogs.len(), 1, "{catalogs:?}");
    let catalog = &catalogs[0];
    for p in [
        "dct:title",
        "dct:description",
        "dct:publisher",
        "dct:license",
        "dct:modified",
    ] {
        assert!(!values(&g, catalog, p).is_empty(), "catalogue: {p}");
    }
    let datasets = values(&g, catalog, "dcat:dataset");
    let typed: BTreeSet<String> = of_type(&g, "dcat:Dataset").into_iter().collect();
    assert_eq!(datasets.iter().cloned().collect::<BTreeSet<_>>(), typed);
    let names: BTreeSet<&str> = datasets
        .iter()
        .map(|d| unbracket(d).rsplit('#').next().unwrap())
        .collect();
    let published: BTreeSet<&str> = pactum::opendata::DATASETS.iter().map(|d| d.id).collect();
    assert_eq!(names, published, "every dataset is in the catalogue");

    let mut fetched = 0;
    for d in &datasets {
        assert!(typed.contains(d));
        assert!(
            of_type(&g, "dcatapit:Dataset").contains(d),
            "{d}: DCAT-AP_IT class"
        );
        for p in [
            "dct:identifier",
            "dct:publisher",
            "dct:rightsHolder",
            "dcat:contactPoint",
            "dct:accrualPeriodicity",
            "dct:modified",
            "dcat:theme",
            "dcat:landingPage",
            "dcat:distribution",
        ] {
            assert!(!values(&g, d, p).is_empty(), "{d}: {p}");
        }
        // Title and description in each language.
        for p in ["dct:title", "dct:description"] {
            let langs: BTreeSet<String> = values(&g, d, p)
                .iter()
                .map(|v| v.rsplit('@').next().unwrap().to_string())
                .collect();
            assert_eq!(
                langs,
                ["en", "fr", "it", "nl"].map(String::from).into(),
                "{d}: {p}"
            );
        }
        assert_eq!(
            values(&g, d, "dct:accrualPeriodicity"),
            vec!["<http://publications.europa.eu/resource/authority/frequency/CONT>"]
        );
        assert!(
            values(&g, d, "dct:modified")[0]
                .ends_with("^^<http://www.w3.org/2001/XMLSchema#dateTime>")
        );
        let contact = &values(&g, d, "dcat:contactPoint")[0];
        assert_eq!(
            values(&g, contact, "vcard:hasEmail"),
            vec!["<mailto:noreply@localhost>"]
        );
        let mut downloads = 0;
        for x in values(&g, d, "dcat:distribution") {
            for p in [
                "dcat:accessURL",
                "dct:format",
                "dcat:mediaType",
                "dct:license",
            ] {
                assert_eq!(values(&g, &x, p).len(), 1, "{x}: {p}");
            }
            assert_eq!(values(&g, &x, "dct:license"), vec![format!("<{CC_BY}>")]);
            let media = values(&g, &x, "dcat:mediaType")[0].clone();
            let media = unbracket(&media)
                .strip_prefix("https://www.iana.org/assignments/media-types/")
                .unwrap()
                .to_string();
            let mut urls = values(&g, &x, "dcat:accessURL");
            let download = values(&g, &x, "dcat:downloadURL");
            downloads += download.len();
            urls.extend(download);
            for u in urls {
                let u = unbracket(&u);
                let path = u
                    .strip_prefix(&base)
                    .unwrap_or_else(|| panic!("{u} is absolute under {base}"));
                let got = public.get(path).await;
                assert_eq!(got.status, StatusCode::OK, "{u}");
                let ct = got.headers.get("content-type").unwrap().to_str().unwrap();
                assert!(ct.starts_with(&media), "{u}: {ct} is not {media}");
                assert!(!got.body.is_empty(), "{u}");
                fetched += 1;
            }
        }
        assert!(downloads >= 1, "{d} has a download");
    }
    assert!(fetched >= 2 * datasets.len(), "{fetched}");
}

/// The CSV and JSON of a list keep the list's filters.
#[actix_web::test]
async fn open_data_the_lists_downloads_keep_their_filters() {
    let c = city();
    let app = &c.app;
    let north = CommonsBuilder::new(app)
        .named("North garden")
        .in_district(c.north)
        .proposed_by(c.chiara)
        .recognised_by(c.marco)
        .build();
    let south = CommonsBuilder::new(app)
        .named("South square")
        .category("square_street")
        .in_district(c.south)
        .proposed_by(c.chiara)
        .recognised_by(c.marco)
        .build();
    let pn = PactBuilder::new(app)
        .proposed_by(c.chiara)
        .on(north)
        .until(PactState::Signed)
        .build();
    let ps = PactBuilder::new(app)
        .proposed_by(c.anna)
        .on(south)
        .until(PactState::Published)
        .build();
    let mut public = client!(app);
    macro_rules! ids {
        ($path:expr) => {{
            let page = public.get($path).await;
            assert_eq!(page.status, StatusCode::OK, "{}", $path);
            records(&page)
                .iter()
                .map(|r| r["id"].clone())
                .collect::<Vec<String>>()
        }};
    }
    assert_eq!(ids!("/pacts.csv").len(), 2);
    assert_eq!(ids!("/pacts.csv?district=savena"), vec![ps.to_string()]);
    assert_eq!(ids!("/pacts.csv?state=signed"), vec![pn.to_string()]);
    let json: serde_json::Value =
        serde_json::from_str(&public.get("/pacts.json?district=navile").await.body).unwrap();
    let items = json["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], pn);
    assert_eq!(items[0]["commons"], serde_json::json!([north]));
    assert_eq!(
        ids!("/commons.csv?category=square_street"),
        vec![south.to_string()]
    );
    assert_eq!(
        ids!("/commons.csv?district=navile"),
        vec![north.to_string()]
    );
    assert_eq!(
        public.get("/pacts.json?state=nonsense").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        public.get("/commons.csv?category=nonsense").await.status,
        StatusCode::BAD_REQUEST
    );

    // The list pages link their downloads, with the filters.
    let page = public.get("/pacts?district=savena").await;
    let links: Vec<String> = page
        .html()
        .select(&scraper::Selector::parse(".downloads a").unwrap())
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert!(
        links.contains(&"/pacts.csv?district=savena".to_string()),
        "{links:?}"
    );
    assert!(links.contains(&"/pacts.json?district=savena".to_string()));
    let page = public.get("/commons?category=square_street").await;
    let links: Vec<String> = page
        .html()
        .select(&scraper::Selector::parse(".downloads a").unwrap())
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert!(
        links.contains(&"/commons.csv?category=square_street".to_string()),
        "{links:?}"
    );
    let calls = public.get("/calls").await;
    assert!(
        calls.has(".downloads a[href=\"/calls.csv\"]"),
        "calls link their CSV"
    );
    let tokens = public.get("/tokens").await;
    assert!(
        tokens.has(".downloads a[href=\"/tokens.json\"]"),
        "programmes link their JSON"
    );
}

/// The exports cost the same number of queries for few rows or many.
#[actix_web::test]
async fn open_data_exports_cost_the_same_for_two_rows_or_eight() {
    let mut c = city();
    // One minute throughout: a page kept for the minute is not rendered again between
    // the two requests compared because the minute turned.
    c.app.state.ports.clock = pactum::kit::clock::Clock::Fixed(pactum::util::now());
    let app = &c.app;
    let mut public = client!(app);
    let mut cost: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
    for n in [2, 6] {
        for _ in 0..n {
            let commons = CommonsBuilder::new(app)
                .in_district(c.north)
                .proposed_by(c.chiara)
                .recognised_by(c.marco)
                .build();
            PactBuilder::new(app)
                .proposed_by(c.chiara)
                .on(commons)
                .observation(c.stella, "Fine.")
                .until(PactState::Signed)
                .build();
        }
        for path in ["/pacts.csv", "/pacts.json", "/commons.csv", "/calls.csv"] {
            assert_eq!(public.get(path).await.status, StatusCode::OK);
            let before = app.statements_sent();
            assert_eq!(public.get(path).await.status, StatusCode::OK);
            cost.entry(path)
                .or_default()
                .push(app.statements_sent() - before);
        }
    }
    for (path, c) in cost {
        assert!(c[0] > 0, "{path}");
        assert_eq!(c[0], c[1], "{path}: statements for 2 and 8 rows");
    }
}

/// Adds `n` recognised commons in one statement (a registry too large for one page of
/// the streamed downloads), on a grid of 50 columns 0.002° apart from (44.45, 11.30);
/// every third is about food, the others about energy.
fn bulk_commons(app: &TestApp, proposer: i64, n: usize) {
    app.execute(&format!(
        "INSERT INTO commons (name, description, kind, category, owner, address, why, rules, \
         licence, lat, lng, status, listed, proposer_id, created_at, updated_at, asset_code, \
         condition, restrictions) \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {n}) \
         SELECT 'Bulk ' || i, 'Bulk', 'tangible', \
         CASE WHEN i % 3 = 0 THEN 'food' ELSE 'energy' END, 'municipality', '', '', '', \
         '', 44.45 + (i / 50) * 0.002, 11.30 + (i % 50) * 0.002, 'recognised', TRUE, {proposer}, \
         '2026-01-01 00:00:00', '2026-01-01 00:00:00', '', '', '' FROM n"
    ));
}

#[actix_web::test]
async fn open_data_whole_city_downloads_stream_page_after_page_whole_and_in_order() {
    let c = city();
    const N: usize = 2_345;
    bulk_commons(&c.app, c.chiara, N);
    let mut public = client!(c.app);

    // GeoJSON: three pages of 1,000 joined into one valid collection, ids ascending.
    let gj = public.get("/commons.geojson").await;
    assert_eq!(gj.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&gj.body).expect("one JSON document");
    assert_eq!(v["type"], "FeatureCollection");
    assert_eq!(v["license"]["url"], CC_BY);
    let ids: Vec<i64> = v["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), N);
    assert!(
        ids.windows(2).all(|w| w[0] < w[1]),
        "in id order, none twice"
    );
    // Filters hold on every page.
    let gardens = public.get("/commons.geojson?category=food").await;
    let v: serde_json::Value = serde_json::from_str(&gardens.body).unwrap();
    assert_eq!(v["features"].as_array().unwrap().len(), N / 3);

    // CSV: five pages of 500, one byte-order mark, one header, every row once.
    let csv = public.get("/commons.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.body.matches('\u{FEFF}').count(), 1);
    assert!(csv.body.starts_with('\u{FEFF}'));
    let rows = records(&csv);
    assert_eq!(rows.len(), N);
    let ids: Vec<i64> = rows.iter().map(|r| r["id"].parse().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(rows[N - 1]["name"], format!("Bulk {N}"));
    assert_eq!(
        public
            .get("/commons.csv?category=food")
            .await
            .body
            .lines()
            .count(),
        1 + N / 3
    );
    // An empty selection is a header alone, and a collection with no feature.
    let none = public.get("/commons.csv?category=building").await;
    assert_eq!(records(&none).len(), 0);
    let none = public.get("/commons.geojson?category=building").await;
    let v: serde_json::Value = serde_json::from_str(&none.body).unwrap();
    assert_eq!(v["features"].as_array().unwrap().len(), 0);
}

#[actix_web::test]
async fn the_map_answers_a_bounded_view_clustered_when_crowded_and_point_by_point_when_not() {
    let c = city();
    const N: usize = 2_345;
    bulk_commons(&c.app, c.chiara, N);
    let mut public = client!(c.app);
    let json = |body: &str| -> serde_json::Value { serde_json::from_str(body).expect("JSON") };

    // The whole registry at city zoom: clusters, at most one per grid cell, counting
    // every commons in view once.
    let city_view = "/commons/map.json?bbox=11.0,44.0,11.8,45.0&zoom=11";
    let v = json(&public.get(city_view).await.body);
    assert_eq!(v["type"], "FeatureCollection");
    assert_eq!(v["clustered"], true);
    let features = v["features"].as_array().unwrap();
    let counted: i64 = features
        .iter()
        .map(|f| f["properties"]["count"].as_i64().unwrap())
        .sum();
    assert_eq!(counted, v["total"].as_i64().unwrap());
    assert!(
        counted >= N as i64,
        "every bulk commons is in view: {counted}"
    );
    assert!(features.len() <= 4096);
    assert!(
        features.len() < 60,
        "{} clusters for a city view",
        features.len()
    );
    // A crowded view answers the same size whatever the registry's size.
    let bytes = public.get(city_view).await.body.len();
    assert!(bytes < 20_000, "{bytes} bytes");

    // Zoomed in on a corner: few enough to draw one by one, with their popups' data.
    let corner = "/commons/map.json?bbox=11.299,44.449,11.3105,44.4565&zoom=17";
    let v = json(&public.get(corner).await.body);
    assert_eq!(v["clustered"], false);
    let points = v["features"].as_array().unwrap();
    assert!(
        !points.is_empty() && points.len() <= 300,
        "{}",
        points.len()
    );
    assert_eq!(points.len() as i64, v["total"].as_i64().unwrap());
    assert!(points.iter().all(|f| f["properties"]["url"].is_string()));

    // Filters hold.
    let food = json(
        &public
            .get("/commons/map.json?bbox=11.0,44.0,11.8,45.0&zoom=11&category=food")
            .await
            .body,
    );
    assert_eq!(food["total"].as_i64().unwrap(), (N / 3) as i64);

    // Bad or oversized views are refused before any work.
    for bad in [
        "/commons/map.json",
        "/commons/map.json?bbox=11,44,11.8&zoom=11",
        "/commons/map.json?bbox=11.8,44,11,45&zoom=11",
        "/commons/map.json?bbox=11,44,11.8,45&zoom=99",
        "/commons/map.json?bbox=-180,-90,180,90&zoom=16",
        "/commons/map.json?bbox=11,44,11.8,45&zoom=11&category=nonsense",
    ] {
        assert_eq!(
            public.get(bad).await.status,
            StatusCode::BAD_REQUEST,
            "{bad}"
        );
    }
}
