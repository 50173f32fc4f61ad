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

use super::procedure::{Actor, PactState, Refused, Transition};
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
    /// Fire a step of the procedure (submit, publish, ... ; see [`fires`]).
    Fire(Transition),
    /// Publish the pact for this office (the publishing official's own office).
    PublishFor(i64),
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
}

/// One pact as the policy sees it, with the actor's ties to it. The store gathers it
/// for one actor (`store::pact_facts`); an anonymous visitor has no ties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PactFacts {
    pub state: PactState,
    /// The office the pact is assigned to (from publication).
    pub office: Option<i64>,
    /// The coordinating office, which acts while no office is assigned.
    pub coordinating: Option<i64>,
    /// Offices asked for an opinion.
    pub asked: Vec<i64>,
    /// A report waits for its evaluation.
    pub open_report: bool,
    /// The city's signature of the current version is in.
    pub city_signed: bool,
    pub ties: Ties,
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
    /// Acts for the city's office in this pact (see [`acts_for_office`]).
    pub official: bool,
    /// Any official (reads what the city reads).
    pub city: bool,
    pub admin: bool,
    pub signatory: bool,
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
    let offices = if city {
        facts.ties.offices.clone()
    } else {
        vec![]
    };
    Standing {
        signed_in: true,
        verified: w.verified,
        proposer: facts.ties.proposer,
        member: facts.ties.member,
        cosigner: facts.ties.cosigner,
        official: acts_for_office(city, &offices, facts.office, facts.coordinating),
        city,
        admin: w.has(Role::Admin),
        signatory: w.has(Role::Signatory),
        my_offices: offices,
    }
}

/// Whether an official speaks for the city's office in a pact: an official of the
/// office assigned to it; before one is assigned (until publication), an official of
/// the coordinating office, the office that receives proposals. With no coordinating
/// office set, no official does: only administrators act on an unassigned pact.
pub fn acts_for_office(
    is_official: bool,
    my_offices: &[i64],
    assigned: Option<i64>,
    coordinating: Option<i64>,
) -> bool {
    is_official
        && assigned
            .or(coordinating)
            .is_some_and(|o| my_offices.contains(&o))
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
        | T::Conclude
        | T::Reject => city,
        T::CloseObservation | T::OpenReport => city || actor == A::System,
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
    let visible = state.is_public() || st.member || st.cosigner;
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
        Action::Fire(t) => {
            if t == Transition::CompleteSignatures {
                // Only the last signature completes a pact.
                return Err(D::Refused(Refused::NotAllowed));
            }
            let actor = actor_for(&st, t);
            // An official who is not of the pact's office (or, before one is
            // assigned, of the coordinating office) is told why, not just refused.
            if actor == Actor::Other && st.city && fires(Actor::AssignedOfficial, t) {
                return Err(D::NotYoursBecause(if facts.office.is_some() {
                    "pact-refused-other-office"
                } else {
                    "pact-refused-not-coordinating"
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
        Action::PublishFor(office) => {
            if st.admin || st.my_offices.contains(&office) {
                Ok(())
            } else {
                Err(D::Field("office", "field-pact-office-invalid"))
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
            yours(match party {
                Party::City => st.signatory,
                Party::Proposer => st.proposer,
                Party::Cosigner => st.cosigner,
            })?;
            in_states(&[S::AwaitingSignatures])?;
            if facts.ties.signed.contains(&party) || (party == Party::City && facts.city_signed) {
                return Err(D::Conflict("pact-already-signed"));
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
        Action::Attach => yours((st.member || st.for_city()) && !state.is_terminal()),
        Action::AttachToReport => yours(st.member && !state.is_terminal()),
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
            ) && may(actor, facts, Action::Fire(*t)).is_ok()
        })
        .collect()
}

/// Whether the platform, acting alone (the deadline job), may fire a transition. The
/// last signature completes a pact inside the signing use-case, never as a step fired
/// on its own.
pub fn may_system(t: Transition) -> Result<(), Denial> {
    if fires(Actor::System, t) && t != Transition::CompleteSignatures {
        Ok(())
    } else {
        Err(Denial::Refused(Refused::NotAllowed))
    }
}

#[cfg(test)]
mod tests;
