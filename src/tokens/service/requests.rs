//! Idempotent requests: every mutating token request (a form or the API) carries a key
//! the client chose (the forms carry one made when they are shown). The first request
//! with a key runs and its result is kept beside the key, in the same transaction;
//! the same key with the same request gives that result again, without running; with
//! a different request, a conflict (409). A request that was refused keeps nothing, so
//! it can be tried again with its key.
//!
//! The key is looked up under the ledger's lock (which every token write takes first),
//! so two requests racing with one key run one after the other: the second sees the
//! first's result. Should a write still meet the key's unique index, its transaction
//! is rolled back whole and the stored result is answered.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::post;
use crate::db::AnyConnection;
use crate::db::schema::token_requests;
use crate::error::AppError;
use crate::web::forms::Refusal;

/// What a token request did, as kept for its key: its kind (`transfer`, `spend`,
/// `exchange`, `claim`...) and the id of what it made.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Receipt {
    pub kind: String,
    pub id: i64,
}

impl Receipt {
    pub fn new(kind: &str, id: i64) -> Receipt {
        Receipt {
            kind: kind.to_string(),
            id,
        }
    }
}

/// Whether a key is acceptable: 16 to 100 characters of letters, digits, `-` and `_`
/// (a UUID or a random token).
pub fn valid_key(key: &str) -> bool {
    (16..=100).contains(&key.len())
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// A fingerprint of a request: its parts, joined unambiguously and hashed.
pub fn fingerprint(parts: &[&str]) -> String {
    let joined: Vec<String> = parts.iter().map(|p| format!("{}:{p}", p.len())).collect();
    crate::util::sha256_hex(joined.join("|").as_bytes())
}

fn stored(
    conn: &mut AnyConnection,
    user: i64,
    key: &str,
) -> Result<Option<(String, String)>, AppError> {
    Ok(token_requests::table
        .filter(token_requests::user_id.eq(user))
        .filter(token_requests::key.eq(key))
        .select((token_requests::fingerprint, token_requests::result))
        .first(conn)
        .optional()?)
}

fn answer(found: (String, String), fingerprint: &str) -> Result<Receipt, Refusal> {
    if found.0 != fingerprint {
        return Err(AppError::Conflict("token-request-key-reused").into());
    }
    serde_json::from_str(&found.1)
        .map_err(|e| AppError::internal(format!("a stored token result: {e}")).into())
}

/// Runs `op` once for `user`'s `key`, inside a transaction it opens under the ledger's
/// lock (`op` gets the index its ledger entry will have), or answers what the first
/// request with this key did. Without a valid key, `op` runs and is rolled back, and
/// the request is refused (400) unless `op` refused it first.
pub async fn once<F>(
    db: &crate::db::Db,
    user: i64,
    key: &str,
    fingerprint: String,
    now: NaiveDateTime,
    op: F,
) -> Result<Receipt, Refusal>
where
    F: FnOnce(&mut AnyConnection, i64) -> Result<Receipt, Refusal> + Send + 'static,
{
    let key = key.trim().to_string();
    // A request without a usable key is refused, but only after its use-case has
    // decided (and been rolled back): whoever may not act hears so, not about the key.
    let valid = valid_key(&key);
    let (k, fp) = (key.clone(), fingerprint.clone());
    let first = db
        .try_transaction(move |conn| -> Result<Receipt, Refusal> {
            let index = post::begin(conn)?;
            if valid && let Some(found) = stored(conn, user, &k)? {
                return answer(found, &fp);
            }
            let receipt = op(conn, index)?;
            if !valid {
                return Err(AppError::BadRequest("token-request-key-missing").into());
            }
            let result =
                serde_json::to_string(&receipt).map_err(|e| AppError::internal(e.to_string()))?;
            diesel::insert_into(token_requests::table)
                .values((
                    token_requests::user_id.eq(user),
                    token_requests::key.eq(&k),
                    token_requests::fingerprint.eq(&fp),
                    token_requests::result.eq(result),
                    token_requests::created_at.eq(now),
                ))
                .execute(conn)?;
            Ok(receipt)
        })
        .await;
    match first {
        Err(Refusal::App(AppError::Conflict(c))) if c == "error-conflict-duplicate" => {
            let found = db.run(move |conn| stored(conn, user, &key)).await?;
            match found {
                Some(f) => answer(f, &fingerprint),
                None => Err(AppError::Conflict(c).into()),
            }
        }
        other => other,
    }
}
