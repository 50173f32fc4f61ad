//! People and how they act: users, sessions, passwords, e-mail verification and reset,
//! roles and their audit, offices, groups and invitations, and the admin area.
//!
//! The rooms: `api` (what other areas may use), `policy` (who may do what, pure),
//! `service/` (the use-cases, one file per group, the admin area's and the groups'
//! included; each owns its transaction and asks the policy), `models` (rows and
//! queries), `handlers/` (extract, call one service function, render).

pub mod api;
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
// The admin area's and the groups' use-cases, under their long-standing paths.
pub use roles::Role;
pub use service::{admin, groups};
