//! The pact procedure as a pure state machine (DOMAIN.md, "Collaboration pacts").
//!
//! ```text
//! draft ─submit→ submitted ─publish→ published ─close observation→ in_review
//!                  │  ↑                                              │
//!   request integration│integrate                              start co-design
//!                  ↓  │                                              ↓
//!           awaiting_integration                                 co_design ─freeze→ awaiting_signatures
//!                                                                    ↑      reopen          │ last signature
//!                                                                    └──────────────────────┤
//!                                                                                           ↓
//!                              concluded ←conclude/terminate─ signed ⇄ monitoring (report due / evaluated)
//! ```
//! `rejected` (with reasons) from submitted, in_review and co_design; `withdrawn` by the
//! proposer before signature, or by an official when a proposal is abandoned.
//! Extensions (*proroga*) keep the state and move the end date.
//!
//! [`check`] decides whether a transition may be fired now: the state and what the
//! transition requires (reasons, the executive act number of a complex pact, answered
//! observations, all opinions in, all signatures). Who may fire it is the pact policy's
//! decision (`policy::fires`). It has no I/O: services gather the facts, ask the
//! policy, call it, and record the outcome with actor, role, time, reason and
//! attachments.

use crate::kit::codes::code_enum;

code_enum! {
    /// The states of a pact; names follow the Italian cities' open-data vocabulary.
    PactState {
        Draft => "draft",
        Submitted => "submitted",
        AwaitingIntegration => "awaiting_integration",
        Published => "published",
        InReview => "in_review",
        CoDesign => "co_design",
        Rejected => "rejected",
        AwaitingSignatures => "awaiting_signatures",
        Signed => "signed",
        Monitoring => "monitoring",
        Suspended => "suspended",
        Concluded => "concluded",
        Withdrawn => "withdrawn",
    }
}

code_enum! {
    /// `ordinary`: minor, repeatable care on a standard template; `complex`:
    /// regeneration or valuable spaces, needing an executive act and a longer
    /// publication.
    PactType {
        Ordinary => "ordinary",
        Complex => "complex",
    }
}

code_enum! {
    Intensity {
        OccasionalCare => "occasional_care",
        ContinuousCare => "continuous_care",
        SharedManagement => "shared_management",
        Regeneration => "regeneration",
    }
}

code_enum! {
    /// What the city commits to a pact, as typed lines.
    SupportKind {
        Materials => "materials",
        ProtectiveEquipment => "protective_equipment",
        SpaceUse => "space_use",
        FeeExemption => "fee_exemption",
        DesignSupport => "design_support",
        Training => "training",
        Insurance => "insurance",
        Reimbursement => "reimbursement",
        Communication => "communication",
        Funding => "funding",
    }
}

code_enum! {
    /// An office's technical opinion.
    Opinion {
        Favourable => "favourable",
        FavourableWithConditions => "favourable_with_conditions",
        Unfavourable => "unfavourable",
    }
}

impl PactState {
    /// The status label Italian cities publish in open data (`None` for drafts,
    /// which are private).
    pub fn open_data_label(self) -> Option<&'static str> {
        Some(match self {
            PactState::Draft => return None,
            PactState::Submitted
            | PactState::Published
            | PactState::InReview
            | PactState::CoDesign
            | PactState::AwaitingSignatures => "Istruttoria in corso",
            PactState::AwaitingIntegration => "In attesa di integrazione",
            PactState::Rejected => "Respinta",
            // Italian cities publish a suspended pact as stipulated, with a note.
            PactState::Signed | PactState::Suspended => "Patto stipulato",
            PactState::Monitoring => "Proroga e/o Monitoraggio e valutazione dei risultati",
            PactState::Concluded | PactState::Withdrawn => "Archiviata",
        })
    }

    /// No transition leaves these.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            PactState::Rejected | PactState::Concluded | PactState::Withdrawn
        )
    }

    /// Whether the public sees the pact (everything but drafts).
    pub fn is_public(self) -> bool {
        self != PactState::Draft
    }

    /// Whether the pact's text may still be edited (by the proposer in a draft or
    /// while integrating, by the co-design table in co-design).
    pub fn text_editable(self) -> bool {
        matches!(
            self,
            PactState::Draft | PactState::AwaitingIntegration | PactState::CoDesign
        )
    }

    /// Whether the pact is in force (signed, possibly with a report under way). A
    /// suspended pact is not: its activities stop until it resumes.
    pub fn in_force(self) -> bool {
        matches!(self, PactState::Signed | PactState::Monitoring)
    }

    /// Whether the pact was signed and has not ended (in force or suspended): what
    /// happens after signature (notices, conciliation, exclusions) applies.
    pub fn after_signature(self) -> bool {
        self.in_force() || self == PactState::Suspended
    }
}

/// Everything that can happen to a pact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Transition {
    /// The proposer sends the draft to the city.
    Submit,
    /// The city asks for more documents; the admissibility clock pauses.
    RequestIntegration,
    /// The proposer sends the documents; the clock runs again.
    Integrate,
    /// The city admits the proposal and publishes it for observations.
    Publish,
    /// The observation window is over (the deadline job, or an official).
    CloseObservation,
    /// Opinions are in: the co-design table opens.
    StartCoDesign,
    /// The agreed text is frozen and its hash fixed.
    FreezeText,
    /// Back to co-design from the signature table (the text changes).
    Reopen,
    /// A pact in force is to change: co-design again on a new version, with reasons;
    /// the signed version stays in force and readable until the new one is signed.
    Amend,
    /// The last party has signed.
    CompleteSignatures,
    /// A report is due or submitted.
    OpenReport,
    /// The office has evaluated the report.
    CloseReport,
    /// *Proroga*: a new end date, with reasons; the state stays.
    Extend,
    /// At term, or terminated early with reasons.
    Conclude,
    /// Activities stop, with reasons (safety, a breach under review).
    Suspend,
    /// Activities start again.
    Resume,
    /// Revoked for serious breach, after a written notice and the period to answer.
    Revoke,
    /// Refused, with written reasons.
    Reject,
    /// The proposer withdraws, or an official closes an abandoned proposal.
    Withdraw,
}

impl Transition {
    pub const ALL: &'static [Transition] = &[
        Transition::Submit,
        Transition::RequestIntegration,
        Transition::Integrate,
        Transition::Publish,
        Transition::CloseObservation,
        Transition::StartCoDesign,
        Transition::FreezeText,
        Transition::Reopen,
        Transition::Amend,
        Transition::CompleteSignatures,
        Transition::OpenReport,
        Transition::CloseReport,
        Transition::Extend,
        Transition::Conclude,
        Transition::Suspend,
        Transition::Resume,
        Transition::Revoke,
        Transition::Reject,
        Transition::Withdraw,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Transition::Submit => "submit",
            Transition::RequestIntegration => "request_integration",
            Transition::Integrate => "integrate",
            Transition::Publish => "publish",
            Transition::CloseObservation => "close_observation",
            Transition::StartCoDesign => "start_co_design",
            Transition::FreezeText => "freeze_text",
            Transition::Reopen => "reopen",
            Transition::Amend => "amend",
            Transition::CompleteSignatures => "complete_signatures",
            Transition::OpenReport => "open_report",
            Transition::CloseReport => "close_report",
            Transition::Extend => "extend",
            Transition::Conclude => "conclude",
            Transition::Suspend => "suspend",
            Transition::Resume => "resume",
            Transition::Revoke => "revoke",
            Transition::Reject => "reject",
            Transition::Withdraw => "withdraw",
        }
    }

    pub fn parse(s: &str) -> Option<Transition> {
        Transition::ALL
            .iter()
            .copied()
            .find(|t| t.code() == s.trim())
    }

    /// The state this transition leads to from `from`, if it is allowed from there.
    pub fn target(self, from: PactState) -> Option<PactState> {
        use PactState as S;
        use Transition as T;
        Some(match (from, self) {
            (S::Draft, T::Submit) => S::Submitted,
            (S::Submitted, T::RequestIntegration) => S::AwaitingIntegration,
            (S::AwaitingIntegration, T::Integrate) => S::Submitted,
            (S::Submitted, T::Publish) => S::Published,
            (S::Published, T::CloseObservation) => S::InReview,
            (S::InReview, T::StartCoDesign) => S::CoDesign,
            (S::CoDesign, T::FreezeText) => S::AwaitingSignatures,
            (S::AwaitingSignatures, T::Reopen) => S::CoDesign,
            (S::Signed, T::Amend) => S::CoDesign,
            (S::AwaitingSignatures, T::CompleteSignatures) => S::Signed,
            (S::Signed, T::OpenReport) => S::Monitoring,
            (S::Monitoring, T::CloseReport) => S::Signed,
            (S::Signed, T::Extend) => S::Signed,
            (S::Monitoring, T::Extend) => S::Monitoring,
            (S::Signed | S::Monitoring | S::Suspended, T::Conclude) => S::Concluded,
            (S::Signed | S::Monitoring, T::Suspend) => S::Suspended,
            (S::Suspended, T::Resume) => S::Signed,
            (S::Signed | S::Monitoring | S::Suspended, T::Revoke) => S::Concluded,
            (S::Submitted | S::InReview | S::CoDesign, T::Reject) => S::Rejected,
            (
                S::Draft
                | S::Submitted
                | S::AwaitingIntegration
                | S::Published
                | S::InReview
                | S::CoDesign
                | S::AwaitingSignatures,
                T::Withdraw,
            ) => S::Withdrawn,
            _ => return None,
        })
    }

    /// Whether firing it from `from` may leave the pact in `to`: its target, or, for a
    /// resumption, monitoring when a report was waiting for its evaluation.
    pub fn leads(self, from: PactState, to: PactState) -> bool {
        self.target(from) == Some(to)
            || (self == Transition::Resume
                && from == PactState::Suspended
                && to == PactState::Monitoring)
    }

    /// Whether firing it needs written reasons.
    pub fn needs_reasons(self) -> bool {
        matches!(
            self,
            Transition::RequestIntegration
                | Transition::Reopen
                | Transition::Amend
                | Transition::Extend
                | Transition::Reject
                | Transition::Suspend
                | Transition::Revoke
        )
    }

    /// Whether the civic ledger records it (the changes the public must be able to
    /// verify: publication, signature, reports, extensions, the end).
    pub fn on_ledger(self) -> bool {
        matches!(
            self,
            Transition::Publish
                | Transition::CompleteSignatures
                | Transition::Amend
                | Transition::Extend
                | Transition::Conclude
                | Transition::Suspend
                | Transition::Resume
                | Transition::Revoke
                | Transition::Reject
                | Transition::Withdraw
        )
    }
}

/// Who fires a transition, as far as this pact is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Actor {
    /// The proposer, or the referent of the proposing group.
    Proposer,
    /// An official of the office the pact is assigned to.
    AssignedOfficial,
    /// A signatory of the city.
    Signatory,
    /// An administrator (may act for the assigned office).
    Admin,
    /// The platform itself: the deadline job, the last signature.
    System,
    /// Anyone else (other citizens, officials of other offices).
    Other,
}

impl Actor {
    pub fn code(self) -> &'static str {
        match self {
            Actor::Proposer => "proposer",
            Actor::AssignedOfficial => "official",
            Actor::Signatory => "signatory",
            Actor::Admin => "admin",
            Actor::System => "system",
            Actor::Other => "other",
        }
    }
}

/// The facts about a pact a transition may depend on, gathered by the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    pub state: PactState,
    pub kind: PactType,
    /// The executive decision's act number is recorded (complex pacts).
    pub has_act_number: bool,
    /// Observations without a reply or a "taken into account" mark.
    pub unanswered_observations: u32,
    /// Offices asked for an opinion, and opinions given.
    pub opinions_requested: u32,
    pub opinions_given: u32,
    /// Parties that must sign, and signatures in.
    pub signatures_needed: u32,
    pub signatures_given: u32,
    /// The observation window has closed (for the deadline job).
    pub observation_over: bool,
    /// The short proposal says what (its objectives) and where (a commons); checked
    /// before submission.
    pub proposal_complete: bool,
    /// Every clause a signed text needs is written (`PactText::missing` is empty);
    /// checked before the text is frozen.
    pub text_complete: bool,
    /// A report waits for its evaluation (a resumed pact goes back to monitoring).
    pub open_report: bool,
    /// Where the due process of a revocation stands.
    pub notice: NoticeStage,
}

/// The due process of a revocation: a written notice, a period to answer, then the
/// decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NoticeStage {
    /// No notice is open.
    #[default]
    None,
    /// A notice was given; the period to answer runs and no answer came yet.
    Answering,
    /// The answer came, or the period to answer is over: the city may decide.
    Ripe,
}

/// Why a transition was refused. Each has a translation key for the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Not possible from this state (or the pact is closed).
    NotFromState,
    /// This actor may not fire it.
    NotAllowed,
    ReasonsRequired,
    /// A complex pact needs its executive act number before publication.
    ActNumberRequired,
    /// Observations still wait for a reply.
    ObservationsUnanswered,
    /// Offices still owe their opinion.
    OpinionsMissing,
    /// No office was asked for an opinion.
    NoOpinionRequested,
    SignaturesMissing,
    ObservationStillOpen,
    ProposalIncomplete,
    /// Clauses a signed text needs are still empty.
    TextIncomplete,
    /// Revocation needs a written notice first.
    NoticeRequired,
    /// The period to answer the notice is still running, and no answer came.
    AnswerPeriodRunning,
}

impl Refused {
    pub fn key(self) -> &'static str {
        match self {
            Refused::NotFromState => "pact-refused-state",
            Refused::NotAllowed => "pact-refused-actor",
            Refused::ReasonsRequired => "field-reasons-required",
            Refused::ActNumberRequired => "pact-refused-act-number",
            Refused::ObservationsUnanswered => "pact-refused-observations",
            Refused::OpinionsMissing => "pact-refused-opinions",
            Refused::NoOpinionRequested => "pact-refused-no-office",
            Refused::SignaturesMissing => "pact-refused-signatures",
            Refused::ObservationStillOpen => "pact-refused-observation-open",
            Refused::ProposalIncomplete => "pact-refused-incomplete",
            Refused::TextIncomplete => "pact-refused-text-incomplete",
            Refused::NoticeRequired => "pact-refused-notice-required",
            Refused::AnswerPeriodRunning => "pact-refused-answer-period",
        }
    }
}

/// The shortest written reasons accepted.
pub const MIN_REASONS_CHARS: usize = 10;

/// Decides whether `t` may be fired now, by an actor the policy let through
/// (`policy::may`; `actor` tells the platform's own steps apart); returns the state it
/// leads to.
pub fn check(
    facts: &Facts,
    actor: Actor,
    t: Transition,
    reasons: &str,
) -> Result<PactState, Refused> {
    let to = t.target(facts.state).ok_or(Refused::NotFromState)?;
    if t.needs_reasons() && reasons.trim().chars().count() < MIN_REASONS_CHARS {
        return Err(Refused::ReasonsRequired);
    }
    // Terminating a pact in force early also needs reasons; concluding at term does
    // not (the service passes the reasons it has; callers decide what "early" is).
    match t {
        Transition::Submit if !facts.proposal_complete => Err(Refused::ProposalIncomplete),
        Transition::Publish if facts.kind == PactType::Complex && !facts.has_act_number => {
            Err(Refused::ActNumberRequired)
        }
        Transition::CloseObservation if actor == Actor::System && !facts.observation_over => {
            Err(Refused::ObservationStillOpen)
        }
        Transition::StartCoDesign if facts.unanswered_observations > 0 => {
            Err(Refused::ObservationsUnanswered)
        }
        Transition::StartCoDesign if facts.opinions_requested == 0 => {
            Err(Refused::NoOpinionRequested)
        }
        Transition::FreezeText if facts.opinions_given < facts.opinions_requested => {
            Err(Refused::OpinionsMissing)
        }
        Transition::FreezeText if facts.unanswered_observations > 0 => {
            Err(Refused::ObservationsUnanswered)
        }
        Transition::FreezeText if !facts.text_complete => Err(Refused::TextIncomplete),
        Transition::CompleteSignatures
            if facts.signatures_needed == 0 || facts.signatures_given < facts.signatures_needed =>
        {
            Err(Refused::SignaturesMissing)
        }
        Transition::Revoke => match facts.notice {
            NoticeStage::None => Err(Refused::NoticeRequired),
            NoticeStage::Answering => Err(Refused::AnswerPeriodRunning),
            NoticeStage::Ripe => Ok(to),
        },
        Transition::Resume if facts.open_report => Ok(PactState::Monitoring),
        _ => Ok(to),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PactState as S;
    use Transition as T;

    const REASONS: &str = "The insurance certificate is missing.";

    fn facts(state: PactState) -> Facts {
        Facts {
            state,
            kind: PactType::Ordinary,
            has_act_number: false,
            unanswered_observations: 0,
            opinions_requested: 2,
            opinions_given: 2,
            signatures_needed: 3,
            signatures_given: 3,
            observation_over: true,
            proposal_complete: true,
            text_complete: true,
            open_report: false,
            notice: NoticeStage::Ripe,
        }
    }

    /// The transition table of DOMAIN.md, every allowed (from, transition, to).
    const TABLE: &[(PactState, Transition, PactState)] = &[
        (S::Draft, T::Submit, S::Submitted),
        (S::Draft, T::Withdraw, S::Withdrawn),
        (S::Submitted, T::RequestIntegration, S::AwaitingIntegration),
        (S::Submitted, T::Publish, S::Published),
        (S::Submitted, T::Reject, S::Rejected),
        (S::Submitted, T::Withdraw, S::Withdrawn),
        (S::AwaitingIntegration, T::Integrate, S::Submitted),
        (S::AwaitingIntegration, T::Withdraw, S::Withdrawn),
        (S::Published, T::CloseObservation, S::InReview),
        (S::Published, T::Withdraw, S::Withdrawn),
        (S::InReview, T::StartCoDesign, S::CoDesign),
        (S::InReview, T::Reject, S::Rejected),
        (S::InReview, T::Withdraw, S::Withdrawn),
        (S::CoDesign, T::FreezeText, S::AwaitingSignatures),
        (S::CoDesign, T::Reject, S::Rejected),
        (S::CoDesign, T::Withdraw, S::Withdrawn),
        (S::AwaitingSignatures, T::Reopen, S::CoDesign),
        (S::AwaitingSignatures, T::CompleteSignatures, S::Signed),
        (S::AwaitingSignatures, T::Withdraw, S::Withdrawn),
        (S::Signed, T::OpenReport, S::Monitoring),
        (S::Signed, T::Extend, S::Signed),
        (S::Signed, T::Conclude, S::Concluded),
        (S::Signed, T::Amend, S::CoDesign),
        (S::Monitoring, T::CloseReport, S::Signed),
        (S::Monitoring, T::Extend, S::Monitoring),
        (S::Monitoring, T::Conclude, S::Concluded),
        (S::Signed, T::Suspend, S::Suspended),
        (S::Monitoring, T::Suspend, S::Suspended),
        (S::Suspended, T::Resume, S::Signed),
        (S::Suspended, T::Conclude, S::Concluded),
        (S::Signed, T::Revoke, S::Concluded),
        (S::Monitoring, T::Revoke, S::Concluded),
        (S::Suspended, T::Revoke, S::Concluded),
    ];

    #[test]
    fn exactly_the_table_is_allowed() {
        for from in PactState::ALL {
            for t in Transition::ALL {
                let expected = TABLE
                    .iter()
                    .find(|(f, tt, _)| f == from && tt == t)
                    .map(|r| r.2);
                assert_eq!(t.target(*from), expected, "{from:?} {t:?}");
            }
        }
        for s in [S::Rejected, S::Concluded, S::Withdrawn] {
            assert!(s.is_terminal());
            assert!(Transition::ALL.iter().all(|t| t.target(s).is_none()));
        }
    }

    #[test]
    fn every_state_is_reachable_from_draft() {
        let mut seen = vec![S::Draft];
        let mut i = 0;
        while i < seen.len() {
            for t in Transition::ALL {
                if let Some(to) = t.target(seen[i])
                    && !seen.contains(&to)
                {
                    seen.push(to);
                }
            }
            i += 1;
        }
        assert_eq!(seen.len(), PactState::ALL.len(), "{seen:?}");
    }

    #[test]
    fn every_allowed_step_leads_where_the_table_says() {
        for (from, t, to) in TABLE {
            for a in [Actor::Proposer, Actor::AssignedOfficial, Actor::System] {
                assert_eq!(
                    check(&facts(*from), a, *t, REASONS),
                    Ok(*to),
                    "{t:?} from {from:?}"
                );
            }
        }
    }

    #[test]
    fn requirements_are_enforced() {
        let official = Actor::AssignedOfficial;
        // Reasons.
        for t in [
            T::RequestIntegration,
            T::Reject,
            T::Extend,
            T::Reopen,
            T::Amend,
        ] {
            assert!(t.needs_reasons());
        }
        assert_eq!(
            check(&facts(S::Submitted), official, T::Reject, "no"),
            Err(Refused::ReasonsRequired)
        );
        assert_eq!(
            check(&facts(S::Submitted), official, T::RequestIntegration, "   "),
            Err(Refused::ReasonsRequired)
        );
        // A complex pact is published only with its executive act number.
        let mut f = facts(S::Submitted);
        f.kind = PactType::Complex;
        assert_eq!(
            check(&f, official, T::Publish, ""),
            Err(Refused::ActNumberRequired)
        );
        f.has_act_number = true;
        assert_eq!(check(&f, official, T::Publish, ""), Ok(S::Published));
        assert_eq!(
            check(&facts(S::Submitted), official, T::Publish, ""),
            Ok(S::Published),
            "ordinary pacts need no act"
        );
        // The job closes the observation window only when it is over; an official may
        // close it by hand.
        let mut f = facts(S::Published);
        f.observation_over = false;
        assert_eq!(
            check(&f, Actor::System, T::CloseObservation, ""),
            Err(Refused::ObservationStillOpen)
        );
        assert_eq!(
            check(&f, official, T::CloseObservation, ""),
            Ok(S::InReview)
        );
        // Review cannot close with unanswered observations or without offices asked.
        let mut f = facts(S::InReview);
        f.unanswered_observations = 1;
        assert_eq!(
            check(&f, official, T::StartCoDesign, ""),
            Err(Refused::ObservationsUnanswered)
        );
        let mut f = facts(S::InReview);
        f.opinions_requested = 0;
        f.opinions_given = 0;
        assert_eq!(
            check(&f, official, T::StartCoDesign, ""),
            Err(Refused::NoOpinionRequested)
        );
        // Co-design ends only with every opinion in.
        let mut f = facts(S::CoDesign);
        f.opinions_given = 1;
        assert_eq!(
            check(&f, official, T::FreezeText, ""),
            Err(Refused::OpinionsMissing)
        );
        // A text with empty clauses a signed pact needs is not frozen.
        let mut f = facts(S::CoDesign);
        f.text_complete = false;
        assert_eq!(
            check(&f, official, T::FreezeText, ""),
            Err(Refused::TextIncomplete)
        );
        // Signed only when every party has signed.
        let mut f = facts(S::AwaitingSignatures);
        f.signatures_given = 2;
        assert_eq!(
            check(&f, Actor::System, T::CompleteSignatures, ""),
            Err(Refused::SignaturesMissing)
        );
        f.signatures_needed = 0;
        f.signatures_given = 0;
        assert_eq!(
            check(&f, Actor::System, T::CompleteSignatures, ""),
            Err(Refused::SignaturesMissing)
        );
        // An incomplete draft is not submitted.
        let mut f = facts(S::Draft);
        f.proposal_complete = false;
        assert_eq!(
            check(&f, Actor::Proposer, T::Submit, ""),
            Err(Refused::ProposalIncomplete)
        );
        // Not from this state.
        assert_eq!(
            check(&facts(S::Signed), official, T::Publish, ""),
            Err(Refused::NotFromState)
        );
        // Suspension and revocation need reasons.
        for t in [T::Suspend, T::Revoke] {
            assert!(t.needs_reasons());
            assert_eq!(
                check(&facts(S::Signed), official, t, "no"),
                Err(Refused::ReasonsRequired)
            );
        }
    }

    #[test]
    fn revocation_follows_due_process() {
        let official = Actor::AssignedOfficial;
        let mut f = facts(S::Signed);
        f.notice = NoticeStage::None;
        assert_eq!(
            check(&f, official, T::Revoke, REASONS),
            Err(Refused::NoticeRequired)
        );
        f.notice = NoticeStage::Answering;
        assert_eq!(
            check(&f, official, T::Revoke, REASONS),
            Err(Refused::AnswerPeriodRunning)
        );
        f.notice = NoticeStage::Ripe;
        assert_eq!(check(&f, official, T::Revoke, REASONS), Ok(S::Concluded));
        // A suspended pact may be revoked; it may also resume, to monitoring when a
        // report waits for its evaluation.
        let mut f = facts(S::Suspended);
        assert_eq!(check(&f, official, T::Revoke, REASONS), Ok(S::Concluded));
        assert_eq!(check(&f, official, T::Resume, ""), Ok(S::Signed));
        f.open_report = true;
        assert_eq!(check(&f, official, T::Resume, ""), Ok(S::Monitoring));
        assert!(!S::Suspended.in_force());
        assert!(S::Suspended.after_signature());
        assert_eq!(S::Suspended.open_data_label(), Some("Patto stipulato"));
    }

    #[test]
    fn text_is_frozen_outside_drafting_and_co_design() {
        let editable: Vec<_> = PactState::ALL
            .iter()
            .copied()
            .filter(|s| s.text_editable())
            .collect();
        assert_eq!(
            editable,
            vec![S::Draft, S::AwaitingIntegration, S::CoDesign]
        );
        assert!(!S::AwaitingSignatures.text_editable());
        assert!(!S::Signed.text_editable());
    }

    #[test]
    fn open_data_labels_follow_the_italian_vocabulary() {
        assert_eq!(S::Draft.open_data_label(), None);
        assert_eq!(S::Submitted.open_data_label(), Some("Istruttoria in corso"));
        assert_eq!(
            S::AwaitingIntegration.open_data_label(),
            Some("In attesa di integrazione")
        );
        assert_eq!(S::Rejected.open_data_label(), Some("Respinta"));
        assert_eq!(S::Signed.open_data_label(), Some("Patto stipulato"));
        assert_eq!(S::Withdrawn.open_data_label(), Some("Archiviata"));
        assert_eq!(S::Concluded.open_data_label(), Some("Archiviata"));
        assert!(
            S::Monitoring
                .open_data_label()
                .is_some_and(|l| l.starts_with("Proroga"))
        );
        for s in PactState::ALL {
            assert_eq!(PactState::parse(s.code()), Some(*s));
            assert_eq!(s.is_public(), *s != S::Draft);
        }
        assert_eq!(S::InReview.label_key(), "pactstate-in-review");
        for t in Transition::ALL {
            assert_eq!(Transition::parse(t.code()), Some(*t));
        }
    }
}
