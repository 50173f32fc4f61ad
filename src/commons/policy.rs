//! Who may do what in the commons registry: the one place its permissions are
//! decided. Services enforce it inside their use-cases, handlers ask it before showing
//! a form, and the commons page shows its buttons from it.
//!
//! Pure: the actor is the kit's `Who` with the groups they belong to, the commons is
//! the few facts the rule reads. Any official may review any commons (the registry
//! has no office assignment, unlike pacts). "The city" below is officials and admins.

use super::model::Status;
use crate::kit::actor::Who;
use crate::kit::roles::Role;

pub use crate::kit::refusal::Denied;

/// Someone acting on the registry: who they are and the groups they belong to (only
/// the rules about one commons read the groups).
#[derive(Debug, Clone)]
pub struct Actor {
    pub who: Who,
    pub groups: Vec<i64>,
}

/// What someone may ask of the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// See a commons (its page, its GeoJSON, its photos, its name elsewhere).
    See,
    /// Propose a commons (a verified address).
    Propose,
    /// See the review queue, and recognise, decline, mark dormant or revive any
    /// commons (officials).
    Review,
    /// Add a photo to a commons that was not declined (its people, verified).
    AddPhoto,
    /// Change a commons' record: its people (verified) while it is proposed, the city
    /// always; never a merged one (it only redirects).
    Edit,
    /// Change what the commons office records (asset code, condition, restrictions):
    /// the city.
    EditOfficeFields,
    /// Delete a photo: whoever uploaded it, and the city.
    DeletePhoto,
    /// Hide a photo with reasons, or show it again (moderation): the city.
    ModeratePhoto,
    /// Give a district's name in the site's other languages: admins.
    TranslateDistrict,
}

/// The facts of one commons the rules read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    pub status: Status,
    pub proposer: i64,
    pub group: Option<i64>,
}

/// What an action is about.
#[derive(Debug, Clone, Copy)]
pub enum Object {
    /// The registry as a whole (proposals, the review of any commons).
    Registry,
    /// One commons.
    Commons(Facts),
    /// A photo of a commons, and who uploaded it.
    Photo {
        commons: Facts,
        uploader: Option<i64>,
    },
}

fn allow(ok: bool) -> Result<(), Denied> {
    if ok { Ok(()) } else { Err(Denied) }
}

/// The city: officials and admins.
fn city(actor: &Actor) -> bool {
    actor.who.has(Role::Official) || actor.who.has(Role::Admin)
}

/// The people of a commons: its proposer, its group's members, and the city.
fn involved(actor: &Actor, c: &Facts) -> bool {
    actor.who.id == c.proposer || city(actor) || c.group.is_some_and(|g| actor.groups.contains(&g))
}

/// Whether `actor` (`None`: nobody signed in) may do `action` on `object`.
pub fn may(actor: Option<&Actor>, object: &Object, action: Action) -> Result<(), Denied> {
    match (object, action) {
        // A public commons is everyone's; a proposed or declined one only its people's.
        (Object::Commons(c), Action::See) => {
            allow(c.status.is_public() || actor.is_some_and(|a| involved(a, c)))
        }
        (Object::Commons(c), Action::AddPhoto) => allow(
            c.status != Status::Declined && actor.is_some_and(|a| a.who.verified && involved(a, c)),
        ),
        (Object::Commons(c), Action::Edit) => allow(
            c.status.is_editable()
                && actor.is_some_and(|a| {
                    city(a) || (c.status == Status::Proposed && a.who.verified && involved(a, c))
                }),
        ),
        (Object::Commons(c), Action::EditOfficeFields) => {
            allow(c.status.is_editable() && actor.is_some_and(city))
        }
        (Object::Photo { commons, uploader }, Action::DeletePhoto) => allow(
            commons.status.is_editable()
                && actor.is_some_and(|a| city(a) || uploader.is_some_and(|u| u == a.who.id)),
        ),
        (Object::Photo { commons, .. }, Action::ModeratePhoto) => {
            allow(commons.status.is_editable() && actor.is_some_and(city))
        }
        (Object::Registry, Action::Review) => {
            allow(actor.is_some_and(|a| a.who.has(Role::Official)))
        }
        (Object::Registry, Action::Propose) => allow(actor.is_some_and(|a| a.who.verified)),
        (Object::Registry, Action::TranslateDistrict) => {
            allow(actor.is_some_and(|a| a.who.has(Role::Admin)))
        }
        _ => Err(Denied),
    }
}

/// `may` as a yes or no, for pages.
pub fn allowed(actor: Option<&Actor>, object: &Object, action: Action) -> bool {
    may(actor, object, action).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GROUP: i64 = 70;

    fn actor(id: i64, roles: &[Role], verified: bool, groups: &[i64]) -> Actor {
        Actor {
            who: Who {
                id,
                roles: roles.to_vec(),
                verified,
            },
            groups: groups.to_vec(),
        }
    }

    /// Every case's people: anonymous, the proposer (1), a member of the commons'
    /// group (2), a stranger (3), an official of the office concerned (4), an official
    /// of another office (5: the registry does not tell them apart), an admin (6), an
    /// unverified member of the group (7).
    fn people() -> Vec<Option<Actor>> {
        vec![
            None,
            Some(actor(1, &[Role::Citizen], true, &[])),
            Some(actor(2, &[Role::Citizen], true, &[GROUP])),
            Some(actor(3, &[Role::Citizen], true, &[71])),
            Some(actor(4, &[Role::Citizen, Role::Official], true, &[])),
            Some(actor(5, &[Role::Official], true, &[])),
            Some(actor(6, &[Role::Admin], true, &[])),
            Some(actor(7, &[Role::Citizen], false, &[GROUP])),
        ]
    }

    fn answers(object: &Object, action: Action) -> Vec<bool> {
        people()
            .iter()
            .map(|p| allowed(p.as_ref(), object, action))
            .collect()
    }

    fn commons(status: Status) -> Object {
        Object::Commons(Facts {
            status,
            proposer: 1,
            group: Some(GROUP),
        })
    }

    const T: bool = true;
    const F: bool = false;

    #[test]
    fn a_proposal_is_seen_by_its_people_and_officials_only() {
        for s in [Status::Proposed, Status::Declined, Status::Merged] {
            assert_eq!(answers(&commons(s), Action::See), [F, T, T, F, T, T, T, T]);
        }
        for s in [Status::Recognised, Status::Dormant, Status::Retired] {
            assert_eq!(answers(&commons(s), Action::See), [T; 8]);
        }
    }

    #[test]
    fn its_people_edit_a_proposal_and_the_city_edits_always() {
        // Anonymous, proposer, member, stranger, official, other official, admin,
        // unverified member.
        assert_eq!(
            answers(&commons(Status::Proposed), Action::Edit),
            [F, T, T, F, T, T, T, F]
        );
        for s in [
            Status::Recognised,
            Status::Dormant,
            Status::Declined,
            Status::Retired,
        ] {
            assert_eq!(answers(&commons(s), Action::Edit), [F, F, F, F, T, T, T, F]);
            assert_eq!(
                answers(&commons(s), Action::EditOfficeFields),
                [F, F, F, F, T, T, T, F]
            );
        }
        assert_eq!(
            answers(&commons(Status::Proposed), Action::EditOfficeFields),
            [F, F, F, F, T, T, T, F]
        );
        assert_eq!(answers(&commons(Status::Merged), Action::Edit), [F; 8]);
    }

    #[test]
    fn a_photo_is_deleted_by_its_uploader_or_the_city_and_moderated_by_the_city() {
        let photo = |status, uploader| Object::Photo {
            commons: Facts {
                status,
                proposer: 1,
                group: Some(GROUP),
            },
            uploader,
        };
        // Uploaded by the group member (2).
        let p = photo(Status::Recognised, Some(2));
        assert_eq!(answers(&p, Action::DeletePhoto), [F, F, T, F, T, T, T, F]);
        assert_eq!(answers(&p, Action::ModeratePhoto), [F, F, F, F, T, T, T, F]);
        // An uploader whose account is gone: only the city.
        let p = photo(Status::Recognised, None);
        assert_eq!(answers(&p, Action::DeletePhoto), [F, F, F, F, T, T, T, F]);
        assert_eq!(
            answers(&photo(Status::Merged, Some(2)), Action::DeletePhoto),
            [F; 8]
        );
        assert_eq!(answers(&p, Action::See), [F; 8]);
    }

    #[test]
    fn photos_come_from_verified_people_of_a_commons_not_declined() {
        let people = [F, T, T, F, T, T, T, F];
        assert_eq!(
            answers(&commons(Status::Proposed), Action::AddPhoto),
            people
        );
        assert_eq!(
            answers(&commons(Status::Recognised), Action::AddPhoto),
            people
        );
        assert_eq!(
            answers(&commons(Status::Declined), Action::AddPhoto),
            [F; 8]
        );
    }

    #[test]
    fn officials_review_and_verified_people_propose() {
        let officials = [F, F, F, F, T, T, F, F];
        assert_eq!(answers(&Object::Registry, Action::Review), officials);
        assert_eq!(
            answers(&Object::Registry, Action::Propose),
            [F, T, T, T, T, T, T, F]
        );
    }

    #[test]
    fn actions_on_the_wrong_object_are_refused() {
        assert_eq!(answers(&Object::Registry, Action::See), [F; 8]);
        assert_eq!(
            answers(&commons(Status::Recognised), Action::Propose),
            [F; 8]
        );
        assert_eq!(answers(&commons(Status::Proposed), Action::Review), [F; 8]);
    }
}
