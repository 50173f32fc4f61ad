//! What other areas may ask of pacts: narrow functions and read models. Nothing else
//! of `pacts` is for other areas (ARCHITECTURE.md, "Dependency rules").

use diesel::prelude::*;

use super::procedure::PactState;

/// A pact's text as typed and the city's templates (for the demo's pacts).
pub use super::text::{Template, TextInput};
use crate::db::AnyConnection;
use crate::db::schema::{pact_commons, pacts};
use crate::error::AppError;

/// Importing the pacts a city signed before Pactum (`pactum import pacts`, the
/// admin's import page).
pub mod imports {
    pub use crate::pacts::imports::{Counts, PactImportRow, StoredPdf, parse, plan, save};
}

/// A pact as another area lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PactSummary {
    pub id: i64,
    pub title: String,
    pub state: PactState,
}

/// The public pacts that cover a commons (its stewardship history), newest first, at
/// most 100.
pub fn public_pacts_of_commons(
    conn: &mut AnyConnection,
    commons_id: i64,
) -> Result<Vec<PactSummary>, AppError> {
    let rows: Vec<(i64, String, String)> = pacts::table
        .inner_join(pact_commons::table)
        .filter(pact_commons::commons_id.eq(commons_id))
        .filter(pacts::listed.eq(true))
        .order(pacts::id.desc())
        .limit(100)
        .select((pacts::id, pacts::title, pacts::state))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, title, state)| {
            Some(PactSummary {
                id,
                title,
                state: PactState::parse(&state)?,
            })
        })
        .collect())
}

/// The pacts' ledger auditor, for `pactum ledger audit` (the ledger knows no area).
pub fn ledger_auditor() -> Box<dyn crate::ledger::audit::AreaAuditor> {
    Box::new(super::audit::PactAuditor::default())
}

/// The background job that moves pacts along their deadlines and sends reminders.
pub fn deadlines_job(config: &crate::config::Config) -> crate::jobs::Job {
    super::service::job(
        config.base_url.as_str().trim_end_matches('/').to_string(),
        config.city_name.clone(),
        super::store::rules(config),
    )
}

/// The titles of those of `ids` that are public, (id, title), in one query (for other
/// areas that link a pact, such as a meeting's agenda).
pub fn public_titles(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<Vec<(i64, String)>, AppError> {
    Ok(pacts::table
        .filter(pacts::id.eq_any(ids))
        .filter(pacts::listed.eq(true))
        .select((pacts::id, pacts::title))
        .load(conn)?)
}

/// The pact search index's source: its outbox kind, its spec and its documents (for
/// `pactum reindex` and the server's sync job).
pub const SEARCH: crate::search::sync::Source = super::search_sync::SOURCE;

/// A duplicate commons `from` was merged into `into`: its pacts and calls now name
/// `into` (a pact that named both keeps one line), and the moved pacts are
/// reindexed. Returns how many pacts moved. Runs in the caller's transaction.
pub fn move_commons(conn: &mut AnyConnection, from: i64, into: i64) -> Result<usize, AppError> {
    use crate::db::schema::pact_calls as calls;
    let moving: Vec<i64> = pact_commons::table
        .filter(pact_commons::commons_id.eq(from))
        .select(pact_commons::pact_id)
        .load(conn)?;
    let both: Vec<i64> = pact_commons::table
        .filter(pact_commons::commons_id.eq(into))
        .filter(pact_commons::pact_id.eq_any(&moving))
        .select(pact_commons::pact_id)
        .load(conn)?;
    diesel::delete(
        pact_commons::table
            .filter(pact_commons::commons_id.eq(from))
            .filter(pact_commons::pact_id.eq_any(&both)),
    )
    .execute(conn)?;
    diesel::update(pact_commons::table.filter(pact_commons::commons_id.eq(from)))
        .set(pact_commons::commons_id.eq(into))
        .execute(conn)?;
    diesel::update(calls::table.filter(calls::commons_id.eq(from)))
        .set(calls::commons_id.eq(into))
        .execute(conn)?;
    for id in &moving {
        super::search_sync::enqueue(conn, *id)?;
    }
    Ok(moving.len())
}

/// What happened to a commons through its pacts and calls, for its stewardship
/// timeline: public facts only (listed pacts, calls, counts of people, never names).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Moment {
    pub at: chrono::NaiveDateTime,
    /// `pact.<state>` (a pact reached a state), `pact.report`, `pact.adherents`,
    /// `call.published`, `call.chosen`, `call.cancelled`.
    pub kind: String,
    pub pact: Option<(i64, String)>,
    pub call: Option<(i64, String)>,
    /// The volunteer hours a report gives.
    pub hours: Option<i64>,
    /// How many people joined a pact that day.
    pub people: Option<i64>,
}

/// The most moments of each sort a timeline reads.
const MOMENTS_MAX: i64 = 500;

/// The moments of the public pacts and the calls on commons `commons_id`, oldest
/// first, in five queries however long its life.
pub fn stewardship(conn: &mut AnyConnection, commons_id: i64) -> Result<Vec<Moment>, AppError> {
    use crate::db::schema::{pact_adherents, pact_calls, pact_events, pact_reports};
    use std::collections::{BTreeMap, HashMap};
    let titles: HashMap<i64, String> = pacts::table
        .inner_join(pact_commons::table)
        .filter(pact_commons::commons_id.eq(commons_id))
        .filter(pacts::listed.eq(true))
        .order(pacts::id.desc())
        .limit(100)
        .select((pacts::id, pacts::title))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    let ids: Vec<i64> = titles.keys().copied().collect();
    let pact = |id: i64| titles.get(&id).map(|t| (id, t.clone()));
    let mut out = Vec::new();
    let states: Vec<(i64, Option<String>, chrono::NaiveDateTime)> = pact_events::table
        .filter(pact_events::pact_id.eq_any(&ids))
        .filter(pact_events::to_state.is_not_null())
        .order(pact_events::id.asc())
        .limit(MOMENTS_MAX)
        .select((pact_events::pact_id, pact_events::to_state, pact_events::at))
        .load(conn)?;
    // A pact in force goes between `signed` and `monitoring` with each report: the
    // timeline says once that it was signed and once that it is monitored.
    let mut seen = std::collections::HashSet::new();
    for (id, state, at) in states {
        let Some(state) = state.as_deref().and_then(PactState::parse) else {
            continue;
        };
        if matches!(state, PactState::Signed | PactState::Monitoring) && !seen.insert((id, state)) {
            continue;
        }
        out.push(Moment {
            at,
            kind: format!("pact.{}", state.code()),
            pact: pact(id),
            call: None,
            hours: None,
            people: None,
        });
    }
    let reports: Vec<(i64, i64, chrono::NaiveDateTime)> = pact_reports::table
        .filter(pact_reports::pact_id.eq_any(&ids))
        .order(pact_reports::id.asc())
        .limit(MOMENTS_MAX)
        .select((
            pact_reports::pact_id,
            pact_reports::volunteer_hours,
            pact_reports::submitted_at,
        ))
        .load(conn)?;
    for (id, hours, at) in reports {
        out.push(Moment {
            at,
            kind: "pact.report".into(),
            pact: pact(id),
            call: None,
            hours: Some(hours),
            people: None,
        });
    }
    let joined: Vec<(i64, chrono::NaiveDateTime)> = pact_adherents::table
        .filter(pact_adherents::pact_id.eq_any(&ids))
        .order(pact_adherents::joined_at.asc())
        .limit(MOMENTS_MAX * 4)
        .select((pact_adherents::pact_id, pact_adherents::joined_at))
        .load(conn)?;
    // People joining a pact, counted by pact and day (never named).
    let mut by_day: BTreeMap<(chrono::NaiveDate, i64), (chrono::NaiveDateTime, i64)> =
        BTreeMap::new();
    for (id, at) in joined {
        let e = by_day.entry((at.date(), id)).or_insert((at, 0));
        e.1 += 1;
    }
    for ((_, id), (at, n)) in by_day {
        out.push(Moment {
            at,
            kind: "pact.adherents".into(),
            pact: pact(id),
            call: None,
            hours: None,
            people: Some(n),
        });
    }
    type CallRow = (
        i64,
        String,
        chrono::NaiveDateTime,
        Option<chrono::NaiveDateTime>,
        Option<i64>,
        Option<chrono::NaiveDateTime>,
    );
    let calls: Vec<CallRow> = pact_calls::table
        .filter(pact_calls::commons_id.eq(commons_id))
        .order(pact_calls::id.asc())
        .limit(MOMENTS_MAX)
        .select((
            pact_calls::id,
            pact_calls::title,
            pact_calls::created_at,
            pact_calls::decided_at,
            pact_calls::chosen_pact_id,
            pact_calls::cancelled_at,
        ))
        .load(conn)?;
    for (id, title, created, decided, chosen, cancelled) in calls {
        let call = Some((id, title));
        let moment = |at, kind: &str, pact| Moment {
            at,
            kind: kind.into(),
            pact,
            call: call.clone(),
            hours: None,
            people: None,
        };
        out.push(moment(created, "call.published", None));
        if let Some(at) = decided {
            out.push(moment(at, "call.chosen", chosen.and_then(pact)));
        }
        if let Some(at) = cancelled {
            out.push(moment(at, "call.cancelled", None));
        }
    }
    out.sort_by_key(|m| m.at);
    Ok(out)
}

/// The number of public pacts of each of `commons_ids` (absent: none), in one query.
pub fn public_pact_counts(
    conn: &mut AnyConnection,
    commons_ids: &[i64],
) -> Result<std::collections::HashMap<i64, i64>, AppError> {
    let rows: Vec<i64> = pact_commons::table
        .inner_join(pacts::table)
        .filter(pact_commons::commons_id.eq_any(commons_ids))
        .filter(pacts::listed.eq(true))
        .select(pact_commons::commons_id)
        .load(conn)?;
    let mut out = std::collections::HashMap::new();
    for id in rows {
        *out.entry(id).or_insert(0) += 1;
    }
    Ok(out)
}

/// When the public pacts last changed: the latest change of a public pact.
pub fn last_modified(conn: &mut AnyConnection) -> Result<Option<chrono::NaiveDateTime>, AppError> {
    Ok(pacts::table
        .filter(pacts::listed.eq(true))
        .select(diesel::dsl::max(pacts::updated_at))
        .first(conn)?)
}

/// When the calls last changed: the latest publication, decision or cancellation.
pub fn calls_last_modified(
    conn: &mut AnyConnection,
) -> Result<Option<chrono::NaiveDateTime>, AppError> {
    use crate::db::schema::pact_calls;
    use diesel::dsl::max;
    let (created, decided, cancelled): (
        Option<chrono::NaiveDateTime>,
        Option<chrono::NaiveDateTime>,
        Option<chrono::NaiveDateTime>,
    ) = pact_calls::table
        .select((
            max(pact_calls::created_at),
            max(pact_calls::decided_at),
            max(pact_calls::cancelled_at),
        ))
        .first(conn)?;
    Ok(created.max(decided).max(cancelled))
}

/// When the support given through pacts last changed: the latest change of a public
/// pact or delivery recorded.
pub fn support_last_modified(
    conn: &mut AnyConnection,
) -> Result<Option<chrono::NaiveDateTime>, AppError> {
    use crate::db::schema::pact_support_deliveries;
    let delivered: Option<chrono::NaiveDateTime> = pact_support_deliveries::table
        .select(diesel::dsl::max(pact_support_deliveries::recorded_at))
        .first(conn)?;
    Ok(last_modified(conn)?.max(delivered))
}
