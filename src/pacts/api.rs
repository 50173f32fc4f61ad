//! What other areas may ask of pacts: narrow functions and read models. Nothing else
//! of `pacts` is for other areas (ARCHITECTURE.md, "Dependency rules").

use diesel::prelude::*;

use super::procedure::PactState;
use crate::db::AnyConnection;
use crate::db::schema::{pact_commons, pacts};
use crate::error::AppError;

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
