//! `yes_no_abstain`: a motion carried or rejected by a majority (DOMAIN.md, "Votes").
//!
//! Votes cast are the yes and no votes; abstentions and blank ballots count for
//! participation (the quorum) and for nothing else. The majorities:
//!
//! - `simple`: more yes than no. A tie rejects the motion (the status quo stands).
//! - `absolute`: yes is more than half of the electorate, i.e. at least
//!   [`majority_of`]`(electorate)`: for 7 that is 4. Never 50 % + 1.
//! - `qualified` p/q: yes is at least p/q of the votes cast (`yes·q ≥ p·cast`, in
//!   integers), and at least one.
//!
//! A motion no one voted yes on is never carried.

use serde::Serialize;

use super::rules::{Fraction, TallyError, majority_of};

/// One ballot of a yes / no / abstain vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    Yes,
    No,
    Abstain,
    /// A ballot returned empty: it counts for participation only.
    Blank,
}

impl Choice {
    pub const ALL: [Choice; 4] = [Choice::Yes, Choice::No, Choice::Abstain, Choice::Blank];

    /// The word used in ballot files.
    pub fn word(self) -> &'static str {
        match self {
            Choice::Yes => "yes",
            Choice::No => "no",
            Choice::Abstain => "abstain",
            Choice::Blank => "blank",
        }
    }
}

/// Which majority carries the motion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "fraction")]
pub enum Majority {
    /// More yes than no among the votes cast.
    #[default]
    Simple,
    /// Yes is more than half of the electorate.
    Absolute,
    /// Yes is at least this fraction of the votes cast.
    Qualified(Fraction),
}

impl Majority {
    /// Reads `simple`, `absolute` or a fraction `p/q` (a qualified majority).
    pub fn parse(s: &str) -> Result<Majority, TallyError> {
        match s {
            "simple" => Ok(Majority::Simple),
            "absolute" => Ok(Majority::Absolute),
            f => Fraction::parse(f).map(Majority::Qualified),
        }
    }
}

/// How many ballots said what.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Counts {
    pub yes: u64,
    pub no: u64,
    pub abstain: u64,
    pub blank: u64,
}

impl Counts {
    pub fn of(ballots: &[Choice]) -> Counts {
        let mut c = Counts::default();
        for b in ballots {
            *match b {
                Choice::Yes => &mut c.yes,
                Choice::No => &mut c.no,
                Choice::Abstain => &mut c.abstain,
                Choice::Blank => &mut c.blank,
            } += 1;
        }
        c
    }
}

/// The count of a yes / no / abstain vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YesNoReport {
    pub counts: Counts,
    /// Yes plus no.
    pub votes_cast: u64,
    pub majority: Majority,
    pub electorate: Option<u64>,
    /// The fewest yes votes that carry the motion with these votes.
    pub yes_needed: u64,
    pub carried: bool,
    pub decided_by: String,
}

impl YesNoReport {
    /// "yes" when carried, "no" when rejected.
    pub fn winners(&self) -> Vec<String> {
        vec![if self.carried { "yes" } else { "no" }.to_string()]
    }
}

/// Counts a yes / no / abstain vote; `absolute` needs the electorate.
pub fn yes_no_abstain(
    ballots: &[Choice],
    majority: Majority,
    electorate: Option<u64>,
) -> Result<YesNoReport, TallyError> {
    let counts = Counts::of(ballots);
    let cast = counts.yes + counts.no;
    let (yes_needed, rule) = match majority {
        Majority::Simple => (
            counts.no + 1,
            format!("simple majority: more yes than no ({} no)", counts.no),
        ),
        Majority::Absolute => {
            let e = electorate.ok_or_else(|| {
                TallyError::Invalid("an absolute majority needs the electorate's size".into())
            })?;
            (
                majority_of(e),
                format!(
                    "absolute majority: more than half of the electorate of {e}, i.e. {}",
                    majority_of(e)
                ),
            )
        }
        Majority::Qualified(f) => (
            f.of(cast).max(1),
            format!("qualified majority: at least {f} of the {cast} votes cast"),
        ),
    };
    let carried = counts.yes >= yes_needed;
    let decided_by = format!(
        "{rule}; {} yes of {yes_needed} needed: {}",
        counts.yes,
        if carried { "carried" } else { "rejected" }
    );
    Ok(YesNoReport {
        counts,
        votes_cast: cast,
        majority,
        electorate,
        yes_needed,
        carried,
        decided_by,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ballots(yes: usize, no: usize, abstain: usize, blank: usize) -> Vec<Choice> {
        [
            (Choice::Yes, yes),
            (Choice::No, no),
            (Choice::Abstain, abstain),
            (Choice::Blank, blank),
        ]
        .iter()
        .flat_map(|&(c, n)| std::iter::repeat_n(c, n))
        .collect()
    }

    fn carried(b: &[Choice], m: &str, e: Option<u64>) -> bool {
        yes_no_abstain(b, Majority::parse(m).unwrap(), e)
            .unwrap()
            .carried
    }

    #[test]
    fn simple_majority_needs_more_yes_than_no() {
        assert!(carried(&ballots(3, 2, 10, 0), "simple", None));
        assert!(
            !carried(&ballots(2, 2, 0, 0), "simple", None),
            "a tie rejects"
        );
        assert!(!carried(&ballots(0, 0, 5, 5), "simple", None));
        assert!(carried(&ballots(1, 0, 0, 0), "simple", None));
        let r = yes_no_abstain(&ballots(3, 2, 1, 4), Majority::Simple, None).unwrap();
        assert_eq!(
            r.counts,
            Counts {
                yes: 3,
                no: 2,
                abstain: 1,
                blank: 4
            }
        );
        assert_eq!((r.votes_cast, r.yes_needed), (5, 3));
        assert_eq!(r.winners(), ["yes"]);
        assert!(r.decided_by.contains("carried"), "{}", r.decided_by);
    }

    #[test]
    fn absolute_majority_of_seven_is_four() {
        assert!(!carried(&ballots(3, 0, 0, 0), "absolute", Some(7)));
        assert!(carried(&ballots(4, 3, 0, 0), "absolute", Some(7)));
        assert!(!carried(&ballots(4, 0, 0, 0), "absolute", Some(8)));
        assert!(carried(&ballots(5, 0, 0, 0), "absolute", Some(8)));
        let r = yes_no_abstain(&ballots(3, 0, 0, 0), Majority::Absolute, Some(7)).unwrap();
        assert_eq!(r.yes_needed, 4);
        assert_eq!(r.winners(), ["no"]);
        assert!(r.decided_by.contains("i.e. 4"), "{}", r.decided_by);
        assert!(yes_no_abstain(&ballots(3, 0, 0, 0), Majority::Absolute, None).is_err());
    }

    #[test]
    fn qualified_majority_is_a_fraction_of_votes_cast() {
        // Two thirds of 30 cast is 20; abstentions do not count.
        assert!(carried(&ballots(20, 10, 50, 0), "2/3", None));
        assert!(!carried(&ballots(19, 11, 0, 0), "2/3", None));
        assert!(carried(&ballots(2, 1, 0, 0), "2/3", None));
        assert!(!carried(&ballots(1, 1, 0, 0), "2/3", None));
        assert!(
            carried(&ballots(1, 1, 0, 0), "1/2", None),
            "at least, not more"
        );
        assert!(carried(&ballots(3, 0, 0, 0), "1/1", None));
        assert!(!carried(&ballots(3, 1, 0, 0), "1/1", None));
        assert!(
            !carried(&ballots(0, 0, 3, 0), "1/3", None),
            "no yes, no motion"
        );
        assert!(Majority::parse("3/2").is_err());
        assert!(Majority::parse("most").is_err());
    }
}
