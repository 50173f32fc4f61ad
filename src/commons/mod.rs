//! The urban commons registry. So far: districts, the administrative areas commons and
//! pacts are placed in.

pub mod districts;
