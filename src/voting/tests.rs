//! The entry point [`super::tally`] and the properties every method must keep: a
//! Condorcet winner wins Schulze, the order of the ballots never matters, a unanimous
//! ballot set elects its first preferences, and a majority of n is ⌊n/2⌋ + 1.

use proptest::prelude::*;

use super::ballots::Ballots;
use super::consent::Stance;
use super::yes_no::{Choice, Majority};
use super::*;

const SCHULZE: &str = include_str!("../../tests/data/voting/schulze-45-voters.blt");
const FOOD: &str = include_str!("../../tests/data/voting/stv-food.blt");

fn names(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("O{i}")).collect()
}

fn ranked(n: usize, ballots: Vec<Vec<usize>>) -> RankedElection {
    RankedElection {
        title: "t".into(),
        candidates: names(n),
        seats: 1,
        withdrawn: vec![],
        ballots: ballots
            .into_iter()
            .map(|prefs| Ranked { weight: 1, prefs })
            .collect(),
    }
}

#[test]
fn tally_reports_the_method_the_quorum_and_the_rule() {
    let input = read_input(Method::Schulze, SCHULZE).unwrap();
    let mut o = TallyOptions::new(Method::Schulze);
    let out = tally(&input, &o).unwrap();
    assert_eq!(out.winners, ["E"]);
    assert_eq!(out.verdict, Verdict::Decided);
    assert_eq!(out.report["method"], "schulze");
    assert_eq!(out.report["quorum"]["met"], true);
    assert_eq!(out.report["count"]["pairwise_d"][0][1], 20);
    assert!(
        out.report["decided_by"]
            .as_str()
            .unwrap()
            .contains("E is above")
    );
    let json = serde_json::to_value(&out).unwrap();
    assert_eq!(json["method"], "schulze");
    assert_eq!(json["verdict"], "decided");

    // 45 of 100 voters cast a ballot: a quorum of 1/2 is missed, one of 45 is met.
    o.electorate = Some(100);
    o.quorum = Quorum::parse("1/2").unwrap();
    let failed = tally(&input, &o).unwrap();
    assert_eq!(failed.verdict, Verdict::FailedQuorum);
    assert!(failed.winners.is_empty());
    assert_eq!(failed.report["quorum"]["required"], 50);
    assert!(
        failed.report["decided_by"]
            .as_str()
            .unwrap()
            .contains("quorum was missed")
    );
    assert_eq!(
        failed.report["count"]["winners"][0], "E",
        "the count is still shown"
    );
    o.quorum = Quorum::Count(45);
    assert_eq!(tally(&input, &o).unwrap().verdict, Verdict::Decided);
    o.electorate = Some(44);
    assert!(tally(&input, &o).is_err(), "more ballots than voters");
}

#[test]
fn blank_ballots_count_for_the_quorum() {
    let input = read_input(Method::YesNoAbstain, "vote\nyes\nblank\nblank\n").unwrap();
    let mut o = TallyOptions::new(Method::YesNoAbstain);
    o.quorum = Quorum::Count(3);
    let out = tally(&input, &o).unwrap();
    assert_eq!(
        (out.verdict, out.winners),
        (Verdict::Decided, vec!["yes".into()])
    );
    o.quorum = Quorum::Count(4);
    assert_eq!(tally(&input, &o).unwrap().verdict, Verdict::FailedQuorum);
}

#[test]
fn stv_counts_the_shared_food_vector() {
    // expected.json: 3 seats, Droop quota 6, Chocolate, Orange, Strawberry. Scottish STV
    // elects them in that order; Meek elects the same three, Strawberry second (its
    // quota starts at 5.000000001, so Chocolate's surplus elects Strawberry before
    // Pear's exclusion elects Orange).
    let input = read_input(Method::Stv, FOOD).unwrap();
    let mut o = TallyOptions::new(Method::Stv);
    o.stv = StvRule::Scottish;
    let out = tally(&input, &o).unwrap();
    assert_eq!(out.winners, ["Chocolate", "Orange", "Strawberry"]);
    assert_eq!(out.report["count"]["rounds"][0]["quota"], "6.00000");
    o.stv = StvRule::Meek;
    let out = tally(&input, &o).unwrap();
    let mut meek = out.winners.clone();
    assert_eq!(meek, ["Chocolate", "Strawberry", "Orange"]);
    meek.sort();
    assert_eq!(meek, ["Chocolate", "Orange", "Strawberry"]);
    assert!(
        out.report["decided_by"]
            .as_str()
            .unwrap()
            .contains("decimal places")
    );
}

#[test]
fn settings_that_do_not_fit_are_refused() {
    let ranked = read_input(Method::Irv, SCHULZE).unwrap();
    let csv = read_input(Method::Consent, "vote\nagree\n").unwrap();
    assert!(tally(&ranked, &TallyOptions::new(Method::Approval)).is_err());
    assert!(tally(&csv, &TallyOptions::new(Method::YesNoAbstain)).is_err());
    assert!(tally(&csv, &TallyOptions::new(Method::Irv)).is_err());
    let mut o = TallyOptions::new(Method::Consent);
    o.seats = Some(1);
    assert!(tally(&csv, &o).is_err());
    let mut o = TallyOptions::new(Method::Irv);
    o.seats = Some(2);
    assert!(tally(&ranked, &o).is_err());
    o.seats = Some(1);
    // IRV on the Schulze vector: D goes, then E (tied with B in every round: the fixed
    // order), then A; C wins 29 to 16.
    let irv = tally(&ranked, &o).unwrap();
    assert_eq!(irv.winners, ["C"]);
    let rounds = &irv.report["count"]["rounds"];
    assert_eq!(rounds[1]["eliminated"], "E");
    assert_eq!(
        rounds[3]["tallies"],
        serde_json::json!([null, 16, 29, null, null])
    );
    assert!(Method::parse("borda").is_err());
    for m in Method::ALL {
        assert_eq!(Method::parse(m.name()).unwrap(), m);
        assert_eq!(serde_json::to_value(m).unwrap(), m.name());
    }
}

#[test]
fn every_method_counts_through_tally() {
    let cases: [(Method, &str, &[&str]); 4] = [
        (Method::YesNoAbstain, "vote\nyes\nno\nyes\n", &["yes"]),
        (Method::Consent, "vote\nagree\nblock\nagree\n", &["agree"]),
        (Method::Approval, "A,B,C\n1,1,0\n0,1,0\n", &["B"]),
        (Method::Score, "A,B\n3,1\n2,2\n", &["A"]),
    ];
    for (m, text, winners) in cases {
        let out = tally(&read_input(m, text).unwrap(), &TallyOptions::new(m)).unwrap();
        assert_eq!(out.winners, winners, "{m:?}");
    }
    let mut veto = TallyOptions::new(Method::Consent);
    veto.block_is_veto = true;
    let input = read_input(Method::Consent, "vote\nagree\nblock\nagree\n").unwrap();
    assert_eq!(tally(&input, &veto).unwrap().winners, ["block"]);
    let mut max = TallyOptions::new(Method::Score);
    let input = read_input(Method::Score, "A,B\n3,1\n2,2\n").unwrap();
    assert_eq!(tally(&input, &max).unwrap().report["count"]["max"], 3);
    max.max_score = Some(2);
    assert!(tally(&input, &max).is_err(), "3 is above the maximum 2");
}

/// A deterministic shuffle (Fisher–Yates with a 64-bit LCG) of `v` by `seed`.
fn shuffled<T: Clone>(v: &[T], seed: u64) -> Vec<T> {
    let mut v = v.to_vec();
    let mut s = seed | 1;
    for i in (1..v.len()).rev() {
        s = s
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let j = ((s >> 33) % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
    v
}

/// Ranked ballots over `n` options: random orders cut at a random length (maybe blank).
fn ranked_ballots(n: usize) -> impl Strategy<Value = Vec<Vec<usize>>> {
    proptest::collection::vec(
        (Just((0..n).collect::<Vec<usize>>()).prop_shuffle(), 0..=n)
            .prop_map(|(order, len)| order[..len].to_vec()),
        0..40,
    )
}

fn election() -> impl Strategy<Value = RankedElection> {
    (2usize..7).prop_flat_map(|n| ranked_ballots(n).prop_map(move |b| ranked(n, b)))
}

fn outcome(input: &Input, o: &TallyOptions) -> String {
    serde_json::to_string(&tally(input, o).unwrap()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn a_condorcet_winner_always_wins_schulze(e in election(), seed in any::<u64>()) {
        let n = e.candidates.len();
        let (d, _) = schulze::pairwise(&e).unwrap();
        let condorcet = (0..n).find(|&c| (0..n).all(|x| x == c || d[c][x] > d[x][c]));
        // Besides any that occurs by chance, plant one: a majority ranks c first.
        let c = (seed % n as u64) as usize;
        let mut planted = e.clone();
        planted.ballots.push(Ranked { weight: e.total() + 1, prefs: vec![c] });
        for (e, c) in [(e, condorcet), (planted, Some(c))] {
            if let Some(c) = c {
                let r = schulze::schulze(&e, 1).unwrap();
                prop_assert_eq!(&r.winners, &vec![e.candidates[c].clone()]);
                prop_assert!(r.decided_by.contains("above every other"));
            }
        }
    }

    #[test]
    fn permuting_ballots_never_changes_a_result(
        e in election(),
        seed in any::<u64>(),
        choices in proptest::collection::vec(0usize..5, 0..40),
        sets in proptest::collection::vec(proptest::collection::btree_set(0usize..4, 0..4), 0..30),
        scores in proptest::collection::vec(proptest::collection::vec(proptest::option::of(0u32..6), 4), 0..30),
    ) {
        let mut shuffled_e = e.clone();
        shuffled_e.ballots = shuffled(&e.ballots, seed);
        for m in [Method::Schulze, Method::Irv] {
            let o = TallyOptions::new(m);
            prop_assert_eq!(
                outcome(&Input::Ranked(e.clone()), &o),
                outcome(&Input::Ranked(shuffled_e.clone()), &o)
            );
        }
        let yes_no: Vec<Choice> = choices.iter().map(|&c| Choice::ALL[c % 4]).collect();
        let consent: Vec<Stance> = choices.iter().map(|&c| Stance::ALL[c]).collect();
        let sets: Vec<Vec<usize>> = sets.into_iter().map(|s| s.into_iter().collect()).collect();
        let inputs = [
            (Method::YesNoAbstain, Ballots::YesNo(yes_no.clone()), Ballots::YesNo(shuffled(&yes_no, seed))),
            (Method::Consent, Ballots::Consent(consent.clone()), Ballots::Consent(shuffled(&consent, seed))),
            (
                Method::Approval,
                Ballots::Approval { options: names(4), ballots: sets.clone() },
                Ballots::Approval { options: names(4), ballots: shuffled(&sets, seed) },
            ),
            (
                Method::Score,
                Ballots::Score { options: names(4), ballots: scores.clone() },
                Ballots::Score { options: names(4), ballots: shuffled(&scores, seed) },
            ),
        ];
        for (m, a, b) in inputs {
            let mut o = TallyOptions::new(m);
            if matches!(m, Method::Approval | Method::Score) {
                o.seats = Some(2);
            }
            prop_assert_eq!(outcome(&Input::Ballots(a), &o), outcome(&Input::Ballots(b), &o));
        }
    }

    #[test]
    fn a_unanimous_ballot_set_elects_its_first_preferences(
        order in (2usize..8).prop_flat_map(|n| Just((0..n).collect::<Vec<usize>>()).prop_shuffle()),
        voters in 1usize..50,
        seats_seed in any::<usize>(),
    ) {
        let n = order.len();
        let seats = 1 + seats_seed % n;
        let mut e = ranked(n, vec![order.clone(); voters]);
        e.seats = seats;
        let first: Vec<String> = order[..seats].iter().map(|&o| e.candidates[o].clone()).collect();
        prop_assert_eq!(&schulze::schulze(&e, seats).unwrap().winners, &first);
        prop_assert_eq!(&irv::irv(&e, 1).unwrap().winners, &first[..1].to_vec());
        // Approval: everyone approves the same options; score: everyone scores by rank.
        let approved: Vec<usize> = order[..seats].to_vec();
        let a = approval::approval(&e.candidates, &vec![approved; voters], seats).unwrap();
        let (mut got, mut want) = (a.winners.clone(), first.clone());
        got.sort();
        want.sort();
        prop_assert_eq!(got, want, "the same set (equal approvals: in the fixed order)");
        let mut s = vec![None; n];
        for (rank, &o) in order.iter().enumerate() {
            s[o] = Some((n - rank) as u32);
        }
        let sc = score::score(&e.candidates, &vec![s; voters], n as u32, seats).unwrap();
        prop_assert_eq!(&sc.winners, &first);
        let all_yes = vec![Choice::Yes; voters];
        for m in [Majority::Simple, Majority::Absolute, Majority::Qualified(Fraction { p: 1, q: 1 })] {
            prop_assert!(yes_no::yes_no_abstain(&all_yes, m, Some(voters as u64)).unwrap().carried);
        }
        prop_assert!(consent::consent(&vec![Stance::Agree; voters], true).adopted);
    }

    #[test]
    fn a_majority_is_more_than_half(n in 0u64..1_000_000, yes in 0u64..1_000_000) {
        let m = majority_of(n);
        prop_assert!(2 * m > n && 2 * (m - 1) <= n);
        let yes = yes.min(n);
        let ballots = vec![Choice::Yes; yes as usize % 2000];
        let cast = ballots.len() as u64;
        let e = n.max(cast);
        let r = yes_no::yes_no_abstain(&ballots, Majority::Absolute, Some(e)).unwrap();
        prop_assert_eq!(r.carried, 2 * cast > e);
    }
}

#[test]
fn a_majority_of_seven_is_four() {
    assert_eq!(majority_of(7), 4);
    let three = vec![Choice::Yes; 3];
    let four = vec![Choice::Yes; 4];
    assert!(
        !yes_no::yes_no_abstain(&three, Majority::Absolute, Some(7))
            .unwrap()
            .carried
    );
    assert!(
        yes_no::yes_no_abstain(&four, Majority::Absolute, Some(7))
            .unwrap()
            .carried
    );
}

#[test]
fn weighted_yes_no_ballots_read_and_write_with_their_weights() {
    let text = "vote,weight\nyes,3\nno,7\n";
    let input = read_input(Method::YesNoAbstain, text).unwrap();
    let Input::Ballots(b) = &input else {
        panic!("not ballots")
    };
    assert_eq!(
        *b,
        ballots::Ballots::YesNoWeighted(vec![(yes_no::Choice::Yes, 3), (yes_no::Choice::No, 7)])
    );
    assert_eq!(ballots::write(b).unwrap(), text);
    match read_input(Method::YesNoAbstain, "vote,weight\nyes,many\n") {
        Err(TallyError::Unreadable { line, message }) => {
            assert_eq!(line, 2);
            assert!(message.contains("many"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    // A weight column is for yes / no only.
    assert!(read_input(Method::Consent, "vote,weight\nagree,1\n").is_err());
    // Counted one organisation, one vote unless the majority is double.
    let mut o = TallyOptions::new(Method::YesNoAbstain);
    assert_eq!(tally(&input, &o).unwrap().winners, ["no"]);
    o.majority = yes_no::Majority::DOUBLE;
    o.electorate = Some(2);
    o.electorate_weight = Some(10);
    let out = tally(&input, &o).unwrap();
    assert_eq!(out.winners, ["no"]);
    assert_eq!(out.report["count"]["weight"]["yes"], 3);
}
