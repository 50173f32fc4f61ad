//! Assemblies and Chambers of the Commons (DOMAIN.md): bodies through which commoners
//! speak with one voice to the city. An assembly's members are people, a chamber's are
//! organisations; facilitators run each body.
//!
//! The area's rooms, as in every area: `model` (pure vocabulary and rules), `policy`
//! (who may do what), `service/` (use-cases, each in its transaction), `handlers/`
//! and the templates under `templates/assemblies/`.

pub mod handlers;
pub mod model;
pub mod policy;
pub mod service;
pub mod store;
