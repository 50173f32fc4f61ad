//! Recommendations to the city and pact endorsements, as plain rules without I/O.
//!
//! A body sends a motion its members adopted to an office of the city; officials
//! answer once: `accepted`, `rejected` (reasons required), turned into a `pact` (the
//! number of an existing public pact) or into a `call` (the call's text). An answer is
//! final. A recommendation waiting longer than the city's number of days is overdue.
//! A vote adopts only when its method answers a question and the answer carried: a
//! yes/no vote whose `yes` won, a consent vote whose `agree` won, quorum reached.

use chrono::NaiveDateTime;

use crate::kit::codes::code_enum;
use crate::kit::refusal::FormErrors;
use crate::voting::api::Method;

code_enum! {
    /// How the city answered a recommendation.
    Answer label "recommendation-answer" {
        Accepted => "accepted",
        Rejected => "rejected",
        Pact => "pact",
        Call => "call",
    }
}

/// The longest answer text (reasons, or the call's text).
pub const MAX_ANSWER: usize = 10_000;

/// Whether a closed vote adopted what it asked: a yes/no vote carried by `yes` or a
/// consent vote carried by `agree`, with its quorum reached. Other methods choose
/// among options and adopt no motion.
pub fn adopted(method: Method, failed_quorum: bool, winners: &[String]) -> bool {
    let carried = match method {
        Method::YesNoAbstain => "yes",
        Method::Consent => "agree",
        _ => return false,
    };
    !failed_quorum && winners.len() == 1 && winners[0] == carried
}

/// Whether a recommendation sent at `sent_at` and still unanswered at `now` is past
/// the city's `days` for an answer.
pub fn overdue(sent_at: NaiveDateTime, answered: bool, days: i64, now: NaiveDateTime) -> bool {
    !answered && now - sent_at > chrono::Duration::days(days)
}

/// A validated answer: its kind, its text (reasons or the call's text; optional for
/// an acceptance, empty for a pact) and the pact it became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAnswer {
    pub answer: Answer,
    pub text: String,
    pub pact: Option<i64>,
}

impl NewAnswer {
    /// Checks the form: a known answer; reasons for a rejection, text for a call, a
    /// pact number for a pact; one message per field.
    pub fn validate(answer: &str, text: &str, pact: &str) -> Result<NewAnswer, FormErrors> {
        let mut e = FormErrors::new();
        let text = text.trim().replace("\r\n", "\n");
        let kind = Answer::parse(answer.trim());
        if kind.is_none() {
            e.add("answer", "field-recommendation-answer-invalid");
        }
        if text.chars().count() > MAX_ANSWER {
            e.add("text", "field-text-too-long");
        } else if text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            e.add("text", "field-text-invalid");
        } else if text.is_empty() && kind == Some(Answer::Rejected) {
            e.add("text", "field-recommendation-reasons-required");
        } else if text.is_empty() && kind == Some(Answer::Call) {
            e.add("text", "field-recommendation-call-required");
        }
        let pact = match (kind, pact.trim().trim_start_matches('#')) {
            (Some(Answer::Pact), "") => {
                e.add("pact", "field-recommendation-pact-required");
                None
            }
            (Some(Answer::Pact), n) => match n.parse::<i64>() {
                Ok(n) if n >= 1 => Some(n),
                _ => {
                    e.add("pact", "field-recommendation-pact-invalid");
                    None
                }
            },
            _ => None,
        };
        e.into_result(NewAnswer {
            answer: kind.unwrap_or(Answer::Accepted),
            text,
            pact,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_carried_question_adopts() {
        let w = |s: &str| vec![s.to_string()];
        assert!(adopted(Method::YesNoAbstain, false, &w("yes")));
        assert!(!adopted(Method::YesNoAbstain, false, &w("no")));
        assert!(!adopted(Method::YesNoAbstain, true, &w("yes")));
        assert!(adopted(Method::Consent, false, &w("agree")));
        assert!(!adopted(Method::Consent, false, &w("block")));
        // An option that happens to be called "yes" adopts nothing.
        assert!(!adopted(Method::Approval, false, &w("yes")));
        assert!(!adopted(Method::YesNoAbstain, false, &[]));
    }

    #[test]
    fn answers_are_checked_field_by_field() {
        let ok = NewAnswer::validate("accepted", "", "").unwrap();
        assert_eq!((ok.answer, ok.pact), (Answer::Accepted, None));
        let e = NewAnswer::validate("rejected", "  ", "").unwrap_err();
        assert_eq!(e.get("text"), "field-recommendation-reasons-required");
        let e = NewAnswer::validate("call", "", "").unwrap_err();
        assert_eq!(e.get("text"), "field-recommendation-call-required");
        let e = NewAnswer::validate("pact", "", "").unwrap_err();
        assert_eq!(e.get("pact"), "field-recommendation-pact-required");
        let e = NewAnswer::validate("pact", "", "x").unwrap_err();
        assert_eq!(e.get("pact"), "field-recommendation-pact-invalid");
        assert_eq!(
            NewAnswer::validate("pact", "", "#12").unwrap().pact,
            Some(12)
        );
        let e = NewAnswer::validate("maybe", "", "").unwrap_err();
        assert_eq!(e.get("answer"), "field-recommendation-answer-invalid");
        let r = NewAnswer::validate("rejected", "No budget.\r\nSorry.", "").unwrap();
        assert_eq!(r.text, "No budget.\nSorry.");
    }

    #[test]
    fn overdue_counts_from_sending_and_ends_with_the_answer() {
        let t = chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        let d = chrono::Duration::days;
        assert!(!overdue(t, false, 60, t + d(60)));
        assert!(overdue(t, false, 60, t + d(61)));
        assert!(!overdue(t, true, 60, t + d(90)));
    }
}
