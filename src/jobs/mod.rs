//! The background worker: every few seconds it runs each registered job. Jobs are
//! blocking functions over a database connection (run on the blocking pool); a failing
//! job is logged and retried on the next pass, never taking the others down.

use std::sync::Arc;
use std::time::Duration;

use crate::db::{AnyConnection, Db};
use crate::error::AppError;

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
}

/// Runs every job once (also used by tests and `pactum` CLI commands).
pub async fn run_once(db: &Db, jobs: &Arc<Vec<Job>>) {
    for i in 0..jobs.len() {
        let jobs = jobs.clone();
        let name = jobs[i].name;
        let result = if jobs[i].transactional {
            db.transaction(move |conn| (jobs[i].run)(conn)).await
        } else {
            db.run(move |conn| (jobs[i].run)(conn)).await
        };
        match result {
            Ok(summary) if !summary.is_empty() => tracing::info!(job = name, "{summary}"),
            Ok(_) => {}
            Err(e) => tracing::warn!(job = name, "job failed: {e}"),
        }
    }
}

/// Spawns the worker loop on the current actix runtime.
pub fn spawn(db: Db, jobs: Vec<Job>, every: Duration) {
    let jobs = Arc::new(jobs);
    actix_web::rt::spawn(async move {
        let mut tick = actix_web::rt::time::interval(every);
        loop {
            tick.tick().await;
            run_once(&db, &jobs).await;
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
        // Signing locks the ledger head first, which takes the write lock at once.
        transactional: false,
    }
}
