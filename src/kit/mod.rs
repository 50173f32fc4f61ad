//! The shared domain kit: small pure building blocks every area uses, so that none
//! writes them again. It depends on nothing else in the crate (a rule of
//! ARCHITECTURE.md), and imports neither actix nor diesel.

pub mod codes;
pub mod refusal;
pub mod text;
