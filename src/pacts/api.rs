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
