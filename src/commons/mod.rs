//! The urban commons registry: districts (the administrative areas commons and pacts
//! are placed in) and the commons' vocabulary and lifecycle.

pub mod districts;
pub mod model;
