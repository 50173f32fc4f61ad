//! `pactum tally` recounts the shared vote vectors, as a process (exit status 0 on a
//! result, 1 on a missed quorum, 2 on unreadable input with the line on standard
//! error) and in-process through `cli::tally_text`, the same code.

use std::path::{Path, PathBuf};

use pactum::cli::{TallyArgs, tally_text};

use crate::cli::{pactum, text};

fn vector(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/voting")
        .join(name)
}

fn expected() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(vector("expected.json")).unwrap()).unwrap()
}

fn tally(dir: &Path, args: &[&str]) -> (Option<i32>, serde_json::Value, String) {
    let mut all = vec!["tally"];
    all.extend_from_slice(args);
    let o = pactum(dir, None, &[], &all);
    let (out, err) = text(&o);
    let json = serde_json::from_str(&out).unwrap_or(serde_json::Value::Null);
    (o.status.code(), json, err)
}

#[test]
fn the_schulze_vector_recounts_to_the_published_result() {
    let dir = tempfile::tempdir().unwrap();
    let file = vector("schulze-45-voters.blt");
    let (code, json, err) = tally(dir.path(), &["--method", "schulze", file.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    let want = &expected()["schulze-45-voters.blt"]["schulze"];
    assert_eq!(json["method"], "schulze");
    assert_eq!(json["winners"], serde_json::json!([want["winner"]]));
    assert_eq!(json["report"]["count"]["ranking"], want["ranking"]);
    let names = ["A", "B", "C", "D", "E"];
    for (key, m) in [
        ("pairwise_d", "pairwise_d"),
        ("strongest_paths_p", "strongest_paths_p"),
    ] {
        for (a, row) in want[key].as_object().unwrap() {
            for (b, v) in row.as_object().unwrap() {
                let (i, j) = (
                    names.iter().position(|n| n == a).unwrap(),
                    names.iter().position(|n| n == b).unwrap(),
                );
                assert_eq!(json["report"]["count"][m][i][j], *v, "{key}[{a}][{b}]");
            }
        }
    }

    // The same code in-process, with IRV on the same ballots.
    let args = |method: &str| TallyArgs {
        method: method.into(),
        seats: None,
        stv: "meek".into(),
        block_is_veto: false,
        majority: "simple".into(),
        max_score: None,
        quorum: None,
        electorate: None,
        present: None,
        electorate_weight: None,
        file: file.clone(),
    };
    let blt = std::fs::read_to_string(&file).unwrap();
    let (status, out) = tally_text(&args("schulze"), &blt).unwrap();
    assert_eq!(status, 0);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&out).unwrap(),
        json
    );
    let (status, out) = tally_text(&args("irv"), &blt).unwrap();
    let irv: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!((status, &irv["winners"]), (0, &serde_json::json!(["C"])));
    assert_eq!(
        irv["report"]["count"]["rounds"].as_array().unwrap().len(),
        4
    );
}

#[test]
fn a_missed_quorum_exits_1_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let file = vector("schulze-45-voters.blt");
    let f = file.to_str().unwrap();
    let (code, json, _) = tally(
        dir.path(),
        &[
            "--method",
            "irv",
            "--quorum",
            "1/2",
            "--electorate",
            "91",
            f,
        ],
    );
    assert_eq!(code, Some(1));
    assert_eq!(json["winners"], serde_json::json!([]));
    assert_eq!(json["verdict"], "failed_quorum");
    assert_eq!(json["report"]["quorum"]["required"], 46);
    let (code, json, _) = tally(
        dir.path(),
        &["--method", "irv", "--quorum", "45", "--electorate", "91", f],
    );
    assert_eq!(
        (code, &json["verdict"]),
        (Some(0), &serde_json::json!("decided"))
    );
}

#[test]
fn csv_ballots_recount_for_every_other_method() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, body: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, body).unwrap();
        p.to_str().unwrap().to_string()
    };
    let motion = write("motion.csv", "vote\nyes\nyes\nno\nabstain\nblank\n");
    let (code, json, err) = tally(dir.path(), &["--method", "yes_no_abstain", &motion]);
    assert_eq!(
        (code, &json["winners"]),
        (Some(0), &serde_json::json!(["yes"])),
        "{err}"
    );
    let (_, json, _) = tally(
        dir.path(),
        &[
            "--method",
            "yes_no_abstain",
            "--majority",
            "absolute",
            "--electorate",
            "5",
            &motion,
        ],
    );
    assert_eq!(
        json["winners"],
        serde_json::json!(["no"]),
        "2 yes of 5: no majority"
    );
    let consent = write("consent.csv", "vote\nagree\nagree\nblock\n");
    let (_, json, _) = tally(dir.path(), &["--method", "consent", &consent]);
    assert_eq!(json["winners"], serde_json::json!(["agree"]));
    let (_, json, _) = tally(
        dir.path(),
        &["--method", "consent", "--block-is-veto", &consent],
    );
    assert_eq!(json["winners"], serde_json::json!(["block"]));
    let approval = write("approval.csv", "Parks,Library,Pool\n1,1,\n,1,1\n1,1,0\n");
    let (_, json, _) = tally(
        dir.path(),
        &["--method", "approval", "--seats", "2", &approval],
    );
    assert_eq!(json["winners"], serde_json::json!(["Library", "Parks"]));
    let score = write("score.csv", "A,B\n5,3\n0,4\n");
    let (_, json, _) = tally(
        dir.path(),
        &["--method", "score", "--max-score", "5", &score],
    );
    assert_eq!(json["winners"], serde_json::json!(["B"]));
}

#[test]
fn unreadable_input_exits_2_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad_blt = dir.path().join("bad.blt");
    std::fs::write(
        &bad_blt,
        "3 1\n1 1 2 0\n2 1 4 0\n0\n\"a\"\n\"b\"\n\"c\"\n\"t\"\n",
    )
    .unwrap();
    let (code, _, err) = tally(
        dir.path(),
        &["--method", "schulze", bad_blt.to_str().unwrap()],
    );
    assert_eq!(code, Some(2));
    assert!(
        err.contains("bad.blt: line 3: option 4 does not exist"),
        "{err}"
    );
    let bad_csv = dir.path().join("bad.csv");
    std::fs::write(&bad_csv, "vote\nyes\nperhaps\n").unwrap();
    let (code, _, err) = tally(
        dir.path(),
        &["--method", "consent", bad_csv.to_str().unwrap()],
    );
    assert_eq!(code, Some(2));
    assert!(err.contains("line 2: \"yes\" is not one of agree"), "{err}");
    let (code, _, err) = tally(
        dir.path(),
        &["--method", "borda", bad_csv.to_str().unwrap()],
    );
    assert_eq!(code, Some(2));
    assert!(err.contains("unknown method"), "{err}");
    let missing = dir.path().join("missing.blt");
    let (code, _, err) = tally(dir.path(), &["--method", "irv", missing.to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert!(err.contains("cannot read"), "{err}");
}

#[test]
fn the_stv_vector_recounts_to_the_published_result() {
    let dir = tempfile::tempdir().unwrap();
    let file = vector("stv-food.blt");
    let want = &expected()["stv-food.blt"]["stv"];
    let (code, json, err) = tally(
        dir.path(),
        &[
            "--method",
            "stv",
            "--stv",
            "scottish",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    // Scottish STV: the published quota and order of election.
    assert_eq!(json["winners"], want["elected"]);
    assert_eq!(json["report"]["count"]["rounds"][0]["quota"], "6.00000");
    assert_eq!(json["report"]["count"]["seats"], want["seats"]);
    // Meek (the default): the same three, by its own quota.
    let (code, json, err) = tally(dir.path(), &["--method", "stv", file.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    let mut got: Vec<String> = serde_json::from_value(json["winners"].clone()).unwrap();
    let mut published: Vec<String> = serde_json::from_value(want["elected"].clone()).unwrap();
    got.sort();
    published.sort();
    assert_eq!(got, published);
    assert_eq!(json["report"]["count"]["method"], "meek");
}
