//! Membership: a person joins an assembly (at once, or by asking where a facilitator
//! admits each request); a group's referent asks for it to join a chamber and names
//! who votes for it; facilitators admit, refuse and remove, with a reason; anyone
//! leaves. Rows are never deleted: each membership keeps its join and leave dates.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{allow, limit, store};
use crate::accounts::api::{self as accounts, Who};
use crate::assemblies::model::{MemberStatus, reason, status_on_request};
use crate::assemblies::policy::{self, Action, Object};
use crate::db::AnyConnection;
use crate::db::schema::body_members;
use crate::error::AppError;
use crate::ports::Ports;
use crate::web::forms::Refusal;

/// Members or requests per page.
pub const PAGE: i64 = 100;

fn insert(
    conn: &mut AnyConnection,
    body: i64,
    user: Option<i64>,
    group: Option<i64>,
    status: MemberStatus,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let inserted = diesel::insert_into(body_members::table)
        .values((
            body_members::body_id.eq(body),
            body_members::user_id.eq(user),
            body_members::group_id.eq(group),
            body_members::status.eq(status.code()),
            body_members::requested_at.eq(now),
            body_members::joined_at.eq((status == MemberStatus::Member).then_some(now)),
        ))
        .execute(conn);
    match inserted {
        // A second request racing the first: the unique index keeps one.
        Err(e) if crate::db::is_unique_violation(&e) => {
            Err(AppError::Conflict("body-already-member"))
        }
        other => Ok(other.map(|_| ())?),
    }
}

/// Closes a current membership as `status` (left or refused), with a reason.
fn close(
    conn: &mut AnyConnection,
    id: i64,
    status: MemberStatus,
    by: Option<i64>,
    why: &str,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::update(body_members::table.find(id))
        .set((
            body_members::status.eq(status.code()),
            body_members::left_at.eq(now),
            body_members::decided_by.eq(by),
            body_members::reason.eq(why),
        ))
        .execute(conn)?;
    Ok(())
}

/// A person joins an assembly or asks to; answers where they stand.
pub fn join_in(
    conn: &mut AnyConnection,
    who: &Who,
    slug: &str,
    now: NaiveDateTime,
) -> Result<MemberStatus, AppError> {
    let (b, _) = allow(conn, slug, Some(who), Action::Join)?;
    let status = status_on_request(b.kind, b.joining);
    insert(conn, b.id, Some(who.id), None, status, now)?;
    Ok(status)
}

pub async fn join(ports: &Ports, who: &Who, slug: &str) -> Result<MemberStatus, AppError> {
    limit(ports, who).await?;
    let (who, slug, now) = (who.clone(), slug.to_string(), ports.clock.now());
    ports
        .db
        .transaction(move |conn| join_in(conn, &who, &slug, now))
        .await
}

/// A person leaves, or withdraws their request.
pub async fn leave(ports: &Ports, who: &Who, slug: &str) -> Result<(), AppError> {
    limit(ports, who).await?;
    let (who, slug, now) = (who.clone(), slug.to_string(), ports.clock.now());
    ports
        .db
        .transaction(move |conn| {
            let (b, _) = allow(conn, &slug, Some(&who), Action::Leave)?;
            let m = store::current_of(conn, b.id, Some(who.id), None)?.ok_or(AppError::NotFound)?;
            close(conn, m.id, MemberStatus::Left, Some(who.id), "", now)
        })
        .await
}

/// The group `who` speaks for, and its tie to the body.
fn led(
    conn: &mut AnyConnection,
    body: i64,
    who: &Who,
    group: i64,
) -> Result<store::LedGroup, AppError> {
    store::led_groups(conn, body, who)?
        .into_iter()
        .find(|g| g.card.id == group)
        .ok_or(AppError::ForbiddenBecause("body-not-referent"))
}

/// A group's referent asks for it to join a chamber.
pub fn join_for_in(
    conn: &mut AnyConnection,
    who: &Who,
    slug: &str,
    group: i64,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let b = store::by_slug(conn, slug)?;
    let g = led(conn, b.id, who, group)?;
    let facts = store::facts(conn, &b, Some(who))?;
    policy::may(Some(who), &Object::Body(&facts), Action::JoinFor(g.tie))?;
    insert(conn, b.id, None, Some(group), MemberStatus::Pending, now)
}

pub async fn join_for(ports: &Ports, who: &Who, slug: &str, group: i64) -> Result<(), AppError> {
    limit(ports, who).await?;
    let (who, slug, now) = (who.clone(), slug.to_string(), ports.clock.now());
    ports
        .db
        .transaction(move |conn| join_for_in(conn, &who, &slug, group, now))
        .await
}

/// A group's referent takes it out of a chamber, or withdraws its request.
pub async fn leave_for(ports: &Ports, who: &Who, slug: &str, group: i64) -> Result<(), AppError> {
    limit(ports, who).await?;
    let (who, slug, now) = (who.clone(), slug.to_string(), ports.clock.now());
    ports
        .db
        .transaction(move |conn| {
            let b = store::by_slug(conn, &slug)?;
            let g = led(conn, b.id, &who, group)?;
            let facts = store::facts(conn, &b, Some(&who))?;
            policy::may(Some(&who), &Object::Body(&facts), Action::LeaveFor(g.tie))?;
            let m = store::current_of(conn, b.id, None, Some(group))?.ok_or(AppError::NotFound)?;
            close(conn, m.id, MemberStatus::Left, Some(who.id), "", now)
        })
        .await
}

/// A group's referent names who votes for it (a member of the group), or nobody (the
/// referent votes).
pub async fn name_delegate(
    ports: &Ports,
    who: &Who,
    slug: &str,
    group: i64,
    delegate: Option<i64>,
) -> Result<(), Refusal> {
    let (who, slug) = (who.clone(), slug.to_string());
    ports
        .db
        .try_transaction(move |conn| {
            let b = store::by_slug(conn, &slug)?;
            let g = led(conn, b.id, &who, group)?;
            let facts = store::facts(conn, &b, Some(&who))?;
            policy::may(
                Some(&who),
                &Object::Body(&facts),
                Action::NameDelegate(g.tie),
            )?;
            if let Some(d) = delegate
                && !accounts::is_group_member(conn, group, d)?
            {
                return Err(Refusal::field("delegate", "field-body-delegate-invalid"));
            }
            let m = store::current_of(conn, b.id, None, Some(group))?.ok_or(AppError::NotFound)?;
            diesel::update(body_members::table.find(m.id))
                .set(body_members::delegate_id.eq(delegate))
                .execute(conn)?;
            Ok(())
        })
        .await
}

/// What a facilitator decides about a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Admit,
    Refuse(String),
}

/// A facilitator admits or refuses a request (with a reason, shown to the person).
pub fn decide_in(
    conn: &mut AnyConnection,
    who: &Who,
    slug: &str,
    member: i64,
    d: &Decision,
    now: NaiveDateTime,
) -> Result<(), Refusal> {
    let (b, _) = allow(conn, slug, Some(who), Action::Decide)?;
    let m = store::membership_of(conn, b.id, member)?;
    if m.status != MemberStatus::Pending {
        return Err(AppError::Conflict("body-request-decided").into());
    }
    match d {
        Decision::Admit => {
            diesel::update(body_members::table.find(m.id))
                .set((
                    body_members::status.eq(MemberStatus::Member.code()),
                    body_members::joined_at.eq(now),
                    body_members::decided_by.eq(who.id),
                ))
                .execute(conn)?;
        }
        Decision::Refuse(why) => {
            let why = reason(why).map_err(|k| Refusal::field("reason", k))?;
            close(conn, m.id, MemberStatus::Refused, Some(who.id), &why, now)?;
        }
    }
    Ok(())
}

pub async fn decide(
    ports: &Ports,
    who: &Who,
    slug: &str,
    member: i64,
    d: Decision,
) -> Result<(), Refusal> {
    let (who, slug, now) = (who.clone(), slug.to_string(), ports.clock.now());
    ports
        .db
        .try_transaction(move |conn| decide_in(conn, &who, &slug, member, &d, now))
        .await
}

/// A facilitator removes a member, with a reason.
pub async fn remove(
    ports: &Ports,
    who: &Who,
    slug: &str,
    member: i64,
    why: &str,
) -> Result<(), Refusal> {
    let why = reason(why).map_err(|k| Refusal::field("reason", k))?;
    if why.is_empty() {
        return Err(Refusal::field("reason", "field-body-reason-required"));
    }
    let (who, slug, now) = (who.clone(), slug.to_string(), ports.clock.now());
    ports
        .db
        .try_transaction(move |conn| {
            let (b, _) = allow(conn, &slug, Some(&who), Action::Decide)?;
            let m = store::membership_of(conn, b.id, member)?;
            if m.status != MemberStatus::Member {
                return Err(AppError::Conflict("body-not-member").into());
            }
            close(conn, m.id, MemberStatus::Left, Some(who.id), &why, now)?;
            Ok(())
        })
        .await
}

/// One line of a member list or of the requests.
#[derive(Debug, Clone)]
pub struct MemberLine {
    pub id: i64,
    /// The person's or the organisation's name ("" for an erased account).
    pub name: String,
    pub group: Option<i64>,
    /// Who votes for an organisation (its delegate, else its referent).
    pub voter: String,
    pub status: MemberStatus,
    pub requested_at: NaiveDateTime,
    pub joined_at: Option<NaiveDateTime>,
}

/// One page of members or requests.
#[derive(Debug, Clone)]
pub struct MemberList {
    /// The body's slug and name.
    pub slug: String,
    pub name: String,
    pub lines: Vec<MemberLine>,
    pub next: Option<i64>,
    /// Whether the list is public (a chamber's: organisations), and so open data.
    pub public: bool,
}

/// Names one page of memberships (three queries whatever its length).
pub(super) fn named(
    conn: &mut AnyConnection,
    rows: Vec<store::Membership>,
) -> Result<Vec<MemberLine>, AppError> {
    let groups: Vec<i64> = rows.iter().filter_map(|m| m.group_id).collect();
    let cards = accounts::group_cards(conn, &groups)?;
    let mut people: Vec<i64> = rows.iter().filter_map(|m| m.user_id).collect();
    people.extend(rows.iter().filter_map(|m| m.delegate_id));
    people.extend(cards.iter().map(|c| c.referent));
    let names = accounts::display_names(conn, &people)?;
    let name = |u: i64| {
        names
            .iter()
            .find(|n| n.0 == u)
            .map(|n| n.1.clone())
            .unwrap_or_default()
    };
    Ok(rows
        .into_iter()
        .map(|m| {
            let card = m.group_id.and_then(|g| cards.iter().find(|c| c.id == g));
            MemberLine {
                id: m.id,
                name: match (m.user_id, card) {
                    (Some(u), _) => name(u),
                    (None, Some(c)) => c.name.clone(),
                    (None, None) => String::new(),
                },
                group: m.group_id,
                voter: match (m.delegate_id, card) {
                    (Some(d), _) => name(d),
                    (None, Some(c)) => name(c.referent),
                    (None, None) => String::new(),
                },
                status: m.status,
                requested_at: m.requested_at,
                joined_at: m.joined_at,
            }
        })
        .collect())
}

/// A body's members, oldest first, one page after `after`.
pub async fn members(
    ports: &Ports,
    who: Option<&Who>,
    slug: &str,
    after: Option<i64>,
) -> Result<MemberList, AppError> {
    list(
        ports,
        who,
        slug,
        after,
        MemberStatus::Member,
        Action::SeeMembers,
    )
    .await
}

/// A body's requests waiting for a decision (facilitators), oldest first.
pub async fn requests(
    ports: &Ports,
    who: &Who,
    slug: &str,
    after: Option<i64>,
) -> Result<MemberList, AppError> {
    list(
        ports,
        Some(who),
        slug,
        after,
        MemberStatus::Pending,
        Action::Decide,
    )
    .await
}

async fn list(
    ports: &Ports,
    who: Option<&Who>,
    slug: &str,
    after: Option<i64>,
    status: MemberStatus,
    action: Action,
) -> Result<MemberList, AppError> {
    let (who, slug) = (who.cloned(), slug.to_string());
    ports
        .db
        .run(move |conn| {
            let (b, _) = allow(conn, &slug, who.as_ref(), action)?;
            let (rows, next) = store::memberships(conn, b.id, &[status], after, PAGE)?;
            Ok(MemberList {
                lines: named(conn, rows)?,
                public: b.kind == crate::assemblies::model::BodyKind::Chamber,
                slug: b.slug,
                name: b.name,
                next,
            })
        })
        .await
}
