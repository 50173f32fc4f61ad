//! Who may do what in accounts: the one place its permissions are decided. Services
//! enforce it inside their use-cases, handlers ask it before showing a form, and
//! templates show buttons from it, so the rule is never copied.
//!
//! Pure: the actor is the kit's `Who`, the objects are plain facts loaded by the
//! caller. Being signed in at all is the route table's business (`Access::SignedIn`);
//! this decides what a signed-in person may do.

use crate::kit::actor::Who;
use crate::kit::roles::Role;

pub use crate::kit::refusal::Denied;

/// What someone may ask of accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// The admin area: users, roles, offices, the role audit.
    Administer,
    /// The officials' desk (their offices and queues).
    UseOfficialDesk,
    /// Open the form to create a group (a verified address).
    OpenGroupForm,
    /// Create a group (a verified citizen).
    CreateGroup,
    /// Accept an invitation (a verified address; the address itself is checked
    /// against the invitation by the use-case).
    AcceptInvitation,
    /// Invite someone to a group (its referent).
    Invite,
    /// Hand the referent role to another member (its referent).
    HandOver,
    /// Leave a group (its members).
    Leave,
    /// Record an absence and its substitute (the absent official, or an administrator).
    RecordAbsence,
    /// Cancel a recorded absence (the absent official, or an administrator).
    CancelAbsence,
    /// Unlink a sign-in provider from an account (its owner, while another way to sign
    /// in remains).
    Unlink,
}

/// The objects accounts' permissions are about.
#[derive(Debug, Clone, Copy)]
pub enum Object<'a> {
    /// The platform as a whole (admin area, officials' desk, new groups, invitations).
    Platform,
    /// A group: who speaks for it and who belongs to it.
    Group { referent: i64, members: &'a [i64] },
    /// An official's absence: who is away.
    Absence { absent: i64 },
    /// An account's link to the identity provider: whose account, and how many other
    /// ways to sign in it has (a password counts as one).
    Identity { owner: i64, other_ways: i64 },
}

fn allow(ok: bool) -> Result<(), Denied> {
    if ok { Ok(()) } else { Err(Denied) }
}

/// Whether `actor` may do `action` on `object`. A group action on the platform, or a
/// platform action on a group, is refused.
pub fn may(actor: &Who, object: &Object<'_>, action: Action) -> Result<(), Denied> {
    match (object, action) {
        (Object::Platform, Action::Administer) => allow(actor.has(Role::Admin)),
        (Object::Platform, Action::UseOfficialDesk) => allow(actor.has(Role::Official)),
        (Object::Platform, Action::OpenGroupForm | Action::AcceptInvitation) => {
            allow(actor.verified)
        }
        (Object::Platform, Action::CreateGroup) => {
            allow(actor.verified && actor.has(Role::Citizen))
        }
        (Object::Group { referent, .. }, Action::Invite | Action::HandOver) => {
            allow(*referent == actor.id)
        }
        (Object::Group { members, .. }, Action::Leave) => allow(members.contains(&actor.id)),
        (Object::Absence { absent }, Action::RecordAbsence | Action::CancelAbsence) => {
            allow(actor.has(Role::Admin) || (*absent == actor.id && actor.has(Role::Official)))
        }
        (Object::Identity { owner, other_ways }, Action::Unlink) => {
            allow(*owner == actor.id && *other_ways > 0)
        }
        _ => Err(Denied),
    }
}

/// `may` as a yes or no, for templates.
pub fn allowed(actor: Option<&Who>, object: &Object<'_>, action: Action) -> bool {
    actor.is_some_and(|a| may(a, object, action).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who(id: i64, roles: &[Role], verified: bool) -> Who {
        Who {
            id,
            roles: roles.to_vec(),
            verified,
        }
    }

    /// The people of every case: referent (1), member (2), stranger (3), an official
    /// (4), an admin (5), and an unverified citizen (6).
    fn people() -> [Who; 6] {
        [
            who(1, &[Role::Citizen], true),
            who(2, &[Role::Citizen], true),
            who(3, &[Role::Citizen], true),
            who(4, &[Role::Citizen, Role::Official], true),
            who(5, &[Role::Admin], true),
            who(6, &[Role::Citizen], false),
        ]
    }

    fn answers(object: &Object<'_>, action: Action) -> [bool; 6] {
        people().map(|p| may(&p, object, action).is_ok())
    }

    #[test]
    fn an_absence_is_recorded_by_the_absent_official_or_an_administrator() {
        let (t, f) = (true, false);
        // The official (4) is away: they record it, an admin may; nobody else.
        let own = Object::Absence { absent: 4 };
        assert_eq!(answers(&own, Action::RecordAbsence), [f, f, f, t, t, f]);
        assert_eq!(answers(&own, Action::CancelAbsence), [f, f, f, t, t, f]);
        // A citizen's "absence" is nobody's to record but an admin's (who is then
        // refused by the use-case: only officials are away from an office).
        let citizen = Object::Absence { absent: 1 };
        assert_eq!(answers(&citizen, Action::RecordAbsence), [f, f, f, f, t, f]);
        // Absence actions on other objects are refused.
        assert_eq!(answers(&Object::Platform, Action::RecordAbsence), [f; 6]);
    }

    #[test]
    fn the_platform_admits_by_role_and_verified_address() {
        let p = Object::Platform;
        let (t, f) = (true, false);
        assert_eq!(answers(&p, Action::Administer), [f, f, f, f, t, f]);
        assert_eq!(answers(&p, Action::UseOfficialDesk), [f, f, f, t, f, f]);
        assert_eq!(answers(&p, Action::OpenGroupForm), [t, t, t, t, t, f]);
        assert_eq!(answers(&p, Action::AcceptInvitation), [t, t, t, t, t, f]);
        // The admin holds no citizen role here, so founds no group.
        assert_eq!(answers(&p, Action::CreateGroup), [t, t, t, t, f, f]);
        assert_eq!(answers(&p, Action::Invite), [f; 6]);
        assert_eq!(answers(&p, Action::Leave), [f; 6]);
    }

    #[test]
    fn a_group_is_run_by_its_referent_and_left_by_its_members() {
        let members = [1, 2];
        let g = Object::Group {
            referent: 1,
            members: &members,
        };
        let (t, f) = (true, false);
        // Neither officials nor admins act for a group they are not in.
        assert_eq!(answers(&g, Action::Invite), [t, f, f, f, f, f]);
        assert_eq!(answers(&g, Action::HandOver), [t, f, f, f, f, f]);
        assert_eq!(answers(&g, Action::Leave), [t, t, f, f, f, f]);
        assert_eq!(answers(&g, Action::Administer), [f; 6]);
        assert_eq!(answers(&g, Action::CreateGroup), [f; 6]);
    }

    #[test]
    fn a_provider_link_is_unlinked_by_its_owner_while_another_way_remains() {
        let (t, f) = (true, false);
        let with_password = Object::Identity {
            owner: 1,
            other_ways: 1,
        };
        // Neither an admin nor an official unlinks someone else's sign-in.
        assert_eq!(answers(&with_password, Action::Unlink), [t, f, f, f, f, f]);
        let last_way = Object::Identity {
            owner: 1,
            other_ways: 0,
        };
        assert_eq!(answers(&last_way, Action::Unlink), [f; 6]);
        assert_eq!(answers(&with_password, Action::Administer), [f; 6]);
    }

    #[test]
    fn nobody_signed_in_is_allowed_nothing() {
        assert!(!allowed(None, &Object::Platform, Action::OpenGroupForm));
        let p = people();
        assert!(allowed(Some(&p[4]), &Object::Platform, Action::Administer));
    }
}
