//! Decarbonisation tokens in the browser. A demo citizen claims a small rooftop solar
//! reduction (the reduction previewed first, a wrong figure refused by name), a demo
//! verifier outside her groups finds the claim in his queue and approves it (under the
//! second verifier's threshold: one approval issues it), and the citizen spends tokens
//! at an acceptance point and reads her voucher with its ledger receipt. Run on a
//! desktop, with JavaScript off, and on a phone screen.
//!
//! The token pages that only their own people see (a claim as its claimant and as a
//! verifier, the queue, a wallet, a voucher, the fund's and the voucher desk's officials)
//! are audited here, signed in as those people: axe-core, and the phone screen's width
//! and target sizes as `every_page_type_fits_a_phone_screen` measures them. The pages an
//! anonymous visitor or the administrator sees are in `PAGE_TYPES`.

use super::{Browser, Kind, Site, sign_in};

const PROGRAMME: &str = "valdora-decarbonisation-rewards";

/// A citizen holding tokens (from her e-bike claim), member of the parents' group,
/// the bicycle workshop and the tool library: not of the garden cooperative.
const SOFIE: &str = "sofie.devries@demo.pactum.example.org";
/// A citizen with tokens, an exchange awaiting payout, vouchers (one used) and a claim
/// awaiting a verifier.
const CHIARA: &str = "chiara.romano@demo.pactum.example.org";
/// The garden cooperative's referent: its wallet is his to use.
const PAOLO: &str = "paolo.esposito@demo.pactum.example.org";
/// A verifier in no group.
const ELENA: &str = "elena.russo@demo.pactum.example.org";
/// A verifier in the garden cooperative only: none of Sofie's groups.
const DAVIDE: &str = "davide.moretti@demo.pactum.example.org";
/// An official of the coordinating office (green areas): the civic fund's desk.
const MARCO: &str = "marco.bianchi@demo.pactum.example.org";
/// An official of the culture office, which checks the pool's vouchers.
const SARA: &str = "sara.conti@demo.pactum.example.org";

/// The token pages only their people see: a name for the screenshot, the path, the
/// person, and what shows the page is in the state meant (a fresh demo database numbers
/// claims, spends and exchanges in the order `src/demo/tokens.rs` files them: claim 7 is
/// Paolo's heat pump with Elena's first approval, 9 Sofie's balcony panels with a
/// question for her, 10 Chiara's heat pump awaiting a verifier; spend 1 is Chiara's day
/// bus passes, 2 her pool entry, already used; exchange 3 is Chiara's, awaiting its
/// payout; group 2 is the garden cooperative). Grouped by person: one sign-in each.
const PERSONAL_PAGE_TYPES: &[(&str, &str, &str, &str)] = &[
    (
        "token-claim-withdrawable",
        "/tokens/claims/10",
        CHIARA,
        "form[action$='/withdraw']",
    ),
    (
        "token-wallet",
        "/tokens/valdora-decarbonisation-rewards/wallet",
        CHIARA,
        "form[action$='/wallet/spend']",
    ),
    ("token-voucher", "/tokens/spends/1", CHIARA, "#voucher code"),
    (
        "token-voucher-used",
        "/tokens/spends/2",
        CHIARA,
        "#voucher-state",
    ),
    (
        "token-claim-answer",
        "/tokens/claims/9",
        SOFIE,
        "form[action$='/answer'] input[type=file]",
    ),
    (
        "token-wallet-group",
        "/tokens/valdora-decarbonisation-rewards/wallet?group=2",
        PAOLO,
        "form[action$='/wallet/spend'] input[name=group][value='2']",
    ),
    (
        "token-queue",
        "/tokens/valdora-decarbonisation-rewards/queue",
        ELENA,
        "main a[href='/tokens/claims/10']",
    ),
    (
        "token-claim-review",
        "/tokens/claims/10",
        ELENA,
        "#decision",
    ),
    (
        "token-claim-second-review",
        "/tokens/claims/7",
        DAVIDE,
        "section:has(.notice) #decision",
    ),
    (
        "token-fund-official",
        "/tokens/valdora-decarbonisation-rewards/fund",
        MARCO,
        "#exchange-3 form",
    ),
    (
        "token-vouchers-official",
        "/tokens/vouchers",
        SARA,
        "input[name=voucher]",
    ),
];

/// Opens each of [`PERSONAL_PAGE_TYPES`] as its person, signing in when the person
/// changes, and checks it: on a phone whether it fits the screen, elsewhere with axe.
async fn check_personal_pages(b: &mut Browser, kind: Kind, base: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut who = "";
    for &(name, path, email, shown) in PERSONAL_PAGE_TYPES {
        if who != email {
            sign_in(b, base, email).await;
            who = email;
        }
        b.goto(&format!("{base}{path}")).await;
        b.find(shown).await;
        let h1 = b.text_of("h1").await;
        b.shot(name).await;
        problems.extend(
            if kind == Kind::Phone {
                super::fits_a_phone(b).await
            } else {
                b.axe().await
            }
            .into_iter()
            .map(|p| format!("{path} as {email} (\"{h1}\"): {p}")),
        );
    }
    problems
}

#[actix_web::test]
async fn every_personal_token_page_passes_axe() {
    let Some(mut b) = Browser::start("axe-tokens").await else {
        return;
    };
    let site = Site::start();
    let failures = check_personal_pages(&mut b, Kind::Desktop, &site.base).await;
    b.close().await;
    assert!(failures.is_empty(), "{failures:#?}");
}

#[actix_web::test]
async fn every_personal_token_page_fits_a_phone_screen() {
    let Some(mut b) = Browser::start_with("phone-tokens", Kind::Phone).await else {
        return;
    };
    let site = Site::start();
    let problems = check_personal_pages(&mut b, Kind::Phone, &site.base).await;
    b.close().await;
    assert!(problems.is_empty(), "{problems:#?}");
}

#[actix_web::test]
async fn a_citizen_claims_a_verifier_approves_and_the_citizen_spends() {
    token_journey(Kind::Desktop, "journey-tokens", "VAL-PV-9001").await;
}

#[actix_web::test]
async fn a_citizen_claims_and_spends_without_javascript() {
    token_journey(Kind::NoScript, "journey-tokens-noscript", "VAL-PV-9002").await;
}

#[actix_web::test]
async fn a_citizen_claims_and_spends_on_a_phone() {
    token_journey(Kind::Phone, "journey-tokens-phone", "VAL-PV-9003").await;
}

/// The text of `key` in every language (the page speaks the reader's).
fn any_language(key: &str) -> Vec<String> {
    pactum::web::i18n::Lang::ALL
        .iter()
        .map(|l| pactum::web::i18n::catalog().t(*l, key))
        .collect()
}

/// Asserts that the element `css` says `key`, in whichever language.
async fn shows(b: &Browser, css: &str, key: &str) {
    let text = b.text_of(css).await;
    assert!(
        any_language(key).iter().any(|t| text.trim() == t.trim()),
        "{css} should say {key}, it says \"{text}\": {}",
        b.body().await
    );
}

/// The number a text starts with ("130 tokens", "130 jetons").
fn number_in(text: &str) -> i64 {
    let digits: String = text
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("a number: \"{text}\""))
}

async fn balance(b: &Browser) -> i64 {
    number_in(&b.text_of("#balance").await)
}

/// Types an ISO date into a date field as a person does, in the browser's order
/// (Chromium runs with `--lang=en`: month, day, year), and checks the field took it.
async fn fill_date(b: &Browser, name: &str, iso: &str) {
    let (y, rest) = iso.split_once('-').expect("an ISO date");
    let (m, d) = rest.split_once('-').expect("an ISO date");
    b.fill(name, &format!("{m}/{d}/{y}")).await;
    let value = b
        .find(&format!("input[name={name}]"))
        .await
        .prop("value")
        .await
        .expect("the date")
        .unwrap_or_default();
    assert_eq!(value, iso, "the {name} field took the date");
}

async fn token_journey(kind: Kind, name: &str, asset: &str) {
    let Some(mut b) = Browser::start_with(name, kind).await else {
        return;
    };
    let site = Site::start();
    let base = site.base.clone();
    let programme = format!("{base}/tokens/{PROGRAMME}");
    sign_in(&b, &base, SOFIE).await;

    // Sofie looks at her wallet, then opens the programme and starts a claim.
    b.goto(&format!("{programme}/wallet")).await;
    let before = balance(&b).await;
    b.goto(&programme).await;
    b.shot("programme").await;
    b.submit(&format!("main a[href='/tokens/{PROGRAMME}/claim']"))
        .await;
    assert_eq!(b.path().await, format!("/tokens/{PROGRAMME}/claim"));
    assert!(
        b.client
            .find_all(fantoccini::Locator::Css("input#pv_kwp"))
            .await
            .unwrap_or_default()
            .is_empty(),
        "no inputs before a methodology is chosen"
    );
    b.choose("methodology", "PV01@1").await;
    b.shot("choose-methodology").await;
    b.submit("form[method=get] button[type=submit]").await;
    assert_eq!(
        b.path().await,
        format!("/tokens/{PROGRAMME}/claim?methodology=PV01%401")
    );
    b.find("input#pv_kwp").await;

    // Her new balcony panel, 1 kWp, gave 300 kWh per kWp in 2025: she previews.
    b.fill("asset", asset).await;
    fill_date(&b, "starts_on", "2025-01-01").await;
    fill_date(&b, "ends_on", "2025-12-31").await;
    b.fill("pv_kwp", "1").await;
    b.fill("yield_kwh_per_kwp", "300").await;
    b.shot("claim-form").await;
    b.submit("button[name=action][value=preview]").await;
    let preview = b.text_of("#preview").await;
    assert!(
        preview.contains("52.800") && preview.contains("52 "),
        "1 kWp × 300 kWh × 0.176 kg/kWh: {preview}"
    );
    b.shot("preview").await;
    if kind == Kind::Desktop {
        let violations = b.axe().await;
        assert!(violations.is_empty(), "the preview: {violations:#?}");
    }
    // The form kept what she typed.
    assert_eq!(
        b.find("input[name=asset]")
            .await
            .prop("value")
            .await
            .unwrap()
            .unwrap_or_default(),
        asset
    );

    // A slip of the finger (300 kWp) is refused by name; she corrects it and submits.
    b.fill("pv_kwp", "300").await;
    b.submit("button[name=action][value=submit]").await;
    b.find(".error-summary a[href='#pv_kwp']").await;
    b.shot("claim-refused").await;
    if kind == Kind::Desktop {
        let violations = b.axe().await;
        assert!(violations.is_empty(), "the refused claim: {violations:#?}");
    }
    b.fill("pv_kwp", "1").await;
    b.submit("button[name=action][value=submit]").await;
    let claim = b.path().await;
    assert!(
        claim.starts_with("/tokens/claims/"),
        "{claim}: {}",
        b.body().await
    );
    b.says("claim-submitted").await;
    shows(&b, "#claim-state", "claim-state-submitted").await;
    assert_eq!(b.text_of("#claim-tokens").await.trim(), "52");
    assert!(
        b.client
            .find_all(fantoccini::Locator::Css("#decision"))
            .await
            .unwrap_or_default()
            .is_empty(),
        "the claimant has no verifier's form"
    );
    b.shot("claim-filed").await;

    // Davide, a verifier in none of her groups, finds it in his queue and approves:
    // 52 tokens need one verifier.
    sign_in(&b, &base, DAVIDE).await;
    b.goto(&programme).await;
    b.submit(&format!("main a[href='/tokens/{PROGRAMME}/queue']"))
        .await;
    b.shot("queue").await;
    b.submit(&format!("main a[href='{claim}']")).await;
    assert_eq!(b.path().await, claim);
    b.click("#decision-approve").await;
    b.shot("review").await;
    b.submit("form[action$='/review'] button[type=submit]")
        .await;
    b.says("claim-reviewed").await;
    shows(&b, "#claim-state", "claim-state-issued").await;
    let batch = b.text_of("#batch").await;
    assert!(batch.contains("-DECARB-2025-PV01-"), "{batch}");
    b.shot("approved").await;

    // Sofie's wallet holds her share (52 less the 5 % buffer, rounded up: 3); she
    // spends 30 on a day bus pass and reads her voucher.
    sign_in(&b, &base, SOFIE).await;
    b.goto(&format!("{programme}/wallet")).await;
    let after = balance(&b).await;
    assert_eq!(after, before + 49, "her share of the 52 tokens");
    b.shot("wallet").await;
    b.click("#point-day-bus-pass").await;
    b.fill("quantity", "1").await;
    b.submit("form[action$='/wallet/spend'] button[type=submit]")
        .await;
    let voucher = b.path().await;
    assert!(
        voucher.starts_with("/tokens/spends/"),
        "{voucher}: {}",
        b.body().await
    );
    b.says("token-spent").await;
    let code = b.text_of("#voucher code").await;
    assert_eq!(code.trim().len(), 14, "a voucher code: {code}");
    shows(&b, "#voucher-state", "voucher-valid").await;
    b.shot("voucher").await;

    // The receipt: the spend's entry on the civic ledger.
    let receipt = b.find("main a[href^='/ledger/entries/']").await;
    let href = receipt.attr("href").await.unwrap().unwrap_or_default();
    b.submit("main a[href^='/ledger/entries/']").await;
    assert_eq!(b.path().await, href);
    b.shot("ledger-receipt").await;

    // And the wallet shows what is left.
    b.goto(&format!("{programme}/wallet")).await;
    assert_eq!(balance(&b).await, after - 30);
    b.close().await;
}
