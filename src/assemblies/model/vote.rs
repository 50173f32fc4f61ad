//! A vote's settings and its ballots, as plain rules without I/O (DOMAIN.md, "Votes").
//!
//! A facilitator opens a vote with a method, its options (fixed for yes/no and consent),
//! seats, quorum, majority, secrecy and a closing time; the settings are validated here
//! and counted by `crate::voting`, the same code `pactum tally` runs.
//!
//! A ballot arrives as form fields and is read into the method's shape: a choice, a
//! stance, the approved options, a score per option, or a rank per option (ranks need
//! not be consecutive; two options with the same rank are refused, naming the rank).
//! Its canonical text (`yes`, `agree`, `approve 1 3`, `score 4 - 2`, `rank 3 1 2`;
//! options numbered from 1 as in BLT) and a random tracker make its published hash:
//! `SHA-256(tracker "\n" canonical)`, which the voter can recompute from their receipt.

use chrono::{Duration, NaiveDateTime};

use crate::kit::codes::code_enum;
use crate::kit::refusal::FormErrors;
use crate::voting::api::Stance;
use crate::voting::api::{Choice, Majority};
use crate::voting::api::{Method, Quorum};

code_enum! {
    /// Whether the names of the voters are shown with their ballots.
    Secrecy label "vote-secrecy" {
        Open => "open",
        Secret => "secret",
    }
}

/// The most options a vote may have.
pub const MAX_OPTIONS: usize = 50;
pub const MAX_OPTION: usize = 200;
pub const MAX_QUESTION: usize = 300;
/// The longest a vote may stay open.
pub const MAX_DAYS: i64 = 60;
/// The highest score a score vote may ask for.
pub const MAX_SCORE: u32 = 10;

/// What a facilitator typed into the vote form, unvalidated.
#[derive(Debug, Clone, Default)]
pub struct VoteInput {
    pub question: String,
    pub method: String,
    /// One option per line (not asked for yes/no and consent).
    pub options: String,
    pub seats: String,
    pub majority: String,
    /// "" (none), a count, or a fraction of the electorate `p/q`.
    pub quorum: String,
    pub secrecy: String,
    pub block_is_veto: bool,
    pub max_score: String,
    pub opens_at: String,
    pub closes_at: String,
    /// The meeting the vote is held in ("" none): its attendance is then the quorum's
    /// measure.
    pub meeting: String,
}

/// A vote's validated settings.
#[derive(Debug, Clone, PartialEq)]
pub struct VoteSettings {
    pub question: String,
    pub method: Method,
    /// The options in their fixed order (the last tie-break); empty for yes/no and
    /// consent, whose answers are fixed.
    pub options: Vec<String>,
    pub seats: usize,
    pub majority: Majority,
    pub quorum: Quorum,
    pub secrecy: Secrecy,
    pub block_is_veto: bool,
    pub max_score: u32,
    pub opens_at: NaiveDateTime,
    pub closes_at: NaiveDateTime,
    /// Held in this meeting of the body: the quorum judges the members recorded
    /// present there, not the ballots cast.
    pub meeting: Option<i64>,
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether the method ranks, approves or scores options (the others answer a question).
pub fn has_options(m: Method) -> bool {
    !matches!(m, Method::YesNoAbstain | Method::Consent)
}

/// Whether the method may fill several seats.
pub fn has_seats(m: Method) -> bool {
    matches!(m, Method::Approval | Method::Score | Method::Stv)
}

impl VoteSettings {
    /// Validates every field, one message per field.
    pub fn validate(i: &VoteInput) -> Result<VoteSettings, FormErrors> {
        let mut e = FormErrors::new();
        let question = one_line(&i.question);
        if question.is_empty() {
            e.add("question", "field-vote-question-required");
        } else if question.chars().count() > MAX_QUESTION || question.chars().any(char::is_control)
        {
            e.add("question", "field-vote-question-invalid");
        }
        let method = Method::parse(i.method.trim()).ok();
        if method.is_none() {
            e.add("method", "field-vote-method-invalid");
        }
        let mut options: Vec<String> = Vec::new();
        if method.is_some_and(has_options) {
            for line in i.options.lines().map(one_line).filter(|l| !l.is_empty()) {
                if line.chars().count() > MAX_OPTION || options.contains(&line) {
                    e.add("options", "field-vote-options-invalid");
                }
                options.push(line);
            }
            if options.len() < 2 || options.len() > MAX_OPTIONS {
                e.add("options", "field-vote-options-count");
            }
        }
        let seats = match (method, i.seats.trim()) {
            (_, "") => 1,
            (Some(m), s) => match s.parse::<usize>() {
                Ok(n) if n >= 1 && (n == 1 || has_seats(m)) && n < options.len().max(2) => n,
                _ => {
                    e.add("seats", "field-vote-seats-invalid");
                    1
                }
            },
            (None, _) => 1,
        };
        let majority = match i.majority.trim() {
            "" => Majority::Simple,
            m => Majority::parse(m).unwrap_or_else(|_| {
                e.add("majority", "field-vote-majority-invalid");
                Majority::Simple
            }),
        };
        let quorum = match i.quorum.trim() {
            "" => Quorum::None,
            q => Quorum::parse(q).unwrap_or_else(|_| {
                e.add("quorum", "field-vote-quorum-invalid");
                Quorum::None
            }),
        };
        let secrecy = Secrecy::parse(&i.secrecy);
        if secrecy.is_none() {
            e.add("secrecy", "field-vote-secrecy-invalid");
        }
        let max_score = match (method, i.max_score.trim()) {
            (Some(Method::Score), s) => match s.parse::<u32>() {
                Ok(n) if (1..=MAX_SCORE).contains(&n) => n,
                _ => {
                    e.add("max_score", "field-vote-max-score-invalid");
                    0
                }
            },
            _ => 0,
        };
        let opens_at = super::meeting::parse_local(&i.opens_at);
        if opens_at.is_none() {
            e.add("opens_at", "field-meeting-time-invalid");
        }
        let closes_at = super::meeting::parse_local(&i.closes_at);
        match (opens_at, closes_at) {
            (_, None) => e.add("closes_at", "field-meeting-time-invalid"),
            (Some(o), Some(c)) if c <= o || c - o > Duration::days(MAX_DAYS) => {
                e.add("closes_at", "field-vote-closes-invalid")
            }
            _ => {}
        }
        let meeting = match i.meeting.trim() {
            "" => None,
            m => m.parse::<i64>().ok().filter(|id| *id > 0).or_else(|| {
                e.add("meeting", "field-vote-meeting-invalid");
                None
            }),
        };
        match (method, secrecy, opens_at, closes_at) {
            (Some(method), Some(secrecy), Some(opens_at), Some(closes_at)) if e.is_empty() => {
                Ok(VoteSettings {
                    question,
                    method,
                    options,
                    seats,
                    majority,
                    quorum,
                    secrecy,
                    block_is_veto: i.block_is_veto,
                    max_score,
                    opens_at,
                    closes_at,
                    meeting,
                })
            }
            _ => Err(e),
        }
    }
}

/// One ballot, in the method's shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ballot {
    YesNo(Choice),
    Consent(Stance),
    /// The approved options (0-based, ascending).
    Approval(Vec<usize>),
    /// A score per option, `None` where the voter gave none.
    Score(Vec<Option<u32>>),
    /// The options from most to least preferred (0-based); unranked ones left out.
    Ranked(Vec<usize>),
}

/// Reads a ballot from the form fields of the ballot page: `choice` (yes/no), `stance`
/// (consent), `approve` (repeated, 1-based option numbers), `score-N` and `rank-N` (one
/// per option, N from 1). An empty ballot is blank for yes/no and consent and refused
/// for the others (nothing to count).
pub fn read_ballot(
    s: &VoteSettings,
    get: impl Fn(&str) -> String,
    all: impl Fn(&str) -> Vec<String>,
) -> Result<Ballot, FormErrors> {
    let mut e = FormErrors::new();
    let n = s.options.len();
    let number = |v: &str| {
        v.trim()
            .parse::<usize>()
            .ok()
            .filter(|k| (1..=n).contains(k))
    };
    let ballot = match s.method {
        Method::YesNoAbstain => match get("choice").trim() {
            "" => Ballot::YesNo(Choice::Blank),
            c => match Choice::ALL
                .into_iter()
                .find(|x| x.word() == c && *x != Choice::Blank)
            {
                Some(x) => Ballot::YesNo(x),
                None => {
                    e.add("choice", "field-ballot-invalid");
                    Ballot::YesNo(Choice::Blank)
                }
            },
        },
        Method::Consent => match get("stance").trim() {
            "" => Ballot::Consent(Stance::Blank),
            c => match Stance::ALL
                .into_iter()
                .find(|x| x.word() == c && *x != Stance::Blank)
            {
                Some(x) => Ballot::Consent(x),
                None => {
                    e.add("stance", "field-ballot-invalid");
                    Ballot::Consent(Stance::Blank)
                }
            },
        },
        Method::Approval => {
            let mut picked = Vec::new();
            for v in all("approve") {
                match number(&v) {
                    Some(k) if !picked.contains(&(k - 1)) => picked.push(k - 1),
                    _ => e.add("approve", "field-ballot-invalid"),
                }
            }
            picked.sort_unstable();
            if picked.is_empty() {
                e.add("approve", "field-ballot-approve-none");
            }
            Ballot::Approval(picked)
        }
        Method::Score => {
            let mut scores = Vec::with_capacity(n);
            for k in 1..=n {
                let v = get(&format!("score-{k}"));
                scores.push(match v.trim() {
                    "" => None,
                    v => match v.parse::<u32>() {
                        Ok(x) if x <= s.max_score => Some(x),
                        _ => {
                            e.add("scores", "field-ballot-score-invalid");
                            None
                        }
                    },
                });
            }
            if scores.iter().all(Option::is_none) && e.is_empty() {
                e.add("scores", "field-ballot-score-none");
            }
            Ballot::Score(scores)
        }
        Method::Schulze | Method::Irv | Method::Stv => {
            let mut ranked: Vec<(usize, usize)> = Vec::new();
            for k in 1..=n {
                let v = get(&format!("rank-{k}"));
                match v.trim() {
                    "" => {}
                    v => match number(v) {
                        Some(r) => ranked.push((r, k - 1)),
                        None => e.add("ranks", "field-ballot-rank-invalid"),
                    },
                }
            }
            ranked.sort_unstable();
            if ranked.windows(2).any(|w| w[0].0 == w[1].0) {
                e.add("ranks", "field-ballot-rank-duplicate");
            }
            if ranked.is_empty() && e.is_empty() {
                e.add("ranks", "field-ballot-rank-none");
            }
            Ballot::Ranked(ranked.into_iter().map(|(_, o)| o).collect())
        }
    };
    e.into_result(ballot)
}

/// The ballot as canonical text (options numbered from 1).
pub fn canonical(b: &Ballot) -> String {
    let list = |v: &[usize]| {
        v.iter()
            .map(|o| (o + 1).to_string())
            .collect::<Vec<_>>()
            .join(" ")
    };
    match b {
        Ballot::YesNo(c) => c.word().to_string(),
        Ballot::Consent(s) => s.word().to_string(),
        Ballot::Approval(v) => format!("approve {}", list(v)).trim_end().to_string(),
        Ballot::Score(v) => {
            let parts: Vec<String> = v
                .iter()
                .map(|x| x.map_or("-".to_string(), |x| x.to_string()))
                .collect();
            format!("score {}", parts.join(" "))
        }
        Ballot::Ranked(v) => format!("rank {}", list(v)).trim_end().to_string(),
    }
}

/// The published hash of a ballot: `SHA-256(tracker "\n" canonical)`, hex.
pub fn ballot_hash(tracker: &str, b: &Ballot) -> String {
    crate::util::sha256_hex(format!("{tracker}\n{}", canonical(b)).as_bytes())
}

/// Reads a ballot back from its canonical text (as stored and published); `None` for a
/// text that is not one for this vote.
pub fn parse_canonical(s: &VoteSettings, text: &str) -> Option<Ballot> {
    let n = s.options.len();
    let numbers = |rest: &str| -> Option<Vec<usize>> {
        rest.split_whitespace()
            .map(|x| {
                x.parse::<usize>()
                    .ok()
                    .filter(|k| (1..=n).contains(k))
                    .map(|k| k - 1)
            })
            .collect()
    };
    let (head, rest) = text.split_once(' ').unwrap_or((text, ""));
    match (s.method, head) {
        (Method::YesNoAbstain, w) => Choice::ALL
            .into_iter()
            .find(|c| c.word() == w)
            .map(Ballot::YesNo),
        (Method::Consent, w) => Stance::ALL
            .into_iter()
            .find(|c| c.word() == w)
            .map(Ballot::Consent),
        (Method::Approval, "approve") => numbers(rest).map(Ballot::Approval),
        (Method::Score, "score") => {
            let v: Option<Vec<Option<u32>>> = rest
                .split_whitespace()
                .map(|x| match x {
                    "-" => Some(None),
                    x => x
                        .parse::<u32>()
                        .ok()
                        .filter(|v| *v <= s.max_score)
                        .map(Some),
                })
                .collect();
            v.filter(|v| v.len() == n).map(Ballot::Score)
        }
        (Method::Schulze | Method::Irv | Method::Stv, "rank") => numbers(rest).map(Ballot::Ranked),
        _ => None,
    }
}

/// The vote's ballots as the tally library's input, with its counting options.
pub fn tally_input(
    s: &VoteSettings,
    electorate: u64,
    present: Option<u64>,
    ballots: &[Ballot],
) -> (crate::voting::api::Input, crate::voting::api::TallyOptions) {
    use crate::voting::api::Ballots;
    use crate::voting::api::{Input, Ranked, RankedElection, TallyOptions};
    let mut o = TallyOptions::new(s.method);
    o.majority = s.majority;
    o.quorum = s.quorum;
    o.block_is_veto = s.block_is_veto;
    o.electorate = Some(electorate);
    o.present = present;
    if has_options(s.method) {
        o.seats = Some(s.seats);
    }
    if s.method == Method::Score {
        o.max_score = Some(s.max_score);
    }
    let input = match s.method {
        Method::YesNoAbstain => Input::Ballots(Ballots::YesNo(
            ballots
                .iter()
                .filter_map(|b| match b {
                    Ballot::YesNo(c) => Some(*c),
                    _ => None,
                })
                .collect(),
        )),
        Method::Consent => Input::Ballots(Ballots::Consent(
            ballots
                .iter()
                .filter_map(|b| match b {
                    Ballot::Consent(c) => Some(*c),
                    _ => None,
                })
                .collect(),
        )),
        Method::Approval => Input::Ballots(Ballots::Approval {
            options: s.options.clone(),
            ballots: ballots
                .iter()
                .filter_map(|b| match b {
                    Ballot::Approval(v) => Some(v.clone()),
                    _ => None,
                })
                .collect(),
        }),
        Method::Score => Input::Ballots(Ballots::Score {
            options: s.options.clone(),
            ballots: ballots
                .iter()
                .filter_map(|b| match b {
                    Ballot::Score(v) => Some(v.clone()),
                    _ => None,
                })
                .collect(),
        }),
        Method::Schulze | Method::Irv | Method::Stv => Input::Ranked(RankedElection {
            title: s.question.clone(),
            candidates: s.options.clone(),
            seats: s.seats,
            withdrawn: Vec::new(),
            ballots: ballots
                .iter()
                .filter_map(|b| match b {
                    Ballot::Ranked(v) => Some(Ranked {
                        weight: 1,
                        prefs: v.clone(),
                    }),
                    _ => None,
                })
                .collect(),
        }),
    };
    (input, o)
}

#[cfg(test)]
mod tests;
