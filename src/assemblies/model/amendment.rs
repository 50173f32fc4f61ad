//! Amendments to motions, as plain rules without I/O: what an amendment may hold, where
//! it stands, and the word-by-word difference between the text it was written on and
//! the text it proposes.
//!
//! An amendment proposes the whole changed text of a motion, written on one version of
//! it. The motion's author (whoever speaks for the membership that tabled it) accepts
//! it, and the motion takes its text, or declines it (it is then `rejected`); or a
//! facilitator puts it to its own yes/no vote, which `adopts` or `rejects` it; its own
//! author may withdraw it while it is proposed and not in a vote. The motion cannot go
//! to its vote while an amendment of it is still proposed.

use std::time::{Duration, Instant};

use super::motion::{MAX_REASONS, MAX_TEXT, bad_control, block};
use crate::kit::codes::code_enum;
use crate::kit::refusal::FormErrors;

code_enum! {
    /// Where an amendment stands.
    AmendmentState label "amendment-state" {
        Proposed => "proposed",
        Accepted => "accepted",
        Adopted => "adopted",
        Rejected => "rejected",
        Withdrawn => "withdrawn",
    }
}

impl AmendmentState {
    /// Whether the motion's text became the amendment's.
    pub fn carried(self) -> bool {
        matches!(self, AmendmentState::Accepted | AmendmentState::Adopted)
    }
}

/// A validated amendment: the whole proposed text and the reasons for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAmendment {
    pub text: String,
    pub reasons: String,
}

impl NewAmendment {
    /// Checks an amendment of a motion whose text is now `current`: a text (cleaned
    /// like a motion's), within the motion's sizes, that changes something.
    pub fn validate(current: &str, text: &str, reasons: &str) -> Result<NewAmendment, FormErrors> {
        let mut e = FormErrors::new();
        let text = block(text);
        if text.is_empty() {
            e.add("text", "field-amendment-text-required");
        } else if text.chars().count() > MAX_TEXT {
            e.add("text", "field-text-too-long");
        } else if bad_control(&text) {
            e.add("text", "field-text-invalid");
        } else if text == block(current) {
            e.add("text", "field-amendment-text-unchanged");
        }
        let reasons = block(reasons);
        if reasons.chars().count() > MAX_REASONS {
            e.add("reasons", "field-text-too-long");
        } else if bad_control(&reasons) {
            e.add("reasons", "field-text-invalid");
        }
        e.into_result(NewAmendment { text, reasons })
    }
}

/// A run of text in a difference: kept, removed from the old text or added by the new.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Same(String),
    Removed(String),
    Added(String),
}

impl Piece {
    pub fn code(&self) -> &'static str {
        match self {
            Piece::Same(_) => "same",
            Piece::Removed(_) => "removed",
            Piece::Added(_) => "added",
        }
    }

    pub fn text(&self) -> &str {
        match self {
            Piece::Same(s) | Piece::Removed(s) | Piece::Added(s) => s,
        }
    }
}

/// How long one word difference may take before it gives up and shows the whole old
/// text removed and the whole new text added (still true, only coarser).
pub const DIFF_TIME: Duration = Duration::from_millis(100);

/// Each word with the spaces that follow it (line breaks included), in order, so that
/// the pieces of a difference put back together give each text exactly, and a shared
/// space alone never splits a changed passage.
fn tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut after_space = false;
    for (i, c) in s.char_indices() {
        let ws = c.is_whitespace();
        if after_space && !ws && i > start {
            out.push(&s[start..i]);
            start = i;
        }
        after_space = ws;
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

fn push(out: &mut Vec<Piece>, p: Piece) {
    if p.text().is_empty() {
        return;
    }
    match (out.last_mut(), p) {
        (Some(Piece::Same(a)), Piece::Same(b))
        | (Some(Piece::Removed(a)), Piece::Removed(b))
        | (Some(Piece::Added(a)), Piece::Added(b)) => a.push_str(&b),
        (_, p) => out.push(p),
    }
}

/// The word-by-word difference from `old` to `new` (Myers' algorithm, from the
/// `similar` crate), adjacent runs of one kind merged, removals before additions.
pub fn diff(old: &str, new: &str) -> Vec<Piece> {
    diff_until(old, new, Instant::now() + DIFF_TIME)
}

/// [`diff`] with its own deadline.
pub fn diff_until(old: &str, new: &str, deadline: Instant) -> Vec<Piece> {
    let (a, b) = (tokens(old), tokens(new));
    let ops =
        similar::capture_diff_slices_deadline(similar::Algorithm::Myers, &a, &b, Some(deadline));
    let mut out = Vec::new();
    if Instant::now() > deadline {
        push(&mut out, Piece::Removed(old.to_string()));
        push(&mut out, Piece::Added(new.to_string()));
        return out;
    }
    for op in ops {
        let (tag, o, n) = op.as_tag_tuple();
        let (old_part, new_part) = (a[o].concat(), b[n].concat());
        match tag {
            similar::DiffTag::Equal => push(&mut out, Piece::Same(old_part)),
            similar::DiffTag::Delete => push(&mut out, Piece::Removed(old_part)),
            similar::DiffTag::Insert => push(&mut out, Piece::Added(new_part)),
            similar::DiffTag::Replace => {
                push(&mut out, Piece::Removed(old_part));
                push(&mut out, Piece::Added(new_part));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(p: &[Piece]) -> String {
        p.iter()
            .map(|p| match p {
                Piece::Same(s) => s.clone(),
                Piece::Removed(s) => format!("[-{s}-]"),
                Piece::Added(s) => format!("{{+{s}+}}"),
            })
            .collect()
    }

    fn old_of(p: &[Piece]) -> String {
        p.iter()
            .filter(|p| !matches!(p, Piece::Added(_)))
            .map(Piece::text)
            .collect()
    }

    fn new_of(p: &[Piece]) -> String {
        p.iter()
            .filter(|p| !matches!(p, Piece::Removed(_)))
            .map(Piece::text)
            .collect()
    }

    #[test]
    fn an_amendment_must_change_the_text_within_the_motions_sizes() {
        let a = NewAmendment::validate("Two bins.", " Three bins.\r\n", " Too few. ").unwrap();
        assert_eq!(a.text, "Three bins.");
        assert_eq!(a.reasons, "Too few.");
        let e = NewAmendment::validate("Two bins.", "  ", "").unwrap_err();
        assert_eq!(e.get("text"), "field-amendment-text-required");
        let e = NewAmendment::validate("Two bins.", "Two bins.  ", "").unwrap_err();
        assert_eq!(e.get("text"), "field-amendment-text-unchanged");
        let e =
            NewAmendment::validate("x", &"t".repeat(MAX_TEXT + 1), &"r".repeat(MAX_REASONS + 1))
                .unwrap_err();
        assert_eq!(e.fields(), ["text", "reasons"]);
        assert_eq!(e.get("text"), "field-text-too-long");
        let e = NewAmendment::validate("x", "a\u{7}b", "").unwrap_err();
        assert_eq!(e.get("text"), "field-text-invalid");
    }

    #[test]
    fn a_changed_word_is_removed_then_added_and_the_rest_kept() {
        let d = diff("Two more compost bins.", "Three more compost bins.");
        assert_eq!(show(&d), "[-Two -]{+Three +}more compost bins.");
        assert_eq!(d[0], Piece::Removed("Two ".into()));
        assert_eq!(d.last(), Some(&Piece::Same("more compost bins.".into())));
    }

    #[test]
    fn insertions_and_deletions_of_whole_words() {
        assert_eq!(
            show(&diff("Bins near the gate.", "Bins near the north gate.")),
            "Bins near the {+north +}gate."
        );
        assert_eq!(
            show(&diff("Bins near the north gate.", "Bins near the gate.")),
            "Bins near the [-north -]gate."
        );
        assert_eq!(show(&diff("", "New.")), "{+New.+}");
        assert_eq!(show(&diff("Old.", "")), "[-Old.-]");
        assert!(
            diff("Same text.", "Same text.")
                .iter()
                .all(|p| p.code() == "same")
        );
    }

    #[test]
    fn accented_and_non_latin_words_are_words() {
        let d = diff(
            "La città chiede più panchine.",
            "La città chiede più alberi.",
        );
        assert_eq!(show(&d), "La città chiede più [-panchine.-]{+alberi.+}");
        let d = diff("Ελληνικά και 日本語 text", "Ελληνικά και 中文 text");
        assert_eq!(show(&d), "Ελληνικά και [-日本語 -]{+中文 +}text");
    }

    #[test]
    fn paragraphs_keep_their_breaks_and_both_texts_can_be_read_back() {
        let old = "First paragraph stays.\n\nSecond one goes.\nThird line.";
        let new = "First paragraph stays.\n\nThird line.\n\nA new paragraph.";
        let d = diff(old, new);
        assert_eq!(old_of(&d), old);
        assert_eq!(new_of(&d), new);
        assert!(matches!(&d[0], Piece::Same(s) if s.starts_with("First paragraph stays.\n\n")));
        assert!(
            d.iter()
                .any(|p| matches!(p, Piece::Added(s) if s.contains("A new paragraph.")))
        );
        assert!(
            d.iter()
                .any(|p| matches!(p, Piece::Removed(s) if s.contains("Second one goes.")))
        );
    }

    #[test]
    fn past_its_deadline_the_difference_is_the_whole_text_replaced() {
        let d = diff_until("a b c", "a x c", Instant::now() - Duration::from_secs(1));
        assert_eq!(
            d,
            [Piece::Removed("a b c".into()), Piece::Added("a x c".into())]
        );
        assert!(AmendmentState::Adopted.carried() && !AmendmentState::Rejected.carried());
    }
}
