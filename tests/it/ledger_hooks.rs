//! The areas' auditors in `pactum ledger audit`: the pacts' auditor replays the demo
//! city's pacts (one in every state, walked through the real use-cases), and reports a
//! pact entry the procedure forbids even though the log itself is intact and signed.

use crate::support::in_tx;
use diesel::prelude::*;
use pactum::db::schema::ledger_entries;
use serde_json::Value;

use crate::cli::{pactum, text, url_of};
use crate::ledger_cli::{serve, wait_for_checkpoint};
use crate::support::test_database;

/// A demo city served from a fresh database, its first checkpoint signed.
struct Audited {
    dir: tempfile::TempDir,
    db: crate::support::TestDb,
    server: crate::ledger_cli::Server,
    size: u64,
}

impl Audited {
    fn start() -> Audited {
        let dir = tempfile::tempdir().unwrap();
        let db = test_database(dir.path());
        let server = serve(dir.path(), &url_of(&db), true);
        let size = wait_for_checkpoint(server.port, 1);
        Audited {
            dir,
            db,
            server,
            size,
        }
    }

    /// `pactum ledger audit` of the site: its exit status and standard output.
    fn audit(&self) -> (Option<i32>, String) {
        let (base, key) = (self.server.base(), self.server.key());
        let o = pactum(
            self.dir.path(),
            None,
            &[],
            &["ledger", "audit", "--url", &base, "--key", &key],
        );
        (o.status.code(), text(&o).0)
    }

    /// The log's entries up to the first checkpoint, as JSON.
    fn entries(&self, conn: &mut pactum::db::DbConn) -> Vec<Value> {
        ledger_entries::table
            .filter(ledger_entries::idx.lt(i64::try_from(self.size).unwrap()))
            .order(ledger_entries::idx)
            .select(ledger_entries::body)
            .load::<String>(&mut **conn)
            .unwrap()
            .iter()
            .map(|b| serde_json::from_str(b).unwrap())
            .collect()
    }
}

#[test]
fn the_pact_auditor_replays_real_pacts_and_reports_an_entry_the_procedure_forbids() {
    let site = Audited::start();
    let audit = || site.audit();
    let pactum_db = pactum::db::Db::connect(&site.db.url, 1).unwrap();
    let mut conn = pactum_db.get().unwrap();
    let entries = site.entries(&mut conn);
    let pact_entries = entries
        .iter()
        .filter(|e| e["kind"].as_str().unwrap().starts_with("pact."))
        .count();
    assert!(pact_entries >= 5, "the demo's pacts are on the ledger");

    // Every pact entry of the demo is replayed, and the procedure holds.
    let (code, out) = audit();
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains(&format!("pacts rules hold over {pact_entries} entries")),
        "{out}"
    );

    // A report on a concluded pact, appended as the application would (a declared kind,
    // well-typed fields): the log stays intact, the pacts' rules do not.
    let concluded = entries
        .iter()
        .find(|e| e["kind"] == "pact.conclude")
        .expect("the demo has a concluded pact");
    let mut forged = pactum::ledger::entry::Entry::new("pact.report_submitted")
        .with("report", 999_999)
        .with("volunteer_hours", 3)
        .with("role", "proposer");
    for field in ["pact", "type", "commons", "signed_version", "text_sha256"] {
        forged = forged.with(field, concluded[field].clone());
    }
    let index = in_tx(&mut conn, |cx| pactum::ledger::kinds::append(cx, &forged)).unwrap();
    wait_for_checkpoint(site.server.port, u64::try_from(index).unwrap() + 1);
    let (code, out) = audit();
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.starts_with("FAILED: the log is intact, but its entries break an area's rules"),
        "{out}"
    );
    let wanted = format!(
        "pacts: entry {index}: pact.report_submitted of pact {}: report 999999 is submitted while the ledger shows the pact concluded",
        concluded["pact"]
    );
    assert!(out.contains(&wanted), "{out}");
}

#[test]
fn the_vote_auditor_recounts_the_demo_votes_and_reports_a_changed_ballot() {
    let site = Audited::start();
    let audit = || site.audit();
    let pactum_db = pactum::db::Db::connect(&site.db.url, 1).unwrap();
    let mut conn = pactum_db.get().unwrap();
    let closed: Vec<Value> = site
        .entries(&mut conn)
        .into_iter()
        .filter(|e| e["kind"] == "vote.closed")
        .collect();
    assert!(!closed.is_empty(), "the demo has closed votes");

    // Every closed vote of the demo recounts to its ledger entry.
    let (code, out) = audit();
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains(&format!(
            "assemblies rules hold over {} entries",
            closed.len()
        )),
        "{out}"
    );

    // One stored ballot of a closed vote is changed: the published ballots no longer
    // count to the published result, whose hash the ledger holds.
    let vote = closed
        .iter()
        .find(|e| e["method"] == "yes_no_abstain" && e["ballots"].as_i64() > Some(0))
        .expect("a closed yes/no vote with ballots");
    let id = vote["vote"].as_i64().unwrap();
    use pactum::db::schema::vote_ballots as vb;
    let (hash, ballot): (String, String) = vb::table
        .filter(vb::vote_id.eq(id))
        .select((vb::ballot_sha256, vb::ballot))
        .first(&mut *conn)
        .unwrap();
    let other = if ballot == "no" { "yes" } else { "no" };
    diesel::update(
        vb::table
            .filter(vb::vote_id.eq(id))
            .filter(vb::ballot_sha256.eq(&hash)),
    )
    .set(vb::ballot.eq(other))
    .execute(&mut *conn)
    .unwrap();
    let (code, out) = audit();
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("assemblies: entry") && out.contains(&format!("vote {id}: ")),
        "{out}"
    );
}

#[test]
fn the_token_auditor_replays_the_demo_programme_to_the_supply_the_site_publishes() {
    let site = Audited::start();
    let audit = || site.audit();
    let pactum_db = pactum::db::Db::connect(&site.db.url, 1).unwrap();
    let mut conn = pactum_db.get().unwrap();
    let tokens = site
        .entries(&mut conn)
        .into_iter()
        .filter(|e| {
            let k = e["kind"].as_str().unwrap();
            // Publications and accreditations are not movements of the book.
            k.starts_with("token.")
                && !matches!(
                    k,
                    "token.methodology_published" | "token.verifier_accredited"
                )
        })
        .count();
    assert!(
        tokens >= 20,
        "the demo's token steps are on the ledger ({tokens})"
    );

    // Issuance, transfers, spending and exchange replay to the supply the programme
    // publishes for the audited size.
    let (code, out) = audit();
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains(&format!("tokens rules hold over {tokens} entries")),
        "{out}"
    );

    // The site's record of a spend is changed: the ledger still says what was spent,
    // the site now publishes something else, and the audit names the figure.
    use pactum::db::schema::token_transfers as t;
    let spend: i64 = t::table
        .filter(t::code.eq("spend"))
        .select(t::id)
        .first(&mut *conn)
        .unwrap();
    diesel::update(t::table.find(spend))
        .set(t::amount.eq(t::amount + 1))
        .execute(&mut *conn)
        .unwrap();
    let (code, out) = audit();
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains(
            "tokens: programme valdora-decarbonisation-rewards: the site publishes spent ="
        ),
        "{out}"
    );
}
