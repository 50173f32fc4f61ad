//! Collaboration pacts (*patti di collaborazione*): the Bologna procedure from
//! proposal to monitoring, in the rooms every area has (ARCHITECTURE.md, "Layout"):
//!
//! - `api`: what other areas may ask of pacts (the only part they may use);
//! - `procedure` (the state machine), `deadlines` (the procedure's clocks), `text`
//!   (clauses, canonical text, comparison), `support` (the support ledger's rules) and
//!   `calls` (calls on city-owned commons: their rules and who may act on them): the
//!   pure model;
//! - `policy`: who may do what to a pact, the one decision services enforce and pages
//!   follow;
//! - `service/`: the use-cases, one file per stage of the procedure;
//! - `store`: reading and writing pacts; `notify`: telling people; `search_sync`: what
//!   the pacts' search index holds (kept in step through the outbox);
//! - `handlers/` and `view/`: the pages and their read models; `csv` and `charts`: the
//!   open data and the statistics' charts; `document`: the signed pact as a PDF (pure);
//! - `audit`: replays the pact entries of the civic ledger against the procedure
//!   (`pactum ledger audit`).
//!
//! `procedure`, `service`, `store`, `text`, `view`, `notify` and `search_sync` stay
//! `pub` for the integration tests, which drive the use-cases directly; the web layer
//! is the crate's.

pub mod api;
pub mod audit;
pub mod calls;
pub(crate) mod charts;
pub(crate) mod csv;
pub mod deadlines;
pub mod document;
pub(crate) mod handlers;
pub mod imports;
pub mod notify;
pub mod policy;
pub mod procedure;
pub mod search_sync;
pub mod service;
pub mod store;
pub mod support;
pub mod text;
pub mod view;
