//! What other areas may ask of the registry: who may see a commons, the names of the
//! commons a reader may see (the same rule as the commons page), and the city's
//! districts (their list and the map's extent). Nothing else of `commons` is for other
//! areas (ARCHITECTURE.md, "Dependency rules").

pub use super::districts::{District, extent as district_extent, list as districts};
pub use super::service::{Viewer, visible_names};
