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

pub mod api;
pub mod audit;
pub mod handlers;
pub mod model;
pub mod policy;
pub mod service;
pub mod store;

/// The emission factor table Pactum ships (`data/SOURCES.md`).
pub const SHIPPED_FACTORS: &str = include_str!("data/emission-factors.csv");

/// The shipped factor table, read (a test reads it, so it always does).
pub fn shipped_factors() -> Result<Vec<model::methodology::Factor>, String> {
    model::methodology::read_factors(SHIPPED_FACTORS)
}

/// The vintage of a shipped factor: the year its key ends with (`electricity_be_2022`),
/// or the year its source names, else empty.
pub fn vintage_of(f: &model::methodology::Factor) -> String {
    let year = |s: &str| {
        s.as_bytes()
            .windows(4)
            .rev()
            .find(|w| w.iter().all(u8::is_ascii_digit) && (w[0] == b'1' || w[0] == b'2'))
            .map(|w| String::from_utf8_lossy(w).into_owned())
    };
    year(&f.key).or_else(|| year(&f.source)).unwrap_or_default()
}
