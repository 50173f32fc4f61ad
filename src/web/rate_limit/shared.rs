//! Rate limits kept in the database, shared by every instance: one row per key with
//! the end of its window and the attempts counted in it.
//!
//! An attempt is one statement, an upsert that starts a new window when the stored one
//! has ended and otherwise adds one, returning the count: two instances counting the
//! same key at the same moment are serialised by the row, so no attempt goes uncounted.
//! Ended windows are deleted by [`sweep_job`]. Under a flood of distinct keys (an IPv6
//! client can pick 2^64 addresses) the table grows by one small row per key until its
//! window ends; each row is about 100 bytes.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamp};

use super::{Limit, RetryAfter};
use crate::db::AnyConnection;
use crate::db::schema::rate_limits;
use crate::error::AppError;

#[derive(QueryableByName)]
struct Counted {
    #[diesel(sql_type = BigInt)]
    hits: i64,
    #[diesel(sql_type = Timestamp)]
    window_ends_at: NaiveDateTime,
}

/// The upsert, with `{k}`, `{end}` and `{now}` for the placeholders of the backend.
const UPSERT: &str = "INSERT INTO rate_limits (key, window_ends_at, hits) VALUES ({k}, {end}, 1) \
     ON CONFLICT (key) DO UPDATE SET \
     hits = CASE WHEN rate_limits.window_ends_at <= {now} THEN 1 ELSE rate_limits.hits + 1 END, \
     window_ends_at = CASE WHEN rate_limits.window_ends_at <= {now} \
     THEN excluded.window_ends_at ELSE rate_limits.window_ends_at END \
     RETURNING hits, window_ends_at";

fn upsert_sql(k: &str, end: &str, now: &str) -> String {
    UPSERT
        .replace("{k}", k)
        .replace("{end}", end)
        .replace("{now}", now)
}

/// Counts one attempt for `key` at `now`; refused when the window already holds
/// `limit.max` attempts.
pub fn hit(
    conn: &mut AnyConnection,
    key: &str,
    limit: Limit,
    now: NaiveDateTime,
) -> Result<Result<(), RetryAfter>, AppError> {
    let per = Duration::from_std(limit.per).unwrap_or(Duration::days(1));
    let end = now + per;
    let counted: Counted = match conn {
        AnyConnection::Postgresql(c) => diesel::sql_query(upsert_sql("$1", "$2", "$3"))
            .bind::<Text, _>(key)
            .bind::<Timestamp, _>(end)
            .bind::<Timestamp, _>(now)
            .get_result(c)?,
        AnyConnection::Sqlite(c) => diesel::sql_query(upsert_sql("?1", "?2", "?3"))
            .bind::<Text, _>(key)
            .bind::<Timestamp, _>(end)
            .bind::<Timestamp, _>(now)
            .get_result(c)?,
    };
    Ok(verdict(counted.hits, counted.window_ends_at, limit, now))
}

/// The answer to an attempt that made `hits` in a window ending at `ends`.
fn verdict(
    hits: i64,
    ends: NaiveDateTime,
    limit: Limit,
    now: NaiveDateTime,
) -> Result<(), RetryAfter> {
    if hits <= i64::from(limit.max) {
        Ok(())
    } else {
        let left = (ends - now).num_seconds();
        Err(RetryAfter(u64::try_from(left).unwrap_or(0).max(1)))
    }
}

/// Forgets `key`.
pub fn reset(conn: &mut AnyConnection, key: &str) -> Result<(), AppError> {
    diesel::delete(rate_limits::table.filter(rate_limits::key.eq(key))).execute(conn)?;
    Ok(())
}

/// Deletes the windows that ended by `now`; returns how many.
pub fn sweep(conn: &mut AnyConnection, now: NaiveDateTime) -> Result<usize, AppError> {
    Ok(
        diesel::delete(rate_limits::table.filter(rate_limits::window_ends_at.le(now)))
            .execute(conn)?,
    )
}

/// The job that deletes ended windows, every minute.
pub fn sweep_job() -> crate::jobs::Job {
    crate::jobs::Job {
        name: "rate-limits",
        run: Box::new(|conn| {
            let n = sweep(conn, crate::util::now())?;
            Ok(if n == 0 {
                String::new()
            } else {
                format!("removed {n} ended rate-limit windows")
            })
        }),
        transactional: false,
        every: std::time::Duration::from_secs(60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: i64) -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_800_000_000 + s, 0)
            .map(|d| d.naive_utc())
            .unwrap_or_default()
    }

    #[test]
    fn attempts_past_the_maximum_wait_for_the_end_of_the_window() {
        let l = Limit::new(3, 60);
        assert_eq!(verdict(1, t(60), l, t(0)), Ok(()));
        assert_eq!(verdict(3, t(60), l, t(10)), Ok(()));
        assert_eq!(verdict(4, t(60), l, t(10)), Err(RetryAfter(50)));
        // Never "retry after 0 seconds".
        assert_eq!(verdict(9, t(60), l, t(60)), Err(RetryAfter(1)));
    }

    #[test]
    fn the_upsert_names_each_placeholder_of_its_backend() {
        let pg = upsert_sql("$1", "$2", "$3");
        assert!(pg.contains("VALUES ($1, $2, 1)"));
        assert_eq!(pg.matches("$3").count(), 2);
        assert!(!pg.contains('{'));
    }
}
