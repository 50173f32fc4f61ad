//! The text's tests: canonical rendering, validation, comparison.

use std::time::{Duration, Instant};

use super::compare::diff_lines;
use super::*;
use crate::pacts::deadlines::DeadlineRules;

fn input() -> TextInput {
    TextInput {
        title: "  Care of the  Giardino\nLunetta ".into(),
        objectives: "Keep the garden open\r\nand clean.  \r\n\r\n".into(),
        activities: "Weekly weeding.".into(),
        start_date: "2027-03-01".into(),
        end_date: "2028-02-28".into(),
        commitments: "We weed; the city lends tools.".into(),
        public_use: "Open to all from dawn to dusk.".into(),
        risks: String::new(),
        insurance_policy: String::new(),
        insurer: String::new(),
        insurance_expiry: String::new(),
        liability: "Volunteers are insured by the city.".into(),
        reporting_months: "6".into(),
        output_licence: "CC BY-SA 4.0".into(),
        termination: "Either party, with 30 days notice.".into(),
        disputes: "Mediation by the district office.".into(),
        support: vec![
            (
                "materials".into(),
                "Compost".into(),
                "20 bags".into(),
                "2027".into(),
            ),
            (String::new(), String::new(), String::new(), String::new()),
        ],
    }
}

fn header() -> Header {
    Header {
        pact_id: 7,
        version: 2,
        kind: "ordinary",
        intensity: "continuous_care",
        commons: vec![9, 4],
        proposer: "u_abc".into(),
        group: Some(3),
        cosigners: vec!["u_z".into(), "u_y".into()],
        office: "green-areas".into(),
        act_number: String::new(),
    }
}

#[test]
fn a_complete_form_is_normalised() {
    let t = input().validate(&DeadlineRules::default()).unwrap();
    assert_eq!(t.title, "Care of the Giardino Lunetta");
    assert_eq!(t.objectives, "Keep the garden open\nand clean.");
    assert_eq!(t.support.len(), 1, "blank rows are ignored");
    assert_eq!(t.support[0].kind, SupportKind::Materials);
    // The form shows it again as it was stored.
    let again = TextInput::of(&t)
        .validate(&DeadlineRules::default())
        .unwrap();
    assert_eq!(again, t);
}

#[test]
fn bad_clauses_are_named() {
    let mut i = input();
    i.objectives = " \n ".into();
    i.end_date = "2027-02-01".into();
    i.reporting_months = "0".into();
    i.insurer = "Mutua".into();
    i.support[1] = ("tools".into(), "Rakes".into(), "5".into(), String::new());
    let e = i.validate(&DeadlineRules::default()).unwrap_err();
    assert_eq!(e.get("objectives"), "field-required");
    assert_eq!(e.get("end_date"), "field-pact-end-before-start");
    assert_eq!(e.get("reporting_months"), "field-pact-reporting-invalid");
    assert_eq!(e.get("insurance_policy"), "field-pact-insurance-incomplete");
    assert_eq!(e.get("insurance_expiry"), "field-pact-insurance-incomplete");
    assert_eq!(e.get("support"), "field-pact-support-kind");
    assert!(!e.has("insurer"));

    let mut i = input();
    i.end_date = "2030-03-01".into();
    i.start_date = "someday".into();
    let e = i.validate(&DeadlineRules::default()).unwrap_err();
    assert_eq!(e.get("start_date"), "field-date-invalid");
    let mut i = input();
    i.end_date = "2030-03-01".into();
    let e = i.validate(&DeadlineRules::default()).unwrap_err();
    assert_eq!(e.get("end_date"), "field-pact-too-long", "over 3 years");
    i.end_date = "2030-02-28".into();
    assert!(i.validate(&DeadlineRules::default()).is_ok());
    let mut i = input();
    i.support[0].2 = String::new();
    let e = i.validate(&DeadlineRules::default()).unwrap_err();
    assert_eq!(e.get("support"), "field-pact-support-incomplete");
}

#[test]
fn canonical_text_is_fixed_and_its_hash_changes_with_any_clause() {
    let t = input().validate(&DeadlineRules::default()).unwrap();
    let c = canonical(&header(), &t);
    assert!(c.starts_with(
        "PACTUM COLLABORATION PACT 1\npact: 7\nversion: 2\ntype: ordinary\n\
         intensity: continuous_care\ncommons: 4,9\nproposer: u_abc\ngroup: 3\n\
         cosigners: u_y,u_z\noffice: green-areas\n\n## title\nCare of the Giardino Lunetta\n"
    ));
    assert!(c.contains("\n## support\nmaterials: Compost (20 bags), 2027\n"));
    assert!(c.contains("\n## risks\n\n## insurance\n\n## liability\n"));
    assert!(!c.contains('\r'));
    let h = text_sha256(&header(), &t);
    assert_eq!(h.len(), 64);
    assert_eq!(h, crate::util::sha256_hex(c.as_bytes()));
    let mut other = t.clone();
    other.support[0].quantity = "21 bags".into();
    assert_ne!(text_sha256(&header(), &other), h);
    let mut h2 = header();
    h2.version = 3;
    assert_ne!(text_sha256(&h2, &t), h);
}

#[test]
fn versions_differ_clause_by_clause_and_line_by_line() {
    let a = input().validate(&DeadlineRules::default()).unwrap();
    let mut b = a.clone();
    b.objectives = "Keep the garden open\nand clean.\nPlant a hedge.".into();
    b.support.push(SupportLine {
        kind: SupportKind::Training,
        description: "Pruning course".into(),
        quantity: "1 day".into(),
        period: String::new(),
    });
    let Comparison::Changes(ch) = changes(&a, &b) else {
        panic!("small versions compare line by line");
    };
    assert_eq!(
        ch.iter().map(|c| c.code).collect::<Vec<_>>(),
        vec!["objectives", "support"]
    );
    assert_eq!(
        ch[0].lines,
        vec![
            Line::Same("Keep the garden open".into()),
            Line::Same("and clean.".into()),
            Line::Added("Plant a hedge.".into()),
        ]
    );
    assert_eq!(changes(&a, &a), Comparison::Changes(vec![]));
    let soon = || Instant::now() + Duration::from_secs(5);
    assert_eq!(
        diff_lines("a\nb\nc", "a\nx\nc", soon()).unwrap(),
        vec![
            Line::Same("a".into()),
            Line::Removed("b".into()),
            Line::Added("x".into()),
            Line::Same("c".into()),
        ]
    );
    assert_eq!(
        diff_lines("", "x", soon()).unwrap(),
        vec![Line::Added("x".into())]
    );
    assert_eq!(
        diff_lines("x", "", soon()).unwrap(),
        vec![Line::Removed("x".into())]
    );
}

fn with_objectives(lines: impl Iterator<Item = String>) -> PactText {
    let mut t = input().validate(&DeadlineRules::default()).unwrap();
    t.objectives = lines.collect::<Vec<_>>().join("\n");
    t
}

#[test]
fn two_twenty_thousand_line_clauses_are_refused_before_any_work() {
    let a = with_objectives((0..20_000).map(|i| format!("a{i}")));
    let b = with_objectives((0..20_000).map(|i| format!("b{i}")));
    let started = Instant::now();
    assert_eq!(changes(&a, &b), Comparison::TooDifferent);
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "the cap is checked first: {:?}",
        started.elapsed()
    );
}

#[test]
fn the_deadline_bounds_a_comparison_the_cap_lets_through() {
    let a = with_objectives((0..20_000).map(|i| format!("a{i}")));
    let b = with_objectives((0..20_000).map(|i| format!("b{i}")));
    // No time at all: the deadline, not the cap, refuses (whatever the machine's speed).
    let limits = CompareLimits {
        lines: usize::MAX,
        bytes: usize::MAX,
        time: Duration::ZERO,
    };
    assert_eq!(changes_within(&a, &b, limits), Comparison::TooDifferent);
    // A deadline already passed gives up at once.
    assert_eq!(
        diff_lines(
            "a\nb\nc",
            "x\ny\nz",
            Instant::now() - Duration::from_millis(1)
        ),
        None
    );
}

#[test]
fn long_clauses_under_the_cap_still_diff_exactly() {
    let a = with_objectives((0..3_000).map(|i| format!("line {i}")));
    let b = with_objectives(
        (0..3_000)
            .filter(|i| *i != 10)
            .map(|i| format!("line {i}"))
            .chain(std::iter::once("a new last line".to_string())),
    );
    let Comparison::Changes(ch) = changes(&a, &b) else {
        panic!("under the cap");
    };
    assert_eq!(ch.len(), 1);
    let changed: Vec<&Line> = ch[0]
        .lines
        .iter()
        .filter(|l| !matches!(l, Line::Same(_)))
        .collect();
    assert_eq!(
        changed,
        vec![
            &Line::Removed("line 10".into()),
            &Line::Added("a new last line".into())
        ]
    );
    assert_eq!(ch[0].lines.len(), 3_001);
    // Identical, insertions only, deletions only.
    let soon = || Instant::now() + Duration::from_secs(5);
    assert_eq!(
        diff_lines("a\nb", "a\nb", soon()).unwrap(),
        vec![Line::Same("a".into()), Line::Same("b".into())]
    );
    assert_eq!(
        diff_lines("a\nc", "a\nb\nc\nd", soon()).unwrap(),
        vec![
            Line::Same("a".into()),
            Line::Added("b".into()),
            Line::Same("c".into()),
            Line::Added("d".into()),
        ]
    );
    assert_eq!(
        diff_lines("a\nb\nc\nd", "b\nd", soon()).unwrap(),
        vec![
            Line::Removed("a".into()),
            Line::Same("b".into()),
            Line::Removed("c".into()),
            Line::Same("d".into()),
        ]
    );
    assert_eq!(diff_lines("", "", soon()).unwrap(), vec![]);
}

#[test]
fn the_form_keeps_blank_rows_to_fill() {
    let rows = input().support_rows();
    assert_eq!(rows.len(), 1 + BLANK_SUPPORT_ROWS);
}

#[test]
fn a_short_proposal_is_a_valid_text_and_names_what_signature_still_needs() {
    let rules = DeadlineRules::default();
    let short = TextInput {
        title: "Beds by the school".into(),
        objectives: "Grow vegetables with the pupils.".into(),
        ..TextInput::starting(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap())
    };
    let t = short.validate(&rules).unwrap();
    let missing: Vec<_> = t.missing().into_iter().map(|(code, _)| code).collect();
    assert_eq!(
        missing,
        [
            "activities",
            "commitments",
            "public_use",
            "liability",
            "termination",
            "disputes"
        ],
        "the licence has its default; the rest is co-design's"
    );
    // Without its "what", a proposal is refused.
    let e = TextInput {
        objectives: " ".into(),
        ..short
    }
    .validate(&rules)
    .unwrap_err();
    assert_eq!(e.get("objectives"), "field-required");
    // A complete text misses nothing.
    assert!(input().validate(&rules).unwrap().missing().is_empty());
}

#[test]
fn a_proposers_edit_keeps_the_offices_legal_clauses() {
    let rules = DeadlineRules::default();
    let office = input().validate(&rules).unwrap();
    let mut theirs = office.clone();
    theirs.liability = "None at all.".into();
    theirs.disputes = String::new();
    theirs.activities = "Weeding and sowing.".into();
    let kept = theirs.with_legal_clauses_of(&office);
    assert_eq!(kept.liability, office.liability);
    assert_eq!(kept.disputes, office.disputes);
    assert_eq!(kept.activities, "Weeding and sowing.");
}
