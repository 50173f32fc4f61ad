//! The data version: one number that changes whenever data a public page can show
//! changes (migration `000023_data_version`). Triggers on every table but
//! [`UNWATCHED`] bump it: on SQLite at each written row, on PostgreSQL once per
//! transaction, when it commits. The rendered-page cache and the ETags of public pages
//! are keyed by it (`web::page_cache`), so a write through any instance, any command
//! or any job invalidates them everywhere.

use diesel::prelude::*;

use super::AnyConnection;

/// The tables the triggers leave out: written on their own by sign-ins, sessions,
/// rate limits, job leases and personal notifications, and shown on no public page.
/// Every other table must have the triggers (a test checks the database).
pub const UNWATCHED: &[&str] = &[
    "sessions",
    "email_tokens",
    "oidc_requests",
    "oidc_sessions",
    "job_leases",
    "rate_limits",
    "notifications",
];

/// The table holding the version: not data, so not in `schema.rs` nor in dumps.
pub const TABLE: &str = "data_version";

/// The version's table for queries, kept here rather than in `schema.rs`: a built
/// query is prepared once per connection and cached, where `sql_query` text would be
/// parsed again by PostgreSQL on every cached page served.
mod stored {
    diesel::table! {
        data_version (id) {
            id -> Integer,
            version -> BigInt,
        }
    }
}

use stored::data_version;

/// The data version now (one primary-key read, a prepared statement).
pub fn current(conn: &mut AnyConnection) -> Result<i64, diesel::result::Error> {
    data_version::table
        .find(1)
        .select(data_version::version)
        .get_result(conn)
}

/// Bumps the version for a change the triggers cannot see: a search index rebuilt
/// from the rows (`pactum reindex`), whose pages show what the index holds.
pub fn bump(conn: &mut AnyConnection) -> Result<(), diesel::result::Error> {
    diesel::update(data_version::table.find(1))
        .set(data_version::version.eq(data_version::version + 1))
        .execute(conn)
        .map(|_| ())
}

/// Values derived from the data and costly to compute (a grouped count over the whole
/// registry, say), kept while the data version holds: computed once per version and
/// key by the first request that asks, whoever it is (a signed-in visitor's page is
/// never cached, but its counts can be). The version is read before the value is
/// computed, so a value is never kept under a version older than its data. At most
/// `cap` keys per version; a newer version empties it.
pub struct Memo<V> {
    kept: std::sync::Mutex<(i64, std::collections::HashMap<String, V>)>,
    cap: usize,
}

impl<V: Clone> Memo<V> {
    pub fn new(cap: usize) -> Memo<V> {
        Memo {
            kept: std::sync::Mutex::new((i64::MIN, std::collections::HashMap::new())),
            cap,
        }
    }

    /// The value of `key` at the current version: kept, or computed and kept.
    pub fn get_or_compute<E: From<diesel::result::Error>>(
        &self,
        conn: &mut AnyConnection,
        key: &str,
        compute: impl FnOnce(&mut AnyConnection) -> Result<V, E>,
    ) -> Result<V, E> {
        let version = current(conn)?;
        {
            let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
            if kept.0 == version
                && let Some(v) = kept.1.get(key)
            {
                return Ok(v.clone());
            }
        }
        let value = compute(conn)?;
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        if kept.0 < version {
            *kept = (version, std::collections::HashMap::new());
        }
        if kept.0 == version && kept.1.len() < self.cap {
            kept.1.insert(key.to_string(), value.clone());
        }
        Ok(value)
    }

    /// How many values are kept (for tests).
    pub fn len(&self) -> usize {
        self.kept.lock().unwrap_or_else(|e| e.into_inner()).1.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Values of any type derived from the data, one memo for every area: each key starts
/// with its area's name (`commons/facets?…`, `pacts/stats?…`) and always holds the same
/// type. Values are shared, not copied, between the requests that ask.
pub type Derived = Memo<std::sync::Arc<dyn std::any::Any + Send + Sync>>;

impl Derived {
    /// The value of `key` (of type `T`) at the current data version: kept, or computed
    /// and kept (see [`Memo::get_or_compute`]).
    pub fn shared<T, E>(
        &self,
        conn: &mut AnyConnection,
        key: &str,
        compute: impl FnOnce(&mut AnyConnection) -> Result<T, E>,
    ) -> Result<std::sync::Arc<T>, E>
    where
        T: Send + Sync + 'static,
        E: From<diesel::result::Error> + From<crate::error::AppError>,
    {
        let any = self.get_or_compute(conn, key, |conn| {
            compute(conn)
                .map(|v| std::sync::Arc::new(v) as std::sync::Arc<dyn std::any::Any + Send + Sync>)
        })?;
        any.downcast::<T>().map_err(|_| {
            crate::error::AppError::internal(format!("derived value {key}: kept as another type"))
                .into()
        })
    }
}
