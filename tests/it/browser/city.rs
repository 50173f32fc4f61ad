//! Pacts as a city runs them, in the browser: the coordinating office admits a proposal
//! and routes it to a lead office (culture) and a contributing office (green areas);
//! the responsible official records an absence and her colleague acts on her behalf;
//! the signatory of another office is not offered the city's signature, the lead
//! office's signatory signs; the pact is suspended and resumed, and concludes at its
//! end date (the test moves the clock). axe-core runs on every new page state, and the
//! desk and the pact page are measured on a phone screen.

use super::{Browser, Kind, Site, fits_a_phone, sign_in};

const MARCO: &str = "marco.bianchi@demo.pactum.example.org";
const SARA: &str = "sara.conti@demo.pactum.example.org";
const VALENTINA: &str = "valentina.greco@demo.pactum.example.org";
const LUCA: &str = "luca.ferri@demo.pactum.example.org";
const GIORGIO: &str = "giorgio.lodi@demo.pactum.example.org";
const SOFIE: &str = "sofie.devries@demo.pactum.example.org";

/// The demo's ids, in the order `src/demo` creates them.
const GREEN: &str = "1";
const CULTURE: &str = "2";
const SARA_ID: &str = "3";
const VALENTINA_ID: &str = "13";
/// Sofie's ordinary proposal, just submitted.
const PACT: i64 = 8;

/// Sets a date field (typing into a date input depends on the browser's locale).
async fn set_date(b: &Browser, name: &str, d: chrono::NaiveDate) {
    b.find(&format!("[name={name}]")).await;
    b.client
        .execute(
            "document.querySelector('[name=' + arguments[0] + ']').value = arguments[1];",
            vec![name.into(), d.format("%Y-%m-%d").to_string().into()],
        )
        .await
        .unwrap_or_else(|e| panic!("{name}: {e}"));
}

async fn audited(b: &mut Browser, name: &str, failures: &mut Vec<String>) {
    b.shot(name).await;
    for v in b.axe().await {
        failures.push(format!("{name}: {v}"));
    }
}

#[actix_web::test]
async fn a_city_routes_a_proposal_a_substitute_acts_the_right_signatory_signs_and_it_ends() {
    let Some(mut b) = Browser::start_with("journey-city", Kind::Desktop).await else {
        return;
    };
    let site = Site::start();
    let base = site.base.clone();
    let pact = format!("{base}/pacts/{PACT}");
    let mut failures = Vec::new();

    // The coordinating office routes the proposal, then admits it.
    sign_in(&b, &base, MARCO).await;
    b.goto(&pact).await;
    audited(&mut b, "routing", &mut failures).await;
    b.choose("office", CULTURE).await;
    b.click(&format!("#contributing-{GREEN}")).await;
    b.choose("official", SARA_ID).await;
    b.submit("form[action$='/route'] button[type=submit]").await;
    b.says("pact-done-routed").await;
    assert!(b.text_of("#history").await.contains("Culture"));
    b.step("publish").await;
    b.says("pact-done-publish").await;

    // Sara, responsible for it, will be away: Valentina stands in.
    sign_in(&b, &base, SARA).await;
    b.goto(&format!("{base}/official")).await;
    audited(&mut b, "desk-absences", &mut failures).await;
    let today = chrono::Utc::now().date_naive();
    b.choose("office", CULTURE).await;
    b.choose("substitute", VALENTINA_ID).await;
    set_date(&b, "starts_on", today).await;
    set_date(&b, "ends_on", today + chrono::Duration::days(7)).await;
    b.submit("form[action$='/official/absences'] button[type=submit]")
        .await;
    b.says("absence-recorded").await;
    audited(&mut b, "desk-absence-recorded", &mut failures).await;

    site.end_observation_period(PACT);
    sign_in(&b, &base, VALENTINA).await;
    b.goto(&format!("{base}/official/pacts")).await;
    assert!(
        b.body().await.contains("Sara Conti"),
        "the queue marks the pact Valentina acts on for Sara"
    );
    b.goto(&pact).await;
    b.step("close_observation").await;
    b.says("pact-done-close-observation").await;
    let history = b.text_of("#history").await;
    assert!(
        history.contains("Valentina Greco") && history.contains("Sara Conti"),
        "on behalf of: {history}"
    );

    // Green areas, the contributing office, gives its opinion.
    sign_in(&b, &base, MARCO).await;
    b.goto(&pact).await;
    b.click(&format!("#opinion-{GREEN}-favourable")).await;
    b.submit("form[action$='/opinions'] button[type=submit]")
        .await;
    b.says("pact-opinion-given").await;

    sign_in(&b, &base, VALENTINA).await;
    b.goto(&pact).await;
    b.step("start_co_design").await;
    b.says("pact-done-start-co-design").await;
    b.step("freeze_text").await;
    b.says("pact-done-freeze-text").await;

    // Sofie signs; Luca signs for green areas, not for this pact: no city form for
    // him, and the page says who signs; Giorgio, head of culture, signs.
    sign_in(&b, &base, SOFIE).await;
    b.goto(&pact).await;
    b.click("#confirm-proposer").await;
    b.fill("password", pactum::demo::DEMO_PASSWORD).await;
    b.submit("form:has(input[name=party][value=proposer]) button[type=submit]")
        .await;
    b.says("pact-signed-by-you").await;
    sign_in(&b, &base, LUCA).await;
    b.goto(&pact).await;
    let body = b.body().await;
    assert!(!body.contains("confirm-city"), "no city signature for Luca");
    assert!(b.text_of("#signatures").await.contains("Culture"));
    sign_in(&b, &base, GIORGIO).await;
    b.goto(&pact).await;
    b.click("#confirm-city").await;
    b.fill("password", pactum::demo::DEMO_PASSWORD).await;
    b.submit("form:has(input[name=party][value=city]) button[type=submit]")
        .await;
    b.says("pact-signed-by-you").await;

    // Valentina, still standing in, suspends it and resumes it.
    sign_in(&b, &base, VALENTINA).await;
    b.goto(&pact).await;
    b.find("#reasons-suspend")
        .await
        .send_keys("The flower strips are flooded: no work until the canal is lowered.")
        .await
        .expect("type the reasons");
    b.step("suspend").await;
    b.says("pact-done-suspend").await;
    audited(&mut b, "suspended", &mut failures).await;
    b.step("resume").await;
    b.says("pact-done-resume").await;
    audited(&mut b, "after-signature", &mut failures).await;

    // Its end date passes: the deadline job concludes it.
    site.pass_end_date(PACT);
    b.goto(&pact).await;
    let summary = b.text_of(".meta").await;
    let concluded =
        pactum::web::i18n::catalog().t(pactum::web::i18n::Lang::It, "pactstate-concluded");
    assert!(summary.contains(&concluded), "{summary}");
    audited(&mut b, "concluded", &mut failures).await;
    b.close().await;
    assert!(failures.is_empty(), "{failures:#?}");

    // The new page states on a phone screen, seen by the officials who use them.
    let Some(mut p) = Browser::start_with("journey-city-phone", Kind::Phone).await else {
        return;
    };
    let mut wide = Vec::new();
    for (who, path) in [
        (SARA, "/official".to_string()),
        (VALENTINA, format!("/pacts/{PACT}")),
    ] {
        sign_in(&p, &base, who).await;
        p.goto(&format!("{base}{path}")).await;
        p.shot(&path.replace('/', "_")).await;
        wide.extend(fits_a_phone(&p).await);
    }
    p.close().await;
    assert!(wide.is_empty(), "{wide:#?}");
}
