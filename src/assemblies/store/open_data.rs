//! The rows the open data reads (`service::open_data`): a body's meetings, motions and
//! votes one keyset page at a time (by id, which never changes, so a cursor stays
//! good while rows are added), and what each page's rows need, each in one query for
//! the whole page. Only columns the public pages show are selected: no minutes text
//! beyond the page, no member or voter, no tracker.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::Body;
use crate::db::AnyConnection;
use crate::db::schema::{
    bodies, body_facilitators, body_members, meeting_attendance, meeting_items, meetings,
    motion_supporters, motions, vote_options, vote_participation, votes,
};
use crate::error::AppError;

/// Keeps `limit` of the `limit + 1` rows loaded; the next cursor is the last id kept
/// when there were more.
pub fn page_of<T>(mut rows: Vec<T>, limit: i64, id: impl Fn(&T) -> i64) -> (Vec<T>, Option<i64>) {
    let limit = usize::try_from(limit).unwrap_or(0);
    if rows.len() > limit {
        rows.truncate(limit);
        let next = rows.last().map(&id);
        (rows, next)
    } else {
        (rows, None)
    }
}

/// Bodies by id after `after`, `limit + 1` of them (one query).
pub fn bodies_after(
    conn: &mut AnyConnection,
    after: i64,
    limit: i64,
) -> Result<Vec<Body>, AppError> {
    let rows: Vec<super::BodyRow> = bodies::table
        .filter(bodies::id.gt(after))
        .order(bodies::id.asc())
        .limit(limit + 1)
        .select(body_columns!())
        .load(conn)?;
    rows.into_iter().map(super::body).collect()
}

/// How many facilitators a body has.
pub fn facilitator_count(conn: &mut AnyConnection, body: i64) -> Result<i64, AppError> {
    Ok(body_facilitators::table
        .filter(body_facilitators::body_id.eq(body))
        .count()
        .get_result(conn)?)
}

/// A meeting as its page shows it (the minutes' text stays on the page).
pub type MeetingRow = (
    i64,
    String,
    NaiveDateTime,
    NaiveDateTime,
    String,
    String,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
);

/// A body's meetings by id after `after`, `limit + 1` of them: id, title, start, end,
/// place, online address, minutes published at, cancelled at.
pub fn meetings_after(
    conn: &mut AnyConnection,
    body: i64,
    after: i64,
    limit: i64,
) -> Result<Vec<MeetingRow>, AppError> {
    Ok(meetings::table
        .filter(meetings::body_id.eq(body))
        .filter(meetings::id.gt(after))
        .order(meetings::id.asc())
        .limit(limit + 1)
        .select((
            meetings::id,
            meetings::title,
            meetings::starts_at,
            meetings::ends_at,
            meetings::place,
            meetings::online_url,
            meetings::minutes_published_at,
            meetings::cancelled_at,
        ))
        .load(conn)?)
}

/// An agenda item: its meeting, kind, title and linked id.
pub type ItemRow = (i64, String, String, Option<i64>);

/// The agenda items of some meetings, in order.
pub fn agenda_items(
    conn: &mut AnyConnection,
    meeting_ids: &[i64],
) -> Result<Vec<ItemRow>, AppError> {
    Ok(meeting_items::table
        .filter(meeting_items::meeting_id.eq_any(meeting_ids))
        .order((
            meeting_items::meeting_id.asc(),
            meeting_items::position.asc(),
        ))
        .select((
            meeting_items::meeting_id,
            meeting_items::kind,
            meeting_items::title,
            meeting_items::ref_id,
        ))
        .load(conn)?)
}

/// How many were present at each of some meetings (meetings without any left out).
pub fn attendance_counts(
    conn: &mut AnyConnection,
    meeting_ids: &[i64],
) -> Result<Vec<(i64, i64)>, AppError> {
    Ok(meeting_attendance::table
        .filter(meeting_attendance::meeting_id.eq_any(meeting_ids))
        .group_by(meeting_attendance::meeting_id)
        .select((meeting_attendance::meeting_id, diesel::dsl::count_star()))
        .load(conn)?)
}

/// A motion's public facts: id, tabling membership, author, title, state, created.
pub type MotionRow = (i64, i64, i64, String, String, NaiveDateTime);

/// A body's motions by id after `after`, `limit + 1` of them.
pub fn motions_after(
    conn: &mut AnyConnection,
    body: i64,
    after: i64,
    limit: i64,
) -> Result<Vec<MotionRow>, AppError> {
    Ok(motions::table
        .filter(motions::body_id.eq(body))
        .filter(motions::id.gt(after))
        .order(motions::id.asc())
        .limit(limit + 1)
        .select((
            motions::id,
            motions::member_id,
            motions::author_id,
            motions::title,
            motions::state,
            motions::created_at,
        ))
        .load(conn)?)
}

/// How many supporters each of some motions has (motions without any left out).
pub fn supporter_counts(
    conn: &mut AnyConnection,
    motion_ids: &[i64],
) -> Result<Vec<(i64, i64)>, AppError> {
    Ok(motion_supporters::table
        .filter(motion_supporters::motion_id.eq_any(motion_ids))
        .group_by(motion_supporters::motion_id)
        .select((motion_supporters::motion_id, diesel::dsl::count_star()))
        .load(conn)?)
}

/// The organisation of each of some memberships of a body: (membership, group), for
/// the memberships that are an organisation's.
pub fn member_groups(
    conn: &mut AnyConnection,
    body: i64,
    member_ids: &[i64],
) -> Result<Vec<(i64, i64)>, AppError> {
    let rows: Vec<(i64, Option<i64>)> = body_members::table
        .filter(body_members::body_id.eq(body))
        .filter(body_members::id.eq_any(member_ids))
        .select((body_members::id, body_members::group_id))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(m, g)| g.map(|g| (m, g)))
        .collect())
}

/// The votes held on some motions: (motion, vote), by vote id.
pub fn votes_on(conn: &mut AnyConnection, motion_ids: &[i64]) -> Result<Vec<(i64, i64)>, AppError> {
    let rows: Vec<(Option<i64>, i64)> = votes::table
        .filter(votes::motion_id.eq_any(motion_ids))
        .order(votes::id.asc())
        .select((votes::motion_id, votes::id))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(m, v)| m.map(|m| (m, v)))
        .collect())
}

/// A vote's settings and state as stored.
pub type VoteRow = (
    (
        i64,
        Option<i64>,
        String,
        String,
        i64,
        String,
        String,
        String,
        bool,
        i64,
    ),
    (
        NaiveDateTime,
        NaiveDateTime,
        i64,
        String,
        Option<NaiveDateTime>,
    ),
);

/// What a closed vote stored: the result's JSON, its SHA-256, the ballots' SHA-256 and
/// the ledger entry.
pub type ResultRow = (Option<String>, Option<String>, Option<String>, Option<i64>);

/// A body's votes by id after `after`, `limit + 1` of them, or the one vote `only`:
/// settings and state, and what closing stored.
pub fn votes_after(
    conn: &mut AnyConnection,
    body: i64,
    after: i64,
    limit: i64,
    only: Option<i64>,
) -> Result<Vec<(VoteRow, ResultRow)>, AppError> {
    let mut q = votes::table
        .filter(votes::body_id.eq(body))
        .filter(votes::id.gt(after))
        .order(votes::id.asc())
        .limit(limit + 1)
        .into_boxed();
    if let Some(id) = only {
        q = q.filter(votes::id.eq(id));
    }
    Ok(q.select((
        (
            (
                votes::id,
                votes::motion_id,
                votes::question,
                votes::method,
                votes::seats,
                votes::majority,
                votes::quorum,
                votes::secrecy,
                votes::block_is_veto,
                votes::max_score,
            ),
            (
                votes::opens_at,
                votes::closes_at,
                votes::electorate,
                votes::state,
                votes::closed_at,
            ),
        ),
        (
            votes::result,
            votes::report_sha256,
            votes::ballots_sha256,
            votes::ledger_index,
        ),
    ))
    .load(conn)?)
}

/// The options of some votes, in their order: (vote, label).
pub fn vote_options_of(
    conn: &mut AnyConnection,
    vote_ids: &[i64],
) -> Result<Vec<(i64, String)>, AppError> {
    Ok(vote_options::table
        .filter(vote_options::vote_id.eq_any(vote_ids))
        .order((vote_options::vote_id.asc(), vote_options::position.asc()))
        .select((vote_options::vote_id, vote_options::label))
        .load(conn)?)
}

/// How many ballots each of some votes received (the turnout its page shows; votes
/// without any left out).
pub fn turnout(conn: &mut AnyConnection, vote_ids: &[i64]) -> Result<Vec<(i64, i64)>, AppError> {
    Ok(vote_participation::table
        .filter(vote_participation::vote_id.eq_any(vote_ids))
        .group_by(vote_participation::vote_id)
        .select((vote_participation::vote_id, diesel::dsl::count_star()))
        .load(conn)?)
}
