//! `irv`: instant-runoff voting, one winner.
//!
//! Each round every ballot counts for its most preferred continuing option. An option
//! with a majority of the continuing votes (more than half: [`majority_of`]) is
//! elected. Otherwise the option with the fewest votes is eliminated (one per round)
//! and its ballots pass to their next continuing preference; a ballot with none left is
//! exhausted and leaves the count. Withdrawn options are skipped on every ballot.
//!
//! Ties for elimination are broken backwards: among the tied options, the one with
//! fewer votes in the latest earlier round where they differ is eliminated; tied in
//! every round, the one latest in the fixed option order is eliminated (earlier in the
//! order survives, as it wins a tie everywhere else). Each round of the report says
//! which rule chose the elimination.
//!
//! Identical ballots are counted once with their weight; a round costs
//! O(distinct ballots + options), and each ballot's pointer only moves forward, so the
//! whole count is O(distinct ballots × options).

use serde::Serialize;

use super::RankedElection;
use super::rules::{TallyError, check_seats, group_ballots, majority_of};

/// One round of an IRV count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IrvRound {
    pub round: usize,
    /// Votes per option in the fixed order; `null` for withdrawn or eliminated ones.
    pub tallies: Vec<Option<u64>>,
    /// Votes counting for a continuing option.
    pub continuing: u64,
    /// Ballots exhausted by this round (blank ones included), so far.
    pub exhausted: u64,
    /// The votes an option needs this round to be elected.
    pub majority: u64,
    pub elected: Option<String>,
    pub eliminated: Option<String>,
    /// How the eliminated option was chosen.
    pub rule: Option<String>,
}

/// The count of an IRV vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IrvReport {
    pub options: Vec<String>,
    pub withdrawn: Vec<String>,
    pub ballots: u64,
    pub blank: u64,
    pub rounds: Vec<IrvRound>,
    pub winners: Vec<String>,
    pub decided_by: String,
}

/// Counts an IRV vote (one seat).
pub fn irv(e: &RankedElection, seats: usize) -> Result<IrvReport, TallyError> {
    check_seats(e.candidates.len(), seats)?;
    if seats != 1 {
        return Err(TallyError::Invalid(format!(
            "IRV elects one option, not {seats}: use STV for several seats"
        )));
    }
    let g = group_ballots(e)?;
    let n = e.candidates.len();
    let names = &e.candidates;
    let mut continuing = g.standing.clone();
    let mut next = vec![0usize; g.groups.len()];
    let mut rounds: Vec<IrvRound> = Vec::new();
    let mut history: Vec<Vec<u64>> = Vec::new();
    let mut winners = Vec::new();
    let mut decided_by = "no ballot ranked any option: nobody is elected".to_string();
    while !g.groups.is_empty() {
        let mut votes = vec![0u64; n];
        let mut exhausted = g.blank;
        for (b, at) in g.groups.iter().zip(next.iter_mut()) {
            while *at < b.prefs.len() && !continuing[b.prefs[*at]] {
                *at += 1;
            }
            match b.prefs.get(*at) {
                Some(&o) => votes[o] += b.weight,
                None => exhausted += b.weight,
            }
        }
        let total: u64 = votes.iter().sum();
        let majority = majority_of(total);
        let standing: Vec<usize> = (0..n).filter(|&o| continuing[o]).collect();
        let mut round = IrvRound {
            round: rounds.len() + 1,
            tallies: (0..n).map(|o| continuing[o].then_some(votes[o])).collect(),
            continuing: total,
            exhausted,
            majority,
            elected: None,
            eliminated: None,
            rule: None,
        };
        // Several options with a majority cannot be: a majority is more than half.
        if let Some(&w) = standing.iter().find(|&&o| votes[o] >= majority) {
            round.elected = Some(names[w].clone());
            winners.push(names[w].clone());
            decided_by = format!(
                "{} has a majority ({} of {total} continuing votes, {majority} needed) in round {}",
                names[w], votes[w], round.round
            );
            rounds.push(round);
            break;
        }
        let (out, rule) = loser(&standing, &votes, &history, names);
        continuing[out] = false;
        round.eliminated = Some(names[out].clone());
        round.rule = Some(rule);
        rounds.push(round);
        history.push(votes);
    }
    Ok(IrvReport {
        options: names.clone(),
        withdrawn: e.withdrawn.iter().map(|&w| names[w].clone()).collect(),
        ballots: g.total,
        blank: g.blank,
        rounds,
        winners,
        decided_by,
    })
}

/// The option to eliminate among `standing`, and the rule that chose it.
fn loser(
    standing: &[usize],
    votes: &[u64],
    history: &[Vec<u64>],
    names: &[String],
) -> (usize, String) {
    let fewest = standing.iter().map(|&o| votes[o]).min().unwrap_or(0);
    let mut tied: Vec<usize> = standing
        .iter()
        .copied()
        .filter(|&o| votes[o] == fewest)
        .collect();
    if let [only] = tied[..] {
        return (only, format!("the fewest votes ({fewest})"));
    }
    let list = tied
        .iter()
        .map(|&o| names[o].as_str())
        .collect::<Vec<_>>()
        .join(", ");
    for (r, earlier) in history.iter().enumerate().rev() {
        let low = tied.iter().map(|&o| earlier[o]).min().unwrap_or(0);
        tied.retain(|&o| earlier[o] == low);
        if let [only] = tied[..] {
            return (
                only,
                format!(
                    "{list} are tied at {fewest}: backwards tie-break, {} had the fewest votes ({low}) in round {}",
                    names[only],
                    r + 1
                ),
            );
        }
    }
    // Tied in every round: the latest in the fixed option order goes.
    let last = tied.iter().copied().max().unwrap_or(0);
    (
        last,
        format!(
            "{list} are tied at {fewest} in every round: {} comes last in the fixed option order",
            names[last]
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::super::Ranked;
    use super::*;

    fn election(n: usize, ballots: &[(u64, &[usize])]) -> RankedElection {
        RankedElection {
            title: "t".into(),
            candidates: "ABCDEFGHIJ".chars().take(n).map(String::from).collect(),
            seats: 1,
            withdrawn: vec![],
            ballots: ballots
                .iter()
                .map(|&(weight, p)| Ranked {
                    weight,
                    prefs: p.to_vec(),
                })
                .collect(),
        }
    }

    #[test]
    fn a_first_round_majority_wins_at_once() {
        let r = irv(&election(3, &[(4, &[0]), (3, &[1]), (1, &[])]), 1).unwrap();
        assert_eq!(r.winners, ["A"]);
        assert_eq!(r.rounds.len(), 1);
        let first = &r.rounds[0];
        assert_eq!(first.tallies, [Some(4), Some(3), Some(0)]);
        assert_eq!(
            (first.continuing, first.exhausted, first.majority),
            (7, 1, 4)
        );
        assert!(r.decided_by.contains("round 1"), "{}", r.decided_by);
    }

    #[test]
    fn transfers_and_exhausted_ballots_are_reported_round_by_round() {
        // A 4, B 3, C 2: C goes; one of C's ballots passes to B, one is exhausted, so
        // A 4, B 4 of 8 continuing: no majority, and a tie.
        let e = election(3, &[(4, &[0]), (3, &[1, 0]), (1, &[2, 1]), (1, &[2])]);
        let r = irv(&e, 1).unwrap();
        assert_eq!(r.rounds[0].eliminated.as_deref(), Some("C"));
        assert_eq!(r.rounds[0].rule.as_deref(), Some("the fewest votes (2)"));
        let second = &r.rounds[1];
        assert_eq!(second.tallies, [Some(4), Some(4), None]);
        assert_eq!(
            (second.continuing, second.exhausted, second.majority),
            (8, 1, 5)
        );
        // Tied 4:4 now; in round 1 B had 3 to A's 4, so B goes back first.
        assert_eq!(second.eliminated.as_deref(), Some("B"));
        assert!(
            second
                .rule
                .as_deref()
                .unwrap()
                .contains("backwards tie-break")
        );
        let third = &r.rounds[2];
        assert_eq!(
            (third.continuing, third.exhausted),
            (7, 2),
            "B's ballots go to A"
        );
        assert_eq!(third.tallies, [Some(7), None, None]);
        assert_eq!(r.winners, ["A"]);
    }

    #[test]
    fn a_tie_in_every_round_eliminates_the_last_in_the_fixed_order() {
        let r = irv(&election(3, &[(2, &[0]), (2, &[1]), (2, &[2])]), 1).unwrap();
        assert_eq!(r.rounds[0].eliminated.as_deref(), Some("C"));
        assert!(
            r.rounds[0]
                .rule
                .as_deref()
                .unwrap()
                .contains("in every round")
        );
        assert_eq!(r.rounds[1].eliminated.as_deref(), Some("B"));
        assert_eq!(r.winners, ["A"]);
        assert_eq!(r.rounds[2].exhausted, 4);
    }

    #[test]
    fn the_condorcet_loser_can_lead_the_first_round_and_lose() {
        // A 8, B 7, C 6 (C→B): B wins 13 to 8 after C goes.
        let r = irv(&election(3, &[(8, &[0]), (7, &[1, 2]), (6, &[2, 1])]), 1).unwrap();
        assert_eq!(r.winners, ["B"]);
        assert_eq!(r.rounds[1].tallies, [Some(8), Some(13), None]);
    }

    #[test]
    fn withdrawn_options_seats_and_empty_votes() {
        let mut e = election(3, &[(3, &[0, 1]), (2, &[1, 2]), (1, &[0])]);
        e.withdrawn = vec![0];
        let r = irv(&e, 1).unwrap();
        assert_eq!(r.rounds[0].tallies, [None, Some(5), Some(0)]);
        assert_eq!((r.blank, r.rounds[0].exhausted), (1, 1));
        assert_eq!(r.winners, ["B"]);
        assert!(irv(&e, 2).is_err());
        let none = irv(&election(2, &[(3, &[])]), 1).unwrap();
        assert!(none.winners.is_empty() && none.rounds.is_empty());
        assert!(none.decided_by.contains("nobody"));
    }
}
