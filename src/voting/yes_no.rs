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
//! - `double` (a chamber's organisations, as the EU Council's qualified majority):
//!   the yes votes are at least 55 % of the electorate's organisations **and** the
//!   organisations voting yes represent at least 65 % of the members the whole
//!   electorate represents. Each ballot then carries a weight (the members its
//!   organisation represents); the electorate's total weight is an input. Unlike the
//!   Council there is no blocking-minority clause. The weight is a head count of
//!   members, never money or tokens: no other weight reaches this function.
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
    /// Yes is at least `members` of the electorate and the yes ballots' weights are at
    /// least `weight` of the electorate's weight (`double`: 55/100 and 65/100).
    Double { members: Fraction, weight: Fraction },
}

impl Majority {
    /// Reads `simple`, `absolute`, `double` (55 % of the organisations representing
    /// 65 % of the members) or a fraction `p/q` (a qualified majority).
    pub fn parse(s: &str) -> Result<Majority, TallyError> {
        match s {
            "simple" => Ok(Majority::Simple),
            "absolute" => Ok(Majority::Absolute),
            "double" => Ok(Majority::DOUBLE),
            f => Fraction::parse(f).map(Majority::Qualified),
        }
    }

    /// The EU Council's double majority: 55 % of the members, 65 % of the weight.
    pub const DOUBLE: Majority = Majority::Double {
        members: Fraction { p: 55, q: 100 },
        weight: Fraction { p: 65, q: 100 },
    };

    /// The code a vote stores and `pactum tally --majority` reads.
    pub fn code(self) -> String {
        match self {
            Majority::Simple => "simple".into(),
            Majority::Absolute => "absolute".into(),
            Majority::Double { .. } => "double".into(),
            Majority::Qualified(f) => format!("{}/{}", f.p, f.q),
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
    /// A double majority: the weights counted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<WeightReport>,
    pub carried: bool,
    pub decided_by: String,
}

/// The second test of a double majority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WeightReport {
    /// The weight of the yes ballots.
    pub yes: u64,
    /// The weight of the whole electorate.
    pub electorate: u64,
    /// The least weight that carries the motion.
    pub needed: u64,
}

impl YesNoReport {
    /// "yes" when carried, "no" when rejected.
    pub fn winners(&self) -> Vec<String> {
        vec![if self.carried { "yes" } else { "no" }.to_string()]
    }
}

/// Counts a yes / no / abstain vote; `absolute` needs the electorate; `double` is
/// refused here (it needs weights: [`double_majority`]).
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
        Majority::Double { .. } => {
            return Err(TallyError::Invalid(
                "a double majority needs each ballot's weight (a \"weight\" column)".into(),
            ));
        }
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
        weight: None,
        carried,
        decided_by,
    })
}

/// Counts a yes / no / abstain vote whose ballots carry weights. Under a double
/// majority both tests must pass (see the module); under any other majority the
/// weights are ignored: one ballot, one vote.
pub fn weighted(
    ballots: &[(Choice, u64)],
    majority: Majority,
    electorate: Option<u64>,
    electorate_weight: Option<u64>,
) -> Result<YesNoReport, TallyError> {
    let choices: Vec<Choice> = ballots.iter().map(|b| b.0).collect();
    let Majority::Double { members, weight } = majority else {
        return yes_no_abstain(&choices, majority, electorate);
    };
    let e = electorate.ok_or_else(|| {
        TallyError::Invalid("a double majority needs the electorate's size".into())
    })?;
    let total = electorate_weight.ok_or_else(|| {
        TallyError::Invalid("a double majority needs the electorate's total weight".into())
    })?;
    let counts = Counts::of(&choices);
    let cast_weight = ballots
        .iter()
        .try_fold(0u64, |sum, b| sum.checked_add(b.1))
        .ok_or_else(|| TallyError::Invalid("the weights overflow".into()))?;
    if cast_weight > total {
        return Err(TallyError::Invalid(format!(
            "the ballots weigh {cast_weight} but the electorate only {total}"
        )));
    }
    let yes_weight: u64 = ballots
        .iter()
        .filter(|b| b.0 == Choice::Yes)
        .map(|b| b.1)
        .sum();
    let yes_needed = members.of(e).max(1);
    let weight_needed = weight.of(total).max(1);
    let (by_members, by_weight) = (counts.yes >= yes_needed, yes_weight >= weight_needed);
    let carried = by_members && by_weight;
    let decided_by = format!(
        "double majority: at least {members} of the {e} organisations ({yes_needed}) and at least {weight} of the {total} members they represent ({weight_needed}); {} organisations voted yes ({}), representing {yes_weight} members ({}): {}",
        counts.yes,
        if by_members { "enough" } else { "too few" },
        if by_weight { "enough" } else { "too few" },
        if carried { "carried" } else { "rejected" }
    );
    Ok(YesNoReport {
        counts,
        votes_cast: counts.yes + counts.no,
        majority,
        electorate: Some(e),
        yes_needed,
        weight: Some(WeightReport {
            yes: yes_weight,
            electorate: total,
            needed: weight_needed,
        }),
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

    /// `n` ballots of `choice`, each weighing `w`.
    fn weighing(choice: Choice, n: usize, w: u64) -> Vec<(Choice, u64)> {
        vec![(choice, w); n]
    }

    #[test]
    fn a_double_majority_needs_55_percent_of_organisations_and_65_percent_of_members() {
        let double = Majority::parse("double").unwrap();
        assert_eq!(double, Majority::DOUBLE);
        assert_eq!(double.code(), "double");
        // 20 organisations of 100 members each: 55 % of 20 is 11, 65 % of 2000 is 1300.
        let mut b = weighing(Choice::Yes, 11, 100);
        b.extend(weighing(Choice::No, 9, 100));
        let r = weighted(&b, double, Some(20), Some(2000)).unwrap();
        assert_eq!((r.yes_needed, r.weight.unwrap().needed), (11, 1300));
        assert!(!r.carried, "11 of 20 but only 1100 of 2000 members");
        assert!(r.decided_by.contains("too few"), "{}", r.decided_by);
        // Thirteen organisations carry it: 13 ≥ 11 and 1300 ≥ 1300.
        let mut b = weighing(Choice::Yes, 13, 100);
        b.extend(weighing(Choice::No, 7, 100));
        assert!(weighted(&b, double, Some(20), Some(2000)).unwrap().carried);
        // Large organisations alone are not enough: 3 of 20 with 90 % of the members.
        let mut b = weighing(Choice::Yes, 3, 600);
        b.extend(weighing(Choice::No, 17, 12));
        let r = weighted(&b, double, Some(20), Some(2004)).unwrap();
        assert!(!r.carried, "{}", r.decided_by);
        // Abstentions and absent organisations count against both tests (of the
        // electorate, not of the votes cast).
        let b = weighing(Choice::Yes, 10, 100);
        assert!(!weighted(&b, double, Some(20), Some(2000)).unwrap().carried);
        // Without weights or sizes it cannot be counted.
        assert!(yes_no_abstain(&[Choice::Yes], double, Some(1)).is_err());
        assert!(weighted(&b, double, None, Some(2000)).is_err());
        assert!(weighted(&b, double, Some(20), None).is_err());
        assert!(
            weighted(&b, double, Some(20), Some(999)).is_err(),
            "heavier than the electorate"
        );
        // Other majorities ignore the weights: one organisation, one vote.
        let mut b = weighing(Choice::Yes, 2, 1);
        b.extend(weighing(Choice::No, 1, 1000));
        let r = weighted(&b, Majority::Simple, None, None).unwrap();
        assert!(r.carried && r.weight.is_none());
    }
}
