//! The Merkle tree of RFC 6962 §2.1 over stored subtree hashes: the root of any prefix,
//! inclusion proofs and consistency proofs.
//!
//! The log keeps the hash of every complete, aligned subtree (level `l`, index `i`
//! covers leaves `i·2^l .. (i+1)·2^l`). Every left branch of RFC 6962's recursion is
//! such a subtree, so a root or a proof needs O(log² n) stored hashes at most and never
//! reads the whole tree. [`plan`] lists them first, so a database-backed source can
//! fetch them in one query.

use std::collections::HashMap;

use super::hash::{Hash, empty_root, node_hash};

/// Where stored subtree hashes come from (the database, tiles, or memory).
pub trait HashSource {
    type Error;
    /// The hash of the complete subtree at `level` and `index`.
    fn stored(&self, level: u8, index: u64) -> Result<Hash, Self::Error>;
}

/// The largest power of two strictly less than `n` (n ≥ 2).
pub fn split(n: u64) -> u64 {
    debug_assert!(n >= 2);
    1u64 << (63 - (n - 1).leading_zeros())
}

/// MTH(D[lo:hi]).
pub fn subtree_root<S: HashSource>(src: &S, lo: u64, hi: u64) -> Result<Hash, S::Error> {
    let n = hi - lo;
    if n == 0 {
        return Ok(empty_root());
    }
    if n.is_power_of_two() && lo.is_multiple_of(n) {
        return src.stored(n.trailing_zeros() as u8, lo / n);
    }
    let k = split(n);
    let left = subtree_root(src, lo, lo + k)?;
    let right = subtree_root(src, lo + k, hi)?;
    Ok(node_hash(&left, &right))
}

/// The root of the first `size` leaves.
pub fn root<S: HashSource>(src: &S, size: u64) -> Result<Hash, S::Error> {
    subtree_root(src, 0, size)
}

/// Why a proof cannot be produced.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofRequestError {
    #[error("index {index} is not below the tree size {size}")]
    IndexOutOfRange { index: u64, size: u64 },
    #[error("size1 {size1} is larger than size2 {size2}")]
    SizesOutOfOrder { size1: u64, size2: u64 },
}

/// The audit path of leaf `index` in the tree of `size` leaves (RFC 6962 §2.1.1).
pub fn inclusion_proof<S: HashSource>(
    src: &S,
    index: u64,
    size: u64,
) -> Result<Result<Vec<Hash>, ProofRequestError>, S::Error> {
    if index >= size {
        return Ok(Err(ProofRequestError::IndexOutOfRange { index, size }));
    }
    let mut proof = Vec::new();
    path(src, index, 0, size, &mut proof)?;
    Ok(Ok(proof))
}

fn path<S: HashSource>(
    src: &S,
    m: u64,
    lo: u64,
    hi: u64,
    out: &mut Vec<Hash>,
) -> Result<(), S::Error> {
    let n = hi - lo;
    if n <= 1 {
        return Ok(());
    }
    let k = split(n);
    if m < k {
        path(src, m, lo, lo + k, out)?;
        out.push(subtree_root(src, lo + k, hi)?);
    } else {
        path(src, m - k, lo + k, hi, out)?;
        out.push(subtree_root(src, lo, lo + k)?);
    }
    Ok(())
}

/// The consistency proof between the trees of `size1` and `size2` leaves (RFC 6962
/// §2.1.2); empty when `size1` is 0 or equal to `size2`.
pub fn consistency_proof<S: HashSource>(
    src: &S,
    size1: u64,
    size2: u64,
) -> Result<Result<Vec<Hash>, ProofRequestError>, S::Error> {
    if size1 > size2 {
        return Ok(Err(ProofRequestError::SizesOutOfOrder { size1, size2 }));
    }
    let mut proof = Vec::new();
    if size1 > 0 && size1 < size2 {
        subproof(src, size1, 0, size2, true, &mut proof)?;
    }
    Ok(Ok(proof))
}

fn subproof<S: HashSource>(
    src: &S,
    m: u64,
    lo: u64,
    hi: u64,
    whole: bool,
    out: &mut Vec<Hash>,
) -> Result<(), S::Error> {
    let n = hi - lo;
    if m == n {
        if !whole {
            out.push(subtree_root(src, lo, hi)?);
        }
        return Ok(());
    }
    let k = split(n);
    if m <= k {
        subproof(src, m, lo, lo + k, whole, out)?;
        out.push(subtree_root(src, lo + k, hi)?);
    } else {
        subproof(src, m - k, lo + k, hi, false, out)?;
        out.push(subtree_root(src, lo, lo + k)?);
    }
    Ok(())
}

/// Records which stored hashes a computation reads (the values it returns are dummies,
/// which is fine: which hashes are read never depends on their values).
#[derive(Default)]
pub struct Planner {
    wanted: std::cell::RefCell<Vec<(u8, u64)>>,
}

impl HashSource for Planner {
    type Error = std::convert::Infallible;
    fn stored(&self, level: u8, index: u64) -> Result<Hash, Self::Error> {
        self.wanted.borrow_mut().push((level, index));
        Ok([0; 32])
    }
}

impl Planner {
    /// The distinct (level, index) pairs read, in first-use order.
    pub fn into_wanted(self) -> Vec<(u8, u64)> {
        let mut seen = std::collections::HashSet::new();
        self.wanted
            .into_inner()
            .into_iter()
            .filter(|k| seen.insert(*k))
            .collect()
    }
}

/// The stored hashes a computation over `src` will read, e.g.
/// `plan(|p| { let _ = inclusion_proof(p, 5, 100); })`.
pub fn plan(f: impl FnOnce(&Planner)) -> Vec<(u8, u64)> {
    let p = Planner::default();
    f(&p);
    p.into_wanted()
}

/// Stored hashes fetched in advance.
#[derive(Debug, Default, Clone)]
pub struct Prefetched(pub HashMap<(u8, u64), Hash>);

/// A stored hash that was not fetched (or does not exist yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("stored hash at level {0}, index {1} is missing")]
pub struct MissingHash(pub u8, pub u64);

impl HashSource for Prefetched {
    type Error = MissingHash;
    fn stored(&self, level: u8, index: u64) -> Result<Hash, MissingHash> {
        self.0
            .get(&(level, index))
            .copied()
            .ok_or(MissingHash(level, index))
    }
}

/// A whole tree in memory: every stored hash, computed from the leaves (for tests,
/// the auditor and benchmarks).
#[derive(Debug, Default, Clone)]
pub struct MemoryTree {
    /// `levels[l][i]`: the complete subtree at level `l`, index `i`.
    pub levels: Vec<Vec<Hash>>,
}

impl MemoryTree {
    pub fn new() -> MemoryTree {
        MemoryTree {
            levels: vec![Vec::new()],
        }
    }

    pub fn from_leaf_hashes(leaves: impl IntoIterator<Item = Hash>) -> MemoryTree {
        let mut t = MemoryTree::new();
        for h in leaves {
            t.push(h);
        }
        t
    }

    pub fn size(&self) -> u64 {
        self.levels[0].len() as u64
    }

    /// Appends a leaf hash and the hashes of every subtree it completes (see
    /// [`completed_by`] for which).
    pub fn push(&mut self, leaf: Hash) {
        let mut level = 0usize;
        let mut h = leaf;
        loop {
            if self.levels.len() <= level {
                self.levels.push(Vec::new());
            }
            let index = self.levels[level].len();
            self.levels[level].push(h);
            if index.is_multiple_of(2) {
                break;
            }
            h = node_hash(&self.levels[level][index - 1], &h);
            level += 1;
        }
    }
}

impl HashSource for MemoryTree {
    type Error = MissingHash;
    fn stored(&self, level: u8, index: u64) -> Result<Hash, MissingHash> {
        self.levels
            .get(level as usize)
            .and_then(|l| l.get(index as usize))
            .copied()
            .ok_or(MissingHash(level, index))
    }
}

/// The subtrees completed by appending leaf number `index` (0-based): the levels and
/// indexes whose hashes become known, bottom up. Leaf `index` completes level `l` when
/// the `l` lowest bits of `index + 1` are zero.
pub fn completed_by(index: u64) -> impl Iterator<Item = (u8, u64)> {
    let levels = (index + 1).trailing_zeros() as u8;
    (0..=levels).map(move |l| (l, index >> l))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::hash::leaf_hash;

    fn naive_root(leaves: &[Hash]) -> Hash {
        match leaves.len() {
            0 => empty_root(),
            1 => leaves[0],
            n => {
                let k = split(n as u64) as usize;
                node_hash(&naive_root(&leaves[..k]), &naive_root(&leaves[k..]))
            }
        }
    }

    #[test]
    fn split_is_the_largest_power_of_two_below() {
        assert_eq!(split(2), 1);
        assert_eq!(split(3), 2);
        assert_eq!(split(4), 2);
        assert_eq!(split(5), 4);
        assert_eq!(split(1 << 40), 1 << 39);
        assert_eq!(split((1 << 40) + 1), 1 << 40);
    }

    #[test]
    fn stored_roots_match_the_definition_for_every_prefix() {
        let leaves: Vec<Hash> = (0..70u32).map(|i| leaf_hash(&i.to_be_bytes())).collect();
        let t = MemoryTree::from_leaf_hashes(leaves.iter().copied());
        for n in 0..=leaves.len() {
            assert_eq!(
                root(&t, n as u64).unwrap(),
                naive_root(&leaves[..n]),
                "size {n}"
            );
        }
    }

    #[test]
    fn each_push_completes_the_subtrees_completed_by_names() {
        let mut t = MemoryTree::new();
        for i in 0..20u64 {
            let before: Vec<usize> = t.levels.iter().map(Vec::len).collect();
            t.push(leaf_hash(&i.to_be_bytes()));
            let added: Vec<(u8, u64)> = t
                .levels
                .iter()
                .enumerate()
                .filter(|(l, v)| v.len() > before.get(*l).copied().unwrap_or(0))
                .map(|(l, v)| (l as u8, v.len() as u64 - 1))
                .collect();
            assert_eq!(added, completed_by(i).collect::<Vec<_>>(), "leaf {i}");
        }
    }

    #[test]
    fn planning_then_prefetching_gives_the_same_proofs() {
        let t = MemoryTree::from_leaf_hashes((0..1000u32).map(|i| leaf_hash(&i.to_be_bytes())));
        let wanted = plan(|p| {
            let _ = inclusion_proof(p, 377, 999);
            let _ = consistency_proof(p, 333, 999);
            let _ = root(p, 999);
        });
        assert!(wanted.len() < 60, "O(log² n) hashes, got {}", wanted.len());
        let pre = Prefetched(
            wanted
                .iter()
                .map(|&(l, i)| ((l, i), t.stored(l, i).unwrap()))
                .collect(),
        );
        assert_eq!(
            inclusion_proof(&pre, 377, 999).unwrap(),
            inclusion_proof(&t, 377, 999).unwrap()
        );
        assert_eq!(
            consistency_proof(&pre, 333, 999).unwrap(),
            consistency_proof(&t, 333, 999).unwrap()
        );
        assert_eq!(root(&pre, 999).unwrap(), root(&t, 999).unwrap());
    }
}
