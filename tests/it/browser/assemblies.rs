//! A member's journey through the Assembly of the Commons in the browser: she joins the
//! demo city's assembly, supports a motion, casts a ranked ballot in its open vote
//! (one rank select per option: it works without JavaScript), is told clearly when two
//! options share a rank, changes her ballot with her tracker, and after the closing
//! finds her tracker counted on the result page. Run on a desktop, with JavaScript
//! off, and on a phone screen.

use super::{Browser, Kind, Site, sign_in};

/// Elena is a verifier of the demo city and no member of the assembly yet.
const ELENA: &str = "elena.russo@demo.pactum.example.org";

#[actix_web::test]
async fn a_member_joins_supports_votes_and_finds_her_ballot_counted() {
    member_journey(Kind::Desktop, "journey-member").await;
}

#[actix_web::test]
async fn a_member_votes_without_javascript() {
    member_journey(Kind::NoScript, "journey-member-noscript").await;
}

#[actix_web::test]
async fn a_member_votes_on_a_phone() {
    member_journey(Kind::Phone, "journey-member-phone").await;
}

/// The text of `key` in every language (the page speaks the reader's).
fn any_language(key: &str) -> Vec<String> {
    pactum::web::i18n::Lang::ALL
        .iter()
        .map(|l| pactum::web::i18n::catalog().t(*l, key))
        .collect()
}

async fn says_in_main(b: &Browser, key: &str) {
    let body = b.body().await;
    assert!(
        any_language(key)
            .iter()
            .any(|t| body.contains(t.trim_end_matches(':').trim())),
        "expected {key}: {body}"
    );
}

async fn member_journey(kind: Kind, name: &str) {
    let Some(mut b) = Browser::start_with(name, kind).await else {
        return;
    };
    let site = Site::start();
    let base = site.base.clone();
    let slug = pactum::kit::text::slugify("Assemblea dei Beni Comuni di Valdora");
    let body = format!("{base}/assemblies/{slug}");
    sign_in(&b, &base, ELENA).await;

    // She joins (the assembly is open to everyone).
    b.goto(&body).await;
    b.shot("assembly").await;
    b.submit(&format!("form[action='/assemblies/{slug}/join'] button"))
        .await;
    b.says("body-joined").await;

    // She supports the seed library motion, still gathering support.
    b.goto(&format!("{body}/motions/2")).await;
    b.shot("motion").await;
    b.submit(&format!(
        "form[action='/assemblies/{slug}/motions/2/support'] button"
    ))
    .await;
    let flash = b.text_of(".flash").await;
    assert!(
        ["motion-supported", "motion-supported-scheduled"]
            .iter()
            .flat_map(|k| any_language(k))
            .any(|t| flash.trim() == t.trim()),
        "{flash}"
    );

    // A facilitator (the demo's administrator) opens a ranked vote: its electorate is
    // the members of this moment, Elena now among them.
    sign_in(&b, &base, pactum::demo::ADMIN_EMAIL).await;
    b.goto(&format!("{body}/votes/new")).await;
    b.fill("question", "Which corner of the park do we plant first?")
        .await;
    b.choose("method", "irv").await;
    b.fill("options", "North gate\nPond\nPlayground").await;
    b.shot("vote-form").await;
    b.submit("main form button[type=submit]").await;
    let opened = b.path().await;
    assert!(
        opened.starts_with(&format!("/assemblies/{slug}/votes/")),
        "{opened}: {}",
        b.body().await
    );
    let vote = format!("{base}{opened}");
    sign_in(&b, &base, ELENA).await;

    // Two options ranked first are refused, with the reason.
    b.goto(&vote).await;
    b.shot("ballot").await;
    assert_eq!(
        b.client
            .find_all(fantoccini::Locator::Css("select[name^=rank-]"))
            .await
            .unwrap()
            .len(),
        3,
        "one rank select per option"
    );
    b.choose("rank-1", "1").await;
    b.choose("rank-2", "1").await;
    b.submit("form[action$='/ballot'] button[type=submit]")
        .await;
    b.find(".error-summary").await;
    b.shot("duplicate-ranks").await;
    says_in_main(&b, "field-ballot-rank-duplicate").await;

    // The pond first, the north gate second.
    b.choose("rank-2", "1").await;
    b.choose("rank-1", "2").await;
    b.submit("form[action$='/ballot'] button[type=submit]")
        .await;
    says_in_main(&b, "vote-counted").await;
    let tracker = b.text_of(".receipt code").await;
    assert!(tracker.len() >= 20, "a tracker: {tracker}");
    b.shot("receipt").await;

    // She changes her mind: the playground first, with her tracker.
    b.goto(&vote).await;
    b.fill("tracker", &tracker).await;
    b.choose("rank-3", "1").await;
    b.submit("form:has(input[name=tracker]) button[type=submit]")
        .await;
    says_in_main(&b, "vote-changed").await;
    assert_eq!(
        b.text_of(".receipt code").await,
        tracker,
        "the same tracker"
    );

    // The vote closes (a week passes) and is counted; she finds her ballot among the
    // published ones.
    site.close_votes_after_days(8);
    b.goto(&vote).await;
    b.find("#result-heading").await;
    b.find("figure.result-chart svg").await;
    b.shot("result").await;
    b.fill("tracker", &tracker).await;
    b.submit("form[action$='/check'] button[type=submit]").await;
    says_in_main(&b, "vote-check-found").await;
    b.shot("tracker-found").await;
    b.close().await;
}
