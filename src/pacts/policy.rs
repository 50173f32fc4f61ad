//! Who may do what to a pact: the one decision every use-case enforces and every page
//! follows (ARCHITECTURE.md, "Layout": `policy`).
//!
//! [`may`] answers for an actor (`None`: an anonymous visitor), one pact as the policy
//! sees it ([`PactFacts`], gathered by the store for that actor) and an [`Action`].
//! Services call it before they change anything; the page model calls it to decide
//! which forms and buttons to show, so a page never offers what the service refuses.
//! The answer is a [`Denial`] with a reason the service turns into a status and a
//! message; the order of the checks is the order in which a person is told why.
//!
//! The procedure's transitions keep their state rules and requirements in
//! `procedure::check`; who fires each transition is [`fires`], here.
//!
//! Pure: no database, no web; it may use the kit and the procedure.

use super::procedure::{Actor, NoticeStage, PactState, Refused, Transition};
use crate::kit::actor::Who;
use crate::kit::roles::Role;

/// Which party a signature is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Party {
    Proposer,
    Cosigner,
    City,
}

impl Party {
    pub const ALL: [Party; 3] = [Party::Proposer, Party::Cosigner, Party::City];

    pub fn code(self) -> &'static str {
        match self {
            Party::Proposer => "proposer",
            Party::Cosigner => "cosigner",
            Party::City => "city",
        }
    }

    pub fn parse(s: &str) -> Option<Party> {
        Party::ALL.into_iter().find(|p| p.code() == s)
    }
}

/// Everything a person may try to do to a pact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Read the pact, its texts, files and data (drafts: the proposing side only).
    See,
    /// Read the city's working notes on the page (days in state, deadlines, warnings).
    FollowDeadlines,
    /// Edit the text (a new version in co-design).
    Edit,
    /// Give the title and texts in the site's other languages: who may edit the text
    /// (while it may be edited), and the city's officials and admins always.
    Translate,
    /// Fire a step of the procedure (submit, publish, ... ; see [`fires`]).
    Fire(Transition),
    /// Route the pact: its lead and contributing offices, its responsible official,
    /// whether a district council signs, its type before publication (the
    /// coordinating office, before signature).
    Route,
    /// Ask offices for their technical opinion.
    RequestOpinions,
    /// Give (or revise) this office's opinion.
    GiveOpinion(i64),
    /// Comment while the pact is open for observations.
    Observe,
    /// Reply to an observation, or mark it taken into account.
    Reply,
    /// Record a co-design meeting.
    Meet,
    /// Sign the frozen text for this party.
    Sign(Party),
    /// Adhere to a pact in force.
    Join,
    /// Submit a monitoring report.
    Report,
    /// Evaluate a monitoring report.
    Evaluate,
    /// Attach a document or photo to the pact.
    Attach,
    /// Attach a photo to one of the proposing side's reports.
    AttachToReport,
    /// Give the proposing side written notice of a serious breach (the first step
    /// of a revocation), with the period to answer.
    GiveNotice,
    /// Answer the notice (the proposing side).
    AnswerNotice,
    /// Close the notice without revoking, with reasons.
    DismissNotice,
    /// Exclude an adherent from the pact, with reasons.
    Exclude,
    /// Leave a pact one adhered to.
    Leave,
    /// Take a dispute to a conciliation committee.
    OpenConciliation,
    /// Name a member of the committee, or agree to the joint member.
    NameConciliator,
    /// Record a session of the committee, or its proposal (which closes it).
    RecordConciliation,
    /// Record the protocol number the city's register gave the signed pact.
    RegisterProtocol,
    /// Record a delivery of the city's support against a line of the signed text (the
    /// acting official or an admin; in force, suspended, or concluded: late bookkeeping).
    RecordDelivery,
}

/// One pact as the policy sees it, with the actor's ties to it. The store gathers it
/// for one actor (`store::pact_facts`); an anonymous visitor has no ties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PactFacts {
    pub state: PactState,
    /// Published: the public sees a proposal from its publication on (before that, its
    /// proposing side and the officials concerned).
    pub published: bool,
    /// The lead office (assigned by the coordinating office).
    pub office: Option<i64>,
    /// The coordinating office: it screens admissibility and routes proposals.
    pub coordinating: Option<i64>,
    /// The official responsible for the procedure (of the lead office), if named.
    pub official: Option<i64>,
    /// Offices asked for an opinion (the contributing offices among them).
    pub asked: Vec<i64>,
    /// The offices that sign for the city: the lead office, then any other (a
    /// district council, when the pact's configuration says so).
    pub signing_offices: Vec<i64>,
    /// The signing offices whose signature of the current version is in.
    pub signed_offices: Vec<i64>,
    /// A report waits for its evaluation.
    pub open_report: bool,
    /// Where a revocation's due process stands, and whether the notice was answered.
    pub notice: NoticeStage,
    pub notice_answered: bool,
    /// A conciliation is open, and whether its committee of three is formed.
    pub conciliation_open: bool,
    pub committee_formed: bool,
    pub ties: Ties,
}

impl PactFacts {
    /// Every office that must sign for the city has signed the current version.
    pub fn city_signed(&self) -> bool {
        !self.signing_offices.is_empty()
            && self
                .signing_offices
                .iter()
                .all(|o| self.signed_offices.contains(o))
    }

    /// The admissibility stage: the coordinating office acts.
    pub fn in_admission(&self) -> bool {
        in_admission(self.state, self.office)
    }
}

/// The admissibility stage (or no lead office yet): the coordinating office acts, and
/// is who the city's notifications go to.
pub fn in_admission(state: PactState, lead: Option<i64>) -> bool {
    matches!(state, PactState::Submitted | PactState::AwaitingIntegration) || lead.is_none()
}

/// The actor stands in, today, for an absent colleague of `office`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StandIn {
    pub absent: i64,
    pub office: i64,
    /// The absent colleague signs for the city.
    pub signatory: bool,
}

/// The actor's ties to one pact.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ties {
    /// Acts for the proposing side (the proposer, or the group's referent).
    pub proposer: bool,
    /// The proposer or a member of the proposing group.
    pub member: bool,
    pub cosigner: bool,
    /// The offices the actor belongs to.
    pub offices: Vec<i64>,
    /// The absent colleagues the actor stands in for today.
    pub standing_in: Vec<StandIn>,
    /// Has adhered to the pact.
    pub joined: bool,
    /// Parties the actor has signed the current version for.
    pub signed: Vec<Party>,
}

/// Why an action is refused; the service turns it into a status and a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denial {
    /// The actor may not even see the pact (404).
    Hidden,
    /// Not this actor's to do (403).
    NotYours,
    /// Not this actor's to do, with the reason shown (403 with a message key).
    NotYoursBecause(&'static str),
    /// Only verified people (a sign-in or verification hint on the page; 403).
    Unverified,
    /// Not possible now, for a reason about the pact (409 with a message key).
    Conflict(&'static str),
    /// Refused by the procedure (422, next to the procedure's form).
    Refused(Refused),
    /// Refused next to a form field (422): field, message key.
    Field(&'static str, &'static str),
}

/// The actor's standing in one pact, derived from the roles and the ties.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Standing {
    pub signed_in: bool,
    pub verified: bool,
    pub proposer: bool,
    pub member: bool,
    pub cosigner: bool,
    /// Acts for the city's office in this pact (see [`acts_for_city`]).
    pub official: bool,
    /// When `official` comes from standing in for the absent responsible official:
    /// on whose behalf.
    pub on_behalf_of: Option<i64>,
    /// An official of the coordinating office (routes the pact before signature).
    pub coordinator: bool,
    /// An official concerned by the pact: of its lead, contributing or coordinating
    /// office, or its responsible official (and their substitute). They see a
    /// proposal before its publication.
    pub concerned: bool,
    /// Any official (reads what the city reads).
    pub city: bool,
    pub admin: bool,
    pub signatory: bool,
    /// The signing offices the actor may sign for now, each with the absent signatory
    /// on whose behalf (a substitute's signature), if any.
    pub sign_for: Vec<(i64, Option<i64>)>,
    pub my_offices: Vec<i64>,
}

impl Standing {
    /// Speaks for the city in this pact (the acting official or an admin).
    pub fn for_city(&self) -> bool {
        self.official || self.admin
    }
}

/// The standing of `actor` in the pact of `facts`.
pub fn standing(actor: Option<&Who>, facts: &PactFacts) -> Standing {
    let Some(w) = actor else {
        return Standing::default();
    };
    let city = w.has(Role::Official);
    let (offices, standing_in) = if city {
        (facts.ties.offices.clone(), facts.ties.standing_in.clone())
    } else {
        (vec![], vec![])
    };
    let (official, on_behalf_of) = acts_for_city(w.id, city, &offices, &standing_in, facts);
    let mine = |o: &Option<i64>| o.is_some_and(|o| offices.contains(&o));
    let coordinator = city && mine(&facts.coordinating);
    let concerned = city
        && (official
            || coordinator
            || mine(&facts.office)
            || facts.asked.iter().any(|o| offices.contains(o))
            || facts.official == Some(w.id));
    let signatory = w.has(Role::Signatory);
    let already = facts.ties.signed.contains(&Party::City);
    let sign_for = facts
        .signing_offices
        .iter()
        .filter(|o| !facts.signed_offices.contains(o) && !already)
        .filter_map(|&o| {
            if signatory && offices.contains(&o) {
                Some((o, None))
            } else {
                standing_in
                    .iter()
                    .find(|s| s.office == o && s.signatory)
                    .map(|s| (o, Some(s.absent)))
            }
        })
        .collect();
    Standing {
        signed_in: true,
        verified: w.verified,
        proposer: facts.ties.proposer,
        member: facts.ties.member,
        cosigner: facts.ties.cosigner,
        official,
        on_behalf_of,
        coordinator,
        concerned,
        city,
        admin: w.has(Role::Admin),
        signatory,
        sign_for,
        my_offices: offices,
    }
}

/// Whether an official speaks for the city's office in a pact, and on whose behalf.
///
/// During admissibility (and while no lead office is assigned), the coordinating
/// office acts: it screens the proposal and routes it. From publication, the lead
/// office acts: its responsible official when one is named (or the colleague standing
/// in for them while they are away, on their behalf), else any official of the lead
/// office. With no coordinating office set, an unassigned proposal is the
/// administrators' alone.
pub fn acts_for_city(
    id: i64,
    is_official: bool,
    my_offices: &[i64],
    standing_in: &[StandIn],
    facts: &PactFacts,
) -> (bool, Option<i64>) {
    if !is_official {
        return (false, None);
    }
    let mine = |o: Option<i64>| o.is_some_and(|o| my_offices.contains(&o));
    if facts.in_admission() {
        return (mine(facts.coordinating.or(facts.office)), None);
    }
    match facts.official {
        Some(r) if r == id => (true, None),
        Some(r) => match standing_in.iter().find(|s| s.absent == r) {
            Some(s) => (true, Some(s.absent)),
            None => (false, None),
        },
        None => (mine(facts.office), None),
    }
}

/// Who may fire each transition.
pub fn fires(actor: Actor, t: Transition) -> bool {
    use Actor as A;
    use Transition as T;
    let city = matches!(actor, A::AssignedOfficial | A::Admin);
    match t {
        T::Submit | T::Integrate => actor == A::Proposer,
        T::Withdraw => actor == A::Proposer || city,
        T::RequestIntegration
        | T::Publish
        | T::StartCoDesign
        | T::FreezeText
        | T::Reopen
        | T::Amend
        | T::CloseReport
        | T::Extend
        | T::Reject => city,
        // At term the deadline job concludes it.
        T::Conclude => city || actor == A::System,
        T::CloseObservation | T::OpenReport => city || actor == A::System,
        T::Suspend | T::Resume | T::Revoke => city,
        T::CompleteSignatures => actor == A::System,
    }
}

/// The procedure's actor a person is for a transition: the first role they hold in
/// this pact that may fire it (`Other` when none).
pub fn actor_for(st: &Standing, t: Transition) -> Actor {
    [
        (st.proposer, Actor::Proposer),
        (st.official, Actor::AssignedOfficial),
        (st.admin, Actor::Admin),
    ]
    .into_iter()
    .find(|(held, a)| *held && fires(*a, t))
    .map(|(_, a)| a)
    .unwrap_or(Actor::Other)
}

/// Whether a person may create a proposal at all (verified people only).
pub fn may_propose(actor: &Who) -> Result<(), Denial> {
    if actor.verified {
        Ok(())
    } else {
        Err(Denial::NotYours)
    }
}

/// Whether `actor`'s edit of the text may write its legal clauses (liability,
/// termination, disputes): only those who speak for the city in this pact do, in
/// co-design. Anyone else's edit keeps them as they stand (`text::LEGAL_CLAUSES`).
pub fn writes_legal_clauses(actor: Option<&Who>, facts: &PactFacts) -> bool {
    facts.state == PactState::CoDesign && standing(actor, facts).for_city()
}

/// Who keeps the city's pact templates (one per commons category): officials of the
/// coordinating office and administrators.
pub fn may_keep_templates(
    actor: &Who,
    my_offices: &[i64],
    coordinating: Option<i64>,
) -> Result<(), Denial> {
    if actor.has(Role::Admin)
        || (actor.has(Role::Official) && coordinating.is_some_and(|c| my_offices.contains(&c)))
    {
        Ok(())
    } else {
        Err(Denial::NotYours)
    }
}

/// Whether a person may do the city's work at all (the queue, opinions, evaluations):
/// officials only, whatever the pact. The route table declares the same coarse role;
/// [`may`] then decides for the pact at hand.
pub fn may_work_for_city(actor: &Who) -> Result<(), Denial> {
    if actor.has(Role::Official) {
        Ok(())
    } else {
        Err(Denial::NotYours)
    }
}

/// Which pacts the officials' queue lists for a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueueScope {
    /// Every pact under way (the coordinating office, administrators).
    All,
    /// The pacts of these offices (as lead or contributing office) and those whose
    /// responsible official is one of these people (the official, and the colleagues
    /// they stand in for today).
    Mine { offices: Vec<i64>, people: Vec<i64> },
}

/// What the officials' queue shows `actor`: officials see their offices' pacts and
/// those they answer for (their own, their absent colleagues'), the coordinating
/// office and administrators see all; nobody else has a queue.
pub fn queue_scope(
    actor: &Who,
    my_offices: &[i64],
    coordinating: Option<i64>,
    standing_in: &[StandIn],
) -> Result<QueueScope, Denial> {
    if actor.has(Role::Admin) {
        return Ok(QueueScope::All);
    }
    if !actor.has(Role::Official) {
        return Err(Denial::NotYours);
    }
    if coordinating.is_some_and(|c| my_offices.contains(&c)) {
        return Ok(QueueScope::All);
    }
    let mut people = vec![actor.id];
    people.extend(standing_in.iter().map(|s| s.absent));
    Ok(QueueScope::Mine {
        offices: my_offices.to_vec(),
        people,
    })
}

/// Whether `actor` may do `action` to the pact of `facts` now.
pub fn may(actor: Option<&Who>, facts: &PactFacts, action: Action) -> Result<(), Denial> {
    use Denial as D;
    use PactState as S;
    let st = standing(actor, facts);
    let state = facts.state;
    let yours = |ok: bool| if ok { Ok(()) } else { Err(D::NotYours) };
    let in_states = |states: &[PactState]| {
        if states.contains(&state) {
            Ok(())
        } else {
            Err(D::Refused(Refused::NotFromState))
        }
    };
    let visible = st.member
        || st.cosigner
        || (state != S::Draft && (facts.published || st.concerned || st.admin));
    if !visible {
        return Err(D::Hidden);
    }
    match action {
        Action::See => Ok(()),
        Action::FollowDeadlines => yours(st.city || st.admin),
        Action::Edit => {
            if !state.text_editable() {
                return Err(D::Conflict("pact-text-frozen"));
            }
            yours(st.proposer || (state == S::CoDesign && st.for_city()))
        }
        Action::Translate => {
            if st.city || st.admin {
                return Ok(());
            }
            yours(st.proposer)?;
            if !state.text_editable() {
                return Err(D::Conflict("pact-text-frozen"));
            }
            Ok(())
        }
        Action::Fire(t) => {
            if t == Transition::CompleteSignatures {
                // Only the last signature completes a pact.
                return Err(D::Refused(Refused::NotAllowed));
            }
            let actor = actor_for(&st, t);
            // An official who does not act for the city in this pact is told why,
            // not just refused.
            if actor == Actor::Other && st.city && fires(Actor::AssignedOfficial, t) {
                return Err(D::NotYoursBecause(if facts.in_admission() {
                    "pact-refused-not-coordinating"
                } else if facts.official.is_some()
                    && facts.office.is_some_and(|o| st.my_offices.contains(&o))
                {
                    "pact-refused-not-responsible"
                } else {
                    "pact-refused-other-office"
                }));
            }
            if t.target(state).is_none() {
                return Err(D::Refused(Refused::NotFromState));
            }
            if actor == Actor::Other {
                return Err(D::Refused(Refused::NotAllowed));
            }
            Ok(())
        }
        Action::Route => {
            if !(st.coordinator || st.admin) {
                return Err(if st.city {
                    D::NotYoursBecause("pact-refused-not-coordinating")
                } else {
                    D::NotYours
                });
            }
            if matches!(
                state,
                S::Submitted | S::AwaitingIntegration | S::Published | S::InReview | S::CoDesign
            ) {
                Ok(())
            } else {
                Err(D::Conflict("pact-route-closed"))
            }
        }
        Action::RequestOpinions => {
            yours(st.for_city() && (facts.office.is_some() || st.admin))?;
            in_states(&[S::Submitted, S::Published, S::InReview])
        }
        Action::GiveOpinion(office) => {
            yours(st.city && st.my_offices.contains(&office) && facts.asked.contains(&office))?;
            in_states(&[S::InReview, S::CoDesign])
        }
        Action::Observe => {
            if state != S::Published {
                return Err(D::Field("observation", "pact-observation-closed"));
            }
            if st.verified {
                Ok(())
            } else {
                Err(D::Unverified)
            }
        }
        Action::Reply => {
            yours(st.proposer || st.for_city())?;
            in_states(&[S::Published, S::InReview, S::CoDesign])
        }
        Action::Meet => {
            yours(st.proposer || st.for_city())?;
            in_states(&[S::InReview, S::CoDesign, S::AwaitingSignatures])
        }
        Action::Sign(party) => {
            let stands_in_for_signatory =
                st.city && facts.ties.standing_in.iter().any(|s| s.signatory);
            yours(match party {
                Party::City => st.signatory || stands_in_for_signatory,
                Party::Proposer => st.proposer,
                Party::Cosigner => st.cosigner,
            })?;
            in_states(&[S::AwaitingSignatures])?;
            if facts.ties.signed.contains(&party) || (party == Party::City && facts.city_signed()) {
                return Err(D::Conflict("pact-already-signed"));
            }
            if party == Party::City && st.sign_for.is_empty() {
                // A signatory of another office (or a district council the pact does
                // not name) is told who signs this pact.
                return Err(D::NotYoursBecause("pact-refused-wrong-signatory"));
            }
            Ok(())
        }
        Action::Join => {
            if !state.in_force() {
                return Err(D::Refused(Refused::NotFromState));
            }
            // The proposing side is bound by the pact already.
            if facts.ties.joined || st.member {
                return Err(D::Conflict("pact-already-joined"));
            }
            if st.verified {
                Ok(())
            } else {
                Err(D::Unverified)
            }
        }
        Action::Report => {
            yours(st.member)?;
            if !state.in_force() {
                return Err(D::Refused(Refused::NotFromState));
            }
            if facts.open_report {
                return Err(D::Field("objectives", "pact-report-pending"));
            }
            Ok(())
        }
        Action::Evaluate => yours(st.for_city()),
        Action::GiveNotice => {
            yours(st.for_city())?;
            if !state.after_signature() {
                return Err(D::Refused(Refused::NotFromState));
            }
            if facts.notice != NoticeStage::None {
                return Err(D::Conflict("pact-notice-open"));
            }
            Ok(())
        }
        Action::AnswerNotice => {
            yours(st.proposer)?;
            if facts.notice == NoticeStage::None || !state.after_signature() {
                return Err(D::Conflict("pact-notice-none"));
            }
            if facts.notice_answered {
                return Err(D::Conflict("pact-notice-answered"));
            }
            Ok(())
        }
        Action::DismissNotice => {
            yours(st.for_city())?;
            if facts.notice == NoticeStage::None {
                return Err(D::Conflict("pact-notice-none"));
            }
            Ok(())
        }
        Action::Exclude => {
            yours(st.for_city())?;
            if state.after_signature() {
                Ok(())
            } else {
                Err(D::Refused(Refused::NotFromState))
            }
        }
        Action::Leave => {
            yours(facts.ties.joined)?;
            if state.after_signature() {
                Ok(())
            } else {
                Err(D::Refused(Refused::NotFromState))
            }
        }
        Action::OpenConciliation => {
            yours(st.proposer || st.for_city())?;
            if !state.after_signature() {
                return Err(D::Refused(Refused::NotFromState));
            }
            if facts.conciliation_open {
                return Err(D::Conflict("pact-conciliation-open"));
            }
            Ok(())
        }
        Action::NameConciliator => {
            yours(st.proposer || st.for_city())?;
            if facts.conciliation_open {
                Ok(())
            } else {
                Err(D::Conflict("pact-conciliation-none"))
            }
        }
        Action::RecordConciliation => {
            yours(st.for_city())?;
            if !facts.conciliation_open {
                return Err(D::Conflict("pact-conciliation-none"));
            }
            if !facts.committee_formed {
                return Err(D::Conflict("pact-committee-incomplete"));
            }
            Ok(())
        }
        Action::Attach => yours((st.member || st.for_city()) && !state.is_terminal()),
        Action::AttachToReport => yours(st.member && !state.is_terminal()),
        Action::RegisterProtocol => {
            yours(st.for_city())?;
            if state.after_signature() || state == S::Concluded {
                Ok(())
            } else {
                Err(D::Conflict("pactdoc-protocol-not-signed"))
            }
        }
        Action::RecordDelivery => {
            yours(st.for_city())?;
            if state.after_signature() || state == S::Concluded {
                Ok(())
            } else {
                Err(D::Conflict("pact-support-not-signed"))
            }
        }
    }
}

/// The steps of the procedure `actor` may take from the page (the platform's own steps
/// and the signatures, which have their own forms, are not among them).
pub fn page_steps(actor: Option<&Who>, facts: &PactFacts) -> Vec<Transition> {
    Transition::ALL
        .iter()
        .copied()
        .filter(|t| {
            !matches!(
                t,
                Transition::CompleteSignatures | Transition::OpenReport | Transition::CloseReport
            ) && (*t != Transition::Revoke || facts.notice == NoticeStage::Ripe)
                && may(actor, facts, Action::Fire(*t)).is_ok()
        })
        .collect()
}

/// Whether the platform, acting alone (the deadline job), may fire a transition. The
/// last signature completes a pact inside the signing use-case, never as a step fired
/// on its own.
///
/// When an office chooses one answer to a call (`service::calls`), the platform closes
/// every other answer still under way as part of that choice, with the office's
/// reasons: a rejection, or a withdrawal where the state allows no rejection. Only the
/// platform does so on a person's behalf; [`fires`] keeps who fires them from a page.
pub fn may_system(t: Transition) -> Result<(), Denial> {
    let closes_an_answer = matches!(t, Transition::Reject | Transition::Withdraw);
    if (fires(Actor::System, t) || closes_an_answer) && t != Transition::CompleteSignatures {
        Ok(())
    } else {
        Err(Denial::Refused(Refused::NotAllowed))
    }
}

#[cfg(test)]
mod tests;
