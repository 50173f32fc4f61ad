//! The BLT ballot format (OpenSTV, Droop, OpenTally, the ERS test sets), read and
//! written.
//!
//! ```text
//! 5 3              options, seats
//! -2               optional: withdrawn options, negative
//! 4 1 0            a ballot group: weight, options by preference (1-based), 0
//! 2 2 1 0
//! 0                end of ballots
//! "Orange"         one name per option, in quotes
//! ...
//! "Title"          the election's title
//! ```
//!
//! Accepted besides: an optional ballot id in parentheses before the weight, blank
//! lines, and `#` comment lines (one ballot per line: a ballot wrapped over several
//! lines is refused). Refused with the line number: equal rankings (`1=2`),
//! an option ranked twice, an option number out of range, a missing terminating `0`,
//! a zero weight, missing names or title, more than [`MAX_OPTIONS`] options or
//! [`MAX_LINES`] lines.

use super::{Ranked, RankedElection};

/// The most options a ballot file may have.
pub const MAX_OPTIONS: usize = 1_000;
/// The most lines a ballot file may have (one line per ballot group).
pub const MAX_LINES: usize = 2_000_000;

/// Why a file could not be read: the 1-based line and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BltError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for BltError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for BltError {}

fn err(line: usize, message: impl Into<String>) -> BltError {
    BltError {
        line,
        message: message.into(),
    }
}

/// Reads a BLT file.
pub fn parse(text: &str) -> Result<RankedElection, BltError> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'));
    if text.lines().count() > MAX_LINES {
        return Err(err(MAX_LINES + 1, format!("more than {MAX_LINES} lines")));
    }
    let (n, head) = lines.next().ok_or_else(|| err(1, "the file is empty"))?;
    let mut it = head.split_whitespace();
    let options: usize = number(it.next(), n, "the number of options")?;
    let seats: usize = number(it.next(), n, "the number of seats")?;
    if it.next().is_some() {
        return Err(err(
            n,
            "the first line holds two numbers: options and seats",
        ));
    }
    if options == 0 || options > MAX_OPTIONS {
        return Err(err(
            n,
            format!("the number of options must be 1 to {MAX_OPTIONS}"),
        ));
    }
    if seats == 0 || seats > options {
        return Err(err(
            n,
            "the number of seats must be 1 to the number of options",
        ));
    }
    let mut withdrawn = Vec::new();
    let mut ballots = Vec::new();
    let mut ended = false;
    let mut first = true;
    for (n, line) in lines.by_ref() {
        if line == "0" {
            ended = true;
            break;
        }
        if first && line.starts_with('-') {
            first = false;
            for w in line.split_whitespace() {
                let v: i64 = w
                    .parse()
                    .map_err(|_| err(n, format!("\"{w}\" is not a withdrawn option")))?;
                let o = option_index(-v, options, n)?;
                if !withdrawn.contains(&o) {
                    withdrawn.push(o);
                }
            }
            continue;
        }
        first = false;
        ballots.push(ballot(line, n, options)?);
    }
    if !ended {
        return Err(err(
            text.lines().count(),
            "the ballots must end with a line holding 0",
        ));
    }
    let mut strings = Vec::new();
    for (n, line) in lines {
        strings.push((n, quoted(line, n)?));
    }
    if strings.len() != options + 1 {
        let n = strings.last().map_or(text.lines().count(), |s| s.0);
        return Err(err(
            n,
            format!(
                "expected {options} option names and a title, found {} quoted lines",
                strings.len()
            ),
        ));
    }
    let title = strings.pop().map(|s| s.1).unwrap_or_default();
    Ok(RankedElection {
        title,
        candidates: strings.into_iter().map(|s| s.1).collect(),
        seats,
        withdrawn,
        ballots,
    })
}

fn number(s: Option<&str>, line: usize, what: &str) -> Result<usize, BltError> {
    let s = s.ok_or_else(|| err(line, format!("{what} is missing")))?;
    s.parse()
        .map_err(|_| err(line, format!("{what} must be a whole number, not \"{s}\"")))
}

fn option_index(v: i64, options: usize, line: usize) -> Result<usize, BltError> {
    match usize::try_from(v) {
        Ok(o) if (1..=options).contains(&o) => Ok(o - 1),
        _ => Err(err(
            line,
            format!("option {v} does not exist (1 to {options})"),
        )),
    }
}

fn ballot(line: &str, n: usize, options: usize) -> Result<Ranked, BltError> {
    let mut rest = line;
    if rest.starts_with('(') {
        let close = rest
            .find(')')
            .ok_or_else(|| err(n, "a ballot id opened with ( is not closed"))?;
        rest = &rest[close + 1..];
    }
    let mut it = rest.split_whitespace();
    let w = it
        .next()
        .ok_or_else(|| err(n, "the ballot weight is missing"))?;
    let weight: u64 = w
        .parse()
        .map_err(|_| err(n, format!("the weight must be a whole number, not \"{w}\"")))?;
    if weight == 0 {
        return Err(err(n, "a ballot's weight must be at least 1"));
    }
    let mut prefs = Vec::new();
    let mut closed = false;
    for t in it {
        if closed {
            return Err(err(n, "nothing may follow the 0 that ends a ballot"));
        }
        if t == "0" {
            closed = true;
            continue;
        }
        if t.contains('=') {
            return Err(err(n, "equal rankings (a=b) are not supported"));
        }
        let v: i64 = t
            .parse()
            .map_err(|_| err(n, format!("\"{t}\" is not an option number")))?;
        let o = option_index(v, options, n)?;
        if prefs.contains(&o) {
            return Err(err(n, format!("option {v} is ranked twice")));
        }
        prefs.push(o);
    }
    if !closed {
        return Err(err(n, "a ballot must end with 0"));
    }
    Ok(Ranked { weight, prefs })
}

fn quoted(line: &str, n: usize) -> Result<String, BltError> {
    line.strip_prefix('"')
        .and_then(|l| l.strip_suffix('"'))
        .map(str::to_string)
        .ok_or_else(|| err(n, "a name or title must be in double quotes"))
}

/// Writes an election as BLT (one line per ballot group, in the given order).
pub fn write(e: &RankedElection) -> String {
    let mut out = format!("{} {}\n", e.candidates.len(), e.seats);
    if !e.withdrawn.is_empty() {
        let w: Vec<String> = e.withdrawn.iter().map(|o| format!("-{}", o + 1)).collect();
        out.push_str(&w.join(" "));
        out.push('\n');
    }
    for b in &e.ballots {
        out.push_str(&b.weight.to_string());
        for p in &b.prefs {
            out.push_str(&format!(" {}", p + 1));
        }
        out.push_str(" 0\n");
    }
    out.push_str("0\n");
    for c in e.candidates.iter().chain(std::iter::once(&e.title)) {
        // A quote inside a name cannot be written in BLT; it becomes an apostrophe.
        out.push_str(&format!("\"{}\"\n", c.replace('"', "'")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const FOOD: &str = include_str!("../../tests/data/voting/stv-food.blt");
    const SCHULZE: &str = include_str!("../../tests/data/voting/schulze-45-voters.blt");

    #[test]
    fn reads_the_shared_vectors() {
        let food = parse(FOOD).unwrap();
        assert_eq!(food.seats, 3);
        assert_eq!(
            food.candidates,
            ["Orange", "Pear", "Chocolate", "Strawberry", "Sweets"]
        );
        assert_eq!(food.total(), 20);
        assert_eq!(
            food.ballots[1],
            Ranked {
                weight: 2,
                prefs: vec![1, 0]
            }
        );
        assert_eq!(food.title, "STV worked example (food), 20 voters, 3 seats");
        let s = parse(SCHULZE).unwrap();
        assert_eq!((s.total(), s.seats, s.candidates.len()), (45, 1, 5));
    }

    #[test]
    fn writing_and_reading_give_the_same_election() {
        for text in [FOOD, SCHULZE] {
            let e = parse(text).unwrap();
            assert_eq!(parse(&write(&e)).unwrap(), e);
        }
        let mut e = parse(FOOD).unwrap();
        e.withdrawn = vec![4];
        e.ballots[0].prefs.clear();
        assert_eq!(parse(&write(&e)).unwrap(), e);
    }

    #[test]
    fn ids_comments_and_withdrawals_are_read() {
        let e = parse(
            "# a comment\n3 1\n-3\n(a1) 2 1 2 0\n\n(a2) 1 0\n0\n\"X\"\n\"Y\"\n\"Z\"\n\"T\"\n",
        )
        .unwrap();
        assert_eq!(e.withdrawn, [2]);
        assert_eq!(e.ballots.len(), 2);
        assert!(e.ballots[1].prefs.is_empty());
    }

    #[test]
    fn bad_files_name_the_line() {
        let cases = [
            ("", 1, "empty"),
            ("3\n", 1, "seats is missing"),
            ("3 4\n", 1, "seats must be"),
            ("2 1\n1 1 2\n0\n\"a\"\n\"b\"\n\"t\"\n", 2, "must end with 0"),
            (
                "2 1\n1 1=2 0\n0\n\"a\"\n\"b\"\n\"t\"\n",
                2,
                "equal rankings",
            ),
            ("2 1\n1 1 1 0\n0\n\"a\"\n\"b\"\n\"t\"\n", 2, "ranked twice"),
            (
                "2 1\n1 3 0\n0\n\"a\"\n\"b\"\n\"t\"\n",
                2,
                "option 3 does not exist",
            ),
            ("2 1\n0 1 0\n0\n\"a\"\n\"b\"\n\"t\"\n", 2, "at least 1"),
            ("2 1\nx 1 0\n0\n\"a\"\n\"b\"\n\"t\"\n", 2, "weight must be"),
            ("2 1\n1 1 0\n\"a\"\n", 3, "weight must be"),
            (
                "2 1\n1 1 0\n0\n\"a\"\n\"t\"\n",
                5,
                "expected 2 option names",
            ),
            ("2 1\n1 1 0\n0\na\n\"b\"\n\"t\"\n", 4, "double quotes"),
            (
                "2 1\n1 1 0 2\n0\n\"a\"\n\"b\"\n\"t\"\n",
                2,
                "nothing may follow",
            ),
            ("2 1\n1 1 0\n", 2, "end with a line holding 0"),
        ];
        for (text, line, words) in cases {
            let e = parse(text).unwrap_err();
            assert_eq!(e.line, line, "{text:?}: {e}");
            assert!(e.message.contains(words), "{text:?}: {e}");
        }
    }
}
