//! Pactum: a city's platform for public-commons partnerships. See ARCHITECTURE.md for
//! the map; each module's documentation says what it is for and its rules.

// Tests may unwrap; production code may not (see [lints] in Cargo.toml).
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod accounts;
pub mod app;
pub mod assemblies;
pub mod cli;
pub mod commons;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod home;
pub mod imports;
pub mod jobs;
pub mod kit;
pub mod ledger;
pub mod mail;
pub mod monitoring;
pub mod oidc;
pub mod opendata;
pub mod pacts;
pub mod ports;
pub mod search;
pub mod tokens;
pub mod util;
pub mod voting;
pub mod web;

pub use app::{AppState, build_app, build_app_with_metrics};
