//! Motions and their deliberation, as plain rules without I/O: what a motion and a
//! comment may hold, the states of a motion, and when support sends it to a vote.
//!
//! A member tables a motion (title, text, reasons); other members support it, one
//! support per membership (for a chamber, per organisation); with the body's number of
//! supporters, or when a facilitator schedules it, it is `scheduled` for a vote. Its
//! author may withdraw it before. Comments are threaded one level deep and tagged for,
//! against or question.

use crate::kit::codes::code_enum;
use crate::kit::refusal::FormErrors;

code_enum! {
    /// Where a motion stands.
    MotionState label "motion-state" {
        Open => "open",
        Scheduled => "scheduled",
        Withdrawn => "withdrawn",
    }
}

code_enum! {
    /// What a comment says about the motion.
    Tag label "comment-tag" {
        For => "for",
        Against => "against",
        Question => "question",
        None => "none",
    }
}

pub const MAX_TITLE: usize = 200;
pub const MAX_TEXT: usize = 20_000;
pub const MAX_REASONS: usize = 10_000;
pub const MAX_COMMENT: usize = 5_000;
pub const MAX_HIDE_REASON: usize = 500;

/// A validated motion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMotion {
    pub title: String,
    pub text: String,
    pub reasons: String,
}

pub(super) fn block(s: &str) -> String {
    s.trim().replace("\r\n", "\n")
}

pub(super) fn bad_control(s: &str) -> bool {
    s.chars().any(|c| c.is_control() && c != '\n' && c != '\t')
}

impl NewMotion {
    pub fn validate(title: &str, text: &str, reasons: &str) -> Result<NewMotion, FormErrors> {
        let mut e = FormErrors::new();
        let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
        if title.is_empty() {
            e.add("title", "field-motion-title-required");
        } else if title.chars().count() > MAX_TITLE {
            e.add("title", "field-motion-title-invalid");
        }
        let text = block(text);
        if text.is_empty() {
            e.add("text", "field-motion-text-required");
        } else if text.chars().count() > MAX_TEXT {
            e.add("text", "field-text-too-long");
        } else if bad_control(&text) {
            e.add("text", "field-text-invalid");
        }
        let reasons = block(reasons);
        if reasons.chars().count() > MAX_REASONS {
            e.add("reasons", "field-text-too-long");
        } else if bad_control(&reasons) {
            e.add("reasons", "field-text-invalid");
        }
        e.into_result(NewMotion {
            title,
            text,
            reasons,
        })
    }
}

/// A validated comment.
pub fn comment(body: &str, tag: &str) -> Result<(String, Tag), FormErrors> {
    let mut e = FormErrors::new();
    let b = block(body);
    if b.is_empty() {
        e.add("body", "field-comment-required");
    } else if b.chars().count() > MAX_COMMENT {
        e.add("body", "field-text-too-long");
    } else if bad_control(&b) {
        e.add("body", "field-text-invalid");
    }
    let tag = match tag.trim() {
        "" => Some(Tag::None),
        t => Tag::parse(t),
    };
    if tag.is_none() {
        e.add("tag", "field-comment-tag-invalid");
    }
    match tag {
        Some(tag) if e.is_empty() => Ok((b, tag)),
        _ => Err(e),
    }
}

/// A facilitator's reason for hiding a comment: required, short.
pub fn hide_reason(text: &str) -> Result<String, &'static str> {
    let r = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if r.is_empty() {
        Err("field-hide-reason-required")
    } else if r.chars().count() > MAX_HIDE_REASON {
        Err("field-text-too-long")
    } else {
        Ok(r)
    }
}

/// Whether support has reached the body's number of supporters.
pub fn enough_support(supporters: i64, threshold: i64) -> bool {
    supporters >= threshold
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_motion_is_cleaned_and_checked_field_by_field() {
        let m = NewMotion::validate("  More   benches ", "The assembly asks\r\nfor benches.", "")
            .unwrap();
        assert_eq!(m.title, "More benches");
        assert_eq!(m.text, "The assembly asks\nfor benches.");
        let e = NewMotion::validate("", "", "").unwrap_err();
        assert_eq!(e.fields(), ["title", "text"]);
        let e = NewMotion::validate(&"t".repeat(201), "x", &"r".repeat(10_001)).unwrap_err();
        assert_eq!(e.get("title"), "field-motion-title-invalid");
        assert_eq!(e.get("reasons"), "field-text-too-long");
        let e = NewMotion::validate("t", "a\u{1b}b", "").unwrap_err();
        assert_eq!(e.get("text"), "field-text-invalid");
    }

    #[test]
    fn comments_carry_a_known_tag() {
        assert_eq!(comment(" Yes! ", "for").unwrap(), ("Yes!".into(), Tag::For));
        assert_eq!(comment("Why?", "").unwrap().1, Tag::None);
        assert_eq!(
            comment("x", "maybe").unwrap_err().get("tag"),
            "field-comment-tag-invalid"
        );
        assert_eq!(
            comment(" ", "for").unwrap_err().get("body"),
            "field-comment-required"
        );
        assert_eq!(
            comment(&"c".repeat(5_001), "for").unwrap_err().get("body"),
            "field-text-too-long"
        );
    }

    #[test]
    fn hiding_needs_a_reason_and_support_counts_to_the_threshold() {
        assert_eq!(hide_reason("  insults "), Ok("insults".into()));
        assert_eq!(hide_reason(" "), Err("field-hide-reason-required"));
        assert_eq!(hide_reason(&"r".repeat(501)), Err("field-text-too-long"));
        assert!(!enough_support(2, 3));
        assert!(enough_support(3, 3));
        assert!(enough_support(1, 1));
    }
}
