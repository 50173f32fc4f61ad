//! Proof verification exactly as RFC 9162 §2.1.3.2 and §2.1.4.2 describe it (the
//! algorithms RFC 6962 verifiers use), with no I/O.

use super::hash::{Hash, node_hash};

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    #[error("the leaf index is not below the tree size")]
    IndexOutOfRange,
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

/// Checks that `leaf` is at `index` in the tree of `size` leaves with `root`.
pub fn verify_inclusion(
    index: u64,
    size: u64,
    leaf: &Hash,
    proof: &[Hash],
    root: &Hash,
) -> Result<(), ProofError> {
    if index >= size {
        return Err(ProofError::IndexOutOfRange);
    }
    let mut r = *leaf;
    for (p, left) in proof.iter().zip(sides(index, size - 1, proof.len())?) {
        r = if left {
            node_hash(p, &r)
        } else {
            node_hash(&r, p)
        };
    }
    if &r != root {
        return Err(ProofError::RootMismatch);
    }
    Ok(())
}

/// Checks that the tree of `size2` leaves with `root2` extends the tree of `size1`
/// leaves with `root1`.
pub fn verify_consistency(
    size1: u64,
    size2: u64,
    root1: &Hash,
    root2: &Hash,
    proof: &[Hash],
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
    let mut path: Vec<Hash> = Vec::with_capacity(proof.len() + 1);
    if size1.is_power_of_two() {
        path.push(*root1);
    }
    path.extend_from_slice(proof);
    let (mut f, mut s) = (size1 - 1, size2 - 1);
    while lsb(f) {
        f >>= 1;
        s >>= 1;
    }
    let (mut fr, mut sr) = (path[0], path[0]);
    for (c, left) in path[1..].iter().zip(sides(f, s, path.len() - 1)?) {
        if left {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
        } else {
            sr = node_hash(&sr, c);
        }
    }
    if &fr != root1 || &sr != root2 {
        return Err(ProofError::RootMismatch);
    }
    Ok(())
}
