//! The registry kept clean, in the browser (issue 16): an official corrects a commons
//! and records what the commons office knows of it, the change shows in the history
//! with the reason; a duplicate is merged into the commons it repeats and its old
//! address leads there. axe-core runs on each new page state.

use super::{Browser, Kind, Site, sign_in};

const MARCO: &str = "marco.bianchi@demo.pactum.example.org";
/// Piazzetta dei Gelsi, recognised, the city's.
const PIAZZETTA: i64 = 6;

async fn audited(b: &mut Browser, name: &str, failures: &mut Vec<String>) {
    b.shot(name).await;
    for v in b.axe().await {
        failures.push(format!("{name}: {v}"));
    }
}

#[actix_web::test]
async fn an_official_edits_a_commons_and_merges_a_duplicate_whose_address_then_redirects() {
    let Some(mut b) = Browser::start_with("journey-registry", Kind::Desktop).await else {
        return;
    };
    let site = Site::start();
    let base = site.base.clone();
    let mut failures = Vec::new();

    sign_in(&b, &base, MARCO).await;
    b.goto(&format!("{base}/commons/{PIAZZETTA}")).await;
    b.submit("main a[href$='/edit']").await;
    assert_eq!(b.path().await, format!("/commons/{PIAZZETTA}/edit"));
    audited(&mut b, "commons-edit", &mut failures).await;
    b.fill("asset_code", "VAL-PAT-0301").await;
    b.choose("condition", "good").await;
    b.fill(
        "restrictions",
        "Mulberry trees protected by the city's tree rules.",
    )
    .await;
    b.fill("reason", "Recorded from the asset register.").await;
    b.submit("form[action$='/edit'] button[type=submit]").await;
    b.says("commons-edited").await;
    let body = b.body().await;
    assert!(body.contains("VAL-PAT-0301"), "{body}");
    let history = b.text_of(".history").await;
    assert!(
        history.contains("Recorded from the asset register."),
        "{history}"
    );
    audited(&mut b, "commons-edited", &mut failures).await;

    // The same square registered twice: merged into the first, the old page leads there.
    let dup = site.duplicate_commons(PIAZZETTA);
    b.goto(&format!("{base}/commons/{dup}")).await;
    b.fill("into", &PIAZZETTA.to_string()).await;
    b.fill("merge_reasons", "The same square, registered twice.")
        .await;
    b.submit("form[action$='/merge'] button[type=submit]").await;
    b.says("commons-merged").await;
    assert_eq!(b.path().await, format!("/commons/{PIAZZETTA}"));
    audited(&mut b, "commons-merged", &mut failures).await;
    b.goto(&format!("{base}/commons/{dup}")).await;
    assert_eq!(b.path().await, format!("/commons/{PIAZZETTA}"));

    b.close().await;
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[actix_web::test]
async fn a_citizen_finds_a_commons_by_typing_a_street_address_without_javascript() {
    let Some(mut b) = Browser::start_with("journey-address-noscript", Kind::NoScript).await else {
        return;
    };
    let site = Site::start();
    let base = site.base.clone();
    b.goto(&format!("{base}/commons")).await;
    b.click("details.near-form summary").await;
    b.fill("near", "via del canale 40").await;
    b.fill("radius", "300").await;
    b.submit("details.near-form button[type=submit]").await;
    let first = b.text_of(".commons-item h3").await;
    assert_eq!(first.trim(), "Orti Urbani del Canale");
    assert!(
        b.text_of(".near-address")
            .await
            .contains("Via del Canale 40")
    );
    // (axe-core is a script: the same page is audited with JavaScript on, in
    // PAGE_TYPES.)
    b.shot("commons-near-address").await;
    b.close().await;
}

#[actix_web::test]
async fn the_registry_map_asks_for_its_view_and_draws_the_commons_in_it() {
    let Some(mut b) = Browser::start_with("journey-map-view", Kind::Desktop).await else {
        return;
    };
    let site = Site::start();
    let base = site.base.clone();
    b.goto(&format!("{base}/commons/map")).await;
    // The demo city's commons arrive for the view: pins (grouped when they overlap).
    b.find("#commons-map .leaflet-marker-icon").await;
    let status = b.text_of(".map-status").await;
    assert!(status.trim().is_empty(), "the map says: {status}");
    let asked = |b: &Browser| {
        let c = b.client.clone();
        async move {
            c.execute(
                "return performance.getEntriesByType('resource') \
                 .filter(e => e.name.includes('/commons/map.json?') && e.name.includes('bbox=')) \
                 .length;",
                vec![],
            )
            .await
            .expect("the resources")
            .as_u64()
            .unwrap_or(0)
        }
    };
    let first = asked(&b).await;
    assert!(first >= 1, "the map asked the server for its view");
    // Zoomed out to the region, the same commons are asked for again and still shown.
    b.client
        .execute(
            "document.querySelector('.leaflet-control-zoom-out').click(); \
             document.querySelector('.leaflet-control-zoom-out').click();",
            vec![],
        )
        .await
        .expect("zoom out");
    b.find("#commons-map .leaflet-marker-icon").await;
    for _ in 0..50 {
        if asked(&b).await > first {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(asked(&b).await > first, "each new view is asked for");
    let mut failures = Vec::new();
    b.shot("commons-map-view").await;
    for v in b.axe().await {
        failures.push(format!("commons-map-view: {v}"));
    }
    b.close().await;
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
