//! Keeping a search index in step with the database, for any area that has one.
//!
//! An area describes its index as a [`Source`]: the outbox kind of its updates, the
//! index's spec, how to build the documents of some ids and how to list the ids that
//! belong in the index. This module knows no area; it only moves ids.
//!
//! Every change writes an outbox row (the source's kind, the id as payload) in the
//! same transaction ([`enqueue`]). The background job ([`job`], [`sync_due`]) claims
//! due rows in a batch, builds the documents from the database and sends them to the
//! index in one call: documents the source builds are upserted, the other ids deleted
//! (they are no longer public). If the search service is down the rows stay, with
//! their error, and are retried with backoff, so no change is lost. `pactum reindex`
//! ([`reindex`]) rebuilds a whole index from the database.
//!
//! A crash between claiming rows and indexing them must not hide documents for long:
//! claims carry the claiming [`Worker`]'s name and a short [`LEASE`], renewed by a
//! heartbeat while a batch is being indexed. A server that restarts takes back at once
//! what its previous run claimed ([`release_left_over_claims`]); claims of a server
//! that does not come back are free again when their lease ends. Live claims of other
//! instances are never taken.

use std::sync::Arc;

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::{IndexSpec, MeiliConfig, SearchDoc, SearchError, SearchIndex};
use crate::config::Config;
use crate::db::AnyConnection;
use crate::db::schema::outbox;
use crate::error::AppError;
use crate::util::now;

/// Builds the documents of the public ones among some ids (others are left out).
pub type DocumentsFn = fn(&mut AnyConnection, &[i64]) -> Result<Vec<SearchDoc>, AppError>;

/// Lists, in ascending order, at most `limit` ids greater than `after` that belong in
/// the index (a page of a full reindex).
pub type PublicIdsFn = fn(&mut AnyConnection, i64, i64) -> Result<Vec<i64>, AppError>;

/// One area's index, as the sync machinery sees it.
#[derive(Debug, Clone, Copy)]
pub struct Source {
    /// The outbox kind of this index's updates (`search.<area>`); also the job's name.
    pub outbox_kind: &'static str,
    /// The index's name and filter fields.
    pub spec: IndexSpec,
    /// The documents of the public ones among some ids.
    pub documents: DocumentsFn,
    /// The ids that belong in the index, one page at a time.
    pub public_ids: PublicIdsFn,
}

/// The [`PublicIdsFn`] of an area's table whose public rows are those marked
/// `listed` (pages by `id`): `public_ids: listed_ids!(crate::db::schema::commons)`.
macro_rules! listed_ids {
    ($table:path) => {{
        fn listed_ids(
            conn: &mut $crate::db::AnyConnection,
            after: i64,
            limit: i64,
        ) -> Result<Vec<i64>, $crate::error::AppError> {
            use diesel::prelude::*;
            use $table as rows;
            Ok(rows::table
                .filter(rows::id.gt(after))
                .filter(rows::listed.eq(true))
                .order(rows::id.asc())
                .limit(limit)
                .select(rows::id)
                .load(conn)?)
        }
        listed_ids as $crate::search::sync::PublicIdsFn
    }};
}
pub(crate) use listed_ids;

impl Source {
    /// Opens this source's index as configured: Meilisearch when `PACTUM_MEILI_URL` is
    /// set, else the embedded index in the data dir.
    pub fn open(&self, config: &Config) -> Result<Arc<dyn SearchIndex>, String> {
        let meili = config.meili_url.as_ref().map(|url| MeiliConfig {
            url: url.clone(),
            api_key: config.meili_key.clone(),
        });
        super::open(self.spec, &config.data_dir, meili)
            .map_err(|e| format!("cannot open the {} search index: {e}", self.spec.name))
    }
}

/// Asks for the document `id` of `source` to be (re)indexed, in the caller's
/// transaction.
pub fn enqueue(conn: &mut AnyConnection, source: &Source, id: i64) -> Result<(), AppError> {
    let t = now();
    diesel::insert_into(outbox::table)
        .values((
            outbox::kind.eq(source.outbox_kind),
            outbox::recipient.eq(None::<String>),
            outbox::payload.eq(id.to_string()),
            outbox::attempts.eq(0i64),
            outbox::next_attempt_at.eq(t),
            outbox::created_at.eq(t),
        ))
        .execute(conn)?;
    Ok(())
}

/// Queues many records at once (an import), one insert per call.
pub fn enqueue_many(
    conn: &mut AnyConnection,
    source: &Source,
    ids: &[i64],
) -> Result<(), AppError> {
    if ids.is_empty() {
        return Ok(());
    }
    let t = now();
    let payloads: Vec<String> = ids.iter().map(i64::to_string).collect();
    let rows: Vec<_> = payloads
        .iter()
        .map(|p| {
            (
                outbox::kind.eq(source.outbox_kind),
                outbox::recipient.eq(None::<String>),
                outbox::payload.eq(p),
                outbox::attempts.eq(0i64),
                outbox::next_attempt_at.eq(t),
                outbox::created_at.eq(t),
            )
        })
        .collect();
    crate::insert_rows!(conn, outbox::table, rows)?;
    Ok(())
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

/// At a server's start: takes back the updates of `source` its previous run claimed
/// and never finished (and claims made before claims were named, by a version that no
/// longer runs after the migration). Returns how many rows were released.
pub fn release_left_over_claims(
    conn: &mut AnyConnection,
    source: &Source,
    worker: &Worker,
) -> Result<usize, AppError> {
    if !worker.owns_name {
        return Ok(0);
    }
    let released = diesel::update(
        outbox::table
            .filter(outbox::kind.eq(source.outbox_kind))
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
            kind = source.outbox_kind,
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
    /// (outbox row, document id, attempts so far).
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

/// Claims due updates of `source` (at most `batch` outbox rows) for `worker`, for
/// `lease`. Rows another worker holds under a running lease are skipped.
pub fn claim(
    conn: &mut AnyConnection,
    source: &Source,
    worker: &Worker,
    batch: i64,
    lease: std::time::Duration,
) -> Result<Claim, AppError> {
    let t = now();
    let due = crate::mail::due_rows(conn, source.outbox_kind, batch)?;
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
    source: &Source,
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
    let docs = (source.documents)(conn, &ids)?;
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
    .unwrap_or_else(|_| Err(SearchError::Index("the index update panicked".into())));
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
            tracing::warn!(
                kind = source.outbox_kind,
                rows = row_ids.len(),
                error = %message,
                "search index update failed; will retry"
            );
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

/// One pass for `worker`: claims due updates of `source` (at most `batch` outbox rows)
/// and sends them to the index in one call: public documents are upserted, others
/// deleted.
pub fn sync_as(
    conn: &mut AnyConnection,
    source: &Source,
    index: &dyn SearchIndex,
    batch: i64,
    worker: &Worker,
    lease: std::time::Duration,
) -> Result<SyncReport, AppError> {
    let claim = claim(conn, source, worker, batch, lease)?;
    index_claimed(conn, source, index, claim, lease)
}

/// Sends due updates of `source` (at most `batch` outbox rows) to the index, as a
/// worker of its own (command-line runs and tests).
pub fn sync_due(
    conn: &mut AnyConnection,
    source: &Source,
    index: &dyn SearchIndex,
    batch: i64,
) -> Result<SyncReport, AppError> {
    sync_as(conn, source, index, batch, &Worker::unique(), LEASE)
}

/// Rebuilds the index of `source` from the database: clears it, then indexes every
/// public document in batches. Pending outbox rows are left to the job (they are
/// idempotent).
pub fn reindex(
    conn: &mut AnyConnection,
    source: &Source,
    index: &dyn SearchIndex,
) -> Result<usize, AppError> {
    reindex_with(conn, source, index, &|_| {})
}

/// [`reindex`], telling `progress` how many documents are indexed so far.
pub fn reindex_with(
    conn: &mut AnyConnection,
    source: &Source,
    index: &dyn SearchIndex,
    progress: &dyn Fn(u64),
) -> Result<usize, AppError> {
    let fail = |e: SearchError| AppError::Unavailable(e.to_string());
    index.clear().map_err(fail)?;
    let mut after = 0i64;
    let mut total = 0;
    loop {
        let ids = (source.public_ids)(conn, after, 1000)?;
        let Some(last) = ids.last().copied() else {
            break;
        };
        let docs = (source.documents)(conn, &ids)?;
        index.upsert(&docs).map_err(fail)?;
        total += docs.len();
        after = last;
        progress(total as u64);
    }
    // Search pages kept by any instance showed the old index.
    crate::db::version::bump(conn)?;
    Ok(total)
}

/// The background job that delivers the updates of `source`, as `worker`. Its first
/// pass takes back what the worker's previous run left claimed.
pub fn job(source: Source, index: Arc<dyn SearchIndex>, worker: Worker) -> crate::jobs::Job {
    let started = std::sync::atomic::AtomicBool::new(false);
    crate::jobs::Job {
        name: source.outbox_kind,
        run: Box::new(move |conn| {
            if !started.load(std::sync::atomic::Ordering::Acquire) {
                release_left_over_claims(conn, &source, &worker)?;
                started.store(true, std::sync::atomic::Ordering::Release);
            }
            let r = sync_as(conn, &source, index.as_ref(), 500, &worker, LEASE)?;
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
        every: std::time::Duration::ZERO,
    }
}
