//! Decarbonisation tokens (DOMAIN.md, "Decarbonisation tokens"): measured reductions,
//! verified, issued as tokens (1 = 1 kg CO2e), spent and exchanged on the civic ledger.
//!
//! Being built. Today the area has its pure model: the methodologies that turn a
//! claim's activity data into avoided emissions, in exact decimal arithmetic, checked
//! against the shared worked examples; and the double-entry book of immutable
//! transfers with its rules and invariants, checked by a property test; and issuance's
//! arithmetic (the buffer share, batch names, serial ranges disjoint and complete). Programmes, claims, verification, the accounts
//! and the pages come next, in the same rooms as every area (`model`, `policy`,
//! `store`, `service`, `handlers`).

pub mod model;
