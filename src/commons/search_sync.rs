//! Keeping the search index in step with the registry.
//!
//! Every change to a commons writes an outbox row (kind `search.commons`) in the same
//! transaction ([`enqueue`]). The background job ([`sync_due`]) claims due rows in a
//! batch, builds the documents from the database and sends them to the index in one
//! call: public commons are upserted, the others deleted. If the search service is
//! down the rows stay, with their error, and are retried with backoff, so no change
//! is lost. `pactum reindex` ([`reindex`]) rebuilds the whole index from the database.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{commons, commons_provisioning, districts, outbox};
use crate::error::AppError;
use crate::search::{GeoPoint, IndexSpec, SearchDoc, SearchIndex};
use crate::util::now;

pub const OUTBOX_KIND: &str = "search.commons";

/// The commons index: its name and the fields the list's filters use.
pub const SPEC: IndexSpec = IndexSpec {
    name: "commons",
    filter_fields: &["category", "district", "status", "provisioning", "kind"],
};

/// Asks for the commons `id` to be (re)indexed, in the caller's transaction.
pub fn enqueue(conn: &mut AnyConnection, id: i64) -> Result<(), AppError> {
    let t = now();
    diesel::insert_into(outbox::table)
        .values((
            outbox::kind.eq(OUTBOX_KIND),
            outbox::recipient.eq(None::<String>),
            outbox::payload.eq(id.to_string()),
            outbox::attempts.eq(0i64),
            outbox::next_attempt_at.eq(t),
            outbox::created_at.eq(t),
        ))
        .execute(conn)?;
    Ok(())
}

type DocRow = (
    (i64, String, String, String, String, String),
    (String, String, String, f64, f64, Option<String>),
    (NaiveDateTime, Option<NaiveDateTime>),
);

/// The search documents of the public commons among `ids` (others are left out).
pub fn documents(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<SearchDoc>, AppError> {
    let rows: Vec<DocRow> = commons::table
        .left_join(districts::table)
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
                districts::slug.nullable(),
            ),
            (commons::created_at, commons::recognised_at),
        ))
        .load(conn)?;
    let found: Vec<i64> = rows.iter().map(|r| r.0.0).collect();
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
    Ok(rows
        .into_iter()
        .map(|(a, b, c)| {
            let mut filters = vec![
                ("category".to_string(), b.0),
                ("status".to_string(), b.1),
                ("kind".to_string(), b.2),
            ];
            if let Some(d) = b.5 {
                filters.push(("district".to_string(), d));
            }
            for p in provisioning.remove(&a.0).unwrap_or_default() {
                filters.push(("provisioning".to_string(), p));
            }
            let body = [a.2, a.3, a.4, a.5]
                .into_iter()
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

/// What one pass of the sync job did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SyncReport {
    pub indexed: usize,
    pub removed: usize,
    pub failed: usize,
}

fn backoff(attempts: i64) -> Duration {
    Duration::seconds((5i64 << attempts.clamp(0, 10)).min(3600))
}

/// Sends due index updates (at most `batch` outbox rows) to the index.
pub fn sync_due(
    conn: &mut AnyConnection,
    index: &dyn SearchIndex,
    batch: i64,
) -> Result<SyncReport, AppError> {
    let t = now();
    let due = crate::mail::due_rows(conn, OUTBOX_KIND, batch)?;
    if due.is_empty() {
        return Ok(SyncReport::default());
    }
    // Claim the batch with a lease unique to this pass; rows another instance took
    // in between keep its lease and are skipped here.
    let nanos = i64::from(u32::from_le_bytes(crate::util::random_bytes::<4>()) % 1_000_000);
    let lease = t + Duration::seconds(120) + Duration::nanoseconds(nanos * 1000);
    let row_ids: Vec<i64> = due.iter().map(|r| r.0).collect();
    diesel::update(
        outbox::table
            .filter(outbox::id.eq_any(&row_ids))
            .filter(outbox::delivered_at.is_null())
            .filter(
                outbox::locked_until
                    .is_null()
                    .or(outbox::locked_until.lt(t)),
            ),
    )
    .set(outbox::locked_until.eq(Some(lease)))
    .execute(conn)?;
    let claimed: Vec<i64> = outbox::table
        .filter(outbox::id.eq_any(&row_ids))
        .filter(outbox::locked_until.eq(Some(lease)))
        .select(outbox::id)
        .load(conn)?;
    let mut ids: Vec<i64> = due
        .iter()
        .filter(|r| claimed.contains(&r.0))
        .filter_map(|r| r.1.trim().parse::<i64>().ok())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let docs = documents(conn, &ids)?;
    let public: Vec<i64> = docs.iter().map(|d| d.id).collect();
    let gone: Vec<i64> = ids
        .iter()
        .copied()
        .filter(|id| !public.contains(id))
        .collect();
    let result = index.upsert(&docs).and_then(|()| {
        if gone.is_empty() {
            Ok(())
        } else {
            index.delete(&gone)
        }
    });
    match result {
        Ok(()) => {
            // Search notifications carry no history worth keeping: delivered rows go.
            diesel::delete(outbox::table.filter(outbox::id.eq_any(&claimed))).execute(conn)?;
            Ok(SyncReport {
                indexed: docs.len(),
                removed: gone.len(),
                failed: 0,
            })
        }
        Err(e) => {
            let message = e.to_string();
            tracing::warn!(rows = claimed.len(), error = %message, "search index update failed; will retry");
            for (id, _, attempts) in due.iter().filter(|r| claimed.contains(&r.0)) {
                diesel::update(outbox::table.filter(outbox::id.eq(id)))
                    .set((
                        outbox::attempts.eq(attempts + 1),
                        outbox::next_attempt_at.eq(now() + backoff(*attempts)),
                        outbox::locked_until.eq(None::<NaiveDateTime>),
                        outbox::last_error.eq(Some(message.clone())),
                    ))
                    .execute(conn)?;
            }
            Ok(SyncReport {
                failed: claimed.len(),
                ..SyncReport::default()
            })
        }
    }
}

/// Rebuilds the index from the database: clears it, then indexes every public
/// commons in batches. Pending outbox rows are left to the job (they are idempotent).
pub fn reindex(conn: &mut AnyConnection, index: &dyn SearchIndex) -> Result<usize, AppError> {
    let fail = |e: crate::search::SearchError| AppError::Unavailable(e.to_string());
    index.clear().map_err(fail)?;
    let mut after = 0i64;
    let mut total = 0;
    loop {
        let ids: Vec<i64> = commons::table
            .filter(commons::id.gt(after))
            .filter(commons::listed.eq(true))
            .order(commons::id.asc())
            .limit(1000)
            .select(commons::id)
            .load(conn)?;
        let Some(last) = ids.last().copied() else {
            break;
        };
        let docs = documents(conn, &ids)?;
        index.upsert(&docs).map_err(fail)?;
        total += docs.len();
        after = last;
    }
    Ok(total)
}

/// The background job that delivers index updates.
pub fn job(index: Arc<dyn SearchIndex>) -> crate::jobs::Job {
    crate::jobs::Job {
        name: "search",
        run: Box::new(move |conn| {
            let r = sync_due(conn, index.as_ref(), 500)?;
            Ok(if r == SyncReport::default() {
                String::new()
            } else {
                format!(
                    "indexed {}, removed {}, failed {}",
                    r.indexed, r.removed, r.failed
                )
            })
        }),
        // It calls the search engine between its writes: no long transaction.
        transactional: false,
    }
}
