//! What other areas may ask of the registry: who may see a commons, and the names of
//! the commons a reader may see (the same rule as the commons page). Nothing else of
//! `commons` is for other areas (ARCHITECTURE.md, "Dependency rules").

pub use super::service::{Viewer, visible_names};
