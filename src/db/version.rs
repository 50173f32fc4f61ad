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

#[derive(QueryableByName)]
struct Version {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    version: i64,
}

/// The data version now (one primary-key read).
pub fn current(conn: &mut AnyConnection) -> Result<i64, diesel::result::Error> {
    diesel::sql_query("SELECT version FROM data_version WHERE id = 1")
        .get_result::<Version>(conn)
        .map(|v| v.version)
}

/// Bumps the version for a change the triggers cannot see: a search index rebuilt
/// from the rows (`pactum reindex`), whose pages show what the index holds.
pub fn bump(conn: &mut AnyConnection) -> Result<(), diesel::result::Error> {
    diesel::sql_query("UPDATE data_version SET version = version + 1 WHERE id = 1")
        .execute(conn)
        .map(|_| ())
}
