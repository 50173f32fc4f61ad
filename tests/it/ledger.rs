//! The civic ledger's pure core against external vectors (copied unchanged from
//! ../shared/testdata/ledger into tests/data/ledger; see its README for sources and
//! licences): RFC 6962 reference tree, transparency-dev proof probes, a Go sumdb signed
//! note. Plus property tests: every proof the log produces verifies; any one-bit change
//! to a proof, root or leaf is rejected, and so is one to an index or size whenever it
//! changes the proof's shape (when it does not, no RFC 6962 verifier can tell).

use std::path::{Path, PathBuf};

use base64::Engine;
use pactum::ledger::hash::{Hash, empty_root, leaf_hash, node_hash};
use pactum::ledger::note::{NoteSigner, NoteVerifier};
use pactum::ledger::tree::{MemoryTree, consistency_proof, inclusion_proof, root};
use pactum::ledger::verify::{verify_consistency, verify_inclusion};
use proptest::prelude::*;
use serde_json::Value;

fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/ledger")
        .join(path)
}

fn hex(s: &str) -> Vec<u8> {
    pactum::util::hex_decode(s).unwrap()
}

#[test]
fn reference_tree_and_hasher_known_answers() {
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(data("rfc6962-tree.json")).unwrap()).unwrap();
    let h = &v["hasher"];
    assert_eq!(
        empty_root().to_vec(),
        hex(h["empty_root"].as_str().unwrap())
    );
    assert_eq!(
        leaf_hash(b"").to_vec(),
        hex(h["leaf_hash_of_empty"].as_str().unwrap())
    );
    assert_eq!(
        leaf_hash(b"L123456").to_vec(),
        hex(h["leaf_hash_of_ascii_L123456"].as_str().unwrap())
    );
    assert_eq!(
        node_hash(b"N123", b"N456").to_vec(),
        hex(h["node_hash_of_ascii_N123_N456"].as_str().unwrap())
    );
    let leaves: Vec<Hash> = v["leaves_hex"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| leaf_hash(&hex(l.as_str().unwrap())))
        .collect();
    let tree = MemoryTree::from_leaf_hashes(leaves.iter().copied());
    let roots = v["roots_by_size_hex"].as_object().unwrap();
    assert_eq!(roots.len(), leaves.len() + 1);
    for (size, expected) in roots {
        let size: u64 = size.parse().unwrap();
        assert_eq!(
            root(&tree, size).unwrap().to_vec(),
            hex(expected.as_str().unwrap()),
            "root of size {size}"
        );
    }
}

/// A probe's byte field, as given (any length: judging it is the verifier's job).
fn raw(v: &Value) -> Option<Vec<u8>> {
    base64::engine::general_purpose::STANDARD
        .decode(v.as_str()?)
        .ok()
}

/// A probe's proof: `None` if any element is not base64.
fn proof_of(v: &Value) -> Option<Vec<Vec<u8>>> {
    match v {
        Value::Null => Some(Vec::new()),
        Value::Array(items) => items.iter().map(raw).collect(),
        _ => None,
    }
}

fn probes(kind: &str) -> Vec<(PathBuf, Value)> {
    let mut out = Vec::new();
    let mut dirs = vec![data(&format!("transparency-dev/{kind}"))];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "json") {
                let v = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
                out.push((p, v));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn every_inclusion_probe_is_judged_as_transparency_dev_expects() {
    let all = probes("inclusion");
    // Every file of the reference's set is judged (4 directories).
    assert_eq!(all.len(), 53, "inclusion probes");
    let mut valid = 0;
    for (path, p) in &all {
        let want_err = p["wantErr"].as_bool().unwrap();
        let verdict = (|| {
            let index = p["leafIdx"].as_u64()?;
            let size = p["treeSize"].as_u64()?;
            let leaf = raw(&p["leafHash"])?;
            let root = raw(&p["root"])?;
            let proof = proof_of(&p["proof"])?;
            Some(verify_inclusion(index, size, &leaf, &proof, &root).is_ok())
        })()
        .unwrap_or_else(|| panic!("{}: unreadable probe", path.display()));
        assert_eq!(verdict, !want_err, "{}", path.display());
        valid += usize::from(verdict);
    }
    assert!(valid >= 3, "some probes are valid ones");
}

#[test]
fn every_consistency_probe_is_judged_as_transparency_dev_expects() {
    let all = probes("consistency");
    // Every file of the reference's set is judged (3 directories).
    assert_eq!(all.len(), 43, "consistency probes");
    let mut valid = 0;
    for (path, p) in &all {
        let want_err = p["wantErr"].as_bool().unwrap();
        let verdict = (|| {
            let size1 = p["size1"].as_u64()?;
            let size2 = p["size2"].as_u64()?;
            let root1 = raw(&p["root1"])?;
            let root2 = raw(&p["root2"])?;
            let proof = proof_of(&p["proof"])?;
            Some(verify_consistency(size1, size2, &root1, &root2, &proof).is_ok())
        })()
        .unwrap_or_else(|| panic!("{}: unreadable probe", path.display()));
        assert_eq!(verdict, !want_err, "{}", path.display());
        valid += usize::from(verdict);
    }
    assert!(valid >= 3, "some probes are valid ones");
}

#[test]
fn the_signed_note_vector_is_reproduced_byte_for_byte() {
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(data("signed-note.json")).unwrap()).unwrap();
    let signer = NoteSigner::parse(v["signer_key"].as_str().unwrap()).unwrap();
    let text = v["text"].as_str().unwrap();
    let expected = v["signed_note"].as_str().unwrap();
    assert_eq!(signer.sign(text).unwrap(), expected);
    assert_eq!(
        signer.verifier().to_text(),
        v["verifier_key"].as_str().unwrap()
    );
    let verifier = NoteVerifier::parse(v["verifier_key"].as_str().unwrap()).unwrap();
    assert_eq!(verifier.open(expected).unwrap(), text);
    // Changing any character of the text breaks the signature.
    for (i, c) in text.char_indices().filter(|(_, c)| *c != '\n') {
        let mut changed = text.to_string();
        changed.replace_range(i..i + c.len_utf8(), if c == 'x' { "y" } else { "x" });
        let forged = expected.replacen(text, &changed, 1);
        assert!(verifier.open(&forged).is_err(), "change at {i} accepted");
    }
}

/// Which side each audit-path hash joins on (true: left), from RFC 6962's PATH
/// recursion. A verifier sees only (index, size) through these sides, so a statement
/// with another index or size but the same sides cannot be told apart by any RFC 6962
/// verifier (the root commits to the size only through the path's shape).
fn inclusion_sides(m: u64, n: u64) -> Vec<bool> {
    if n <= 1 {
        return Vec::new();
    }
    let k = pactum::ledger::tree::split(n);
    let mut v = if m < k {
        inclusion_sides(m, k)
    } else {
        inclusion_sides(m - k, n - k)
    };
    v.push(m >= k);
    v
}

/// The same for a consistency proof (SUBPROOF's recursion): the sides and whether the
/// old root itself is the starting hash.
fn consistency_sides(m: u64, n: u64, whole: bool) -> Vec<(bool, bool)> {
    if m == n {
        return if whole {
            vec![(false, true)]
        } else {
            vec![(false, false)]
        };
    }
    let k = pactum::ledger::tree::split(n);
    let mut v = if m <= k {
        consistency_sides(m, k, whole)
    } else {
        consistency_sides(m - k, n - k, false)
    };
    v.push((m > k, false));
    v
}

fn flip(h: &Hash, bit: usize) -> Hash {
    let mut out = *h;
    out[bit / 8 % 32] ^= 1 << (bit % 8);
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn inclusion_proofs_verify_and_any_one_bit_change_is_rejected(size in 1u64..300, seed in any::<u64>(), bit in 0usize..256) {
        let tree = MemoryTree::from_leaf_hashes((0..size).map(|i| leaf_hash(&(i ^ seed).to_be_bytes())));
        let index = seed % size;
        let r = root(&tree, size).unwrap();
        let leaf = tree.levels[0][index as usize];
        let proof = inclusion_proof(&tree, index, size).unwrap().unwrap();
        prop_assert!(verify_inclusion(index, size, &leaf, &proof, &r).is_ok());
        prop_assert!(verify_inclusion(index, size, &leaf, &proof, &flip(&r, bit)).is_err());
        prop_assert!(verify_inclusion(index, size, &flip(&leaf, bit), &proof, &r).is_err());
        if !proof.is_empty() {
            let mut bad = proof.clone();
            let which = (seed as usize) % bad.len();
            bad[which] = flip(&bad[which], bit);
            prop_assert!(verify_inclusion(index, size, &leaf, &bad, &r).is_err());
        }
        let b = bit % 64;
        let (index2, size2) = (index ^ (1 << b), size ^ (1 << b));
        if index2 >= size || inclusion_sides(index2, size) != inclusion_sides(index, size) {
            prop_assert!(verify_inclusion(index2, size, &leaf, &proof, &r).is_err());
        }
        if index >= size2 || inclusion_sides(index, size2) != inclusion_sides(index, size) {
            prop_assert!(verify_inclusion(index, size2, &leaf, &proof, &r).is_err());
        }
    }

    #[test]
    fn consistency_proofs_verify_and_any_one_bit_change_is_rejected(size2 in 2u64..300, seed in any::<u64>(), bit in 0usize..256) {
        let tree = MemoryTree::from_leaf_hashes((0..size2).map(|i| leaf_hash(&(i ^ seed).to_be_bytes())));
        let size1 = 1 + seed % (size2 - 1);
        let (r1, r2) = (root(&tree, size1).unwrap(), root(&tree, size2).unwrap());
        let proof = consistency_proof(&tree, size1, size2).unwrap().unwrap();
        prop_assert!(verify_consistency(size1, size2, &r1, &r2, &proof).is_ok());
        prop_assert!(verify_consistency(size1, size2, &flip(&r1, bit), &r2, &proof).is_err());
        prop_assert!(verify_consistency(size1, size2, &r1, &flip(&r2, bit), &proof).is_err());
        let mut bad = proof.clone();
        let which = (seed as usize) % bad.len();
        bad[which] = flip(&bad[which], bit);
        prop_assert!(verify_consistency(size1, size2, &r1, &r2, &bad).is_err());
        let b = bit % 64;
        let sides = |m: u64, n: u64| if m == 0 || m >= n { Vec::new() } else { consistency_sides(m, n, true) };
        let (s1, s2) = (size1 ^ (1 << b), size2 ^ (1 << b));
        if s1 > size2 || sides(s1, size2) != sides(size1, size2) {
            prop_assert!(verify_consistency(s1, size2, &r1, &r2, &proof).is_err());
        }
        if size1 > s2 || sides(size1, s2) != sides(size1, size2) {
            prop_assert!(verify_consistency(size1, s2, &r1, &r2, &proof).is_err());
        }
    }
}
