//! Reading one proof in the transparency-dev JSON shape (for `pactum ledger
//! verify-proof`): inclusion (`leafIdx`, `treeSize`, `root`, `leafHash`, `proof`) or
//! consistency (`size1`, `size2`, `root1`, `root2`, `proof`), hashes in base64.

use base64::Engine;
use serde_json::Value;

use super::verify::{verify_consistency, verify_inclusion};

/// `Err`: unreadable. `Ok(Ok(what))`: valid. `Ok(Err(why))`: invalid.
pub fn check(text: &str) -> Result<Result<String, String>, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("not JSON ({e})"))?;
    let num = |k: &str| {
        v.get(k)
            .and_then(Value::as_u64)
            .ok_or_else(|| format!("\"{k}\" must be a whole number"))
    };
    // Hashes must be base64; their length is the verifier's to judge, as the
    // reference verifier does (a wrong length makes a proof invalid, not unreadable).
    let bytes = |k: &str, x: Option<&Value>| -> Result<Vec<u8>, String> {
        let s = x
            .and_then(Value::as_str)
            .ok_or_else(|| format!("\"{k}\" must be a base64 string"))?;
        base64::engine::general_purpose::STANDARD
            .decode(s)
            .map_err(|_| format!("\"{k}\" is not base64"))
    };
    let proof = match v.get("proof") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| bytes("proof", Some(i)))
            .collect::<Result<Vec<_>, _>>()?,
        Some(_) => return Err("\"proof\" must be a list".into()),
    };
    if v.get("leafIdx").is_some() {
        let (index, size) = (num("leafIdx")?, num("treeSize")?);
        let root = bytes("root", v.get("root"))?;
        let leaf = bytes("leafHash", v.get("leafHash"))?;
        return Ok(verify_inclusion(index, size, &leaf, &proof, &root)
            .map(|()| format!("inclusion proof: entry {index} is in the tree of {size}"))
            .map_err(|e| e.to_string()));
    }
    if v.get("size1").is_some() {
        let (size1, size2) = (num("size1")?, num("size2")?);
        let root1 = bytes("root1", v.get("root1"))?;
        let root2 = bytes("root2", v.get("root2"))?;
        return Ok(verify_consistency(size1, size2, &root1, &root2, &proof)
            .map(|()| format!("consistency proof: the tree of {size2} extends the tree of {size1}"))
            .map_err(|e| e.to_string()));
    }
    Err("neither an inclusion proof (leafIdx) nor a consistency proof (size1)".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn consistency(size1: u64, size2: u64, root1: &str, root2: &str, proof: &str) -> String {
        format!(
            r#"{{"size1": {size1}, "size2": {size2}, "root1": "{root1}", "root2": "{root2}", "proof": {proof}}}"#
        )
    }

    /// Roots that are not 32 bytes are compared as given where the reference
    /// verifier compares them without hashing: equal sizes, and the empty tree.
    #[test]
    fn degenerate_consistency_proofs_compare_roots_as_given() {
        // "don't care 1" and "don't care 2", as the reference's tests have them.
        let (r1, r2) = ("ZG9uJ3QgY2FyZSAx", "ZG9uJ3QgY2FyZSAy");
        let valid = [
            consistency(0, 0, r1, r1, "[]"),
            consistency(0, 1, r1, r2, "[]"),
            consistency(1, 1, r2, r2, "null"),
            consistency(5, 5, "", "", "[]"),
            consistency(0, 3, "", r2, "[]"),
        ];
        for text in &valid {
            assert!(check(text).unwrap().is_ok(), "{text}");
        }
        let invalid = [
            consistency(0, 0, r1, r2, "[]"),
            consistency(1, 1, r1, r2, "[]"),
            consistency(1, 1, "", r2, "[]"),
            consistency(1, 0, r1, r1, "[]"),
            consistency(1, 2, r1, r2, "[]"),
            consistency(0, 1, r1, r2, r#"["ZG9uJ3QgY2FyZSAx"]"#),
            consistency(1, 1, r1, r1, r#"["ZG9uJ3QgY2FyZSAx"]"#),
        ];
        for text in &invalid {
            assert!(check(text).unwrap().is_err(), "{text}");
        }
    }

    #[test]
    fn inclusion_needs_a_32_byte_leaf_and_a_non_empty_tree() {
        let h = "DTrtAjFI/9KiWfvQzcf7PPl1ZYdg03dbgq9vkKrMLfw=";
        let inclusion = |index: u64, size: u64, leaf: &str, root: &str| {
            format!(
                r#"{{"leafIdx": {index}, "treeSize": {size}, "leafHash": "{leaf}", "root": "{root}", "proof": []}}"#
            )
        };
        assert!(check(&inclusion(0, 1, h, h)).unwrap().is_ok());
        for text in [
            inclusion(0, 0, h, h),
            inclusion(0, 1, "", ""),
            inclusion(0, 1, h, ""),
            inclusion(0, 1, "", h),
        ] {
            assert!(check(&text).unwrap().is_err(), "{text}");
        }
        // Unreadable stays unreadable.
        assert!(check(&inclusion(0, 1, "not base64!", h)).is_err());
    }
}
