//! People and how they act: users, sessions, passwords, e-mail verification and reset,
//! roles and their audit, offices, groups and invitations, and the admin area.
//!
//! Services (`service`, `admin`, `groups`) own transactions and authorisation; handlers
//! extract, call one service function and render.

pub mod admin;
pub mod api;
pub mod groups;
pub mod handlers;
pub mod identity;
pub mod models;
pub mod password;
pub mod policy;
pub mod roles;
pub mod service;
pub mod sessions;
pub mod tokens;
pub mod validate;

pub use identity::{CurrentUser, MaybeUser};
pub use roles::Role;
