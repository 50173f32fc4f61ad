//! The signed pact as a document: `GET /pacts/{id}/signed.pdf` serves the signed text
//! with its parties, signatures, SHA-256 and civic ledger entry to whoever may see the
//! pact, and nothing for a pact never signed; the lead office registers the protocol
//! number the city's register gave it (`POST /pacts/{id}/protocol`), which the
//! document then shows. Citizens and other offices cannot register one.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use pactum::accounts::Role;
use pactum::pacts::procedure::PactState;

use crate::builders::{CommonsBuilder, GroupBuilder, OfficeBuilder, PactBuilder, UserBuilder};
use crate::client;
use crate::support::{Page, TestApp};

/// The city of these tests: Chiara refers the group Luca is in; Anna is a neighbour;
/// Marco is the official of Green areas (which receives proposals and leads the
/// pacts), Sara of Heritage; Elena signs for Green areas; Ada administers.
struct World {
    app: TestApp,
    chiara: i64,
    luca: i64,
    /// Three more members of the group.
    members: Vec<i64>,
    group: i64,
    commons: i64,
}

fn world() -> World {
    let app = TestApp::new();
    let green = OfficeBuilder::new("Green areas").coordinating().build(&app);
    let heritage = OfficeBuilder::new("Heritage").build(&app);
    let person = |handle: &str, name: &str| UserBuilder::new(handle).named(name);
    let chiara = person("chiara", "Chiara Romano").build(&app);
    let luca = person("luca", "Luca Ferri").build(&app);
    person("anna", "Anna Neri").build(&app);
    let marco = person("marco", "Marco Bianchi")
        .official_in(green)
        .build(&app);
    person("sara", "Sara Greco")
        .official_in(heritage)
        .build(&app);
    person("elena", "Elena Russo")
        .official_in(green)
        .role(Role::Signatory)
        .build(&app);
    person("ada", "Ada Admin").admin().build(&app);
    let members: Vec<i64> = ["bruno", "carla", "dario"]
        .iter()
        .map(|h| UserBuilder::new(h).build(&app))
        .collect();
    let mut group = GroupBuilder::new("Amici della Lunetta", chiara)
        .described("Neighbours.")
        .member(luca);
    for m in &members {
        group = group.member(*m);
    }
    let group = group.build(&app);
    // Recognised by the city, so every reader sees its name.
    let commons = CommonsBuilder::new(&app)
        .recognised_by(marco)
        .proposed_by(chiara)
        .named("Orto di via Libia")
        .described("A vegetable garden the neighbours keep.")
        .build();
    World {
        app,
        chiara,
        luca,
        members,
        group,
        commons,
    }
}

/// The group's pact on the park, with Luca co-signing, walked until `state`.
fn pact(w: &World, state: PactState) -> i64 {
    PactBuilder::new(&w.app)
        .titled("Reopening the Lunetta greenhouse")
        .proposed_by(w.chiara)
        .for_group(w.group)
        .cosigner(w.luca)
        .on(w.commons)
        .support("materials", "Glass panes", "40 panes", "2027")
        .until(state)
        .build()
}

fn contains(page: &Page, text: &str) -> bool {
    page.body.contains(text)
}

/// The PDF shows `text` as one line of its content: ASCII as is, a line with other
/// characters in hex (WinAnsi codes).
fn shows(page: &Page, text: &str) -> bool {
    if text.is_ascii() {
        return contains(page, &format!("({text}) Tj"));
    }
    let hex: String = pactum::pacts::document::encode(text)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    contains(page, &format!("<{hex}> Tj"))
}

fn base_url(app: &TestApp) -> String {
    app.state
        .config
        .base_url
        .as_str()
        .trim_end_matches('/')
        .to_string()
}

fn load(app: &TestApp, id: i64) -> pactum::pacts::store::Pact {
    pactum::pacts::store::load(&mut app.state.db.get().unwrap(), id).unwrap()
}

#[actix_web::test]
async fn pact_document_of_a_signed_pact_is_served_with_its_hash_and_ledger_entry() {
    let w = world();
    let app = &w.app;
    let id = pact(&w, PactState::Signed);
    let p = load(app, id);
    let (sha, index) = (
        p.signed_sha256.clone().unwrap(),
        p.signed_ledger_index.unwrap(),
    );
    let mut public = client!(app);
    let pdf = public.get(&format!("/pacts/{id}/signed.pdf")).await;
    assert_eq!(pdf.status, StatusCode::OK);
    let header = |name: &str| {
        pdf.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(header("content-type"), "application/pdf");
    assert_eq!(
        header("content-disposition"),
        format!("inline; filename=\"pact-{id}.pdf\"")
    );
    assert!(pdf.body.starts_with("%PDF-"));
    assert!(shows(&pdf, &sha), "the signed text's SHA-256");
    assert!(shows(&pdf, &format!("#{index}")), "the ledger index");
    // The ledger entry's address, written and as the QR code's and the line's link.
    let entry = format!("{}/ledger/entries/{index}", base_url(app));
    assert!(
        contains(&pdf, &format!("/URI ({entry})")),
        "{entry} is a link"
    );
    assert!(shows(&pdf, &entry));
    assert!(shows(&pdf, "Reopening the Lunetta greenhouse"));
    // The parties, and each signature with its date (English: 17 Nov 2025).
    let today = pactum::web::dates::date(pactum::web::i18n::Lang::En, p.signed_at.unwrap().date());
    assert!(shows(&pdf, &today), "the signatures' date, {today}");
    for name in [
        "Amici della Lunetta (Chiara Romano)",
        "Luca Ferri",
        "Elena Russo",
    ] {
        assert!(shows(&pdf, name), "{name}");
    }
    assert!(shows(&pdf, &format!("Orto di via Libia (#{})", w.commons)));
    let pages = pdf
        .body
        .split("/Count ")
        .nth(1)
        .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(0);
    assert!(pages >= 1);
    for n in 1..=pages {
        assert!(
            shows(&pdf, &format!("{n}/{pages}")),
            "page {n} of {pages} is numbered"
        );
    }
    // Anyone else sees the same document, in their language.
    let mut it = client!(app);
    let pdf_it = it
        .send(
            TestRequest::get()
                .uri(&format!("/pacts/{id}/signed.pdf"))
                .insert_header(("accept-language", "it")),
        )
        .await;
    assert_eq!(pdf_it.status, StatusCode::OK);
    assert!(shows(&pdf_it, &sha));
    assert!(shows(&pdf_it, "Parti"));
    let oggi = pactum::web::dates::date(pactum::web::i18n::Lang::It, p.signed_at.unwrap().date());
    assert!(shows(&pdf_it, &oggi), "{oggi}");
    let it = |key: &str| pactum::web::i18n::catalog().t(pactum::web::i18n::Lang::It, key);
    for key in [
        "pact-clause-objectives",
        "pact-clause-support",
        "pactdoc-version",
    ] {
        assert!(shows(&pdf_it, &it(key)), "{key}: {}", it(key));
    }
}

#[actix_web::test]
async fn pact_document_is_not_served_for_a_pact_never_signed() {
    let w = world();
    let app = &w.app;
    let awaiting = pact(&w, PactState::AwaitingSignatures);
    let draft = pact(&w, PactState::Draft);
    let mut chiara = client!(app);
    chiara.sign_in("chiara@example.org").await;
    let mut public = client!(app);
    for (signed_in, id) in [
        (false, awaiting),
        (true, awaiting),
        (true, draft),
        (false, draft),
        (false, 999_999),
    ] {
        let url = format!("/pacts/{id}/signed.pdf");
        let r = if signed_in {
            chiara.get(&url).await
        } else {
            public.get(&url).await
        };
        assert_eq!(r.status, StatusCode::NOT_FOUND, "pact {id}");
        assert!(!r.body.starts_with("%PDF"));
    }
}

#[actix_web::test]
async fn pact_document_shows_the_protocol_number_the_lead_office_registers() {
    let w = world();
    let app = &w.app;
    let id = pact(&w, PactState::Signed);
    let url = format!("/pacts/{id}/signed.pdf");
    let mut public = client!(app);
    let before = public.get(&url).await;
    assert!(!contains(&before, "PG/2027"));

    let mut marco = client!(app);
    marco.sign_in("marco@example.org").await;
    let r = marco
        .post(
            &format!("/pacts/{id}/protocol"),
            &[("protocol_number", "  PG/2027/0412 ")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("/pacts/{id}#document"));
    let pdf = public.get(&url).await;
    assert!(shows(&pdf, "PG/2027/0412"), "the number, trimmed");
    assert!(shows(&pdf, "Protocol number"));

    // A correction replaces it; the history keeps both.
    let mut ada = client!(app);
    ada.sign_in("ada@example.org").await;
    let r = ada
        .post(
            &format!("/pacts/{id}/protocol"),
            &[("protocol_number", "PG/2027/0413")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let pdf = public.get(&url).await;
    assert!(shows(&pdf, "PG/2027/0413"));
    assert!(!contains(&pdf, "PG/2027/0412"));
    assert_eq!(app.count("pact_registrations"), 1);
    assert_eq!(
        app.count(&format!(
            "pact_events WHERE pact_id = {id} AND kind = 'protocol_registered'"
        )),
        2
    );
}

#[actix_web::test]
async fn pact_document_protocol_is_not_for_citizens_nor_other_offices() {
    let w = world();
    let app = &w.app;
    let id = pact(&w, PactState::Signed);
    let path = format!("/pacts/{id}/protocol");
    let form = [("protocol_number", "PG/2027/0412")];
    for email in [
        "chiara@example.org",
        "luca@example.org",
        "anna@example.org",
        "sara@example.org",
    ] {
        let mut c = client!(app);
        c.sign_in(email).await;
        let r = c.post(&path, &form).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{email}");
    }
    let mut anonymous = client!(app);
    let r = anonymous.post(&path, &form).await;
    assert!(r.status == StatusCode::SEE_OTHER && r.location().starts_with("/signin"));
    assert_eq!(app.count("pact_registrations"), 0);
}

#[actix_web::test]
async fn pact_document_protocol_refuses_a_number_too_long_or_missing() {
    let w = world();
    let app = &w.app;
    let id = pact(&w, PactState::Signed);
    let path = format!("/pacts/{id}/protocol");
    let mut marco = client!(app);
    marco.sign_in("marco@example.org").await;
    for bad in ["P".repeat(41), "   ".to_string()] {
        let r = marco.post(&path, &[("protocol_number", &bad)]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
    }
    assert_eq!(app.count("pact_registrations"), 0);
    let longest = "P".repeat(40);
    let r = marco.post(&path, &[("protocol_number", &longest)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(app.count("pact_registrations"), 1);
}

#[actix_web::test]
async fn pact_document_protocol_waits_for_the_signatures() {
    let w = world();
    let app = &w.app;
    let id = pact(&w, PactState::AwaitingSignatures);
    let mut marco = client!(app);
    marco.sign_in("marco@example.org").await;
    let r = marco
        .post(
            &format!("/pacts/{id}/protocol"),
            &[("protocol_number", "PG/2027/0412")],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(app.count("pact_registrations"), 0);
}

#[actix_web::test]
async fn pact_document_loads_in_the_same_number_of_statements_whatever_the_pact() {
    let w = world();
    let app = &w.app;
    let small = pact(&w, PactState::Signed);
    let mut b = PactBuilder::new(app)
        .proposed_by(w.chiara)
        .for_group(w.group)
        .cosigner(w.luca)
        .on(w.commons);
    for m in &w.members {
        b = b.cosigner(*m);
    }
    for i in 0..5 {
        b = b.support("materials", &format!("Item {i}"), "1", "2027");
    }
    let large = b.until(PactState::Signed).build();
    let mut c = client!(app);
    let mut cost = Vec::new();
    for id in [small, large] {
        let url = format!("/pacts/{id}/signed.pdf");
        assert_eq!(c.get(&url).await.status, StatusCode::OK);
        let before = app.statements_sent();
        assert_eq!(c.get(&url).await.status, StatusCode::OK);
        cost.push(app.statements_sent() - before);
    }
    eprintln!("signed pact document statements: {cost:?}");
    assert!(cost[0] > 0, "the counter sees the document's queries");
    assert_eq!(
        cost[0], cost[1],
        "statements for 2 and 5 signatures: {cost:?}"
    );
}
