//! The background worker: every few seconds it runs each registered job. Jobs are
//! blocking functions over a database connection (run on the blocking pool); a failing
//! job is logged and retried on the next pass, never taking the others down.
//!
//! # Several instances
//!
//! Every instance runs the worker, and each job runs on one of them at a time: the
//! holder of its lease (the `job_leases` table, [`lease`]). At each pass an instance
//! reads the leases in one query, runs the jobs it holds or whose lease has ended
//! (taking them over with a conditional update only one instance can win), and skips
//! the others. The holder renews a lease each time it runs the job; when it stops, its
//! leases are released ([`release_all`]), and when it dies another instance takes its
//! jobs over once [`LEASE`] has passed. A job's `every` is counted from its last run on
//! any instance (kept with the lease), so a takeover does not run it early.
//!
//! A lease alone cannot stop a holder that stalled past its lease from still working
//! while another one took over; so the work itself is claimed too:
//!
//! - a transactional job renews its lease as the first statement of its transaction
//!   and fails when the lease is no longer its own, rolling back whatever it did; on
//!   PostgreSQL that statement also holds the lease row until commit, so an instance
//!   taking the job over waits for the transaction to end and then finds the lease
//!   renewed;
//! - the mail job claims each message, the search sync jobs each batch (both with
//!   leases of their own); the checkpoint job signs the entries below a size it read
//!   (committed entries never change) and stores one checkpoint per size.

pub mod lease;

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use crate::db::{AnyConnection, Db};
use crate::error::AppError;

/// How long a job's lease lasts without being renewed: how soon another instance takes
/// over the jobs of one that died. Holders renew at least every half of it (the worker
/// passes every few seconds); instances' clocks must agree to well within it (NTP).
pub const LEASE: Duration = Duration::from_secs(20);

/// One pass of a job: does its work and says what it did (empty: nothing).
pub type JobFn = dyn Fn(&mut AnyConnection) -> Result<String, AppError> + Send + Sync;

/// A named job run on every pass.
pub struct Job {
    pub name: &'static str,
    pub run: Box<JobFn>,
    /// Runs as one transaction in the writer's turn, like a web request that writes.
    /// For jobs that read and then write: on SQLite a write that starts after another
    /// connection committed fails with "database is locked" unless writers queue.
    pub transactional: bool,
    /// Runs at most this often, counted from its last run by any instance (zero: at
    /// every pass).
    pub every: Duration,
}

/// Who runs the jobs: a name no other live process uses. A server is named by its host
/// and address, so that after a restart it takes back its own leases at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder(String);

impl Holder {
    pub fn named(name: &str) -> Holder {
        Holder(name.to_string())
    }

    /// This process's holder for work run outside a server (CLI commands, tests):
    /// random, the same for the whole process.
    pub fn process() -> Holder {
        static NAME: OnceLock<String> = OnceLock::new();
        Holder(
            NAME.get_or_init(|| {
                format!(
                    "process/{}/{}",
                    std::process::id(),
                    crate::util::hex_encode(&crate::util::random_bytes::<6>())
                )
            })
            .clone(),
        )
    }

    pub fn name(&self) -> &str {
        &self.0
    }
}

/// Runs every job once as this process (also used by tests and `pactum` CLI commands).
pub async fn run_once(db: &Db, jobs: &Arc<Vec<Job>>) {
    run_once_as(db, jobs, &Holder::process()).await;
}

/// One pass of the worker as `holder`: runs the jobs whose lease it holds or can take.
pub async fn run_once_as(db: &Db, jobs: &Arc<Vec<Job>>, holder: &Holder) {
    let names: Vec<&'static str> = jobs.iter().map(|j| j.name).collect();
    let who = holder.clone();
    let due = db
        .run(move |conn| lease::take_due(conn, &names, &who, crate::util::now()))
        .await;
    let due = match due {
        Ok(due) => due,
        Err(e) => {
            tracing::warn!("job leases unreadable: {e}");
            return;
        }
    };
    for i in 0..jobs.len() {
        let name = jobs[i].name;
        let Some(lease) = due.iter().find(|l| l.name == name).copied() else {
            continue;
        };
        if !lease.is_due(jobs[i].every, crate::util::now()) {
            continue;
        }
        let started = std::time::Instant::now();
        let (js, who) = (jobs.clone(), holder.clone());
        let result = if jobs[i].transactional {
            db.transaction(move |conn| {
                // Fences off a holder whose lease ended while it was away.
                lease::hold_in(conn, name, &who, crate::util::now())?;
                (js[i].run)(conn)
            })
            .await
        } else {
            db.run(move |conn| (js[i].run)(conn)).await
        };
        let took = started.elapsed();
        if took > LEASE / 2 {
            tracing::warn!(
                job = name,
                secs = took.as_secs(),
                "job ran for half its lease or more"
            );
        }
        let error = match &result {
            Ok(summary) if !summary.is_empty() => {
                tracing::info!(job = name, "{summary}");
                None
            }
            Ok(_) => None,
            Err(AppError::Conflict(reason)) if *reason == lease::LOST => {
                tracing::warn!(
                    job = name,
                    "lease lost to another instance; its work was undone"
                );
                continue;
            }
            Err(e) => {
                tracing::warn!(job = name, "job failed: {e}");
                Some(e.to_string())
            }
        };
        let who = holder.clone();
        if let Err(e) = db
            .run(move |conn| lease::ran(conn, name, &who, crate::util::now(), error.as_deref()))
            .await
        {
            tracing::warn!(job = name, "cannot record the job's run: {e}");
        }
    }
}

/// Gives up every lease `holder` has (a server stopping: the others take its jobs over
/// at their next pass instead of after [`LEASE`]).
pub fn release_all(db: &Db, holder: &Holder) {
    match db
        .get()
        .and_then(|mut conn| lease::release_all(&mut conn, holder, crate::util::now()))
    {
        Ok(0) => {}
        Ok(n) => tracing::info!(holder = holder.name(), "released {n} job leases"),
        Err(e) => tracing::warn!("cannot release the job leases: {e}"),
    }
}

/// Spawns the worker loop on the current actix runtime.
pub fn spawn(db: Db, jobs: Vec<Job>, every: Duration, holder: Holder) {
    let jobs = Arc::new(jobs);
    actix_web::rt::spawn(async move {
        let mut tick = actix_web::rt::time::interval(every);
        loop {
            tick.tick().await;
            run_once_as(&db, &jobs, &holder).await;
        }
    });
}

/// The mail delivery job.
pub fn mail_job(transport: Arc<crate::mail::Transport>) -> Job {
    Job {
        name: "mail",
        run: Box::new(move |conn| {
            let r = crate::mail::deliver_due(conn, &transport, 50)?;
            Ok(if r == crate::mail::DeliveryReport::default() {
                String::new()
            } else {
                format!(
                    "delivered {}, retrying {}, failed {}",
                    r.delivered, r.retried, r.failed
                )
            })
        }),
        // Sending mail takes time: the outbox marks each message on its own.
        transactional: false,
        every: Duration::ZERO,
    }
}

/// The civic ledger's checkpoint job: signs a checkpoint when entries were appended.
pub fn checkpoint_job(signer: Arc<crate::ledger::note::NoteSigner>) -> Job {
    Job {
        name: "checkpoint",
        run: Box::new(move |conn| {
            Ok(
                match crate::ledger::checkpoint::sign_pending(conn, &signer)? {
                    Some(c) => format!("signed checkpoint of size {}", c.size),
                    None => String::new(),
                },
            )
        }),
        // Signing reads a size, then only the entries below it, which never change (an
        // append commits with its head), and stores one checkpoint per size (a unique
        // key): it needs no transaction of its own.
        transactional: false,
        every: Duration::ZERO,
    }
}
