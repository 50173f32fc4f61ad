//! Single-use e-mail tokens (verification, e-mail change and its undoing, password
//! reset). The link carries a random token; the database keeps only its SHA-256, and
//! for an undo the address to restore.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::email_tokens;
use crate::error::AppError;
use crate::util::now;
use crate::util::{random_token, sha256_hex};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Verify,
    ChangeEmail,
    Reset,
    /// Sent to the old address after an e-mail change: puts that address back.
    UndoEmail,
}

impl Purpose {
    fn code(self) -> &'static str {
        match self {
            Purpose::Verify => "verify",
            Purpose::ChangeEmail => "change_email",
            Purpose::Reset => "reset",
            Purpose::UndoEmail => "undo_email",
        }
    }

    pub fn lifetime(self) -> Duration {
        match self {
            Purpose::Verify | Purpose::ChangeEmail => Duration::hours(48),
            Purpose::Reset => Duration::hours(1),
            Purpose::UndoEmail => Duration::days(7),
        }
    }
}

/// Creates a token and returns the raw value for the link.
pub fn issue(conn: &mut AnyConnection, user_id: i64, purpose: Purpose) -> Result<String, AppError> {
    issue_about(conn, user_id, purpose, None)
}

/// Creates a token that names an address (the one an undo restores).
pub fn issue_about(
    conn: &mut AnyConnection,
    user_id: i64,
    purpose: Purpose,
    address: Option<&str>,
) -> Result<String, AppError> {
    let token = random_token();
    let t = now();
    diesel::insert_into(email_tokens::table)
        .values((
            email_tokens::user_id.eq(user_id),
            email_tokens::purpose.eq(purpose.code()),
            email_tokens::token_hash.eq(sha256_hex(token.as_bytes())),
            email_tokens::created_at.eq(t),
            email_tokens::expires_at.eq(t + purpose.lifetime()),
            email_tokens::address.eq(address),
        ))
        .execute(conn)?;
    Ok(token)
}

/// Why a token was not accepted (shown to the user as one message).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenProblem {
    Unknown,
    Used,
    Expired,
}

/// Looks a token up without using it; returns its user id.
pub fn peek(
    conn: &mut AnyConnection,
    token: &str,
    purpose: Purpose,
) -> Result<Result<i64, TokenProblem>, AppError> {
    let row: Option<(i64, NaiveDateTime, Option<NaiveDateTime>)> = email_tokens::table
        .filter(email_tokens::token_hash.eq(sha256_hex(token.as_bytes())))
        .filter(email_tokens::purpose.eq(purpose.code()))
        .select((
            email_tokens::user_id,
            email_tokens::expires_at,
            email_tokens::used_at,
        ))
        .first(conn)
        .optional()?;
    Ok(match row {
        None => Err(TokenProblem::Unknown),
        Some((_, _, Some(_))) => Err(TokenProblem::Used),
        Some((_, expires, None)) if expires <= now() => Err(TokenProblem::Expired),
        Some((uid, _, None)) => Ok(uid),
    })
}

/// The address a token names, if any (whether or not it is still usable).
pub fn address(conn: &mut AnyConnection, token: &str) -> Result<Option<String>, AppError> {
    Ok(email_tokens::table
        .filter(email_tokens::token_hash.eq(sha256_hex(token.as_bytes())))
        .select(email_tokens::address)
        .first::<Option<String>>(conn)
        .optional()?
        .flatten())
}

/// Ends a user's open tokens of one purpose (a pending change that no longer holds).
pub fn revoke(conn: &mut AnyConnection, user_id: i64, purpose: Purpose) -> Result<(), AppError> {
    diesel::update(
        email_tokens::table
            .filter(email_tokens::user_id.eq(user_id))
            .filter(email_tokens::purpose.eq(purpose.code()))
            .filter(email_tokens::used_at.is_null()),
    )
    .set(email_tokens::used_at.eq(Some(now())))
    .execute(conn)?;
    Ok(())
}

/// Uses a token (inside the caller's transaction): it can never be used again, and
/// neither can the user's other open tokens of the same purpose.
pub fn consume(
    conn: &mut AnyConnection,
    token: &str,
    purpose: Purpose,
) -> Result<Result<i64, TokenProblem>, AppError> {
    let uid = match peek(conn, token, purpose)? {
        Ok(uid) => uid,
        Err(p) => return Ok(Err(p)),
    };
    let n = diesel::update(
        email_tokens::table
            .filter(email_tokens::user_id.eq(uid))
            .filter(email_tokens::purpose.eq(purpose.code()))
            .filter(email_tokens::used_at.is_null()),
    )
    .set(email_tokens::used_at.eq(Some(now())))
    .execute(conn)?;
    if n == 0 {
        return Ok(Err(TokenProblem::Used));
    }
    Ok(Ok(uid))
}
