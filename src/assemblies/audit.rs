//! The assemblies' auditor for `pactum ledger audit`: every `vote.closed` entry is
//! recounted from what the site publishes, with the tally code `pactum tally` uses.
//!
//! Rules, per closed vote:
//! - a vote closes once; its ballots are no more than its electorate, and the members
//!   present (a vote held in a meeting) no more than it either;
//! - the published list of ballot hashes has the entry's number of lines, and its
//!   SHA-256 is the entry's `ballots_sha256`;
//! - the published ballot file (BLT or CSV) holds the entry's number of ballots;
//! - counting that file with the vote's published settings and the entry's electorate
//!   (members present, electorate weight) gives, byte for byte, the published result,
//!   whose SHA-256 is the entry's `report_sha256`.
//!
//! The entries are seen in order and the recounts run at the end, over the site the
//! log was fetched from (the vote's open data, `hashes.txt` and its ballot file).

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::assemblies::model::vote::{self, Secrecy, VoteSettings};
use crate::ledger::audit::{AreaAuditor, Fetch, Finding};
use crate::voting::api::{Majority, Method, Quorum, read_input, tally};

/// The kinds this auditor replays.
pub const KINDS: &[&str] = &["vote.closed"];

/// Replays and recounts closed votes (see the module's rules).
pub struct VoteAuditor {
    fetch: Box<dyn Fetch>,
    seen: HashSet<i64>,
    closed: Vec<(u64, Map<String, Value>)>,
}

impl VoteAuditor {
    /// An auditor that fetches the published files through `fetch` (the log's site).
    pub fn new(fetch: Box<dyn Fetch>) -> VoteAuditor {
        VoteAuditor {
            fetch,
            seen: HashSet::new(),
            closed: Vec::new(),
        }
    }

    fn text(&self, path: &str) -> Result<String, String> {
        String::from_utf8(self.fetch.get(path)?).map_err(|_| format!("{path} is not UTF-8"))
    }

    /// Recounts one closed vote; the problems found, if any.
    fn recount(&self, e: &Map<String, Value>) -> Result<(), String> {
        let int = |f: &str| e.get(f).and_then(Value::as_u64);
        let text = |f: &str| e.get(f).and_then(Value::as_str).unwrap_or_default();
        let (id, slug) = (int("vote").unwrap_or(0), text("body"));
        let base = format!("/assemblies/{slug}/votes/{id}");
        let v: Value = serde_json::from_str(&self.text(&format!("/api/v1{base}"))?)
            .map_err(|e| format!("the vote's open data is not JSON: {e}"))?;
        let field = |f: &str| v.get(f).and_then(Value::as_str).unwrap_or_default();
        if field("state") != "closed" {
            return Err("the site shows the vote open".into());
        }
        let result = field("result_json");
        if crate::util::sha256_hex(result.as_bytes()) != text("report_sha256") {
            return Err("the published result's SHA-256 is not the ledger's".into());
        }
        let hashes = self.text(&format!("{base}/hashes.txt"))?;
        if crate::util::sha256_hex(hashes.as_bytes()) != text("ballots_sha256") {
            return Err("the published ballot hashes' SHA-256 is not the ledger's".into());
        }
        let ballots = int("ballots").unwrap_or(0);
        let listed = hashes.lines().filter(|l| !l.is_empty()).count() as u64;
        if listed != ballots {
            return Err(format!(
                "{listed} ballot hashes are published, the ledger says {ballots}"
            ));
        }
        let settings = settings_of(&v)?;
        let input = read_input(settings.method, &self.text(&format!("{base}/ballots"))?)
            .map_err(|e| format!("the published ballots: {e}"))?;
        if input.participation() != ballots {
            return Err(format!(
                "the published ballot file holds {} ballots, the ledger says {ballots}",
                input.participation()
            ));
        }
        let mut options =
            vote::tally_options(&settings, int("electorate").unwrap_or(0), int("present"));
        options.electorate_weight = int("electorate_weight");
        let outcome = tally(&input, &options).map_err(|e| format!("the recount fails: {e}"))?;
        let recounted = vote::result_json(&outcome)?;
        if recounted != result {
            return Err(format!(
                "the recount gives another result ({:?}, not the published {:?})",
                outcome.winners,
                v.get("winners").cloned().unwrap_or(Value::Null)
            ));
        }
        Ok(())
    }
}

/// A vote's counting settings as its open data publishes them.
fn settings_of(v: &Value) -> Result<VoteSettings, String> {
    let s = |f: &str| v.get(f).and_then(Value::as_str).unwrap_or_default();
    let n = |f: &str| v.get(f).and_then(Value::as_u64).unwrap_or(0);
    let bad = |what: &str| format!("the vote's open data has no valid {what}");
    let method = Method::parse(s("method")).map_err(|_| bad("method"))?;
    Ok(VoteSettings {
        question: s("question").to_string(),
        method,
        options: v
            .get("options")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
        seats: usize::try_from(n("seats")).map_err(|_| bad("seats"))?,
        majority: Majority::parse(s("majority")).map_err(|_| bad("majority"))?,
        quorum: match s("quorum") {
            "" => Quorum::None,
            q => Quorum::parse(q).map_err(|_| bad("quorum"))?,
        },
        secrecy: Secrecy::parse(s("secrecy")).ok_or_else(|| bad("secrecy"))?,
        block_is_veto: v
            .get("block_is_veto")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        max_score: u32::try_from(n("max_score")).map_err(|_| bad("max score"))?,
        opens_at: chrono::NaiveDateTime::default(),
        closes_at: chrono::NaiveDateTime::default(),
        meeting: None,
    })
}

impl AreaAuditor for VoteAuditor {
    fn area(&self) -> &'static str {
        "assemblies"
    }

    fn kinds(&self) -> &'static [&'static str] {
        KINDS
    }

    fn see(&mut self, index: u64, entry: &Map<String, Value>) -> Result<(), Finding> {
        let int = |f: &str| entry.get(f).and_then(Value::as_u64);
        let Some(id) = int("vote").and_then(|v| i64::try_from(v).ok()) else {
            return Err(Finding::at(index, "vote.closed names no vote"));
        };
        if !self.seen.insert(id) {
            return Err(Finding::at(index, format!("vote {id} is closed twice")));
        }
        let electorate = int("electorate").unwrap_or(0);
        for (what, n) in [
            ("ballots", int("ballots")),
            ("members present", int("present")),
        ] {
            if n.is_some_and(|n| n > electorate) {
                return Err(Finding::at(
                    index,
                    format!("vote {id}: more {what} than its electorate of {electorate}"),
                ));
            }
        }
        self.closed.push((index, entry.clone()));
        Ok(())
    }

    fn finish(self: Box<Self>) -> Vec<Finding> {
        self.closed
            .iter()
            .filter_map(|(index, e)| {
                self.recount(e).err().map(|why| {
                    let id = e.get("vote").and_then(Value::as_u64).unwrap_or(0);
                    Finding::at(*index, format!("vote {id}: {why}"))
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A site in memory: path → body.
    struct Site(Vec<(String, String)>);

    impl Fetch for Site {
        fn get(&self, path: &str) -> Result<Vec<u8>, String> {
            self.0
                .iter()
                .find(|(p, _)| p == path)
                .map(|(_, b)| b.clone().into_bytes())
                .ok_or_else(|| format!("GET {path}: 404"))
        }
    }

    /// A closed yes/no vote of three ballots as the site publishes it, and its entry.
    fn published(ballots_csv: &str) -> (Site, Value) {
        let input = read_input(Method::YesNoAbstain, ballots_csv).unwrap();
        let mut o = crate::voting::api::TallyOptions::new(Method::YesNoAbstain);
        o.electorate = Some(5);
        let result = vote::result_json(&tally(&input, &o).unwrap()).unwrap();
        let hashes = "a1\nb2\nc3";
        let v = json!({"state": "closed", "method": "yes_no_abstain", "options": [],
            "seats": 1, "majority": "simple", "quorum": "", "secrecy": "secret",
            "block_is_veto": false, "max_score": 0, "result_json": result,
            "winners": ["yes"]});
        let site = Site(vec![
            ("/api/v1/assemblies/a/votes/7".into(), v.to_string()),
            ("/assemblies/a/votes/7/hashes.txt".into(), hashes.into()),
            (
                "/assemblies/a/votes/7/ballots".into(),
                "vote\nyes\nyes\nno\n".into(),
            ),
        ]);
        let entry = json!({"kind": "vote.closed", "vote": 7, "body": "a", "electorate": 5,
            "ballots": 3, "ballots_sha256": crate::util::sha256_hex(hashes.as_bytes()),
            "report_sha256": crate::util::sha256_hex(result.as_bytes())});
        (site, entry)
    }

    fn audit(site: Site, entries: &[Value]) -> Vec<String> {
        let mut a = Box::new(VoteAuditor::new(Box::new(site)));
        let mut found = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            if let Err(f) = a.see(i as u64, e.as_object().unwrap()) {
                found.push(f.to_string());
            }
        }
        found.extend(a.finish().iter().map(ToString::to_string));
        found
    }

    #[test]
    fn a_published_vote_recounts_to_its_ledger_entry() {
        let (site, entry) = published("vote\nyes\nyes\nno\n");
        assert_eq!(audit(site, &[entry]), Vec::<String>::new());
    }

    #[test]
    fn a_changed_ballot_file_a_second_closing_or_a_wrong_count_is_found() {
        // The ballots were changed after the count: the recount differs.
        let (mut site, entry) = published("vote\nyes\nyes\nno\n");
        site.0[2].1 = "vote\nno\nno\nyes\n".into();
        let found = audit(site, std::slice::from_ref(&entry));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("the recount gives another result"),
            "{found:?}"
        );
        // Closed twice.
        let (site, entry) = published("vote\nyes\nyes\nno\n");
        let found = audit(site, &[entry.clone(), entry]);
        assert!(found[0].contains("vote 7 is closed twice"), "{found:?}");
        // More ballots than voters.
        let (site, mut entry) = published("vote\nyes\nyes\nno\n");
        entry["ballots"] = json!(6);
        let found = audit(site, &[entry]);
        assert!(
            found[0].contains("more ballots than its electorate"),
            "{found:?}"
        );
        // The ledger's list hash is not the published list's.
        let (site, mut entry) = published("vote\nyes\nyes\nno\n");
        entry["ballots_sha256"] = json!("0".repeat(64));
        let found = audit(site, &[entry]);
        assert!(found[0].contains("ballot hashes' SHA-256"), "{found:?}");
        // A site that does not publish the vote.
        let (_, entry) = published("vote\nyes\nyes\nno\n");
        let found = audit(Site(Vec::new()), &[entry]);
        assert!(found[0].contains("404"), "{found:?}");
    }
}
