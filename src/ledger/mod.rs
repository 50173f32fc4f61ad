//! The civic ledger: an append-only, publicly verifiable log (RFC 6962 Merkle tree,
//! C2SP signed-note checkpoints and tlog-tiles).
//!
//! The tree, proof and note code here imports neither actix nor diesel: it is pure and
//! shared by the server, the `pactum ledger` commands and the auditor.

pub mod audit;
pub mod checkpoint;
pub mod entry;
pub mod handlers;
pub mod hash;
pub mod kinds;
pub mod note;
pub mod proof_file;
pub mod service;
pub mod store;
pub mod tiles;
pub mod tree;
pub mod verify;

pub use hash::{Hash, empty_root, leaf_hash, node_hash};
pub use store::append;
