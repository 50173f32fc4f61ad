//! The tokens policy, object by object: for each, the owner (filer, holder), a member
//! of the group, a stranger, a verifier accredited or not, and the offices.

use super::*;

fn who(id: i64, roles: &[Role]) -> Who {
    Who {
        id,
        roles: roles.to_vec(),
        verified: true,
    }
}

fn claim(state: ClaimState) -> ClaimFacts {
    ClaimFacts {
        state,
        filed: false,
        group_member: false,
        accredited: false,
        approved_once: false,
    }
}

#[test]
fn only_administrators_run_programmes() {
    let admin = who(1, &[Role::Admin]);
    assert_eq!(
        may(Some(&admin), &Object::Programme, Action::Administer),
        Ok(())
    );
    for roles in [&[Role::Official][..], &[Role::Verifier], &[Role::Citizen]] {
        assert_eq!(
            may(Some(&who(2, roles)), &Object::Programme, Action::Administer),
            Err(Denied)
        );
    }
    assert_eq!(
        may(None, &Object::Programme, Action::Administer),
        Err(Denied)
    );
}

#[test]
fn a_verified_person_claims_for_themselves_or_their_own_group() {
    let me = who(5, &[]);
    let claim_as = |g| {
        may(
            Some(&me),
            &Object::Programme,
            Action::Claim { for_group: g },
        )
    };
    assert_eq!(claim_as(None), Ok(()));
    assert_eq!(claim_as(Some(true)), Ok(()));
    assert_eq!(
        claim_as(Some(false)),
        Err(Denied),
        "not a member of the group"
    );
    let unverified = Who {
        verified: false,
        ..me.clone()
    };
    assert_eq!(
        may(
            Some(&unverified),
            &Object::Programme,
            Action::Claim { for_group: None }
        ),
        Err(Denied)
    );
    assert_eq!(
        may(None, &Object::Programme, Action::Claim { for_group: None }),
        Err(Denied)
    );
}

#[test]
fn a_verifier_reviews_only_others_claims_in_their_programme() {
    let v = who(9, &[Role::Verifier]);
    let review = |c: ClaimFacts| may(Some(&v), &Object::Claim(c), Action::Review);
    let accredited = ClaimFacts {
        accredited: true,
        ..claim(ClaimState::Submitted)
    };
    assert_eq!(review(accredited.clone()), Ok(()));
    assert_eq!(
        review(claim(ClaimState::Submitted)),
        Err(Denied),
        "another programme"
    );
    assert_eq!(
        review(ClaimFacts {
            filed: true,
            ..accredited.clone()
        }),
        Err(Denied),
        "their own claim"
    );
    assert_eq!(
        review(ClaimFacts {
            group_member: true,
            ..accredited.clone()
        }),
        Err(Denied),
        "their group's claim"
    );
    assert_eq!(
        review(ClaimFacts {
            state: ClaimState::SecondReview,
            approved_once: true,
            ..accredited.clone()
        }),
        Err(Denied),
        "the second approval is someone else's"
    );
    assert_eq!(
        review(ClaimFacts {
            state: ClaimState::SecondReview,
            ..accredited.clone()
        }),
        Ok(())
    );
    for s in [
        ClaimState::InfoRequested,
        ClaimState::Issued,
        ClaimState::Rejected,
        ClaimState::Withdrawn,
    ] {
        assert_eq!(
            review(ClaimFacts {
                state: s,
                ..accredited.clone()
            }),
            Err(Denied)
        );
    }
    // Accredited in the data but no longer holding the role.
    let former = who(9, &[]);
    assert_eq!(
        may(Some(&former), &Object::Claim(accredited), Action::Review),
        Err(Denied)
    );
}

#[test]
fn the_claimant_side_sees_answers_and_withdraws_strangers_do_nothing() {
    let me = who(5, &[]);
    let filed = ClaimFacts {
        filed: true,
        ..claim(ClaimState::InfoRequested)
    };
    let member = ClaimFacts {
        group_member: true,
        ..claim(ClaimState::InfoRequested)
    };
    let stranger = claim(ClaimState::InfoRequested);
    for (facts, ok) in [(filed, true), (member, true), (stranger, false)] {
        for action in [Action::See, Action::Answer, Action::Withdraw] {
            assert_eq!(
                may(Some(&me), &Object::Claim(facts.clone()), action).is_ok(),
                ok,
                "{facts:?} {action:?}"
            );
        }
    }
    let issued = ClaimFacts {
        filed: true,
        ..claim(ClaimState::Issued)
    };
    assert_eq!(
        may(Some(&me), &Object::Claim(issued.clone()), Action::See),
        Ok(())
    );
    assert_eq!(
        may(Some(&me), &Object::Claim(issued.clone()), Action::Withdraw),
        Err(Denied)
    );
    assert_eq!(
        may(Some(&me), &Object::Claim(issued), Action::Answer),
        Err(Denied)
    );
    let admin = who(1, &[Role::Admin]);
    assert_eq!(
        may(
            Some(&admin),
            &Object::Claim(claim(ClaimState::Issued)),
            Action::See
        ),
        Ok(())
    );
}

#[test]
fn only_the_owner_moves_tokens_and_transfers_only_where_allowed() {
    let me = who(5, &[Role::Admin]);
    let own = AccountFacts {
        owner: true,
        transferable: true,
    };
    let others = AccountFacts {
        owner: false,
        transferable: true,
    };
    let locked = AccountFacts {
        owner: true,
        transferable: false,
    };
    for action in [Action::Transfer, Action::Spend, Action::Exchange] {
        assert_eq!(may(Some(&me), &Object::Account(own), action), Ok(()));
        assert_eq!(
            may(Some(&me), &Object::Account(others), action),
            Err(Denied),
            "even an administrator does not move someone's tokens"
        );
    }
    assert_eq!(
        may(Some(&me), &Object::Account(locked), Action::Transfer),
        Err(Denied)
    );
    assert_eq!(
        may(Some(&me), &Object::Account(locked), Action::Spend),
        Ok(())
    );
}

#[test]
fn the_citys_money_moves_by_its_coordinating_office_or_an_administrator() {
    let official = who(3, &[Role::Official]);
    let coordinating = CityFacts {
        coordinating: true,
        point_office: false,
    };
    let point = CityFacts {
        coordinating: false,
        point_office: true,
    };
    let elsewhere = CityFacts {
        coordinating: false,
        point_office: false,
    };
    let ask = |w: &Who, c: &CityFacts, a| may(Some(w), &Object::City(c.clone()), a).is_ok();
    assert!(ask(&official, &coordinating, Action::Pay));
    assert!(ask(&official, &coordinating, Action::Deposit));
    assert!(!ask(&official, &point, Action::Pay));
    assert!(!ask(&official, &elsewhere, Action::Deposit));
    assert!(ask(&official, &point, Action::Redeem));
    assert!(ask(&official, &coordinating, Action::Redeem));
    assert!(!ask(&official, &elsewhere, Action::Redeem));
    let citizen = who(4, &[]);
    assert!(
        !ask(&citizen, &coordinating, Action::Pay),
        "an office tie needs the role"
    );
    let admin = who(1, &[Role::Admin]);
    for a in [Action::Pay, Action::Deposit, Action::Redeem] {
        assert!(ask(&admin, &elsewhere, a));
    }
}
