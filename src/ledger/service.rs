//! What the ledger's public endpoints serve, read within the latest signed checkpoint.

use super::hash::{Hash, to_base64};
use super::store::{self, Checkpoint, StoredEntry};
use super::tiles::{self, Tile, TileKind};
use crate::error::AppError;
use crate::ports::Ports;

/// A request the ledger cannot answer as asked (a 400 with a JSON message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRequest(pub String);

fn bad(msg: impl Into<String>) -> BadRequest {
    BadRequest(msg.into())
}

fn number(name: &str, raw: Option<&str>) -> Result<u64, BadRequest> {
    let raw = raw.ok_or_else(|| bad(format!("{name} is required")))?;
    raw.parse::<u64>()
        .map_err(|_| bad(format!("{name} must be a whole number, not {raw:?}")))
}

fn two_numbers(a: (&str, Option<&str>), b: (&str, Option<&str>)) -> Result<(u64, u64), BadRequest> {
    Ok((number(a.0, a.1)?, number(b.0, b.1)?))
}

pub async fn latest_checkpoint(state: &Ports) -> Result<Option<Checkpoint>, AppError> {
    state.db.run(store::latest_checkpoint).await
}

async fn checkpoint_size(state: &Ports) -> Result<u64, AppError> {
    Ok(latest_checkpoint(state).await?.map_or(0, |c| c.size))
}

/// A tile's bytes, if the latest checkpoint covers it.
pub async fn tile(state: &Ports, path: &str) -> Result<Option<(Tile, Vec<u8>)>, AppError> {
    let Some(tile) = Tile::parse(path) else {
        return Ok(None);
    };
    let size = checkpoint_size(state).await?;
    if !tile.within(size) {
        return Ok(None);
    }
    let (level, from, to) = tile.range();
    let bytes = state
        .db
        .run(move |conn| {
            Ok(match tile.kind {
                TileKind::Hashes { .. } => store::hashes(conn, level, from, to)?.concat(),
                TileKind::Entries => {
                    let entries = store::entries(conn, from, to)?;
                    tiles::bundle(entries.iter().map(|e| e.body.as_bytes()))
                }
            })
        })
        .await?;
    let expected = match tile.kind {
        TileKind::Hashes { .. } => (to - from) as usize * 32,
        TileKind::Entries => 0,
    };
    if expected > 0 && bytes.len() != expected {
        return Err(AppError::internal(format!(
            "ledger tile {path} is incomplete"
        )));
    }
    Ok(Some((tile, bytes)))
}

pub async fn entry(state: &Ports, index: u64) -> Result<Option<StoredEntry>, AppError> {
    state.db.run(move |conn| store::entry(conn, index)).await
}

/// An inclusion proof in the transparency-dev JSON shape.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InclusionProof {
    pub leaf_idx: u64,
    pub tree_size: u64,
    pub root: String,
    pub leaf_hash: String,
    pub proof: Vec<String>,
}

/// A consistency proof in the transparency-dev JSON shape.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ConsistencyProof {
    pub size1: u64,
    pub size2: u64,
    pub root1: String,
    pub root2: String,
    pub proof: Vec<String>,
}

fn b64_all(hs: &[Hash]) -> Vec<String> {
    hs.iter().map(to_base64).collect()
}

pub async fn inclusion(
    state: &Ports,
    index: Option<&str>,
    size: Option<&str>,
) -> Result<Result<InclusionProof, BadRequest>, AppError> {
    let (index, size) = match two_numbers(("index", index), ("size", size)) {
        Ok(v) => v,
        Err(e) => return Ok(Err(e)),
    };
    let signed = checkpoint_size(state).await?;
    if size > signed {
        return Ok(Err(bad(format!(
            "size {size} is beyond the latest checkpoint ({signed})"
        ))));
    }
    if index >= size {
        return Ok(Err(bad(format!("index {index} must be below size {size}"))));
    }
    state
        .db
        .run(move |conn| {
            let root = store::root_at(conn, size)?;
            let proof = store::inclusion_proof(conn, index, size)?
                .map_err(|e| AppError::internal(e.to_string()))?;
            let leaf = store::hashes(conn, 0, index, index + 1)?;
            let leaf = leaf.first().ok_or(AppError::NotFound)?;
            Ok(Ok(InclusionProof {
                leaf_idx: index,
                tree_size: size,
                root: to_base64(&root),
                leaf_hash: to_base64(leaf),
                proof: b64_all(&proof),
            }))
        })
        .await
}

pub async fn consistency(
    state: &Ports,
    size1: Option<&str>,
    size2: Option<&str>,
) -> Result<Result<ConsistencyProof, BadRequest>, AppError> {
    let (size1, size2) = match two_numbers(("size1", size1), ("size2", size2)) {
        Ok(v) => v,
        Err(e) => return Ok(Err(e)),
    };
    let signed = checkpoint_size(state).await?;
    if size2 > signed {
        return Ok(Err(bad(format!(
            "size2 {size2} is beyond the latest checkpoint ({signed})"
        ))));
    }
    if size1 > size2 {
        return Ok(Err(bad(format!(
            "size1 {size1} must not exceed size2 {size2}"
        ))));
    }
    state
        .db
        .run(move |conn| {
            let root1 = store::root_at(conn, size1)?;
            let root2 = store::root_at(conn, size2)?;
            let proof = store::consistency_proof(conn, size1, size2)?
                .map_err(|e| AppError::internal(e.to_string()))?;
            Ok(Ok(ConsistencyProof {
                size1,
                size2,
                root1: to_base64(&root1),
                root2: to_base64(&root2),
                proof: b64_all(&proof),
            }))
        })
        .await
}

/// What the explorer page shows.
pub struct Explorer {
    pub checkpoint: Option<Checkpoint>,
    pub newest: Vec<StoredEntry>,
    /// The result of a search, if one was asked: `Some(None)` means nothing found.
    pub found: Option<Option<StoredEntry>>,
}

/// Reads a search: an entry index, or a leaf hash in hex or base64.
pub fn parse_search(q: &str) -> Option<Result<u64, Hash>> {
    let q = q.trim();
    if let Ok(i) = q.parse::<u64>() {
        return Some(Ok(i));
    }
    if let Some(bytes) = crate::util::hex_decode(&q.to_ascii_lowercase())
        && let Some(h) = super::hash::from_slice(&bytes)
    {
        return Some(Err(h));
    }
    super::hash::from_base64(q).map(Err)
}

pub async fn explorer(state: &Ports, q: Option<String>) -> Result<Explorer, AppError> {
    state
        .db
        .run(move |conn| {
            let checkpoint = store::latest_checkpoint(conn)?;
            let newest = store::newest(conn, 20)?;
            let found = match q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
                None => None,
                Some(q) => Some(match parse_search(q) {
                    Some(Ok(i)) => store::entry(conn, i)?,
                    Some(Err(h)) => store::entry_by_leaf_hash(conn, &h)?,
                    None => None,
                }),
            };
            Ok(Explorer {
                checkpoint,
                newest,
                found,
            })
        })
        .await
}

/// The explorer's list as open data: what the page lists (the newest entries, or the
/// one a search `q` finds: an index or a leaf hash), a page at a time, and the size
/// of the latest signed checkpoint.
pub struct EntriesPage {
    pub entries: Vec<StoredEntry>,
    /// The cursor of the next (older) page: the last index listed, when older ones
    /// remain.
    pub next: Option<u64>,
    pub signed_size: u64,
}

/// One page of entries, newest first: before the index `before`, at most `limit`; or
/// the entry a search `q` names (none when it names nothing).
pub async fn entries_page(
    state: &Ports,
    q: Option<String>,
    before: Option<u64>,
    limit: i64,
) -> Result<EntriesPage, AppError> {
    state
        .db
        .run(move |conn| {
            let signed_size = store::latest_checkpoint(conn)?.map_or(0, |c| c.size);
            if let Some(q) = q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
                let found = match parse_search(q) {
                    Some(Ok(i)) => store::entry(conn, i)?,
                    Some(Err(h)) => store::entry_by_leaf_hash(conn, &h)?,
                    None => None,
                };
                return Ok(EntriesPage {
                    entries: found.into_iter().collect(),
                    next: None,
                    signed_size,
                });
            }
            let mut entries = store::newest_before(conn, before, limit + 1)?;
            let more = entries.len() as i64 > limit;
            entries.truncate(usize::try_from(limit).unwrap_or(0));
            let next = if more {
                entries.last().map(|e| e.index)
            } else {
                None
            };
            Ok(EntriesPage {
                entries,
                next,
                signed_size,
            })
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn searches_are_indexes_or_hashes() {
        assert_eq!(parse_search(" 42 "), Some(Ok(42)));
        let h = [0xabu8; 32];
        assert_eq!(parse_search(&crate::util::hex_encode(&h)), Some(Err(h)));
        assert_eq!(
            parse_search(&crate::util::hex_encode(&h).to_uppercase()),
            Some(Err(h))
        );
        assert_eq!(parse_search(&to_base64(&h)), Some(Err(h)));
        assert_eq!(parse_search("pact 12"), None);
    }
}
