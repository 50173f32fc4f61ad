//! Outgoing e-mail through an outbox table.
//!
//! A service writes an outbox row in the same transaction as the change the message
//! announces ([`enqueue`]); the background worker delivers due rows ([`deliver_due`])
//! by SMTP or as `.eml` files, with retries and exponential backoff. Rows are claimed
//! with a lease (an atomic conditional update), so several instances never send the
//! same message twice at once. Nothing is dropped silently: after the last attempt a
//! row is marked failed and kept with its error.

pub mod compose;
pub mod transport;

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::outbox;
use crate::error::AppError;
use crate::util::now;
pub use compose::{ActionMail, compose_action};
pub use transport::Transport;

pub const KIND_EMAIL: &str = "email";
pub const MAX_ATTEMPTS: i64 = 8;

/// A rendered, ready-to-send message.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Queues a message; call inside the transaction that makes the change it announces.
pub fn enqueue(conn: &mut AnyConnection, email: &Email) -> Result<i64, AppError> {
    let payload = serde_json::to_string(email).map_err(|e| AppError::internal(e.to_string()))?;
    let t = now();
    let id = diesel::insert_into(outbox::table)
        .values((
            outbox::kind.eq(KIND_EMAIL),
            outbox::recipient.eq(Some(email.to.to_lowercase())),
            outbox::payload.eq(payload),
            outbox::attempts.eq(0i64),
            outbox::next_attempt_at.eq(t),
            outbox::created_at.eq(t),
        ))
        .returning(outbox::id)
        .get_result(conn)?;
    Ok(id)
}

/// The outbox rows of one kind not yet delivered (for `/metrics`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backlog {
    pub kind: String,
    /// Rows still to deliver (due or waiting for a retry).
    pub pending: i64,
    /// When the oldest of them was queued.
    pub oldest_pending: Option<NaiveDateTime>,
    /// Rows given up on after the last attempt.
    pub failed: i64,
}

/// The backlog of every kind that has undelivered rows, by kind, in two queries
/// (both read the `outbox_due` index: undelivered rows only).
pub fn backlog(conn: &mut AnyConnection) -> Result<Vec<Backlog>, AppError> {
    use diesel::dsl::{count_star, min};
    let pending: Vec<(String, i64, Option<NaiveDateTime>)> = outbox::table
        .filter(outbox::delivered_at.is_null())
        .filter(outbox::failed_at.is_null())
        .group_by(outbox::kind)
        .select((outbox::kind, count_star(), min(outbox::created_at)))
        .load(conn)?;
    let failed: Vec<(String, i64)> = outbox::table
        .filter(outbox::delivered_at.is_null())
        .filter(outbox::failed_at.is_not_null())
        .group_by(outbox::kind)
        .select((outbox::kind, count_star()))
        .load(conn)?;
    let mut by_kind: std::collections::BTreeMap<String, Backlog> = pending
        .into_iter()
        .map(|(kind, pending, oldest_pending)| {
            let b = Backlog {
                kind: kind.clone(),
                pending,
                oldest_pending,
                failed: 0,
            };
            (kind, b)
        })
        .collect();
    for (kind, n) in failed {
        by_kind
            .entry(kind.clone())
            .or_insert(Backlog {
                kind,
                pending: 0,
                oldest_pending: None,
                failed: 0,
            })
            .failed = n;
    }
    Ok(by_kind.into_values().collect())
}

/// The e-mail still to send and the e-mail given up on (the administrators' overview).
pub fn queue_counts(conn: &mut AnyConnection) -> Result<(i64, i64), AppError> {
    let mail = || {
        outbox::table
            .filter(outbox::kind.eq(KIND_EMAIL))
            .filter(outbox::delivered_at.is_null())
    };
    let pending = mail()
        .filter(outbox::failed_at.is_null())
        .count()
        .get_result(conn)?;
    let failed = mail()
        .filter(outbox::failed_at.is_not_null())
        .count()
        .get_result(conn)?;
    Ok((pending, failed))
}

/// Erases the content of every message to an address (account deletion).
pub fn erase_recipient(conn: &mut AnyConnection, address: &str) -> Result<usize, AppError> {
    let address = address.to_lowercase();
    // Undelivered messages to an erased person are never sent.
    diesel::update(
        outbox::table
            .filter(outbox::recipient.eq(&address))
            .filter(outbox::delivered_at.is_null()),
    )
    .set(outbox::failed_at.eq(Some(now())))
    .execute(conn)?;
    let n = diesel::update(outbox::table.filter(outbox::recipient.eq(&address)))
        .set((
            outbox::recipient.eq(None::<String>),
            outbox::payload.eq("{\"erased\":true}"),
        ))
        .execute(conn)?;
    Ok(n)
}

/// The delay before attempt `n + 1`: 30 s, 1 min, 2 min, ... capped at 1 hour.
pub fn backoff(attempts: i64) -> Duration {
    let secs = 30i64.saturating_mul(1i64 << attempts.clamp(0, 20));
    Duration::seconds(secs.min(3600))
}

/// What one worker pass did.
/// Outbox rows of one kind that are due and not leased: (id, payload, attempts), oldest
/// first, at most `batch`.
pub fn due_rows(
    conn: &mut AnyConnection,
    kind: &str,
    batch: i64,
) -> Result<Vec<(i64, String, i64)>, AppError> {
    let t = now();
    Ok(outbox::table
        .filter(outbox::kind.eq(kind))
        .filter(outbox::delivered_at.is_null())
        .filter(outbox::failed_at.is_null())
        .filter(outbox::next_attempt_at.le(t))
        .filter(
            outbox::locked_until
                .is_null()
                .or(outbox::locked_until.lt(t)),
        )
        .order(outbox::id.asc())
        .limit(batch)
        .select((outbox::id, outbox::payload, outbox::attempts))
        .load(conn)?)
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DeliveryReport {
    pub delivered: usize,
    pub retried: usize,
    pub failed: usize,
}

/// Delivers due messages (blocking; run it off the async workers).
pub fn deliver_due(
    conn: &mut AnyConnection,
    transport: &Transport,
    batch: i64,
) -> Result<DeliveryReport, AppError> {
    let due = due_rows(conn, KIND_EMAIL, batch)?;
    let mut report = DeliveryReport::default();
    for (id, payload, attempts) in due {
        // Claim: only one instance wins the conditional update.
        let lease = now() + Duration::seconds(120);
        let claimed = diesel::update(
            outbox::table
                .filter(outbox::id.eq(id))
                .filter(outbox::delivered_at.is_null())
                .filter(
                    outbox::locked_until
                        .is_null()
                        .or(outbox::locked_until.lt(now())),
                ),
        )
        .set(outbox::locked_until.eq(Some(lease)))
        .execute(conn)?;
        if claimed != 1 {
            continue;
        }
        let result = serde_json::from_str::<Email>(&payload)
            .map_err(|e| format!("unreadable outbox payload: {e}"))
            .and_then(|email| transport.send(&email));
        match result {
            Ok(()) => {
                diesel::update(outbox::table.filter(outbox::id.eq(id)))
                    .set((
                        outbox::delivered_at.eq(Some(now())),
                        outbox::attempts.eq(attempts + 1),
                        outbox::locked_until.eq(None::<NaiveDateTime>),
                        outbox::last_error.eq(None::<String>),
                    ))
                    .execute(conn)?;
                report.delivered += 1;
            }
            Err(error) => {
                let attempts = attempts + 1;
                tracing::warn!(outbox_id = id, attempts, %error, "mail delivery failed");
                let failed = attempts >= MAX_ATTEMPTS;
                diesel::update(outbox::table.filter(outbox::id.eq(id)))
                    .set((
                        outbox::attempts.eq(attempts),
                        outbox::next_attempt_at.eq(now() + backoff(attempts - 1)),
                        outbox::locked_until.eq(None::<NaiveDateTime>),
                        outbox::last_error.eq(Some(error)),
                        outbox::failed_at.eq(failed.then(now)),
                    ))
                    .execute(conn)?;
                if failed {
                    report.failed += 1;
                } else {
                    report.retried += 1;
                }
            }
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        assert_eq!(backoff(0), Duration::seconds(30));
        assert_eq!(backoff(1), Duration::seconds(60));
        assert_eq!(backoff(3), Duration::seconds(240));
        assert_eq!(backoff(10), Duration::seconds(3600));
        assert_eq!(backoff(99), Duration::seconds(3600));
    }
}
