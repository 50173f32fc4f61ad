//! The auditor behind `pactum ledger audit`: downloads the checkpoint, the tiles and
//! every entry over HTTP, checks the signature, recomputes the whole tree, compares
//! the published tiles and proofs, and checks the log only grew since the state it
//! saw last time. It shares the pure tree and note code with the server but trusts
//! nothing the server computes.

use std::path::Path;

use super::checkpoint::{self, ParsedCheckpoint};
use super::entry::write_canonical;
use super::hash::{Hash, from_base64, leaf_hash, to_base64};
use super::note::NoteVerifier;
use super::tiles::{TILE_HEIGHT, TILE_WIDTH, Tile, TileKind, unbundle};
use super::tree::{self, MemoryTree};
use super::verify::{verify_consistency, verify_inclusion};

/// Something that fetches paths of the log's site.
pub trait Fetch {
    fn get(&self, path: &str) -> Result<Vec<u8>, String>;
}

/// Fetches over HTTP(S) from a base URL.
pub struct HttpFetch {
    base: String,
    agent: ureq::Agent,
}

impl HttpFetch {
    pub fn new(base: &str) -> HttpFetch {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(std::time::Duration::from_secs(60)))
            .http_status_as_error(true)
            .build();
        HttpFetch {
            base: base.trim_end_matches('/').to_string(),
            agent: config.into(),
        }
    }
}

impl Fetch for HttpFetch {
    fn get(&self, path: &str) -> Result<Vec<u8>, String> {
        let url = format!("{}{path}", self.base);
        let mut res = self
            .agent
            .get(&url)
            .call()
            .map_err(|e| format!("GET {url}: {e}"))?;
        res.body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_vec()
            .map_err(|e| format!("GET {url}: {e}"))
    }
}

/// What the auditor remembers between runs.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AuditState {
    pub origin: String,
    pub size: u64,
    pub root: String,
}

/// A successful audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditReport {
    pub origin: String,
    pub size: u64,
    pub root: Hash,
    pub previous: Option<u64>,
    pub tiles_checked: usize,
    pub proofs_checked: usize,
}

fn fail<T>(msg: impl Into<String>) -> Result<T, String> {
    Err(msg.into())
}

/// Audits the log behind `fetch` with the verifier key `vkey`. `state` is the last
/// state (from the state file), if any.
pub fn audit(
    fetch: &dyn Fetch,
    vkey: &str,
    state: Option<&AuditState>,
) -> Result<AuditReport, String> {
    let verifier =
        NoteVerifier::parse(vkey).map_err(|e| format!("the verifier key is not usable: {e}"))?;
    let note = fetch.get("/ledger/checkpoint")?;
    let note = String::from_utf8(note).map_err(|_| "the checkpoint is not UTF-8".to_string())?;
    let ParsedCheckpoint { origin, size, root } = checkpoint::open(&verifier, &note)
        .map_err(|e| format!("the checkpoint signature does not verify: {e}"))?;

    // Every entry, from the entry bundles.
    let mut tree = MemoryTree::new();
    let mut tiles_checked = 0;
    let bundles = size.div_ceil(TILE_WIDTH);
    for n in 0..bundles {
        let width = (size - n * TILE_WIDTH).min(TILE_WIDTH);
        let tile = Tile {
            kind: TileKind::Entries,
            index: n,
            width,
        };
        let data = fetch.get(&format!("/ledger/tile/{}", tile.path()))?;
        let entries =
            unbundle(&data).ok_or_else(|| format!("entry bundle {} is malformed", tile.path()))?;
        if entries.len() as u64 != width {
            return fail(format!(
                "entry bundle {} has {} entries, expected {width}",
                tile.path(),
                entries.len()
            ));
        }
        for (i, e) in entries.iter().enumerate() {
            check_entry(n * TILE_WIDTH + i as u64, e)?;
            tree.push(leaf_hash(e));
        }
        tiles_checked += 1;
    }
    let computed = tree::root(&tree, size).map_err(|e| e.to_string())?;
    if computed != root {
        return fail(format!(
            "the entries do not hash to the signed root: the checkpoint says {}, the entries give {} (an entry was changed, added or removed)",
            to_base64(&root),
            to_base64(&computed)
        ));
    }

    // The published hash tiles must match the recomputed tree.
    for level in 0..=7u8 {
        let stored_level = level * TILE_HEIGHT as u8;
        let count = if u32::from(stored_level) >= 64 {
            0
        } else {
            size >> stored_level
        };
        if count == 0 {
            break;
        }
        for n in 0..count.div_ceil(TILE_WIDTH) {
            let width = (count - n * TILE_WIDTH).min(TILE_WIDTH);
            let tile = Tile {
                kind: TileKind::Hashes { level },
                index: n,
                width,
            };
            let data = fetch.get(&format!("/ledger/tile/{}", tile.path()))?;
            let from = (n * TILE_WIDTH) as usize;
            let expected: Vec<u8> =
                tree.levels[stored_level as usize][from..from + width as usize].concat();
            if data != expected {
                return fail(format!(
                    "tile {} differs from the tree recomputed from the entries",
                    tile.path()
                ));
            }
            tiles_checked += 1;
        }
    }

    // A few proofs from the API must verify against the signed root.
    let mut proofs_checked = 0;
    for index in sample_indexes(size) {
        let v = fetch_json(
            fetch,
            &format!("/api/v1/ledger/proof/inclusion?index={index}&size={size}"),
        )?;
        let proof = hashes(&v["proof"])?;
        let leaf = one_hash(&v["leafHash"])?;
        if leaf != tree.levels[0][index as usize] {
            return fail(format!(
                "the API's leaf hash for entry {index} is not the entry's"
            ));
        }
        verify_inclusion(index, size, &leaf, &proof, &root)
            .map_err(|e| format!("the API's inclusion proof for entry {index} fails: {e}"))?;
        proofs_checked += 1;
    }

    // The log must extend what we saw last time.
    if let Some(prev) = state {
        if prev.origin != origin {
            return fail(format!(
                "the state file is for {}, not {origin}",
                prev.origin
            ));
        }
        let prev_root = from_base64(&prev.root).ok_or("the state file's root is not a hash")?;
        if prev.size > size {
            return fail(format!(
                "the log shrank from {} to {size} entries",
                prev.size
            ));
        }
        let recomputed = tree::root(&tree, prev.size).map_err(|e| e.to_string())?;
        if recomputed != prev_root {
            return fail(format!(
                "the log is inconsistent with the checkpoint seen before: at size {} it had root {}, now the entries give {} (history was rewritten)",
                prev.size,
                prev.root,
                to_base64(&recomputed)
            ));
        }
        let v = fetch_json(
            fetch,
            &format!(
                "/api/v1/ledger/proof/consistency?size1={}&size2={size}",
                prev.size
            ),
        )?;
        let proof = hashes(&v["proof"])?;
        verify_consistency(prev.size, size, &prev_root, &root, &proof)
            .map_err(|e| format!("the API's consistency proof fails: {e}"))?;
        proofs_checked += 1;
    }
    Ok(AuditReport {
        origin,
        size,
        root,
        previous: state.map(|s| s.size),
        tiles_checked,
        proofs_checked,
    })
}

fn check_entry(index: u64, bytes: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(bytes).map_err(|_| format!("entry {index} is not UTF-8"))?;
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|_| format!("entry {index} is not JSON"))?;
    let mut canonical = String::new();
    write_canonical(&value, &mut canonical);
    if canonical != text {
        return fail(format!("entry {index} is not canonical JSON"));
    }
    if value.get("kind").and_then(|k| k.as_str()).is_none() {
        return fail(format!("entry {index} has no kind"));
    }
    Ok(())
}

fn sample_indexes(size: u64) -> Vec<u64> {
    if size == 0 {
        return Vec::new();
    }
    let mut v = vec![0, size / 3, size / 2, size - 1];
    v.sort_unstable();
    v.dedup();
    v
}

fn fetch_json(fetch: &dyn Fetch, path: &str) -> Result<serde_json::Value, String> {
    serde_json::from_slice(&fetch.get(path)?).map_err(|_| format!("{path} did not answer JSON"))
}

fn one_hash(v: &serde_json::Value) -> Result<Hash, String> {
    v.as_str()
        .and_then(from_base64)
        .ok_or_else(|| "a hash in a proof is malformed".to_string())
}

fn hashes(v: &serde_json::Value) -> Result<Vec<Hash>, String> {
    match v {
        serde_json::Value::Null => Ok(Vec::new()),
        serde_json::Value::Array(items) => items.iter().map(one_hash).collect(),
        _ => fail("a proof is malformed"),
    }
}

/// Reads the state file (absent: first run).
pub fn read_state(path: &Path) -> Result<Option<AuditState>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| format!("{}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// Writes the state file atomically.
pub fn write_state(path: &Path, report: &AuditReport) -> Result<(), String> {
    let state = AuditState {
        origin: report.origin.clone(),
        size: report.size,
        root: to_base64(&report.root),
    };
    let tmp = path.with_extension("tmp");
    let text = serde_json::to_string_pretty(&state).map_err(|e| e.to_string())?;
    std::fs::write(&tmp, text + "\n")
        .and_then(|_| std::fs::rename(&tmp, path))
        .map_err(|e| format!("{}: {e}", path.display()))
}
