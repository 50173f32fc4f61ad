//! The tokens' vocabulary and rules as plain functions without I/O.

pub mod book;
pub mod claim;
pub mod methodology;
pub mod money;
pub mod review;
pub mod serials;
