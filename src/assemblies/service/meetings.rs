//! Meetings: facilitators plan them (with an agenda linking pacts and commons), cancel
//! them, take attendance and publish the minutes; everyone reads them and takes them
//! into a calendar (one `.ics` per meeting, one feed per body).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{allow, store};
use crate::accounts::api::Who;
use crate::assemblies::model::MemberStatus;
use crate::assemblies::model::meeting::{self, CalendarEntry, ItemKind, NewMeeting};
use crate::assemblies::policy::{self, Action, Facts, Object};
use crate::db::AnyConnection;
use crate::db::schema::{meeting_attendance, meeting_items, meetings};
use crate::error::AppError;
use crate::ports::Ports;
use crate::web::forms::Refusal;

/// Meetings shown on a body's page, upcoming and past, each.
pub const ON_PAGE: i64 = 20;
/// Meetings in a body's calendar feed.
pub const IN_FEED: i64 = 200;
/// The most members an attendance list takes (a larger body takes attendance in parts).
pub const MAX_ATTENDANCE: usize = 2_000;

/// Names the linked pacts, commons and motions of an agenda; refuses a link to
/// something that does not exist, is not public, or (a motion) is another body's. Three
/// queries whatever the agenda's length.
fn name_links(conn: &mut AnyConnection, body: i64, m: &mut NewMeeting) -> Result<(), Refusal> {
    let ids = |k: ItemKind| -> Vec<i64> {
        m.agenda
            .iter()
            .filter(|i| i.kind == k)
            .filter_map(|i| i.ref_id)
            .collect()
    };
    let (pacts, commons, motions) = (
        ids(ItemKind::Pact),
        ids(ItemKind::Commons),
        ids(ItemKind::Motion),
    );
    let pact_titles = crate::pacts::api::public_titles(conn, &pacts)?;
    let commons_names =
        crate::commons::api::visible_names(conn, &commons, None, meeting::MAX_ITEMS)?;
    let motion_titles: Vec<(i64, String)> = if motions.is_empty() {
        Vec::new()
    } else {
        crate::db::schema::motions::table
            .filter(crate::db::schema::motions::body_id.eq(body))
            .filter(crate::db::schema::motions::id.eq_any(&motions))
            .select((
                crate::db::schema::motions::id,
                crate::db::schema::motions::title,
            ))
            .load(conn)?
    };
    for item in &mut m.agenda {
        let known = match (item.kind, item.ref_id) {
            (ItemKind::Pact, Some(id)) => pact_titles.iter().find(|p| p.0 == id),
            (ItemKind::Commons, Some(id)) => commons_names.iter().find(|c| c.0 == id),
            (ItemKind::Motion, Some(id)) => motion_titles.iter().find(|c| c.0 == id),
            _ => continue,
        };
        match known {
            Some((_, name)) if item.title.is_empty() => item.title = name.clone(),
            Some(_) => {}
            None => {
                return Err(Refusal::field(
                    "agenda",
                    "field-meeting-agenda-link-unknown",
                ));
            }
        }
    }
    Ok(())
}

/// Plans a meeting of a body (no checks but the agenda's links).
pub fn plan_in(
    conn: &mut AnyConnection,
    body: i64,
    by: i64,
    mut m: NewMeeting,
    now: NaiveDateTime,
) -> Result<i64, Refusal> {
    name_links(conn, body, &mut m)?;
    let id: i64 = diesel::insert_into(meetings::table)
        .values((
            meetings::body_id.eq(body),
            meetings::title.eq(&m.title),
            meetings::starts_at.eq(m.starts_at),
            meetings::ends_at.eq(m.ends_at),
            meetings::place.eq(&m.place),
            meetings::online_url.eq(&m.online_url),
            meetings::created_by.eq(by),
            meetings::created_at.eq(now),
        ))
        .returning(meetings::id)
        .get_result(conn)?;
    for (i, item) in m.agenda.iter().enumerate() {
        diesel::insert_into(meeting_items::table)
            .values((
                meeting_items::meeting_id.eq(id),
                meeting_items::position.eq(i64::try_from(i).unwrap_or(i64::MAX)),
                meeting_items::title.eq(&item.title),
                meeting_items::kind.eq(item.kind.code()),
                meeting_items::ref_id.eq(item.ref_id),
            ))
            .execute(conn)?;
    }
    Ok(id)
}

/// A facilitator plans a meeting; answers its id.
pub async fn plan(ports: &Ports, who: &Who, slug: &str, m: NewMeeting) -> Result<i64, Refusal> {
    let (who, slug, now) = (who.clone(), slug.to_string(), ports.clock.now());
    ports
        .db
        .try_transaction(move |conn| {
            let (b, _) = allow(conn, &slug, Some(&who), Action::RunMeetings)?;
            plan_in(conn, b.id, who.id, m, now)
        })
        .await
}

/// One meeting's row.
#[derive(Debug, Clone)]
pub struct Meeting {
    pub id: i64,
    pub title: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub place: String,
    pub online_url: String,
    pub minutes: Option<String>,
    pub minutes_published_at: Option<NaiveDateTime>,
    pub cancelled_at: Option<NaiveDateTime>,
}

type MeetingRow = (
    i64,
    String,
    NaiveDateTime,
    NaiveDateTime,
    String,
    String,
    Option<String>,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
);

macro_rules! meeting_columns {
    () => {
        (
            meetings::id,
            meetings::title,
            meetings::starts_at,
            meetings::ends_at,
            meetings::place,
            meetings::online_url,
            meetings::minutes,
            meetings::minutes_published_at,
            meetings::cancelled_at,
        )
    };
}

fn meeting_of(r: MeetingRow) -> Meeting {
    Meeting {
        id: r.0,
        title: r.1,
        starts_at: r.2,
        ends_at: r.3,
        place: r.4,
        online_url: r.5,
        minutes: r.6,
        minutes_published_at: r.7,
        cancelled_at: r.8,
    }
}

fn load(conn: &mut AnyConnection, body: i64, id: i64) -> Result<Meeting, AppError> {
    let row: Option<MeetingRow> = meetings::table
        .filter(meetings::id.eq(id))
        .filter(meetings::body_id.eq(body))
        .select(meeting_columns!())
        .first(conn)
        .optional()?;
    Ok(meeting_of(row.ok_or(AppError::NotFound)?))
}

/// A body's meetings from `from` on (upcoming, soonest first) and before it (past,
/// latest first), at most `limit` each.
pub fn around(
    conn: &mut AnyConnection,
    body: i64,
    from: NaiveDateTime,
    limit: i64,
) -> Result<(Vec<Meeting>, Vec<Meeting>), AppError> {
    let next: Vec<MeetingRow> = meetings::table
        .filter(meetings::body_id.eq(body))
        .filter(meetings::ends_at.ge(from))
        .order((meetings::starts_at.asc(), meetings::id.asc()))
        .limit(limit)
        .select(meeting_columns!())
        .load(conn)?;
    let past: Vec<MeetingRow> = meetings::table
        .filter(meetings::body_id.eq(body))
        .filter(meetings::ends_at.lt(from))
        .order((meetings::starts_at.desc(), meetings::id.desc()))
        .limit(limit)
        .select(meeting_columns!())
        .load(conn)?;
    Ok((
        next.into_iter().map(meeting_of).collect(),
        past.into_iter().map(meeting_of).collect(),
    ))
}

/// An agenda item as the page shows it.
#[derive(Debug, Clone)]
pub struct AgendaLine {
    pub kind: ItemKind,
    pub ref_id: Option<i64>,
    pub title: String,
}

/// One person or organisation on the attendance list.
#[derive(Debug, Clone)]
pub struct Present {
    pub member: i64,
    pub name: String,
    pub present: bool,
}

/// Everything a meeting's page shows, for one viewer.
#[derive(Debug, Clone)]
pub struct MeetingPage {
    pub slug: String,
    pub body_name: String,
    pub meeting: Meeting,
    pub agenda: Vec<AgendaLine>,
    pub present_count: i64,
    /// The members with whether they attended: for those who may see the member list
    /// (facilitators get it to take attendance); empty otherwise.
    pub attendance: Vec<Present>,
    pub facts: Facts,
}

/// A meeting's page (a fixed number of queries; the attendance list is bounded).
pub async fn page(
    ports: &Ports,
    who: Option<&Who>,
    slug: &str,
    id: i64,
) -> Result<MeetingPage, AppError> {
    let (who, slug) = (who.cloned(), slug.to_string());
    ports
        .db
        .run(move |conn| {
            let b = store::by_slug(conn, &slug)?;
            let facts = store::facts(conn, &b, who.as_ref())?;
            let meeting = load(conn, b.id, id)?;
            let rows: Vec<(String, String, Option<i64>)> = meeting_items::table
                .filter(meeting_items::meeting_id.eq(id))
                .order(meeting_items::position.asc())
                .select((
                    meeting_items::kind,
                    meeting_items::title,
                    meeting_items::ref_id,
                ))
                .load(conn)?;
            let agenda = rows
                .into_iter()
                .map(|(kind, title, ref_id)| AgendaLine {
                    kind: ItemKind::parse(&kind).unwrap_or(ItemKind::Free),
                    ref_id,
                    title,
                })
                .collect();
            let present: Vec<i64> = meeting_attendance::table
                .filter(meeting_attendance::meeting_id.eq(id))
                .select(meeting_attendance::member_id)
                .load(conn)?;
            let sees = policy::allowed(who.as_ref(), &Object::Body(&facts), Action::SeeMembers);
            let attendance = if sees {
                let limit = i64::try_from(MAX_ATTENDANCE).unwrap_or(i64::MAX);
                let (rows, _) =
                    store::memberships(conn, b.id, &[MemberStatus::Member], None, limit)?;
                super::membership::named(conn, rows)?
                    .into_iter()
                    .map(|l| Present {
                        present: present.contains(&l.id),
                        member: l.id,
                        name: l.name,
                    })
                    .collect()
            } else {
                Vec::new()
            };
            Ok(MeetingPage {
                slug: b.slug,
                body_name: b.name,
                meeting,
                agenda,
                present_count: i64::try_from(present.len()).unwrap_or(i64::MAX),
                attendance,
                facts,
            })
        })
        .await
}

/// The body of a meeting still to run (not cancelled), if `who` runs its meetings.
fn running(
    conn: &mut AnyConnection,
    slug: &str,
    who: &Who,
    id: i64,
) -> Result<store::Body, AppError> {
    let (b, _) = allow(conn, slug, Some(who), Action::RunMeetings)?;
    if load(conn, b.id, id)?.cancelled_at.is_some() {
        return Err(AppError::Conflict("meeting-cancelled"));
    }
    Ok(b)
}

/// A facilitator records who attended (the whole list each time): current members of
/// the body only.
pub async fn take_attendance(
    ports: &Ports,
    who: &Who,
    slug: &str,
    id: i64,
    present: Vec<i64>,
) -> Result<usize, AppError> {
    if present.len() > MAX_ATTENDANCE {
        return Err(AppError::BadRequest("error-bad-request"));
    }
    let (who, slug, now) = (who.clone(), slug.to_string(), ports.clock.now());
    ports
        .db
        .transaction(move |conn| {
            let b = running(conn, &slug, &who, id)?;
            let members = store::member_ids(conn, b.id, &present)?;
            if members.len() != {
                let mut p = present.clone();
                p.sort_unstable();
                p.dedup();
                p.len()
            } {
                return Err(AppError::BadRequest("error-bad-request"));
            }
            diesel::delete(meeting_attendance::table.filter(meeting_attendance::meeting_id.eq(id)))
                .execute(conn)?;
            for member in &members {
                diesel::insert_into(meeting_attendance::table)
                    .values((
                        meeting_attendance::meeting_id.eq(id),
                        meeting_attendance::member_id.eq(member),
                        meeting_attendance::recorded_by.eq(who.id),
                        meeting_attendance::recorded_at.eq(now),
                    ))
                    .execute(conn)?;
            }
            Ok(members.len())
        })
        .await
}

/// A facilitator publishes (or corrects) the minutes.
pub async fn publish_minutes(
    ports: &Ports,
    who: &Who,
    slug: &str,
    id: i64,
    text: &str,
) -> Result<(), Refusal> {
    let text = meeting::minutes(text).map_err(|k| Refusal::field("minutes", k))?;
    let (who, slug, now) = (who.clone(), slug.to_string(), ports.clock.now());
    ports
        .db
        .try_transaction(move |conn| {
            running(conn, &slug, &who, id)?;
            minutes_in(conn, id, &text, now)?;
            Ok(())
        })
        .await
}

/// Publishes a meeting's minutes (no checks).
pub fn minutes_in(
    conn: &mut AnyConnection,
    id: i64,
    text: &str,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::update(meetings::table.find(id))
        .set((
            meetings::minutes.eq(Some(text)),
            meetings::minutes_published_at.eq(Some(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// A facilitator cancels a meeting (it stays listed, marked cancelled).
pub async fn cancel(ports: &Ports, who: &Who, slug: &str, id: i64) -> Result<(), AppError> {
    let (who, slug, now) = (who.clone(), slug.to_string(), ports.clock.now());
    ports
        .db
        .transaction(move |conn| {
            running(conn, &slug, &who, id)?;
            diesel::update(meetings::table.find(id))
                .set(meetings::cancelled_at.eq(Some(now)))
                .execute(conn)?;
            Ok(())
        })
        .await
}

fn entry(base_url: &str, slug: &str, m: &Meeting, agenda: &[String]) -> CalendarEntry {
    let host = base_url
        .split("://")
        .nth(1)
        .unwrap_or(base_url)
        .trim_end_matches('/');
    let mut description = String::new();
    for (i, a) in agenda.iter().enumerate() {
        description.push_str(&format!("{}. {a}\n", i + 1));
    }
    if !m.online_url.is_empty() {
        description.push_str(&m.online_url);
    }
    CalendarEntry {
        uid: format!("meeting-{}@{host}", m.id),
        title: m.title.clone(),
        starts_at: m.starts_at,
        ends_at: m.ends_at,
        location: if m.place.is_empty() {
            m.online_url.clone()
        } else {
            m.place.clone()
        },
        url: format!(
            "{}/assemblies/{slug}/meetings/{}",
            base_url.trim_end_matches('/'),
            m.id
        ),
        description: description.trim_end().to_string(),
        cancelled: m.cancelled_at.is_some(),
    }
}

/// One meeting as an `.ics` calendar, or a body's recent and coming meetings (`id`
/// none) as its feed. Two queries.
pub async fn calendar(ports: &Ports, slug: &str, id: Option<i64>) -> Result<String, AppError> {
    let (slug, base) = (slug.to_string(), ports.config.base_url.to_string());
    ports
        .db
        .run(move |conn| {
            let b = store::by_slug(conn, &slug)?;
            let rows: Vec<MeetingRow> = match id {
                Some(id) => vec![
                    meetings::table
                        .filter(meetings::id.eq(id))
                        .filter(meetings::body_id.eq(b.id))
                        .select(meeting_columns!())
                        .first(conn)
                        .optional()?
                        .ok_or(AppError::NotFound)?,
                ],
                None => meetings::table
                    .filter(meetings::body_id.eq(b.id))
                    .order(meetings::starts_at.desc())
                    .limit(IN_FEED)
                    .select(meeting_columns!())
                    .load(conn)?,
            };
            let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
            let items: Vec<(i64, String)> = meeting_items::table
                .filter(meeting_items::meeting_id.eq_any(&ids))
                .order((
                    meeting_items::meeting_id.asc(),
                    meeting_items::position.asc(),
                ))
                .select((meeting_items::meeting_id, meeting_items::title))
                .load(conn)?;
            let entries: Vec<CalendarEntry> = rows
                .into_iter()
                .map(meeting_of)
                .map(|m| {
                    let agenda: Vec<String> = items
                        .iter()
                        .filter(|i| i.0 == m.id)
                        .map(|i| i.1.clone())
                        .collect();
                    entry(&base, &b.slug, &m, &agenda)
                })
                .collect();
            Ok(meeting::calendar(&b.name, &entries))
        })
        .await
}
