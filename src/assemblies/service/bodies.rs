//! Bodies: an administrator creates one and names its facilitators; facilitators (and
//! administrators) change its settings; anyone reads the list and a body's page.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{allow, store};
use crate::accounts::api::{self as accounts, Who};
use crate::assemblies::model::{BodyKind, BodySettings, MemberStatus};
use crate::assemblies::policy::{self, Action, Facts, Object};
use crate::assemblies::store::{Body, LedGroup, Membership};
use crate::db::AnyConnection;
use crate::db::schema::{bodies, body_facilitators};
use crate::error::AppError;
use crate::ports::Ports;
use crate::web::forms::Refusal;

/// The most bodies the list shows (a city has a handful).
pub const MAX_BODIES: i64 = 500;

/// Checks the district exists (a settings form names it by id).
fn check_district(conn: &mut AnyConnection, s: &BodySettings) -> Result<(), Refusal> {
    match s.district {
        Some(d) if crate::commons::api::district(conn, d)?.is_none() => {
            Err(Refusal::field("district", "field-body-district-invalid"))
        }
        _ => Ok(()),
    }
}

/// Inserts a body with validated settings; its name must be free. No checks.
pub fn create_in(
    conn: &mut AnyConnection,
    creator: i64,
    s: &BodySettings,
    now: NaiveDateTime,
) -> Result<i64, Refusal> {
    check_district(conn, s)?;
    let taken: i64 = bodies::table
        .filter(bodies::slug.eq(&s.slug))
        .count()
        .get_result(conn)?;
    if taken > 0 {
        return Err(Refusal::field("name", "field-body-name-taken"));
    }
    // The check above gives the usual message; the unique index settles a race.
    let inserted = diesel::insert_into(bodies::table)
        .values((
            bodies::slug.eq(&s.slug),
            bodies::kind.eq(s.kind.code()),
            bodies::name.eq(&s.name),
            bodies::charter.eq(&s.charter),
            bodies::district_id.eq(s.district),
            bodies::theme.eq(&s.theme),
            bodies::joining.eq(s.joining.code()),
            bodies::admits.eq(s.admits_codes()),
            bodies::motion_threshold.eq(s.motion_threshold),
            bodies::created_by.eq(creator),
            bodies::created_at.eq(now),
            bodies::updated_at.eq(now),
        ))
        .returning(bodies::id)
        .get_result(conn);
    match inserted {
        Err(e) if crate::db::is_unique_violation(&e) => {
            Err(Refusal::field("name", "field-body-name-taken"))
        }
        other => Ok(other?),
    }
}

/// An administrator creates a body; answers its slug.
pub async fn create(ports: &Ports, who: &Who, s: BodySettings) -> Result<String, Refusal> {
    policy::may(Some(who), &Object::Platform, Action::Create)?;
    let (uid, now) = (who.id, ports.clock.now());
    ports
        .db
        .try_transaction(move |conn| {
            create_in(conn, uid, &s, now)?;
            Ok(s.slug)
        })
        .await
}

/// A facilitator or an administrator changes a body's settings. The kind and the
/// address (slug) stay as created.
pub async fn edit(ports: &Ports, who: &Who, slug: &str, s: BodySettings) -> Result<(), Refusal> {
    let (who, slug, now) = (who.clone(), slug.to_string(), ports.clock.now());
    ports
        .db
        .try_transaction(move |conn| {
            let (b, _) = allow(conn, &slug, Some(&who), Action::Edit)?;
            if s.kind != b.kind {
                return Err(Refusal::field("kind", "field-body-kind-fixed"));
            }
            check_district(conn, &s)?;
            diesel::update(bodies::table.find(b.id))
                .set((
                    bodies::name.eq(&s.name),
                    bodies::charter.eq(&s.charter),
                    bodies::district_id.eq(s.district),
                    bodies::theme.eq(&s.theme),
                    bodies::joining.eq(s.joining.code()),
                    bodies::admits.eq(s.admits_codes()),
                    bodies::motion_threshold.eq(s.motion_threshold),
                    bodies::updated_at.eq(now),
                ))
                .execute(conn)?;
            Ok(())
        })
        .await
}

/// Makes a person a facilitator of a body (none if already one). No checks.
pub fn add_facilitator_in(
    conn: &mut AnyConnection,
    body: i64,
    user: i64,
    by: Option<i64>,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let exists: i64 = body_facilitators::table
        .filter(body_facilitators::body_id.eq(body))
        .filter(body_facilitators::user_id.eq(user))
        .count()
        .get_result(conn)?;
    if exists == 0 {
        diesel::insert_into(body_facilitators::table)
            .values((
                body_facilitators::body_id.eq(body),
                body_facilitators::user_id.eq(user),
                body_facilitators::granted_by.eq(by),
                body_facilitators::granted_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// An administrator names a facilitator by e-mail address.
pub async fn add_facilitator(
    ports: &Ports,
    who: &Who,
    slug: &str,
    email: &str,
) -> Result<(), Refusal> {
    let (who, slug, email, now) = (
        who.clone(),
        slug.to_string(),
        email.to_string(),
        ports.clock.now(),
    );
    policy::may(Some(&who), &Object::Platform, Action::NameFacilitators)?;
    ports
        .db
        .try_transaction(move |conn| {
            let (b, _) = allow(conn, &slug, Some(&who), Action::NameFacilitators)?;
            let Some(user) = accounts::person_by_email(conn, &email)? else {
                return Err(Refusal::field("email", "field-body-facilitator-unknown"));
            };
            add_facilitator_in(conn, b.id, user, Some(who.id), now)?;
            Ok(())
        })
        .await
}

/// An administrator removes a facilitator.
pub async fn remove_facilitator(
    ports: &Ports,
    who: &Who,
    slug: &str,
    user: i64,
) -> Result<(), AppError> {
    let (who, slug) = (who.clone(), slug.to_string());
    policy::may(Some(&who), &Object::Platform, Action::NameFacilitators)?;
    ports
        .db
        .transaction(move |conn| {
            let (b, _) = allow(conn, &slug, Some(&who), Action::NameFacilitators)?;
            let n = diesel::delete(
                body_facilitators::table
                    .filter(body_facilitators::body_id.eq(b.id))
                    .filter(body_facilitators::user_id.eq(user)),
            )
            .execute(conn)?;
            if n == 0 {
                return Err(AppError::NotFound);
            }
            Ok(())
        })
        .await
}

/// A body in the list.
#[derive(Debug, Clone)]
pub struct BodyCard {
    pub slug: String,
    pub name: String,
    pub kind: BodyKind,
    pub theme: String,
    pub district: Option<String>,
    pub members: i64,
}

/// Every body, by name, with its territory and member count (three queries).
pub async fn list(ports: &Ports) -> Result<Vec<BodyCard>, AppError> {
    ports
        .db
        .run(|conn| {
            let all = store::all(conn, MAX_BODIES)?;
            let ids: Vec<i64> = all.iter().map(|b| b.id).collect();
            let counts = store::member_counts(conn, &ids)?;
            let districts = crate::commons::api::districts(conn)?;
            Ok(all
                .into_iter()
                .map(|b| BodyCard {
                    members: counts.iter().find(|c| c.0 == b.id).map_or(0, |c| c.1),
                    district: b
                        .district_id
                        .and_then(|d| districts.iter().find(|x| x.id == d).map(|x| x.name.clone())),
                    slug: b.slug,
                    name: b.name,
                    kind: b.kind,
                    theme: b.theme,
                })
                .collect())
        })
        .await
}

/// Everything a body's page shows, for one viewer.
#[derive(Debug, Clone)]
pub struct BodyPage {
    pub body: Body,
    pub district: Option<String>,
    pub facilitators: Vec<(i64, String)>,
    pub members: i64,
    /// Requests waiting for a decision (shown to facilitators only; 0 otherwise).
    pub pending: i64,
    pub facts: Facts,
    /// The viewer's own current membership.
    pub own: Option<Membership>,
    /// The groups the viewer speaks for, with their ties (chambers).
    pub led: Vec<LedGroup>,
    /// Coming meetings (soonest first) and past ones (latest first), a page of each.
    pub upcoming: Vec<super::meetings::Meeting>,
    pub past: Vec<super::meetings::Meeting>,
    /// The latest motions with their support.
    pub motions: Vec<super::motions::MotionCard>,
    /// The latest votes.
    pub votes: Vec<super::vote_pages::VoteCard>,
}

/// A body's page (a fixed number of queries whatever the body's size).
pub async fn page(ports: &Ports, who: Option<&Who>, slug: &str) -> Result<BodyPage, AppError> {
    let (who, slug, now) = (who.cloned(), slug.to_string(), ports.clock.now());
    ports
        .db
        .run(move |conn| {
            let b = store::by_slug(conn, &slug)?;
            let facts = store::facts(conn, &b, who.as_ref())?;
            let (upcoming, past) =
                super::meetings::around(conn, b.id, now, super::meetings::ON_PAGE)?;
            let district = match b.district_id {
                Some(d) => crate::commons::api::district(conn, d)?.map(|d| d.name),
                None => None,
            };
            let counts = store::member_counts(conn, &[b.id])?;
            let pending = if facts.ties.facilitator {
                store::pending_count(conn, b.id)?
            } else {
                0
            };
            let (own, led) = match &who {
                None => (None, Vec::new()),
                Some(w) => (
                    store::current_of(conn, b.id, Some(w.id), None)?,
                    match b.kind {
                        BodyKind::Chamber => store::led_groups(conn, b.id, w)?,
                        BodyKind::Assembly => Vec::new(),
                    },
                ),
            };
            Ok(BodyPage {
                district,
                facilitators: store::facilitators(conn, b.id)?,
                members: counts.first().map_or(0, |c| c.1),
                pending,
                facts,
                own,
                led,
                upcoming,
                past,
                motions: super::motions::cards(conn, b.id)?,
                votes: super::vote_pages::cards(conn, b.id)?,
                body: b,
            })
        })
        .await
}

/// Whether `status` is a current membership.
pub fn is_current(status: MemberStatus) -> bool {
    matches!(status, MemberStatus::Pending | MemberStatus::Member)
}
