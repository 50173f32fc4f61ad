//! Reading one proof in the transparency-dev JSON shape (for `pactum ledger
//! verify-proof`): inclusion (`leafIdx`, `treeSize`, `root`, `leafHash`, `proof`) or
//! consistency (`size1`, `size2`, `root1`, `root2`, `proof`), hashes in base64.

use base64::Engine;
use serde_json::Value;

use super::hash::Hash;
use super::verify::{verify_consistency, verify_inclusion};

/// `Err`: unreadable. `Ok(Ok(what))`: valid. `Ok(Err(why))`: invalid.
pub fn check(text: &str) -> Result<Result<String, String>, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("not JSON ({e})"))?;
    let num = |k: &str| {
        v.get(k)
            .and_then(Value::as_u64)
            .ok_or_else(|| format!("\"{k}\" must be a whole number"))
    };
    // Hashes must be base64; a wrong length makes the proof invalid, not unreadable.
    let hash = |k: &str, x: Option<&Value>| -> Result<Option<Hash>, String> {
        let s = x
            .and_then(Value::as_str)
            .ok_or_else(|| format!("\"{k}\" must be a base64 string"))?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(s)
            .map_err(|_| format!("\"{k}\" is not base64"))?;
        Ok(bytes.try_into().ok())
    };
    let proof = match v.get("proof") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| hash("proof", Some(i)))
            .collect::<Result<Vec<_>, _>>()?,
        Some(_) => return Err("\"proof\" must be a list".into()),
    };
    let proof: Option<Vec<Hash>> = proof.into_iter().collect();
    if v.get("leafIdx").is_some() {
        let (index, size) = (num("leafIdx")?, num("treeSize")?);
        let (root, leaf) = (
            hash("root", v.get("root"))?,
            hash("leafHash", v.get("leafHash"))?,
        );
        let (Some(root), Some(leaf), Some(proof)) = (root, leaf, proof) else {
            return Ok(Err("a hash is not 32 bytes".into()));
        };
        return Ok(verify_inclusion(index, size, &leaf, &proof, &root)
            .map(|()| format!("inclusion proof: entry {index} is in the tree of {size}"))
            .map_err(|e| e.to_string()));
    }
    if v.get("size1").is_some() {
        let (size1, size2) = (num("size1")?, num("size2")?);
        let (root1, root2) = (
            hash("root1", v.get("root1"))?,
            hash("root2", v.get("root2"))?,
        );
        let (Some(root1), Some(root2), Some(proof)) = (root1, root2, proof) else {
            return Ok(Err("a hash is not 32 bytes".into()));
        };
        return Ok(verify_consistency(size1, size2, &root1, &root2, &proof)
            .map(|()| format!("consistency proof: the tree of {size2} extends the tree of {size1}"))
            .map_err(|e| e.to_string()));
    }
    Err("neither an inclusion proof (leafIdx) nor a consistency proof (size1)".into())
}
