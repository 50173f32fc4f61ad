//! A claim's life as plain functions (DOMAIN.md, "Verification"): submitted, reviewed
//! by an accredited verifier who approves, rejects with reasons, or asks for more (the
//! claim pauses until the claimant answers); above the programme's threshold a second,
//! different verifier must agree before issuance.

use crate::kit::codes::code_enum;

code_enum! {
    /// Where a claim stands.
    ClaimState label "claim-state" {
        Submitted => "submitted",
        InfoRequested => "info_requested",
        SecondReview => "second_review",
        Issued => "issued",
        Rejected => "rejected",
        Withdrawn => "withdrawn",
    }
}

code_enum! {
    /// A step recorded in a claim's review history.
    Decision label "claim-decision" {
        Approve => "approve",
        Reject => "reject",
        Ask => "ask",
        Answer => "answer",
    }
}

impl ClaimState {
    /// Whether a verifier's decision is awaited.
    pub fn in_queue(self) -> bool {
        matches!(self, ClaimState::Submitted | ClaimState::SecondReview)
    }

    /// Whether nothing will happen to the claim any more.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            ClaimState::Issued | ClaimState::Rejected | ClaimState::Withdrawn
        )
    }
}

/// Why a decision cannot be taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewRefused {
    /// The claim is not awaiting this decision.
    State,
    /// The second approval must come from another verifier than the first.
    SameVerifier,
    /// A rejection and a request for more need their reasons.
    NoReason,
}

/// What a decision leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    pub state: ClaimState,
    /// Whether the claim is issued now.
    pub issue: bool,
}

/// The outcome of a verifier's `decision` on a claim in `state` asking `tokens`, in a
/// programme whose claims of more than `threshold` tokens need two verifiers; `first`
/// is who gave the first approval (in `second_review`), `verifier` who decides now.
pub fn decide(
    state: ClaimState,
    decision: Decision,
    reason: &str,
    tokens: i64,
    threshold: i64,
    first: Option<i64>,
    verifier: i64,
) -> Result<Outcome, ReviewRefused> {
    if !state.in_queue() || decision == Decision::Answer {
        return Err(ReviewRefused::State);
    }
    if state == ClaimState::SecondReview && first == Some(verifier) {
        return Err(ReviewRefused::SameVerifier);
    }
    if matches!(decision, Decision::Reject | Decision::Ask) && reason.trim().is_empty() {
        return Err(ReviewRefused::NoReason);
    }
    let to = |state, issue| Ok(Outcome { state, issue });
    match decision {
        Decision::Reject => to(ClaimState::Rejected, false),
        Decision::Ask => to(ClaimState::InfoRequested, false),
        Decision::Approve if state == ClaimState::SecondReview || tokens <= threshold => {
            to(ClaimState::Issued, true)
        }
        Decision::Approve => to(ClaimState::SecondReview, false),
        Decision::Answer => Err(ReviewRefused::State),
    }
}

/// The claimant answers a request for more: the claim goes back to the first review
/// (new evidence is reviewed afresh, an earlier approval no longer counts).
pub fn answer(state: ClaimState, reply: &str) -> Result<ClaimState, ReviewRefused> {
    if state != ClaimState::InfoRequested {
        return Err(ReviewRefused::State);
    }
    if reply.trim().is_empty() {
        return Err(ReviewRefused::NoReason);
    }
    Ok(ClaimState::Submitted)
}

#[cfg(test)]
mod tests {
    use super::ClaimState::*;
    use super::Decision::*;
    use super::*;

    #[test]
    fn small_claims_need_one_verifier_large_ones_two_different() {
        assert_eq!(
            decide(Submitted, Approve, "", 100, 500, None, 7),
            Ok(Outcome {
                state: Issued,
                issue: true
            })
        );
        let first = decide(Submitted, Approve, "", 501, 500, None, 7).unwrap();
        assert_eq!(first.state, SecondReview);
        assert!(!first.issue);
        assert_eq!(
            decide(SecondReview, Approve, "", 501, 500, Some(7), 7),
            Err(ReviewRefused::SameVerifier)
        );
        assert!(
            decide(SecondReview, Approve, "", 501, 500, Some(7), 8)
                .unwrap()
                .issue
        );
        // A second verifier who disagrees rejects it.
        assert_eq!(
            decide(
                SecondReview,
                Reject,
                "meter photo unreadable",
                501,
                500,
                Some(7),
                8
            )
            .unwrap()
            .state,
            Rejected
        );
    }

    #[test]
    fn reasons_are_required_and_final_claims_stay_final() {
        assert_eq!(
            decide(Submitted, Reject, "  ", 1, 500, None, 7),
            Err(ReviewRefused::NoReason)
        );
        assert_eq!(
            decide(Submitted, Ask, "", 1, 500, None, 7),
            Err(ReviewRefused::NoReason)
        );
        for s in [Issued, Rejected, Withdrawn, InfoRequested] {
            assert_eq!(
                decide(s, Approve, "", 1, 500, None, 7),
                Err(ReviewRefused::State),
                "{s:?}"
            );
        }
        assert_eq!(
            decide(Submitted, Answer, "x", 1, 500, None, 7),
            Err(ReviewRefused::State)
        );
    }

    #[test]
    fn an_answer_sends_the_claim_back_to_its_first_review() {
        assert_eq!(answer(InfoRequested, "here is the invoice"), Ok(Submitted));
        assert_eq!(answer(InfoRequested, " "), Err(ReviewRefused::NoReason));
        assert_eq!(answer(Submitted, "x"), Err(ReviewRefused::State));
        assert!(Issued.is_final() && !SecondReview.is_final());
        assert!(SecondReview.in_queue() && !InfoRequested.in_queue());
    }
}
