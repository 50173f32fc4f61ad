//! Assemblies and Chambers of the Commons (DOMAIN.md): bodies through which commoners
//! speak with one voice to the city. An assembly's members are people, a chamber's are
//! organisations; facilitators run each body.
//!
//! The area's rooms, as in every area: `api` (what the rest may ask), `model` (pure
//! vocabulary and rules), `policy` (who may do what), `store` (rows in and out),
//! `service/` (use-cases, each in its transaction), `handlers/` and the templates
//! under `templates/assemblies/`. Votes are counted by the shared, pure `voting`
//! library, which `pactum tally` also runs; `audit` recounts every closed vote of the
//! civic ledger from the published ballots (`pactum ledger audit`).

pub mod api;
pub mod audit;
pub mod handlers;
pub mod model;
pub mod policy;
pub mod service;
pub mod store;
