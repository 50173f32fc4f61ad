//! The auditor behind `pactum ledger audit`: downloads the checkpoint, the tiles and
//! every entry over HTTP, checks the signature, recomputes the whole tree, compares
//! the published tiles and proofs, and checks the log only grew since the state it
//! saw last time. It shares the pure tree and note code with the server but trusts
//! nothing the server computes.
//!
//! Areas audit their own entries through [`AreaAuditor`]: while replaying the log, the
//! audit hands every entry of an auditor's kinds to it, in order, and any finding fails
//! the audit. The ledger knows no area: the list of auditors is passed in by whoever
//! wires the areas (`cli::area_auditors`), so an area's rules (a pact's procedure, a
//! token supply) stay in the area.

use std::fmt;
use std::path::Path;

use serde_json::{Map, Value};

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

/// Something an area's auditor found wrong in its entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The entry it concerns (none for a finding about the whole log, at the end).
    pub index: Option<u64>,
    pub what: String,
}

impl Finding {
    pub fn at(index: u64, what: impl Into<String>) -> Finding {
        Finding {
            index: Some(index),
            what: what.into(),
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.index {
            Some(i) => write!(f, "entry {i}: {}", self.what),
            None => f.write_str(&self.what),
        }
    }
}

/// An area's replay of its own entries (its rules live in the area, not here).
pub trait AreaAuditor {
    /// The area's name, for messages (`pacts`).
    fn area(&self) -> &'static str;
    /// The entry kinds it replays; each must be declared in `ledger::kinds`.
    fn kinds(&self) -> &'static [&'static str];
    /// The audited log's size (its checkpoint's), told before any entry.
    fn log_size(&mut self, _size: u64) {}
    /// One entry of its kinds, in log order: its index and its JSON object.
    fn see(&mut self, index: u64, entry: &Map<String, Value>) -> Result<(), Finding>;
    /// The end of the log: what is wrong with what was seen as a whole.
    fn finish(self: Box<Self>) -> Vec<Finding>;
}

/// How many entries an area's auditor replayed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaReplay {
    pub area: &'static str,
    pub entries: u64,
}

/// The area auditors during one audit: who gets which entry, and what they found.
struct Areas {
    auditors: Vec<(Box<dyn AreaAuditor>, u64)>,
    findings: Vec<(&'static str, Finding)>,
}

impl Areas {
    fn new(auditors: Vec<Box<dyn AreaAuditor>>) -> Result<Areas, String> {
        for a in &auditors {
            if let Some(k) = a.kinds().iter().find(|k| super::kinds::kind(k).is_none()) {
                return fail(format!(
                    "the {} auditor asks for the undeclared kind {k:?}",
                    a.area()
                ));
            }
        }
        Ok(Areas {
            auditors: auditors.into_iter().map(|a| (a, 0)).collect(),
            findings: Vec::new(),
        })
    }

    fn log_size(&mut self, size: u64) {
        for (auditor, _) in &mut self.auditors {
            auditor.log_size(size);
        }
    }

    fn see(&mut self, index: u64, entry: &Map<String, Value>) {
        let Some(kind) = entry.get("kind").and_then(Value::as_str) else {
            return;
        };
        for (auditor, seen) in &mut self.auditors {
            if auditor.kinds().contains(&kind) {
                *seen += 1;
                if let Err(f) = auditor.see(index, entry) {
                    self.findings.push((auditor.area(), f));
                }
            }
        }
    }

    /// Every auditor's end-of-log findings; an error listing all findings if any.
    fn finish(self) -> Result<Vec<AreaReplay>, String> {
        let mut findings = self.findings;
        let mut replays = Vec::new();
        for (auditor, entries) in self.auditors {
            let area = auditor.area();
            replays.push(AreaReplay { area, entries });
            findings.extend(auditor.finish().into_iter().map(|f| (area, f)));
        }
        if findings.is_empty() {
            return Ok(replays);
        }
        let lines: Vec<String> = findings
            .iter()
            .map(|(area, f)| format!("{area}: {f}"))
            .collect();
        fail(format!(
            "the log is intact, but its entries break an area's rules ({} finding{}):\n  {}",
            lines.len(),
            if lines.len() == 1 { "" } else { "s" },
            lines.join("\n  ")
        ))
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
    /// The entries each area's auditor replayed.
    pub areas: Vec<AreaReplay>,
}

fn fail<T>(msg: impl Into<String>) -> Result<T, String> {
    Err(msg.into())
}

/// Audits the log behind `fetch` with the verifier key `vkey`. `state` is the last
/// state (from the state file), if any; `auditors` replay their areas' entries.
pub fn audit(
    fetch: &dyn Fetch,
    vkey: &str,
    state: Option<&AuditState>,
    auditors: Vec<Box<dyn AreaAuditor>>,
) -> Result<AuditReport, String> {
    let mut areas = Areas::new(auditors)?;
    let verifier =
        NoteVerifier::parse(vkey).map_err(|e| format!("the verifier key is not usable: {e}"))?;
    let note = fetch.get("/ledger/checkpoint")?;
    let note = String::from_utf8(note).map_err(|_| "the checkpoint is not UTF-8".to_string())?;
    let ParsedCheckpoint { origin, size, root } = checkpoint::open(&verifier, &note)
        .map_err(|e| format!("the checkpoint signature does not verify: {e}"))?;
    areas.log_size(size);

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
            let index = n * TILE_WIDTH + i as u64;
            areas.see(index, &check_entry(index, e)?);
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
    // Last, the areas' rules: a log that is intact may still record what the areas'
    // procedures forbid.
    let areas = areas.finish()?;
    Ok(AuditReport {
        origin,
        size,
        root,
        previous: state.map(|s| s.size),
        tiles_checked,
        proofs_checked,
        areas,
    })
}

/// Checks one entry's form; returns its JSON object.
fn check_entry(index: u64, bytes: &[u8]) -> Result<Map<String, Value>, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| format!("entry {index} is not UTF-8"))?;
    let value: Value =
        serde_json::from_str(text).map_err(|_| format!("entry {index} is not JSON"))?;
    let mut canonical = String::new();
    write_canonical(&value, &mut canonical);
    if canonical != text {
        return fail(format!("entry {index} is not canonical JSON"));
    }
    match value {
        Value::Object(o) if o.get("kind").and_then(Value::as_str).is_some() => Ok(o),
        _ => fail(format!("entry {index} has no kind")),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts the entries of one kind and refuses a second one with the same `n`.
    struct Unique {
        seen: Vec<i64>,
        at_end: Vec<Finding>,
    }

    impl AreaAuditor for Unique {
        fn area(&self) -> &'static str {
            "roles"
        }
        fn kinds(&self) -> &'static [&'static str] {
            &["role.granted"]
        }
        fn see(&mut self, index: u64, entry: &Map<String, Value>) -> Result<(), Finding> {
            let n = entry.get("n").and_then(Value::as_i64).unwrap_or(0);
            if self.seen.contains(&n) {
                return Err(Finding::at(index, format!("{n} twice")));
            }
            self.seen.push(n);
            Ok(())
        }
        fn finish(self: Box<Self>) -> Vec<Finding> {
            self.at_end
        }
    }

    fn object(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(o) => o,
            _ => unreachable!(),
        }
    }

    fn unique(at_end: Vec<Finding>) -> Vec<Box<dyn AreaAuditor>> {
        vec![Box::new(Unique {
            seen: Vec::new(),
            at_end,
        })]
    }

    #[test]
    fn an_area_auditor_sees_only_its_kinds_in_order_and_its_findings_fail_the_audit() {
        let mut areas = Areas::new(unique(Vec::new())).unwrap();
        areas.see(
            0,
            &object(serde_json::json!({"kind": "role.granted", "n": 1})),
        );
        areas.see(
            1,
            &object(serde_json::json!({"kind": "role.revoked", "n": 1})),
        );
        areas.see(
            2,
            &object(serde_json::json!({"kind": "role.granted", "n": 2})),
        );
        assert_eq!(
            areas.finish(),
            Ok(vec![AreaReplay {
                area: "roles",
                entries: 2
            }])
        );

        let mut areas = Areas::new(unique(vec![Finding {
            index: None,
            what: "something left open".into(),
        }]))
        .unwrap();
        for i in 0..3 {
            areas.see(
                i,
                &object(serde_json::json!({"kind": "role.granted", "n": 7})),
            );
        }
        let why = areas.finish().unwrap_err();
        assert!(why.contains("break an area's rules (3 findings)"), "{why}");
        assert!(why.contains("roles: entry 1: 7 twice"), "{why}");
        assert!(why.contains("roles: entry 2: 7 twice"), "{why}");
        assert!(why.contains("roles: something left open"), "{why}");
    }

    #[test]
    fn an_auditor_of_an_undeclared_kind_is_refused() {
        struct Typo;
        impl AreaAuditor for Typo {
            fn area(&self) -> &'static str {
                "typo"
            }
            fn kinds(&self) -> &'static [&'static str] {
                &["pact.sigend"]
            }
            fn see(&mut self, _: u64, _: &Map<String, Value>) -> Result<(), Finding> {
                Ok(())
            }
            fn finish(self: Box<Self>) -> Vec<Finding> {
                Vec::new()
            }
        }
        let refused = Areas::new(vec![Box::new(Typo)]).err().unwrap_or_default();
        assert!(refused.contains("pact.sigend"), "{refused}");
    }
}
