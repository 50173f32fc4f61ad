//! Keeping the search index in step with the registry.
//!
//! Every change to a commons writes an outbox row (kind `search.commons`) in the same
//! transaction ([`enqueue`]). The background job ([`sync_due`]) claims due rows in a
//! batch, builds the documents from the database and sends them to the index in one
//! call: public commons are upserted, the others deleted. If the search service is
//! down the rows stay, with their error, and are retried with backoff, so no change
//! is lost. `pactum reindex` ([`reindex`]) rebuilds the whole index from the database.
//!
//! A crash between claiming rows and indexing them must not hide commons for long:
//! claims carry the claiming [`Worker`]'s name and a short [`LEASE`], renewed by a
//! heartbeat while a batch is being indexed. A server that restarts takes back at once
//! what its previous run claimed ([`release_left_over_claims`]); claims of a server
//! that does not come back are free again when their lease ends. Live claims of other
//! instances are never taken.

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

/// How long a claim on index updates lasts unless renewed. While a batch is being
/// indexed, a heartbeat renews it every third of this.
pub const LEASE: std::time::Duration = std::time::Duration::from_secs(30);

/// Who claims index updates: a name stored with each claim.
///
/// A server's name is its host name and listening address. No two running processes
/// can listen on the same address of the same host, so claims under a server's name
/// that exist when it starts were left by an earlier run of that same server, which no
/// longer runs (it crashed or was killed): [`release_left_over_claims`] takes them back
/// at once. Claims of other names (other instances sharing the database) are never
/// touched: they are only taken over when their lease ends, which a live instance
/// keeps renewing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Worker {
    name: String,
    /// Whether no other live process can use this name (so leftovers are ours).
    owns_name: bool,
}

impl Worker {
    /// The worker of a server listening on `addr` on this host. Without a known host
    /// name, a unique name (leftover claims then wait for their lease to end).
    pub fn server(addr: std::net::SocketAddr) -> Worker {
        match host_name() {
            Some(host) => Worker {
                name: format!("{host}/{addr}"),
                owns_name: true,
            },
            None => Worker::unique(),
        }
    }

    /// A worker of its own (a command-line run, a test): it never releases claims at
    /// start, since another process could hold the same kind of name.
    pub fn unique() -> Worker {
        Worker {
            name: format!(
                "unique/{}",
                crate::util::hex_encode(&crate::util::random_bytes::<12>())
            ),
            owns_name: false,
        }
    }

    /// A worker with this name, which the caller guarantees no other live process uses
    /// (tests use it to play the same server before and after a crash).
    pub fn named(name: &str) -> Worker {
        Worker {
            name: name.to_string(),
            owns_name: true,
        }
    }

    /// The name stored with its claims.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// This host's name, if the system says it.
fn host_name() -> Option<String> {
    let from_file = |path: &str| std::fs::read_to_string(path).ok();
    from_file("/proc/sys/kernel/hostname")
        .or_else(|| from_file("/etc/hostname"))
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty() && h.len() <= 255 && !h.chars().any(char::is_control))
}

/// At a server's start: takes back the index updates its previous run claimed and
/// never finished (and claims made before claims were named, by a version that no
/// longer runs after the migration). Returns how many rows were released.
pub fn release_left_over_claims(
    conn: &mut AnyConnection,
    worker: &Worker,
) -> Result<usize, AppError> {
    if !worker.owns_name {
        return Ok(0);
    }
    let released = diesel::update(
        outbox::table
            .filter(outbox::kind.eq(OUTBOX_KIND))
            .filter(outbox::delivered_at.is_null())
            .filter(outbox::locked_until.is_not_null())
            .filter(
                outbox::claimed_by
                    .eq(worker.name())
                    .or(outbox::claimed_by.is_null()),
            ),
    )
    .set((
        outbox::locked_until.eq(None::<NaiveDateTime>),
        outbox::claimed_by.eq(None::<String>),
    ))
    .execute(conn)?;
    if released > 0 {
        tracing::info!(
            rows = released,
            worker = worker.name(),
            "took back index updates claimed by this server's previous run"
        );
    }
    Ok(released)
}

/// Index updates claimed by one pass of a worker.
#[derive(Debug)]
pub struct Claim {
    worker: String,
    /// (outbox row, commons id, attempts so far).
    rows: Vec<(i64, Option<i64>, i64)>,
}

impl Claim {
    /// Whether nothing was claimed.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// How many outbox rows were claimed.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    fn row_ids(&self) -> Vec<i64> {
        self.rows.iter().map(|r| r.0).collect()
    }
}

fn lease_until(lease: std::time::Duration) -> NaiveDateTime {
    now() + Duration::from_std(lease).unwrap_or_else(|_| Duration::seconds(30))
}

/// Claims due index updates (at most `batch` outbox rows) for `worker`, for `lease`.
/// Rows another worker holds under a running lease are skipped.
pub fn claim(
    conn: &mut AnyConnection,
    worker: &Worker,
    batch: i64,
    lease: std::time::Duration,
) -> Result<Claim, AppError> {
    let t = now();
    let due = crate::mail::due_rows(conn, OUTBOX_KIND, batch)?;
    if due.is_empty() {
        return Ok(Claim {
            worker: worker.name.clone(),
            rows: Vec::new(),
        });
    }
    // Claim the batch with a lease unique to this pass (a random microsecond within the
    // next millisecond); rows another instance took in between keep its lease and name
    // and are skipped here.
    let micros = i64::from(u32::from_le_bytes(crate::util::random_bytes::<4>()) % 1000);
    let until = lease_until(lease) + Duration::microseconds(micros);
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
    .set((
        outbox::locked_until.eq(Some(until)),
        outbox::claimed_by.eq(Some(worker.name())),
    ))
    .execute(conn)?;
    let claimed: Vec<i64> = outbox::table
        .filter(outbox::id.eq_any(&row_ids))
        .filter(outbox::locked_until.eq(Some(until)))
        .filter(outbox::claimed_by.eq(worker.name()))
        .select(outbox::id)
        .load(conn)?;
    Ok(Claim {
        worker: worker.name.clone(),
        rows: due
            .into_iter()
            .filter(|r| claimed.contains(&r.0))
            .map(|(id, payload, attempts)| (id, payload.trim().parse::<i64>().ok(), attempts))
            .collect(),
    })
}

/// Renews a claim's lease (the heartbeat); says how many rows are still held.
fn renew(
    conn: &mut AnyConnection,
    claim: &Claim,
    lease: std::time::Duration,
) -> Result<usize, AppError> {
    Ok(diesel::update(
        outbox::table
            .filter(outbox::id.eq_any(claim.row_ids()))
            .filter(outbox::claimed_by.eq(&claim.worker)),
    )
    .set(outbox::locked_until.eq(Some(lease_until(lease))))
    .execute(conn)?)
}

/// Runs `work` on its own thread while this one renews the claim every third of the
/// lease, so a batch that takes long keeps its rows and a dead process loses them soon.
fn with_heartbeat<T: Send>(
    conn: &mut AnyConnection,
    claim: &Claim,
    lease: std::time::Duration,
    work: impl FnOnce() -> T + Send,
) -> std::thread::Result<T> {
    let every = (lease / 3).max(std::time::Duration::from_millis(10));
    std::thread::scope(|scope| {
        let (done, finished) = std::sync::mpsc::channel::<()>();
        let worker = scope.spawn(move || {
            let out = work();
            // The receiver only goes away with this scope.
            let _ = done.send(());
            out
        });
        // Until the work ends (a message, or a panic that drops the sender).
        while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = finished.recv_timeout(every) {
            match renew(conn, claim, lease) {
                Ok(held) if held < claim.len() => tracing::warn!(
                    held,
                    claimed = claim.len(),
                    "some claimed index updates were taken over by another instance"
                ),
                Ok(_) => {}
                Err(e) => tracing::warn!("cannot renew the claim on index updates: {e}"),
            }
        }
        worker.join()
    })
}

/// Indexes what `claim` holds (renewing its lease meanwhile), then deletes the rows, or
/// releases them with a backoff when the index refuses.
pub fn index_claimed(
    conn: &mut AnyConnection,
    index: &dyn SearchIndex,
    claim: Claim,
    lease: std::time::Duration,
) -> Result<SyncReport, AppError> {
    if claim.is_empty() {
        return Ok(SyncReport::default());
    }
    let mut ids: Vec<i64> = claim.rows.iter().filter_map(|r| r.1).collect();
    ids.sort_unstable();
    ids.dedup();
    let docs = documents(conn, &ids)?;
    let public: Vec<i64> = docs.iter().map(|d| d.id).collect();
    let gone: Vec<i64> = ids
        .iter()
        .copied()
        .filter(|id| !public.contains(id))
        .collect();
    let result = with_heartbeat(conn, &claim, lease, || {
        index.upsert(&docs).and_then(|()| {
            if gone.is_empty() {
                Ok(())
            } else {
                index.delete(&gone)
            }
        })
    })
    .unwrap_or_else(|_| {
        Err(crate::search::SearchError::Index(
            "the index update panicked".into(),
        ))
    });
    let row_ids = claim.row_ids();
    match result {
        Ok(()) => {
            // Search notifications carry no history worth keeping: delivered rows go.
            diesel::delete(
                outbox::table
                    .filter(outbox::id.eq_any(&row_ids))
                    .filter(outbox::claimed_by.eq(&claim.worker)),
            )
            .execute(conn)?;
            Ok(SyncReport {
                indexed: docs.len(),
                removed: gone.len(),
                failed: 0,
            })
        }
        Err(e) => {
            let message = e.to_string();
            tracing::warn!(rows = row_ids.len(), error = %message, "search index update failed; will retry");
            for (id, _, attempts) in &claim.rows {
                diesel::update(
                    outbox::table
                        .filter(outbox::id.eq(id))
                        .filter(outbox::claimed_by.eq(&claim.worker)),
                )
                .set((
                    outbox::attempts.eq(attempts + 1),
                    outbox::next_attempt_at.eq(now() + backoff(*attempts)),
                    outbox::locked_until.eq(None::<NaiveDateTime>),
                    outbox::claimed_by.eq(None::<String>),
                    outbox::last_error.eq(Some(message.clone())),
                ))
                .execute(conn)?;
            }
            Ok(SyncReport {
                failed: row_ids.len(),
                ..SyncReport::default()
            })
        }
    }
}

/// One pass for `worker`: claims due index updates (at most `batch` outbox rows) and
/// sends them to the index in one call: public commons are upserted, others deleted.
pub fn sync_as(
    conn: &mut AnyConnection,
    index: &dyn SearchIndex,
    batch: i64,
    worker: &Worker,
    lease: std::time::Duration,
) -> Result<SyncReport, AppError> {
    let claim = claim(conn, worker, batch, lease)?;
    index_claimed(conn, index, claim, lease)
}

/// Sends due index updates (at most `batch` outbox rows) to the index, as a worker of
/// its own (command-line runs and tests).
pub fn sync_due(
    conn: &mut AnyConnection,
    index: &dyn SearchIndex,
    batch: i64,
) -> Result<SyncReport, AppError> {
    sync_as(conn, index, batch, &Worker::unique(), LEASE)
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

/// The background job that delivers index updates, as `worker`. Its first pass takes
/// back what the worker's previous run left claimed.
pub fn job(index: Arc<dyn SearchIndex>, worker: Worker) -> crate::jobs::Job {
    let started = std::sync::atomic::AtomicBool::new(false);
    crate::jobs::Job {
        name: "search",
        run: Box::new(move |conn| {
            if !started.load(std::sync::atomic::Ordering::Acquire) {
                release_left_over_claims(conn, &worker)?;
                started.store(true, std::sync::atomic::Ordering::Release);
            }
            let r = sync_as(conn, index.as_ref(), 500, &worker, LEASE)?;
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
