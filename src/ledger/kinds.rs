//! Every kind of entry the application puts on the civic ledger, with the type of each
//! of its fields: the one place that says what may be there. A field holds only a value
//! Pactum generates or validates against a strict pattern (ids, counts, hashes, codes,
//! slugs, dates, pseudonyms); anything a person typed goes there as its SHA-256, never
//! as itself. The domain code appends through [`append`], which refuses an entry that
//! does not match its declaration; a test walks every kind.

use serde_json::{Map, Value};

use super::entry::Entry;
use crate::db::AnyConnection;
use crate::error::AppError;

/// What a field may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// A database id: an integer from 1.
    Id,
    /// A list of ids.
    Ids,
    /// A count or a version number: an integer from 0.
    Int,
    /// A SHA-256 as 64 lower-case hex digits.
    Hash,
    /// A code of the application (`published`, `green_area`): lower_snake_case.
    Code,
    /// A slug the application made (an office, a district): `a-z 0-9` and single dashes.
    Slug,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A person's pseudonym: `u_` and 20 hex digits.
    Pseudonym,
    /// A pseudonym, or `system` when the platform acted.
    Actor,
    /// Who signed: `proposer:`, `cosigner:` or `city/<office slug>:` (`city:` before
    /// signatures named their office) and a pseudonym, as a list.
    Signers,
    /// A methodology and its version: `PV01@1`.
    Methodology,
    /// A token batch: `VALDORA-DECARB-2026-PV01-0007`.
    Batch,
    /// A token account: a holder's pseudonym (`t_` and 20 hex digits) or a system
    /// account of the programme (`issuance`, `buffer`, `retired`, `exchange_hold`).
    Account,
}

/// Whether a field must be present.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Required,
    Optional,
}

use Field::*;
use Need::{Optional, Required};

/// One declared field.
pub type FieldSpec = (&'static str, Field, Need);

/// One kind of entry and its fields (the union of the listed groups).
#[derive(Debug, Clone, Copy)]
pub struct Kind {
    pub kind: &'static str,
    pub fields: &'static [&'static [FieldSpec]],
}

impl Kind {
    pub fn field(&self, name: &str) -> Option<&'static FieldSpec> {
        self.fields
            .iter()
            .flat_map(|g| g.iter())
            .find(|f| f.0 == name)
    }

    pub fn all_fields(&self) -> impl Iterator<Item = &'static FieldSpec> + use<> {
        self.fields.iter().flat_map(|g| g.iter())
    }
}

const ROLE: &[FieldSpec] = &[
    ("user", Pseudonym, Required),
    ("role", Code, Required),
    ("by", Actor, Required),
];

const COMMONS: &[FieldSpec] = &[
    ("commons", Id, Required),
    ("category", Code, Required),
    ("by", Pseudonym, Required),
    ("proposer", Pseudonym, Required),
    ("group", Id, Optional),
    ("district", Slug, Optional),
];

/// A duplicate commons merged into another.
const MERGE: &[FieldSpec] = &[
    ("commons", Id, Required),
    ("into", Id, Required),
    ("by", Pseudonym, Required),
];

/// What every pact entry carries (see `pacts::store::ledger_entry`).
const PACT: &[FieldSpec] = &[
    ("pact", Id, Required),
    ("type", Code, Required),
    ("role", Code, Required),
    ("commons", Ids, Required),
    ("by", Pseudonym, Optional),
    ("office", Slug, Optional),
    ("district", Slug, Optional),
    ("signed_version", Int, Optional),
    ("text_sha256", Hash, Optional),
];

/// A pact signed before Pactum, imported with its scanned PDF: the state it was in,
/// the scan's SHA-256, the day it was signed (no names: the parties stay on the site).
const IMPORTED: &[FieldSpec] = &[
    ("state", Code, Required),
    ("pdf_sha256", Hash, Required),
    ("signed_on", Date, Optional),
];

/// A step of the procedure.
const STEP: &[FieldSpec] = &[
    ("from", Code, Required),
    ("state", Code, Required),
    ("version", Int, Required),
    ("end_date", Date, Optional),
    // The executive act number an official typed: only its SHA-256.
    ("act_sha256", Hash, Optional),
];

const SIGNED: &[FieldSpec] = &[
    ("signers", Signers, Required),
    ("start_date", Date, Required),
    ("end_date", Date, Required),
    ("support_lines", Int, Required),
    ("group", Id, Optional),
];

const REPORT: &[FieldSpec] = &[("report", Id, Required), ("volunteer_hours", Int, Required)];

const EVALUATION: &[FieldSpec] = &[("evaluation", Code, Required)];

/// A delivery of the city's support to a pact in force: the line's position in the
/// signed text and its kind, the amount and the day; what was delivered (typed by the
/// office) only as its SHA-256.
const DELIVERY: &[FieldSpec] = &[
    ("delivery", Id, Required),
    ("line", Int, Required),
    ("support_kind", Code, Required),
    ("value_cents", Int, Required),
    ("delivered_on", Date, Required),
    ("what_sha256", Hash, Required),
];

/// A written notice of serious breach: its id, the last day to answer, and the
/// SHA-256 of the reasons the city wrote (of the answer, of the dismissal's reasons).
const NOTICE: &[FieldSpec] = &[
    ("notice", Id, Required),
    ("answer_due", Date, Optional),
    ("reasons_sha256", Hash, Optional),
    ("answer_sha256", Hash, Optional),
];

/// A participant excluded (with the SHA-256 of the reasons) or an adherent leaving.
const PARTICIPANT: &[FieldSpec] = &[
    ("participant", Pseudonym, Required),
    ("reasons_sha256", Hash, Optional),
];

/// A conciliation: the subject's SHA-256 when opened, a session's date and the
/// minutes' SHA-256, the committee's proposal's SHA-256.
const CONCILIATION: &[FieldSpec] = &[
    ("conciliation", Id, Required),
    ("subject_sha256", Hash, Optional),
    ("held_on", Date, Optional),
    ("minutes_sha256", Hash, Optional),
    ("proposal_sha256", Hash, Optional),
];

/// A call (*avviso*) of an office: its id, kind and office, and who published it (none
/// for a competition, which a complex pact's publication opens).
const CALL: &[FieldSpec] = &[
    ("call", Id, Required),
    ("call_kind", Code, Required),
    ("office", Slug, Required),
    ("by", Pseudonym, Optional),
];

/// A call published: its deadline, the commons it offers or the pact whose publication
/// opened it, and what the office wrote (title, description, theme, criteria, support
/// offered) only as one SHA-256.
const CALL_PUBLISHED: &[FieldSpec] = &[
    ("deadline", Date, Required),
    ("text_sha256", Hash, Required),
    ("commons", Id, Optional),
    ("origin", Id, Optional),
];

/// The office's choice: the answer chosen among the answers compared, and the SHA-256
/// of its reasons.
const CALL_CHOSEN: &[FieldSpec] = &[
    ("chosen", Id, Required),
    ("answers", Ids, Required),
    ("reasons_sha256", Hash, Required),
];

/// A call cancelled before a choice: the SHA-256 of the reasons.
const CALL_CANCELLED: &[FieldSpec] = &[("reasons_sha256", Hash, Required)];

/// A body's recommendation to an office of the city: ids, slugs and codes, and the
/// sent text and the answer's text only as their SHA-256 (no person).
const RECOMMENDATION: &[FieldSpec] = &[
    ("recommendation", Id, Required),
    ("body", Slug, Required),
    ("office", Slug, Required),
];

const SENT: &[FieldSpec] = &[
    ("motion", Id, Required),
    ("vote", Id, Required),
    ("text_sha256", Hash, Required),
];

const ANSWERED: &[FieldSpec] = &[
    ("answer", Code, Required),
    ("answer_sha256", Hash, Optional),
    ("pact", Id, Optional),
];

/// A closed vote of an assembly or chamber: what anyone needs to recount it from the
/// published ballots (their list's hash) and to check the published report.
const VOTE: &[FieldSpec] = &[
    ("vote", Id, Required),
    ("body", Slug, Required),
    ("method", Code, Required),
    ("secrecy", Code, Required),
    ("verdict", Code, Required),
    ("electorate", Int, Required),
    ("ballots", Int, Required),
    ("ballots_sha256", Hash, Required),
    ("report_sha256", Hash, Required),
    ("motion", Id, Optional),
    // An amendment's own vote; and the SHA-256 of the text the vote decided (the
    // motion's version, or the amendment's proposed text).
    ("amendment", Id, Optional),
    ("text_sha256", Hash, Optional),
    // Held in a meeting: the electorate's members present (the quorum's measure).
    ("present", Int, Optional),
    // A double majority: the members the electorate's organisations represent.
    ("electorate_weight", Int, Optional),
];

/// Every token entry names its programme.
const PROGRAMME: &[FieldSpec] = &[("programme", Slug, Required)];

/// A programme's published terms.
const TERMS: &[FieldSpec] = &[
    ("buffer_bp", Int, Required),
    ("second_verifier_tokens", Int, Required),
    ("rate_cents", Int, Required),
    ("transferable", Code, Required),
    ("by", Pseudonym, Required),
];

const METHODOLOGY: &[FieldSpec] = &[
    ("methodology", Methodology, Required),
    ("document_sha256", Hash, Required),
    ("by", Pseudonym, Required),
];

const ACCREDITED: &[FieldSpec] = &[
    ("verifier", Pseudonym, Required),
    ("by", Pseudonym, Required),
];

/// A verifier's decision on a claim: the claim's content only as its SHA-256 (the
/// activity data, the period, the asset and the evidence files' hashes), the reasons
/// only as theirs.
const REVIEW: &[FieldSpec] = &[
    ("claim", Id, Required),
    ("methodology", Methodology, Required),
    ("decision", Code, Required),
    ("verifier", Pseudonym, Required),
    ("tokens", Int, Required),
    ("claim_sha256", Hash, Required),
    ("reason_sha256", Hash, Optional),
];

/// One movement of the token book, as the auditor replays it.
const MOVE: &[FieldSpec] = &[
    ("transfer", Id, Required),
    ("from", Account, Required),
    ("to", Account, Required),
    ("amount", Int, Required),
];

const ISSUED: &[FieldSpec] = &[
    ("claim", Id, Required),
    ("methodology", Methodology, Required),
    ("batch", Batch, Required),
    ("serial_first", Int, Required),
    ("serial_last", Int, Required),
    ("avoided_grams", Int, Required),
    ("holder", Account, Required),
    ("holder_tokens", Int, Required),
    ("buffer_tokens", Int, Required),
    // The transfers that credited the holder and the buffer (a buffer share of 0 has none).
    ("holder_transfer", Id, Optional),
    ("buffer_transfer", Id, Optional),
];

const SPENT: &[FieldSpec] = &[("point", Slug, Required), ("spend", Id, Required)];

const EXCHANGE: &[FieldSpec] = &[
    ("exchange", Id, Required),
    ("cents", Int, Required),
    ("by", Pseudonym, Optional),
];

/// A deposit into the civic fund: the sponsor's name is public on the site, here
/// only its SHA-256.
const DEPOSIT: &[FieldSpec] = &[
    ("deposit", Id, Required),
    ("cents", Int, Required),
    ("source", Code, Required),
    ("sponsor_sha256", Hash, Required),
    ("by", Pseudonym, Required),
];

/// Every kind the application appends.
pub const KINDS: &[Kind] = &[
    Kind {
        kind: "role.granted",
        fields: &[ROLE],
    },
    Kind {
        kind: "role.revoked",
        fields: &[ROLE],
    },
    Kind {
        kind: "commons.recognised",
        fields: &[COMMONS],
    },
    Kind {
        kind: "commons.dormant",
        fields: &[COMMONS],
    },
    Kind {
        kind: "commons.revived",
        fields: &[COMMONS],
    },
    Kind {
        kind: "commons.retired",
        fields: &[COMMONS],
    },
    Kind {
        kind: "commons.merged",
        fields: &[MERGE],
    },
    Kind {
        kind: "pact.publish",
        fields: &[PACT, STEP],
    },
    Kind {
        kind: "pact.amend",
        fields: &[PACT, STEP],
    },
    Kind {
        kind: "pact.extend",
        fields: &[PACT, STEP],
    },
    Kind {
        kind: "pact.conclude",
        fields: &[PACT, STEP],
    },
    Kind {
        kind: "pact.reject",
        fields: &[PACT, STEP],
    },
    Kind {
        kind: "pact.withdraw",
        fields: &[PACT, STEP],
    },
    Kind {
        kind: "pact.signed",
        fields: &[PACT, STEP, SIGNED],
    },
    Kind {
        kind: "pact.suspend",
        fields: &[PACT, STEP],
    },
    Kind {
        kind: "pact.resume",
        fields: &[PACT, STEP],
    },
    Kind {
        kind: "pact.revoke",
        fields: &[PACT, STEP],
    },
    Kind {
        kind: "pact.notice",
        fields: &[PACT, NOTICE],
    },
    Kind {
        kind: "pact.notice_answered",
        fields: &[PACT, NOTICE],
    },
    Kind {
        kind: "pact.notice_dismissed",
        fields: &[PACT, NOTICE],
    },
    Kind {
        kind: "pact.participant_excluded",
        fields: &[PACT, PARTICIPANT],
    },
    Kind {
        kind: "pact.adherent_left",
        fields: &[PACT, PARTICIPANT],
    },
    Kind {
        kind: "pact.conciliation_opened",
        fields: &[PACT, CONCILIATION],
    },
    Kind {
        kind: "pact.conciliation_session",
        fields: &[PACT, CONCILIATION],
    },
    Kind {
        kind: "pact.conciliation_proposal",
        fields: &[PACT, CONCILIATION],
    },
    Kind {
        kind: "pact.report_submitted",
        fields: &[PACT, REPORT],
    },
    Kind {
        kind: "pact.report_evaluated",
        fields: &[PACT, REPORT, EVALUATION],
    },
    Kind {
        kind: "pact.support_delivered",
        fields: &[PACT, DELIVERY],
    },
    Kind {
        kind: "pact.imported",
        fields: &[PACT, IMPORTED],
    },
    Kind {
        kind: "call.published",
        fields: &[CALL, CALL_PUBLISHED],
    },
    Kind {
        kind: "call.chosen",
        fields: &[CALL, CALL_CHOSEN],
    },
    Kind {
        kind: "call.cancelled",
        fields: &[CALL, CALL_CANCELLED],
    },
    Kind {
        kind: "vote.closed",
        fields: &[VOTE],
    },
    Kind {
        kind: "recommendation.sent",
        fields: &[RECOMMENDATION, SENT],
    },
    Kind {
        kind: "recommendation.answered",
        fields: &[RECOMMENDATION, ANSWERED],
    },
    Kind {
        kind: "token.programme",
        fields: &[PROGRAMME, TERMS],
    },
    Kind {
        kind: "token.methodology_published",
        fields: &[METHODOLOGY],
    },
    Kind {
        kind: "token.verifier_accredited",
        fields: &[PROGRAMME, ACCREDITED],
    },
    Kind {
        kind: "token.claim_reviewed",
        fields: &[PROGRAMME, REVIEW],
    },
    Kind {
        kind: "token.issued",
        fields: &[PROGRAMME, ISSUED],
    },
    Kind {
        kind: "token.transferred",
        fields: &[PROGRAMME, MOVE],
    },
    Kind {
        kind: "token.spent",
        fields: &[PROGRAMME, MOVE, SPENT],
    },
    Kind {
        kind: "token.exchange_held",
        fields: &[PROGRAMME, MOVE, EXCHANGE],
    },
    Kind {
        kind: "token.exchange_paid",
        fields: &[PROGRAMME, MOVE, EXCHANGE],
    },
    Kind {
        kind: "token.exchange_voided",
        fields: &[PROGRAMME, MOVE, EXCHANGE],
    },
    Kind {
        kind: "token.fund_deposit",
        fields: &[PROGRAMME, DEPOSIT],
    },
];

pub fn kind(name: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.kind == name)
}

fn all(s: &str, ok: impl Fn(char) -> bool) -> bool {
    !s.is_empty() && s.chars().all(ok)
}

fn is_hex(s: &str, len: usize) -> bool {
    s.len() == len && all(s, |c| c.is_ascii_digit() || ('a'..='f').contains(&c))
}

fn is_pseudonym(s: &str) -> bool {
    s.strip_prefix("u_").is_some_and(|h| is_hex(h, 20))
}

fn is_code(s: &str) -> bool {
    s.len() <= 40
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && all(s, |c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'
        })
}

fn is_slug(s: &str) -> bool {
    s.len() <= 60
        && s.split('-')
            .all(|p| all(p, |c| c.is_ascii_lowercase() || c.is_ascii_digit()))
}

fn is_date(s: &str) -> bool {
    s.len() == 10 && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

fn is_signer(s: &str) -> bool {
    s.split_once(':').is_some_and(|(party, who)| {
        let party_ok = match party.split_once('/') {
            // A city signature names the office it is for: `city/<office slug>`.
            Some(("city", office)) => is_slug(office),
            Some(_) => false,
            None => matches!(party, "proposer" | "cosigner" | "city"),
        };
        party_ok && is_pseudonym(who)
    })
}

fn is_upper_part(s: &str) -> bool {
    s.len() <= 24 && all(s, |c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

fn is_methodology(s: &str) -> bool {
    s.split_once('@').is_some_and(|(code, v)| {
        is_upper_part(code) && v.len() <= 6 && all(v, |c| c.is_ascii_digit()) && !v.starts_with('0')
    })
}

fn is_batch(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    s.len() <= 100 && parts.len() == 5 && parts.iter().all(|p| is_upper_part(p))
}

fn is_account(s: &str) -> bool {
    matches!(s, "issuance" | "buffer" | "retired" | "exchange_hold")
        || s.strip_prefix("t_").is_some_and(|h| is_hex(h, 20))
}

/// Whether a value has the declared type.
pub fn matches(field: Field, v: &Value) -> bool {
    let id = |v: &Value| v.as_i64().is_some_and(|n| n >= 1);
    let text = |v: &Value, ok: fn(&str) -> bool| v.as_str().is_some_and(ok);
    match field {
        Id => id(v),
        Ids => v.as_array().is_some_and(|a| a.iter().all(id)),
        Int => v.as_i64().is_some_and(|n| n >= 0),
        Hash => text(v, |s| is_hex(s, 64)),
        Code => text(v, is_code),
        Slug => text(v, is_slug),
        Date => text(v, is_date),
        Pseudonym => text(v, is_pseudonym),
        Actor => text(v, |s| s == "system" || is_pseudonym(s)),
        Signers => v
            .as_array()
            .is_some_and(|a| a.iter().all(|s| text(s, is_signer))),
        Methodology => text(v, is_methodology),
        Batch => text(v, is_batch),
        Account => text(v, is_account),
    }
}

/// Checks fields against the declaration of `kind`: every field declared and of its
/// type, every required one present.
pub fn check_fields<'a>(
    kind: &str,
    fields: impl IntoIterator<Item = (&'a String, &'a Value)>,
) -> Result<(), String> {
    let Some(k) = self::kind(kind) else {
        return Err(format!("the ledger kind {kind:?} is not declared"));
    };
    let mut seen = Vec::new();
    for (name, value) in fields {
        let Some((_, field, _)) = k.field(name) else {
            return Err(format!("{kind}: the field {name:?} is not declared"));
        };
        if !matches(*field, value) {
            return Err(format!("{kind}: the field {name:?} is not a {field:?}"));
        }
        seen.push(name.as_str());
    }
    match k
        .all_fields()
        .find(|(n, _, need)| *need == Required && !seen.contains(n))
    {
        Some((n, _, _)) => Err(format!("{kind}: the field {n:?} is missing")),
        None => Ok(()),
    }
}

/// Checks an entry before it is written.
pub fn check(entry: &Entry) -> Result<(), String> {
    check_fields(&entry.kind, entry.fields())
}

/// Checks a stored entry's canonical JSON (its `kind`, `t` and `v` aside).
pub fn check_body(body: &str) -> Result<(), String> {
    let v: Map<String, Value> =
        serde_json::from_str(body).map_err(|e| format!("not a JSON object: {e}"))?;
    let kind = v
        .get("kind")
        .and_then(Value::as_str)
        .ok_or("no kind")?
        .to_string();
    check_fields(
        &kind,
        v.iter()
            .filter(|(k, _)| !matches!(k.as_str(), "kind" | "t" | "v")),
    )
}

/// Appends an entry of a declared kind (refusing, as an internal error, one that does
/// not match its declaration); returns its index.
pub fn append(conn: &mut AnyConnection, entry: &Entry) -> Result<i64, AppError> {
    check(entry).map_err(|why| AppError::internal(format!("ledger entry refused: {why}")))?;
    let index = super::store::append(conn, entry)?;
    i64::try_from(index).map_err(|_| AppError::internal("ledger index overflow"))
}

/// The SHA-256 (lower-case hex) of a text a person typed, for the ledger.
pub fn typed(text: &str) -> String {
    crate::util::sha256_hex(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_type_refuses_typed_text() {
        let hostile = [
            "Sofie.DeVries/ViaRoma3/tel:3331234567",
            "Giulia Rossi",
            "giulia@example.org",
            "u_ZZ",
            "city:Giulia",
            "Green-Areas",
            "a--b",
            "",
        ];
        for field in [
            Id,
            Ids,
            Int,
            Hash,
            Code,
            Slug,
            Date,
            Pseudonym,
            Actor,
            Signers,
            Methodology,
            Batch,
            Account,
        ] {
            for h in hostile {
                assert!(!matches(field, &Value::from(h)), "{field:?} took {h:?}");
                assert!(
                    !matches(field, &Value::from(vec![h])),
                    "{field:?} took [{h:?}]"
                );
            }
        }
        assert!(matches(Hash, &Value::from(typed("DG/2027/118"))));
        assert!(matches(Pseudonym, &Value::from("u_0123456789abcdef0123")));
        assert!(matches(
            Signers,
            &serde_json::json!(["city:u_0123456789abcdef0123"])
        ));
        assert!(matches(
            Signers,
            &serde_json::json!(["city/green-areas:u_0123456789abcdef0123"])
        ));
        for bad in [
            "city/Green Areas:u_0123456789abcdef0123",
            "proposer/green-areas:u_0123456789abcdef0123",
            "city/:u_0123456789abcdef0123",
        ] {
            assert!(!matches(Signers, &serde_json::json!([bad])), "{bad}");
        }
        assert!(matches(Slug, &Value::from("green-areas")));
        assert!(matches(Code, &Value::from("approved_with_remarks")));
        assert!(matches(Date, &Value::from("2027-02-28")));
        assert!(matches(Ids, &serde_json::json!([1, 2])));
        assert!(!matches(Id, &Value::from(0)));
        assert!(!matches(Date, &Value::from("2027-13-01")));
        assert!(matches(Methodology, &Value::from("PV01@1")));
        assert!(!matches(Methodology, &Value::from("PV01@01")));
        assert!(matches(
            Batch,
            &Value::from("VALDORA-DECARB-2026-PV01-0007")
        ));
        assert!(!matches(Batch, &Value::from("VALDORA-DECARB-2026-PV01")));
        assert!(matches(Account, &Value::from("t_0123456789abcdef0123")));
        assert!(matches(Account, &Value::from("exchange_hold")));
        assert!(!matches(Account, &Value::from("u_0123456789abcdef0123")));
    }

    #[test]
    fn entries_must_match_their_declaration() {
        let ok = Entry::new("role.granted")
            .with("user", "u_0123456789abcdef0123")
            .with("role", "official")
            .with("by", "system");
        assert_eq!(check(&ok), Ok(()));
        assert!(
            check(&ok.clone().with("note", "hello")).is_err(),
            "undeclared"
        );
        assert!(check(&Entry::new("role.granted").with("role", "official")).is_err());
        assert!(
            check(&Entry::new("pact.gossip")).is_err(),
            "undeclared kind"
        );
        let act = Entry::new("pact.publish")
            .with("pact", 1)
            .with("type", "ordinary")
            .with("role", "assigned_official")
            .with("commons", vec![3])
            .with("from", "submitted")
            .with("state", "published")
            .with("version", 1);
        assert_eq!(check(&act), Ok(()));
        assert!(
            check(&act.clone().with("act", "DG/2027/118")).is_err(),
            "an act number is typed: only its hash"
        );
        assert_eq!(check(&act.with("act_sha256", typed("DG/2027/118"))), Ok(()));
    }
}
