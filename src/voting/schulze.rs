//! `schulze`: the Schulze method (M. Schulze, Social Choice and Welfare 36, 2011), with
//! winning votes as the strength of a link.
//!
//! - `d[a][b]`: the ballots ranking a above b. An option a ballot ranks is above every
//!   option it leaves unranked; unranked options are equal among themselves.
//!   Withdrawn options are left out of every ballot (their rows and columns are 0).
//! - `p[a][b]`: the strength of the strongest path from a to b, where a link a→b has
//!   strength `d[a][b]` when `d[a][b] > d[b][a]` and none otherwise (Floyd–Warshall,
//!   O(n³) on the matrix only).
//! - The ranking: a above b when `p[a][b] > p[b][a]`. That relation is a strict partial
//!   order (Schulze, §4.1); the options are listed by how many others they are above
//!   (which extends it), and options above the same number of others — necessarily tied,
//!   `p[a][b] = p[b][a]` — by the fixed option order. The report says when that order
//!   decided a seat.
//! - With `seats` > 1 the winners are the first `seats` of the ranking (not a
//!   proportional result: STV is the method for that).
//!
//! Identical ballots are counted once with their weight, so building `d` costs
//! O(distinct ballots × options).

use serde::Serialize;

use super::RankedElection;
use super::rules::{TallyError, check_seats, cut, group_ballots, names_of, rank_by};

/// The count of a Schulze vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchulzeReport {
    pub options: Vec<String>,
    pub withdrawn: Vec<String>,
    pub seats: usize,
    pub ballots: u64,
    pub blank: u64,
    /// `pairwise_d[a][b]`, in the fixed option order.
    pub pairwise_d: Vec<Vec<u64>>,
    /// `strongest_paths_p[a][b]`, in the fixed option order.
    pub strongest_paths_p: Vec<Vec<u64>>,
    /// For each option, how many options it is above (p[a][b] > p[b][a]).
    pub beats: Vec<u64>,
    /// The standing options, first to last.
    pub ranking: Vec<String>,
    pub winners: Vec<String>,
    pub decided_by: String,
}

/// The pairwise matrix `d` of an election's ballots.
pub fn pairwise(e: &RankedElection) -> Result<(Vec<Vec<u64>>, super::rules::Grouped), TallyError> {
    let g = group_ballots(e)?;
    let n = e.candidates.len();
    let mut d = vec![vec![0u64; n]; n];
    let mut above = vec![false; n];
    for b in &g.groups {
        above.iter_mut().zip(&g.standing).for_each(|(a, s)| *a = !s);
        for &a in &b.prefs {
            above[a] = true;
            let row = &mut d[a];
            for (x, done) in row.iter_mut().zip(&above) {
                if !done {
                    *x += b.weight;
                }
            }
        }
    }
    Ok((d, g))
}

/// The strongest paths `p` of a pairwise matrix (winning votes).
pub fn strongest_paths(d: &[Vec<u64>]) -> Vec<Vec<u64>> {
    let n = d.len();
    let mut p = vec![vec![0u64; n]; n];
    for a in 0..n {
        for b in 0..n {
            if a != b && d[a][b] > d[b][a] {
                p[a][b] = d[a][b];
            }
        }
    }
    for i in 0..n {
        for j in 0..n {
            if i == j || p[j][i] == 0 {
                continue;
            }
            for k in 0..n {
                if k != i && k != j {
                    p[j][k] = p[j][k].max(p[j][i].min(p[i][k]));
                }
            }
        }
    }
    p
}

/// Counts a Schulze vote for `seats` winners.
pub fn schulze(e: &RankedElection, seats: usize) -> Result<SchulzeReport, TallyError> {
    check_seats(e.candidates.len(), seats)?;
    let (d, g) = pairwise(e)?;
    let p = strongest_paths(&d);
    let n = d.len();
    let standing: Vec<usize> = (0..n).filter(|&o| g.standing[o]).collect();
    if seats > standing.len() {
        return Err(TallyError::Invalid(format!(
            "{seats} seats but only {} options are standing",
            standing.len()
        )));
    }
    let beats: Vec<u64> = (0..n)
        .map(|a| (0..n).filter(|&b| p[a][b] > p[b][a]).count() as u64)
        .collect();
    // Withdrawn options are ranked out: they come last and are then dropped.
    let keys: Vec<(bool, u64)> = (0..n).map(|o| (g.standing[o], beats[o])).collect();
    let order: Vec<usize> = rank_by(&keys)
        .into_iter()
        .filter(|&o| g.standing[o])
        .collect();
    let (winners, decided_by) = if g.groups.is_empty() {
        (
            Vec::new(),
            "no ballot ranked any option: nobody is elected".to_string(),
        )
    } else {
        let (w, tie) = cut(&order, &beats, seats, &e.candidates);
        let rule = if seats == 1 {
            format!(
                "{} is above every other option by its strongest paths",
                e.candidates[order[0]]
            )
        } else {
            format!("the first {seats} options of the Schulze ranking")
        };
        let decided = match tie {
            Some(t) => format!("the strongest paths leave a tie (p[a][b] = p[b][a]): {t}"),
            None => rule,
        };
        (w, decided)
    };
    Ok(SchulzeReport {
        options: e.candidates.clone(),
        withdrawn: names_of(&e.withdrawn, &e.candidates),
        seats,
        ballots: g.total,
        blank: g.blank,
        pairwise_d: d,
        strongest_paths_p: p,
        beats,
        ranking: names_of(&order, &e.candidates),
        winners: names_of(&winners, &e.candidates),
        decided_by,
    })
}

#[cfg(test)]
mod tests {
    use super::super::Ranked;
    use super::*;

    pub(crate) fn election(n: usize, ballots: &[(u64, &[usize])]) -> RankedElection {
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

    const SCHULZE: &str = include_str!("../../tests/data/voting/schulze-45-voters.blt");

    #[test]
    fn the_shared_vector_gives_the_published_matrices_and_ranking() {
        let e = super::super::blt::parse(SCHULZE).unwrap();
        let expected: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/data/voting/expected.json")).unwrap();
        let want = &expected["schulze-45-voters.blt"]["schulze"];
        let r = schulze(&e, 1).unwrap();
        assert_eq!(r.winners, [want["winner"].as_str().unwrap()]);
        let ranking: Vec<&str> = want["ranking"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(r.ranking, ranking);
        let idx = |name: &str| e.candidates.iter().position(|c| c == name).unwrap();
        let mut entries = 0;
        for (key, m) in [
            ("pairwise_d", &r.pairwise_d),
            ("strongest_paths_p", &r.strongest_paths_p),
        ] {
            for (a, row) in want[key].as_object().unwrap() {
                for (b, v) in row.as_object().unwrap() {
                    assert_eq!(m[idx(a)][idx(b)], v.as_u64().unwrap(), "{key}[{a}][{b}]");
                    entries += 1;
                }
            }
        }
        assert_eq!(entries, 40, "every off-diagonal entry of both matrices");
        assert_eq!((r.ballots, r.blank), (45, 0));
        assert!(
            r.decided_by.contains("E is above every other"),
            "{}",
            r.decided_by
        );
    }

    #[test]
    fn unranked_options_are_below_ranked_ones_and_equal_among_themselves() {
        let (d, g) = pairwise(&election(3, &[(2, &[1]), (1, &[2, 0]), (1, &[])])).unwrap();
        assert_eq!(d, vec![vec![0, 1, 0], vec![2, 0, 2], vec![1, 1, 0]]);
        assert_eq!((g.blank, g.total), (1, 4));
    }

    #[test]
    fn a_cycle_is_resolved_by_path_strength() {
        // A>B 6:3, B>C 7:2, C>A 5:4: the weakest link C>A is broken, A wins.
        let e = election(3, &[(4, &[0, 1, 2]), (3, &[1, 2, 0]), (2, &[2, 0, 1])]);
        let (d, _) = pairwise(&e).unwrap();
        assert_eq!((d[0][1], d[1][2], d[2][0]), (6, 7, 5));
        assert_eq!(strongest_paths(&d)[0][2], 6);
        let r = schulze(&e, 2).unwrap();
        assert_eq!(r.ranking, ["A", "B", "C"]);
        assert_eq!(r.winners, ["A", "B"]);
    }

    #[test]
    fn a_full_tie_goes_by_the_fixed_order_and_says_so() {
        let r = schulze(&election(3, &[(1, &[0, 1, 2]), (1, &[2, 1, 0])]), 1).unwrap();
        assert_eq!(r.winners, ["A"]);
        assert!(
            r.decided_by.contains("A and B are tied"),
            "{}",
            r.decided_by
        );
        assert_eq!(r.ranking, ["A", "B", "C"]);
    }

    #[test]
    fn withdrawn_options_and_empty_votes() {
        let mut e = election(3, &[(3, &[0, 1]), (2, &[1, 2])]);
        e.withdrawn = vec![0];
        let r = schulze(&e, 1).unwrap();
        assert_eq!(r.ranking, ["B", "C"]);
        assert_eq!(r.withdrawn, ["A"]);
        assert_eq!(r.pairwise_d[0], [0, 0, 0]);
        assert!(schulze(&e, 3).is_err());
        let none = schulze(&election(2, &[(4, &[])]), 1).unwrap();
        assert!(none.winners.is_empty());
        assert_eq!(none.blank, 4);
        assert!(schulze(&election(2, &[(1, &[0, 0])]), 1).is_err());
        assert!(schulze(&election(2, &[(1, &[5])]), 1).is_err());
    }
}
