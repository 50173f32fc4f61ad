//! Vote settings and ballots read from forms.

use super::*;

fn input(method: &str) -> VoteInput {
    VoteInput {
        question: "Which garden project first?".into(),
        method: method.into(),
        options: "Compost bins\nSeed library\n\nRain barrels\n".into(),
        seats: String::new(),
        majority: String::new(),
        quorum: "1/3".into(),
        secrecy: "secret".into(),
        block_is_veto: false,
        max_score: "5".into(),
        opens_at: "2030-03-01T09:00".into(),
        closes_at: "2030-03-08T21:00".into(),
        meeting: String::new(),
    }
}

fn form(pairs: &[(&str, &str)]) -> (impl Fn(&str) -> String, impl Fn(&str) -> Vec<String>) {
    let a: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let b = a.clone();
    (
        move |k: &str| {
            a.iter()
                .find(|(x, _)| x == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        },
        move |k: &str| {
            b.iter()
                .filter(|(x, _)| x == k)
                .map(|(_, v)| v.clone())
                .collect()
        },
    )
}

fn ballot(method: &str, pairs: &[(&str, &str)]) -> Result<Ballot, FormErrors> {
    let s = VoteSettings::validate(&input(method)).unwrap();
    let (get, all) = form(pairs);
    read_ballot(&s, get, all)
}

#[test]
fn good_settings_for_each_method() {
    for m in [
        "yes_no_abstain",
        "consent",
        "approval",
        "score",
        "schulze",
        "irv",
        "stv",
    ] {
        let s =
            VoteSettings::validate(&input(m)).unwrap_or_else(|e| panic!("{m}: {:?}", e.fields()));
        assert_eq!(s.method.name(), m);
        assert_eq!(s.options.len(), if has_options(s.method) { 3 } else { 0 });
        assert_eq!(s.secrecy, Secrecy::Secret);
    }
    let mut stv = input("stv");
    stv.seats = "2".into();
    assert_eq!(VoteSettings::validate(&stv).unwrap().seats, 2);
}

#[test]
fn each_bad_setting_gets_its_message() {
    let cases: Vec<(VoteInput, &str, &str)> = vec![
        (
            VoteInput {
                question: " ".into(),
                ..input("irv")
            },
            "question",
            "field-vote-question-required",
        ),
        (
            VoteInput {
                method: "lottery".into(),
                ..input("irv")
            },
            "method",
            "field-vote-method-invalid",
        ),
        (
            VoteInput {
                options: "Only one".into(),
                ..input("irv")
            },
            "options",
            "field-vote-options-count",
        ),
        (
            VoteInput {
                options: "A\nB\nA".into(),
                ..input("irv")
            },
            "options",
            "field-vote-options-invalid",
        ),
        (
            VoteInput {
                seats: "2".into(),
                ..input("irv")
            },
            "seats",
            "field-vote-seats-invalid",
        ),
        (
            VoteInput {
                seats: "3".into(),
                ..input("stv")
            },
            "seats",
            "field-vote-seats-invalid",
        ),
        (
            VoteInput {
                majority: "most".into(),
                ..input("yes_no_abstain")
            },
            "majority",
            "field-vote-majority-invalid",
        ),
        (
            VoteInput {
                quorum: "many".into(),
                ..input("irv")
            },
            "quorum",
            "field-vote-quorum-invalid",
        ),
        (
            VoteInput {
                secrecy: "hidden".into(),
                ..input("irv")
            },
            "secrecy",
            "field-vote-secrecy-invalid",
        ),
        (
            VoteInput {
                max_score: "11".into(),
                ..input("score")
            },
            "max_score",
            "field-vote-max-score-invalid",
        ),
        (
            VoteInput {
                closes_at: "2030-03-01T09:00".into(),
                ..input("irv")
            },
            "closes_at",
            "field-vote-closes-invalid",
        ),
        (
            VoteInput {
                closes_at: "2030-06-01T09:00".into(),
                ..input("irv")
            },
            "closes_at",
            "field-vote-closes-invalid",
        ),
    ];
    for (i, field, key) in cases {
        let e = VoteSettings::validate(&i).unwrap_err();
        assert_eq!(e.fields(), [field], "{i:?}");
        assert_eq!(e.get(field), key, "{i:?}");
    }
}

#[test]
fn ranked_ballots_read_ranks_and_refuse_duplicates() {
    assert_eq!(
        ballot("irv", &[("rank-1", "2"), ("rank-2", ""), ("rank-3", "1")]).unwrap(),
        Ballot::Ranked(vec![2, 0])
    );
    // Gaps are fine: only the order counts.
    assert_eq!(
        ballot("schulze", &[("rank-1", "3"), ("rank-2", "1")]).unwrap(),
        Ballot::Ranked(vec![1, 0])
    );
    let e = ballot("irv", &[("rank-1", "1"), ("rank-2", "1")]).unwrap_err();
    assert_eq!(e.get("ranks"), "field-ballot-rank-duplicate");
    assert_eq!(
        ballot("irv", &[("rank-1", "9")]).unwrap_err().get("ranks"),
        "field-ballot-rank-invalid"
    );
    assert_eq!(
        ballot("irv", &[]).unwrap_err().get("ranks"),
        "field-ballot-rank-none"
    );
}

#[test]
fn the_other_ballots_are_read_and_checked() {
    assert_eq!(
        ballot("yes_no_abstain", &[("choice", "yes")]).unwrap(),
        Ballot::YesNo(Choice::Yes)
    );
    assert_eq!(
        ballot("yes_no_abstain", &[]).unwrap(),
        Ballot::YesNo(Choice::Blank)
    );
    assert!(
        ballot("yes_no_abstain", &[("choice", "blank")]).is_err(),
        "blank is not a choice to tick"
    );
    assert_eq!(
        ballot("consent", &[("stance", "block")]).unwrap(),
        Ballot::Consent(Stance::Block)
    );
    assert_eq!(
        ballot("approval", &[("approve", "3"), ("approve", "1")]).unwrap(),
        Ballot::Approval(vec![0, 2])
    );
    assert!(ballot("approval", &[("approve", "1"), ("approve", "1")]).is_err());
    assert!(ballot("approval", &[]).is_err());
    assert_eq!(
        ballot("score", &[("score-1", "5"), ("score-3", "0")]).unwrap(),
        Ballot::Score(vec![Some(5), None, Some(0)])
    );
    assert_eq!(
        ballot("score", &[("score-1", "6")])
            .unwrap_err()
            .get("scores"),
        "field-ballot-score-invalid"
    );
    assert_eq!(
        ballot("score", &[]).unwrap_err().get("scores"),
        "field-ballot-score-none"
    );
}

#[test]
fn canonical_texts_and_hashes_are_stable() {
    assert_eq!(canonical(&Ballot::YesNo(Choice::No)), "no");
    assert_eq!(canonical(&Ballot::Consent(Stance::Object)), "object");
    assert_eq!(canonical(&Ballot::Approval(vec![0, 2])), "approve 1 3");
    assert_eq!(
        canonical(&Ballot::Score(vec![Some(4), None, Some(2)])),
        "score 4 - 2"
    );
    assert_eq!(canonical(&Ballot::Ranked(vec![2, 0, 1])), "rank 3 1 2");
    let b = Ballot::Ranked(vec![2, 0]);
    let h = ballot_hash("tracker-1", &b);
    assert_eq!(h, crate::util::sha256_hex(b"tracker-1\nrank 3 1"));
    assert_ne!(
        h,
        ballot_hash("tracker-2", &b),
        "the tracker makes equal ballots distinct"
    );
}

#[test]
fn canonical_texts_read_back_and_count() {
    for (method, pairs) in [
        ("yes_no_abstain", vec![("choice", "yes")]),
        ("consent", vec![("stance", "object")]),
        ("approval", vec![("approve", "2"), ("approve", "3")]),
        ("score", vec![("score-1", "4"), ("score-3", "2")]),
        ("irv", vec![("rank-3", "1"), ("rank-1", "2")]),
    ] {
        let s = VoteSettings::validate(&input(method)).unwrap();
        let b = ballot(method, &pairs).unwrap();
        assert_eq!(parse_canonical(&s, &canonical(&b)), Some(b), "{method}");
        assert_eq!(parse_canonical(&s, "rank 9"), None, "{method}");
    }
    // Three ranked ballots elect the option most of them rank first.
    let s = VoteSettings::validate(&input("irv")).unwrap();
    let ballots = [
        Ballot::Ranked(vec![1, 0]),
        Ballot::Ranked(vec![1]),
        Ballot::Ranked(vec![0, 1]),
    ];
    let (i, mut o) = tally_input(&s, 9, None, &ballots);
    o.quorum = crate::voting::api::Quorum::None;
    let out = crate::voting::api::tally(&i, &o).unwrap();
    assert_eq!(out.winners, ["Seed library"]);
    // The quorum of a third of nine is three: met by these three ballots.
    let (i, o) = tally_input(&s, 9, None, &ballots);
    assert_eq!(
        crate::voting::api::tally(&i, &o).unwrap().winners,
        ["Seed library"]
    );
    let (i, o) = tally_input(&s, 10, None, &ballots);
    assert!(
        crate::voting::api::tally(&i, &o)
            .unwrap()
            .winners
            .is_empty(),
        "1/3 of 10 is 4"
    );
}

#[test]
fn a_vote_held_in_a_meeting_judges_its_quorum_by_presence() {
    let mut i = input("irv");
    i.meeting = "x".into();
    let e = VoteSettings::validate(&i).unwrap_err();
    assert_eq!(e.fields(), ["meeting"]);
    i.meeting = " 7 ".into();
    let s = VoteSettings::validate(&i).unwrap();
    assert_eq!(s.meeting, Some(7));
    let ballots = [Ballot::Ranked(vec![1]), Ballot::Ranked(vec![1])];
    // Two ballots miss a third of ten, but four members were present: the quorum holds.
    let (i, o) = tally_input(&s, 10, Some(4), &ballots);
    let out = crate::voting::api::tally(&i, &o).unwrap();
    assert_eq!(out.winners, ["Seed library"]);
    assert_eq!(out.report["quorum"]["basis"], "present");
    // Three present miss it, whatever the ballots.
    let (i, o) = tally_input(&s, 10, Some(3), &ballots);
    let out = crate::voting::api::tally(&i, &o).unwrap();
    assert!(out.winners.is_empty());
    assert!(
        out.report["decided_by"]
            .as_str()
            .unwrap()
            .contains("3 members present, 4 needed")
    );
}
