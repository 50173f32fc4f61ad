//! The single transferable vote (several seats): Meek's method, the default, and the
//! rules of the Scottish Local Government Elections Order 2007.
//!
//! Both counts take a [`RankedElection`] and return an [`StvReport`]: which method and
//! rule set ran, the inputs, every round (quota, votes per candidate, keep values or
//! transfers, exhausted votes) and who was elected or excluded in it and why, with the
//! rule that broke each tie. `elected` lists the winners in order of election.
//!
//! Common rules:
//! - The ballots are checked (options exist, none ranked twice) and aggregated first:
//!   withdrawn candidates are struck from every ranking and identical rankings are
//!   merged, in a sorted map, so the count depends on the multiset of ballots only and
//!   never on their order. A ranking left empty is blank: it is counted in `ballots`
//!   and `blank` and takes no part in the quota.
//! - Arithmetic is fixed-point decimal on integers ([`fixed::Fixed`]): 9 places for
//!   Meek, 5 for Scottish STV, rounding as each rule says. No floating point.
//! - Ties: see [`TIE_RULE`]; the decisive round or the candidate order is recorded in
//!   the decision that needed it.
//! - Work is bounded: at most [`MAX_CANDIDATES`] candidates, [`MAX_BALLOTS`] ballots
//!   and [`MAX_ITERATIONS`] Meek iterations in one round (an error, never a silent stop).
//!   A count performs at most one round per candidate plus one, so the cost is at most
//!   candidates × iterations × (ballot groups × ranking length).

pub mod fixed;
mod meek;
mod scottish;
#[cfg(test)]
mod tests;

pub use meek::{OMEGA as MEEK_OMEGA, meek};
pub use scottish::scottish;

use super::RankedElection;

/// The most candidates an STV count accepts.
pub const MAX_CANDIDATES: usize = 200;
/// The most ballots (sum of the weights) an STV count accepts: keeps every fixed-point
/// product far inside `i128`.
pub const MAX_BALLOTS: u64 = 1_000_000_000_000;
/// The most iterations of Meek's surplus distribution in one round. The iteration stops
/// by itself once the surplus stops decreasing, so this is a guard, not a rule.
pub const MAX_ITERATIONS: u32 = 10_000;

/// How ties are broken, in both methods.
pub const TIE_RULE: &str = "Among tied candidates, look back at the votes at the end of \
    each earlier round, most recent first, and keep only those with the fewest (for an \
    exclusion) or the most (for the order of surplus transfers or of election) at the \
    most recent round where they differ. If they were equal at every round, the fixed \
    candidate order decides (the order of the candidates in the ballot file, fixed and \
    published when the vote opened): the candidate listed earlier goes first and the one \
    listed later is excluded. For Scottish STV this is rules 49(2)-(3) and 51 of the \
    Order, the fixed order standing in for the lot.";

/// Which STV rules to count by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StvMethod {
    #[default]
    Meek,
    Scottish,
}

impl std::str::FromStr for StvMethod {
    type Err = StvError;
    fn from_str(s: &str) -> Result<Self, StvError> {
        match s {
            "meek" => Ok(Self::Meek),
            "scottish" => Ok(Self::Scottish),
            other => Err(StvError::UnknownMethod(other.to_string())),
        }
    }
}

/// Counts `e` by `method`.
pub fn count(e: &RankedElection, method: StvMethod) -> Result<StvReport, StvError> {
    match method {
        StvMethod::Meek => meek(e),
        StvMethod::Scottish => scottish(e),
    }
}

/// Why an election could not be counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StvError {
    UnknownMethod(String),
    NoSeats,
    MoreSeatsThanCandidates { seats: usize, candidates: usize },
    TooManyCandidates(usize),
    TooManyBallots,
    NoSuchCandidate(usize),
    RankedTwice(usize),
    NotConverging { round: usize },
}

impl std::fmt::Display for StvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::UnknownMethod(m) => {
                write!(f, "unknown STV rules \"{m}\" (meek or scottish)")
            }
            Self::NoSeats => write!(f, "there must be at least one seat"),
            Self::MoreSeatsThanCandidates { seats, candidates } => {
                write!(f, "{seats} seats but only {candidates} candidates")
            }
            Self::TooManyCandidates(n) => write!(
                f,
                "{n} candidates: an STV count takes at most {MAX_CANDIDATES}"
            ),
            Self::TooManyBallots => write!(
                f,
                "more than {MAX_BALLOTS} ballots: too many for one STV count"
            ),
            Self::NoSuchCandidate(c) => write!(f, "option {} does not exist", c + 1),
            Self::RankedTwice(c) => write!(f, "option {} is ranked twice", c + 1),
            Self::NotConverging { round } => write!(
                f,
                "Meek's iteration did not settle within {MAX_ITERATIONS} steps in round {round}"
            ),
        }
    }
}

impl std::error::Error for StvError {}

/// The whole count, serialisable as JSON.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StvReport {
    /// `"meek"` or `"scottish"`.
    pub method: StvMethod,
    /// The rule set in words, with the arithmetic.
    pub rules: &'static str,
    /// Decimal places of every value in the report.
    pub decimals: u32,
    pub tie_rule: &'static str,
    pub seats: usize,
    pub candidates: Vec<String>,
    /// Withdrawn candidates by name, in candidate order.
    pub withdrawn: Vec<String>,
    /// All ballots, blank ones included.
    pub ballots: u64,
    /// Ballots ranking no standing candidate.
    pub blank: u64,
    /// Distinct rankings counted after aggregation.
    pub ballot_groups: usize,
    pub rounds: Vec<StvRound>,
    /// Winners by index into `candidates`, in order of election.
    pub elected: Vec<usize>,
    /// The same winners by name.
    pub elected_names: Vec<String>,
}

/// One round (Meek) or stage (Scottish STV).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StvRound {
    /// 1-based.
    pub number: usize,
    /// What this round did, in words.
    pub action: String,
    pub quota: String,
    /// Votes of every candidate at the end of the round, in candidate order.
    pub votes: Vec<String>,
    /// Meek: the keep value of every candidate, in candidate order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keep_values: Option<Vec<String>>,
    /// Meek: distributions performed in this round.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iterations: Option<u32>,
    /// Meek: the total surplus of the elected candidates when the iteration stopped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub surplus: Option<String>,
    /// Scottish STV: the papers moved in this stage, by destination and value.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub transfers: Vec<Transfer>,
    /// Votes that reached no further preference, counted from the start.
    pub exhausted: String,
    /// Scottish STV: votes lost by truncating transfer values, counted from the start.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lost_to_rounding: Option<String>,
    /// Who was elected or excluded. Meek: decided on this round's votes. Scottish STV:
    /// an election at the end of the stage where the quota was reached, an exclusion in
    /// the stage that transfers the excluded candidate's papers.
    pub decisions: Vec<Decision>,
}

/// Papers moved in one stage of Scottish STV to one candidate at one value.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Transfer {
    pub from: String,
    /// `None`: non-transferable (exhausted).
    pub to: Option<String>,
    pub papers: u64,
    /// The value of each paper after the transfer.
    pub value: String,
    pub votes: String,
}

/// A candidate elected or excluded, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Decision {
    pub candidate: usize,
    pub name: String,
    pub outcome: Outcome,
    pub reason: String,
    /// Present when a tie had to be broken to reach this decision.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tie: Option<TieBreak>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Elected,
    Excluded,
}

/// How a tie was broken.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TieBreak {
    /// The tied candidates, in candidate order.
    pub among: Vec<String>,
    /// The round whose votes decided, or `None` when the candidate order did.
    pub decided_by_round: Option<usize>,
    pub rule: String,
}

/// A candidate's standing during a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum State {
    Hopeful,
    Elected,
    Excluded,
    Withdrawn,
}

/// Checked and aggregated ballots.
pub(crate) struct Prepared {
    /// Non-empty rankings of standing candidates with how many ballots hold each.
    pub groups: Vec<(Vec<usize>, u64)>,
    /// Ballots in `groups`.
    pub valid: u64,
    pub blank: u64,
    pub state: Vec<State>,
}

pub(crate) fn prepare(e: &RankedElection) -> Result<Prepared, StvError> {
    let n = e.candidates.len();
    if n > MAX_CANDIDATES {
        return Err(StvError::TooManyCandidates(n));
    }
    if e.seats == 0 {
        return Err(StvError::NoSeats);
    }
    if e.seats > n {
        return Err(StvError::MoreSeatsThanCandidates {
            seats: e.seats,
            candidates: n,
        });
    }
    let mut state = vec![State::Hopeful; n];
    for &w in &e.withdrawn {
        *state.get_mut(w).ok_or(StvError::NoSuchCandidate(w))? = State::Withdrawn;
    }
    let mut merged: std::collections::BTreeMap<Vec<usize>, u64> = Default::default();
    let mut total: u64 = 0;
    let mut blank: u64 = 0;
    for b in &e.ballots {
        total = total
            .checked_add(b.weight)
            .filter(|t| *t <= MAX_BALLOTS)
            .ok_or(StvError::TooManyBallots)?;
        let mut seen = vec![false; n];
        let mut ranking = Vec::with_capacity(b.prefs.len());
        for &c in &b.prefs {
            let s = seen.get_mut(c).ok_or(StvError::NoSuchCandidate(c))?;
            if *s {
                return Err(StvError::RankedTwice(c));
            }
            *s = true;
            if state[c] != State::Withdrawn {
                ranking.push(c);
            }
        }
        if ranking.is_empty() {
            blank += b.weight;
        } else if b.weight > 0 {
            *merged.entry(ranking).or_default() += b.weight;
        }
    }
    Ok(Prepared {
        groups: merged.into_iter().collect(),
        valid: total - blank,
        blank,
        state,
    })
}

impl StvReport {
    pub(crate) fn new(
        method: StvMethod,
        rules: &'static str,
        decimals: u32,
        e: &RankedElection,
        p: &Prepared,
    ) -> Self {
        Self {
            method,
            rules,
            decimals,
            tie_rule: TIE_RULE,
            seats: e.seats,
            candidates: e.candidates.clone(),
            withdrawn: (0..e.candidates.len())
                .filter(|&c| p.state[c] == State::Withdrawn)
                .map(|c| e.candidates[c].clone())
                .collect(),
            ballots: p.valid + p.blank,
            blank: p.blank,
            ballot_groups: p.groups.len(),
            rounds: Vec::new(),
            elected: Vec::new(),
            elected_names: Vec::new(),
        }
    }

    /// Records a decision in the last round (and the winner in `elected`).
    pub(crate) fn decide(
        &mut self,
        c: usize,
        outcome: Outcome,
        reason: &str,
        tie: Option<TieBreak>,
    ) {
        if outcome == Outcome::Elected {
            self.elected.push(c);
            self.elected_names.push(self.candidates[c].clone());
        }
        let d = Decision {
            candidate: c,
            name: self.candidates[c].clone(),
            outcome,
            reason: reason.to_string(),
            tie,
        };
        if let Some(r) = self.rounds.last_mut() {
            r.decisions.push(d);
        }
    }
}

/// Which end of a tie goes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pick {
    /// The candidate to exclude: fewest votes earlier, else listed later.
    Lowest,
    /// The candidate to serve first: most votes earlier, else listed earlier.
    Highest,
}

/// Picks one of `tied` (at least one, any order) by [`TIE_RULE`]; `history` holds the
/// votes (in units) of every candidate at the end of each round so far, oldest first.
pub(crate) fn break_tie(
    tied: &[usize],
    history: &[Vec<i128>],
    pick: Pick,
    names: &[String],
) -> (usize, Option<TieBreak>) {
    let mut left: Vec<usize> = tied.to_vec();
    left.sort_unstable();
    if let [only] = left[..] {
        return (only, None);
    }
    let among: Vec<String> = left.iter().map(|&c| names[c].clone()).collect();
    for (i, round) in history.iter().enumerate().rev() {
        let values = left.iter().map(|&c| round[c]);
        let extreme = match pick {
            Pick::Lowest => values.min(),
            Pick::Highest => values.max(),
        };
        let Some(extreme) = extreme else { break };
        let keep: Vec<usize> = left
            .iter()
            .copied()
            .filter(|&c| round[c] == extreme)
            .collect();
        if keep.len() < left.len() {
            left = keep;
            if let [only] = left[..] {
                let word = if pick == Pick::Lowest {
                    "fewest"
                } else {
                    "most"
                };
                return (
                    only,
                    Some(TieBreak {
                        among,
                        decided_by_round: Some(i + 1),
                        rule: format!(
                            "{} had the {word} votes at the end of round {}, the most recent round where the tied candidates differed",
                            names[only],
                            i + 1
                        ),
                    }),
                );
            }
        }
    }
    let (chosen, word) = match pick {
        Pick::Lowest => (left[left.len() - 1], "later"),
        Pick::Highest => (left[0], "earlier"),
    };
    (
        chosen,
        Some(TieBreak {
            among,
            decided_by_round: None,
            rule: format!(
                "equal at every round; {} is listed {word} in the fixed candidate order",
                names[chosen]
            ),
        }),
    )
}

/// Sorts `cands` by `votes` (units), most first, breaking ties by [`break_tie`].
pub(crate) fn order_by_votes(
    mut cands: Vec<usize>,
    votes: &[i128],
    history: &[Vec<i128>],
    names: &[String],
) -> Vec<(usize, Option<TieBreak>)> {
    let mut out = Vec::with_capacity(cands.len());
    while let Some(top) = cands.iter().map(|&c| votes[c]).max() {
        let tied: Vec<usize> = cands.iter().copied().filter(|&c| votes[c] == top).collect();
        let (c, tie) = break_tie(&tied, history, Pick::Highest, names);
        cands.retain(|&x| x != c);
        out.push((c, tie));
    }
    out
}

/// The candidate with the fewest `votes` among `cands` (not empty), ties broken by
/// [`break_tie`].
pub(crate) fn lowest(
    cands: &[usize],
    votes: &[i128],
    history: &[Vec<i128>],
    names: &[String],
) -> Option<(usize, Option<TieBreak>)> {
    let low = cands.iter().map(|&c| votes[c]).min()?;
    let tied: Vec<usize> = cands.iter().copied().filter(|&c| votes[c] == low).collect();
    Some(break_tie(&tied, history, Pick::Lowest, names))
}

/// The candidates in `state` `s`, in candidate order.
pub(crate) fn in_state(state: &[State], s: State) -> Vec<usize> {
    (0..state.len()).filter(|&c| state[c] == s).collect()
}
