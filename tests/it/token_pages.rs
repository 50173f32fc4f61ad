//! The tokens' pages as their users meet them, in-process: a citizen claims (the
//! reduction previewed first, a PDF invoice attached and cleaned), a verifier finds the
//! claim in their queue and approves it on its page, the citizen spends tokens from
//! the wallet and reads the voucher, a form sent twice does its work once, strangers
//! are kept off what is not theirs, and the programme's page and JSON show the same
//! supply the book holds.

use crate::support::in_tx;
use actix_web::http::StatusCode;

use crate::client;
use crate::token_book::city;

/// A small PDF with an author in its information dictionary.
const INVOICE: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Author (Anna Rossi) /Title (Invoice 7) >>\nendobj\ntrailer\n<< /Info 1 0 R >>\n%%EOF\n";

#[actix_web::test]
async fn a_citizen_claims_a_verifier_approves_and_the_citizen_spends() {
    let c = city().await;
    let app = &c.app;
    let mut anna = client!(app);
    anna.sign_in("anna@example.org").await;

    // Choose the methodology, then the form shows its inputs.
    let p = anna.get("/tokens/decarb/claim").await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.has("select#choose-methodology"));
    assert!(
        !p.has("input#pv_kwp"),
        "no inputs before a methodology is chosen"
    );
    let p = anna.get("/tokens/decarb/claim?methodology=PV01%401").await;
    assert!(
        p.has("input#pv_kwp") && p.has("input#yield_kwh_per_kwp"),
        "{}",
        p.body
    );
    let key = p.attr("input[name=idempotency_key]", "value").unwrap();
    let fields = |action: &'static str| {
        vec![
            ("methodology", "PV01@1".to_string()),
            ("asset", "val-pv-0012".to_string()),
            ("starts_on", "2025-01-01".to_string()),
            ("ends_on", "2025-12-31".to_string()),
            ("pv_kwp", "3".to_string()),
            ("yield_kwh_per_kwp", "1300".to_string()),
            ("idempotency_key", key.clone()),
            ("action", action.to_string()),
        ]
    };
    let preview = fields("preview");
    let preview: Vec<(&str, &str)> = preview.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let p = anna
        .post_multipart("/tokens/decarb/claim", &preview, ("file", "", b""))
        .await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.body);
    let shown = p.texts("#preview").join(" ");
    assert!(
        shown.contains("686.400") && shown.contains("686 tokens"),
        "{shown}"
    );
    assert_eq!(app.count("token_claims"), 0, "a preview files nothing");

    // A bad field is named; then the claim goes in, with its invoice.
    let mut bad = fields("submit");
    bad[4].1 = "300".into();
    let bad: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let p = anna
        .post_multipart("/tokens/decarb/claim", &bad, ("file", "", b""))
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.has(".error-summary a[href='#pv_kwp']"), "{}", p.body);
    let submit = fields("submit");
    let submit: Vec<(&str, &str)> = submit.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let p = anna
        .post_multipart(
            "/tokens/decarb/claim",
            &submit,
            ("file", "invoice.pdf", INVOICE),
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let claim_url = p.location();
    // Sent again (a double click, a retry): the same claim.
    let again = anna
        .post_multipart(
            "/tokens/decarb/claim",
            &submit,
            ("file", "invoice.pdf", INVOICE),
        )
        .await;
    assert_eq!(again.location(), claim_url);
    assert_eq!(app.count("token_claims"), 1);
    let p = anna.get(&claim_url).await;
    assert_eq!(p.texts("#claim-state"), ["Awaiting a verifier"]);
    assert!(!p.has("#decision"), "the claimant has no verifier's form");
    let file = p.attr("a[href*='/evidence/']", "href").unwrap();
    let f = anna.get(&file).await;
    assert_eq!(f.status, StatusCode::OK);
    assert!(
        !f.body.contains("Anna Rossi"),
        "the invoice's author is blanked"
    );
    assert_eq!(f.body.len(), INVOICE.len());

    // Strangers see neither the claim nor its file.
    let mut bruno = client!(app);
    bruno.sign_in("bruno@example.org").await;
    assert_eq!(bruno.get(&claim_url).await.status, StatusCode::FORBIDDEN);
    assert_eq!(bruno.get(&file).await.status, StatusCode::FORBIDDEN);

    // Victor finds it in his queue and approves; 686 tokens need a second verifier.
    let mut victor = client!(app);
    victor.sign_in("victor@example.org").await;
    let q = victor.get("/tokens/decarb/queue").await;
    assert_eq!(q.status, StatusCode::OK);
    assert!(q.body.contains(&claim_url), "{}", q.body);
    assert_eq!(
        bruno.get("/tokens/decarb/queue").await.status,
        StatusCode::FORBIDDEN
    );
    let approve = |page: &crate::support::Page| {
        let key = page
            .attr(
                "form[action$='/review'] input[name=idempotency_key]",
                "value",
            )
            .unwrap();
        vec![
            ("decision", "approve".to_string()),
            ("reason", String::new()),
            ("idempotency_key", key),
        ]
    };
    let p = victor.get(&claim_url).await;
    assert!(p.has("#decision"));
    let form = approve(&p);
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = victor.post(&format!("{claim_url}/review"), &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let p = victor.get(&claim_url).await;
    assert_eq!(p.texts("#claim-state"), ["Awaiting a second verifier"]);
    assert!(
        !p.has("#decision"),
        "the second approval is another verifier's"
    );
    let mut vera = client!(app);
    vera.sign_in("vera@example.org").await;
    let p = vera.get(&claim_url).await;
    let form = approve(&p);
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    vera.post(&format!("{claim_url}/review"), &form).await;
    let p = anna.get(&claim_url).await;
    assert_eq!(p.texts("#claim-state"), ["Verified and issued"]);
    assert!(p.texts("#batch")[0].starts_with("TESTVILLE-DECARB-2025-PV01-"));

    // Anna's wallet: 651 tokens; she swims.
    let w = anna.get("/tokens/decarb/wallet").await;
    assert_eq!(w.texts("#balance"), ["651 tokens"]);
    let key = w
        .attr(
            "form[action$='/spend'] input[name=idempotency_key]",
            "value",
        )
        .unwrap();
    let spend = [
        ("point", "swimming-pool-entry"),
        ("quantity", "2"),
        ("group", ""),
        ("idempotency_key", key.as_str()),
    ];
    let r = anna.post("/tokens/decarb/wallet/spend", &spend).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let voucher_url = r.location();
    assert_eq!(
        anna.post("/tokens/decarb/wallet/spend", &spend)
            .await
            .location(),
        voucher_url
    );
    let v = anna.get(&voucher_url).await;
    assert_eq!(v.status, StatusCode::OK);
    let code = v.texts("#voucher code")[0].clone();
    assert_eq!(code.len(), 14, "{code}");
    assert_eq!(v.texts("#voucher-state"), ["Valid, not used yet"]);
    assert!(v.has("a[href^='/ledger/entries/']"));
    assert_eq!(bruno.get(&voucher_url).await.status, StatusCode::NOT_FOUND);
    let w = anna.get("/tokens/decarb/wallet").await;
    assert_eq!(w.texts("#balance"), ["611 tokens"]);
    // Spending more than she holds is refused at the quantity, nothing moves.
    let key = w
        .attr(
            "form[action$='/spend'] input[name=idempotency_key]",
            "value",
        )
        .unwrap();
    let p = anna
        .post(
            "/tokens/decarb/wallet/spend",
            &[
                ("point", "swimming-pool-entry"),
                ("quantity", "100"),
                ("idempotency_key", key.as_str()),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.has(".error-summary a[href='#quantity']"), "{}", p.body);

    // The programme's page and JSON show the book's supply.
    let page = anna.get("/tokens/decarb").await;
    assert_eq!(page.texts("#issued"), ["686"]);
    assert_eq!(page.texts("#spent"), ["40"]);
    assert_eq!(page.texts("#verified-kg"), ["686 kg CO2e"]);
    let api = anna.get("/api/v1/tokens/decarb").await;
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(json["supply"]["issued"], 686);
    assert_eq!(json["supply"]["outstanding"], 646);
    assert_eq!(json["supply"]["held"], 611);

    // Every serial has a story: Anna's lowest were spent (retired), the next she holds.
    let s1 = bruno.get("/tokens/decarb/serials?serial=1").await;
    assert!(
        s1.texts("#serial-where")[0].starts_with("Retired"),
        "{}",
        s1.body
    );
    let s50 = bruno.get("/tokens/decarb/serials?serial=50").await;
    let anna_account = w.texts("#account-id")[0].clone();
    assert!(
        s50.texts("#serial-where")[0].contains(&anna_account),
        "{}",
        s50.body
    );
    let s686 = bruno.get("/tokens/decarb/serials?serial=686").await;
    assert!(
        s686.texts("#serial-where")[0].contains("buffer"),
        "{}",
        s686.body
    );
    let none = bruno.get("/tokens/decarb/serials?serial=687").await;
    assert_eq!(
        none.texts("#story"),
        ["No token with this serial has been issued."]
    );
    let bad = bruno.get("/tokens/decarb/serials?serial=abc").await;
    assert!(bad.has("#serial-error"));
    // The open data: one issuance, one retirement of 40, pseudonyms only.
    let csv = bruno.get("/tokens/decarb/issuances.csv").await;
    assert_eq!(csv.body.lines().count(), 2, "{}", csv.body);
    assert!(csv.body.contains(&anna_account) && !csv.body.contains("Anna"));
    let json: serde_json::Value =
        serde_json::from_str(&bruno.get("/tokens/decarb/retirements.json").await.body).unwrap();
    assert_eq!(json[0]["tokens"], 40);
    assert_eq!(json[0]["point"], "swimming-pool-entry");
    assert_eq!(json[0]["account"], anna_account.as_str());
    assert_eq!(
        bruno.get("/tokens/decarb/issuances.xml").await.status,
        StatusCode::NOT_FOUND
    );
    c.checked();
}

#[actix_web::test]
async fn the_supply_at_a_ledger_size_is_the_supply_then() {
    use pactum::tokens::service::{pages, requests::Receipt};
    let c = city().await;
    let ports = c.ports();
    let claim = pactum::tokens::service::claims::submit(
        ports,
        &c.anna,
        "decarb",
        pactum::tokens::service::claims::ClaimForm {
            input: pactum::tokens::model::claim::ClaimInput {
                methodology: "PV01@1".into(),
                asset: "SIZE-1".into(),
                starts_on: "2025-01-01".into(),
                ends_on: "2025-12-31".into(),
            },
            group: String::new(),
            activity: vec![
                ("pv_kwp".into(), "1".into()),
                ("yield_kwh_per_kwp".into(), "1300".into()),
            ],
            idempotency_key: pactum::util::random_token(),
        },
        vec![],
    )
    .await
    .unwrap();
    let approve = pactum::tokens::service::reviews::ReviewForm {
        decision: "approve".into(),
        reason: String::new(),
        idempotency_key: pactum::util::random_token(),
    };
    let _: Receipt = pactum::tokens::service::reviews::review(ports, &c.victor, claim.id, approve)
        .await
        .unwrap();
    let mut conn = c.app.state.db.get().unwrap();
    let before = pactum::ledger::store::size(&mut conn).unwrap() as i64;
    let spend = pactum::tokens::service::wallet::SpendForm {
        point: "swimming-pool-entry".into(),
        quantity: "1".into(),
        group: String::new(),
        idempotency_key: pactum::util::random_token(),
    };
    drop(conn);
    pactum::tokens::service::wallet::spend(ports, &c.anna, "decarb", spend)
        .await
        .unwrap();
    let mut conn = c.app.state.db.get().unwrap();
    let p = pactum::tokens::store::programme_by_slug(&mut conn, "decarb").unwrap();
    let now = pactum::ledger::store::size(&mut conn).unwrap() as i64;
    assert_eq!(
        pages::supply_at(&mut conn, &p, now).unwrap(),
        in_tx(&mut conn, |cx| pages::supply_in(cx, &p)).unwrap(),
        "at the log's size, the supply is today's"
    );
    let then = pages::supply_at(&mut conn, &p, before).unwrap();
    assert_eq!((then.issued, then.spent, then.held), (228, 0, 216));
    let today = in_tx(&mut conn, |cx| pages::supply_in(cx, &p)).unwrap();
    assert_eq!((today.issued, today.spent, today.held), (228, 20, 196));
}

#[actix_web::test]
async fn the_programme_page_shows_issued_tokens_by_district() {
    use pactum::tokens::service::{claims, reviews};
    use pactum::web::forms::Refusal;
    let c = city().await;
    let navile = crate::builders::DistrictBuilder::new("navile", "Navile").build(&c.app);
    let form = |asset: &str| claims::ClaimForm {
        input: pactum::tokens::model::claim::ClaimInput {
            methodology: "PV01@1".into(),
            asset: asset.into(),
            starts_on: "2025-01-01".into(),
            ends_on: "2025-12-31".into(),
        },
        group: String::new(),
        activity: vec![
            ("pv_kwp".into(), "1".into()),
            ("yield_kwh_per_kwp".into(), "1300".into()),
        ],
        idempotency_key: pactum::util::random_token(),
    };
    let refused = claims::submit_located(
        c.ports(),
        &c.anna,
        "decarb",
        form("D-0"),
        "999".into(),
        vec![],
    )
    .await;
    assert!(
        matches!(&refused, Err(Refusal::Form(e)) if e.get("district") == "field-claim-district-invalid"),
        "{refused:?}"
    );
    for (asset, district) in [("D-1", navile.id.to_string()), ("D-2", String::new())] {
        let claim =
            claims::submit_located(c.ports(), &c.anna, "decarb", form(asset), district, vec![])
                .await
                .unwrap();
        let approve = reviews::ReviewForm {
            decision: "approve".into(),
            reason: String::new(),
            idempotency_key: pactum::util::random_token(),
        };
        reviews::review(c.ports(), &c.victor, claim.id, approve)
            .await
            .unwrap();
    }
    let app = &c.app;
    let mut visitor = client!(app);
    let page = visitor.get("/tokens/decarb").await;
    let rows = page.texts("#by-district tbody tr");
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        rows.iter()
            .any(|r| r.contains("Navile") && r.contains("228")),
        "{rows:?}"
    );
    assert!(
        rows.iter()
            .any(|r| r.contains("Not given") && r.contains("228")),
        "{rows:?}"
    );
}
