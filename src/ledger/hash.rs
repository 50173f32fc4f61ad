//! RFC 6962 hashing: leaves are `SHA-256(0x00 ‖ entry)`, interior nodes
//! `SHA-256(0x01 ‖ left ‖ right)`, and the empty tree is `SHA-256("")`.

use sha2::{Digest, Sha256};

/// A SHA-256 hash: a leaf, an interior node or a tree root.
pub type Hash = [u8; 32];

pub fn leaf_hash(entry: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(entry);
    h.finalize().into()
}

pub fn node_hash(left: &[u8], right: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([1u8]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// The root of the tree with no leaves.
pub fn empty_root() -> Hash {
    Sha256::digest([]).into()
}

/// A hash from a byte slice, if it has exactly 32 bytes.
pub fn from_slice(bytes: &[u8]) -> Option<Hash> {
    bytes.try_into().ok()
}

/// Base64 (standard, padded), as checkpoints and the proof API write hashes.
pub fn to_base64(h: &Hash) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(h)
}

pub fn from_base64(s: &str) -> Option<Hash> {
    use base64::Engine;
    from_slice(&base64::engine::general_purpose::STANDARD.decode(s).ok()?)
}
