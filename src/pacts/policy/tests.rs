//! The policy, per person and per state: who may do what to a pact.

use super::*;
use crate::pacts::procedure::NoticeStage;
use PactState as S;
use Transition as T;

const GREEN: i64 = 1;
const HERITAGE: i64 = 2;
/// A district council: it signs the pacts of the table too.
const COUNCIL: i64 = 3;

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
        Person::Signatory => Ties {
            offices: vec![COUNCIL],
            ..Ties::default()
        },
        _ => Ties::default(),
    };
    PactFacts {
        state,
        published: !matches!(state, S::Draft | S::Submitted | S::AwaitingIntegration),
        office: Some(GREEN),
        coordinating: Some(GREEN),
        official: None,
        asked: vec![GREEN, HERITAGE],
        signing_offices: vec![COUNCIL],
        signed_offices: vec![],
        open_report: false,
        notice: NoticeStage::None,
        notice_answered: false,
        conciliation_open: false,
        committee_formed: false,
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
        let expected = if matches!(s, S::Submitted | S::AwaitingIntegration) {
            // Before publication: the proposing side and the officials concerned
            // (the coordinating and lead office, an office asked), and admins.
            vec![
                Proposer,
                GroupMember,
                Cosigner,
                LeadOfficial,
                OtherOfficial,
                Admin,
            ]
        } else {
            PEOPLE.to_vec()
        };
        assert_eq!(allowed(*s, Action::See), expected, "{s:?}");
    }
    // A proposal refused at admissibility stays private.
    let mut f = facts(S::Rejected, Stranger);
    f.published = false;
    assert_eq!(
        may(who(Stranger).as_ref(), &f, Action::See),
        Err(Denial::Hidden)
    );
    assert_eq!(may(None, &f, Action::See), Err(Denial::Hidden));
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
        Err(Denial::NotYoursBecause("pact-refused-not-coordinating"))
    );
    assert_eq!(
        ask(OtherOfficial, S::InReview, Action::Fire(T::StartCoDesign)),
        Err(Denial::NotYoursBecause("pact-refused-other-office"))
    );
    assert_eq!(
        ask(Stranger, S::Published, Action::Fire(T::CloseObservation)),
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
    // A call's choice closes the answers not chosen: the platform rejects them, or
    // withdraws those no rejection may leave; from a page neither is the platform's.
    assert!(may_system(T::Reject).is_ok());
    assert!(may_system(T::Withdraw).is_ok());
    assert!(!fires(Actor::System, T::Reject));
    assert!(!fires(Actor::System, T::Withdraw));
    assert!(may_system(T::CompleteSignatures).is_err());
    assert!(may_system(T::StartCoDesign).is_err());
    assert!(T::ALL.iter().all(|t| !fires(Actor::Other, *t)));
    assert!(!fires(Actor::Signatory, T::CompleteSignatures));
}

#[test]
fn admissibility_is_the_coordinating_offices_and_then_the_lead_office_acts() {
    // The proposal is routed to heritage as lead; green coordinates.
    let mut f = facts(S::Submitted, LeadOfficial);
    f.office = Some(HERITAGE);
    let green = who(LeadOfficial);
    assert!(may(green.as_ref(), &f, Action::Fire(T::Publish)).is_ok());
    let heritage = who(OtherOfficial);
    let mut h = facts(S::Submitted, OtherOfficial);
    h.office = Some(HERITAGE);
    assert_eq!(
        may(heritage.as_ref(), &h, Action::Fire(T::Publish)),
        Err(Denial::NotYoursBecause("pact-refused-not-coordinating")),
        "the lead office waits for admission"
    );
    // From publication, the lead office acts and the coordinating office does not.
    f.state = S::InReview;
    h.state = S::InReview;
    f.published = true;
    h.published = true;
    assert!(may(heritage.as_ref(), &h, Action::Fire(T::StartCoDesign)).is_ok());
    assert_eq!(
        may(green.as_ref(), &f, Action::Fire(T::StartCoDesign)),
        Err(Denial::NotYoursBecause("pact-refused-other-office"))
    );
    // With no coordinating office and no lead, only administrators act.
    let mut f = facts(S::Submitted, LeadOfficial);
    f.office = None;
    f.coordinating = None;
    assert_eq!(
        may(green.as_ref(), &f, Action::Fire(T::Publish)),
        Err(Denial::NotYoursBecause("pact-refused-not-coordinating"))
    );
    assert!(
        may(who(Admin).as_ref(), &f, Action::Fire(T::Publish)).is_ok(),
        "an admin acts on an unassigned pact"
    );
}

#[test]
fn the_coordinating_office_routes_until_the_text_is_frozen() {
    for s in [
        S::Submitted,
        S::AwaitingIntegration,
        S::Published,
        S::InReview,
        S::CoDesign,
    ] {
        assert_eq!(
            allowed(s, Action::Route),
            vec![LeadOfficial, Admin],
            "{s:?}"
        );
        assert_eq!(
            ask(OtherOfficial, s, Action::Route),
            Err(Denial::NotYoursBecause("pact-refused-not-coordinating"))
        );
        assert_eq!(ask(Proposer, s, Action::Route), Err(Denial::NotYours));
    }
    for s in [S::AwaitingSignatures, S::Signed, S::Concluded] {
        assert_eq!(
            ask(LeadOfficial, s, Action::Route),
            Err(Denial::Conflict("pact-route-closed")),
            "{s:?}"
        );
    }
}

fn official(id: i64, offices: &[i64], standing_in: &[StandIn]) -> (Who, Ties) {
    (
        Who {
            id,
            roles: vec![Role::Official],
            verified: true,
        },
        Ties {
            offices: offices.to_vec(),
            standing_in: standing_in.to_vec(),
            ..Ties::default()
        },
    )
}

#[test]
fn a_responsible_official_acts_or_their_substitute_on_their_behalf() {
    let mut f = facts(S::InReview, LeadOfficial);
    f.official = Some(7);
    let t = Action::Fire(T::StartCoDesign);
    // The responsible official acts.
    let (anna, ties) = official(7, &[GREEN], &[]);
    f.ties = ties;
    assert!(may(Some(&anna), &f, t).is_ok());
    assert_eq!(standing(Some(&anna), &f).on_behalf_of, None);
    // A colleague of the lead office does not, and is told why.
    let (bruno, ties) = official(8, &[GREEN], &[]);
    f.ties = ties;
    assert_eq!(
        may(Some(&bruno), &f, t),
        Err(Denial::NotYoursBecause("pact-refused-not-responsible"))
    );
    // While Anna is away with Bruno as her substitute, Bruno acts on her behalf.
    let away = StandIn {
        absent: 7,
        office: GREEN,
        signatory: false,
    };
    let (bruno, ties) = official(8, &[GREEN], &[away]);
    f.ties = ties;
    assert!(may(Some(&bruno), &f, t).is_ok());
    assert_eq!(standing(Some(&bruno), &f).on_behalf_of, Some(7));
    // Standing in for someone else gives nothing here.
    let other = StandIn { absent: 9, ..away };
    let (bruno, ties) = official(8, &[GREEN], &[other]);
    f.ties = ties;
    assert!(may(Some(&bruno), &f, t).is_err());
    // Nobody acts through an absence without the official role.
    assert_eq!(
        acts_for_city(8, false, &[GREEN], &[away], &f),
        (false, None)
    );
}

#[test]
fn only_a_signatory_of_a_signing_office_signs_for_the_city() {
    let s = S::AwaitingSignatures;
    let sign = Action::Sign(Party::City);
    let signatory = |id: i64, offices: &[i64]| {
        (
            Who {
                id,
                roles: vec![Role::Official, Role::Signatory],
                verified: true,
            },
            offices.to_vec(),
        )
    };
    let mut f = facts(s, Signatory);
    f.signing_offices = vec![GREEN, COUNCIL];
    // The head of heritage is a signatory, but not of this pact's offices.
    let (heritage_head, offices) = signatory(5, &[HERITAGE]);
    f.ties.offices = offices;
    assert_eq!(
        may(Some(&heritage_head), &f, sign),
        Err(Denial::NotYoursBecause("pact-refused-wrong-signatory"))
    );
    // The head of green signs for green; the council's for the council.
    let (green_head, offices) = signatory(6, &[GREEN]);
    f.ties.offices = offices;
    assert!(may(Some(&green_head), &f, sign).is_ok());
    assert_eq!(
        standing(Some(&green_head), &f).sign_for,
        vec![(GREEN, None)]
    );
    f.signed_offices = vec![GREEN];
    assert_eq!(
        may(Some(&green_head), &f, sign),
        Err(Denial::NotYoursBecause("pact-refused-wrong-signatory")),
        "green has signed; the council has not"
    );
    let (council_head, offices) = signatory(7, &[COUNCIL]);
    f.ties.offices = offices;
    assert!(may(Some(&council_head), &f, sign).is_ok());
    f.signed_offices = vec![GREEN, COUNCIL];
    assert_eq!(
        may(Some(&council_head), &f, sign),
        Err(Denial::Conflict("pact-already-signed"))
    );
    // A substitute signs on behalf of the absent head of green, without the role.
    f.signed_offices = vec![];
    let (bruno, ties) = official(
        8,
        &[GREEN],
        &[StandIn {
            absent: 6,
            office: GREEN,
            signatory: true,
        }],
    );
    f.ties = ties;
    assert!(may(Some(&bruno), &f, sign).is_ok());
    assert_eq!(standing(Some(&bruno), &f).sign_for, vec![(GREEN, Some(6))]);
    // Standing in for an official who does not sign gives no signature.
    let (carla, ties) = official(
        9,
        &[GREEN],
        &[StandIn {
            absent: 7,
            office: GREEN,
            signatory: false,
        }],
    );
    f.ties = ties;
    assert_eq!(may(Some(&carla), &f, sign), Err(Denial::NotYours));
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
    f.signed_offices = vec![COUNCIL];
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
        allowed(S::Published, Action::FollowDeadlines),
        vec![LeadOfficial, OtherOfficial, Signatory, Admin]
    );
    // Before publication, only the officials concerned see the proposal at all.
    assert_eq!(
        allowed(S::Submitted, Action::FollowDeadlines),
        vec![LeadOfficial, OtherOfficial, Admin]
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
    // The queue: the coordinating office and admins see all, officials their own.
    let lead = who(LeadOfficial).unwrap();
    assert_eq!(
        queue_scope(&lead, &[GREEN], Some(GREEN), &[]),
        Ok(QueueScope::All)
    );
    assert_eq!(
        queue_scope(&who(Admin).unwrap(), &[], Some(GREEN), &[]),
        Ok(QueueScope::All)
    );
    let away = StandIn {
        absent: 7,
        office: HERITAGE,
        signatory: false,
    };
    assert_eq!(
        queue_scope(
            &who(OtherOfficial).unwrap(),
            &[HERITAGE],
            Some(GREEN),
            &[away]
        ),
        Ok(QueueScope::Mine {
            offices: vec![HERITAGE],
            people: vec![1, 7]
        })
    );
    assert_eq!(
        queue_scope(&who(Stranger).unwrap(), &[], Some(GREEN), &[]),
        Err(Denial::NotYours)
    );
}

#[test]
fn the_lead_office_records_support_deliveries_once_the_pact_is_signed() {
    let a = Action::RecordDelivery;
    // In force, suspended (the books go on) or concluded (late bookkeeping).
    for s in [S::Signed, S::Monitoring, S::Suspended, S::Concluded] {
        assert_eq!(allowed(s, a), vec![LeadOfficial, Admin], "{s:?}");
    }
    for s in [
        S::Published,
        S::InReview,
        S::CoDesign,
        S::AwaitingSignatures,
        S::Rejected,
        S::Withdrawn,
    ] {
        assert!(allowed(s, a).is_empty(), "{s:?}");
        assert_eq!(
            ask(LeadOfficial, s, a),
            Err(Denial::Conflict("pact-support-not-signed")),
            "{s:?}"
        );
    }
    for p in [Anonymous, Proposer, Stranger, OtherOfficial, Signatory] {
        assert_eq!(ask(p, S::Signed, a), Err(Denial::NotYours), "{p:?}");
    }
    assert_eq!(ask(Admin, S::Draft, a), Err(Denial::Hidden));
}
