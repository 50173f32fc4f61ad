//! `score`: each ballot gives every option a score from 0 to `max`; an option left
//! unscored gets 0 (so skipping an option is the same as giving it the lowest score).
//!
//! The winner rule: the `seats` options with the highest total score win. Equal totals
//! are ordered first by how many ballots gave the option the top score `max` (more
//! first), then by the fixed option order (earlier first); the report says which of
//! these decided a seat. A ballot scoring nothing is blank (participation only); if
//! every score is 0, nobody is elected.

use serde::Serialize;

use super::rules::{TallyError, check_seats, cut, names_of, rank_by};

/// The count of a score vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScoreReport {
    pub options: Vec<String>,
    pub max: u32,
    pub seats: usize,
    pub ballots: u64,
    pub blank: u64,
    /// Total score per option, in the fixed option order.
    pub totals: Vec<u64>,
    /// Ballots giving the option the top score, in the fixed option order.
    pub top_scores: Vec<u64>,
    /// Every option, best first.
    pub ranking: Vec<String>,
    pub winners: Vec<String>,
    pub decided_by: String,
}

/// Counts a score vote: each ballot has one optional score per option.
pub fn score(
    options: &[String],
    ballots: &[Vec<Option<u32>>],
    max: u32,
    seats: usize,
) -> Result<ScoreReport, TallyError> {
    check_seats(options.len(), seats)?;
    let mut totals = vec![0u64; options.len()];
    let mut top_scores = vec![0u64; options.len()];
    let mut blank = 0;
    for (i, b) in ballots.iter().enumerate() {
        if b.len() != options.len() {
            return Err(TallyError::Invalid(format!(
                "ballot {} has {} scores for {} options",
                i + 1,
                b.len(),
                options.len()
            )));
        }
        if b.iter().all(Option::is_none) {
            blank += 1;
        }
        for (o, s) in b.iter().enumerate() {
            let Some(s) = *s else { continue };
            if s > max {
                return Err(TallyError::Invalid(format!(
                    "ballot {} gives {} a score of {s}, above the maximum {max}",
                    i + 1,
                    options[o]
                )));
            }
            totals[o] += u64::from(s);
            if s == max {
                top_scores[o] += 1;
            }
        }
    }
    let keys: Vec<(u64, u64)> = totals.iter().copied().zip(top_scores.clone()).collect();
    let order = rank_by(&keys);
    let (winners, decided_by) = if totals.iter().all(|&t| t == 0) {
        (
            Vec::new(),
            "every score is 0: nobody is elected".to_string(),
        )
    } else {
        let (w, tie) = cut(&order, &keys, seats, options);
        let mut rule = format!("the {seats} option(s) with the highest total score");
        let (last, next) = (w.last(), order.get(seats));
        if let (Some(&l), Some(&n)) = (last, next)
            && totals[l] == totals[n]
            && top_scores[l] != top_scores[n]
        {
            rule.push_str(&format!(
                "; {} and {} have the same total {}: {} has more top scores ({} to {})",
                options[l], options[n], totals[l], options[l], top_scores[l], top_scores[n]
            ));
        }
        if let Some(t) = tie {
            rule.push_str(&format!("; (total, top scores) {t}"));
        }
        (w, rule)
    };
    Ok(ScoreReport {
        options: options.to_vec(),
        max,
        seats,
        ballots: ballots.len() as u64,
        blank,
        totals,
        top_scores,
        ranking: names_of(&order, options),
        winners: names_of(&winners, options),
        decided_by,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: usize) -> Vec<String> {
        "ABCDEFGH".chars().take(n).map(String::from).collect()
    }

    #[test]
    fn the_highest_total_wins_and_unscored_is_zero() {
        let b = vec![
            vec![Some(5), Some(3), None],
            vec![Some(0), Some(4), Some(2)],
            vec![None, None, None],
        ];
        let r = score(&names(3), &b, 5, 1).unwrap();
        assert_eq!(r.totals, [5, 7, 2]);
        assert_eq!(r.top_scores, [1, 0, 0]);
        assert_eq!(r.winners, ["B"]);
        assert_eq!(r.ranking, ["B", "A", "C"]);
        assert_eq!((r.ballots, r.blank), (3, 1));
        let two = score(&names(3), &b, 5, 2).unwrap();
        assert_eq!(two.winners, ["B", "A"]);
    }

    #[test]
    fn equal_totals_go_to_more_top_scores_then_the_fixed_order() {
        let b = vec![
            vec![Some(2), Some(4)],
            vec![Some(4), Some(2)],
            vec![Some(4), Some(4)],
        ];
        let r = score(&names(2), &b, 4, 1).unwrap();
        assert_eq!(r.winners, ["A"]);
        assert!(
            r.decided_by.contains("A and B are tied"),
            "{}",
            r.decided_by
        );
        let b = vec![
            vec![Some(1), Some(3)],
            vec![Some(3), Some(1)],
            vec![Some(2), Some(2)],
        ];
        let r = score(&names(2), &b, 3, 1).unwrap();
        assert_eq!(r.totals, [6, 6]);
        assert_eq!(r.winners, ["A"]);
        let b = vec![
            vec![Some(0), Some(3)],
            vec![Some(3), Some(0)],
            vec![Some(2), Some(1)],
            vec![None, Some(1)],
        ];
        let r = score(&names(2), &b, 3, 1).unwrap();
        assert_eq!(
            (r.totals.clone(), r.top_scores.clone()),
            (vec![5, 5], vec![1, 1])
        );
        let b = vec![
            vec![Some(1), Some(3)],
            vec![Some(1), Some(0)],
            vec![Some(1), None],
        ];
        let r = score(&names(2), &b, 3, 1).unwrap();
        assert_eq!(r.totals, [3, 3]);
        assert_eq!(r.winners, ["B"], "the same total; B has the top score");
        assert!(r.decided_by.contains("more top scores"), "{}", r.decided_by);
    }

    #[test]
    fn bad_scores_are_refused_and_zeros_elect_nobody() {
        assert!(score(&names(2), &[vec![Some(6), None]], 5, 1).is_err());
        assert!(score(&names(2), &[vec![Some(1)]], 5, 1).is_err());
        assert!(score(&names(2), &[], 5, 3).is_err());
        let r = score(&names(2), &[vec![Some(0), Some(0)]], 5, 1).unwrap();
        assert!(r.winners.is_empty());
        assert_eq!(r.blank, 0);
    }
}
