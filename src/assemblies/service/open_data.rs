//! Open data of assemblies and chambers: the read models behind the JSON API and the
//! CSV exports (`handlers::open_data`) of bodies, meetings, motions and votes.
//!
//! Rules. Publish no more than the public pages show: a body's member and facilitator
//! counts, never its members (the members page is for members and facilitators); a
//! meeting's attendance count, not who came; who tabled a motion as its page names
//! them (the organisation, for a chamber); of a vote its settings, its turnout and,
//! once closed, the result as stored with its hashes and ledger entry — nothing per
//! voter, no tracker, for open and secret votes alike. Every list is one keyset page
//! ([`Paging`]) read in a fixed number of queries whatever its length.

use chrono::NaiveDateTime;

use super::meetings::AgendaLine;
use super::store::{self, Body, open_data as rows};
use crate::accounts::api as accounts;
use crate::assemblies::model::meeting::ItemKind;
use crate::assemblies::model::motion::MotionState;
use crate::assemblies::model::vote::Secrecy;
use crate::assemblies::model::{BodyKind, Joining, OrgKind};
use crate::db::AnyConnection;
use crate::error::AppError;
use crate::ports::Ports;
use crate::voting::api::Method;

/// One page of a list: the rows after the id `after` (0 for the first), at most
/// `limit` of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub after: i64,
    pub limit: i64,
}

/// A page of records and the cursor of the next page, if there is one.
pub type Page<T> = (Vec<T>, Option<i64>);

fn count_of(counts: &[(i64, i64)], id: i64) -> i64 {
    counts.iter().find(|c| c.0 == id).map_or(0, |c| c.1)
}

/// One page of a body's rows: the body (404 if none), the rows kept, their ids and the
/// next cursor.
struct Listed<T> {
    body: Body,
    rows: Vec<T>,
    ids: Vec<i64>,
    next: Option<i64>,
}

/// Loads the body with this slug and one page of its rows with `load` (given the body's
/// id; it loads `limit + 1` rows).
fn listed<T>(
    conn: &mut AnyConnection,
    slug: &str,
    p: Paging,
    load: impl FnOnce(&mut AnyConnection, i64) -> Result<Vec<T>, AppError>,
    id: impl Fn(&T) -> i64,
) -> Result<Listed<T>, AppError> {
    let body = store::by_slug(conn, slug)?;
    let (rows, next) = rows::page_of(load(conn, body.id)?, p.limit, &id);
    let ids = rows.iter().map(&id).collect();
    Ok(Listed {
        body,
        rows,
        ids,
        next,
    })
}

/// A body as the list of bodies and its page show it.
#[derive(Debug, Clone)]
pub struct BodyRecord {
    pub id: i64,
    pub slug: String,
    pub kind: BodyKind,
    pub name: String,
    pub charter: String,
    /// The district's name, or none for the whole city.
    pub district: Option<String>,
    pub theme: String,
    pub joining: Joining,
    pub admits: Vec<OrgKind>,
    pub motion_threshold: i64,
    /// Current members (people, or organisations for a chamber).
    pub members: i64,
    pub created_at: NaiveDateTime,
}

fn body_record(b: Body, district: Option<String>, members: i64) -> BodyRecord {
    BodyRecord {
        id: b.id,
        slug: b.slug,
        kind: b.kind,
        name: b.name,
        charter: b.charter,
        district,
        theme: b.theme,
        joining: b.joining,
        admits: b.admits,
        motion_threshold: b.motion_threshold,
        members,
        created_at: b.created_at,
    }
}

/// One page of bodies, by id (three queries).
pub async fn bodies(ports: &Ports, p: Paging) -> Result<Page<BodyRecord>, AppError> {
    ports
        .db
        .run(move |conn| {
            let (all, next) =
                rows::page_of(rows::bodies_after(conn, p.after, p.limit)?, p.limit, |b| {
                    b.id
                });
            let ids: Vec<i64> = all.iter().map(|b| b.id).collect();
            let counts = store::member_counts(conn, &ids)?;
            let districts = crate::commons::api::districts(conn)?;
            let records = all
                .into_iter()
                .map(|b| {
                    let district = b
                        .district_id
                        .and_then(|d| districts.iter().find(|x| x.id == d))
                        .map(|d| d.name.clone());
                    let members = count_of(&counts, b.id);
                    body_record(b, district, members)
                })
                .collect();
            Ok((records, next))
        })
        .await
}

/// One body with its number of facilitators (four queries; 404 if none).
pub async fn body(ports: &Ports, slug: &str) -> Result<(BodyRecord, i64), AppError> {
    let slug = slug.to_string();
    ports
        .db
        .run(move |conn| {
            let b = store::by_slug(conn, &slug)?;
            let district = match b.district_id {
                Some(d) => crate::commons::api::district(conn, d)?.map(|d| d.name),
                None => None,
            };
            let members = count_of(&store::member_counts(conn, &[b.id])?, b.id);
            let facilitators = rows::facilitator_count(conn, b.id)?;
            Ok((body_record(b, district, members), facilitators))
        })
        .await
}

/// Where a meeting stands: to come, held (its end has passed) or cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingState {
    Planned,
    Held,
    Cancelled,
}

impl MeetingState {
    pub fn code(self) -> &'static str {
        match self {
            MeetingState::Planned => "planned",
            MeetingState::Held => "held",
            MeetingState::Cancelled => "cancelled",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            MeetingState::Planned => "odata-meeting-planned",
            MeetingState::Held => "odata-meeting-held",
            MeetingState::Cancelled => "odata-meeting-cancelled",
        }
    }

    fn of(ends_at: NaiveDateTime, cancelled: bool, now: NaiveDateTime) -> MeetingState {
        if cancelled {
            MeetingState::Cancelled
        } else if ends_at < now {
            MeetingState::Held
        } else {
            MeetingState::Planned
        }
    }
}

/// A meeting as its page shows it, with its attendance counted.
#[derive(Debug, Clone)]
pub struct MeetingRecord {
    pub id: i64,
    pub title: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub place: String,
    pub online_url: String,
    pub state: MeetingState,
    pub agenda: Vec<AgendaLine>,
    pub attendance: i64,
    pub minutes_published_at: Option<NaiveDateTime>,
}

/// One page of a body's meetings, by id (four queries; 404 for an unknown body).
pub async fn meetings(
    ports: &Ports,
    slug: &str,
    p: Paging,
) -> Result<Page<MeetingRecord>, AppError> {
    let (slug, now) = (slug.to_string(), ports.clock.now());
    ports
        .db
        .run(move |conn| {
            let l = listed(
                conn,
                &slug,
                p,
                |c, b| rows::meetings_after(c, b, p.after, p.limit),
                |m| m.0,
            )?;
            let items = rows::agenda_items(conn, &l.ids)?;
            let present = rows::attendance_counts(conn, &l.ids)?;
            let records = l
                .rows
                .into_iter()
                .map(|m| MeetingRecord {
                    agenda: items
                        .iter()
                        .filter(|i| i.0 == m.0)
                        .map(|i| AgendaLine {
                            kind: ItemKind::parse(&i.1).unwrap_or(ItemKind::Free),
                            title: i.2.clone(),
                            ref_id: i.3,
                        })
                        .collect(),
                    attendance: count_of(&present, m.0),
                    state: MeetingState::of(m.3, m.7.is_some(), now),
                    id: m.0,
                    title: m.1,
                    starts_at: m.2,
                    ends_at: m.3,
                    place: m.4,
                    online_url: m.5,
                    minutes_published_at: m.6,
                })
                .collect();
            Ok((records, l.next))
        })
        .await
}

/// A motion as its page shows it, with the votes held on it.
#[derive(Debug, Clone)]
pub struct MotionRecord {
    pub id: i64,
    pub title: String,
    pub state: MotionState,
    pub supporters: i64,
    /// In whose name it was tabled: the organisation (chamber) or the person's public
    /// name (assembly; empty for a former user).
    pub tabled_by: String,
    pub created_at: NaiveDateTime,
    pub votes: Vec<i64>,
}

/// Names the tabler of each motion: for an organisation's membership the
/// organisation, else the author (two queries for the page).
fn tablers(
    conn: &mut AnyConnection,
    body: i64,
    list: &[rows::MotionRow],
) -> Result<Vec<(i64, String)>, AppError> {
    let members: Vec<i64> = list.iter().map(|m| m.1).collect();
    let groups = rows::member_groups(conn, body, &members)?;
    let group_ids: Vec<i64> = groups.iter().map(|g| g.1).collect();
    let group_names = accounts::group_names(conn, &group_ids)?;
    let people: Vec<i64> = list
        .iter()
        .filter(|m| !groups.iter().any(|g| g.0 == m.1))
        .map(|m| m.2)
        .collect();
    let names = accounts::display_names(conn, &people)?;
    let find = |v: &[(i64, String)], id: i64| {
        v.iter()
            .find(|x| x.0 == id)
            .map(|x| x.1.clone())
            .unwrap_or_default()
    };
    Ok(list
        .iter()
        .map(|m| {
            let name = match groups.iter().find(|g| g.0 == m.1) {
                Some(g) => find(&group_names, g.1),
                None => find(&names, m.2),
            };
            (m.0, name)
        })
        .collect())
}

/// One page of a body's motions, by id (a fixed number of queries; 404 for an
/// unknown body).
pub async fn motions(ports: &Ports, slug: &str, p: Paging) -> Result<Page<MotionRecord>, AppError> {
    let slug = slug.to_string();
    ports
        .db
        .run(move |conn| {
            let l = listed(
                conn,
                &slug,
                p,
                |c, b| rows::motions_after(c, b, p.after, p.limit),
                |m| m.0,
            )?;
            let support = rows::supporter_counts(conn, &l.ids)?;
            let votes = rows::votes_on(conn, &l.ids)?;
            let tablers = tablers(conn, l.body.id, &l.rows)?;
            let records = l
                .rows
                .into_iter()
                .map(|m| {
                    Ok(MotionRecord {
                        supporters: count_of(&support, m.0),
                        tabled_by: tablers
                            .iter()
                            .find(|t| t.0 == m.0)
                            .map(|t| t.1.clone())
                            .unwrap_or_default(),
                        votes: votes.iter().filter(|v| v.0 == m.0).map(|v| v.1).collect(),
                        state: MotionState::parse(&m.4)
                            .ok_or_else(|| AppError::internal("motion state"))?,
                        id: m.0,
                        title: m.3,
                        created_at: m.5,
                    })
                })
                .collect::<Result<_, AppError>>()?;
            Ok((records, l.next))
        })
        .await
}

/// A closed vote's published result, as closing stored it.
#[derive(Debug, Clone)]
pub struct VoteOutcome {
    /// `decided` or `failed_quorum`.
    pub verdict: String,
    pub winners: Vec<String>,
    /// The result's JSON exactly as stored: its SHA-256 is `report_sha256`.
    pub result_json: String,
    pub result: serde_json::Value,
    pub report_sha256: String,
    pub ballots_sha256: String,
    pub ledger_index: Option<i64>,
    pub closed_at: Option<NaiveDateTime>,
}

/// A vote's settings, turnout and, once closed, its outcome.
#[derive(Debug, Clone)]
pub struct VoteRecord {
    pub id: i64,
    pub motion_id: Option<i64>,
    pub question: String,
    pub method: Method,
    pub options: Vec<String>,
    pub seats: i64,
    /// As stored: `simple`, `absolute` or a fraction `p/q`.
    pub majority: String,
    /// As stored: empty for none, a count, or a fraction of the electorate `p/q`.
    pub quorum: String,
    pub secrecy: Secrecy,
    pub block_is_veto: bool,
    pub max_score: i64,
    pub opens_at: NaiveDateTime,
    pub closes_at: NaiveDateTime,
    pub electorate: i64,
    pub open: bool,
    /// Ballots cast so far (the vote page shows it while open too).
    pub ballots_cast: i64,
    pub outcome: Option<VoteOutcome>,
}

fn outcome(
    id: i64,
    r: rows::ResultRow,
    closed_at: Option<NaiveDateTime>,
) -> Result<Option<VoteOutcome>, AppError> {
    let (Some(text), Some(report_sha256), Some(ballots_sha256), ledger_index) = r else {
        return Ok(None);
    };
    let result: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| AppError::internal(format!("vote {id} result: {e}")))?;
    Ok(Some(VoteOutcome {
        verdict: result["verdict"].as_str().unwrap_or_default().to_string(),
        winners: serde_json::from_value(result["winners"].clone()).unwrap_or_default(),
        result_json: text,
        result,
        report_sha256,
        ballots_sha256,
        ledger_index,
        closed_at,
    }))
}

fn vote_record(
    (s, r): (rows::VoteRow, rows::ResultRow),
    options: &[(i64, String)],
    turnout: &[(i64, i64)],
) -> Result<VoteRecord, AppError> {
    let ((id, motion_id, question, method, seats, majority, quorum, secrecy, veto, max), t) = s;
    let (opens_at, closes_at, electorate, state, closed_at) = t;
    let bad = |what: &str| AppError::internal(format!("vote {id}: stored {what}"));
    Ok(VoteRecord {
        id,
        motion_id,
        question,
        method: Method::parse(&method).map_err(|_| bad("method"))?,
        options: options
            .iter()
            .filter(|o| o.0 == id)
            .map(|o| o.1.clone())
            .collect(),
        seats,
        majority,
        quorum,
        secrecy: Secrecy::parse(&secrecy).ok_or_else(|| bad("secrecy"))?,
        block_is_veto: veto,
        max_score: max,
        opens_at,
        closes_at,
        electorate,
        open: state == "open",
        ballots_cast: count_of(turnout, id),
        outcome: outcome(id, r, closed_at)?,
    })
}

/// One page of a body's votes by id, or (`only`) the one vote (four queries; 404 for
/// an unknown body, or an unknown vote asked for alone).
pub async fn votes(
    ports: &Ports,
    slug: &str,
    p: Paging,
    only: Option<i64>,
) -> Result<Page<VoteRecord>, AppError> {
    let slug = slug.to_string();
    ports
        .db
        .run(move |conn| {
            let l = listed(
                conn,
                &slug,
                p,
                |c, b| rows::votes_after(c, b, p.after, p.limit, only),
                |v| v.0.0.0,
            )?;
            if only.is_some() && l.rows.is_empty() {
                return Err(AppError::NotFound);
            }
            let options = rows::vote_options_of(conn, &l.ids)?;
            let turnout = rows::turnout(conn, &l.ids)?;
            let records = l
                .rows
                .into_iter()
                .map(|v| vote_record(v, &options, &turnout))
                .collect::<Result<_, _>>()?;
            Ok((records, l.next))
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_meeting_is_planned_until_it_ends_unless_cancelled() {
        let at = |h: u32| {
            chrono::NaiveDate::from_ymd_opt(2030, 4, 1)
                .and_then(|d| d.and_hms_opt(h, 0, 0))
                .unwrap()
        };
        assert_eq!(
            MeetingState::of(at(20), false, at(19)),
            MeetingState::Planned
        );
        assert_eq!(MeetingState::of(at(20), false, at(21)), MeetingState::Held);
        assert_eq!(
            MeetingState::of(at(20), true, at(19)),
            MeetingState::Cancelled
        );
        assert_eq!(
            MeetingState::of(at(20), true, at(21)),
            MeetingState::Cancelled
        );
    }

    #[test]
    fn a_page_keeps_its_limit_and_points_past_its_last_row() {
        let (kept, next) = rows::page_of(vec![1_i64, 2, 3], 2, |x| *x);
        assert_eq!((kept, next), (vec![1, 2], Some(2)));
        let (kept, next) = rows::page_of(vec![1_i64, 2], 2, |x| *x);
        assert_eq!((kept, next), (vec![1, 2], None));
    }
}

/// A member as open data publishes it: an organisation by its name, a person by
/// nothing but the line (a person's name is personal data; and only a chamber's
/// list, whose members are organisations, is public at all).
#[derive(Debug, Clone)]
pub struct MemberRecord {
    pub id: i64,
    /// The organisation, (group id, name); none for a person.
    pub organisation: Option<(i64, String)>,
    /// The organisation's kind code (`association`, ...), "" for a person.
    pub organisation_kind: String,
    pub joined_at: Option<NaiveDateTime>,
}

/// One page of a body's current members as everyone may see them: the members page
/// seen signed out (a chamber's list; an assembly's is refused, as its page is),
/// without the people who vote for the organisations (two queries after the body).
pub async fn members(ports: &Ports, slug: &str, p: Paging) -> Result<Page<MemberRecord>, AppError> {
    let slug = slug.to_string();
    ports
        .db
        .run(move |conn| {
            let (b, _) = super::allow(
                conn,
                &slug,
                None,
                crate::assemblies::policy::Action::SeeMembers,
            )?;
            let (rows, next) = store::memberships(
                conn,
                b.id,
                &[crate::assemblies::model::MemberStatus::Member],
                Some(p.after),
                p.limit,
            )?;
            let groups: Vec<i64> = rows.iter().filter_map(|m| m.group_id).collect();
            let cards = accounts::group_cards(conn, &groups)?;
            let records = rows
                .into_iter()
                .map(|m| {
                    let card = m.group_id.and_then(|g| cards.iter().find(|c| c.id == g));
                    MemberRecord {
                        id: m.id,
                        organisation: card.map(|c| (c.id, c.name.clone())),
                        organisation_kind: card.map(|c| c.kind.clone()).unwrap_or_default(),
                        joined_at: m.joined_at,
                    }
                })
                .collect();
            Ok((records, next))
        })
        .await
}

/// A recommendation as its public page shows it (who sent or answered it left out).
#[derive(Debug, Clone)]
pub struct RecommendationRecord {
    pub id: i64,
    pub motion_id: i64,
    pub vote_id: i64,
    pub title: String,
    pub text: String,
    pub text_sha256: String,
    pub office: String,
    pub sent_at: NaiveDateTime,
    pub answer: Option<crate::assemblies::model::recommendation::Answer>,
    pub answer_text: String,
    /// The pact it became, when that pact is public.
    pub answer_pact: Option<i64>,
    pub answered_at: Option<NaiveDateTime>,
}

/// A body's recommendations to the city as its list shows them: the newest
/// [`super::recommendations::ON_LIST`], newest first (four queries).
pub async fn recommendations(
    ports: &Ports,
    slug: &str,
) -> Result<Vec<RecommendationRecord>, AppError> {
    let slug = slug.to_string();
    ports
        .db
        .run(move |conn| {
            let b = store::by_slug(conn, &slug)?;
            let rows = super::recommendations::rows(conn, Some(b.id), None)?;
            let offices = accounts::office_names(conn)?;
            let pacts: Vec<i64> = rows.iter().filter_map(|r| r.answer_pact).collect();
            let public = crate::pacts::api::public_titles(conn, &pacts)?;
            Ok(rows
                .into_iter()
                .map(|r| RecommendationRecord {
                    office: offices
                        .iter()
                        .find(|o| o.0 == r.office_id)
                        .map(|o| o.1.clone())
                        .unwrap_or_default(),
                    answer_pact: r.answer_pact.filter(|p| public.iter().any(|t| t.0 == *p)),
                    id: r.id,
                    motion_id: r.motion_id,
                    vote_id: r.vote_id,
                    title: r.title,
                    text: r.text,
                    text_sha256: r.text_sha256,
                    sent_at: r.sent_at,
                    answer: r.answer,
                    answer_text: r.answer_text,
                    answered_at: r.answered_at,
                })
                .collect())
        })
        .await
}
