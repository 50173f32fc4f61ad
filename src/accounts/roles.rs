//! Roles a person can hold: the vocabulary is the kit's, granting and revoking them is
//! this area's (`admin`).

pub use crate::kit::roles::Role;
