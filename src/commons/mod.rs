//! The urban commons registry: districts, the commons' vocabulary and lifecycle,
//! proposals and recognition, lists, map data, search, photos and open data.

pub mod addresses;
pub mod api;
pub mod districts;
pub mod exports;
pub mod handlers;
pub mod imports;
pub mod model;
pub mod policy;
pub mod queries;
pub mod search_sync;
pub mod sectors;
pub mod service;
