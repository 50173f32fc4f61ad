//! The clause-by-clause difference between two versions of a pact's text, bounded in
//! lines, bytes and time so that a hostile text cannot make a page slow.

use std::time::{Duration, Instant};

use super::PactText;

/// One line of a clause's difference between two versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Same(String),
    Removed(String),
    Added(String),
}

impl Line {
    pub fn code(&self) -> &'static str {
        match self {
            Line::Same(_) => "same",
            Line::Removed(_) => "removed",
            Line::Added(_) => "added",
        }
    }

    pub fn text(&self) -> &str {
        match self {
            Line::Same(s) | Line::Removed(s) | Line::Added(s) => s,
        }
    }
}

/// A clause that changed between two versions, line by line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseChange {
    pub code: &'static str,
    pub label_key: &'static str,
    pub lines: Vec<Line>,
}

/// The most lines both versions may have, over the clauses that changed, for a line by
/// line comparison: beyond it the page says the texts are too different (and links
/// both), without starting the work.
pub const MAX_COMPARE_LINES: usize = 8_000;
/// The most bytes both versions may have, over the clauses that changed.
pub const MAX_COMPARE_BYTES: usize = 256 * 1024;
/// How long one comparison may take before it gives up.
pub const COMPARE_TIME: Duration = Duration::from_millis(250);

/// How far a comparison may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompareLimits {
    pub lines: usize,
    pub bytes: usize,
    pub time: Duration,
}

impl Default for CompareLimits {
    fn default() -> Self {
        CompareLimits {
            lines: MAX_COMPARE_LINES,
            bytes: MAX_COMPARE_BYTES,
            time: COMPARE_TIME,
        }
    }
}

/// Two versions compared: clause by clause, or too different to show line by line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Comparison {
    Changes(Vec<ClauseChange>),
    TooDifferent,
}

fn lines_of(s: &str) -> Vec<&str> {
    if s.is_empty() {
        vec![]
    } else {
        s.lines().collect()
    }
}

/// The line difference of two texts (Myers' algorithm, from the `similar` crate), or
/// `None` when `deadline` passed first (the result would only be an approximation).
pub fn diff_lines(old: &str, new: &str, deadline: Instant) -> Option<Vec<Line>> {
    let a = lines_of(old);
    let b = lines_of(new);
    let ops =
        similar::capture_diff_slices_deadline(similar::Algorithm::Myers, &a, &b, Some(deadline));
    if Instant::now() > deadline {
        return None;
    }
    let mut out = Vec::with_capacity(a.len().max(b.len()));
    for op in ops {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        let removed = || {
            a[old_range.clone()]
                .iter()
                .map(|l| Line::Removed(l.to_string()))
        };
        let added = || {
            b[new_range.clone()]
                .iter()
                .map(|l| Line::Added(l.to_string()))
        };
        match tag {
            similar::DiffTag::Equal => out.extend(
                a[old_range.clone()]
                    .iter()
                    .map(|l| Line::Same(l.to_string())),
            ),
            similar::DiffTag::Delete => out.extend(removed()),
            similar::DiffTag::Insert => out.extend(added()),
            similar::DiffTag::Replace => {
                out.extend(removed());
                out.extend(added());
            }
        }
    }
    Some(out)
}

/// The clauses that differ between two versions, in text order, within the default
/// limits.
pub fn changes(old: &PactText, new: &PactText) -> Comparison {
    changes_within(old, new, CompareLimits::default())
}

/// The clauses that differ, line by line, unless both versions together are larger
/// than `limits` allow (checked before any work) or the comparison runs out of time.
pub fn changes_within(old: &PactText, new: &PactText, limits: CompareLimits) -> Comparison {
    let changed: Vec<_> = old
        .clauses()
        .into_iter()
        .zip(new.clauses())
        .filter(|(a, b)| a.2 != b.2)
        .collect();
    let (mut lines, mut bytes) = (0usize, 0usize);
    for ((_, _, a), (_, _, b)) in &changed {
        lines = lines
            .saturating_add(a.lines().count())
            .saturating_add(b.lines().count());
        bytes = bytes.saturating_add(a.len()).saturating_add(b.len());
    }
    if lines > limits.lines || bytes > limits.bytes {
        return Comparison::TooDifferent;
    }
    let deadline = Instant::now() + limits.time;
    let mut out = Vec::with_capacity(changed.len());
    for ((code, label_key, a), (_, _, b)) in changed {
        let Some(lines) = diff_lines(&a, &b, deadline) else {
            return Comparison::TooDifferent;
        };
        out.push(ClauseChange {
            code,
            label_key,
            lines,
        });
    }
    Comparison::Changes(out)
}
