//! Meek's method: the Hill–Wichmann–Woodall rules (Computer Journal 30(3), 1987,
//! "Algorithm 123 — Single Transferable Vote by Meek's method", as used by the Royal
//! Statistical Society and the ERS), with the arithmetic of New Zealand's Schedule 1A.
//!
//! Rules, as this code applies them:
//! - Every candidate has a keep value: 1 while hopeful, 0 when excluded or withdrawn,
//!   and between the two once elected.
//! - A distribution passes each ballot (value 1) down its ranking: each candidate keeps
//!   `value × keep value`, rounded up to 9 decimal places, and passes the rest on;
//!   what is left after the last preference is exhausted (non-transferable).
//! - The quota is recomputed after every distribution from the votes that are not
//!   exhausted: `(valid − exhausted) ÷ (seats + 1)`, truncated to 9 places, plus
//!   0.000000001 (Schedule 1A, step 1). A hopeful with votes ≥ quota is elected.
//! - A round iterates distributions. After each one: if hopefuls reached the quota they
//!   are elected (most votes first) and the round ends; otherwise, if the total surplus
//!   of the elected candidates (their votes above the quota) is below 0.00001, or did
//!   not decrease since the last distribution, the round ends and the hopeful with the
//!   fewest votes is excluded (keep value 0); otherwise every elected candidate's keep
//!   value becomes `keep × quota ÷ votes`, each step rounded up to 9 places (never above
//!   1), and the ballots are distributed again.
//! - The count ends when every seat is filled (the remaining hopefuls are excluded) or
//!   when the hopefuls fit the seats left (they are all elected, most votes first).
//! - Ties: [`super::TIE_RULE`] (the rules of 1987 draw lots; a reproducible public
//!   record needs a fixed rule, so the earlier rounds and then the candidate order
//!   decide).

use super::fixed::Fixed;
use super::{
    MAX_ITERATIONS, Outcome, Prepared, State, StvError, StvMethod, StvReport, StvRound, in_state,
    lowest, order_by_votes, prepare,
};
use crate::voting::RankedElection;

type V = Fixed<9>;

/// Below this total surplus a round's iteration has converged: 0.00001.
pub const OMEGA: Fixed<9> = Fixed::from_units(10_000);

const RULES: &str = "Meek's method (Hill, Wichmann and Woodall, Algorithm 123, 1987; New Zealand \
    Schedule 1A arithmetic): 9 decimal places; votes kept by a candidate rounded up; quota \
    (valid − exhausted) ÷ (seats + 1) truncated plus 0.000000001, recomputed every iteration; \
    keep value × quota ÷ votes rounded up; a round's iteration stops when a hopeful reaches \
    the quota, the total surplus is below 0.00001, or it stops decreasing; then the hopeful \
    with the fewest votes is excluded.";

/// Counts `e` by Meek's method.
pub fn meek(e: &RankedElection) -> Result<StvReport, StvError> {
    count(e, MAX_ITERATIONS)
}

/// The votes after one distribution.
struct Tally {
    votes: Vec<V>,
    exhausted: V,
}

fn distribute(p: &Prepared, keep: &[V]) -> Tally {
    let mut votes = vec![V::ZERO; keep.len()];
    let mut exhausted = V::ZERO;
    for (ranking, n) in &p.groups {
        let mut value = V::ONE;
        for &c in ranking {
            if keep[c] == V::ZERO {
                continue;
            }
            let kept = value.mul_up(keep[c]).min(value);
            votes[c] += kept.times(*n);
            value -= kept;
            if value == V::ZERO {
                break;
            }
        }
        exhausted += value.times(*n);
    }
    Tally { votes, exhausted }
}

fn quota(p: &Prepared, seats: usize, exhausted: V) -> V {
    (V::whole(p.valid) - exhausted).div_whole_down(seats as u64 + 1) + V::UNIT
}

/// Why a round's iteration stopped.
#[derive(PartialEq)]
enum Stop {
    Elected,
    Converged,
    Stable,
}

pub(super) fn count(e: &RankedElection, max_iterations: u32) -> Result<StvReport, StvError> {
    let p = prepare(e)?;
    let names = &e.candidates;
    let mut report = StvReport::new(StvMethod::Meek, RULES, 9, e, &p);
    let mut state = p.state.clone();
    let mut keep: Vec<V> = state
        .iter()
        .map(|s| {
            if *s == State::Hopeful {
                V::ONE
            } else {
                V::ZERO
            }
        })
        .collect();
    let mut history: Vec<Vec<i128>> = Vec::new();
    // Whether the last recorded round's votes are out of date (an exclusion since).
    let mut stale = true;
    loop {
        let elected = in_state(&state, State::Elected).len();
        let hopeful = in_state(&state, State::Hopeful);
        if elected >= e.seats || elected + hopeful.len() <= e.seats {
            if stale {
                let t = distribute(&p, &keep);
                let q = quota(&p, e.seats, t.exhausted);
                record(
                    &mut report,
                    &mut history,
                    "count after the last exclusion",
                    &t,
                    q,
                    &keep,
                    1,
                    None,
                );
            }
            let last = history.last().cloned().unwrap_or_default();
            let filling = elected < e.seats;
            for (c, tie) in order_by_votes(hopeful, &last, &history, names) {
                if filling {
                    state[c] = State::Elected;
                    report.decide(
                        c,
                        Outcome::Elected,
                        "the hopeful candidates fit the seats left",
                        tie,
                    );
                } else {
                    state[c] = State::Excluded;
                    report.decide(c, Outcome::Excluded, "every seat is filled", None);
                }
            }
            return Ok(report);
        }
        let round = report.rounds.len() + 1;
        let mut iterations = 0;
        let mut last_surplus: Option<V> = None;
        let (t, q, surplus, stop) = loop {
            iterations += 1;
            let t = distribute(&p, &keep);
            let q = quota(&p, e.seats, t.exhausted);
            let surplus: V = in_state(&state, State::Elected)
                .iter()
                .map(|&c| (t.votes[c] - q).max(V::ZERO))
                .sum();
            let stop = if hopeful.iter().any(|&c| t.votes[c] >= q) {
                Some(Stop::Elected)
            } else if surplus < OMEGA {
                Some(Stop::Converged)
            } else if last_surplus.is_some_and(|l| surplus >= l) {
                Some(Stop::Stable)
            } else {
                None
            };
            if let Some(stop) = stop {
                break (t, q, surplus, stop);
            }
            if iterations >= max_iterations {
                return Err(StvError::NotConverging { round });
            }
            last_surplus = Some(surplus);
            for c in in_state(&state, State::Elected) {
                if t.votes[c] > V::ZERO {
                    keep[c] = keep[c].mul_up(q).div_up(t.votes[c]).min(V::ONE);
                }
            }
        };
        let why = match stop {
            Stop::Elected => "a hopeful reached the quota",
            Stop::Converged => "the total surplus fell below 0.00001",
            Stop::Stable => "the total surplus stopped decreasing",
        };
        let action = if round == 1 {
            format!("first preferences: {why}")
        } else {
            format!("surpluses distributed until {why}")
        };
        record(
            &mut report,
            &mut history,
            &action,
            &t,
            q,
            &keep,
            iterations,
            Some(surplus),
        );
        let units: Vec<i128> = t.votes.iter().map(|v| v.units()).collect();
        if stop == Stop::Elected {
            let reached: Vec<usize> = hopeful
                .iter()
                .copied()
                .filter(|&c| t.votes[c] >= q)
                .collect();
            let seats_left = e.seats - elected;
            for (c, tie) in order_by_votes(reached, &units, &history, names)
                .into_iter()
                .take(seats_left)
            {
                state[c] = State::Elected;
                report.decide(c, Outcome::Elected, "reached the quota", tie);
            }
            stale = false;
        } else if let Some((c, tie)) = lowest(&hopeful, &units, &history, names) {
            state[c] = State::Excluded;
            keep[c] = V::ZERO;
            report.decide(
                c,
                Outcome::Excluded,
                "fewest votes once the surpluses had settled",
                tie,
            );
            stale = true;
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn record(
    report: &mut StvReport,
    history: &mut Vec<Vec<i128>>,
    action: &str,
    t: &Tally,
    q: V,
    keep: &[V],
    iterations: u32,
    surplus: Option<V>,
) {
    history.push(t.votes.iter().map(|v| v.units()).collect());
    report.rounds.push(StvRound {
        number: report.rounds.len() + 1,
        action: action.to_string(),
        quota: q.to_string(),
        votes: t.votes.iter().map(V::to_string).collect(),
        keep_values: Some(keep.iter().map(V::to_string).collect()),
        iterations: Some(iterations),
        surplus: surplus.map(|s| s.to_string()),
        transfers: Vec::new(),
        exhausted: t.exhausted.to_string(),
        lost_to_rounding: None,
        decisions: Vec::new(),
    });
}
