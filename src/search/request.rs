//! Running one search for a person, from a page or the read API, whatever the index:
//!
//! - a budget of searches per account when signed in, else per client address, shared
//!   by every area's search so that a flood through one page cannot go around another's
//!   limit ([`count_search`]);
//! - the search itself off the async workers, its failures mapped once ([`run`]): a
//!   query the backend cannot run is the searcher's bad request, anything else means
//!   search is unavailable (503), never an internal error.
//!
//! The text of each search is bounded by [`super::SearchText`], its depth by
//! [`super::MAX_OFFSET`] ([`page_offset`], [`api_offset`]).

use std::sync::Arc;

use super::{MAX_OFFSET, SearchError, SearchIndex, SearchQuery, SearchResults};
use crate::error::AppError;
use crate::web::rate_limit::{Limit, RateLimiter};

/// Searches per client address and minute, without an account.
pub const SEARCHES_PER_CLIENT: Limit = Limit::new(30, 60);
/// Searches per account and minute, signed in.
pub const SEARCHES_PER_ACCOUNT: Limit = Limit::new(120, 60);

/// Counts one search against the searcher's budget: per account when `account` is
/// given, else per client address (`client_ip` is only asked for then). Refused: 429
/// with the time to wait.
pub async fn count_search(
    limiter: &RateLimiter,
    account: Option<i64>,
    client_ip: impl FnOnce() -> String,
) -> Result<(), AppError> {
    let (key, limit) = match account {
        Some(id) => (format!("search-account:{id}"), SEARCHES_PER_ACCOUNT),
        None => (format!("search-ip:{}", client_ip()), SEARCHES_PER_CLIENT),
    };
    limiter.check(&key, limit).await
}

/// The offset of a page of results from its `cursor` parameter: anything unreadable is
/// the first page, anything deeper than [`MAX_OFFSET`] the deepest.
pub fn page_offset(cursor: &str) -> usize {
    cursor.trim().parse::<usize>().unwrap_or(0).min(MAX_OFFSET)
}

/// The offset an API's `cursor` parameter names: empty is the first page; anything
/// else must be a number the API could have given out (at most [`MAX_OFFSET`]).
pub fn api_offset(cursor: &str) -> Result<usize, AppError> {
    match cursor.trim() {
        "" => Ok(0),
        c => c
            .parse::<usize>()
            .ok()
            .filter(|c| *c <= MAX_OFFSET)
            .ok_or(AppError::BadRequest("error-bad-cursor")),
    }
}

/// Runs `query` on `index` on a blocking thread. A query the backend refuses to run is
/// a bad request (`error-bad-filter`: its filter values are the only part the searcher
/// chose that the bounds do not cover); any other failure is logged and `Unavailable`.
pub async fn run(
    index: Arc<dyn SearchIndex>,
    query: SearchQuery,
) -> Result<SearchResults, AppError> {
    actix_web::web::block(move || index.search(&query))
        .await
        .map_err(|e| AppError::internal(e.to_string()))?
        .map_err(|e| {
            tracing::warn!("search failed: {e}");
            match e {
                SearchError::BadQuery(_) => AppError::BadRequest("error-bad-filter"),
                e => AppError::Unavailable(e.to_string()),
            }
        })
}
