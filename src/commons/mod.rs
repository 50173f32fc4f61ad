//! The urban commons registry: districts, the commons' vocabulary and lifecycle,
//! proposals and recognition, lists, map data, search, photos and open data.

pub mod api;
pub mod districts;
pub mod exports;
pub mod handlers;
pub mod model;
pub mod policy;
pub mod queries;
pub mod search_sync;
pub mod service;

use std::sync::Arc;

use crate::config::Config;
use crate::search::SearchIndex;

/// Opens the commons search index: Meilisearch when configured, else the embedded
/// index in the data dir.
pub fn open_search(config: &Config) -> Result<Arc<dyn SearchIndex>, String> {
    search_sync::SOURCE.open(config)
}
