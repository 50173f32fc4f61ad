//! The assemblies' rules, per kind of person and per body.

use super::*;

fn person(id: i64, roles: &[Role], verified: bool) -> Who {
    Who {
        id,
        roles: roles.to_vec(),
        verified,
    }
}

fn citizen() -> Who {
    person(1, &[Role::Citizen], true)
}

fn body(kind: BodyKind, ties: Ties) -> Facts {
    Facts {
        kind,
        admits: match kind {
            BodyKind::Chamber => vec![OrgKind::Association, OrgKind::Cooperative],
            BodyKind::Assembly => vec![],
        },
        ties,
    }
}

fn facilitator() -> Ties {
    Ties {
        facilitator: true,
        ..Ties::default()
    }
}

fn own(s: MemberStatus) -> Ties {
    Ties {
        own: Some(s),
        ..Ties::default()
    }
}

fn ok(who: Option<&Who>, b: &Facts, a: Action) -> bool {
    allowed(who, &Object::Body(b), a)
}

#[test]
fn only_administrators_create_bodies_and_name_facilitators() {
    let admin = person(9, &[Role::Admin], true);
    assert!(allowed(Some(&admin), &Object::Platform, Action::Create));
    for who in [
        None,
        Some(citizen()),
        Some(person(2, &[Role::Official, Role::Facilitator], true)),
    ] {
        assert!(!allowed(who.as_ref(), &Object::Platform, Action::Create));
    }
    let b = body(BodyKind::Assembly, facilitator());
    assert!(ok(Some(&admin), &b, Action::NameFacilitators));
    assert!(
        !ok(Some(&citizen()), &b, Action::NameFacilitators),
        "a facilitator names no facilitator"
    );
}

#[test]
fn facilitators_of_the_body_run_it_and_nobody_else() {
    let f = body(BodyKind::Assembly, facilitator());
    let stranger = body(BodyKind::Assembly, Ties::default());
    let member = body(BodyKind::Assembly, own(MemberStatus::Member));
    for a in [
        Action::Edit,
        Action::Decide,
        Action::RunMeetings,
        Action::OpenVote,
    ] {
        assert!(ok(Some(&citizen()), &f, a), "{a:?}");
        assert!(!ok(Some(&citizen()), &stranger, a), "{a:?}");
        assert!(!ok(Some(&citizen()), &member, a), "{a:?}");
        assert!(!ok(None, &f, a), "{a:?}: nobody signed in");
    }
    // The global facilitator role is not a key to every body.
    let other = person(3, &[Role::Facilitator], true);
    assert!(!ok(Some(&other), &stranger, Action::Decide));
    // An administrator edits any body but admits no one without being its facilitator.
    let admin = person(9, &[Role::Admin], true);
    assert!(ok(Some(&admin), &stranger, Action::Edit));
    assert!(!ok(Some(&admin), &stranger, Action::Decide));
}

#[test]
fn a_verified_person_joins_an_assembly_once() {
    let none = body(BodyKind::Assembly, Ties::default());
    assert!(ok(Some(&citizen()), &none, Action::Join));
    assert!(
        !ok(
            Some(&person(1, &[Role::Citizen], false)),
            &none,
            Action::Join
        ),
        "unverified"
    );
    assert!(!ok(None, &none, Action::Join));
    for s in [MemberStatus::Pending, MemberStatus::Member] {
        assert!(!ok(
            Some(&citizen()),
            &body(BodyKind::Assembly, own(s)),
            Action::Join
        ));
        assert!(ok(
            Some(&citizen()),
            &body(BodyKind::Assembly, own(s)),
            Action::Leave
        ));
    }
    // Refused or gone: may ask again, has nothing to leave.
    for s in [MemberStatus::Refused, MemberStatus::Left] {
        assert!(ok(
            Some(&citizen()),
            &body(BodyKind::Assembly, own(s)),
            Action::Join
        ));
        assert!(!ok(
            Some(&citizen()),
            &body(BodyKind::Assembly, own(s)),
            Action::Leave
        ));
    }
    assert!(
        !ok(
            Some(&citizen()),
            &body(BodyKind::Chamber, Ties::default()),
            Action::Join
        ),
        "people do not join a chamber"
    );
}

#[test]
fn a_referent_asks_for_an_admitted_kind_of_group() {
    let chamber = body(BodyKind::Chamber, Ties::default());
    let tie = |kind, referent, current| GroupTie {
        kind,
        referent,
        current,
    };
    let coop = tie(Some(OrgKind::Cooperative), true, None);
    assert!(ok(Some(&citizen()), &chamber, Action::JoinFor(coop)));
    assert!(!ok(
        Some(&person(1, &[Role::Citizen], false)),
        &chamber,
        Action::JoinFor(coop)
    ));
    assert!(
        !ok(
            Some(&citizen()),
            &chamber,
            Action::JoinFor(tie(Some(OrgKind::Cooperative), false, None))
        ),
        "a member who is not the referent"
    );
    assert!(
        !ok(
            Some(&citizen()),
            &chamber,
            Action::JoinFor(tie(Some(OrgKind::InformalGroup), true, None))
        ),
        "a kind the chamber does not admit"
    );
    assert!(
        !ok(
            Some(&citizen()),
            &chamber,
            Action::JoinFor(tie(None, true, None))
        ),
        "a school or a business"
    );
    let pending = tie(
        Some(OrgKind::Cooperative),
        true,
        Some(MemberStatus::Pending),
    );
    assert!(!ok(Some(&citizen()), &chamber, Action::JoinFor(pending)));
    assert!(ok(Some(&citizen()), &chamber, Action::LeaveFor(pending)));
    assert!(
        !ok(Some(&citizen()), &chamber, Action::LeaveFor(coop)),
        "not a member"
    );
    assert!(!ok(
        Some(&citizen()),
        &chamber,
        Action::LeaveFor(tie(
            Some(OrgKind::Cooperative),
            false,
            Some(MemberStatus::Member)
        ))
    ));
    let member = tie(Some(OrgKind::Cooperative), true, Some(MemberStatus::Member));
    assert!(ok(Some(&citizen()), &chamber, Action::NameDelegate(member)));
    assert!(
        !ok(Some(&citizen()), &chamber, Action::NameDelegate(pending)),
        "not admitted yet"
    );
    let not_referent = tie(
        Some(OrgKind::Cooperative),
        false,
        Some(MemberStatus::Member),
    );
    assert!(!ok(
        Some(&citizen()),
        &chamber,
        Action::NameDelegate(not_referent)
    ));
    let assembly = body(BodyKind::Assembly, Ties::default());
    assert!(
        !ok(Some(&citizen()), &assembly, Action::JoinFor(coop)),
        "groups do not join an assembly"
    );
}

#[test]
fn an_assemblys_member_list_is_for_its_members() {
    let a = |t| body(BodyKind::Assembly, t);
    assert!(!ok(None, &a(Ties::default()), Action::SeeMembers));
    assert!(!ok(
        Some(&citizen()),
        &a(Ties::default()),
        Action::SeeMembers
    ));
    assert!(!ok(
        Some(&citizen()),
        &a(own(MemberStatus::Pending)),
        Action::SeeMembers
    ));
    assert!(ok(
        Some(&citizen()),
        &a(own(MemberStatus::Member)),
        Action::SeeMembers
    ));
    assert!(ok(Some(&citizen()), &a(facilitator()), Action::SeeMembers));
    assert!(ok(
        Some(&person(9, &[Role::Admin], true)),
        &a(Ties::default()),
        Action::SeeMembers
    ));
    assert!(
        ok(
            None,
            &body(BodyKind::Chamber, Ties::default()),
            Action::SeeMembers
        ),
        "organisations are public"
    );
}

#[test]
fn members_table_support_and_comment_motions() {
    use crate::assemblies::model::motion::MotionState;
    let speaks = Ties {
        speaks: true,
        ..Ties::default()
    };
    let member = body(BodyKind::Assembly, speaks);
    let stranger = body(BodyKind::Assembly, Ties::default());
    let f = body(BodyKind::Assembly, facilitator());
    let m = |state, authored, supported| MotionFacts {
        state,
        authored,
        supported,
    };
    let open = m(MotionState::Open, false, false);
    assert!(ok(Some(&citizen()), &member, Action::Table));
    assert!(!ok(Some(&citizen()), &stranger, Action::Table));
    assert!(!ok(None, &member, Action::Table));
    assert!(ok(Some(&citizen()), &member, Action::Support(open)));
    assert!(
        !ok(
            Some(&citizen()),
            &member,
            Action::Support(m(MotionState::Open, false, true))
        ),
        "once"
    );
    assert!(!ok(
        Some(&citizen()),
        &member,
        Action::Support(m(MotionState::Scheduled, false, false))
    ));
    assert!(!ok(Some(&citizen()), &stranger, Action::Support(open)));
    // The author withdraws before the vote; nobody else does.
    assert!(ok(
        Some(&citizen()),
        &stranger,
        Action::Withdraw(m(MotionState::Scheduled, true, true))
    ));
    assert!(!ok(Some(&citizen()), &member, Action::Withdraw(open)));
    assert!(!ok(
        Some(&citizen()),
        &member,
        Action::Withdraw(m(MotionState::Withdrawn, true, true))
    ));
    // Facilitators schedule and hide; members and facilitators comment.
    assert!(ok(Some(&citizen()), &f, Action::Schedule(open)));
    assert!(!ok(Some(&citizen()), &member, Action::Schedule(open)));
    assert!(!ok(
        Some(&citizen()),
        &f,
        Action::Schedule(m(MotionState::Scheduled, false, false))
    ));
    assert!(ok(Some(&citizen()), &f, Action::Hide));
    assert!(!ok(Some(&citizen()), &member, Action::Hide));
    assert!(ok(Some(&citizen()), &member, Action::Comment(open)));
    assert!(ok(Some(&citizen()), &f, Action::Comment(open)));
    assert!(!ok(Some(&citizen()), &stranger, Action::Comment(open)));
    assert!(!ok(
        Some(&citizen()),
        &member,
        Action::Comment(m(MotionState::Withdrawn, false, false))
    ));
}

// --- added by recs ---

#[test]
fn facilitators_speak_for_the_body_to_the_city() {
    let official = person(3, &[Role::Official], true);
    let admin = person(9, &[Role::Admin], true);
    let f = body(BodyKind::Assembly, facilitator());
    let member = body(BodyKind::Assembly, own(MemberStatus::Member));
    let stranger = body(BodyKind::Assembly, Ties::default());
    for a in [Action::Recommend, Action::Endorse] {
        assert!(ok(Some(&citizen()), &f, a), "{a:?}");
        assert!(!ok(None, &f, a), "{a:?}: nobody signed in");
        assert!(!ok(Some(&citizen()), &member, a), "{a:?}: a member");
        assert!(!ok(Some(&citizen()), &stranger, a), "{a:?}: a stranger");
        assert!(!ok(Some(&official), &stranger, a), "{a:?}: an official");
        assert!(!ok(Some(&admin), &stranger, a), "{a:?}: an administrator");
    }
    // Answering is the city's, not the body's.
    assert!(!ok(Some(&citizen()), &f, Action::Answer));
}

#[test]
fn the_addressed_office_the_coordinating_office_and_administrators_answer_once() {
    let rec = |my: &[i64], answered: bool| RecommendationFacts {
        office: 10,
        coordinating: Some(20),
        answered,
        my_offices: my.to_vec(),
    };
    let official = person(3, &[Role::Official], true);
    let admin = person(9, &[Role::Admin], true);
    let may_answer = |who: Option<&Who>, r: &RecommendationFacts| {
        allowed(who, &Object::Recommendation(r), Action::Answer)
    };
    assert!(
        may_answer(Some(&official), &rec(&[10], false)),
        "addressed office"
    );
    assert!(
        may_answer(Some(&official), &rec(&[20], false)),
        "coordinating office"
    );
    assert!(may_answer(Some(&admin), &rec(&[], false)), "administrator");
    assert!(
        !may_answer(Some(&official), &rec(&[30], false)),
        "another office"
    );
    assert!(
        !may_answer(Some(&citizen()), &rec(&[10], false)),
        "not an official"
    );
    assert!(!may_answer(None, &rec(&[], false)), "nobody signed in");
    let no_coordinating = RecommendationFacts {
        coordinating: None,
        ..rec(&[20], false)
    };
    assert!(!may_answer(Some(&official), &no_coordinating));
    // Once: the answer is final, for everyone.
    assert!(!may_answer(Some(&official), &rec(&[10], true)));
    assert!(!may_answer(Some(&admin), &rec(&[], true)));
    // A facilitator or a member of the body answers nothing.
    let f = body(BodyKind::Assembly, facilitator());
    assert!(!ok(Some(&citizen()), &f, Action::Answer));
    assert!(!allowed(
        Some(&citizen()),
        &Object::Recommendation(&rec(&[], false)),
        Action::Recommend
    ));
}

// --- added by amend ---

fn amendment(state: AmendmentState, motion_author: bool, authored: bool) -> AmendmentFacts {
    AmendmentFacts {
        state,
        motion: MotionState::Open,
        motion_author,
        authored,
        in_vote: false,
    }
}

#[test]
fn members_propose_amendments_until_the_motion_goes_to_its_vote() {
    let speaks = Ties {
        own: Some(MemberStatus::Member),
        speaks: true,
        ..Ties::default()
    };
    let member = body(BodyKind::Assembly, speaks);
    let stranger = body(BodyKind::Assembly, Ties::default());
    let f = body(BodyKind::Assembly, facilitator());
    let admin = person(9, &[Role::Admin], true);
    let t = |state, voted| Action::Amend(AmendTarget { state, voted });
    assert!(ok(Some(&citizen()), &member, t(MotionState::Open, false)));
    assert!(ok(
        Some(&citizen()),
        &member,
        t(MotionState::Scheduled, false)
    ));
    assert!(
        !ok(Some(&citizen()), &member, t(MotionState::Scheduled, true)),
        "voted"
    );
    assert!(!ok(
        Some(&citizen()),
        &member,
        t(MotionState::Withdrawn, false)
    ));
    assert!(
        !ok(None, &member, t(MotionState::Open, false)),
        "signed out"
    );
    assert!(!ok(
        Some(&citizen()),
        &stranger,
        t(MotionState::Open, false)
    ));
    assert!(
        !ok(Some(&citizen()), &f, t(MotionState::Open, false)),
        "a facilitator who is no member"
    );
    assert!(!ok(Some(&admin), &stranger, t(MotionState::Open, false)));
    // A chamber: whoever speaks for a member organisation.
    let delegate = body(
        BodyKind::Chamber,
        Ties {
            speaks: true,
            via_group: true,
            ..Ties::default()
        },
    );
    assert!(ok(Some(&citizen()), &delegate, t(MotionState::Open, false)));
}

#[test]
fn the_motions_author_accepts_or_declines_the_amendments_author_withdraws() {
    let member = body(
        BodyKind::Assembly,
        Ties {
            own: Some(MemberStatus::Member),
            speaks: true,
            ..Ties::default()
        },
    );
    let f = body(BodyKind::Assembly, facilitator());
    let admin = person(9, &[Role::Admin], true);
    let proposed = AmendmentState::Proposed;
    let by_motion_author = amendment(proposed, true, false);
    let by_its_author = amendment(proposed, false, true);
    let by_a_member = amendment(proposed, false, false);
    for a in [
        Action::Accept(by_motion_author),
        Action::Decline(by_motion_author),
    ] {
        assert!(ok(Some(&citizen()), &member, a), "{a:?}");
        assert!(!ok(None, &member, a), "{a:?}");
    }
    for a in [
        Action::Accept(by_its_author),
        Action::Decline(by_a_member),
        Action::Accept(by_a_member),
    ] {
        assert!(!ok(Some(&citizen()), &member, a), "{a:?}");
        assert!(!ok(Some(&citizen()), &f, a), "{a:?}: a facilitator");
        assert!(!ok(Some(&admin), &member, a), "{a:?}: an administrator");
    }
    assert!(ok(
        Some(&citizen()),
        &member,
        Action::WithdrawAmendment(by_its_author)
    ));
    assert!(!ok(
        Some(&citizen()),
        &member,
        Action::WithdrawAmendment(by_motion_author)
    ));
    assert!(!ok(
        Some(&admin),
        &f,
        Action::WithdrawAmendment(by_a_member)
    ));
    // Decided, in a vote, or on a withdrawn motion: nobody acts on it any more.
    for state in [
        AmendmentState::Accepted,
        AmendmentState::Adopted,
        AmendmentState::Rejected,
        AmendmentState::Withdrawn,
    ] {
        assert!(!ok(
            Some(&citizen()),
            &member,
            Action::Accept(amendment(state, true, true))
        ));
        assert!(!ok(
            Some(&citizen()),
            &member,
            Action::WithdrawAmendment(amendment(state, true, true))
        ));
    }
    let in_vote = AmendmentFacts {
        in_vote: true,
        ..amendment(proposed, true, true)
    };
    let motion_gone = AmendmentFacts {
        motion: MotionState::Withdrawn,
        ..amendment(proposed, true, true)
    };
    for a in [in_vote, motion_gone] {
        assert!(!ok(Some(&citizen()), &member, Action::Accept(a)), "{a:?}");
        assert!(!ok(Some(&citizen()), &member, Action::Decline(a)), "{a:?}");
        assert!(
            !ok(Some(&citizen()), &member, Action::WithdrawAmendment(a)),
            "{a:?}"
        );
        assert!(!ok(Some(&citizen()), &f, Action::PutToVote(a)), "{a:?}");
    }
}

#[test]
fn facilitators_put_a_proposed_amendment_to_its_own_vote() {
    let f = body(BodyKind::Assembly, facilitator());
    let member = body(
        BodyKind::Assembly,
        Ties {
            own: Some(MemberStatus::Member),
            speaks: true,
            ..Ties::default()
        },
    );
    let stranger = body(BodyKind::Assembly, Ties::default());
    let admin = person(9, &[Role::Admin], true);
    let a = amendment(AmendmentState::Proposed, true, true);
    assert!(ok(Some(&citizen()), &f, Action::PutToVote(a)));
    assert!(!ok(None, &f, Action::PutToVote(a)));
    assert!(
        !ok(Some(&citizen()), &member, Action::PutToVote(a)),
        "its authors"
    );
    assert!(!ok(Some(&citizen()), &stranger, Action::PutToVote(a)));
    assert!(
        !ok(Some(&admin), &stranger, Action::PutToVote(a)),
        "an administrator"
    );
    assert!(!ok(
        Some(&citizen()),
        &f,
        Action::PutToVote(amendment(AmendmentState::Rejected, false, false))
    ));
}
