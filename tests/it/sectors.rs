//! Ghent's map of initiatives (README, `/commons/sectors`): public commons counted by
//! provisioning sector or category and district, at the top level or a level below,
//! each count linking to the list it counts (and that list showing as many), totals
//! counting a commons once, the same counts as CSV and JSON with the licence, and the
//! sector facets of the `/commons` list.

use actix_web::http::StatusCode;
use pactum::commons::districts::{self, DistrictShape};
use pactum::commons::model::Provisioning;
use pactum::web::i18n::{Lang, catalog};

use crate::builders::{CommonsBuilder, DistrictBuilder, UserBuilder};
use crate::client;
use crate::support::{Page, TestApp};

const CC_BY: &str = "https://creativecommons.org/licenses/by/4.0/";

fn t(key: &str) -> String {
    catalog().t(Lang::En, key)
}

fn square(w: f64, s: f64, e: f64, n: f64) -> DistrictShape {
    DistrictShape::from_geojson(&format!(
        r#"{{"type":"Polygon","coordinates":[[[{w},{s}],[{e},{s}],[{e},{n}],[{w},{n}],[{w},{s}]]]}}"#
    ))
    .unwrap()
}

/// Navile (a quartiere) with its zones Bolognina and Corticella, and Santo Stefano
/// beside it; commons of every status in them and one outside every district:
///
/// | commons | where | sectors | status |
/// |---|---|---|---|
/// | Orto | Bolognina | food, care | recognised |
/// | Mensa | Bolognina | food | recognised |
/// | Prato | Bolognina | nature | proposed (not public) |
/// | Tetto | Corticella | energy | dormant (listed) |
/// | Banca del tempo | Corticella | (none) | recognised |
/// | Comunità energetica | Santo Stefano | energy | recognised |
/// | Festa | no district | culture | recognised |
/// | Forno | Santo Stefano | food | declined (not public) |
struct City {
    app: TestApp,
    orto: i64,
}

fn city() -> City {
    let app = TestApp::new();
    DistrictBuilder::new("santo-stefano", "Santo Stefano")
        .bounds(11.34, 44.48, 11.40, 44.4999)
        .build(&app);
    {
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
        for (slug, name, w, e) in [
            ("bolognina", "Bolognina", 11.30, 11.35),
            ("corticella", "Corticella", 11.35, 11.40),
        ] {
            districts::insert_under(
                &mut conn,
                slug,
                name,
                &square(w, 44.50, e, 44.55),
                Some(navile),
                "zona",
            )
            .unwrap();
        }
    }
    let chiara = UserBuilder::new("chiara").build(&app);
    let marco = UserBuilder::new("marco").official().build(&app);
    let commons = |name: &str, lat: f64, lng: f64, category: &str, sectors: &[&str]| {
        CommonsBuilder::new(&app)
            .named(name)
            .described("A place the neighbourhood looks after together.")
            .category(category)
            .provisioning(sectors)
            .at(lat, lng)
            .proposed_by(chiara)
    };
    let orto = commons("Orto", 44.52, 11.32, "food", &["food", "care"])
        .recognised_by(marco)
        .build();
    commons("Mensa", 44.53, 11.33, "building", &["food"])
        .recognised_by(marco)
        .build();
    commons("Prato", 44.52, 11.31, "green_area", &["nature"]).build();
    commons("Tetto", 44.52, 11.37, "energy", &["energy"])
        .recognised_by(marco)
        .dormant_by(marco, "Nobody has looked after it this year.")
        .build();
    commons("Banca del tempo", 44.53, 11.38, "care", &[])
        .recognised_by(marco)
        .build();
    commons("Comunità energetica", 44.49, 11.37, "energy", &["energy"])
        .recognised_by(marco)
        .build();
    commons("Festa", 45.10, 12.00, "cultural", &["culture"])
        .recognised_by(marco)
        .build();
    commons("Forno", 44.49, 11.36, "food", &["food"])
        .declined_by(marco, "Not a commons: a private shop.")
        .build();
    City { app, orto }
}

/// A cell: its text and its link.
type Cell = (String, Option<String>);
/// A table row: its header and its data cells (totals last).
type Row = (String, Vec<Cell>);

/// The table's rows in `part` (`tbody`, `tfoot`).
fn table(page: &Page, part: &str) -> Vec<Row> {
    let html = page.html();
    let tr = scraper::Selector::parse(&format!("#sectors {part} tr")).unwrap();
    let th = scraper::Selector::parse("th").unwrap();
    let td = scraper::Selector::parse("td").unwrap();
    let a = scraper::Selector::parse("a").unwrap();
    html.select(&tr)
        .map(|row| {
            let head = row
                .select(&th)
                .next()
                .map(|h| h.text().collect::<String>().trim().to_string())
                .unwrap_or_default();
            let cells = row
                .select(&td)
                .map(|c| {
                    (
                        c.text().collect::<String>().trim().to_string(),
                        c.select(&a)
                            .next()
                            .and_then(|l| l.value().attr("href"))
                            .map(str::to_string),
                    )
                })
                .collect();
            (head, cells)
        })
        .collect()
}

fn numbers(cells: &[Cell]) -> Vec<i64> {
    cells.iter().map(|c| c.0.parse().unwrap()).collect()
}

fn row<'a>(rows: &'a [Row], key: &str) -> &'a [Cell] {
    let label = t(key);
    &rows
        .iter()
        .find(|r| r.0 == label)
        .unwrap_or_else(|| panic!("a row {label}: {rows:?}"))
        .1
}

#[actix_web::test]
async fn sectors_the_table_counts_public_commons_by_sector_and_top_district() {
    let c = city();
    let mut public = client!(&c.app);
    let page = public.get("/commons/sectors").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has("#sectors caption"), "a caption");
    assert!(page.has(
        ".table-scroll[role=region][tabindex='0'][aria-labelledby=sectors-heading] > #sectors"
    ));
    let heads = page.texts("#sectors thead th[scope=col]");
    assert_eq!(
        heads,
        [
            t("commons-sectors-sector"),
            "Navile".into(),
            "Santo Stefano".into(),
            t("commons-sectors-no-district"),
            t("commons-sectors-total"),
        ]
    );
    let body = table(&page, "tbody");
    // Every sector has its row, in the vocabulary's order, then "no sector".
    let labels: Vec<String> = body.iter().map(|r| r.0.clone()).collect();
    let mut expected: Vec<String> = Provisioning::ALL
        .iter()
        .map(|p| t(&p.label_key()))
        .collect();
    expected.push(t("commons-sectors-none"));
    assert_eq!(labels, expected);
    assert!(page.has("#sectors tbody th[scope=row]"));
    // Navile, Santo Stefano, no district, total. The proposed Prato and the declined
    // Forno are not public; the dormant Tetto is listed, and counted.
    assert_eq!(numbers(row(&body, "provisioning-food")), [2, 0, 0, 2]);
    assert_eq!(numbers(row(&body, "provisioning-energy")), [1, 1, 0, 2]);
    assert_eq!(numbers(row(&body, "provisioning-care")), [1, 0, 0, 1]);
    assert_eq!(numbers(row(&body, "provisioning-culture")), [0, 0, 1, 1]);
    assert_eq!(numbers(row(&body, "provisioning-nature")), [0, 0, 0, 0]);
    assert_eq!(numbers(row(&body, "commons-sectors-none")), [1, 0, 0, 1]);
    // The totals count Orto (food and care) once: 4 in Navile, 6 in all.
    let foot = table(&page, "tfoot");
    assert_eq!(numbers(&foot[0].1), [4, 1, 1, 6]);
    // Each count links to the list it counts, and that list shows as many.
    let food = row(&body, "provisioning-food");
    assert_eq!(
        food[0].1.as_deref(),
        Some("/commons?provisioning=food&district=navile")
    );
    assert_eq!(food[1].1, None, "a zero links nowhere");
    assert_eq!(food[2].1, None, "no district: no list shows exactly it");
    assert_eq!(food[3].1.as_deref(), Some("/commons?provisioning=food"));
    for (url, n) in [
        ("/commons?provisioning=food&district=navile", 2),
        ("/commons?provisioning=energy&district=navile", 1),
        ("/commons?provisioning=energy", 2),
        ("/commons?district=navile", 4),
    ] {
        let list = public.get(url).await;
        assert_eq!(list.status, StatusCode::OK, "{url}");
        assert_eq!(
            list.texts(".commons-list li.commons-item").len(),
            n,
            "{url}"
        );
    }
    assert_eq!(
        page.attr(
            "#sectors thead th a[href='/commons?district=navile']",
            "href"
        )
        .as_deref(),
        Some("/commons?district=navile")
    );
    // The downloads keep the table's parameters.
    assert!(page.has("a[href='/commons/sectors.csv'][type='text/csv']"));
    assert!(page.has("a[href='/commons/sectors.json']"));
    assert!(page.has("a[href='/commons/sectors?by=category']"));
}

#[actix_web::test]
async fn sectors_by_zone_and_by_category_and_bad_parameters_refused() {
    let c = city();
    let mut public = client!(&c.app);
    let page = public.get("/commons/sectors?level=1").await;
    assert_eq!(page.status, StatusCode::OK);
    let heads = page.texts("#sectors thead th[scope=col]");
    // The zones, then Santo Stefano (no zones, commons of its own), then none.
    assert_eq!(
        heads[1..4],
        [
            "Bolognina".to_string(),
            "Corticella".into(),
            "Santo Stefano".into()
        ]
    );
    let body = table(&page, "tbody");
    assert_eq!(numbers(row(&body, "provisioning-food")), [2, 0, 0, 0, 2]);
    assert_eq!(numbers(row(&body, "provisioning-energy")), [0, 1, 1, 0, 2]);
    assert_eq!(
        row(&body, "provisioning-food")[0].1.as_deref(),
        Some("/commons?provisioning=food&district=bolognina")
    );
    assert_eq!(
        row(&body, "provisioning-energy")[2].1,
        None,
        "a district above the level holds only its own commons: no list shows exactly it"
    );
    assert!(page.has("#level option[value='1'][selected]"));
    assert!(page.has("a[href='/commons/sectors.csv?level=1']"));

    let page = public.get("/commons/sectors?by=category").await;
    assert_eq!(page.status, StatusCode::OK);
    let body = table(&page, "tbody");
    assert_eq!(body.len(), pactum::commons::model::Category::ALL.len());
    assert_eq!(numbers(row(&body, "category-energy")), [1, 1, 0, 2]);
    assert_eq!(
        row(&body, "category-energy")[0].1.as_deref(),
        Some("/commons?category=energy&district=navile")
    );
    let foot = table(&page, "tfoot");
    assert_eq!(numbers(&foot[0].1), [4, 1, 1, 6]);
    assert!(page.has("a[href='/commons/sectors.json?by=category']"));

    for bad in [
        "/commons/sectors?by=colour",
        "/commons/sectors.csv?level=x",
        "/commons/sectors.json?level=99",
    ] {
        assert_eq!(
            public.get(bad).await.status,
            StatusCode::BAD_REQUEST,
            "{bad}"
        );
    }
}

#[actix_web::test]
async fn sectors_csv_and_json_give_the_same_counts_with_the_licence() {
    let c = city();
    let mut public = client!(&c.app);
    let base = c.app.base();
    let licence = format!("<{CC_BY}>; rel=\"license\"");

    let page = public.get("/commons/sectors.json").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.links().contains(&licence), "{:?}", page.links());
    let v: serde_json::Value = serde_json::from_str(&page.body).unwrap();
    assert_eq!(v["license"]["url"], CC_BY);
    assert_eq!(v["by"], "provisioning");
    assert_eq!(v["total"], 6);
    let districts: Vec<&serde_json::Value> = v["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["district"])
        .collect();
    assert_eq!(
        districts,
        [
            &serde_json::json!("navile"),
            &serde_json::json!("santo-stefano"),
            &serde_json::Value::Null
        ]
    );
    assert_eq!(v["columns"][0]["total"], 4);
    let food = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "food")
        .unwrap();
    assert_eq!(food["total"], 2);
    assert_eq!(food["cells"][0]["count"], 2);
    assert_eq!(
        food["cells"][0]["url"],
        format!("{base}/commons?provisioning=food&district=navile")
    );
    assert_eq!(food["url"], format!("{base}/commons?provisioning=food"));

    let page = public.get("/commons/sectors.csv?by=category&level=1").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.links().contains(&licence));
    let ct = page.headers.get("content-type").unwrap().to_str().unwrap();
    assert!(ct.starts_with("text/csv"), "{ct}");
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(page.body.trim_start_matches('\u{FEFF}').as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header[0], t("commons-sectors-col-by"));
    let lines: Vec<Vec<String>> = r
        .records()
        .map(|x| x.unwrap().iter().map(str::to_string).collect())
        .collect();
    // By code and district name ("" codes and the "all" names are the totals).
    let find = |code: &str, district: &str| {
        lines
            .iter()
            .find(|l| l[1] == code && l[4] == district)
            .unwrap_or_else(|| panic!("{code} in {district}: {lines:?}"))
    };
    let all = t("commons-sectors-all-districts");
    let energy = find("energy", "Corticella");
    assert_eq!(energy[0], "category");
    assert_eq!(energy[2], t("category-energy"));
    assert_eq!(energy[3], "corticella");
    assert_eq!(energy[5], "1");
    assert_eq!(
        energy[6],
        format!("{base}/commons?category=energy&district=corticella")
    );
    assert_eq!(find("energy", &t("commons-sectors-no-district"))[5], "0");
    assert_eq!(find("energy", &all)[5], "2", "the row's total");
    let bolognina = find("", "Bolognina");
    assert_eq!(
        (bolognina[3].as_str(), bolognina[5].as_str()),
        ("bolognina", "2")
    );
    let grand = lines.last().unwrap();
    assert_eq!((grand[1].as_str(), grand[3].as_str()), ("", ""));
    assert_eq!(grand[5], "6");
    // One line per cell, one per row total, one per column total, the grand total.
    let rows = pactum::commons::model::Category::ALL.len();
    let columns = 4; // Bolognina, Corticella, Santo Stefano, no district.
    assert_eq!(lines.len(), rows * (columns + 1) + columns + 1);
}

#[actix_web::test]
async fn sectors_the_list_shows_sector_facets_and_filters_by_sector() {
    let c = city();
    let mut public = client!(&c.app);
    let page = public.get("/commons").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.has("a[href='/commons/sectors']"),
        "the table is linked"
    );
    let facets = page.texts(".facets li a");
    assert_eq!(
        facets,
        [
            t("commons-sectors-facet-all"),
            format!("{} (2)", t("provisioning-food")),
            format!("{} (2)", t("provisioning-energy")),
            format!("{} (1)", t("provisioning-care")),
            format!("{} (1)", t("provisioning-culture")),
        ]
    );
    // The facets keep the other filters, and count within them.
    let page = public.get("/commons?district=navile").await;
    let facets = page.texts(".facets li a");
    assert_eq!(
        facets[1..],
        [
            format!("{} (2)", t("provisioning-food")),
            format!("{} (1)", t("provisioning-energy")),
            format!("{} (1)", t("provisioning-care")),
        ]
    );
    assert!(page.has(".facets a[href='/commons?district=navile&provisioning=food']"));
    // Choosing a sector narrows the list and marks the facet.
    let page = public
        .get("/commons?district=navile&provisioning=care")
        .await;
    assert_eq!(
        page.texts(".facets a[aria-current=page]"),
        [format!("{} (1)", t("provisioning-care"))]
    );
    let shown: Vec<String> = page.texts(".commons-list h3 a");
    assert!(
        shown.iter().any(|s| s == "Orto"),
        "Orto serves care: {shown:?}"
    );
    assert!(!shown.iter().any(|s| s == "Mensa"), "{shown:?}");
    assert!(page.has(&format!("a[href='/commons/{}']", c.orto)));
    // The map links the table too.
    assert!(
        public
            .get("/commons/map")
            .await
            .has("a[href='/commons/sectors']")
    );
}

/// In the demo city the table covers every sector, and the district levels show: four
/// quartieri, or their eight zones; the totals are the listed commons either way.
#[actix_web::test]
async fn sectors_the_demo_city_fills_the_table_at_both_levels() {
    let app = TestApp::new();
    {
        let mut conn = app.state.db.get().unwrap();
        assert!(pactum::demo::load(&mut conn, pactum::config::HashCost::Fast).unwrap());
    }
    let listed = app.count("commons WHERE listed = TRUE");
    assert!(listed > 40, "{listed}");
    let mut public = client!(app);
    for (path, columns) in [("/commons/sectors", 4), ("/commons/sectors?level=1", 8)] {
        let page = public.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        // The districts, and the total (every demo commons lies in a district).
        assert_eq!(
            page.texts("#sectors thead th[scope=col]").len(),
            1 + columns + 1,
            "{path}"
        );
        let foot = table(&page, "tfoot");
        let totals = numbers(&foot[0].1);
        assert_eq!(totals.iter().rev().skip(1).sum::<i64>(), listed, "{path}");
        assert_eq!(*totals.last().unwrap(), listed, "{path}");
        let body = table(&page, "tbody");
        for r in body.iter().filter(|r| r.0 != t("commons-sectors-none")) {
            let n = numbers(&r.1);
            assert!(*n.last().unwrap() > 0, "{path}: no demo commons in {}", r.0);
        }
        assert!(page.has("#level option[value='1']"), "{path}: the levels");
    }
    // The districts are named in the reader's language where they have a name in it
    // (the demo's quartieri have English names); open data keeps the originals.
    let heads = public
        .get("/commons/sectors")
        .await
        .texts("#sectors thead th[scope=col]");
    assert!(heads.iter().any(|h| h.contains("Old Town")), "{heads:?}");
    assert!(
        !heads.iter().any(|h| h.contains("Centro Storico")),
        "{heads:?}"
    );
    let csv = public.get("/commons/sectors.csv").await.body;
    assert!(csv.contains("Centro Storico") && !csv.contains("Old Town"));
}
