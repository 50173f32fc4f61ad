//! Server-side sessions. The cookie carries a random session token; the database keeps
//! its SHA-256 with the user, when it started and when it was last used. A session is
//! live while it is younger than the absolute lifetime and was used within the idle
//! timeout. Ending a session deletes its row, so a copied cookie stops working at once,
//! on every instance.
//!
//! Rules (pure, tested below): `is_live` and `needs_touch`. `last_seen_at` is written at
//! most once a minute per session, so reading pages does not turn into a write each.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::models::UserRow;
pub use crate::config::SessionPolicy;
use crate::db::AnyConnection;
use crate::db::schema::{sessions, users};
use crate::error::AppError;
use crate::util::{random_token, sha256_hex};

/// How stale `last_seen_at` may get before a request refreshes it.
const TOUCH_EVERY: Duration = Duration::minutes(1);

/// Whether a session that started at `created` and was last used at `last_seen` is
/// still live at `now`.
pub fn is_live(
    policy: SessionPolicy,
    created: NaiveDateTime,
    last_seen: NaiveDateTime,
    now: NaiveDateTime,
) -> bool {
    now < created + policy.lifetime && now < last_seen + policy.idle
}

/// Whether a request at `now` should record itself as the session's last use.
pub fn needs_touch(last_seen: NaiveDateTime, now: NaiveDateTime) -> bool {
    now - last_seen >= TOUCH_EVERY
}

/// A live session: its row id and its user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LiveSession {
    pub id: i64,
    pub user_id: i64,
}

/// Starts a session for `user_id`; returns its row id and the raw token for the
/// cookie.
pub fn start(
    conn: &mut AnyConnection,
    user_id: i64,
    now: NaiveDateTime,
) -> Result<(i64, String), AppError> {
    let token = random_token();
    let id = diesel::insert_into(sessions::table)
        .values((
            sessions::token_hash.eq(sha256_hex(token.as_bytes())),
            sessions::user_id.eq(user_id),
            sessions::created_at.eq(now),
            sessions::last_seen_at.eq(now),
        ))
        .returning(sessions::id)
        .get_result(conn)?;
    Ok((id, token))
}

/// The live session behind a cookie token and its user, in one query, refreshing the
/// session's last use when due. An ended session's row is removed on the way.
pub fn resolve(
    conn: &mut AnyConnection,
    token: &str,
    policy: SessionPolicy,
    now: NaiveDateTime,
) -> Result<Option<(LiveSession, UserRow)>, AppError> {
    let row: Option<(i64, NaiveDateTime, NaiveDateTime, UserRow)> = sessions::table
        .inner_join(users::table)
        .filter(sessions::token_hash.eq(sha256_hex(token.as_bytes())))
        .select((
            sessions::id,
            sessions::created_at,
            sessions::last_seen_at,
            UserRow::as_select(),
        ))
        .first(conn)
        .optional()?;
    let Some((id, created, last_seen, user)) = row else {
        return Ok(None);
    };
    if !is_live(policy, created, last_seen, now) {
        diesel::delete(sessions::table.find(id)).execute(conn)?;
        return Ok(None);
    }
    if needs_touch(last_seen, now) {
        diesel::update(sessions::table.find(id))
            .set(sessions::last_seen_at.eq(now))
            .execute(conn)?;
    }
    let live = LiveSession {
        id,
        user_id: user.id,
    };
    Ok(Some((live, user)))
}

/// Ends the session behind a cookie token (signing out).
pub fn end(conn: &mut AnyConnection, token: &str) -> Result<(), AppError> {
    diesel::delete(sessions::table.filter(sessions::token_hash.eq(sha256_hex(token.as_bytes()))))
        .execute(conn)?;
    Ok(())
}

/// Ends every session of a user, except `keep` (the session making the change) when
/// given. Returns how many ended.
pub fn end_all(
    conn: &mut AnyConnection,
    user_id: i64,
    keep: Option<i64>,
) -> Result<usize, AppError> {
    let mut q = diesel::delete(sessions::table)
        .filter(sessions::user_id.eq(user_id))
        .into_boxed();
    if let Some(keep) = keep {
        q = q.filter(sessions::id.ne(keep));
    }
    Ok(q.execute(conn)?)
}

/// How many sessions of a user are open (for the account page).
pub fn count_live(
    conn: &mut AnyConnection,
    user_id: i64,
    policy: SessionPolicy,
    now: NaiveDateTime,
) -> Result<i64, AppError> {
    Ok(sessions::table
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::created_at.gt(now - policy.lifetime))
        .filter(sessions::last_seen_at.gt(now - policy.idle))
        .count()
        .get_result(conn)?)
}

/// How many sessions are live, everyone's (for `/metrics`).
pub fn count_all_live(
    conn: &mut AnyConnection,
    policy: SessionPolicy,
    now: NaiveDateTime,
) -> Result<i64, AppError> {
    Ok(sessions::table
        .filter(sessions::created_at.gt(now - policy.lifetime))
        .filter(sessions::last_seen_at.gt(now - policy.idle))
        .count()
        .get_result(conn)?)
}

/// Removes the rows of ended sessions (the background worker calls it).
pub fn sweep(
    conn: &mut AnyConnection,
    policy: SessionPolicy,
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    Ok(diesel::delete(
        sessions::table.filter(
            sessions::created_at
                .le(now - policy.lifetime)
                .or(sessions::last_seen_at.le(now - policy.idle)),
        ),
    )
    .execute(conn)?)
}

/// The worker job that removes ended sessions, at most every ten minutes.
pub fn sweep_job(policy: SessionPolicy) -> crate::jobs::Job {
    crate::jobs::Job {
        name: "sessions",
        run: Box::new(move |conn| {
            let n = sweep(conn, policy, crate::util::now())?;
            Ok(if n == 0 {
                String::new()
            } else {
                format!("removed {n} ended sessions")
            })
        }),
        transactional: false,
        every: std::time::Duration::from_secs(600),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn t(h: i64) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|d| d + Duration::hours(h))
            .unwrap_or_default()
    }

    #[test]
    fn a_session_ends_after_the_idle_timeout_or_the_lifetime_whichever_comes_first() {
        let p = SessionPolicy {
            idle: Duration::hours(8),
            lifetime: Duration::days(14),
        };
        assert!(is_live(p, t(0), t(0), t(7)));
        assert!(!is_live(p, t(0), t(0), t(8)), "idle for exactly 8 h");
        // Used every hour, it still ends at the lifetime.
        assert!(is_live(p, t(0), t(14 * 24 - 1), t(14 * 24 - 1)));
        assert!(!is_live(p, t(0), t(14 * 24), t(14 * 24)));
    }

    #[test]
    fn last_use_is_written_at_most_once_a_minute() {
        let start = t(0);
        assert!(!needs_touch(start, start + Duration::seconds(59)));
        assert!(needs_touch(start, start + Duration::seconds(60)));
    }
}
