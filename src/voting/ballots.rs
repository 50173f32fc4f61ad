//! The CSV ballot files of the non-ranked methods, read and written (ranked ballots
//! are BLT files: [`super::blt`]). The app publishes a closed vote's ballots in this
//! format and `pactum tally` recounts them.
//!
//! One ballot per row after a header row; cells are trimmed; lines starting with `#`
//! are comments; blank lines are skipped.
//!
//! ```text
//! vote              yes_no_abstain: one column; yes, no, abstain or blank
//! yes               (an empty cell, written "", is blank too)
//! abstain
//!
//! vote              consent: one column; agree, abstain, object, block or blank
//! object
//!
//! Parks,Library     approval: the options in their fixed order; 1 approved,
//! 1,                0 or empty not approved (a row approving nothing is blank)
//!
//! Parks,Library     score: the options in their fixed order; a whole score from 0
//! 5,0               to the vote's maximum, or empty for unscored (counted as 0)
//! ```
//!
//! Refused with the line number: a word or score that is not allowed, a row with the
//! wrong number of cells, a header with an empty or repeated option, no header.

use super::Method;
use super::consent::Stance;
use super::rules::TallyError;
use super::yes_no::Choice;

/// The ballots of a non-ranked vote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ballots {
    YesNo(Vec<Choice>),
    /// Yes / no ballots each with a weight (a double majority's organisations and the
    /// members they represent): the CSV's header is `vote,weight`.
    YesNoWeighted(Vec<(Choice, u64)>),
    Consent(Vec<Stance>),
    Approval {
        options: Vec<String>,
        /// The approved options of each ballot (0-based, ascending).
        ballots: Vec<Vec<usize>>,
    },
    Score {
        options: Vec<String>,
        /// One optional score per option for each ballot.
        ballots: Vec<Vec<Option<u32>>>,
    },
}

impl Ballots {
    /// The number of ballots, blank ones included.
    pub fn len(&self) -> u64 {
        (match self {
            Ballots::YesNo(b) => b.len(),
            Ballots::YesNoWeighted(b) => b.len(),
            Ballots::Consent(b) => b.len(),
            Ballots::Approval { ballots, .. } => ballots.len(),
            Ballots::Score { ballots, .. } => ballots.len(),
        }) as u64
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn unreadable(line: u64, message: impl Into<String>) -> TallyError {
    TallyError::Unreadable {
        line: usize::try_from(line).unwrap_or(usize::MAX),
        message: message.into(),
    }
}

fn csv_error(e: &csv::Error) -> TallyError {
    let line = e.position().map_or(1, |p| p.line());
    let message = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "the file is not UTF-8 text".to_string(),
        _ => e.to_string(),
    };
    unreadable(line, message)
}

/// Reads the CSV ballots of a non-ranked method.
pub fn read(method: Method, text: &str) -> Result<Ballots, TallyError> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut records = r.records();
    let header = match records.next() {
        Some(h) => h.map_err(|e| csv_error(&e))?,
        None => return Err(unreadable(1, "the first row must be a header")),
    };
    let header_line = header.position().map_or(1, |p| p.line());
    let options: Vec<String> = header.iter().map(str::to_string).collect();
    let single = matches!(method, Method::YesNoAbstain | Method::Consent);
    let weighted = method == Method::YesNoAbstain && options == ["vote", "weight"];
    if single && options.len() != 1 && !weighted {
        return Err(unreadable(
            header_line,
            format!("a {} ballot file has one column, \"vote\"", method.name()),
        ));
    }
    for (i, o) in options.iter().enumerate() {
        if o.is_empty() || options[..i].contains(o) {
            return Err(unreadable(
                header_line,
                format!("option {} of the header is empty or repeated", i + 1),
            ));
        }
    }
    let mut out = match method {
        Method::YesNoAbstain if weighted => Ballots::YesNoWeighted(Vec::new()),
        Method::YesNoAbstain => Ballots::YesNo(Vec::new()),
        Method::Consent => Ballots::Consent(Vec::new()),
        Method::Approval => Ballots::Approval {
            options,
            ballots: Vec::new(),
        },
        Method::Score => Ballots::Score {
            options,
            ballots: Vec::new(),
        },
        other => {
            return Err(TallyError::Invalid(format!(
                "{} ballots are ranked: they are read from a BLT file",
                other.name()
            )));
        }
    };
    for rec in records {
        let rec = rec.map_err(|e| csv_error(&e))?;
        let line = rec.position().map_or(0, |p| p.line());
        if rec.len() != header.len() {
            return Err(unreadable(
                line,
                format!(
                    "this row has {} cells; the header has {}",
                    rec.len(),
                    header.len()
                ),
            ));
        }
        match &mut out {
            Ballots::YesNo(b) => b.push(word(&rec[0], &Choice::ALL, Choice::word, line)?),
            Ballots::YesNoWeighted(b) => {
                let w = rec[1].parse::<u64>().map_err(|_| {
                    unreadable(line, format!("\"{}\" is not a whole weight", &rec[1]))
                })?;
                b.push((word(&rec[0], &Choice::ALL, Choice::word, line)?, w));
            }
            Ballots::Consent(b) => b.push(word(&rec[0], &Stance::ALL, Stance::word, line)?),
            Ballots::Approval { ballots, .. } => {
                let mut approved = Vec::new();
                for (o, cell) in rec.iter().enumerate() {
                    match cell {
                        "1" => approved.push(o),
                        "" | "0" => {}
                        c => {
                            return Err(unreadable(
                                line,
                                format!("\"{c}\" is not 1 (approved) or 0 / empty"),
                            ));
                        }
                    }
                }
                ballots.push(approved);
            }
            Ballots::Score { ballots, .. } => {
                let mut scores = Vec::with_capacity(rec.len());
                for cell in rec.iter() {
                    scores.push(if cell.is_empty() {
                        None
                    } else {
                        Some(cell.parse::<u32>().map_err(|_| {
                            unreadable(line, format!("\"{cell}\" is not a whole score"))
                        })?)
                    });
                }
                ballots.push(scores);
            }
        }
    }
    Ok(out)
}

fn word<T: Copy>(
    cell: &str,
    all: &[T],
    name: fn(T) -> &'static str,
    line: u64,
) -> Result<T, TallyError> {
    if cell.is_empty() {
        // The last word of every vocabulary is "blank".
        if let Some(&b) = all.last() {
            return Ok(b);
        }
    }
    let lower = cell.to_lowercase();
    all.iter()
        .copied()
        .find(|&t| name(t) == lower)
        .ok_or_else(|| {
            let words: Vec<&str> = all.iter().map(|&t| name(t)).collect();
            unreadable(
                line,
                format!("\"{cell}\" is not one of {}", words.join(", ")),
            )
        })
}

/// Writes ballots as CSV (in the order given: the app sorts them before publishing).
pub fn write(b: &Ballots) -> Result<String, TallyError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| TallyError::Invalid(format!("cannot write the ballots: {e}"));
    match b {
        Ballots::YesNo(list) => {
            w.write_record(["vote"]).map_err(fail)?;
            for c in list {
                w.write_record([c.word()]).map_err(fail)?;
            }
        }
        Ballots::YesNoWeighted(list) => {
            w.write_record(["vote", "weight"]).map_err(fail)?;
            for (c, weight) in list {
                w.write_record([c.word(), &weight.to_string()])
                    .map_err(fail)?;
            }
        }
        Ballots::Consent(list) => {
            w.write_record(["vote"]).map_err(fail)?;
            for s in list {
                w.write_record([s.word()]).map_err(fail)?;
            }
        }
        Ballots::Approval { options, ballots } => {
            w.write_record(options).map_err(fail)?;
            for a in ballots {
                let mut row = vec!["0"; options.len()];
                for &o in a {
                    if let Some(cell) = row.get_mut(o) {
                        *cell = "1";
                    }
                }
                w.write_record(&row).map_err(fail)?;
            }
        }
        Ballots::Score { options, ballots } => {
            w.write_record(options).map_err(fail)?;
            for s in ballots {
                let row: Vec<String> = s
                    .iter()
                    .map(|x| x.map(|v| v.to_string()).unwrap_or_default())
                    .collect();
                w.write_record(&row).map_err(fail)?;
            }
        }
    }
    let bytes = w
        .into_inner()
        .map_err(|e| TallyError::Invalid(format!("cannot write the ballots: {e}")))?;
    String::from_utf8(bytes).map_err(|e| TallyError::Invalid(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_and_writes_back() {
        let yes_no = read(
            Method::YesNoAbstain,
            "vote\nyes\n# a comment\nNo\n abstain \nblank\n\"\"\n",
        )
        .unwrap();
        assert_eq!(
            yes_no,
            Ballots::YesNo(vec![
                Choice::Yes,
                Choice::No,
                Choice::Abstain,
                Choice::Blank,
                Choice::Blank
            ])
        );
        let consent = read(Method::Consent, "vote\nagree\nblock\nobject\nabstain\n").unwrap();
        assert_eq!(consent.len(), 4);
        let approval = read(Method::Approval, "Parks,Library,Pool\n1,,1\n0,0,0\n").unwrap();
        assert_eq!(
            approval,
            Ballots::Approval {
                options: vec!["Parks".into(), "Library".into(), "Pool".into()],
                ballots: vec![vec![0, 2], vec![]]
            }
        );
        let score = read(Method::Score, "A,B\n5,\n0,3\n").unwrap();
        assert_eq!(
            score,
            Ballots::Score {
                options: vec!["A".into(), "B".into()],
                ballots: vec![vec![Some(5), None], vec![Some(0), Some(3)]]
            }
        );
        for (m, b) in [
            (Method::YesNoAbstain, yes_no),
            (Method::Consent, consent),
            (Method::Approval, approval),
            (Method::Score, score),
        ] {
            assert_eq!(read(m, &write(&b).unwrap()).unwrap(), b, "{m:?}");
        }
        let one = Ballots::Approval {
            options: vec!["Only, with a comma".into()],
            ballots: vec![vec![], vec![0]],
        };
        assert_eq!(read(Method::Approval, &write(&one).unwrap()).unwrap(), one);
    }

    #[test]
    fn bad_files_name_the_line() {
        let cases = [
            (
                Method::YesNoAbstain,
                "vote\nyes\nmaybe\n",
                3,
                "not one of yes",
            ),
            (
                Method::YesNoAbstain,
                "vote,other\nyes,no\n",
                1,
                "one column",
            ),
            (
                Method::Consent,
                "vote\n\nagree\nveto\n",
                4,
                "not one of agree",
            ),
            (Method::Approval, "A,B\n1,0\n1\n", 3, "has 1 cells"),
            (Method::Approval, "A,B\n1,x\n", 2, "not 1"),
            (Method::Approval, "A,A\n1,0\n", 1, "repeated"),
            (Method::Approval, "A,\n1,0\n", 1, "empty"),
            (
                Method::Score,
                "# scores\nA,B\n1,2\n-1,2\n",
                4,
                "whole score",
            ),
            (Method::Score, "", 1, "header"),
        ];
        for (m, text, line, words) in cases {
            match read(m, text) {
                Err(TallyError::Unreadable { line: l, message }) => {
                    assert_eq!(l, line, "{text:?}: {message}");
                    assert!(message.contains(words), "{text:?}: {message}");
                }
                other => panic!("{text:?}: {other:?}"),
            }
        }
        assert!(matches!(
            read(Method::Schulze, "A\n"),
            Err(TallyError::Invalid(_))
        ));
    }
}
