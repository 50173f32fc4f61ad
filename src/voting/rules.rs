//! The rules every method shares: fractions in integers, majority ("more than half"),
//! quorum, the tie-break by the fixed option order, and the error a tally can end in.
//!
//! No floating point anywhere: a threshold p/q of n is met by `x` when `x·q ≥ p·n`,
//! computed in 128 bits so no count can overflow.

use serde::Serialize;

/// Why a vote could not be counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TallyError {
    /// The ballot file cannot be read: the 1-based line and what is wrong there.
    Unreadable { line: usize, message: String },
    /// The vote's settings do not fit the method or the ballots (said in words).
    Invalid(String),
}

impl std::fmt::Display for TallyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TallyError::Unreadable { line, message } => write!(f, "line {line}: {message}"),
            TallyError::Invalid(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for TallyError {}

impl From<super::blt::BltError> for TallyError {
    fn from(e: super::blt::BltError) -> Self {
        TallyError::Unreadable {
            line: e.line,
            message: e.message,
        }
    }
}

/// A fraction p/q with 0 < p ≤ q, written `p/q` (a thing's share of a whole).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Fraction {
    pub p: u64,
    pub q: u64,
}

impl Fraction {
    /// A fraction, refused unless 0 < p ≤ q.
    pub fn new(p: u64, q: u64) -> Result<Fraction, TallyError> {
        if p == 0 || q == 0 || p > q {
            return Err(TallyError::Invalid(format!(
                "the fraction {p}/{q} must be more than 0 and at most 1"
            )));
        }
        Ok(Fraction { p, q })
    }

    /// Reads `p/q`, e.g. `2/3`.
    pub fn parse(s: &str) -> Result<Fraction, TallyError> {
        let bad = || TallyError::Invalid(format!("\"{s}\" is not a fraction p/q such as 2/3"));
        let (p, q) = s.split_once('/').ok_or_else(bad)?;
        let p = p.trim().parse().map_err(|_| bad())?;
        let q = q.trim().parse().map_err(|_| bad())?;
        Fraction::new(p, q)
    }

    /// Whether `x` is at least this fraction of `n` (`x·q ≥ p·n`).
    pub fn reached(self, x: u64, n: u64) -> bool {
        u128::from(x) * u128::from(self.q) >= u128::from(self.p) * u128::from(n)
    }

    /// The smallest count that is at least this fraction of `n`: ⌈p·n/q⌉.
    pub fn of(self, n: u64) -> u64 {
        let num = u128::from(self.p) * u128::from(n);
        let q = u128::from(self.q);
        // p ≤ q, so the result is at most n and fits.
        u64::try_from(num.div_ceil(q)).unwrap_or(u64::MAX)
    }
}

impl std::fmt::Display for Fraction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.p, self.q)
    }
}

/// Refuses a vote without options or with more seats than options.
pub fn check_seats(options: usize, seats: usize) -> Result<(), TallyError> {
    if options == 0 {
        return Err(TallyError::Invalid("the vote has no options".into()));
    }
    if seats == 0 || seats > options {
        return Err(TallyError::Invalid(format!(
            "the number of seats must be 1 to the number of options ({options}), not {seats}"
        )));
    }
    Ok(())
}

/// The smallest number that is more than half of `n`: "a majority of 7 is 4".
pub fn majority_of(n: u64) -> u64 {
    n / 2 + 1
}

/// A minimum participation: ballots cast (blank ones included) must reach it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum Quorum {
    /// No quorum: any participation counts.
    #[default]
    None,
    /// At least this many ballots.
    Count(u64),
    /// At least this fraction of the electorate (rounded up: 1/3 of 10 is 4).
    Fraction(Fraction),
}

impl Quorum {
    /// Reads a count (`12`) or a fraction of the electorate (`1/3`).
    pub fn parse(s: &str) -> Result<Quorum, TallyError> {
        if s.contains('/') {
            return Fraction::parse(s).map(Quorum::Fraction);
        }
        s.trim().parse().map(Quorum::Count).map_err(|_| {
            TallyError::Invalid(format!(
                "the quorum \"{s}\" must be a count (12) or a fraction of the electorate (1/3)"
            ))
        })
    }

    /// Checks the participation (ballots cast, or members present when `basis` says
    /// so) against the quorum; a fraction needs the electorate.
    pub fn check(
        self,
        participation: u64,
        basis: QuorumBasis,
        electorate: Option<u64>,
    ) -> Result<QuorumReport, TallyError> {
        let required = match self {
            Quorum::None => 0,
            Quorum::Count(c) => c,
            Quorum::Fraction(f) => f.of(electorate.ok_or_else(|| {
                TallyError::Invalid(format!(
                    "a quorum of {f} of the electorate needs the electorate's size"
                ))
            })?),
        };
        if let Some(e) = electorate
            && participation > e
        {
            let what = match basis {
                QuorumBasis::Ballots => "ballots were cast",
                QuorumBasis::Present => "members were present",
            };
            return Err(TallyError::Invalid(format!(
                "{participation} {what} but the electorate is only {e}"
            )));
        }
        Ok(QuorumReport {
            rule: self,
            electorate,
            participation,
            basis,
            required,
            met: participation >= required,
        })
    }
}

/// How the quorum was judged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuorumReport {
    pub rule: Quorum,
    pub electorate: Option<u64>,
    /// What the quorum judged: ballots cast (blank ones included), or the members
    /// present when the vote was held in a meeting (see [`QuorumBasis`]).
    pub participation: u64,
    pub basis: QuorumBasis,
    /// The fewest ballots (or members present) that meet the quorum.
    pub required: u64,
    pub met: bool,
}

/// What a quorum counts: ballots cast, or (a vote held in a meeting, where the body's
/// rules make presence the quorum) the members recorded present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuorumBasis {
    #[default]
    Ballots,
    Present,
}

/// The options ordered by their keys (larger first), equal keys by the fixed option
/// order (lower index first).
pub fn rank_by<K: Ord + Copy>(keys: &[K]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|&a, &b| keys[b].cmp(&keys[a]).then(a.cmp(&b)));
    order
}

/// The winners: the first `seats` of `ranking`, and the note on a tie at the cut (when
/// the last winner and the first loser have the same key, the fixed order decided).
pub fn cut<K: Ord + Copy + std::fmt::Debug>(
    ranking: &[usize],
    keys: &[K],
    seats: usize,
    names: &[String],
) -> (Vec<usize>, Option<String>) {
    let winners: Vec<usize> = ranking.iter().copied().take(seats).collect();
    let tie = match (winners.last(), ranking.get(seats)) {
        (Some(&w), Some(&l)) if keys[w] == keys[l] => Some(format!(
            "{} and {} are tied at {:?}: the fixed option order puts {} first",
            names[w], names[l], keys[w], names[w]
        )),
        _ => None,
    };
    (winners, tie)
}

/// The names of `options` (indexes into `names`).
pub fn names_of(options: &[usize], names: &[String]) -> Vec<String> {
    options.iter().map(|&o| names[o].clone()).collect()
}

/// A ranked election's ballots ready to count: withdrawn options taken out of every
/// ranking, identical rankings merged into one group (in a sorted order, so the
/// storage order of the ballots can never matter), blank ballots counted apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grouped {
    pub groups: Vec<super::Ranked>,
    /// Ballots ranking no continuing option (empty, or only withdrawn options).
    pub blank: u64,
    /// All ballots, blank ones included.
    pub total: u64,
    /// Whether each option is still standing (not withdrawn).
    pub standing: Vec<bool>,
}

/// The most options whose rankings are packed into one integer to group them.
const PACKED: usize = 15;

/// Groups the ballots of `e`, refusing an option out of range or ranked twice.
pub fn group_ballots(e: &super::RankedElection) -> Result<Grouped, TallyError> {
    let n = e.candidates.len();
    let mut standing = vec![true; n];
    for &w in &e.withdrawn {
        *standing.get_mut(w).ok_or_else(|| {
            TallyError::Invalid(format!("withdrawn option {} does not exist", w + 1))
        })? = false;
    }
    let mut seen = vec![usize::MAX; n];
    // Whether option `o` of ballot group `i` is standing; refuses a bad ranking.
    let mut standing_pref = |i: usize, o: usize| {
        if o >= n || seen[o] == i {
            return Err(TallyError::Invalid(format!(
                "ballot group {} ranks option {} twice or out of range",
                i + 1,
                o + 1
            )));
        }
        seen[o] = i;
        Ok(standing[o])
    };
    let (mut blank, mut total) = (0u64, 0u64);
    let mut groups: Vec<super::Ranked> = Vec::new();
    if n <= PACKED {
        // Up to 15 options a ranking packs into a u64 (4 bits an option, first
        // preference highest, 0 ends it), so a million ballots sort in milliseconds
        // and the key order is the rankings' lexicographic order.
        let mut keyed: Vec<(u64, u64)> = Vec::with_capacity(e.ballots.len());
        for (i, b) in e.ballots.iter().enumerate() {
            total += b.weight;
            let (mut key, mut k) = (0u64, 0);
            for &o in &b.prefs {
                if standing_pref(i, o)? {
                    key |= (o as u64 + 1) << (4 * (PACKED - 1 - k));
                    k += 1;
                }
            }
            if key == 0 {
                blank += b.weight;
            } else {
                keyed.push((key, b.weight));
            }
        }
        keyed.sort_unstable_by_key(|k| k.0);
        for run in keyed.chunk_by(|a, b| a.0 == b.0) {
            let key = run[0].0;
            let prefs = (0..PACKED)
                .map(|k| (key >> (4 * (PACKED - 1 - k))) & 0xF)
                .take_while(|&nibble| nibble != 0)
                .map(|nibble| nibble as usize - 1)
                .collect();
            groups.push(super::Ranked {
                weight: run.iter().map(|r| r.1).sum(),
                prefs,
            });
        }
    } else {
        let mut merged: std::collections::HashMap<Vec<usize>, u64> = Default::default();
        for (i, b) in e.ballots.iter().enumerate() {
            total += b.weight;
            let mut prefs = Vec::with_capacity(b.prefs.len());
            for &o in &b.prefs {
                if standing_pref(i, o)? {
                    prefs.push(o);
                }
            }
            if prefs.is_empty() {
                blank += b.weight;
            } else {
                *merged.entry(prefs).or_default() += b.weight;
            }
        }
        groups = merged
            .into_iter()
            .map(|(prefs, weight)| super::Ranked { weight, prefs })
            .collect();
        groups.sort_unstable_by(|a, b| a.prefs.cmp(&b.prefs));
    }
    Ok(Grouped {
        groups,
        blank,
        total,
        standing,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn majority_is_more_than_half() {
        assert_eq!(majority_of(7), 4);
        assert_eq!(majority_of(8), 5);
        assert_eq!(majority_of(1), 1);
        assert_eq!(majority_of(0), 1);
        assert_eq!(majority_of(u64::MAX), u64::MAX / 2 + 1);
    }

    #[test]
    fn fractions_are_integers() {
        let two_thirds = Fraction::parse("2/3").unwrap();
        assert!(two_thirds.reached(2, 3));
        assert!(!two_thirds.reached(1999, 3000));
        assert!(two_thirds.reached(2000, 3000));
        assert_eq!(two_thirds.of(10), 7);
        assert_eq!(two_thirds.of(9), 6);
        assert_eq!(Fraction::new(1, 3).unwrap().of(10), 4);
        assert!(
            Fraction::new(u64::MAX, u64::MAX)
                .unwrap()
                .reached(u64::MAX, u64::MAX)
        );
        assert_eq!(
            Fraction::new(u64::MAX, u64::MAX).unwrap().of(u64::MAX),
            u64::MAX
        );
        for bad in ["0/3", "4/3", "1/0", "a/b", "2", "1/2/3"] {
            assert!(Fraction::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(two_thirds.to_string(), "2/3");
    }

    #[test]
    fn quorum_as_a_count_or_a_fraction() {
        assert_eq!(Quorum::parse("12").unwrap(), Quorum::Count(12));
        assert_eq!(
            Quorum::parse("1/3").unwrap(),
            Quorum::Fraction(Fraction { p: 1, q: 3 })
        );
        assert!(Quorum::parse("many").is_err());
        let r = Quorum::Count(5)
            .check(4, QuorumBasis::Ballots, None)
            .unwrap();
        assert_eq!((r.required, r.met), (5, false));
        assert!(
            Quorum::Count(5)
                .check(5, QuorumBasis::Ballots, None)
                .unwrap()
                .met
        );
        let third = Quorum::parse("1/3").unwrap();
        assert!(
            third.check(4, QuorumBasis::Ballots, None).is_err(),
            "a fraction needs the electorate"
        );
        let r = third.check(3, QuorumBasis::Ballots, Some(10)).unwrap();
        assert_eq!((r.required, r.met), (4, false));
        assert!(third.check(4, QuorumBasis::Ballots, Some(10)).unwrap().met);
        assert!(
            Quorum::None
                .check(0, QuorumBasis::Ballots, None)
                .unwrap()
                .met
        );
        assert!(
            Quorum::None
                .check(11, QuorumBasis::Ballots, Some(10))
                .is_err()
        );
        // Presence in a meeting is judged like ballots, and named in the report.
        let r = third.check(4, QuorumBasis::Present, Some(10)).unwrap();
        assert!(r.met && r.basis == QuorumBasis::Present);
        assert!(third.check(11, QuorumBasis::Present, Some(10)).is_err());
    }

    #[test]
    fn ranking_breaks_ties_by_the_fixed_order() {
        let keys = [3, 5, 3, 5, 1];
        let r = rank_by(&keys);
        assert_eq!(r, [1, 3, 0, 2, 4]);
        let names: Vec<String> = "ABCDE".chars().map(String::from).collect();
        let (w, tie) = cut(&r, &keys, 1, &names);
        assert_eq!(w, [1]);
        assert!(tie.unwrap().contains("B and D are tied"));
        let (w, tie) = cut(&r, &keys, 2, &names);
        assert_eq!(w, [1, 3]);
        assert!(tie.is_none());
        assert_eq!(names_of(&w, &names), ["B", "D"]);
    }

    #[test]
    fn ballots_are_grouped_in_a_sorted_order_without_withdrawn_options() {
        use super::super::{Ranked, RankedElection};
        let r = |weight, prefs: &[usize]| Ranked {
            weight,
            prefs: prefs.to_vec(),
        };
        let e = RankedElection {
            title: "t".into(),
            candidates: vec!["A".into(), "B".into(), "C".into()],
            seats: 1,
            withdrawn: vec![1],
            ballots: vec![
                r(2, &[2, 0]),
                r(1, &[0]),
                r(3, &[2, 1, 0]),
                r(4, &[1]),
                r(1, &[]),
            ],
        };
        let g = group_ballots(&e).unwrap();
        assert_eq!(g.groups, [r(1, &[0]), r(5, &[2, 0])]);
        assert_eq!((g.blank, g.total), (5, 11));
        assert_eq!(g.standing, [true, false, true]);
        let mut bad = e.clone();
        bad.withdrawn = vec![3];
        assert!(group_ballots(&bad).is_err());
        bad.withdrawn = vec![];
        bad.ballots = vec![r(1, &[0, 2, 0])];
        assert!(group_ballots(&bad).is_err());
    }

    #[test]
    fn packed_and_unpacked_grouping_agree() {
        use super::super::{Ranked, RankedElection};
        let ballots: Vec<Ranked> = (0..200u64)
            .map(|i| Ranked {
                weight: 1 + i % 3,
                prefs: (0..(i % 16) as usize)
                    .map(|k| (k * 7 + i as usize) % 15)
                    .fold(Vec::new(), |mut v, o| {
                        if !v.contains(&o) {
                            v.push(o)
                        }
                        v
                    }),
            })
            .collect();
        let election = |n: usize| RankedElection {
            title: "t".into(),
            candidates: (0..n).map(|i| i.to_string()).collect(),
            seats: 1,
            withdrawn: vec![3],
            ballots: ballots.clone(),
        };
        let packed = group_ballots(&election(15)).unwrap();
        let unpacked = group_ballots(&election(40)).unwrap();
        assert_eq!(packed.groups, unpacked.groups);
        assert_eq!(
            (packed.blank, packed.total),
            (unpacked.blank, unpacked.total)
        );
        assert!(packed.groups.iter().any(|g| g.prefs.len() == 14));
        assert!(packed.groups.windows(2).all(|w| w[0].prefs < w[1].prefs));
    }
}
