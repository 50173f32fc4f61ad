//! STV tests: the shared food vector, hand-worked counts for every rule, and property
//! tests. Hand-worked values are computed in the comments next to each case.

use proptest::prelude::*;

use super::*;
use crate::voting::{Ranked, blt};

const FOOD: &str = include_str!("../../../tests/data/voting/stv-food.blt");
const EXPECTED: &str = include_str!("../../../tests/data/voting/expected.json");

/// An election whose candidates are the letters of `names`; rankings are strings of
/// those letters, most preferred first.
fn election(names: &str, seats: usize, ballots: &[(u64, &str)]) -> RankedElection {
    let candidates: Vec<String> = names.chars().map(String::from).collect();
    let index = |ch: char| names.chars().position(|c| c == ch).unwrap();
    RankedElection {
        title: "test".into(),
        candidates,
        seats,
        withdrawn: Vec::new(),
        ballots: ballots
            .iter()
            .map(|(weight, r)| Ranked {
                weight: *weight,
                prefs: r.chars().map(index).collect(),
            })
            .collect(),
    }
}

fn both(e: &RankedElection) -> [StvReport; 2] {
    [meek(e).unwrap(), scottish(e).unwrap()]
}

fn decision<'a>(r: &'a StvReport, name: &str) -> &'a Decision {
    r.rounds
        .iter()
        .flat_map(|round| &round.decisions)
        .find(|d| d.name == name)
        .unwrap()
}

fn parse(s: &str) -> f64 {
    s.parse().unwrap()
}

#[test]
fn the_food_vector_gives_the_published_result_with_both_methods() {
    let expected: serde_json::Value = serde_json::from_str(EXPECTED).unwrap();
    let stv = &expected["stv-food.blt"]["stv"];
    let want: Vec<String> = serde_json::from_value(stv["elected"].clone()).unwrap();
    let e = blt::parse(FOOD).unwrap();
    assert_eq!(stv["seats"], e.seats);
    // Scottish STV uses the published Droop quota and elects in the published order:
    // Chocolate on first preferences, Orange once Pear is excluded, Strawberry last
    // (rule 52, once Sweets is excluded).
    let s = scottish(&e).unwrap();
    assert_eq!(s.elected_names, want);
    assert_eq!(s.elected, [2, 0, 3]);
    assert_eq!(
        parse(&s.rounds[0].quota) as u64,
        stv["quota"].as_u64().unwrap()
    );
    assert!(s.rounds.iter().all(|r| r.quota == "6.00000"));
    // Meek elects the same three. Its quota starts at 20 ÷ 4 + 10^-9 (not 6), so
    // Strawberry, heading for 1 + 8 × 7/12 ≈ 5.67 from Chocolate's surplus, reaches it in
    // round 2, before Orange: the order of election is Chocolate, Strawberry, Orange.
    let m = meek(&e).unwrap();
    assert_eq!(m.rounds[0].quota, "5.000000001");
    let mut got = m.elected_names.clone();
    assert_eq!(got, ["Chocolate", "Strawberry", "Orange"]);
    got.sort();
    let mut want = want;
    want.sort();
    assert_eq!(got, want);
}

#[test]
fn scottish_food_count_stage_by_stage() {
    let r = scottish(&blt::parse(FOOD).unwrap()).unwrap();
    let votes = |i: usize| r.rounds[i].votes.clone();
    assert_eq!(
        votes(0),
        ["4.00000", "2.00000", "12.00000", "1.00000", "1.00000"]
    );
    assert_eq!(r.rounds[0].decisions[0].name, "Chocolate");
    // Surplus 6 of 12: every paper at 6 × 1 ÷ 12 = 0.5; 8 to Strawberry, 4 to Sweets.
    assert_eq!(
        votes(1),
        ["4.00000", "2.00000", "6.00000", "5.00000", "3.00000"]
    );
    let t = &r.rounds[1].transfers;
    assert_eq!(t.len(), 2);
    assert_eq!(
        (
            t[0].to.as_deref(),
            t[0].papers,
            t[0].value.as_str(),
            t[0].votes.as_str()
        ),
        (Some("Strawberry"), 8, "0.50000", "4.00000")
    );
    assert_eq!(
        (t[1].to.as_deref(), t[1].papers, t[1].votes.as_str()),
        (Some("Sweets"), 4, "2.00000")
    );
    // Pear excluded: its 2 papers go to Orange, who reaches 6.
    assert_eq!(r.rounds[2].action, "exclusion of Pear");
    assert_eq!(
        votes(2),
        ["6.00000", "0.00000", "6.00000", "5.00000", "3.00000"]
    );
    let names: Vec<_> = r.rounds[2]
        .decisions
        .iter()
        .map(|d| (d.name.as_str(), d.outcome))
        .collect();
    assert_eq!(
        names,
        [("Pear", Outcome::Excluded), ("Orange", Outcome::Elected)]
    );
    // Orange has no surplus; Sweets (3) is excluded: 1 paper at 1 and 4 at 0.5 exhaust.
    assert_eq!(r.rounds[3].action, "exclusion of Sweets");
    assert_eq!(r.rounds[3].exhausted, "3.00000");
    assert_eq!(r.rounds[3].transfers[0].value, "1.00000");
    assert_eq!(r.rounds[3].transfers[1].value, "0.50000");
    assert!(decision(&r, "Strawberry").reason.starts_with("rule 52(1)"));
    assert_eq!(r.rounds.len(), 4);
}

#[test]
fn meek_food_count_round_by_round() {
    let r = meek(&blt::parse(FOOD).unwrap()).unwrap();
    let first = &r.rounds[0];
    assert_eq!(
        first.votes,
        [
            "4.000000000",
            "2.000000000",
            "12.000000000",
            "1.000000000",
            "1.000000000"
        ]
    );
    assert_eq!(first.iterations, Some(1));
    assert_eq!(
        first.action,
        "first preferences: a hopeful reached the quota"
    );
    assert!(
        first
            .keep_values
            .as_ref()
            .unwrap()
            .iter()
            .all(|k| k == "1.000000000")
    );
    assert_eq!(first.decisions[0].name, "Chocolate");
    // Round 2: Chocolate's keep value heads for 5/12, Strawberry for 1 + 8 × 7/12 ≈ 5.67:
    // it passes the quota (no vote is exhausted yet, so the quota stays 5.000000001).
    let second = &r.rounds[1];
    assert_eq!(second.quota, "5.000000001");
    assert!(parse(&second.keep_values.as_ref().unwrap()[2]) < 0.5);
    assert!(parse(&second.votes[3]) > 5.6);
    assert_eq!(second.decisions[0].name, "Strawberry");
    assert_eq!(second.decisions[0].reason, "reached the quota");
    // Round 3: the ballots that end at Strawberry exhaust part of its surplus, the quota
    // falls (to about 4.7) and settles with Orange 4, Sweets about 3.4, Pear 2: Pear is
    // excluded.
    let third = &r.rounds[2];
    assert_eq!(
        third.action,
        "surpluses distributed until the total surplus fell below 0.00001"
    );
    assert!(parse(&third.surplus.clone().unwrap()) < 0.00001);
    assert!(parse(&third.exhausted) > 1.0);
    assert!((4.6..4.8).contains(&parse(&third.quota)), "{}", third.quota);
    assert_eq!(third.decisions[0].name, "Pear");
    assert_eq!(third.decisions[0].outcome, Outcome::Excluded);
    // Round 4: Pear's ballots reach Orange in full: 6 is above the quota.
    let last = &r.rounds[3];
    assert_eq!(last.votes[0], "6.000000000");
    assert_eq!(last.decisions[0].name, "Orange");
    assert_eq!(decision(&r, "Sweets").reason, "every seat is filled");
    assert_eq!(r.rounds.len(), 4);
}

#[test]
fn scottish_surplus_transfer_truncates_to_five_places() {
    // 15 valid papers, 2 seats: quota floor(15 / 3) + 1 = 6. A has 9, surplus 3:
    // each paper goes on at 3 × 1 ÷ 9 = 0.33333 (truncated): B 7 × 0.33333 = 2.33331,
    // C 2 × 0.33333 = 0.66666, and 3 − 2.99997 = 0.00003 is lost to rounding.
    let e = election("ABC", 2, &[(7, "AB"), (2, "AC"), (3, "B"), (3, "C")]);
    let r = scottish(&e).unwrap();
    assert_eq!(r.rounds[0].quota, "6.00000");
    assert_eq!(r.rounds[1].votes, ["6.00000", "5.33331", "3.66666"]);
    assert_eq!(r.rounds[1].lost_to_rounding.as_deref(), Some("0.00003"));
    assert_eq!(r.rounds[1].transfers[0].value, "0.33333");
    // Nobody reaches 6; C is excluded (3 papers at 1 and 2 at 0.33333 exhaust) and B,
    // the only continuing candidate, takes the last seat.
    assert_eq!(r.rounds[2].exhausted, "3.66666");
    assert_eq!(r.elected_names, ["A", "B"]);
    // Meek: quota 15 ÷ 3 + 10^-9; A keeps 5 of 9, B heads for 3 + 7 × 4/9 ≈ 6.11 and
    // reaches the quota during round 2.
    let m = meek(&e).unwrap();
    assert_eq!(m.elected_names, ["A", "B"]);
    assert_eq!(m.rounds.len(), 2);
    assert_eq!(m.rounds[1].decisions[0].reason, "reached the quota");
}

#[test]
fn exhausted_votes_lower_the_meek_quota_and_ties_fall_to_the_candidate_order() {
    // 17 ballots, 2 seats. A's 10 ballots name nobody else, so A's surplus exhausts.
    // Meek: A keeps k with 10k = q = (17 − 10(1 − k)) ÷ 3, so k → 0.35, q → 3.5.
    // C and D have 2 each in every round: D, listed later, is excluded; its ballots make
    // C 4, above the lowered quota, while B stays at 3.
    let e = election("ABCD", 2, &[(10, "A"), (3, "B"), (2, "C"), (2, "DC")]);
    let m = meek(&e).unwrap();
    assert_eq!(m.elected_names, ["A", "C"]);
    let converged = &m.rounds[1];
    assert!(
        (parse(&converged.quota) - 3.5).abs() < 1e-4,
        "{}",
        converged.quota
    );
    assert!((parse(&converged.exhausted) - 6.5).abs() < 1e-4);
    let d = decision(&m, "D");
    assert_eq!(d.outcome, Outcome::Excluded);
    let tie = d.tie.as_ref().unwrap();
    assert_eq!(
        (tie.among.clone(), tie.decided_by_round),
        (vec!["C".to_string(), "D".to_string()], None)
    );
    assert!(tie.rule.contains("listed later"));
    // Scottish: quota 6; A's surplus 4 goes at 0.4 per paper, all non-transferable; the
    // same tie excludes D, then B (3) is excluded and C takes the seat by rule 52.
    let s = scottish(&e).unwrap();
    assert_eq!(s.rounds[1].exhausted, "4.00000");
    assert_eq!(s.rounds[1].transfers[0].to, None);
    assert_eq!(s.elected_names, ["A", "C"]);
    assert_eq!(
        decision(&s, "D").tie.as_ref().unwrap().decided_by_round,
        None
    );
    assert_eq!(decision(&s, "B").outcome, Outcome::Excluded);
}

#[test]
fn ties_are_broken_by_the_most_recent_round_where_the_votes_differed() {
    // One seat, 12 ballots. Round 1: A 6, B 3, C 2, D 1 (D then C): D is excluded and C
    // reaches 3, level with B. At round 1 C had fewer, so C goes (Order rule 51).
    let e = election("ABCD", 1, &[(6, "A"), (3, "B"), (2, "C"), (1, "DC")]);
    for r in both(&e) {
        let c = decision(&r, "C");
        assert_eq!(c.outcome, Outcome::Excluded);
        let tie = c.tie.as_ref().unwrap();
        assert_eq!(tie.decided_by_round, Some(1), "{:?}", r.method);
        assert_eq!(tie.among, ["B", "C"]);
        assert_eq!(r.elected_names, ["A"]);
    }
}

#[test]
fn scottish_ties_in_election_order_and_surplus_order() {
    // 10 papers, 3 seats: quota floor(10 / 4) + 1 = 3. A and B both have 4: equal at
    // every stage, so A (listed first) is elected first and its surplus goes first
    // (1 × 1 ÷ 4 = 0.25 per paper: C 2). Then B's surplus makes D 2. C and D are equal;
    // at the stage before, D had fewer, so D is excluded and C takes the last seat.
    let e = election("ABCD", 3, &[(4, "AC"), (4, "BD"), (1, "C"), (1, "D")]);
    let s = scottish(&e).unwrap();
    assert_eq!(s.elected_names, ["A", "B", "C"]);
    assert_eq!(
        s.rounds[0].decisions[0]
            .tie
            .as_ref()
            .unwrap()
            .decided_by_round,
        None
    );
    assert!(
        s.rounds[1]
            .action
            .starts_with("transfer of the surplus of A")
    );
    assert!(s.rounds[1].action.contains("listed earlier"));
    assert_eq!(
        s.rounds[1].votes,
        ["3.00000", "4.00000", "2.00000", "1.00000"]
    );
    assert!(
        s.rounds[2]
            .action
            .starts_with("transfer of the surplus of B")
    );
    assert_eq!(
        decision(&s, "D").tie.as_ref().unwrap().decided_by_round,
        Some(2)
    );
    // Meek reaches the same seats whatever the iteration does with the symmetric C, D.
    assert_eq!(meek(&e).unwrap().elected_names, ["A", "B", "C"]);
}

#[test]
fn meek_orders_candidates_elected_together_by_votes_then_candidate_order() {
    // 2 seats, 9 ballots: quota 3.000000001. B and A both have 4 in round 1 and C 1;
    // equal at every round, so A (listed first) is elected first.
    let e = election("CBA", 2, &[(4, "B"), (4, "A"), (1, "C")]);
    let r = meek(&e).unwrap();
    assert_eq!(r.elected_names, ["B", "A"]);
    let d = &r.rounds[0].decisions;
    assert_eq!(d[0].tie.as_ref().unwrap().among, ["B", "A"]);
    assert!(
        d[0].tie
            .as_ref()
            .unwrap()
            .rule
            .contains("B is listed earlier")
    );
    assert!(d[1].tie.is_none());
    assert_eq!(decision(&r, "C").reason, "every seat is filled");
    // More votes wins before the candidate order: A first with 5.
    let e = election("CBA", 2, &[(4, "B"), (5, "A"), (1, "C")]);
    assert_eq!(meek(&e).unwrap().elected_names, ["A", "B"]);
}

#[test]
fn withdrawn_candidates_are_skipped_from_the_start() {
    // Pear withdrawn: its 2 ballots count for Orange at once (Orange 6, Chocolate 12).
    let mut e = blt::parse(FOOD).unwrap();
    e.withdrawn = vec![1];
    e.ballots.push(Ranked {
        weight: 3,
        prefs: vec![1],
    });
    for r in both(&e) {
        assert_eq!(r.withdrawn, ["Pear"]);
        assert_eq!((r.ballots, r.blank), (23, 3));
        assert_eq!(r.elected_names, ["Chocolate", "Orange", "Strawberry"]);
        assert_eq!(parse(&r.rounds[0].votes[0]), 6.0);
        assert!(r.rounds.iter().all(|round| parse(&round.votes[1]) == 0.0));
        assert!(
            r.rounds
                .iter()
                .flat_map(|x| &x.decisions)
                .all(|d| d.name != "Pear")
        );
        // Both Chocolate and Orange reach the quota on first preferences, most first.
        let first: Vec<_> = r.rounds[0]
            .decisions
            .iter()
            .map(|d| d.name.as_str())
            .collect();
        assert_eq!(first, ["Chocolate", "Orange"], "{:?}", r.method);
    }
    // The blank ballots take no part in the Scottish quota: floor(20 / 4) + 1.
    assert_eq!(scottish(&e).unwrap().rounds[0].quota, "6.00000");
}

#[test]
fn as_many_seats_as_candidates_elects_everyone_by_votes() {
    let e = election("ABC", 3, &[(1, "A"), (5, "B"), (3, "CA")]);
    for r in both(&e) {
        assert_eq!(r.elected_names, ["B", "C", "A"]);
        assert_eq!(r.rounds.len(), 1);
    }
    // With a candidate withdrawn, fewer than the seats are elected, never an error.
    let mut e = e;
    e.withdrawn = vec![1];
    for r in both(&e) {
        assert_eq!(r.elected_names, ["C", "A"]);
    }
}

#[test]
fn without_votes_the_candidate_order_decides_and_says_so() {
    // Only blank ballots: every candidate has 0 in every round, so the later-listed are
    // excluded until the rest fit the seats. (A vote's quorum rule is what should stop
    // such a result from counting; the count itself stays defined.)
    let e = election("ABC", 2, &[(3, "")]);
    for r in both(&e) {
        assert_eq!((r.ballots, r.blank, r.ballot_groups), (3, 3, 0));
        assert_eq!(r.elected_names, ["A", "B"]);
        let c = decision(&r, "C");
        assert_eq!(c.outcome, Outcome::Excluded);
        assert_eq!(c.tie.as_ref().unwrap().decided_by_round, None);
    }
}

#[test]
fn aggregation_merges_identical_rankings_after_withdrawals() {
    let mut e = election("ABC", 1, &[(1, "AB"), (2, "ACB"), (1, "AB"), (4, "B")]);
    assert_eq!(meek(&e).unwrap().ballot_groups, 3);
    e.withdrawn = vec![2];
    let r = scottish(&e).unwrap();
    assert_eq!(r.ballot_groups, 2);
    assert_eq!(r.ballots, 8);
}

#[test]
fn the_report_serialises_with_its_method_and_exact_decimals() {
    let e = blt::parse(FOOD).unwrap();
    let m = serde_json::to_value(meek(&e).unwrap()).unwrap();
    assert_eq!(m["method"], "meek");
    assert_eq!(m["rounds"][0]["quota"], "5.000000001");
    assert_eq!(m["rounds"][0]["decisions"][0]["outcome"], "elected");
    assert!(m["rounds"][0].get("transfers").is_none());
    let s = serde_json::to_value(count(&e, "scottish".parse().unwrap()).unwrap()).unwrap();
    assert_eq!(s["method"], "scottish");
    assert_eq!(s["rounds"][1]["transfers"][0]["value"], "0.50000");
    assert!(s["rounds"][0].get("keep_values").is_none());
    assert_eq!(
        s["elected_names"],
        serde_json::json!(["Chocolate", "Orange", "Strawberry"])
    );
    assert!(matches!(
        "irv".parse::<StvMethod>(),
        Err(StvError::UnknownMethod(_))
    ));
}

#[test]
fn bad_elections_are_refused() {
    let ok = election("AB", 1, &[(1, "A")]);
    let cases: Vec<(RankedElection, StvError)> = vec![
        (
            RankedElection {
                seats: 0,
                ..ok.clone()
            },
            StvError::NoSeats,
        ),
        (
            RankedElection {
                seats: 3,
                ..ok.clone()
            },
            StvError::MoreSeatsThanCandidates {
                seats: 3,
                candidates: 2,
            },
        ),
        (
            RankedElection {
                candidates: vec!["x".into(); MAX_CANDIDATES + 1],
                ..ok.clone()
            },
            StvError::TooManyCandidates(MAX_CANDIDATES + 1),
        ),
        (
            RankedElection {
                ballots: vec![
                    Ranked {
                        weight: MAX_BALLOTS,
                        prefs: vec![0],
                    },
                    Ranked {
                        weight: 1,
                        prefs: vec![1],
                    },
                ],
                ..ok.clone()
            },
            StvError::TooManyBallots,
        ),
        (
            RankedElection {
                ballots: vec![Ranked {
                    weight: 1,
                    prefs: vec![2],
                }],
                ..ok.clone()
            },
            StvError::NoSuchCandidate(2),
        ),
        (
            RankedElection {
                ballots: vec![Ranked {
                    weight: 1,
                    prefs: vec![1, 1],
                }],
                ..ok.clone()
            },
            StvError::RankedTwice(1),
        ),
        (
            RankedElection {
                withdrawn: vec![5],
                ..ok.clone()
            },
            StvError::NoSuchCandidate(5),
        ),
    ];
    for (e, want) in cases {
        assert_eq!(meek(&e).unwrap_err(), want);
        assert_eq!(scottish(&e).unwrap_err(), want);
    }
    assert!(
        StvError::TooManyBallots
            .to_string()
            .contains("1000000000000")
    );
}

#[test]
fn meek_refuses_to_iterate_past_its_cap() {
    let e = blt::parse(FOOD).unwrap();
    assert_eq!(
        meek::count(&e, 1).unwrap_err(),
        StvError::NotConverging { round: 2 }
    );
    assert!(meek::count(&e, MAX_ITERATIONS).is_ok());
}

/// Single-seat reference: exclude the fewest until one remains (the IRV winner when
/// no exclusion meets a tie). `None` when a tie would have to be broken.
fn irv_without_ties(e: &RankedElection) -> Option<usize> {
    let mut alive: Vec<usize> = (0..e.candidates.len()).collect();
    while alive.len() > 1 {
        let mut tally = vec![0u64; e.candidates.len()];
        for b in &e.ballots {
            if let Some(&c) = b.prefs.iter().find(|c| alive.contains(c)) {
                tally[c] += b.weight;
            }
        }
        let low = alive.iter().map(|&c| tally[c]).min()?;
        let lows: Vec<usize> = alive.iter().copied().filter(|&c| tally[c] == low).collect();
        if lows.len() > 1 {
            return None;
        }
        alive.retain(|&c| c != lows[0]);
    }
    alive.first().copied()
}

fn ballots(candidates: usize) -> impl Strategy<Value = Vec<Ranked>> {
    let ranking = Just((0..candidates).collect::<Vec<usize>>())
        .prop_shuffle()
        .prop_flat_map(move |r| (1..=candidates).prop_map(move |len| r[..len].to_vec()));
    prop::collection::vec(
        (1u64..6, ranking).prop_map(|(weight, prefs)| Ranked { weight, prefs }),
        1..25,
    )
}

fn elections() -> impl Strategy<Value = RankedElection> {
    (2usize..7)
        .prop_flat_map(|n| (Just(n), 1..=n, ballots(n)))
        .prop_map(|(n, seats, ballots)| RankedElection {
            title: "p".into(),
            candidates: (0..n).map(|c| format!("c{c}")).collect(),
            seats,
            withdrawn: Vec::new(),
            ballots,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn permuting_ballots_never_changes_the_result(e in elections(), seed in any::<u64>()) {
        let mut shuffled = e.clone();
        let len = shuffled.ballots.len();
        shuffled.ballots.rotate_left((seed as usize) % len);
        shuffled.ballots.reverse();
        prop_assert_eq!(meek(&e).unwrap(), meek(&shuffled).unwrap());
        prop_assert_eq!(scottish(&e).unwrap(), scottish(&shuffled).unwrap());
    }

    #[test]
    fn splitting_a_group_of_ballots_never_changes_the_result(e in elections(), at in any::<usize>()) {
        let mut split = e.clone();
        let i = at % split.ballots.len();
        let b = split.ballots[i].clone();
        if b.weight > 1 {
            split.ballots[i].weight = 1;
            split.ballots.push(Ranked { weight: b.weight - 1, ..b });
        }
        prop_assert_eq!(meek(&e).unwrap(), meek(&split).unwrap());
        prop_assert_eq!(scottish(&e).unwrap(), scottish(&split).unwrap());
    }

    #[test]
    fn a_unanimous_ballot_set_elects_its_first_preferences_in_order(
        e in elections(), weight in 1u64..5,
    ) {
        // Enough ballots that every surplus is positive: with a Droop quota q and
        // 10(s + 1)² ballots, the s-th preference still receives about 20(s + 1) - s
        // votes (a unanimous set of 1 ballot has no surplus to pass down under the
        // Order: the count then excludes candidates with no votes, by candidate order).
        let weight = weight * 10 * (e.seats as u64 + 1).pow(2);
        let ranking: Vec<usize> = (0..e.candidates.len()).rev().collect();
        let e = RankedElection { ballots: vec![Ranked { weight, prefs: ranking.clone() }], ..e };
        for r in [meek(&e).unwrap(), scottish(&e).unwrap()] {
            // In the order of the ranking while votes tell them apart; candidates left
            // with no votes at all are elected in candidate order.
            let mut got = r.elected.clone();
            let mut want = ranking[..e.seats].to_vec();
            prop_assert_eq!(got[0], want[0]);
            if e.seats < e.candidates.len() {
                prop_assert_eq!(&got, &want);
            }
            got.sort_unstable();
            want.sort_unstable();
            prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn a_quota_of_first_preferences_is_always_elected(e in elections()) {
        let total = e.total();
        let droop = total / (e.seats as u64 + 1) + 1;
        let mut first = vec![0u64; e.candidates.len()];
        for b in &e.ballots {
            first[b.prefs[0]] += b.weight;
        }
        for r in [meek(&e).unwrap(), scottish(&e).unwrap()] {
            prop_assert!(r.elected.len() == e.seats);
            for (c, &f) in first.iter().enumerate() {
                if f >= droop {
                    prop_assert!(r.elected.contains(&c), "{} has {} ≥ {}", c, f, droop);
                }
            }
        }
    }

    #[test]
    fn one_seat_elects_the_irv_winner(e in elections()) {
        let e = RankedElection { seats: 1, ..e };
        if let Some(winner) = irv_without_ties(&e) {
            prop_assert_eq!(meek(&e).unwrap().elected, vec![winner]);
            prop_assert_eq!(scottish(&e).unwrap().elected, vec![winner]);
        }
    }

    #[test]
    fn every_vote_is_accounted_for_in_every_round(e in elections()) {
        let valid = e.total() as f64;
        for r in [meek(&e).unwrap(), scottish(&e).unwrap()] {
            for round in &r.rounds {
                // Exact sums of decimal strings: compare in the smallest unit.
                let units = |s: &str| -> i128 { s.replace('.', "").parse().unwrap() };
                let sum: i128 = round.votes.iter().map(|v| units(v)).sum::<i128>()
                    + units(&round.exhausted)
                    + round.lost_to_rounding.as_deref().map_or(0, units);
                let scale = 10i128.pow(r.decimals);
                prop_assert_eq!(sum, valid as i128 * scale, "{:?} round {}", r.method, round.number);
            }
        }
    }
}

/// A larger count from a fixed pseudo-random sequence: 30 candidates, 7 seats, 3,000
/// ballots in up to 3,000 groups. Both methods fill every seat, keep every vote and
/// Meek settles well inside its iteration cap.
#[test]
fn a_larger_election_is_counted_within_bounds() {
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |m: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x % m
    };
    let n = 30;
    let ballots = (0..3_000)
        .map(|_| {
            // Popularity: candidates with small numbers are ranked first more often.
            let mut keyed: Vec<(u64, usize)> = (0..n).map(|c| (c as u64 + next(24), c)).collect();
            keyed.sort_unstable();
            let mut prefs: Vec<usize> = keyed.into_iter().map(|k| k.1).collect();
            prefs.truncate(1 + next(n as u64) as usize);
            Ranked { weight: 1, prefs }
        })
        .collect();
    let e = RankedElection {
        title: "large".into(),
        candidates: (0..n).map(|c| format!("c{c}")).collect(),
        seats: 7,
        withdrawn: vec![29],
        ballots,
    };
    for r in both(&e) {
        assert_eq!(r.elected.len(), 7);
        assert!(!r.elected.contains(&29));
        assert!(r.rounds.len() <= n + 1);
    }
    let m = meek(&e).unwrap();
    let most = m.rounds.iter().filter_map(|r| r.iterations).max().unwrap();
    assert!(most < 200, "{most} iterations");
}
