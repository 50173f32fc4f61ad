//! What the public and the city read of recommendations and endorsements: a
//! recommendation's page, a body's list (with what its facilitators may send), the
//! recommendations a motion became, the officials' queue (through `assemblies::api`)
//! and the bodies that endorse a pact (the pact's page, through `assemblies::api`).
//! Each reads a fixed number of queries, whatever the number of rows.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::recommendations::{
    AdoptedVote, ON_LIST, Recommendation, adopted_votes, facts_of, load, rows,
};
use super::store;
use crate::accounts::api::{self as accounts, Who};
use crate::assemblies::model::recommendation::{self, Answer};
use crate::assemblies::policy::{self, Action, Facts, Object, RecommendationFacts};
use crate::db::AnyConnection;
use crate::db::schema::{bodies, pact_endorsements, recommendations};
use crate::error::AppError;
use crate::pacts::api as pacts;

/// Everything a recommendation's page shows, for one viewer.
#[derive(Debug, Clone)]
pub struct RecommendationPage {
    pub slug: String,
    pub body_name: String,
    pub rec: Recommendation,
    pub office_name: String,
    /// The pact it became, (id, title), when public.
    pub pact: Option<(i64, String)>,
    pub facts: RecommendationFacts,
    pub overdue: bool,
}

/// A recommendation's page (a fixed number of queries).
pub fn page_in(
    conn: &mut AnyConnection,
    who: Option<&Who>,
    slug: &str,
    id: i64,
    days: i64,
    now: NaiveDateTime,
) -> Result<RecommendationPage, AppError> {
    let b = store::by_slug(conn, slug)?;
    let r = load(conn, b.id, id)?;
    let facts = facts_of(conn, &r, who)?;
    let office_name = accounts::office(conn, r.office_id)?
        .map(|o| o.1)
        .unwrap_or_default();
    let pact = match r.answer_pact {
        Some(p) => pacts::public_titles(conn, &[p])?.pop(),
        None => None,
    };
    Ok(RecommendationPage {
        slug: b.slug,
        body_name: b.name,
        overdue: recommendation::overdue(r.sent_at, r.answer.is_some(), days, now),
        rec: r,
        office_name,
        pact,
        facts,
    })
}

/// A recommendation in a body's list.
#[derive(Debug, Clone)]
pub struct RecommendationLine {
    pub id: i64,
    pub title: String,
    pub office: String,
    pub sent_at: NaiveDateTime,
    pub answer: Option<Answer>,
    pub answered_at: Option<NaiveDateTime>,
}

/// An endorsement in a body's list.
#[derive(Debug, Clone)]
pub struct EndorsementLine {
    pub pact: i64,
    pub pact_title: String,
    pub vote: i64,
    pub created_at: NaiveDateTime,
}

/// The recommendations a motion became, oldest first, with their offices (two
/// queries; a motion goes to an office once, so they are few).
pub fn of_motion(
    conn: &mut AnyConnection,
    motion: i64,
) -> Result<Vec<RecommendationLine>, AppError> {
    let rows = rows(conn, None, Some(motion))?;
    let ids: Vec<i64> = rows.iter().map(|r| r.office_id).collect();
    let offices = accounts::office_names_of(conn, &ids)?;
    Ok(lines(rows, &offices))
}

fn lines(rows: Vec<Recommendation>, offices: &[(i64, String)]) -> Vec<RecommendationLine> {
    rows.into_iter()
        .map(|r| RecommendationLine {
            id: r.id,
            office: offices
                .iter()
                .find(|x| x.0 == r.office_id)
                .map(|x| x.1.clone())
                .unwrap_or_default(),
            title: r.title,
            sent_at: r.sent_at,
            answer: r.answer,
            answered_at: r.answered_at,
        })
        .collect()
}

/// A body's recommendations and endorsements, and what its facilitators may send.
#[derive(Debug, Clone)]
pub struct RecommendationList {
    pub slug: String,
    pub body_name: String,
    pub facts: Facts,
    pub lines: Vec<RecommendationLine>,
    pub endorsements: Vec<EndorsementLine>,
    /// For facilitators: the body's adopted votes, and the city's offices.
    pub adopted: Vec<AdoptedVote>,
    pub offices: Vec<(i64, String)>,
}

/// A body's list of recommendations and endorsements (a fixed number of queries).
pub fn list_in(
    conn: &mut AnyConnection,
    who: Option<&Who>,
    slug: &str,
) -> Result<RecommendationList, AppError> {
    let b = store::by_slug(conn, slug)?;
    let facts = store::facts(conn, &b, who)?;
    let rows = rows(conn, Some(b.id), None)?;
    let offices = accounts::office_names(conn)?;
    let lines = lines(rows, &offices);
    let ends: Vec<(i64, i64, NaiveDateTime)> = pact_endorsements::table
        .filter(pact_endorsements::body_id.eq(b.id))
        .order(pact_endorsements::id.desc())
        .limit(ON_LIST)
        .select((
            pact_endorsements::pact_id,
            pact_endorsements::vote_id,
            pact_endorsements::created_at,
        ))
        .load(conn)?;
    let ids: Vec<i64> = ends.iter().map(|e| e.0).collect();
    let titles = pacts::public_titles(conn, &ids)?;
    let endorsements = ends
        .into_iter()
        .filter_map(|(pact, vote, created_at)| {
            let t = titles.iter().find(|t| t.0 == pact)?;
            Some(EndorsementLine {
                pact,
                pact_title: t.1.clone(),
                vote,
                created_at,
            })
        })
        .collect();
    let facilitator = policy::allowed(who, &Object::Body(&facts), Action::Recommend);
    let adopted = if facilitator {
        adopted_votes(conn, b.id)?
    } else {
        Vec::new()
    };
    Ok(RecommendationList {
        slug: b.slug,
        body_name: b.name,
        facts,
        lines,
        endorsements,
        adopted,
        offices,
    })
}

/// An unanswered recommendation on the officials' queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueLine {
    pub id: i64,
    pub slug: String,
    pub body_name: String,
    pub title: String,
    pub office: String,
    pub sent_at: NaiveDateTime,
    pub overdue: bool,
}

/// The unanswered recommendations `who` may answer, oldest first: those sent to their
/// offices; every one for an official of the coordinating office or an administrator
/// (a fixed number of queries).
pub fn queue_in(
    conn: &mut AnyConnection,
    who: &Who,
    days: i64,
    now: NaiveDateTime,
) -> Result<Vec<QueueLine>, AppError> {
    let mine = accounts::offices_of(conn, who.id)?;
    let coordinating = accounts::coordinating_office(conn)?;
    let all = who.has(accounts::Role::Admin)
        || (who.has(accounts::Role::Official) && coordinating.is_some_and(|c| mine.contains(&c)));
    if !all && !who.has(accounts::Role::Official) {
        return Ok(Vec::new());
    }
    let mut q = recommendations::table
        .inner_join(bodies::table)
        .filter(recommendations::answer.is_null())
        .order((recommendations::sent_at.asc(), recommendations::id.asc()))
        .limit(ON_LIST)
        .select((
            recommendations::id,
            bodies::slug,
            bodies::name,
            recommendations::title,
            recommendations::office_id,
            recommendations::sent_at,
        ))
        .into_boxed();
    if !all {
        q = q.filter(recommendations::office_id.eq_any(mine));
    }
    let rows: Vec<(i64, String, String, String, i64, NaiveDateTime)> = q.load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.4).collect();
    let names = accounts::office_names_of(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|(id, slug, body_name, title, office, sent_at)| QueueLine {
            id,
            slug,
            body_name,
            title,
            office: names
                .iter()
                .find(|n| n.0 == office)
                .map(|n| n.1.clone())
                .unwrap_or_default(),
            sent_at,
            overdue: recommendation::overdue(sent_at, false, days, now),
        })
        .collect())
}

/// A body's endorsement of a pact, as the pact's page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endorsement {
    pub slug: String,
    pub body_name: String,
    pub vote: i64,
    pub created_at: NaiveDateTime,
}

/// The bodies that endorse a pact, oldest first (one query).
pub fn endorsements_of_pact(
    conn: &mut AnyConnection,
    pact: i64,
) -> Result<Vec<Endorsement>, AppError> {
    let rows: Vec<(String, String, i64, NaiveDateTime)> = pact_endorsements::table
        .inner_join(bodies::table)
        .filter(pact_endorsements::pact_id.eq(pact))
        .order(pact_endorsements::id.asc())
        .limit(ON_LIST)
        .select((
            bodies::slug,
            bodies::name,
            pact_endorsements::vote_id,
            pact_endorsements::created_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(slug, body_name, vote, created_at)| Endorsement {
            slug,
            body_name,
            vote,
            created_at,
        })
        .collect())
}

/// A recommendation's page (the web's read).
pub async fn page(
    ports: &crate::ports::Ports,
    who: Option<&Who>,
    slug: &str,
    id: i64,
) -> Result<RecommendationPage, AppError> {
    let (who, slug, now) = (who.cloned(), slug.to_string(), ports.clock.now());
    let days = ports.config.recommendation_answer_days;
    ports
        .db
        .run(move |conn| page_in(conn, who.as_ref(), &slug, id, days, now))
        .await
}

/// A body's list (the web's read).
pub async fn list(
    ports: &crate::ports::Ports,
    who: Option<&Who>,
    slug: &str,
) -> Result<RecommendationList, AppError> {
    let (who, slug) = (who.cloned(), slug.to_string());
    ports
        .db
        .run(move |conn| list_in(conn, who.as_ref(), &slug))
        .await
}
