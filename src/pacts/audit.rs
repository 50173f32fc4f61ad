//! The pacts' auditor for `pactum ledger audit`: replays every pact entry of the civic
//! ledger, in order, against the procedure's transition table, using only what the
//! entries carry (ids, state codes, versions, hashes).
//!
//! Rules, per pact:
//! - a step entry (`pact.publish`, `pact.signed`, ...) moves `from` → `state` by its own
//!   transition in [`Transition::target`], and its `from` is reachable from the state
//!   the previous entry left the pact in through steps the ledger does not record
//!   (submission, co-design, freezing the text, a report falling due); so nothing
//!   follows a conclusion, a rejection or a withdrawal, and nothing skips a publication;
//! - versions never go back;
//! - `pact.signed` carries the text hash it signs and `signed_version` equal to its
//!   `version`; every later entry of the pact carries that same version and hash (the
//!   signed text stays in force until a new signature); no entry carries a hash before
//!   the first signature, and a new signature is of a later version;
//! - a report is submitted while the pact is in force, one at a time, and evaluated once.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::procedure::{PactState, Transition};
use crate::ledger::audit::{AreaAuditor, Finding};

/// The pact entry kinds (as declared in `ledger::kinds`; a test keeps both lists equal).
pub const KINDS: &[&str] = &[
    "pact.publish",
    "pact.amend",
    "pact.extend",
    "pact.conclude",
    "pact.reject",
    "pact.withdraw",
    "pact.signed",
    "pact.suspend",
    "pact.resume",
    "pact.revoke",
    "pact.notice",
    "pact.notice_answered",
    "pact.notice_dismissed",
    "pact.participant_excluded",
    "pact.adherent_left",
    "pact.conciliation_opened",
    "pact.conciliation_session",
    "pact.conciliation_proposal",
    "pact.report_submitted",
    "pact.report_evaluated",
    "pact.support_delivered",
    "pact.imported",
];

/// The entries of a pact's life after signature that are not steps of the procedure
/// (notices, exclusions, conciliation, support deliveries): they need a signature
/// before them.
fn after_signature_only(kind: &str) -> bool {
    matches!(
        kind.strip_prefix("pact."),
        Some(
            "notice"
                | "notice_answered"
                | "notice_dismissed"
                | "participant_excluded"
                | "adherent_left"
                | "conciliation_opened"
                | "conciliation_session"
                | "conciliation_proposal"
                | "support_delivered"
        )
    )
}

/// What the log has said so far about one pact.
#[derive(Debug, Default)]
struct Pact {
    /// The state the last step entry left it in (none yet: a proposal).
    state: Option<PactState>,
    /// The index of that entry, for messages.
    state_at: Option<u64>,
    version: i64,
    /// `(signed_version, text_sha256)` of the last signature.
    signed: Option<(i64, String)>,
    pending_report: Option<i64>,
    submitted: HashSet<i64>,
    evaluated: HashSet<i64>,
}

/// Replays the pact entries (see the module's rules).
#[derive(Debug, Default)]
pub struct PactAuditor {
    pacts: HashMap<i64, Pact>,
}

fn text<'a>(entry: &'a Map<String, Value>, field: &str) -> Option<&'a str> {
    entry.get(field).and_then(Value::as_str)
}

fn int(entry: &Map<String, Value>, field: &str) -> Option<i64> {
    entry.get(field).and_then(Value::as_i64)
}

/// The transition a step entry records (`pact.signed` is the last signature).
fn transition(kind: &str) -> Option<Transition> {
    match kind.strip_prefix("pact.")? {
        "signed" => Some(Transition::CompleteSignatures),
        "report_submitted" | "report_evaluated" => None,
        _ if after_signature_only(kind) => None,
        other => Transition::parse(other),
    }
}

/// Whether `to` can be reached from `from` by transitions the ledger does not record.
fn reachable_off_ledger(from: PactState, to: PactState) -> bool {
    let mut seen = vec![from];
    let mut next = vec![from];
    while let Some(s) = next.pop() {
        if s == to {
            return true;
        }
        for t in Transition::ALL.iter().filter(|t| !t.on_ledger()) {
            if let Some(n) = t.target(s)
                && !seen.contains(&n)
            {
                seen.push(n);
                next.push(n);
            }
        }
    }
    false
}

fn state(entry: &Map<String, Value>, field: &str, problems: &mut Vec<String>) -> Option<PactState> {
    let code = text(entry, field).unwrap_or("");
    let s = PactState::parse(code);
    if s.is_none() {
        problems.push(format!("its {field} {code:?} is not a pact state"));
    }
    s
}

impl PactAuditor {
    /// The problems with one entry of pact `id` (the pact's record is updated anyway, to
    /// what the entry says, so one wrong entry is reported once).
    fn check(
        &mut self,
        index: u64,
        id: i64,
        kind: &str,
        entry: &Map<String, Value>,
    ) -> Vec<String> {
        let mut problems = Vec::new();
        let p = self.pacts.entry(id).or_default();
        let carried = match (int(entry, "signed_version"), text(entry, "text_sha256")) {
            (Some(v), Some(h)) => Some((v, h.to_string())),
            (None, None) => None,
            _ => {
                problems.push("it carries only one of signed_version and text_sha256".into());
                None
            }
        };
        let step = transition(kind);
        if kind == "pact.signed" {
            match &carried {
                None => problems.push("the signature carries no text hash".into()),
                Some((v, _)) if Some(*v) != int(entry, "version") => problems.push(format!(
                    "it signs version {v} but records version {:?}",
                    int(entry, "version")
                )),
                Some((v, _)) => {
                    if let Some((before, _)) = &p.signed
                        && v <= before
                    {
                        problems.push(format!(
                            "it signs version {v}, not later than the version {before} signed before"
                        ));
                    }
                }
            }
        } else if let Some((v, h)) = &p.signed {
            if carried != p.signed {
                problems.push(format!(
                    "it does not carry the signed version {v} with hash {h} of the last signature"
                ));
            }
        } else if let Some((v, h)) = &carried {
            problems.push(format!(
                "it carries signed version {v} with hash {h}, but no signature came before"
            ));
        }
        if kind == "pact.imported" {
            // A pact signed before Pactum enters the log in the state it had then;
            // later steps start from there.
            if let Some(s) = state(entry, "state", &mut problems) {
                p.state = Some(s);
                p.state_at = Some(index);
            }
            return problems;
        }
        if after_signature_only(kind) {
            if p.signed.is_none() {
                problems.push(format!("{kind} before the pact was signed"));
            }
            return problems;
        }
        if let Some(t) = step {
            let from = state(entry, "from", &mut problems);
            let to = state(entry, "state", &mut problems);
            if let (Some(from), Some(to)) = (from, to) {
                if !t.leads(from, to) {
                    problems.push(format!(
                        "{} from {} to {} is not a step of the procedure",
                        t.code(),
                        from.code(),
                        to.code()
                    ));
                }
                let here = p.state.unwrap_or(PactState::Draft);
                if !reachable_off_ledger(here, from) {
                    problems.push(match p.state_at {
                        Some(at) => format!(
                            "it starts from {}, but entry {at} left the pact {}",
                            from.code(),
                            here.code()
                        ),
                        None => format!(
                            "it starts from {}, which a proposal cannot reach without an earlier entry",
                            from.code()
                        ),
                    });
                }
                p.state = Some(to);
                p.state_at = Some(index);
            }
            match int(entry, "version") {
                Some(v) if v < p.version => problems.push(format!(
                    "its version {v} is older than version {}",
                    p.version
                )),
                Some(v) => p.version = v,
                None => problems.push("it has no version".into()),
            }
            if t == Transition::CompleteSignatures && carried.is_some() {
                p.signed = carried;
            }
        } else {
            let Some(report) = int(entry, "report") else {
                problems.push("it names no report".into());
                return problems;
            };
            if kind == "pact.report_submitted" {
                if !p.state.is_some_and(PactState::in_force) {
                    problems.push(format!(
                        "report {report} is submitted while the ledger shows the pact {}",
                        p.state.map_or("not yet signed", PactState::code)
                    ));
                }
                if let Some(open) = p.pending_report {
                    problems.push(format!(
                        "report {report} is submitted while report {open} awaits evaluation"
                    ));
                }
                if !p.submitted.insert(report) {
                    problems.push(format!("report {report} was submitted before"));
                }
                p.pending_report = Some(report);
            } else {
                if !p.submitted.contains(&report) {
                    problems.push(format!(
                        "report {report} is evaluated but was never submitted"
                    ));
                }
                if !p.evaluated.insert(report) {
                    problems.push(format!("report {report} was evaluated before"));
                }
                if p.pending_report == Some(report) {
                    p.pending_report = None;
                }
            }
        }
        problems
    }
}

impl AreaAuditor for PactAuditor {
    fn area(&self) -> &'static str {
        "pacts"
    }

    fn kinds(&self) -> &'static [&'static str] {
        KINDS
    }

    fn see(&mut self, index: u64, entry: &Map<String, Value>) -> Result<(), Finding> {
        let kind = text(entry, "kind").unwrap_or("");
        let Some(id) = int(entry, "pact") else {
            return Err(Finding::at(index, format!("{kind} names no pact")));
        };
        let problems = self.check(index, id, kind, entry);
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Finding::at(
                index,
                format!("{kind} of pact {id}: {}", problems.join("; ")),
            ))
        }
    }

    fn finish(self: Box<Self>) -> Vec<Finding> {
        // Every rule is decided entry by entry: an open report or a pact still in
        // co-design at the end of the log is normal.
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const H1: &str = "1111111111111111111111111111111111111111111111111111111111111111";
    const H2: &str = "2222222222222222222222222222222222222222222222222222222222222222";

    fn step(kind: &str, from: &str, to: &str, version: i64) -> Value {
        json!({"kind": kind, "pact": 7, "type": "ordinary", "role": "official",
               "commons": [3], "from": from, "state": to, "version": version})
    }

    fn report(kind: &str, id: i64) -> Value {
        json!({"kind": kind, "pact": 7, "type": "ordinary", "role": "proposer",
               "commons": [3], "report": id, "volunteer_hours": 4})
    }

    /// Adds the signed version and hash every entry carries once signed.
    fn signed_as(mut v: Value, version: i64, hash: &str) -> Value {
        v["signed_version"] = json!(version);
        v["text_sha256"] = json!(hash);
        v
    }

    /// A signed, monitored, amended, re-signed and concluded pact.
    fn good() -> Vec<Value> {
        vec![
            step("pact.publish", "submitted", "published", 1),
            signed_as(
                step("pact.signed", "awaiting_signatures", "signed", 2),
                2,
                H1,
            ),
            signed_as(report("pact.report_submitted", 5), 2, H1),
            signed_as(report("pact.report_evaluated", 5), 2, H1),
            signed_as(step("pact.extend", "signed", "signed", 2), 2, H1),
            signed_as(report("pact.report_submitted", 6), 2, H1),
            signed_as(step("pact.extend", "monitoring", "monitoring", 2), 2, H1),
            signed_as(report("pact.report_evaluated", 6), 2, H1),
            signed_as(step("pact.amend", "signed", "co_design", 3), 2, H1),
            signed_as(
                step("pact.signed", "awaiting_signatures", "signed", 4),
                4,
                H2,
            ),
            signed_as(step("pact.conclude", "monitoring", "concluded", 4), 4, H2),
        ]
    }

    /// The findings of a replay, as `index: message`.
    fn replay(entries: &[Value]) -> Vec<String> {
        let mut a = Box::new(PactAuditor::default());
        let mut found = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            let Value::Object(o) = e else { unreachable!() };
            if let Err(f) = a.see(i as u64, o) {
                found.push(f.to_string());
            }
        }
        found.extend(a.finish().iter().map(ToString::to_string));
        found
    }

    fn one_finding(entries: &[Value], wanted: &str) {
        let found = replay(entries);
        assert!(
            found.len() == 1 && found[0].contains(wanted),
            "wanted one finding with {wanted:?}, got {found:?}"
        );
    }

    #[test]
    fn a_pact_through_its_whole_life_is_clean() {
        assert_eq!(replay(&good()), Vec::<String>::new());
        // Other pacts interleave freely; a rejection straight from submission is fine.
        let mut other = step("pact.reject", "submitted", "rejected", 1);
        other["pact"] = json!(8);
        let mut log = good();
        log.insert(3, other);
        assert_eq!(replay(&log), Vec::<String>::new());
    }

    #[test]
    fn kinds_are_the_declared_pact_kinds() {
        let declared: Vec<&str> = crate::ledger::kinds::KINDS
            .iter()
            .map(|k| k.kind)
            .filter(|k| k.starts_with("pact."))
            .collect();
        let mut mine = KINDS.to_vec();
        mine.sort_unstable();
        let mut declared = declared;
        declared.sort_unstable();
        assert_eq!(mine, declared);
    }

    #[test]
    fn nothing_follows_a_conclusion() {
        let mut log = good();
        log.push(signed_as(
            step("pact.signed", "awaiting_signatures", "signed", 5),
            5,
            H1,
        ));
        one_finding(
            &log,
            "entry 11: pact.signed of pact 7: it starts from awaiting_signatures, but entry 10 left the pact concluded",
        );
        let mut log = good();
        log.push(signed_as(report("pact.report_submitted", 9), 4, H2));
        one_finding(&log, "while the ledger shows the pact concluded");
    }

    #[test]
    fn a_step_must_be_a_transition_of_the_procedure() {
        one_finding(
            &[step("pact.publish", "in_review", "published", 1)],
            "publish from in_review to published is not a step of the procedure",
        );
        one_finding(
            &[step("pact.reject", "submitted", "concluded", 1)],
            "reject from submitted to concluded",
        );
        one_finding(
            &[step("pact.withdraw", "submitted", "abandoned", 1)],
            "its state \"abandoned\" is not a pact state",
        );
    }

    #[test]
    fn a_step_cannot_skip_one_the_ledger_records() {
        // Concluded without ever being signed on the ledger.
        one_finding(
            &[step("pact.conclude", "signed", "concluded", 1)],
            "it starts from signed, which a proposal cannot reach",
        );
        // Signed without the publication before it.
        one_finding(
            &[signed_as(
                step("pact.signed", "awaiting_signatures", "signed", 1),
                1,
                H1,
            )],
            "it starts from awaiting_signatures",
        );
    }

    #[test]
    fn a_signature_carries_its_hash_and_what_follows_carries_the_same() {
        let mut log = good();
        log[1] = step("pact.signed", "awaiting_signatures", "signed", 2);
        // The unsigned signature, and then every entry carrying a hash nothing signed.
        let found = replay(&log[..3]);
        assert!(
            found[0].contains("entry 1: pact.signed of pact 7: the signature carries no text hash"),
            "{found:?}"
        );
        assert!(
            found[1].contains("but no signature came before"),
            "{found:?}"
        );

        let mut log = good();
        log[1] = signed_as(
            step("pact.signed", "awaiting_signatures", "signed", 2),
            1,
            H1,
        );
        one_finding(&log[..2], "it signs version 1 but records version Some(2)");

        let mut log = good();
        log[4] = signed_as(step("pact.extend", "signed", "signed", 2), 2, H2);
        one_finding(
            &log,
            "entry 4: pact.extend of pact 7: it does not carry the signed version 2 with hash",
        );

        let mut log = good();
        log[0] = signed_as(step("pact.publish", "submitted", "published", 1), 1, H1);
        one_finding(
            &log,
            "entry 0: pact.publish of pact 7: it carries signed version 1",
        );

        // A new signature signs a later version.
        let mut log = good();
        log[9] = signed_as(
            step("pact.signed", "awaiting_signatures", "signed", 2),
            2,
            H2,
        );
        log.truncate(10);
        one_finding(&log, "not later than the version 2 signed before");
    }

    #[test]
    fn versions_never_go_back() {
        let mut log = good();
        log[8] = signed_as(step("pact.amend", "signed", "co_design", 1), 2, H1);
        log.truncate(9);
        one_finding(&log, "its version 1 is older than version 2");
    }

    #[test]
    fn reports_one_at_a_time_evaluated_once() {
        let log = good();
        let mut two = log[..3].to_vec();
        two.push(signed_as(report("pact.report_submitted", 6), 2, H1));
        one_finding(
            &two,
            "report 6 is submitted while report 5 awaits evaluation",
        );

        let mut twice = log[..4].to_vec();
        twice.push(signed_as(report("pact.report_evaluated", 5), 2, H1));
        one_finding(&twice, "report 5 was evaluated before");

        let mut unknown = log[..2].to_vec();
        unknown.push(signed_as(report("pact.report_evaluated", 9), 2, H1));
        one_finding(&unknown, "report 9 is evaluated but was never submitted");

        one_finding(
            &[report("pact.report_submitted", 1)],
            "report 1 is submitted while the ledger shows the pact not yet signed",
        );
    }

    #[test]
    fn an_entry_without_a_pact_is_a_finding() {
        let mut e = step("pact.publish", "submitted", "published", 1);
        if let Some(o) = e.as_object_mut() {
            o.remove("pact");
        }
        one_finding(&[e], "pact.publish names no pact");
    }
}
