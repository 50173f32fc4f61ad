//! Rate limits: fixed windows per key. Keys name what is limited and for whom
//! (`signin-ip:203.0.113.9`, `search-account:42`, `pact-write:7`...).
//!
//! Where the windows are counted follows the database:
//!
//! - on **PostgreSQL**, where several instances may serve one city, in the database
//!   ([`shared`]: one upsert per attempt, the `rate_limits` table), so a limit holds
//!   whichever instance a request reaches;
//! - on **SQLite**, which one process serves, in that process ([`memory`]: no write for
//!   a search or a sign-in attempt, and a hard cap on the keys kept).
//!
//! Services ask [`RateLimiter::check`] before the work it guards, and get a ready
//! `429` (with the time to wait) or, when the database cannot count, a `503`.

pub mod memory;
pub mod shared;

use std::time::Duration;

use crate::db::{Backend, Db};
use crate::error::AppError;
pub use memory::{MAX_KEYS, MemoryLimiter};

#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max: u32,
    pub per: Duration,
}

impl Limit {
    pub const fn new(max: u32, per_secs: u64) -> Limit {
        Limit {
            max,
            per: Duration::from_secs(per_secs),
        }
    }
}

/// Refused: try again after this many seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter(pub u64);

/// Where the windows are counted.
enum Store {
    Memory(MemoryLimiter),
    Database(Db),
}

/// The application's limiter (see the module's documentation).
pub struct RateLimiter {
    store: Store,
}

impl RateLimiter {
    /// Counted in this process.
    pub fn in_memory() -> RateLimiter {
        RateLimiter {
            store: Store::Memory(MemoryLimiter::new()),
        }
    }

    /// Counted in the database, shared by every instance using it.
    pub fn in_database(db: Db) -> RateLimiter {
        RateLimiter {
            store: Store::Database(db),
        }
    }

    /// The limiter a server on `db` uses: shared on PostgreSQL, in memory on SQLite.
    pub fn for_database(db: &Db) -> RateLimiter {
        match db.backend() {
            Backend::Postgres => RateLimiter::in_database(db.clone()),
            Backend::Sqlite => RateLimiter::in_memory(),
        }
    }

    /// Whether the windows are kept in the database.
    pub fn is_shared(&self) -> bool {
        matches!(self.store, Store::Database(_))
    }

    /// Counts one attempt for `key`: refused with `429` and the seconds to wait once
    /// the window holds `limit.max` attempts.
    pub async fn check(&self, key: &str, limit: Limit) -> Result<(), AppError> {
        let counted = match &self.store {
            Store::Memory(m) => m.hit(key, limit),
            Store::Database(db) => {
                let key = key.to_string();
                db.run(move |conn| shared::hit(conn, &key, limit, crate::util::now()))
                    .await?
            }
        };
        counted.map_err(|r| AppError::TooManyRequests {
            retry_after_secs: r.0,
        })
    }

    /// Forgets a key (after a successful sign-in, for instance). Best effort: a key the
    /// database cannot forget now ends with its window.
    pub async fn reset(&self, key: &str) {
        match &self.store {
            Store::Memory(m) => m.reset(key),
            Store::Database(db) => {
                let key = key.to_string();
                if let Err(e) = db.run(move |conn| shared::reset(conn, &key)).await {
                    tracing::warn!("cannot reset a rate limit: {e}");
                }
            }
        }
    }
}
