//! Decarbonisation tokens (DOMAIN.md, "Decarbonisation tokens"): measured reductions,
//! verified, issued as tokens (1 = 1 kg CO2e), spent and exchanged on the civic ledger.
//!
//! The area's rooms, as in every area: `model` (the methodologies in exact decimals,
//! the double-entry book and its invariants, issuance's arithmetic, a claim's form and
//! life), `policy` (who may do what), `store` (rows in and out), `service/` (use-cases,
//! each in its transaction), `handlers/` and the templates under `templates/tokens/`.
//! Every movement of tokens is an immutable transfer posted with its ledger entry in
//! one transaction; `audit` replays the entries (`pactum ledger audit`) and
//! `service::check` the database (`pactum tokens check`).

pub mod model;
pub mod policy;
pub mod service;
pub mod store;
