//! The demo city's decarbonisation tokens, loaded into a fresh database: the book is
//! sound (`pactum tokens check`), the ledger alone replays it (`pactum ledger audit`'s
//! tokens auditor), every claim state is shown, the civic fund has the city's deposit
//! and two sponsors', and tokens were spent, transferred and exchanged (held, paid and
//! voided), all without a name or an e-mail on the ledger.

use diesel::prelude::*;
use pactum::db::schema::{
    ledger_entries, token_claims, token_exchanges, token_fund_deposits, token_issuances,
    token_reviews, token_spends, token_transfers,
};
use pactum::tokens::service::{check, claims, wallet};
use pactum::tokens::store::{self, Holder};

use crate::support::TestApp;

fn demo() -> TestApp {
    let app = TestApp::new();
    let mut conn = app.state.db.get().unwrap();
    assert!(pactum::demo::load(&mut conn, pactum::config::HashCost::Fast).unwrap());
    drop(conn);
    app
}

fn person(conn: &mut pactum::db::DbConn, email: &str) -> i64 {
    use pactum::db::schema::users;
    users::table
        .filter(users::email.eq(email))
        .select(users::id)
        .first(&mut **conn)
        .unwrap()
}

fn demo_email(name: &str) -> String {
    format!("{name}@demo.pactum.example.org")
}

/// Feeds the entries, in index order, to the tokens' auditor; its findings.
fn replay(entries: &[serde_json::Value]) -> Vec<String> {
    use pactum::ledger::audit::AreaAuditor;
    let mut a: Box<dyn AreaAuditor> = pactum::tokens::api::ledger_auditor();
    let mut found = Vec::new();
    let mut seen = 0;
    for (i, e) in entries.iter().enumerate() {
        let obj = e.as_object().unwrap();
        if a.kinds().contains(&obj["kind"].as_str().unwrap()) {
            seen += 1;
            if let Err(f) = a.see(i as u64, obj) {
                found.push(f.to_string());
            }
        }
    }
    found.extend(a.finish().into_iter().map(|f| f.to_string()));
    assert!(seen > 30, "only {seen} token entries on the ledger");
    found
}

#[test]
fn the_demo_tokens_book_is_sound_and_the_ledger_replays_it() {
    let app = demo();
    let mut conn = app.state.db.get().unwrap();
    let broken = check::all_in(&mut conn).unwrap();
    assert!(broken.is_empty(), "invariants broken: {broken:#?}");
    let bodies: Vec<String> = ledger_entries::table
        .order(ledger_entries::idx)
        .select(ledger_entries::body)
        .load(&mut *conn)
        .unwrap();
    let entries: Vec<serde_json::Value> = bodies
        .iter()
        .map(|b| serde_json::from_str(b).unwrap())
        .collect();
    assert_eq!(replay(&entries), Vec::<String>::new());
    // The ledger holds pseudonyms and hashes: no person, sponsor or asset by name.
    let all = bodies.join("\n");
    for p in pactum::demo::PEOPLE {
        assert!(
            !all.contains(p.email) && !all.contains(p.name),
            "{}",
            p.name
        );
    }
    for secret in [
        "Valdora Tram Company",
        "Cooperativa Energia Verde",
        "VAL-PV-0012",
        "inverter",
    ] {
        assert!(!all.contains(secret), "{secret} is on the ledger");
    }
    // Loading again changes nothing.
    assert!(!pactum::demo::load(&mut conn, pactum::config::HashCost::Fast).unwrap());
    assert_eq!(app.count("token_programmes"), 1);
}

#[test]
fn the_demo_shows_claims_in_every_state_with_two_verifiers_above_the_threshold() {
    let app = demo();
    let mut conn = app.state.db.get().unwrap();
    let states: Vec<String> = token_claims::table
        .select(token_claims::state)
        .load(&mut *conn)
        .unwrap();
    let count = |s: &str| states.iter().filter(|x| *x == s).count();
    for s in [
        "submitted",
        "info_requested",
        "second_review",
        "rejected",
        "withdrawn",
    ] {
        assert_eq!(count(s), 1, "{s}: {states:?}");
    }
    assert_eq!(count("issued"), 5, "{states:?}");
    assert_eq!(app.count("token_issuances"), 5);
    assert_eq!(app.count("token_methodologies"), 3);
    assert_eq!(app.count("token_verifiers"), 2);
    assert_eq!(app.count("token_points"), 3);
    // The worked examples: 3 kWp of PV, 1,000 km by e-bike, the heat pump.
    let tokens: Vec<i64> = token_claims::table
        .select(token_claims::tokens)
        .load(&mut *conn)
        .unwrap();
    for t in [686, 159, 1946] {
        assert!(tokens.contains(&t), "{t} in {tokens:?}");
    }
    // Every issuance above 500 tokens was approved by two different verifiers.
    let big: Vec<i64> = token_claims::table
        .filter(token_claims::state.eq("issued"))
        .filter(token_claims::tokens.gt(500))
        .select(token_claims::id)
        .load(&mut *conn)
        .unwrap();
    assert!(!big.is_empty());
    for id in big {
        let mut approvers: Vec<i64> = token_reviews::table
            .filter(token_reviews::claim_id.eq(id))
            .filter(token_reviews::decision.eq("approve"))
            .select(token_reviews::user_id)
            .load(&mut *conn)
            .unwrap();
        approvers.sort();
        approvers.dedup();
        assert_eq!(approvers.len(), 2, "claim {id}");
    }
    // Batches are named after the city, the programme, the year and the method.
    let batches: Vec<String> = token_issuances::table
        .select(token_issuances::batch)
        .load(&mut *conn)
        .unwrap();
    assert!(
        batches.iter().any(|b| b == "VALDORA-DECARB-2025-PV01-0001"),
        "{batches:?}"
    );
    assert!(batches.iter().all(|b| b.starts_with("VALDORA-DECARB-")));
    // The rejection and the requests for more say why.
    let reasons: Vec<(String, String)> = token_reviews::table
        .filter(token_reviews::decision.eq_any(["reject", "ask"]))
        .select((token_reviews::decision, token_reviews::reason))
        .load(&mut *conn)
        .unwrap();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert!(reasons.iter().all(|(_, r)| r.len() > 40), "{reasons:?}");
    // The cooperative's claim: filed by a member for the group, and Davide, a verifier
    // in the group, is kept off it (Elena verified it).
    let davide = person(&mut conn, &demo_email("davide.moretti"));
    let elena = person(&mut conn, &demo_email("elena.russo"));
    let group_claim: i64 = token_claims::table
        .filter(token_claims::group_id.is_not_null())
        .select(token_claims::id)
        .first(&mut *conn)
        .unwrap();
    let c = claims::load(&mut conn, group_claim).unwrap();
    let davide_who = pactum::accounts::api::Who {
        id: davide,
        roles: vec![pactum::kit::roles::Role::Verifier],
        verified: true,
    };
    let facts = claims::facts(&mut conn, &c, Some(&davide_who)).unwrap();
    assert!(facts.group_member && facts.accredited && !facts.filed);
    let mut queued = facts.clone();
    queued.state = pactum::tokens::model::review::ClaimState::Submitted;
    assert!(
        pactum::tokens::policy::may(
            Some(&davide_who),
            &pactum::tokens::policy::Object::Claim(queued),
            pactum::tokens::policy::Action::Review,
        )
        .is_err()
    );
    let reviewers: Vec<i64> = token_reviews::table
        .filter(token_reviews::claim_id.eq(group_claim))
        .filter(token_reviews::decision.ne("answer"))
        .select(token_reviews::user_id)
        .load(&mut *conn)
        .unwrap();
    assert!(!reviewers.is_empty() && reviewers.iter().all(|r| *r == elena));
}

#[test]
fn the_demo_fund_has_the_city_and_two_sponsors_and_tokens_were_spent_and_exchanged() {
    let app = demo();
    let mut conn = app.state.db.get().unwrap();
    let deposits: Vec<(bool, String, i64)> = token_fund_deposits::table
        .select((
            token_fund_deposits::by_city,
            token_fund_deposits::sponsor,
            token_fund_deposits::cents,
        ))
        .load(&mut *conn)
        .unwrap();
    assert_eq!(deposits.len(), 3);
    let sponsors: Vec<&(bool, String, i64)> = deposits.iter().filter(|d| !d.0).collect();
    assert_eq!(sponsors.len(), 2, "{deposits:?}");
    assert!(sponsors.iter().all(|d| !d.1.is_empty()));
    let purposes: Vec<String> = token_fund_deposits::table
        .select(token_fund_deposits::purpose)
        .load(&mut *conn)
        .unwrap();
    assert!(
        purposes
            .iter()
            .all(|p| !p.to_lowercase().contains("offset")),
        "{purposes:?}"
    );
    let p = store::programme_by_slug(&mut conn, pactum::demo::tokens::PROGRAMME).unwrap();
    assert_eq!(p.code, "DECARB");
    assert_eq!(
        (p.buffer_bp, p.second_verifier_tokens, p.rate_cents),
        (500, 500, 10)
    );
    let fund = wallet::fund(&mut conn, p.id).unwrap();
    assert_eq!(
        (fund.deposited, fund.paid, fund.reserved),
        (730_000, 3_000, 2_500)
    );
    // Spends at all three points, vouchers checked by the point's office and by the
    // coordinating office.
    assert_eq!(app.count("token_spends"), 8);
    let points: Vec<i64> = token_spends::table
        .select(token_spends::point_id)
        .distinct()
        .load(&mut *conn)
        .unwrap();
    assert_eq!(points.len(), 3);
    let redeemed: i64 = token_spends::table
        .filter(token_spends::redeemed_at.is_not_null())
        .count()
        .get_result(&mut *conn)
        .unwrap();
    assert_eq!(redeemed, 2);
    let transfers: i64 = token_transfers::table
        .filter(token_transfers::code.eq("transfer"))
        .count()
        .get_result(&mut *conn)
        .unwrap();
    assert_eq!(transfers, 1);
    let mut states: Vec<String> = token_exchanges::table
        .select(token_exchanges::state)
        .load(&mut *conn)
        .unwrap();
    states.sort();
    assert_eq!(states, ["held", "paid", "voided"]);
    let void_reason: Option<String> = token_exchanges::table
        .filter(token_exchanges::state.eq("voided"))
        .select(token_exchanges::reason)
        .first(&mut *conn)
        .unwrap();
    assert!(void_reason.is_some_and(|r| !r.trim().is_empty()));
    // What each holder is left with.
    let balance = |conn: &mut pactum::db::DbConn, h: Holder| {
        store::holder_account(conn, p.id, h)
            .unwrap()
            .map(|a| a.balance)
            .unwrap_or(0)
    };
    for (name, left) in [
        ("chiara.romano", 281),
        ("sofie.devries", 81),
        ("ahmed.benali", 395),
        ("giulia.rossi", 294),
        ("paolo.esposito", 20),
    ] {
        let id = person(&mut conn, &demo_email(name));
        assert_eq!(balance(&mut conn, Holder::Person(id)), left, "{name}");
    }
    let group: i64 = token_claims::table
        .filter(token_claims::group_id.is_not_null())
        .select(token_claims::group_id.assume_not_null())
        .first(&mut *conn)
        .unwrap();
    assert_eq!(balance(&mut conn, Holder::Group(group)), 434 - 100);
}
