//! Groups: how citizens act together (DOMAIN.md). A verified citizen creates a group
//! and becomes its referent; the referent invites members by e-mail; an invitee
//! accepts through the link while signed in; the referent can hand the role over.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::accounts::CurrentUser;
use crate::accounts::policy::{self, Action, Object};
use crate::accounts::validate::EmailAddress;
use crate::db::AnyConnection;
use crate::db::schema::{group_invitations, group_members, groups, users};
use crate::error::AppError;
use crate::kit::codes::code_enum;
use crate::mail::{self, ActionMail};
use crate::ports::Ports;
use crate::util::now;
use crate::util::{random_token, sha256_hex};
use crate::web::forms::{FormErrors, Refusal};

code_enum! {
    /// What sort of group it is (DOMAIN.md); a chamber admits some kinds.
    GroupKind label "group-kind" {
        InformalGroup => "informal_group",
        Association => "association",
        Cooperative => "cooperative",
        SocialEnterprise => "social_enterprise",
        School => "school",
        Business => "business",
    }
}

pub const INVITATION_DAYS: i64 = 14;

#[derive(Debug, Clone)]
pub struct GroupSummary {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub description: String,
    pub referent_id: i64,
    pub referent_name: String,
    pub members: Vec<(i64, String)>,
    /// The members' ids, in the same order (what the policy reads).
    pub member_ids: Vec<i64>,
    pub created_at: NaiveDateTime,
}

impl GroupSummary {
    pub fn kind_label_key(&self) -> String {
        GroupKind::parse(&self.kind)
            .map(GroupKind::label_key)
            .unwrap_or_default()
    }

    pub fn is_member(&self, uid: i64) -> bool {
        self.member_ids.contains(&uid)
    }

    /// The group as accounts' policy sees it.
    pub fn as_object(&self) -> Object<'_> {
        Object::Group {
            referent: self.referent_id,
            members: &self.member_ids,
        }
    }
}

/// A new group's validated fields.
pub struct NewGroup {
    pub name: String,
    pub kind: GroupKind,
    pub description: String,
}

impl NewGroup {
    pub fn parse(name: &str, kind: &str, description: &str) -> Result<NewGroup, FormErrors> {
        let mut e = FormErrors::new();
        let name = name.trim();
        if name.is_empty() {
            e.add("name", "field-group-name-required");
        } else if name.chars().count() > 120 || name.chars().any(char::is_control) {
            e.add("name", "field-group-name-invalid");
        }
        let kind = GroupKind::parse(kind);
        if kind.is_none() {
            e.add("kind", "field-group-kind-invalid");
        }
        let description = description.trim();
        if description.chars().count() > 4000 {
            e.add("description", "field-description-too-long");
        }
        match kind {
            Some(kind) if e.is_empty() => Ok(NewGroup {
                name: name.to_string(),
                kind,
                description: description.to_string(),
            }),
            _ => Err(e),
        }
    }
}

pub fn create_group_unchecked(
    conn: &mut AnyConnection,
    creator: i64,
    g: &NewGroup,
) -> Result<i64, AppError> {
    let t = now();
    let id: i64 = diesel::insert_into(groups::table)
        .values((
            groups::name.eq(&g.name),
            groups::kind.eq(g.kind.code()),
            groups::description.eq(&g.description),
            groups::referent_id.eq(creator),
            groups::created_by.eq(creator),
            groups::created_at.eq(t),
        ))
        .returning(groups::id)
        .get_result(conn)?;
    add_member(conn, id, creator)?;
    Ok(id)
}

pub fn add_member(conn: &mut AnyConnection, group: i64, user: i64) -> Result<(), AppError> {
    let exists: i64 = group_members::table
        .filter(group_members::group_id.eq(group))
        .filter(group_members::user_id.eq(user))
        .count()
        .get_result(conn)?;
    if exists == 0 {
        diesel::insert_into(group_members::table)
            .values((
                group_members::group_id.eq(group),
                group_members::user_id.eq(user),
                group_members::joined_at.eq(now()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub async fn create_group(
    state: &Ports,
    actor: &CurrentUser,
    g: NewGroup,
) -> Result<i64, AppError> {
    policy::may(&actor.who(), &Object::Platform, Action::CreateGroup)?;
    let uid = actor.id;
    state
        .db
        .transaction(move |conn| create_group_unchecked(conn, uid, &g))
        .await
}

fn load_group(conn: &mut AnyConnection, id: i64) -> Result<GroupSummary, AppError> {
    let (gid, name, kind, description, referent_id, created_at): (
        i64,
        String,
        String,
        String,
        i64,
        NaiveDateTime,
    ) = groups::table
        .find(id)
        .select((
            groups::id,
            groups::name,
            groups::kind,
            groups::description,
            groups::referent_id,
            groups::created_at,
        ))
        .first(conn)?;
    let members: Vec<(i64, String)> = group_members::table
        .inner_join(users::table)
        .filter(group_members::group_id.eq(gid))
        .order(group_members::joined_at.asc())
        .select((users::id, users::display_name))
        .load(conn)?;
    let referent_name: String = users::table
        .find(referent_id)
        .select(users::display_name)
        .first(conn)?;
    Ok(GroupSummary {
        id: gid,
        name,
        kind,
        description,
        referent_id,
        referent_name,
        member_ids: members.iter().map(|(id, _)| *id).collect(),
        members,
        created_at,
    })
}

/// A group's public page.
pub async fn show(state: &Ports, id: i64) -> Result<GroupSummary, AppError> {
    state.db.run(move |conn| load_group(conn, id)).await
}

/// The groups the actor belongs to.
pub async fn mine(state: &Ports, actor: &CurrentUser) -> Result<Vec<GroupSummary>, AppError> {
    let uid = actor.id;
    state
        .db
        .run(move |conn| {
            let ids: Vec<i64> = group_members::table
                .filter(group_members::user_id.eq(uid))
                .order(group_members::group_id.asc())
                .select(group_members::group_id)
                .load(conn)?;
            ids.into_iter().map(|id| load_group(conn, id)).collect()
        })
        .await
}

/// Invites someone by e-mail; only the referent may.
pub async fn invite(
    state: &Ports,
    actor: &CurrentUser,
    group: i64,
    email: &str,
) -> Result<(), Refusal> {
    let email = EmailAddress::parse(email).map_err(|k| Refusal::field("email", k))?;
    state
        .limiter
        .check(
            &format!("invite:{}", actor.id),
            crate::web::rate_limit::Limit::new(30, 3600),
        )
        .await?;
    let st = state.clone();
    let actor = actor.clone();
    state
        .db
        .transaction(move |conn| {
            let g = load_group(conn, group)?;
            policy::may(&actor.who(), &g.as_object(), Action::Invite)?;
            let token = random_token();
            let t = now();
            diesel::insert_into(group_invitations::table)
                .values((
                    group_invitations::group_id.eq(group),
                    group_invitations::email.eq(email.as_str()),
                    group_invitations::token_hash.eq(sha256_hex(token.as_bytes())),
                    group_invitations::invited_by.eq(actor.id),
                    group_invitations::created_at.eq(t),
                    group_invitations::expires_at.eq(t + Duration::days(INVITATION_DAYS)),
                ))
                .execute(conn)?;
            let url = st.config.absolute_url(&format!("/invitations/{token}"));
            // The invitee may have no account: write in the inviter's language.
            let m = mail::compose_action(
                actor.language,
                &st.config.city_name,
                &ActionMail {
                    prefix: "email-invite",
                    to: email.as_str(),
                    name: &g.name,
                    url: &url,
                    args: &[],
                },
            )
            .map_err(|e| AppError::internal(e.to_string()))?;
            mail::enqueue(conn, &m)?;
            Ok(())
        })
        .await?;
    Ok(())
}

/// An invitation as its page shows it.
#[derive(Debug, Clone)]
pub struct Invitation {
    pub group: GroupSummary,
    pub email: String,
    pub usable: bool,
}

fn find_invitation(
    conn: &mut AnyConnection,
    token: &str,
) -> Result<(i64, i64, String, bool), AppError> {
    let (id, group, email, expires, accepted): (
        i64,
        i64,
        String,
        NaiveDateTime,
        Option<NaiveDateTime>,
    ) = group_invitations::table
        .filter(group_invitations::token_hash.eq(sha256_hex(token.as_bytes())))
        .select((
            group_invitations::id,
            group_invitations::group_id,
            group_invitations::email,
            group_invitations::expires_at,
            group_invitations::accepted_at,
        ))
        .first(conn)?;
    Ok((id, group, email, accepted.is_none() && expires > now()))
}

pub async fn invitation(state: &Ports, token: String) -> Result<Invitation, AppError> {
    state
        .db
        .run(move |conn| {
            let (_, group, email, usable) = find_invitation(conn, &token)?;
            Ok(Invitation {
                group: load_group(conn, group)?,
                email,
                usable,
            })
        })
        .await
}

/// Whether an invitation sent to `invited` is for this person: their verified
/// address is the invited one (compared without case).
pub fn invited_address_matches(invited: &str, actor: &CurrentUser) -> bool {
    actor.verified && actor.email.trim().eq_ignore_ascii_case(invited.trim())
}

/// Accepts an invitation. The link alone is not enough: the accepting account's
/// verified address must be the invited one. Used once, before it expires.
pub async fn accept(state: &Ports, actor: &CurrentUser, token: String) -> Result<i64, AppError> {
    policy::may(&actor.who(), &Object::Platform, Action::AcceptInvitation)?;
    let uid = actor.id;
    let actor = actor.clone();
    state
        .db
        .transaction(move |conn| {
            let (id, group, email, usable) = find_invitation(conn, &token)?;
            if !usable {
                return Err(AppError::Conflict("invitation-unusable"));
            }
            if !invited_address_matches(&email, &actor) {
                return Err(AppError::Conflict("invitation-other-address"));
            }
            diesel::update(group_invitations::table.find(id))
                .set((
                    group_invitations::accepted_at.eq(Some(now())),
                    group_invitations::accepted_by.eq(Some(uid)),
                ))
                .execute(conn)?;
            add_member(conn, group, uid)?;
            Ok(group)
        })
        .await
}

/// Leaves a group. The referent must hand over first (unless they are the last member).
pub async fn leave(state: &Ports, actor: &CurrentUser, group: i64) -> Result<(), AppError> {
    let uid = actor.id;
    let who = actor.who();
    state
        .db
        .transaction(move |conn| {
            let g = load_group(conn, group)?;
            policy::may(&who, &g.as_object(), Action::Leave)?;
            if g.referent_id == uid && g.members.len() > 1 {
                return Err(AppError::Conflict("group-referent-must-hand-over"));
            }
            diesel::delete(
                group_members::table
                    .filter(group_members::group_id.eq(group))
                    .filter(group_members::user_id.eq(uid)),
            )
            .execute(conn)?;
            Ok(())
        })
        .await
}

/// Hands the referent role to another member; only the referent may.
pub async fn set_referent(
    state: &Ports,
    actor: &CurrentUser,
    group: i64,
    member: i64,
) -> Result<(), AppError> {
    let who = actor.who();
    state
        .db
        .transaction(move |conn| {
            let g = load_group(conn, group)?;
            policy::may(&who, &g.as_object(), Action::HandOver)?;
            if !g.is_member(member) {
                return Err(AppError::Conflict("group-referent-not-member"));
            }
            diesel::update(groups::table.find(group))
                .set(groups::referent_id.eq(member))
                .execute(conn)?;
            Ok(())
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_groups_validate() {
        for k in GroupKind::ALL {
            assert_eq!(GroupKind::parse(k.code()), Some(*k));
        }
        assert!(NewGroup::parse("Orto di via Libia", "informal_group", "").is_ok());
        let e = NewGroup::parse(" ", "club", "").err().unwrap();
        assert_eq!(e.fields(), vec!["name", "kind"]);
    }
}
