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
use crate::search::{MeiliConfig, SearchIndex};

/// Opens the commons search index: Meilisearch when configured, else the embedded
/// index in the data dir.
pub fn open_search(config: &Config) -> Result<Arc<dyn SearchIndex>, String> {
    let meili = config.meili_url.as_ref().map(|url| MeiliConfig {
        url: url.clone(),
        api_key: config.meili_key.clone(),
    });
    crate::search::open(search_sync::SPEC, &config.data_dir, meili)
        .map_err(|e| format!("cannot open the search index: {e}"))
}
