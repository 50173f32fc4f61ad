//! Who may do what in assemblies and chambers: the one place the area's permissions are
//! decided. Services enforce it inside their use-cases; pages show their buttons from
//! it. Pure: the actor is the kit's `Who`; a body is the few facts the rules read,
//! with the actor's ties to it (facilitator, own membership, the groups they speak for).
//!
//! Administrators create bodies and name facilitators; facilitators run a body (its
//! settings, who is admitted, who is removed). An assembly's members are people: any
//! verified person may join (or ask to). A chamber's members are groups: a group's
//! referent asks for it, if the chamber admits its kind.
//!
//! A body speaks to the city through its facilitators: they send an adopted motion to
//! an office as a recommendation and record that the body endorses a pact. The city
//! answers a recommendation through the officials of the office it was sent to, of the
//! coordinating office, or an administrator, once.

use super::model::amendment::AmendmentState;
use super::model::motion::MotionState;
use super::model::{BodyKind, MemberStatus, OrgKind};
use crate::kit::actor::Who;
use crate::kit::roles::Role;

pub use crate::kit::refusal::Denied;

/// What someone may ask of assemblies and chambers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Create a body (administrators).
    Create,
    /// Change a body's settings and charter (its facilitators, administrators).
    Edit,
    /// Name or remove a body's facilitators (administrators).
    NameFacilitators,
    /// Join an assembly, or ask to (a verified person who is not a member yet).
    Join,
    /// Ask for a group to join a chamber (its referent, a kind the chamber admits).
    JoinFor(GroupTie),
    /// Leave, or withdraw one's request.
    Leave,
    /// Take a group out of a chamber (its referent).
    LeaveFor(GroupTie),
    /// Name who votes for a member group of a chamber (its referent).
    NameDelegate(GroupTie),
    /// Admit or refuse requests and remove members (facilitators).
    Decide,
    /// Plan and cancel meetings, take attendance, publish minutes (facilitators).
    RunMeetings,
    /// Open a vote (facilitators); who casts ballots is the vote's electorate, fixed
    /// when it opens.
    OpenVote,
    /// Table a motion (a member, or whoever votes for a member organisation).
    Table,
    /// Support a motion gathering support (a member who has not yet).
    Support(MotionFacts),
    /// Withdraw a motion before its vote (its author).
    Withdraw(MotionFacts),
    /// Send a motion to a vote before it has its supporters (facilitators).
    Schedule(MotionFacts),
    /// Comment on a motion not withdrawn (members, facilitators).
    Comment(MotionFacts),
    /// Hide a comment, with a reason shown in the moderation log (facilitators).
    Hide,
    /// Propose an amendment to a motion (a member, while the motion is open or
    /// scheduled and no vote on it has opened).
    Amend(AmendTarget),
    /// Take an amendment into the motion (whoever speaks for the membership that
    /// tabled the motion), while it is proposed and not in a vote.
    Accept(AmendmentFacts),
    /// Decline an amendment (the same people, at the same moments, as accepting it).
    Decline(AmendmentFacts),
    /// Withdraw an amendment (whoever speaks for the membership it was proposed as),
    /// while it is proposed and not in a vote.
    WithdrawAmendment(AmendmentFacts),
    /// Open an amendment's own vote (facilitators), while it is proposed.
    PutToVote(AmendmentFacts),
    /// See the names on the member list (everyone for a chamber, whose members are
    /// organisations; for an assembly its members, facilitators and administrators).
    SeeMembers,
    /// Send an adopted motion to an office of the city as a recommendation
    /// (facilitators).
    Recommend,
    /// Record that the body endorses a public pact, citing the vote (facilitators).
    Endorse,
    /// Answer a recommendation once (officials of the office it was sent to or of the
    /// coordinating office, administrators).
    Answer,
}

/// A group the actor may speak for, as a chamber's rules read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupTie {
    /// The group's kind if it is one a chamber can admit.
    pub kind: Option<OrgKind>,
    /// Whether the actor is its referent.
    pub referent: bool,
    /// The group's current membership of the body.
    pub current: Option<MemberStatus>,
}

/// The actor's ties to one body.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ties {
    pub facilitator: bool,
    /// The actor's own current membership (pending or member), if any.
    pub own: Option<MemberStatus>,
    /// Whether a group the actor belongs to is a current member (chamber).
    pub via_group: bool,
    /// Whether the actor speaks for a member: their own membership of an assembly, or
    /// a member organisation of a chamber they vote for (its delegate, or its referent
    /// when it named none).
    pub speaks: bool,
}

/// One motion's facts the rules read, with the actor's ties to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MotionFacts {
    pub state: MotionState,
    /// Whether the actor typed it.
    pub authored: bool,
    /// Whether every membership the actor speaks for already supports it (or tabled it).
    pub supported: bool,
}

/// The facts of a motion an amendment is proposed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AmendTarget {
    pub state: MotionState,
    /// Whether a vote on the motion itself has opened (open or closed).
    pub voted: bool,
}

/// One amendment's facts the rules read, with the actor's ties to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AmendmentFacts {
    pub state: AmendmentState,
    /// The state of the motion it amends.
    pub motion: MotionState,
    /// Whether the actor speaks for the membership that tabled the motion.
    pub motion_author: bool,
    /// Whether the actor speaks for the membership the amendment was proposed as.
    pub authored: bool,
    /// Whether a vote on the amendment has opened (open or closed).
    pub in_vote: bool,
}

impl AmendmentFacts {
    /// Proposed, not in a vote, on a motion still before its vote: it can still be
    /// accepted, declined, withdrawn or put to a vote.
    fn pending(&self) -> bool {
        self.state == AmendmentState::Proposed
            && !self.in_vote
            && matches!(self.motion, MotionState::Open | MotionState::Scheduled)
    }
}

/// The facts of one body the rules read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub kind: BodyKind,
    pub admits: Vec<OrgKind>,
    pub ties: Ties,
}

/// One recommendation's facts the rules read, with the actor's ties to the city.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecommendationFacts {
    /// The office it was sent to.
    pub office: i64,
    /// The coordinating office, if one is set.
    pub coordinating: Option<i64>,
    /// Whether it has its answer (final).
    pub answered: bool,
    /// The offices the actor works in (`accounts::api::offices_of`).
    pub my_offices: Vec<i64>,
}

/// What an action is about.
#[derive(Debug, Clone, Copy)]
pub enum Object<'a> {
    /// Assemblies and chambers as a whole (creating one).
    Platform,
    /// One body.
    Body(&'a Facts),
    /// One recommendation a body sent to the city.
    Recommendation(&'a RecommendationFacts),
}

fn allow(ok: bool) -> Result<(), Denied> {
    if ok { Ok(()) } else { Err(Denied) }
}

fn current(s: Option<MemberStatus>) -> bool {
    matches!(s, Some(MemberStatus::Pending | MemberStatus::Member))
}

/// Whether `who` (`None`: nobody signed in) may do `action` on `object`.
pub fn may(who: Option<&Who>, object: &Object, action: Action) -> Result<(), Denied> {
    let admin = who.is_some_and(|w| w.has(Role::Admin));
    match (object, action) {
        (Object::Platform, Action::Create) => allow(admin),
        // Naming facilitators is an administrator's, whatever the body.
        (_, Action::NameFacilitators) => allow(admin),
        (Object::Body(b), Action::Edit) => allow(admin || (who.is_some() && b.ties.facilitator)),
        (Object::Body(b), Action::Decide | Action::RunMeetings | Action::OpenVote) => {
            allow(who.is_some() && b.ties.facilitator)
        }
        (Object::Body(b), Action::Join) => allow(
            b.kind == BodyKind::Assembly && who.is_some_and(|w| w.verified) && !current(b.ties.own),
        ),
        (Object::Body(b), Action::JoinFor(g)) => allow(
            b.kind == BodyKind::Chamber
                && who.is_some_and(|w| w.verified)
                && g.referent
                && g.kind.is_some_and(|k| b.admits.contains(&k))
                && !current(g.current),
        ),
        (Object::Body(b), Action::Leave) => allow(who.is_some() && current(b.ties.own)),
        (Object::Body(b), Action::LeaveFor(g)) => {
            allow(b.kind == BodyKind::Chamber && who.is_some() && g.referent && current(g.current))
        }
        (Object::Body(b), Action::Table) => allow(who.is_some() && b.ties.speaks),
        (Object::Body(b), Action::Support(m)) => {
            allow(who.is_some() && b.ties.speaks && m.state == MotionState::Open && !m.supported)
        }
        (Object::Body(_), Action::Withdraw(m)) => allow(
            who.is_some()
                && m.authored
                && matches!(m.state, MotionState::Open | MotionState::Scheduled),
        ),
        (Object::Body(b), Action::Schedule(m)) => {
            allow(who.is_some() && b.ties.facilitator && m.state == MotionState::Open)
        }
        (Object::Body(b), Action::Comment(m)) => allow(
            who.is_some()
                && (b.ties.speaks || b.ties.facilitator)
                && m.state != MotionState::Withdrawn,
        ),
        (Object::Body(b), Action::Hide) => allow(who.is_some() && b.ties.facilitator),
        (Object::Body(b), Action::NameDelegate(g)) => allow(
            b.kind == BodyKind::Chamber
                && who.is_some()
                && g.referent
                && g.current == Some(MemberStatus::Member),
        ),
        (Object::Body(b), Action::Amend(t)) => allow(
            who.is_some()
                && b.ties.speaks
                && matches!(t.state, MotionState::Open | MotionState::Scheduled)
                && !t.voted,
        ),
        (Object::Body(_), Action::Accept(a) | Action::Decline(a)) => {
            allow(who.is_some() && a.motion_author && a.pending())
        }
        (Object::Body(_), Action::WithdrawAmendment(a)) => {
            allow(who.is_some() && a.authored && a.pending())
        }
        (Object::Body(b), Action::PutToVote(a)) => {
            allow(who.is_some() && b.ties.facilitator && a.pending())
        }
        (Object::Body(b), Action::SeeMembers) => allow(
            b.kind == BodyKind::Chamber
                || admin
                || (who.is_some()
                    && (b.ties.facilitator || b.ties.own == Some(MemberStatus::Member))),
        ),
        (Object::Body(b), Action::Recommend | Action::Endorse) => {
            allow(who.is_some() && b.ties.facilitator)
        }
        (Object::Recommendation(r), Action::Answer) => {
            let official = who.is_some_and(|w| w.has(Role::Official))
                && (r.my_offices.contains(&r.office)
                    || r.coordinating.is_some_and(|c| r.my_offices.contains(&c)));
            allow(!r.answered && (admin || official))
        }
        _ => Err(Denied),
    }
}

/// `may` as a yes or no, for pages.
pub fn allowed(who: Option<&Who>, object: &Object, action: Action) -> bool {
    may(who, object, action).is_ok()
}

#[cfg(test)]
mod tests;
