//! Keeping the search index in step with the registry.
//!
//! Every change to a commons writes an outbox row (kind `search.commons`) in the same
//! transaction ([`enqueue`]); the shared machinery of [`crate::search::sync`] delivers
//! it (claims with leases, retries with backoff, `pactum reindex`). This module says
//! what the commons index holds: public (listed) commons, with the list's filters; the
//! others are deleted from it. The functions below are that machinery for [`SOURCE`].

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{commons, commons_provisioning};
use crate::error::AppError;
use crate::kit::translations::Subject;
use crate::search::sync::{self, Source};
use crate::search::{GeoPoint, IndexSpec, SearchDoc, SearchIndex};

pub use crate::search::sync::{Claim, LEASE, SyncReport, Worker};

pub const OUTBOX_KIND: &str = "search.commons";

/// The commons index: its name and the fields the list's filters use.
pub const SPEC: IndexSpec = IndexSpec {
    name: "commons",
    filter_fields: &["category", "district", "status", "provisioning", "kind"],
};

/// The commons index as the sync machinery sees it: public commons are the listed ones.
pub const SOURCE: Source = Source {
    outbox_kind: OUTBOX_KIND,
    spec: SPEC,
    documents,
    public_ids: sync::listed_ids!(crate::db::schema::commons),
};

/// Asks for the commons `id` to be (re)indexed, in the caller's transaction.
pub fn enqueue(conn: &mut AnyConnection, id: i64) -> Result<(), AppError> {
    sync::enqueue(conn, &SOURCE, id)
}

type DocRow = (
    (i64, String, String, String, String, String),
    (String, String, String, f64, f64, Option<i64>),
    (NaiveDateTime, Option<NaiveDateTime>),
);

/// The search documents of the public commons among `ids` (others are left out).
pub fn documents(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<SearchDoc>, AppError> {
    let rows: Vec<DocRow> = commons::table
        .filter(commons::id.eq_any(ids))
        .filter(commons::listed.eq(true))
        .select((
            (
                commons::id,
                commons::name,
                commons::description,
                commons::why,
                commons::rules,
                commons::address,
            ),
            (
                commons::category,
                commons::status,
                commons::kind,
                commons::lat,
                commons::lng,
                commons::district_id,
            ),
            (commons::created_at, commons::recognised_at),
        ))
        .load(conn)?;
    let found: Vec<i64> = rows.iter().map(|r| r.0.0).collect();
    // A commons in a zona is found by its quartiere too: every level's slug.
    let tree = super::districts::tree(conn)?;
    let mut provisioning: HashMap<i64, Vec<String>> = HashMap::new();
    for (id, p) in commons_provisioning::table
        .filter(commons_provisioning::commons_id.eq_any(&found))
        .select((
            commons_provisioning::commons_id,
            commons_provisioning::provisioning,
        ))
        .load::<(i64, String)>(conn)?
    {
        provisioning.entry(id).or_default().push(p);
    }
    // Every language version is searchable: a search in any language finds it.
    let texts = crate::db::translations::load(conn, &[(Subject::Commons, &found)])?;
    Ok(rows
        .into_iter()
        .map(|(a, b, c)| {
            let mut filters = vec![
                ("category".to_string(), b.0),
                ("status".to_string(), b.1),
                ("kind".to_string(), b.2),
            ];
            for d in b.5.map(|d| tree.chain(d)).unwrap_or_default() {
                filters.push(("district".to_string(), d.slug.clone()));
            }
            for p in provisioning.remove(&a.0).unwrap_or_default() {
                filters.push(("provisioning".to_string(), p));
            }
            let translated = texts
                .get(Subject::Commons, a.0)
                .map(|t| t.searchable())
                .unwrap_or_default();
            let body = [a.2, a.3, a.4, a.5]
                .into_iter()
                .chain(translated)
                .filter(|s| !s.trim().is_empty())
                .collect::<Vec<_>>()
                .join("\n\n");
            SearchDoc {
                id: a.0,
                title: a.1,
                body,
                filters,
                geo: Some(GeoPoint { lat: b.3, lng: b.4 }),
                rank: c.1.unwrap_or(c.0).and_utc().timestamp(),
            }
        })
        .collect())
}

/// Takes back the index updates this server's previous run claimed (see
/// [`sync::release_left_over_claims`]).
pub fn release_left_over_claims(
    conn: &mut AnyConnection,
    worker: &Worker,
) -> Result<usize, AppError> {
    sync::release_left_over_claims(conn, &SOURCE, worker)
}

/// Claims due commons index updates (see [`sync::claim`]).
pub fn claim(
    conn: &mut AnyConnection,
    worker: &Worker,
    batch: i64,
    lease: std::time::Duration,
) -> Result<Claim, AppError> {
    sync::claim(conn, &SOURCE, worker, batch, lease)
}

/// Indexes what `claim` holds (see [`sync::index_claimed`]).
pub fn index_claimed(
    conn: &mut AnyConnection,
    index: &dyn SearchIndex,
    claim: Claim,
    lease: std::time::Duration,
) -> Result<SyncReport, AppError> {
    sync::index_claimed(conn, &SOURCE, index, claim, lease)
}

/// One pass for `worker` (see [`sync::sync_as`]).
pub fn sync_as(
    conn: &mut AnyConnection,
    index: &dyn SearchIndex,
    batch: i64,
    worker: &Worker,
    lease: std::time::Duration,
) -> Result<SyncReport, AppError> {
    sync::sync_as(conn, &SOURCE, index, batch, worker, lease)
}

/// Sends due commons index updates to the index (see [`sync::sync_due`]).
pub fn sync_due(
    conn: &mut AnyConnection,
    index: &dyn SearchIndex,
    batch: i64,
) -> Result<SyncReport, AppError> {
    sync::sync_due(conn, &SOURCE, index, batch)
}

/// Rebuilds the commons index from the database (see [`sync::reindex`]).
pub fn reindex(conn: &mut AnyConnection, index: &dyn SearchIndex) -> Result<usize, AppError> {
    sync::reindex(conn, &SOURCE, index)
}

/// The background job that delivers commons index updates, as `worker`.
pub fn job(index: Arc<dyn SearchIndex>, worker: Worker) -> crate::jobs::Job {
    sync::job(SOURCE, index, worker)
}
