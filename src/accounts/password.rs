//! Password hashing with argon2id. Hashing and verification are CPU-heavy: callers run
//! them on the blocking pool. An unknown account is checked against a dummy hash so a
//! failed sign-in takes the same time whether or not the e-mail exists.

use std::sync::LazyLock;

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::config::HashCost;

fn hasher(cost: HashCost) -> Argon2<'static> {
    let params = match cost {
        // OWASP's argon2id recommendation: 19 MiB, 2 iterations, 1 lane.
        HashCost::Strong => Params::new(19 * 1024, 2, 1, None),
        HashCost::Fast => Params::new(64, 1, 1, None),
    };
    Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        params.unwrap_or_default(),
    )
}

pub fn hash(password: &str, cost: HashCost) -> Result<String, String> {
    hasher(cost)
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| format!("password hashing failed: {e}"))
}

/// Verifies against a stored PHC string; `None` (no such account, or an erased one)
/// burns the same work on a dummy hash and fails.
pub fn verify(password: &str, stored: Option<&str>, cost: HashCost) -> bool {
    static DUMMY_STRONG: LazyLock<String> =
        LazyLock::new(|| hash("dummy password for timing", HashCost::Strong).unwrap_or_default());
    static DUMMY_FAST: LazyLock<String> =
        LazyLock::new(|| hash("dummy password for timing", HashCost::Fast).unwrap_or_default());
    let (phc, real) = match stored {
        Some(s) => (s, true),
        None => match cost {
            HashCost::Strong => (DUMMY_STRONG.as_str(), false),
            HashCost::Fast => (DUMMY_FAST.as_str(), false),
        },
    };
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    let ok = hasher(cost)
        .verify_password(password.as_bytes(), &parsed)
        .is_ok();
    ok && real
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ() {
        let a = hash("orto condiviso sul tetto", HashCost::Fast).unwrap();
        let b = hash("orto condiviso sul tetto", HashCost::Fast).unwrap();
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b, "salted");
        assert!(verify("orto condiviso sul tetto", Some(&a), HashCost::Fast));
        assert!(!verify(
            "orto condiviso sul tettO",
            Some(&a),
            HashCost::Fast
        ));
        assert!(!verify("dummy password for timing", None, HashCost::Fast));
    }
}
