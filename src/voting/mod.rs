//! Counting votes: the tally library of assemblies and chambers (DOMAIN.md, "Votes").
//!
//! Pure: no I/O, no database, no web; it depends on the kit and std-like crates only
//! (a test checks it), so the app, `pactum tally` and anyone recounting published
//! ballots run the same code. Every method returns a report with its inputs, every
//! step (rounds, quotas, transfers; pairwise and strongest-path matrices) and the rule
//! that decided, serialisable as JSON.
//!
//! Ties are never broken by storage order: each method documents its rule, ending in
//! the order of the options as fixed when the vote opened (the order of the
//! candidates in a BLT file), which the app draws and publishes before anyone votes.
//! Earlier in that order always wins a tie (for a seat, or to survive an elimination).
//!
//! | method | winners | ties |
//! |---|---|---|
//! | [`yes_no_abstain`](yes_no) | `yes` (carried) or `no` by a `simple`, `absolute`, `qualified` p/q or `double` majority (a chamber: 55 % of the organisations representing 65 % of the members; weighted ballots) | a simple-majority tie rejects |
//! | [`consent`] | `agree` (adopted), `block` (vetoed) or `object` | agreements must outnumber objections |
//! | [`approval`] | the `seats` most approved | fixed order |
//! | [`score`] | the `seats` highest totals | more top scores, then fixed order |
//! | [`schulze`] | the first `seats` of the Schulze ranking | fixed order among tied options |
//! | [`irv`] | one, by majority of continuing votes | backwards (earlier rounds), then fixed order |
//! | `stv` | Meek or Scottish STV, in `stv` | see there |
//!
//! Quorum ([`Quorum`]): a count, or a fraction p/q of the electorate (its size is an
//! input), that the ballots cast, blank ones included, must reach; a vote that misses
//! it fails with no winners, and its report says so (the count is still shown). A vote
//! held in a meeting may instead judge the members recorded present
//! ([`TallyOptions::present`]); the report's `quorum.basis` says which it judged.
//! [`tally`] is the one entry point for the app and `pactum tally`; ballots come from
//! BLT files ([`blt`], ranked) or CSV files ([`ballots`], the others).

pub mod api;
pub mod approval;
pub mod ballots;
pub mod blt;
pub mod consent;
pub mod irv;
pub mod rules;
pub mod schulze;
pub mod score;
pub mod stv;
#[cfg(test)]
mod tests;
pub mod yes_no;

pub use rules::{Fraction, Quorum, QuorumBasis, QuorumReport, TallyError, majority_of};

/// A group of identical ranked ballots: how many (`weight`) and the preferences, most
/// preferred first, as 0-based option indexes without repeats. An empty ranking is a
/// blank ballot: it counts for participation and for nobody.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Ranked {
    pub weight: u64,
    pub prefs: Vec<usize>,
}

/// A ranked election as a BLT file holds it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RankedElection {
    pub title: String,
    /// The options (candidates) in their fixed order, which is also the last tie-break.
    pub candidates: Vec<String>,
    pub seats: usize,
    /// Options withdrawn before counting (0-based); ballots skip them.
    pub withdrawn: Vec<usize>,
    pub ballots: Vec<Ranked>,
}

impl RankedElection {
    /// The number of ballots (the sum of the weights).
    pub fn total(&self) -> u64 {
        self.ballots.iter().map(|b| b.weight).sum()
    }
}

/// A counting method (DOMAIN.md, "Votes").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    YesNoAbstain,
    Consent,
    Approval,
    Score,
    Schulze,
    Irv,
    /// Several seats by STV: Meek or Scottish, as [`TallyOptions::stv`] says.
    Stv,
}

impl Method {
    pub const ALL: [Method; 7] = [
        Method::YesNoAbstain,
        Method::Consent,
        Method::Approval,
        Method::Score,
        Method::Schulze,
        Method::Irv,
        Method::Stv,
    ];

    /// The method's name, as in reports and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Method::YesNoAbstain => "yes_no_abstain",
            Method::Consent => "consent",
            Method::Approval => "approval",
            Method::Score => "score",
            Method::Schulze => "schulze",
            Method::Irv => "irv",
            Method::Stv => "stv",
        }
    }

    /// Reads a method's name.
    pub fn parse(s: &str) -> Result<Method, TallyError> {
        Method::ALL
            .into_iter()
            .find(|m| m.name() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Method::ALL.iter().map(|m| m.name()).collect();
                TallyError::Invalid(format!(
                    "unknown method \"{s}\": one of {}",
                    names.join(", ")
                ))
            })
    }

    /// Whether the ballots rank the options (and come as BLT).
    pub fn is_ranked(self) -> bool {
        matches!(self, Method::Schulze | Method::Irv | Method::Stv)
    }
}

/// Which STV rules count an `stv` vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StvRule {
    /// Meek's method (Hill–Wichmann–Woodall), the default.
    #[default]
    Meek,
    /// Scottish STV (the 2007 order).
    Scottish,
}

/// A vote's settings, fixed when it opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TallyOptions {
    pub method: Method,
    /// Winners to elect (approval, score, ranked methods); `None` takes the BLT file's
    /// number, or 1. `yes_no_abstain` and `consent` take none.
    pub seats: Option<usize>,
    /// `yes_no_abstain` only.
    pub majority: yes_no::Majority,
    /// `consent` only: whether one block vetoes the proposal.
    pub block_is_veto: bool,
    /// `score` only: the highest score; `None` takes the highest score on any ballot.
    pub max_score: Option<u32>,
    /// `stv` only.
    pub stv: StvRule,
    pub quorum: Quorum,
    /// The number of voters entitled to vote (for a fractional quorum, an absolute
    /// majority, and to refuse more ballots than voters).
    pub electorate: Option<u64>,
    /// A vote held in a meeting: the members recorded present, which the quorum then
    /// judges instead of the ballots cast.
    pub present: Option<u64>,
    /// A double majority: the weight of the whole electorate (the members its
    /// organisations represent).
    pub electorate_weight: Option<u64>,
}

impl TallyOptions {
    /// The default settings of a method: simple majority, no veto, no quorum.
    pub fn new(method: Method) -> TallyOptions {
        TallyOptions {
            method,
            seats: None,
            majority: yes_no::Majority::Simple,
            block_is_veto: false,
            max_score: None,
            stv: StvRule::Meek,
            quorum: Quorum::None,
            electorate: None,
            present: None,
            electorate_weight: None,
        }
    }
}

/// The ballots to count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Ranked(RankedElection),
    Ballots(ballots::Ballots),
}

impl Input {
    /// Ballots cast, blank ones included (the participation the quorum judges).
    pub fn participation(&self) -> u64 {
        match self {
            Input::Ranked(e) => e.total(),
            Input::Ballots(b) => b.len(),
        }
    }
}

/// Whether the vote reached a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Decided,
    FailedQuorum,
}

/// The result of a tally, as the app publishes it and `pactum tally` prints it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Outcome {
    pub method: Method,
    /// Names in order of election; for `yes_no_abstain` and `consent`, the position
    /// that prevailed. Empty when the quorum was missed.
    pub winners: Vec<String>,
    pub verdict: Verdict,
    /// `{"quorum": …, "count": the method's report, "decided_by": …}`.
    pub report: serde_json::Value,
}

/// Reads a ballot file for `method`: BLT for the ranked methods, CSV for the others.
pub fn read_input(method: Method, text: &str) -> Result<Input, TallyError> {
    if method.is_ranked() {
        Ok(Input::Ranked(blt::parse(text)?))
    } else {
        ballots::read(method, text).map(Input::Ballots)
    }
}

/// Counts a vote: the one entry point of the app and of `pactum tally`.
pub fn tally(input: &Input, options: &TallyOptions) -> Result<Outcome, TallyError> {
    use ballots::Ballots;
    let method = options.method;
    let quorum = match options.present {
        Some(p) => options
            .quorum
            .check(p, QuorumBasis::Present, options.electorate)?,
        None => options.quorum.check(
            input.participation(),
            QuorumBasis::Ballots,
            options.electorate,
        )?,
    };
    let wrong = || {
        TallyError::Invalid(format!(
            "these ballots cannot be counted by {}",
            method.name()
        ))
    };
    let seats = |default: usize| options.seats.unwrap_or(default);
    if options.seats.is_some() && matches!(method, Method::YesNoAbstain | Method::Consent) {
        return Err(TallyError::Invalid(format!(
            "{} decides a motion: it has no seats",
            method.name()
        )));
    }
    let (winners, count, decided_by) = match (method, input) {
        (Method::YesNoAbstain, Input::Ballots(Ballots::YesNo(b))) => {
            let r = yes_no::yes_no_abstain(b, options.majority, options.electorate)?;
            (r.winners(), json(&r)?, r.decided_by)
        }
        (Method::YesNoAbstain, Input::Ballots(Ballots::YesNoWeighted(b))) => {
            let r = yes_no::weighted(
                b,
                options.majority,
                options.electorate,
                options.electorate_weight,
            )?;
            (r.winners(), json(&r)?, r.decided_by)
        }
        (Method::Consent, Input::Ballots(Ballots::Consent(b))) => {
            let r = consent::consent(b, options.block_is_veto);
            (r.winners(), json(&r)?, r.decided_by)
        }
        (
            Method::Approval,
            Input::Ballots(Ballots::Approval {
                options: o,
                ballots,
            }),
        ) => {
            let r = approval::approval(o, ballots, seats(1))?;
            (r.winners.clone(), json(&r)?, r.decided_by)
        }
        (
            Method::Score,
            Input::Ballots(Ballots::Score {
                options: o,
                ballots,
            }),
        ) => {
            let max = options.max_score.unwrap_or_else(|| {
                ballots
                    .iter()
                    .flatten()
                    .flatten()
                    .copied()
                    .max()
                    .unwrap_or(0)
            });
            let r = score::score(o, ballots, max, seats(1))?;
            (r.winners.clone(), json(&r)?, r.decided_by)
        }
        (Method::Schulze, Input::Ranked(e)) => {
            let r = schulze::schulze(e, seats(e.seats))?;
            (r.winners.clone(), json(&r)?, r.decided_by)
        }
        (Method::Irv, Input::Ranked(e)) => {
            let r = irv::irv(e, seats(e.seats))?;
            (r.winners.clone(), json(&r)?, r.decided_by)
        }
        (Method::Stv, Input::Ranked(e)) => {
            // Seats given on the command line replace the file's.
            let owned;
            let e = match options.seats {
                Some(n) if n != e.seats => {
                    owned = RankedElection {
                        seats: n,
                        ..e.clone()
                    };
                    &owned
                }
                _ => e,
            };
            let m = match options.stv {
                StvRule::Meek => stv::StvMethod::Meek,
                StvRule::Scottish => stv::StvMethod::Scottish,
            };
            let r = stv::count(e, m).map_err(|err| TallyError::Invalid(err.to_string()))?;
            let decided_by = format!(
                "{} ({} decimal places); ties: {}",
                r.rules, r.decimals, r.tie_rule
            );
            (r.elected_names.clone(), json(&r)?, decided_by)
        }
        _ => return Err(wrong()),
    };
    let (verdict, winners, decided_by) = if quorum.met {
        (Verdict::Decided, winners, decided_by)
    } else {
        (
            Verdict::FailedQuorum,
            Vec::new(),
            match quorum.basis {
                QuorumBasis::Ballots => format!(
                    "the quorum was missed: {} ballots cast, {} needed; the vote fails",
                    quorum.participation, quorum.required
                ),
                QuorumBasis::Present => format!(
                    "the quorum was missed: {} members present, {} needed; the vote fails",
                    quorum.participation, quorum.required
                ),
            },
        )
    };
    let report = serde_json::json!({
        "method": method,
        "stv": (method == Method::Stv).then_some(options.stv),
        "quorum": quorum,
        "count": count,
        "decided_by": decided_by,
    });
    Ok(Outcome {
        method,
        winners,
        verdict,
        report,
    })
}

fn json<T: serde::Serialize>(r: &T) -> Result<serde_json::Value, TallyError> {
    serde_json::to_value(r).map_err(|e| TallyError::Invalid(format!("cannot report: {e}")))
}
