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
            if st.verified { Ok(()) } else { Err(D::Unverified) }
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
            if st.verified { Ok(()) } else { Err(D::Unverified) }
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
mod tests {
    use super::*;
    use PactState as S;
    use Transition as T;

    const GREEN: i64 = 1;
    const HERITAGE: i64 = 2;

    /// The people of the table: who they are, and their ties to the pact.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Person {
        Anonymous,
        Proposer,
        GroupMember,
        Cosigner,
        Stranger,
        LeadOfficial,
        OtherOfficial,
        Signatory,
        Admin,
    }

    const PEOPLE: [Person; 9] = [
        Person::Anonymous,
        Person::Proposer,
        Person::GroupMember,
        Person::Cosigner,
        Person::Stranger,
        Person::LeadOfficial,
        Person::OtherOfficial,
        Person::Signatory,
        Person::Admin,
    ];

    fn who(p: Person) -> Option<Who> {
        let roles = match p {
            Person::Anonymous => return None,
            Person::LeadOfficial | Person::OtherOfficial => vec![Role::Citizen, Role::Official],
            Person::Signatory => vec![Role::Official, Role::Signatory],
            Person::Admin => vec![Role::Admin],
            _ => vec![Role::Citizen],
        };
        Some(Who {
            id: 1,
            roles,
            verified: true,
        })
    }

    fn facts(state: PactState, p: Person) -> PactFacts {
        let ties = match p {
            Person::Proposer => Ties {
                proposer: true,
                member: true,
                ..Ties::default()
            },
            Person::GroupMember => Ties {
                member: true,
                ..Ties::default()
            },
            Person::Cosigner => Ties {
                member: true,
                cosigner: true,
                ..Ties::default()
            },
            Person::LeadOfficial => Ties {
                offices: vec![GREEN],
                ..Ties::default()
            },
            Person::OtherOfficial => Ties {
                offices: vec![HERITAGE],
                ..Ties::default()
            },
            _ => Ties::default(),
        };
        PactFacts {
            state,
            office: Some(GREEN),
            coordinating: Some(GREEN),
            asked: vec![GREEN, HERITAGE],
            open_report: false,
            city_signed: false,
            ties,
        }
    }

    fn ask(p: Person, state: PactState, a: Action) -> Result<(), Denial> {
        may(who(p).as_ref(), &facts(state, p), a)
    }

    /// Who gets `Ok` for `a` in `state`, in the order of [`PEOPLE`].
    fn allowed(state: PactState, a: Action) -> Vec<Person> {
        PEOPLE
            .into_iter()
            .filter(|p| ask(*p, state, a).is_ok())
            .collect()
    }

    use Person::*;

    #[test]
    fn a_draft_is_seen_by_the_proposing_side_only() {
        assert_eq!(allowed(S::Draft, Action::See), vec![Proposer, GroupMember, Cosigner]);
        assert_eq!(ask(Admin, S::Draft, Action::See), Err(Denial::Hidden));
        assert_eq!(ask(LeadOfficial, S::Draft, Action::Edit), Err(Denial::Hidden));
        for s in PactState::ALL.iter().filter(|s| s.is_public()) {
            assert_eq!(allowed(*s, Action::See), PEOPLE.to_vec(), "{s:?}");
        }
    }

    #[test]
    fn the_text_is_edited_by_the_proposer_and_in_co_design_by_the_city() {
        assert_eq!(allowed(S::Draft, Action::Edit), vec![Proposer]);
        assert_eq!(ask(GroupMember, S::Draft, Action::Edit), Err(Denial::NotYours));
        assert_eq!(allowed(S::AwaitingIntegration, Action::Edit), vec![Proposer]);
        assert_eq!(
            allowed(S::CoDesign, Action::Edit),
            vec![Proposer, LeadOfficial, Admin]
        );
        for s in [S::Published, S::AwaitingSignatures, S::Signed] {
            assert_eq!(
                ask(Proposer, s, Action::Edit),
                Err(Denial::Conflict("pact-text-frozen"))
            );
            assert_eq!(
                ask(Stranger, s, Action::Edit),
                Err(Denial::Conflict("pact-text-frozen"))
            );
        }
    }

    #[test]
    fn only_the_right_actor_fires_each_transition() {
        for from in PactState::ALL {
            for t in Transition::ALL {
                let ok = allowed(*from, Action::Fire(*t));
                if t.target(*from).is_none() || *t == T::CompleteSignatures {
                    assert!(ok.is_empty(), "{t:?} from {from:?}: {ok:?}");
                    continue;
                }
                let expected: Vec<Person> = PEOPLE
                    .into_iter()
                    .filter(|p| {
                        (*p == Proposer && fires(Actor::Proposer, *t))
                            || (*p == LeadOfficial && fires(Actor::AssignedOfficial, *t))
                            || (*p == Admin && fires(Actor::Admin, *t))
                    })
                    .filter(|p| from.is_public() || *p == Proposer)
                    .collect();
                assert_eq!(ok, expected, "{t:?} from {from:?}");
            }
        }
        // An official of another office is told why; a citizen is refused by the
        // procedure; nobody fires the last signature by hand.
        assert_eq!(
            ask(OtherOfficial, S::Submitted, Action::Fire(T::Publish)),
            Err(Denial::NotYoursBecause("pact-refused-other-office"))
        );
        assert_eq!(
            ask(Signatory, S::Submitted, Action::Fire(T::Publish)),
            Err(Denial::NotYoursBecause("pact-refused-other-office"))
        );
        assert_eq!(
            ask(Stranger, S::Submitted, Action::Fire(T::Publish)),
            Err(Denial::Refused(Refused::NotAllowed))
        );
        assert_eq!(
            ask(Proposer, S::Signed, Action::Fire(T::Publish)),
            Err(Denial::Refused(Refused::NotFromState))
        );
        assert_eq!(
            ask(Admin, S::AwaitingSignatures, Action::Fire(T::CompleteSignatures)),
            Err(Denial::Refused(Refused::NotAllowed))
        );
        assert!(fires(Actor::System, T::CompleteSignatures));
        assert!(may_system(T::CloseObservation).is_ok());
        assert!(may_system(T::Publish).is_err());
        assert!(T::ALL.iter().all(|t| !fires(Actor::Other, *t)));
        assert!(!fires(Actor::Signatory, T::CompleteSignatures));
    }

    #[test]
    fn before_an_office_is_assigned_the_coordinating_office_acts() {
        let mut f = facts(S::Submitted, LeadOfficial);
        f.office = None;
        let marco = who(LeadOfficial);
        assert!(may(marco.as_ref(), &f, Action::Fire(T::Publish)).is_ok());
        f.coordinating = Some(HERITAGE);
        assert_eq!(
            may(marco.as_ref(), &f, Action::Fire(T::Publish)),
            Err(Denial::NotYoursBecause("pact-refused-not-coordinating"))
        );
        f.coordinating = None;
        assert!(
            may(who(Admin).as_ref(), &f, Action::Fire(T::Publish)).is_ok(),
            "an admin acts on an unassigned pact"
        );
        assert!(!acts_for_office(true, &[GREEN], None, None));
        assert!(acts_for_office(true, &[GREEN], Some(GREEN), Some(HERITAGE)));
        assert!(!acts_for_office(false, &[GREEN], Some(GREEN), None));
    }

    #[test]
    fn officials_publish_for_their_own_office() {
        assert_eq!(
            allowed(S::Submitted, Action::PublishFor(GREEN)),
            vec![LeadOfficial, Admin]
        );
        assert_eq!(
            ask(LeadOfficial, S::Submitted, Action::PublishFor(HERITAGE)),
            Err(Denial::Field("office", "field-pact-office-invalid"))
        );
    }

    #[test]
    fn review_belongs_to_the_city_and_each_office_answers_for_itself() {
        for s in [S::Submitted, S::Published, S::InReview] {
            assert_eq!(allowed(s, Action::RequestOpinions), vec![LeadOfficial, Admin]);
        }
        assert_eq!(
            ask(LeadOfficial, S::CoDesign, Action::RequestOpinions),
            Err(Denial::Refused(Refused::NotFromState))
        );
        let mut f = facts(S::Submitted, LeadOfficial);
        f.office = None;
        assert_eq!(
            may(who(LeadOfficial).as_ref(), &f, Action::RequestOpinions),
            Err(Denial::NotYours),
            "only an admin asks for an unassigned pact"
        );
        for s in [S::InReview, S::CoDesign] {
            assert_eq!(allowed(s, Action::GiveOpinion(GREEN)), vec![LeadOfficial]);
            assert_eq!(allowed(s, Action::GiveOpinion(HERITAGE)), vec![OtherOfficial]);
        }
        assert_eq!(
            ask(OtherOfficial, S::Published, Action::GiveOpinion(HERITAGE)),
            Err(Denial::Refused(Refused::NotFromState))
        );
        let mut f = facts(S::InReview, OtherOfficial);
        f.asked = vec![GREEN];
        assert_eq!(
            may(who(OtherOfficial).as_ref(), &f, Action::GiveOpinion(HERITAGE)),
            Err(Denial::NotYours),
            "an office not asked"
        );
    }

    #[test]
    fn observations_replies_and_meetings() {
        let everyone_signed_in: Vec<Person> = PEOPLE[1..].to_vec();
        assert_eq!(allowed(S::Published, Action::Observe), everyone_signed_in);
        assert_eq!(ask(Anonymous, S::Published, Action::Observe), Err(Denial::Unverified));
        assert_eq!(
            ask(Stranger, S::InReview, Action::Observe),
            Err(Denial::Field("observation", "pact-observation-closed"))
        );
        let unverified = Who {
            id: 1,
            roles: vec![Role::Citizen],
            verified: false,
        };
        assert_eq!(
            may(Some(&unverified), &facts(S::Published, Stranger), Action::Observe),
            Err(Denial::Unverified)
        );
        for s in [S::Published, S::InReview, S::CoDesign] {
            assert_eq!(allowed(s, Action::Reply), vec![Proposer, LeadOfficial, Admin]);
        }
        assert!(allowed(S::AwaitingSignatures, Action::Reply).is_empty());
        for s in [S::InReview, S::CoDesign, S::AwaitingSignatures] {
            assert_eq!(allowed(s, Action::Meet), vec![Proposer, LeadOfficial, Admin]);
        }
        assert_eq!(
            ask(Proposer, S::Signed, Action::Meet),
            Err(Denial::Refused(Refused::NotFromState))
        );
    }

    #[test]
    fn each_party_signs_for_itself_once() {
        let s = S::AwaitingSignatures;
        assert_eq!(allowed(s, Action::Sign(Party::Proposer)), vec![Proposer]);
        assert_eq!(allowed(s, Action::Sign(Party::Cosigner)), vec![Cosigner]);
        assert_eq!(allowed(s, Action::Sign(Party::City)), vec![Signatory]);
        assert_eq!(
            ask(Signatory, S::CoDesign, Action::Sign(Party::City)),
            Err(Denial::Refused(Refused::NotFromState))
        );
        let mut f = facts(s, Signatory);
        f.city_signed = true;
        assert_eq!(
            may(who(Signatory).as_ref(), &f, Action::Sign(Party::City)),
            Err(Denial::Conflict("pact-already-signed"))
        );
        let mut f = facts(s, Proposer);
        f.ties.signed = vec![Party::Proposer];
        assert_eq!(
            may(who(Proposer).as_ref(), &f, Action::Sign(Party::Proposer)),
            Err(Denial::Conflict("pact-already-signed"))
        );
        for p in Party::ALL {
            assert_eq!(Party::parse(p.code()), Some(p));
        }
    }

    #[test]
    fn a_pact_in_force_is_joined_reported_on_and_evaluated() {
        for s in [S::Signed, S::Monitoring] {
            assert_eq!(
                allowed(s, Action::Join),
                vec![Stranger, LeadOfficial, OtherOfficial, Signatory, Admin]
            );
            assert_eq!(ask(Anonymous, s, Action::Join), Err(Denial::Unverified));
            assert_eq!(
                ask(Proposer, s, Action::Join),
                Err(Denial::Conflict("pact-already-joined"))
            );
            assert_eq!(
                allowed(s, Action::Report),
                vec![Proposer, GroupMember, Cosigner]
            );
        }
        let mut f = facts(S::Signed, Stranger);
        f.ties.joined = true;
        assert_eq!(
            may(who(Stranger).as_ref(), &f, Action::Join),
            Err(Denial::Conflict("pact-already-joined"))
        );
        assert_eq!(
            ask(Stranger, S::CoDesign, Action::Join),
            Err(Denial::Refused(Refused::NotFromState))
        );
        let mut f = facts(S::Monitoring, Proposer);
        f.open_report = true;
        assert_eq!(
            may(who(Proposer).as_ref(), &f, Action::Report),
            Err(Denial::Field("objectives", "pact-report-pending"))
        );
        assert_eq!(
            ask(Proposer, S::CoDesign, Action::Report),
            Err(Denial::Refused(Refused::NotFromState))
        );
        assert_eq!(allowed(S::Monitoring, Action::Evaluate), vec![LeadOfficial, Admin]);
    }

    #[test]
    fn files_go_with_an_open_pact() {
        for s in [S::Draft, S::Submitted, S::CoDesign, S::Signed] {
            let expected = if s == S::Draft {
                vec![Proposer, GroupMember, Cosigner]
            } else {
                vec![Proposer, GroupMember, Cosigner, LeadOfficial, Admin]
            };
            assert_eq!(allowed(s, Action::Attach), expected, "{s:?}");
            assert_eq!(
                allowed(s, Action::AttachToReport),
                vec![Proposer, GroupMember, Cosigner]
            );
        }
        for s in [S::Rejected, S::Concluded, S::Withdrawn] {
            assert!(allowed(s, Action::Attach).is_empty());
        }
    }

    #[test]
    fn the_city_follows_the_deadlines() {
        assert_eq!(
            allowed(S::Submitted, Action::FollowDeadlines),
            vec![LeadOfficial, OtherOfficial, Signatory, Admin]
        );
    }

    #[test]
    fn the_page_offers_the_steps_the_actor_may_take() {
        let f = facts(S::Submitted, LeadOfficial);
        assert_eq!(
            page_steps(who(LeadOfficial).as_ref(), &f),
            vec![T::RequestIntegration, T::Publish, T::Reject, T::Withdraw]
        );
        assert_eq!(
            page_steps(who(Proposer).as_ref(), &facts(S::Draft, Proposer)),
            vec![T::Submit, T::Withdraw]
        );
        assert!(page_steps(who(Stranger).as_ref(), &facts(S::Submitted, Stranger)).is_empty());
        assert!(page_steps(None, &facts(S::Signed, Anonymous)).is_empty());
        assert!(page_steps(who(Admin).as_ref(), &facts(S::Concluded, Admin)).is_empty());
    }

    #[test]
    fn proposing_and_the_queue() {
        let mut w = who(Stranger).unwrap();
        assert!(may_propose(&w).is_ok());
        w.verified = false;
        assert_eq!(may_propose(&w), Err(Denial::NotYours));
        assert!(may_work_for_city(&who(LeadOfficial).unwrap()).is_ok());
        assert!(may_work_for_city(&who(Admin).unwrap()).is_err());
    }
}
