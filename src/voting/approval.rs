//! `approval`: each ballot approves any number of options; the `seats` options with
//! the most approvals win. Equal approvals are ordered by the fixed option order
//! (earlier first), and the report says when that order decided a seat. A ballot
//! approving nothing is blank: it counts for participation only. If no ballot approves
//! anything, nobody is elected.

use serde::Serialize;

use super::rules::{TallyError, check_seats, cut, names_of, rank_by};

/// The count of an approval vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApprovalReport {
    pub options: Vec<String>,
    pub seats: usize,
    pub ballots: u64,
    pub blank: u64,
    /// Approvals per option, in the fixed option order.
    pub approvals: Vec<u64>,
    /// Every option, most approved first.
    pub ranking: Vec<String>,
    pub winners: Vec<String>,
    pub decided_by: String,
}

/// Counts an approval vote: each ballot is the set of approved options (0-based).
pub fn approval(
    options: &[String],
    ballots: &[Vec<usize>],
    seats: usize,
) -> Result<ApprovalReport, TallyError> {
    check_seats(options.len(), seats)?;
    let mut approvals = vec![0u64; options.len()];
    let mut blank = 0;
    let mut seen = vec![usize::MAX; options.len()];
    for (i, b) in ballots.iter().enumerate() {
        if b.is_empty() {
            blank += 1;
        }
        for &o in b {
            if o >= options.len() || seen[o] == i {
                return Err(TallyError::Invalid(format!(
                    "ballot {} approves option {} twice or out of range",
                    i + 1,
                    o + 1
                )));
            }
            seen[o] = i;
            approvals[o] += 1;
        }
    }
    let order = rank_by(&approvals);
    let (winners, decided_by) = if approvals.iter().all(|&a| a == 0) {
        (
            Vec::new(),
            "no ballot approved any option: nobody is elected".into(),
        )
    } else {
        let (w, tie) = cut(&order, &approvals, seats, options);
        let rule = format!("the {seats} option(s) with the most approvals");
        (w, tie.map_or(rule.clone(), |t| format!("{rule}; {t}")))
    };
    Ok(ApprovalReport {
        options: options.to_vec(),
        seats,
        ballots: ballots.len() as u64,
        blank,
        approvals,
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
    fn the_most_approved_win() {
        let r = approval(
            &names(4),
            &[vec![0, 1], vec![1], vec![1, 2], vec![2, 3], vec![]],
            2,
        )
        .unwrap();
        assert_eq!(r.approvals, [1, 3, 2, 1]);
        assert_eq!(r.winners, ["B", "C"]);
        assert_eq!(r.ranking, ["B", "C", "A", "D"]);
        assert_eq!((r.ballots, r.blank), (5, 1));
        assert!(!r.decided_by.contains("tied"), "{}", r.decided_by);
    }

    #[test]
    fn a_tie_at_the_cut_goes_by_the_fixed_order_and_says_so() {
        let r = approval(&names(3), &[vec![2, 1], vec![0]], 1).unwrap();
        assert_eq!(r.winners, ["A"]);
        assert!(
            r.decided_by.contains("A and B are tied"),
            "{}",
            r.decided_by
        );
    }

    #[test]
    fn no_approvals_elect_nobody_and_bad_ballots_are_refused() {
        let r = approval(&names(2), &[vec![], vec![]], 1).unwrap();
        assert!(r.winners.is_empty());
        assert_eq!(r.blank, 2);
        assert!(approval(&names(2), &[vec![0, 0]], 1).is_err());
        assert!(approval(&names(2), &[vec![2]], 1).is_err());
        assert!(approval(&names(2), &[], 3).is_err());
        assert!(approval(&names(2), &[], 0).is_err());
        assert!(approval(&[], &[], 1).is_err());
    }
}
