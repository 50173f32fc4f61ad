//! Reading and writing bodies, their facilitators and their members. The use-cases in
//! `service` are built from these; each function runs in the caller's connection or
//! transaction, in a fixed number of queries.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::{BodyKind, Joining, MemberStatus, OrgKind, parse_codes};
use super::policy::{Facts, GroupTie, Ties};
use crate::accounts::api::{self as accounts, GroupCard, Who};
use crate::db::AnyConnection;
use crate::db::schema::{bodies, body_facilitators, body_members};
use crate::error::AppError;

/// One body, as its page and its rules read it.
#[derive(Debug, Clone)]
pub struct Body {
    pub id: i64,
    pub slug: String,
    pub kind: BodyKind,
    pub name: String,
    pub charter: String,
    pub district_id: Option<i64>,
    pub theme: String,
    pub joining: Joining,
    pub admits: Vec<OrgKind>,
    pub motion_threshold: i64,
    pub created_at: NaiveDateTime,
}

type BodyRow = (
    i64,
    String,
    String,
    String,
    String,
    Option<i64>,
    String,
    String,
    String,
    i64,
    NaiveDateTime,
);

macro_rules! body_columns {
    () => {
        (
            bodies::id,
            bodies::slug,
            bodies::kind,
            bodies::name,
            bodies::charter,
            bodies::district_id,
            bodies::theme,
            bodies::joining,
            bodies::admits,
            bodies::motion_threshold,
            bodies::created_at,
        )
    };
}

fn body(r: BodyRow) -> Result<Body, AppError> {
    Ok(Body {
        id: r.0,
        slug: r.1,
        kind: BodyKind::parse(&r.2).ok_or_else(|| AppError::internal("body kind"))?,
        name: r.3,
        charter: r.4,
        district_id: r.5,
        theme: r.6,
        joining: Joining::parse(&r.7).ok_or_else(|| AppError::internal("body joining"))?,
        admits: parse_codes(&r.8),
        motion_threshold: r.9,
        created_at: r.10,
    })
}

/// The body with this slug (404 if none).
pub fn by_slug(conn: &mut AnyConnection, slug: &str) -> Result<Body, AppError> {
    let row: Option<BodyRow> = bodies::table
        .filter(bodies::slug.eq(slug))
        .select(body_columns!())
        .first(conn)
        .optional()?;
    body(row.ok_or(AppError::NotFound)?)
}

/// Every body, by name (a city has a handful; bounded all the same).
pub fn all(conn: &mut AnyConnection, limit: i64) -> Result<Vec<Body>, AppError> {
    let rows: Vec<BodyRow> = bodies::table
        .order((bodies::name.asc(), bodies::id.asc()))
        .limit(limit)
        .select(body_columns!())
        .load(conn)?;
    rows.into_iter().map(body).collect()
}

/// How many current members each of `ids` has, in one query.
pub fn member_counts(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<(i64, i64)>, AppError> {
    Ok(body_members::table
        .filter(body_members::body_id.eq_any(ids))
        .filter(body_members::status.eq(MemberStatus::Member.code()))
        .group_by(body_members::body_id)
        .select((body_members::body_id, diesel::dsl::count_star()))
        .load(conn)?)
}

/// A body's facilitators, (id, name), by name.
pub fn facilitators(conn: &mut AnyConnection, body: i64) -> Result<Vec<(i64, String)>, AppError> {
    let ids: Vec<i64> = body_facilitators::table
        .filter(body_facilitators::body_id.eq(body))
        .select(body_facilitators::user_id)
        .load(conn)?;
    let mut named = accounts::display_names(conn, &ids)?;
    named.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    Ok(named)
}

/// One membership row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    pub id: i64,
    pub user_id: Option<i64>,
    pub group_id: Option<i64>,
    pub delegate_id: Option<i64>,
    pub status: MemberStatus,
    pub requested_at: NaiveDateTime,
    pub joined_at: Option<NaiveDateTime>,
    pub left_at: Option<NaiveDateTime>,
    pub reason: String,
}

type MemberRow = (
    i64,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    String,
    NaiveDateTime,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    String,
);

macro_rules! member_columns {
    () => {
        (
            body_members::id,
            body_members::user_id,
            body_members::group_id,
            body_members::delegate_id,
            body_members::status,
            body_members::requested_at,
            body_members::joined_at,
            body_members::left_at,
            body_members::reason,
        )
    };
}

fn membership(r: MemberRow) -> Result<Membership, AppError> {
    Ok(Membership {
        id: r.0,
        user_id: r.1,
        group_id: r.2,
        delegate_id: r.3,
        status: MemberStatus::parse(&r.4).ok_or_else(|| AppError::internal("member status"))?,
        requested_at: r.5,
        joined_at: r.6,
        left_at: r.7,
        reason: r.8,
    })
}

/// One membership of a body (404 if it is another body's or none).
pub fn membership_of(conn: &mut AnyConnection, body: i64, id: i64) -> Result<Membership, AppError> {
    let row: Option<MemberRow> = body_members::table
        .filter(body_members::id.eq(id))
        .filter(body_members::body_id.eq(body))
        .select(member_columns!())
        .first(conn)
        .optional()?;
    membership(row.ok_or(AppError::NotFound)?)
}

/// Memberships of a body in these states, oldest first, one keyset page after `after`
/// (a membership id); the next cursor.
pub fn memberships(
    conn: &mut AnyConnection,
    body: i64,
    states: &[MemberStatus],
    after: Option<i64>,
    limit: i64,
) -> Result<(Vec<Membership>, Option<i64>), AppError> {
    let codes: Vec<&str> = states.iter().map(|s| s.code()).collect();
    let mut rows: Vec<MemberRow> = body_members::table
        .filter(body_members::body_id.eq(body))
        .filter(body_members::status.eq_any(codes))
        .filter(body_members::id.gt(after.unwrap_or(0)))
        .order(body_members::id.asc())
        .limit(limit + 1)
        .select(member_columns!())
        .load(conn)?;
    let next = if rows.len() as i64 > limit {
        rows.truncate(usize::try_from(limit).unwrap_or(0));
        rows.last().map(|r| r.0)
    } else {
        None
    };
    Ok((
        rows.into_iter().map(membership).collect::<Result<_, _>>()?,
        next,
    ))
}

/// The current membership (pending or member) of a person, or of a group.
pub fn current_of(
    conn: &mut AnyConnection,
    body: i64,
    user: Option<i64>,
    group: Option<i64>,
) -> Result<Option<Membership>, AppError> {
    let current = [MemberStatus::Pending.code(), MemberStatus::Member.code()];
    let mut q = body_members::table
        .filter(body_members::body_id.eq(body))
        .filter(body_members::status.eq_any(current))
        .select(member_columns!())
        .into_boxed();
    q = match (user, group) {
        (Some(u), _) => q.filter(body_members::user_id.eq(u)),
        (None, Some(g)) => q.filter(body_members::group_id.eq(g)),
        (None, None) => return Ok(None),
    };
    let row: Option<MemberRow> = q.first(conn).optional()?;
    row.map(membership).transpose()
}

/// The current memberships of several groups, in one query.
pub fn current_of_groups(
    conn: &mut AnyConnection,
    body: i64,
    groups: &[i64],
) -> Result<Vec<Membership>, AppError> {
    let current = [MemberStatus::Pending.code(), MemberStatus::Member.code()];
    let rows: Vec<MemberRow> = body_members::table
        .filter(body_members::body_id.eq(body))
        .filter(body_members::status.eq_any(current))
        .filter(body_members::group_id.eq_any(groups))
        .select(member_columns!())
        .load(conn)?;
    rows.into_iter().map(membership).collect()
}

/// A group `who` speaks for, with its tie to a body.
#[derive(Debug, Clone)]
pub struct LedGroup {
    pub card: GroupCard,
    pub tie: GroupTie,
    /// Who votes for it now (its delegate), if named.
    pub delegate: Option<i64>,
    /// Its members, (id, name), who may be named its delegate.
    pub members: Vec<(i64, String)>,
}

/// The groups `who` speaks for, their ties to `body` and their members (three
/// queries).
pub fn led_groups(
    conn: &mut AnyConnection,
    body: i64,
    who: &Who,
) -> Result<Vec<LedGroup>, AppError> {
    let cards = accounts::group_cards_led_by(conn, who.id)?;
    let ids: Vec<i64> = cards.iter().map(|c| c.id).collect();
    let current = current_of_groups(conn, body, &ids)?;
    let members = accounts::members_of_groups(conn, &ids)?;
    Ok(cards
        .into_iter()
        .map(|card| {
            let m = current.iter().find(|m| m.group_id == Some(card.id));
            let tie = GroupTie {
                kind: OrgKind::parse(&card.kind),
                referent: card.referent == who.id,
                current: m.map(|m| m.status),
            };
            LedGroup {
                delegate: m.and_then(|m| m.delegate_id),
                members: members
                    .iter()
                    .filter(|x| x.0 == card.id)
                    .map(|x| (x.1, x.2.clone()))
                    .collect(),
                card,
                tie,
            }
        })
        .collect())
}

/// Whether `uid` votes for a chamber's member organisation: its delegate, or its
/// referent (one of `led`) when it named none. A delegate is always a member of the
/// group, so the group's current memberships of `uid` hold every such seat.
fn speaks_for(m: &Membership, uid: i64, led: &[GroupCard]) -> bool {
    match m.delegate_id {
        Some(d) => d == uid,
        None => m.group_id.is_some_and(|g| led.iter().any(|c| c.id == g)),
    }
}

/// The memberships `who` speaks for in `body`: their own membership of an assembly,
/// or the member organisations of a chamber they vote for (a fixed number of queries).
pub fn seats(conn: &mut AnyConnection, b: &Body, who: &Who) -> Result<Vec<i64>, AppError> {
    Ok(match b.kind {
        BodyKind::Assembly => current_of(conn, b.id, Some(who.id), None)?
            .filter(|m| m.status == MemberStatus::Member)
            .map(|m| m.id)
            .into_iter()
            .collect(),
        BodyKind::Chamber => {
            let groups = accounts::groups_of(conn, who.id)?;
            let led = accounts::group_cards_led_by(conn, who.id)?;
            current_of_groups(conn, b.id, &groups)?
                .iter()
                .filter(|m| m.status == MemberStatus::Member && speaks_for(m, who.id, &led))
                .map(|m| m.id)
                .collect()
        }
    })
}

/// The body as its policy sees it, with the ties of `who` (a fixed number of queries).
pub fn facts(conn: &mut AnyConnection, b: &Body, who: Option<&Who>) -> Result<Facts, AppError> {
    let ties = match who {
        None => Ties::default(),
        Some(w) => {
            let facilitator = body_facilitators::table
                .filter(body_facilitators::body_id.eq(b.id))
                .filter(body_facilitators::user_id.eq(w.id))
                .count()
                .get_result::<i64>(conn)?
                > 0;
            let own = current_of(conn, b.id, Some(w.id), None)?;
            let (via_group, speaks) = match b.kind {
                BodyKind::Assembly => (
                    false,
                    own.as_ref()
                        .is_some_and(|m| m.status == MemberStatus::Member),
                ),
                BodyKind::Chamber => {
                    let groups = accounts::groups_of(conn, w.id)?;
                    let current = current_of_groups(conn, b.id, &groups)?;
                    let led = accounts::group_cards_led_by(conn, w.id)?;
                    (
                        current.iter().any(|m| m.status == MemberStatus::Member),
                        current
                            .iter()
                            .any(|m| m.status == MemberStatus::Member && speaks_for(m, w.id, &led)),
                    )
                }
            };
            Ties {
                facilitator,
                own: own.map(|m| m.status),
                via_group,
                speaks,
            }
        }
    };
    Ok(Facts {
        kind: b.kind,
        admits: b.admits.clone(),
        ties,
    })
}

/// How many requests wait for a facilitator's decision.
pub fn pending_count(conn: &mut AnyConnection, body: i64) -> Result<i64, AppError> {
    Ok(body_members::table
        .filter(body_members::body_id.eq(body))
        .filter(body_members::status.eq(MemberStatus::Pending.code()))
        .count()
        .get_result(conn)?)
}

/// Of `ids` (membership ids), those that are current members of `body`, in one query.
pub fn member_ids(conn: &mut AnyConnection, body: i64, ids: &[i64]) -> Result<Vec<i64>, AppError> {
    Ok(body_members::table
        .filter(body_members::body_id.eq(body))
        .filter(body_members::status.eq(MemberStatus::Member.code()))
        .filter(body_members::id.eq_any(ids))
        .select(body_members::id)
        .load(conn)?)
}

// Declared last: it reads bodies with `body_columns!`, defined above.
pub mod open_data;
