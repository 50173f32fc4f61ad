//! Motions and their deliberation: a member tables one, members support it (once per
//! membership they speak for), it is scheduled for a vote with the body's number of
//! supporters or by a facilitator, its author may withdraw it; members comment, tagged
//! for, against or question, one reply level deep; facilitators hide a comment with a
//! reason, shown in its place and in the body's public moderation log.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{allow, store};
use crate::accounts::api::{self as accounts, Who};
use crate::assemblies::model::motion::{self, MotionState, NewMotion, Tag};
use crate::assemblies::policy::{Action, Facts, MotionFacts, Object, may};
use crate::db::AnyConnection;
use crate::db::schema::{motion_comments, motion_supporters, motions};
use crate::error::AppError;
use crate::ports::Ports;
use crate::web::forms::Refusal;
use crate::web::rate_limit::Limit;

/// Comments per person per hour.
const COMMENTS_PER_HOUR: Limit = Limit::new(60, 3600);
/// Motions per person per hour.
const MOTIONS_PER_HOUR: Limit = Limit::new(10, 3600);
/// Motions on a body's page.
pub const ON_PAGE: i64 = 50;
/// Comments on a motion's page (the oldest first; a longer discussion pages on).
pub const COMMENTS: i64 = 500;
/// Lines of the moderation log.
pub const LOG: i64 = 200;

pub(super) async fn hit(
    ports: &Ports,
    what: &str,
    who: &Who,
    limit: Limit,
) -> Result<(), AppError> {
    ports
        .limiter
        .check(&format!("assemblies-{what}:{}", who.id), limit)
        .await
}

/// One motion's row.
#[derive(Debug, Clone)]
pub struct Motion {
    pub id: i64,
    pub member_id: i64,
    pub author_id: i64,
    pub title: String,
    pub text: String,
    pub reasons: String,
    pub state: MotionState,
    pub created_at: NaiveDateTime,
}

type MotionRow = (i64, i64, i64, String, String, String, String, NaiveDateTime);

pub(super) fn load(conn: &mut AnyConnection, body: i64, id: i64) -> Result<Motion, AppError> {
    let r: MotionRow = motions::table
        .filter(motions::id.eq(id))
        .filter(motions::body_id.eq(body))
        .select((
            motions::id,
            motions::member_id,
            motions::author_id,
            motions::title,
            motions::text,
            motions::reasons,
            motions::state,
            motions::created_at,
        ))
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)?;
    Ok(Motion {
        id: r.0,
        member_id: r.1,
        author_id: r.2,
        title: r.3,
        text: r.4,
        reasons: r.5,
        state: MotionState::parse(&r.6).ok_or_else(|| AppError::internal("motion state"))?,
        created_at: r.7,
    })
}

fn supporters(conn: &mut AnyConnection, motion: i64) -> Result<Vec<i64>, AppError> {
    Ok(motion_supporters::table
        .filter(motion_supporters::motion_id.eq(motion))
        .select(motion_supporters::member_id)
        .load(conn)?)
}

/// The motion's facts for `who` (the seats they speak for and whether those support
/// it already).
fn motion_facts(
    conn: &mut AnyConnection,
    b: &store::Body,
    m: &Motion,
    who: Option<&Who>,
) -> Result<(MotionFacts, Vec<i64>, Vec<i64>), AppError> {
    let support = supporters(conn, m.id)?;
    let seats = match who {
        Some(w) => store::seats(conn, b, w)?,
        None => Vec::new(),
    };
    let missing: Vec<i64> = seats
        .iter()
        .copied()
        .filter(|s| *s != m.member_id && !support.contains(s))
        .collect();
    Ok((
        MotionFacts {
            state: m.state,
            authored: who.is_some_and(|w| w.id == m.author_id),
            supported: missing.is_empty(),
        },
        missing,
        support,
    ))
}

fn set_state(
    conn: &mut AnyConnection,
    id: i64,
    state: MotionState,
    by: Option<i64>,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::update(motions::table.find(id))
        .set((
            motions::state.eq(state.code()),
            motions::scheduled_by.eq(by),
            motions::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// A member tables a motion, in the name of the first membership they speak for.
pub fn table_in(
    conn: &mut AnyConnection,
    who: &Who,
    slug: &str,
    m: &NewMotion,
    now: NaiveDateTime,
) -> Result<i64, AppError> {
    let (b, _) = allow(conn, slug, Some(who), Action::Table)?;
    let seat = *store::seats(conn, &b, who)?
        .first()
        .ok_or(AppError::Forbidden)?;
    Ok(diesel::insert_into(motions::table)
        .values((
            motions::body_id.eq(b.id),
            motions::member_id.eq(seat),
            motions::author_id.eq(who.id),
            motions::title.eq(&m.title),
            motions::text.eq(&m.text),
            motions::reasons.eq(&m.reasons),
            motions::state.eq(MotionState::Open.code()),
            motions::created_at.eq(now),
            motions::updated_at.eq(now),
        ))
        .returning(motions::id)
        .get_result(conn)?)
}

pub async fn table(ports: &Ports, who: &Who, slug: &str, m: NewMotion) -> Result<i64, AppError> {
    hit(ports, "motions", who, MOTIONS_PER_HOUR).await?;
    let (who, slug, now) = (who.clone(), slug.to_string(), ports.clock.now());
    ports
        .db
        .transaction(move |conn| table_in(conn, &who, &slug, &m, now))
        .await
}

/// A member supports a motion for every membership they speak for; with enough
/// supporters it is scheduled for a vote. Answers whether it was.
pub fn support_in(
    conn: &mut AnyConnection,
    who: &Who,
    slug: &str,
    id: i64,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    let b = store::by_slug(conn, slug)?;
    let facts = store::facts(conn, &b, Some(who))?;
    let m = load(conn, b.id, id)?;
    let (mf, missing, support) = motion_facts(conn, &b, &m, Some(who))?;
    may(Some(who), &Object::Body(&facts), Action::Support(mf))?;
    for seat in &missing {
        diesel::insert_into(motion_supporters::table)
            .values((
                motion_supporters::motion_id.eq(id),
                motion_supporters::member_id.eq(seat),
                motion_supporters::user_id.eq(who.id),
                motion_supporters::at.eq(now),
            ))
            .execute(conn)?;
    }
    let count = i64::try_from(support.len() + missing.len()).unwrap_or(i64::MAX);
    let scheduled = motion::enough_support(count, b.motion_threshold);
    if scheduled {
        set_state(conn, id, MotionState::Scheduled, None, now)?;
    }
    Ok(scheduled)
}

pub async fn support(ports: &Ports, who: &Who, slug: &str, id: i64) -> Result<bool, AppError> {
    let (who, slug, now) = (who.clone(), slug.to_string(), ports.clock.now());
    ports
        .db
        .transaction(move |conn| support_in(conn, &who, &slug, id, now))
        .await
}

/// The author withdraws, or a facilitator schedules, a motion.
pub async fn decide(
    ports: &Ports,
    who: &Who,
    slug: &str,
    id: i64,
    to: MotionState,
) -> Result<(), AppError> {
    let (who, slug, now) = (who.clone(), slug.to_string(), ports.clock.now());
    ports
        .db
        .transaction(move |conn| decide_in(conn, &who, &slug, id, to, now))
        .await
}

/// [`decide`] in the caller's transaction.
pub fn decide_in(
    conn: &mut AnyConnection,
    who: &Who,
    slug: &str,
    id: i64,
    to: MotionState,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let b = store::by_slug(conn, slug)?;
    let facts = store::facts(conn, &b, Some(who))?;
    let m = load(conn, b.id, id)?;
    let (mf, _, _) = motion_facts(conn, &b, &m, Some(who))?;
    let action = match to {
        MotionState::Withdrawn => Action::Withdraw(mf),
        MotionState::Scheduled => Action::Schedule(mf),
        MotionState::Open => return Err(AppError::BadRequest("error-bad-request")),
    };
    may(Some(who), &Object::Body(&facts), action)?;
    let by = (to == MotionState::Scheduled).then_some(who.id);
    set_state(conn, id, to, by, now)
}

/// A validated comment, and the top-level comment it answers, if any.
#[derive(Debug, Clone)]
pub struct NewComment {
    pub parent: Option<i64>,
    pub text: String,
    pub tag: Tag,
}

/// A member (or a facilitator) comments, or replies to a top-level comment of the same
/// motion (one level deep), with validated text.
pub fn comment_in(
    conn: &mut AnyConnection,
    who: &Who,
    slug: &str,
    id: i64,
    c: &NewComment,
    now: NaiveDateTime,
) -> Result<i64, AppError> {
    let (parent, text, tag) = (c.parent, c.text.as_str(), c.tag);
    let b = store::by_slug(conn, slug)?;
    let facts = store::facts(conn, &b, Some(who))?;
    let m = load(conn, b.id, id)?;
    let (mf, _, _) = motion_facts(conn, &b, &m, Some(who))?;
    may(Some(who), &Object::Body(&facts), Action::Comment(mf))?;
    if let Some(p) = parent {
        let top: Option<Option<i64>> = motion_comments::table
            .filter(motion_comments::id.eq(p))
            .filter(motion_comments::motion_id.eq(id))
            .select(motion_comments::parent_id)
            .first(conn)
            .optional()?;
        if top != Some(None) {
            return Err(AppError::BadRequest("error-bad-request"));
        }
    }
    Ok(diesel::insert_into(motion_comments::table)
        .values((
            motion_comments::motion_id.eq(id),
            motion_comments::parent_id.eq(parent),
            motion_comments::author_id.eq(who.id),
            motion_comments::tag.eq(tag.code()),
            motion_comments::body.eq(text),
            motion_comments::created_at.eq(now),
        ))
        .returning(motion_comments::id)
        .get_result(conn)?)
}

pub async fn comment(
    ports: &Ports,
    who: &Who,
    slug: &str,
    id: i64,
    parent: Option<i64>,
    body: &str,
    tag: &str,
) -> Result<i64, Refusal> {
    let (text, tag) = motion::comment(body, tag)?;
    hit(ports, "comments", who, COMMENTS_PER_HOUR).await?;
    let (who, slug, now) = (who.clone(), slug.to_string(), ports.clock.now());
    Ok(ports
        .db
        .transaction(move |conn| {
            let c = NewComment { parent, text, tag };
            comment_in(conn, &who, &slug, id, &c, now)
        })
        .await?)
}

/// A facilitator hides a comment, with a reason (once).
pub async fn hide(
    ports: &Ports,
    who: &Who,
    slug: &str,
    comment: i64,
    reason: &str,
) -> Result<i64, Refusal> {
    let reason = motion::hide_reason(reason).map_err(|k| Refusal::field("reason", k))?;
    let (who, slug, now) = (who.clone(), slug.to_string(), ports.clock.now());
    ports
        .db
        .try_transaction(move |conn| {
            let (b, _) = allow(conn, &slug, Some(&who), Action::Hide)?;
            let found: Option<(i64, Option<NaiveDateTime>)> = motion_comments::table
                .inner_join(motions::table)
                .filter(motion_comments::id.eq(comment))
                .filter(motions::body_id.eq(b.id))
                .select((motions::id, motion_comments::hidden_at))
                .first(conn)
                .optional()?;
            let (motion, hidden) = found.ok_or(AppError::NotFound)?;
            if hidden.is_some() {
                return Err(AppError::Conflict("comment-already-hidden").into());
            }
            diesel::update(motion_comments::table.find(comment))
                .set((
                    motion_comments::hidden_at.eq(Some(now)),
                    motion_comments::hidden_by.eq(Some(who.id)),
                    motion_comments::hidden_reason.eq(Some(&reason)),
                ))
                .execute(conn)?;
            Ok(motion)
        })
        .await
}

/// A motion in a body's list.
#[derive(Debug, Clone)]
pub struct MotionCard {
    pub id: i64,
    pub title: String,
    pub state: MotionState,
    pub supporters: i64,
}

/// A body's latest motions with their support (two queries).
pub fn cards(conn: &mut AnyConnection, body: i64) -> Result<Vec<MotionCard>, AppError> {
    let rows: Vec<(i64, String, String)> = motions::table
        .filter(motions::body_id.eq(body))
        .order(motions::id.desc())
        .limit(ON_PAGE)
        .select((motions::id, motions::title, motions::state))
        .load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let counts: Vec<(i64, i64)> = motion_supporters::table
        .filter(motion_supporters::motion_id.eq_any(&ids))
        .group_by(motion_supporters::motion_id)
        .select((motion_supporters::motion_id, diesel::dsl::count_star()))
        .load(conn)?;
    rows.into_iter()
        .map(|(id, title, state)| {
            Ok(MotionCard {
                supporters: counts.iter().find(|c| c.0 == id).map_or(0, |c| c.1),
                state: MotionState::parse(&state).ok_or_else(|| AppError::internal("state"))?,
                id,
                title,
            })
        })
        .collect()
}

/// One comment as the page shows it.
#[derive(Debug, Clone)]
pub struct CommentLine {
    pub id: i64,
    pub parent: Option<i64>,
    pub author: String,
    pub tag: Tag,
    /// Empty once hidden.
    pub body: String,
    pub created_at: NaiveDateTime,
    pub hidden_reason: Option<String>,
}

/// Everything a motion's page shows, for one viewer.
#[derive(Debug, Clone)]
pub struct MotionPage {
    pub slug: String,
    pub body_name: String,
    pub threshold: i64,
    pub motion: Motion,
    /// Who tabled it: the person, or the organisation and the person.
    pub tabled_by: String,
    pub supporters: i64,
    pub comments: Vec<CommentLine>,
    pub facts: Facts,
    pub motion_facts: MotionFacts,
    /// What the body sent to the city from it, and the answers.
    pub recommendations: Vec<super::recommendation_pages::RecommendationLine>,
    /// Its amendments (with their differences) and the versions of its text.
    pub amendments: super::amendments::AmendmentsView,
}

type CommentRow = (
    i64,
    Option<i64>,
    i64,
    String,
    String,
    NaiveDateTime,
    Option<NaiveDateTime>,
    Option<String>,
);

/// A motion's page (a fixed number of queries; comments bounded).
pub async fn page(
    ports: &Ports,
    who: Option<&Who>,
    slug: &str,
    id: i64,
) -> Result<MotionPage, AppError> {
    let (who, slug) = (who.cloned(), slug.to_string());
    ports
        .db
        .run(move |conn| {
            let b = store::by_slug(conn, &slug)?;
            let facts = store::facts(conn, &b, who.as_ref())?;
            let m = load(conn, b.id, id)?;
            let (mf, _, support) = motion_facts(conn, &b, &m, who.as_ref())?;
            let rows: Vec<CommentRow> = motion_comments::table
                .filter(motion_comments::motion_id.eq(id))
                .order(motion_comments::id.asc())
                .limit(COMMENTS)
                .select((
                    motion_comments::id,
                    motion_comments::parent_id,
                    motion_comments::author_id,
                    motion_comments::tag,
                    motion_comments::body,
                    motion_comments::created_at,
                    motion_comments::hidden_at,
                    motion_comments::hidden_reason,
                ))
                .load(conn)?;
            let member = store::membership_of(conn, b.id, m.member_id)?;
            let amendments = super::amendments::view(conn, &b, &m, who.as_ref())?;
            let mut people: Vec<i64> = rows.iter().map(|r| r.2).collect();
            people.push(m.author_id);
            let names = accounts::display_names(conn, &people)?;
            let name = |u: i64| {
                names
                    .iter()
                    .find(|n| n.0 == u)
                    .map(|n| n.1.clone())
                    .unwrap_or_default()
            };
            let tabled_by = match member.group_id {
                Some(g) => {
                    let org = accounts::group_names(conn, &[g])?
                        .pop()
                        .map(|x| x.1)
                        .unwrap_or_default();
                    format!("{org} ({})", name(m.author_id))
                }
                None => name(m.author_id),
            };
            let comments = rows
                .into_iter()
                .map(|r| CommentLine {
                    id: r.0,
                    parent: r.1,
                    author: name(r.2),
                    tag: Tag::parse(&r.3).unwrap_or(Tag::None),
                    body: if r.6.is_some() { String::new() } else { r.4 },
                    created_at: r.5,
                    hidden_reason: r.6.map(|_| r.7.unwrap_or_default()),
                })
                .collect();
            let recommendations = super::recommendation_pages::of_motion(conn, id)?;
            Ok(MotionPage {
                recommendations,
                slug: b.slug,
                body_name: b.name,
                threshold: b.motion_threshold,
                supporters: i64::try_from(support.len()).unwrap_or(i64::MAX),
                tabled_by,
                motion: m,
                comments,
                facts,
                motion_facts: mf,
                amendments,
            })
        })
        .await
}

/// One line of the moderation log.
#[derive(Debug, Clone)]
pub struct Hidden {
    pub motion: i64,
    pub motion_title: String,
    pub hidden_at: NaiveDateTime,
    pub by: String,
    pub reason: String,
}

/// A hidden comment's motion, title, time, facilitator and reason.
type HiddenRow = (
    i64,
    String,
    Option<NaiveDateTime>,
    Option<i64>,
    Option<String>,
);

/// A body's moderation log: every hidden comment, latest first (three queries).
pub async fn moderation_log(
    ports: &Ports,
    slug: &str,
) -> Result<(String, String, Vec<Hidden>), AppError> {
    let slug = slug.to_string();
    ports
        .db
        .run(move |conn| {
            let b = store::by_slug(conn, &slug)?;
            let rows: Vec<HiddenRow> = motion_comments::table
                .inner_join(motions::table)
                .filter(motions::body_id.eq(b.id))
                .filter(motion_comments::hidden_at.is_not_null())
                .order(motion_comments::hidden_at.desc())
                .limit(LOG)
                .select((
                    motions::id,
                    motions::title,
                    motion_comments::hidden_at,
                    motion_comments::hidden_by,
                    motion_comments::hidden_reason,
                ))
                .load(conn)?;
            let by: Vec<i64> = rows.iter().filter_map(|r| r.3).collect();
            let names = accounts::display_names(conn, &by)?;
            let lines = rows
                .into_iter()
                .filter_map(|(motion, motion_title, at, by, reason)| {
                    Some(Hidden {
                        motion,
                        motion_title,
                        hidden_at: at?,
                        by: by
                            .and_then(|u| names.iter().find(|n| n.0 == u))
                            .map(|n| n.1.clone())
                            .unwrap_or_default(),
                        reason: reason.unwrap_or_default(),
                    })
                })
                .collect();
            Ok((b.slug, b.name, lines))
        })
        .await
}
