//! The metrics endpoint: `GET /metrics` in the Prometheus text format, served by a
//! small server of its own on `PACTUM_METRICS_BIND` (loopback by default), never by
//! the public site.
//!
//! Rules: the HTTP metrics are the public site's middleware counts
//! ([`crate::web::metrics`]); the pool's numbers are read from the pool; the gauges
//! that need the database (outbox backlog, ledger, sessions, job leases) are read when
//! scraped, in six queries on the blocking pool, waiting at most [`DB_WAIT`] for a connection.
//! When they fail the page still answers, with `pactum_database_up 0` and without
//! them.

use std::net::TcpListener;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use actix_web::{App, HttpResponse, HttpServer, web};
use chrono::NaiveDateTime;

use crate::accounts::api::{SessionPolicy, count_all_live};
use crate::config::MetricsBind;
use crate::db::{AnyConnection, Db};
use crate::error::AppError;
use crate::mail::{self, Backlog};
use crate::web::metrics::{Exposition, HttpMetrics};

/// How long a scrape waits for a database connection before it reports the database
/// down (Prometheus gives up on a scrape after 10 s by default).
pub const DB_WAIT: Duration = Duration::from_secs(2);

/// What the endpoint reads.
pub struct Monitor {
    db: Db,
    http: web::Data<HttpMetrics>,
    sessions: SessionPolicy,
    started: SystemTime,
    started_at: Instant,
}

/// The gauges read from the database.
struct DbGauges {
    backlog: Vec<Backlog>,
    ledger_size: u64,
    checkpoint: Option<(u64, NaiveDateTime)>,
    live_sessions: i64,
    leases: Vec<crate::jobs::lease::Lease>,
}

/// The outbox kinds always listed (with 0 when empty), so that an alert on them has
/// a series to watch: mail, and the search indexes' updates.
fn known_kinds() -> [&'static str; 3] {
    [
        mail::KIND_EMAIL,
        crate::commons::api::SEARCH.outbox_kind,
        crate::pacts::api::SEARCH.outbox_kind,
    ]
}

fn read_gauges(
    conn: &mut AnyConnection,
    policy: SessionPolicy,
    now: NaiveDateTime,
) -> Result<DbGauges, AppError> {
    Ok(DbGauges {
        backlog: mail::backlog(conn)?,
        ledger_size: crate::ledger::store::size(conn)?,
        checkpoint: crate::ledger::store::latest_checkpoint_signed(conn)?,
        live_sessions: count_all_live(conn, policy, now)?,
        leases: crate::jobs::lease::all(conn)?,
    })
}

/// Seconds from `then` to `now`, never negative (clocks of several instances differ).
fn age(then: NaiveDateTime, now: NaiveDateTime) -> f64 {
    ((now - then).num_milliseconds().max(0) as f64) / 1000.0
}

fn unix_seconds(t: SystemTime) -> f64 {
    t.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
}

impl Monitor {
    /// A monitor of this process, started now.
    pub fn new(db: Db, http: web::Data<HttpMetrics>, sessions: SessionPolicy) -> Monitor {
        Monitor {
            db,
            http,
            sessions,
            started: SystemTime::now(),
            started_at: Instant::now(),
        }
    }

    /// The metrics page.
    pub async fn render(&self) -> String {
        let policy = self.sessions;
        let now = crate::util::now();
        let gauges = self
            .db
            .run_within(DB_WAIT, move |conn| read_gauges(conn, policy, now))
            .await;
        if let Err(e) = &gauges {
            tracing::warn!(error = %e, "metrics: the database gauges cannot be read");
        }
        let mut out = Exposition::new();
        out.family(
            "pactum_build_info",
            "gauge",
            "The running Pactum's version (always 1).",
        );
        out.sample(
            "pactum_build_info",
            &[("version", env!("CARGO_PKG_VERSION"))],
            1,
        );
        out.single(
            "pactum_process_start_time_seconds",
            "gauge",
            "When this process started, in seconds since the Unix epoch.",
            unix_seconds(self.started),
        );
        out.single(
            "pactum_process_uptime_seconds",
            "gauge",
            "Seconds since this process started.",
            self.started_at.elapsed().as_secs_f64(),
        );
        self.http.write(&mut out);
        let pool = self.db.pool_state();
        out.single(
            "pactum_db_pool_connections",
            "gauge",
            "Database connections open (idle or in use).",
            pool.connections,
        );
        out.single(
            "pactum_db_pool_idle_connections",
            "gauge",
            "Database connections open and idle.",
            pool.idle,
        );
        out.single(
            "pactum_db_pool_in_use_connections",
            "gauge",
            "Database connections in use.",
            pool.in_use(),
        );
        out.single(
            "pactum_db_pool_max_connections",
            "gauge",
            "The most database connections the pool opens (PACTUM_DB_POOL_SIZE).",
            pool.max,
        );
        out.single(
            "pactum_database_up",
            "gauge",
            "1 when the database answered this scrape's queries, else 0.",
            u8::from(gauges.is_ok()),
        );
        if let Ok(g) = gauges {
            write_db_gauges(&mut out, &g, now);
        }
        out.finish()
    }
}

fn write_db_gauges(out: &mut Exposition, g: &DbGauges, now: NaiveDateTime) {
    write_job_gauges(out, &g.leases, now);
    let mut backlog: Vec<Backlog> = g.backlog.clone();
    for kind in known_kinds() {
        if !backlog.iter().any(|b| b.kind == kind) {
            backlog.push(Backlog {
                kind: kind.to_string(),
                pending: 0,
                oldest_pending: None,
                failed: 0,
            });
        }
    }
    backlog.sort_by(|a, b| a.kind.cmp(&b.kind));
    out.family(
        "pactum_outbox_pending",
        "gauge",
        "Outbox rows still to deliver, by kind (email; search.<area> index updates).",
    );
    for b in &backlog {
        out.sample("pactum_outbox_pending", &[("kind", &b.kind)], b.pending);
    }
    out.family(
        "pactum_outbox_oldest_pending_age_seconds",
        "gauge",
        "Age of the oldest outbox row still to deliver, by kind (0 when none).",
    );
    for b in &backlog {
        let a = b.oldest_pending.map_or(0.0, |t| age(t, now));
        out.sample(
            "pactum_outbox_oldest_pending_age_seconds",
            &[("kind", &b.kind)],
            a,
        );
    }
    out.family(
        "pactum_outbox_failed",
        "gauge",
        "Outbox rows given up on after their last attempt, by kind.",
    );
    for b in &backlog {
        out.sample("pactum_outbox_failed", &[("kind", &b.kind)], b.failed);
    }
    let lag = backlog
        .iter()
        .filter(|b| b.kind.starts_with("search."))
        .filter_map(|b| b.oldest_pending)
        .min()
        .map_or(0.0, |t| age(t, now));
    out.single(
        "pactum_search_index_lag_seconds",
        "gauge",
        "Age of the oldest search index update still to apply (0 when none).",
        lag,
    );
    out.single(
        "pactum_ledger_size",
        "gauge",
        "Entries in the civic ledger.",
        g.ledger_size,
    );
    out.single(
        "pactum_ledger_checkpoint_size",
        "gauge",
        "Entries covered by the latest signed checkpoint (0 before the first).",
        g.checkpoint.map_or(0, |(size, _)| size),
    );
    if let Some((_, signed)) = g.checkpoint {
        out.single(
            "pactum_ledger_checkpoint_age_seconds",
            "gauge",
            "Seconds since the latest checkpoint was signed (absent before the first).",
            age(signed, now),
        );
    }
    out.single(
        "pactum_sessions_active",
        "gauge",
        "Signed-in sessions still live (within the idle timeout and the lifetime).",
        g.live_sessions,
    );
}

/// The background jobs, from their leases (one row per job that ever ran): when each
/// last ran on any instance, whether its last run failed, and whether any live
/// instance holds it (0: its holder stopped or died and none took it over yet).
fn write_job_gauges(
    out: &mut Exposition,
    leases: &[crate::jobs::lease::Lease],
    now: NaiveDateTime,
) {
    out.family(
        "pactum_job_last_run_age_seconds",
        "gauge",
        "Seconds since the job last ran, on any instance.",
    );
    for l in leases {
        if let Some(at) = l.last_run_at {
            out.sample(
                "pactum_job_last_run_age_seconds",
                &[("job", &l.name)],
                age(at, now),
            );
        }
    }
    out.family(
        "pactum_job_failing",
        "gauge",
        "1 when the job's last run failed (the error is in the holder's log and in job_leases).",
    );
    for l in leases {
        out.sample(
            "pactum_job_failing",
            &[("job", &l.name)],
            u8::from(l.last_error.is_some()),
        );
    }
    out.family(
        "pactum_job_held",
        "gauge",
        "1 while a live instance holds the job's lease.",
    );
    for l in leases {
        out.sample(
            "pactum_job_held",
            &[("job", &l.name)],
            u8::from(l.expires_at > now),
        );
    }
}

async fn metrics(monitor: web::Data<Monitor>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .body(monitor.render().await)
}

/// Binds the metrics address before the site starts. An address that was set and
/// cannot be had stops Pactum (naming the variable); the default one, taken (by another
/// instance on this machine), only turns the metrics off, with a warning. A
/// non-loopback address is logged as a warning: the page must not be public.
pub fn listen(bind: Option<MetricsBind>) -> Result<Option<TcpListener>, String> {
    let Some(bind) = bind else {
        return Ok(None);
    };
    match TcpListener::bind(bind.addr) {
        Ok(l) => {
            let addr = l.local_addr().unwrap_or(bind.addr);
            if bind.is_loopback() {
                tracing::info!(%addr, "metrics at http://{addr}/metrics");
            } else {
                tracing::warn!(
                    %addr,
                    "metrics at http://{addr}/metrics, beyond loopback: keep this address off the public network"
                );
            }
            Ok(Some(l))
        }
        Err(e) if bind.explicit => Err(format!(
            "PACTUM_METRICS_BIND: cannot listen on {}: {e}",
            bind.addr
        )),
        Err(e) => {
            tracing::warn!(
                addr = %bind.addr,
                "metrics are off: cannot listen on the default address ({e}); set PACTUM_METRICS_BIND"
            );
            Ok(None)
        }
    }
}

/// The metrics server on a listener already bound: `GET /metrics` and nothing else,
/// with one worker (a scrape every few seconds needs no more).
pub fn server(listener: TcpListener, monitor: Monitor) -> std::io::Result<actix_web::dev::Server> {
    let monitor = web::Data::new(monitor);
    Ok(HttpServer::new(move || {
        App::new()
            .app_data(monitor.clone())
            .route("/metrics", web::get().to(metrics))
    })
    .workers(1)
    .listen(listener)?
    .run())
}
