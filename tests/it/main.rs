//! The integration tests: one binary driving the application in-process through
//! `build_app()`. Every test runs on SQLite, and on PostgreSQL when
//! `PACTUM_TEST_DATABASE_URL` is set (tests/run-all.sh does both).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod builders;

mod accounts;
mod amendments;
mod architecture;
mod assemblies;
mod assemblies_open_data;
mod authz;
mod backup;
mod browser;
mod cli;
mod commons;
mod commons_upkeep;
mod dates;
mod imports;
mod jobs;
mod ledger;
mod ledger_cli;
mod ledger_hooks;
mod ledger_store;
mod ledger_web;
mod mail;
mod metrics;
mod oidc;
mod open_data;
mod pact_aftercare;
mod pact_calls;
mod pact_demo;
mod pact_document;
mod pact_drafting;
mod pact_routing;
mod pact_search;
mod pact_support;
mod pacts;
mod pacts_hardening;
mod page_cache;
mod places;
mod platform;
mod query_counts;
mod rate_limits;
mod recommendations;
mod scale_out;
mod search_hardening;
mod sectors;
mod sessions;
mod tally_cli;
mod token_book;
mod token_demo;
mod token_pages;
mod tokens;
mod translations;
mod votes;
mod web_hardening;
