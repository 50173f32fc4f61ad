//! The policy, per person and per state: who may do what to a pact.

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
    assert_eq!(
        allowed(S::Draft, Action::See),
        vec![Proposer, GroupMember, Cosigner]
    );
    assert_eq!(ask(Admin, S::Draft, Action::See), Err(Denial::Hidden));
    assert_eq!(
        ask(LeadOfficial, S::Draft, Action::Edit),
        Err(Denial::Hidden)
    );
    for s in PactState::ALL.iter().filter(|s| s.is_public()) {
        assert_eq!(allowed(*s, Action::See), PEOPLE.to_vec(), "{s:?}");
    }
}

#[test]
fn the_text_is_edited_by_the_proposer_and_in_co_design_by_the_city() {
    assert_eq!(allowed(S::Draft, Action::Edit), vec![Proposer]);
    assert_eq!(
        ask(GroupMember, S::Draft, Action::Edit),
        Err(Denial::NotYours)
    );
    assert_eq!(
        allowed(S::AwaitingIntegration, Action::Edit),
        vec![Proposer]
    );
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
        ask(
            Admin,
            S::AwaitingSignatures,
            Action::Fire(T::CompleteSignatures)
        ),
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
        assert_eq!(
            allowed(s, Action::RequestOpinions),
            vec![LeadOfficial, Admin]
        );
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
        assert_eq!(
            allowed(s, Action::GiveOpinion(HERITAGE)),
            vec![OtherOfficial]
        );
    }
    assert_eq!(
        ask(OtherOfficial, S::Published, Action::GiveOpinion(HERITAGE)),
        Err(Denial::Refused(Refused::NotFromState))
    );
    let mut f = facts(S::InReview, OtherOfficial);
    f.asked = vec![GREEN];
    assert_eq!(
        may(
            who(OtherOfficial).as_ref(),
            &f,
            Action::GiveOpinion(HERITAGE)
        ),
        Err(Denial::NotYours),
        "an office not asked"
    );
}

#[test]
fn observations_replies_and_meetings() {
    let everyone_signed_in: Vec<Person> = PEOPLE[1..].to_vec();
    assert_eq!(allowed(S::Published, Action::Observe), everyone_signed_in);
    assert_eq!(
        ask(Anonymous, S::Published, Action::Observe),
        Err(Denial::Unverified)
    );
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
        may(
            Some(&unverified),
            &facts(S::Published, Stranger),
            Action::Observe
        ),
        Err(Denial::Unverified)
    );
    for s in [S::Published, S::InReview, S::CoDesign] {
        assert_eq!(
            allowed(s, Action::Reply),
            vec![Proposer, LeadOfficial, Admin]
        );
    }
    assert!(allowed(S::AwaitingSignatures, Action::Reply).is_empty());
    for s in [S::InReview, S::CoDesign, S::AwaitingSignatures] {
        assert_eq!(
            allowed(s, Action::Meet),
            vec![Proposer, LeadOfficial, Admin]
        );
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
    assert_eq!(
        allowed(S::Monitoring, Action::Evaluate),
        vec![LeadOfficial, Admin]
    );
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
