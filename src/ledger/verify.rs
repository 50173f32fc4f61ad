//! Proof verification exactly as RFC 9162 §2.1.3.2 and §2.1.4.2 describe it (the
//! algorithms RFC 6962 verifiers use), with no I/O, judging every input as the
//! transparency-dev reference verifier (`proof.VerifyInclusion`,
//! `proof.VerifyConsistency`) does, degenerate ones included:
//!
//! - hashes are byte strings of any length: the leaf hash must have 32 bytes, but
//!   proof hashes and roots are hashed or compared as given (a root of another
//!   length never matches a computed one);
//! - equal sizes with an empty proof: valid exactly when the two roots are the same
//!   bytes, whatever their length (there is nothing to compute);
//! - from the empty tree (size1 = 0) to any size: valid exactly when the proof is
//!   empty, whatever the roots;
//! - inclusion in the empty tree, or at an index not below the size: refused.

use super::hash::node_hash;

/// The length of a leaf hash (SHA-256).
const HASH_LEN: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    #[error("the leaf index is not below the tree size")]
    IndexOutOfRange,
    #[error("the leaf hash is not 32 bytes")]
    LeafHashLength,
    #[error("the first tree is larger than the second")]
    SizesOutOfOrder,
    #[error("the proof has the wrong number of hashes")]
    WrongLength,
    #[error("the proof does not lead to the expected root")]
    RootMismatch,
}

fn lsb(x: u64) -> bool {
    x & 1 == 1
}

/// RFC 9162's walk up the tree from node `f` of the last node `s`: for each of `n`
/// path hashes, whether it joins on the left. The path must end exactly at the root.
fn sides(mut f: u64, mut s: u64, n: usize) -> Result<Vec<bool>, ProofError> {
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        if s == 0 {
            return Err(ProofError::WrongLength);
        }
        let left = lsb(f) || f == s;
        if left && !lsb(f) {
            while !lsb(f) && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        }
        out.push(left);
        f >>= 1;
        s >>= 1;
    }
    if s != 0 {
        return Err(ProofError::WrongLength);
    }
    Ok(out)
}

/// Checks that `leaf` (a 32-byte leaf hash) is at `index` in the tree of `size`
/// leaves with `root`.
pub fn verify_inclusion<P: AsRef<[u8]>>(
    index: u64,
    size: u64,
    leaf: &[u8],
    proof: &[P],
    root: &[u8],
) -> Result<(), ProofError> {
    if index >= size {
        return Err(ProofError::IndexOutOfRange);
    }
    if leaf.len() != HASH_LEN {
        return Err(ProofError::LeafHashLength);
    }
    let mut r = leaf.to_vec();
    for (p, left) in proof.iter().zip(sides(index, size - 1, proof.len())?) {
        let p = p.as_ref();
        r = if left {
            node_hash(p, &r)
        } else {
            node_hash(&r, p)
        }
        .to_vec();
    }
    if r != root {
        return Err(ProofError::RootMismatch);
    }
    Ok(())
}

/// Checks that the tree of `size2` leaves with `root2` extends the tree of `size1`
/// leaves with `root1`.
pub fn verify_consistency<P: AsRef<[u8]>>(
    size1: u64,
    size2: u64,
    root1: &[u8],
    root2: &[u8],
    proof: &[P],
) -> Result<(), ProofError> {
    if size1 > size2 {
        return Err(ProofError::SizesOutOfOrder);
    }
    if size1 == size2 {
        if !proof.is_empty() {
            return Err(ProofError::WrongLength);
        }
        return if root1 == root2 {
            Ok(())
        } else {
            Err(ProofError::RootMismatch)
        };
    }
    if size1 == 0 {
        // Every tree extends the empty one; there is nothing to prove.
        return if proof.is_empty() {
            Ok(())
        } else {
            Err(ProofError::WrongLength)
        };
    }
    if proof.is_empty() {
        return Err(ProofError::WrongLength);
    }
    let mut path: Vec<&[u8]> = Vec::with_capacity(proof.len() + 1);
    if size1.is_power_of_two() {
        path.push(root1);
    }
    path.extend(proof.iter().map(AsRef::as_ref));
    let (mut f, mut s) = (size1 - 1, size2 - 1);
    while lsb(f) {
        f >>= 1;
        s >>= 1;
    }
    let (mut fr, mut sr) = (path[0].to_vec(), path[0].to_vec());
    for (c, left) in path[1..].iter().zip(sides(f, s, path.len() - 1)?) {
        if left {
            fr = node_hash(c, &fr).to_vec();
            sr = node_hash(c, &sr).to_vec();
        } else {
            sr = node_hash(&sr, c).to_vec();
        }
    }
    if fr != root1 || sr != root2 {
        return Err(ProofError::RootMismatch);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::hash::{Hash, empty_root, leaf_hash};

    const NONE: [&[u8]; 0] = [];

    /// size1, size2, root1, root2, proof, and whether the reference accepts it.
    type ConsistencyCase<'a> = (u64, u64, &'a [u8], &'a [u8], &'a [&'a [u8]], bool);

    /// The reference's own degenerate consistency cases: roots that are not hashes
    /// at all, equal sizes, the empty tree, sizes out of order, empty proofs.
    #[test]
    fn consistency_in_degenerate_cases_is_judged_as_the_reference_does() {
        let r1: &[u8] = b"don't care 1";
        let r2: &[u8] = b"don't care 2";
        let e = empty_root();
        let one_hash: [&[u8]; 1] = [&e];
        let cases: [ConsistencyCase; 15] = [
            (0, 0, r1, r2, &NONE, false),
            (1, 1, r1, r2, &NONE, false),
            // Sizes that are always consistent: the roots are compared as given.
            (0, 0, r1, r1, &NONE, true),
            (0, 1, r1, r2, &NONE, true),
            (1, 1, r2, r2, &NONE, true),
            (7, 7, b"", b"", &NONE, true),
            (0, 9, b"", b"x", &NONE, true),
            // Time travel to the past.
            (1, 0, r1, r2, &NONE, false),
            (2, 1, r1, r2, &NONE, false),
            // An empty proof between different non-zero sizes.
            (1, 2, r1, r2, &NONE, false),
            // Roots that differ.
            (0, 0, &e, r2, &NONE, false),
            (1, 1, &e, r2, &NONE, false),
            // Matching roots but a proof that should be empty.
            (0, 0, &e, &e, &one_hash, false),
            (0, 1, &e, &e, &one_hash, false),
            (1, 1, &e, &e, &one_hash, false),
        ];
        for (size1, size2, root1, root2, proof, valid) in cases {
            let verdict = verify_consistency(size1, size2, root1, root2, proof);
            assert_eq!(
                verdict.is_ok(),
                valid,
                "{size1} → {size2}, {root1:?}, {root2:?}, {} hashes: {verdict:?}",
                proof.len()
            );
        }
    }

    #[test]
    fn inclusion_in_degenerate_cases_is_judged_as_the_reference_does() {
        let h = leaf_hash(b"data");
        let some: &[u8] = &[0xab; 32];
        let e = empty_root();
        // Nothing is in the empty tree, nor past the end of a tree.
        for (index, size) in [(0, 0), (0, 1), (1, 0), (2, 1)] {
            for (leaf, root) in [(some, &b""[..]), (&b""[..], &e[..]), (some, &e[..])] {
                assert!(verify_inclusion(index, size, leaf, &NONE, root).is_err());
            }
        }
        assert_eq!(
            verify_inclusion(0, 0, &h, &NONE, &h),
            Err(ProofError::IndexOutOfRange)
        );
        // In a tree of one, the root is the leaf hash, which must be 32 bytes.
        assert_eq!(verify_inclusion(0, 1, &h, &NONE, &h), Ok(()));
        assert!(verify_inclusion(0, 1, &h, &NONE, b"").is_err());
        assert!(verify_inclusion(0, 1, &h, &NONE, &h[..31]).is_err());
        assert_eq!(
            verify_inclusion(0, 1, b"", &NONE, b""),
            Err(ProofError::LeafHashLength)
        );
        assert_eq!(
            verify_inclusion(0, 1, &h[..31], &NONE, &h[..31]),
            Err(ProofError::LeafHashLength)
        );
    }

    /// Proof hashes are hashed as given, as the reference does: one of another length
    /// can only lead to a root that no tree of 32-byte hashes has.
    #[test]
    fn proof_hashes_are_hashed_as_given() {
        let leaf = leaf_hash(b"a");
        let odd: &[u8] = &[7; 33];
        let root: Hash = node_hash(&leaf, odd);
        assert_eq!(verify_inclusion(0, 2, &leaf, &[odd], &root), Ok(()));
        assert!(verify_inclusion(0, 2, &leaf, &[&odd[..32]], &root).is_err());
        let root3: Hash = node_hash(odd, &leaf);
        assert_eq!(verify_consistency(2, 3, odd, &root3, &[&leaf]), Ok(()));
    }
}
