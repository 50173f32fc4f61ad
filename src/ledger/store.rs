//! Ledger storage: [`append`] inside the caller's transaction, the stored subtree
//! hashes, entries, and signed checkpoints.
//!
//! Rules: an entry and the hashes it completes are written in the same transaction as
//! the domain change that caused it, after locking the head row, so appends from
//! several instances serialise and a crash leaves either all of it or none. Entries
//! are never updated or deleted.

use chrono::{NaiveDateTime, Utc};
use diesel::prelude::*;

use super::entry::{Entry, EntryError};
use super::hash::{Hash, leaf_hash, node_hash};
use super::tree::{self, Prefetched, ProofRequestError};
use crate::db::schema::{ledger_checkpoints, ledger_entries, ledger_hashes, ledger_head};
use crate::db::{AnyConnection, lock_ledger_head};
use crate::error::AppError;

impl From<EntryError> for AppError {
    fn from(e: EntryError) -> Self {
        AppError::Internal(format!("refused ledger entry: {e}"))
    }
}

fn to_hash(bytes: &[u8]) -> Result<Hash, AppError> {
    super::hash::from_slice(bytes)
        .ok_or_else(|| AppError::internal("a stored ledger hash is not 32 bytes"))
}

/// Appends an entry; returns its index. Call inside the transaction of the change it
/// records.
pub fn append(conn: &mut AnyConnection, entry: &Entry) -> Result<u64, AppError> {
    // Outside a transaction the entry, its hashes and the head would each commit
    // alone: a crash or a backup in between would see an entry the head does not count.
    if !crate::db::in_transaction(conn) {
        return Err(AppError::internal(
            "ledger: an entry is appended only inside the transaction of the change it records",
        ));
    }
    let now = Utc::now();
    let body = entry.canonical(now)?;
    let index = lock_ledger_head(conn)?;
    let leaf = leaf_hash(body.as_bytes());
    let created_at: NaiveDateTime = now.naive_utc();
    diesel::insert_into(ledger_entries::table)
        .values((
            ledger_entries::idx.eq(index),
            ledger_entries::kind.eq(&entry.kind),
            ledger_entries::body.eq(&body),
            ledger_entries::leaf_hash.eq(leaf.to_vec()),
            ledger_entries::created_at.eq(created_at),
        ))
        .execute(conn)?;
    // The subtrees this leaf completes: their left halves are already stored.
    let index_u = index as u64;
    let completed: Vec<(u8, u64)> = tree::completed_by(index_u).collect();
    let lefts: Vec<(u8, u64)> = completed
        .iter()
        .skip(1)
        .map(|&(l, i)| (l - 1, 2 * i))
        .collect();
    let known = fetch(conn, &lefts)?;
    let mut h = leaf;
    for &(l, i) in &completed {
        if l > 0 {
            let left = known
                .0
                .get(&(l - 1, 2 * i))
                .ok_or_else(|| AppError::internal("ledger: a left subtree hash is missing"))?;
            h = node_hash(left, &h);
        }
        // One row at a time: batch inserts do not go through the two-backend connection.
        diesel::insert_into(ledger_hashes::table)
            .values((
                ledger_hashes::level.eq(i64::from(l)),
                ledger_hashes::idx.eq(i as i64),
                ledger_hashes::hash.eq(h.to_vec()),
            ))
            .execute(conn)?;
    }
    diesel::update(ledger_head::table.filter(ledger_head::id.eq(1)))
        .set(ledger_head::size.eq(index + 1))
        .execute(conn)?;
    Ok(index_u)
}

/// The number of entries.
pub fn size(conn: &mut AnyConnection) -> Result<u64, AppError> {
    let s: i64 = ledger_head::table
        .filter(ledger_head::id.eq(1))
        .select(ledger_head::size)
        .first(conn)?;
    Ok(s as u64)
}

/// Fetches stored hashes by (level, index), one query per level.
pub fn fetch(conn: &mut AnyConnection, wanted: &[(u8, u64)]) -> Result<Prefetched, AppError> {
    let mut by_level: std::collections::BTreeMap<u8, Vec<i64>> = Default::default();
    for &(l, i) in wanted {
        by_level.entry(l).or_default().push(i as i64);
    }
    let mut out = Prefetched::default();
    for (level, idxs) in by_level {
        for chunk in idxs.chunks(500) {
            let rows: Vec<(i64, Vec<u8>)> = ledger_hashes::table
                .filter(ledger_hashes::level.eq(i64::from(level)))
                .filter(ledger_hashes::idx.eq_any(chunk))
                .select((ledger_hashes::idx, ledger_hashes::hash))
                .load(conn)?;
            for (i, h) in rows {
                out.0.insert((level, i as u64), to_hash(&h)?);
            }
        }
    }
    Ok(out)
}

fn prefetch_for(
    conn: &mut AnyConnection,
    f: impl FnOnce(&tree::Planner),
) -> Result<Prefetched, AppError> {
    let wanted = tree::plan(f);
    fetch(conn, &wanted)
}

fn missing(e: tree::MissingHash) -> AppError {
    AppError::Internal(format!("ledger: {e}"))
}

/// The root of the first `size` entries (size must not exceed the head).
pub fn root_at(conn: &mut AnyConnection, size: u64) -> Result<Hash, AppError> {
    let pre = prefetch_for(conn, |p| {
        let _ = tree::root(p, size);
    })?;
    tree::root(&pre, size).map_err(missing)
}

pub fn inclusion_proof(
    conn: &mut AnyConnection,
    index: u64,
    size: u64,
) -> Result<Result<Vec<Hash>, ProofRequestError>, AppError> {
    let pre = prefetch_for(conn, |p| {
        let _ = tree::inclusion_proof(p, index, size);
    })?;
    tree::inclusion_proof(&pre, index, size).map_err(missing)
}

pub fn consistency_proof(
    conn: &mut AnyConnection,
    size1: u64,
    size2: u64,
) -> Result<Result<Vec<Hash>, ProofRequestError>, AppError> {
    let pre = prefetch_for(conn, |p| {
        let _ = tree::consistency_proof(p, size1, size2);
    })?;
    tree::consistency_proof(&pre, size1, size2).map_err(missing)
}

/// An entry as stored.
#[derive(Debug, Clone)]
pub struct StoredEntry {
    pub index: u64,
    pub kind: String,
    pub body: String,
    pub leaf_hash: Hash,
    pub created_at: NaiveDateTime,
}

type EntryRow = (i64, String, String, Vec<u8>, NaiveDateTime);

fn stored(row: EntryRow) -> Result<StoredEntry, AppError> {
    Ok(StoredEntry {
        index: row.0 as u64,
        kind: row.1,
        body: row.2,
        leaf_hash: to_hash(&row.3)?,
        created_at: row.4,
    })
}

const ENTRY_COLUMNS: (
    ledger_entries::idx,
    ledger_entries::kind,
    ledger_entries::body,
    ledger_entries::leaf_hash,
    ledger_entries::created_at,
) = (
    ledger_entries::idx,
    ledger_entries::kind,
    ledger_entries::body,
    ledger_entries::leaf_hash,
    ledger_entries::created_at,
);

pub fn entry(conn: &mut AnyConnection, index: u64) -> Result<Option<StoredEntry>, AppError> {
    let row: Option<EntryRow> = ledger_entries::table
        .find(index as i64)
        .select(ENTRY_COLUMNS)
        .first(conn)
        .optional()?;
    row.map(stored).transpose()
}

pub fn entry_by_leaf_hash(
    conn: &mut AnyConnection,
    leaf: &Hash,
) -> Result<Option<StoredEntry>, AppError> {
    let row: Option<EntryRow> = ledger_entries::table
        .filter(ledger_entries::leaf_hash.eq(leaf.to_vec()))
        .order(ledger_entries::idx.asc())
        .select(ENTRY_COLUMNS)
        .first(conn)
        .optional()?;
    row.map(stored).transpose()
}

/// Entries `from..to` in order.
pub fn entries(conn: &mut AnyConnection, from: u64, to: u64) -> Result<Vec<StoredEntry>, AppError> {
    let rows: Vec<EntryRow> = ledger_entries::table
        .filter(ledger_entries::idx.ge(from as i64))
        .filter(ledger_entries::idx.lt(to as i64))
        .order(ledger_entries::idx.asc())
        .select(ENTRY_COLUMNS)
        .load(conn)?;
    rows.into_iter().map(stored).collect()
}

/// The newest entries, newest first.
pub fn newest(conn: &mut AnyConnection, limit: i64) -> Result<Vec<StoredEntry>, AppError> {
    let rows: Vec<EntryRow> = ledger_entries::table
        .order(ledger_entries::idx.desc())
        .limit(limit)
        .select(ENTRY_COLUMNS)
        .load(conn)?;
    rows.into_iter().map(stored).collect()
}

/// When the latest entry was appended (none for an empty log).
pub fn last_appended(conn: &mut AnyConnection) -> Result<Option<NaiveDateTime>, AppError> {
    Ok(ledger_entries::table
        .select(diesel::dsl::max(ledger_entries::created_at))
        .first(conn)?)
}

/// The newest entries before the index `before` (all of them when none), newest
/// first, at most `limit` (one query).
pub fn newest_before(
    conn: &mut AnyConnection,
    before: Option<u64>,
    limit: i64,
) -> Result<Vec<StoredEntry>, AppError> {
    let mut q = ledger_entries::table
        .order(ledger_entries::idx.desc())
        .limit(limit)
        .select(ENTRY_COLUMNS)
        .into_boxed();
    if let Some(b) = before {
        q = q.filter(ledger_entries::idx.lt(i64::try_from(b).unwrap_or(i64::MAX)));
    }
    let rows: Vec<EntryRow> = q.load(conn)?;
    rows.into_iter().map(stored).collect()
}

/// Stored hashes at `level`, indexes `from..to`, in order (for tiles).
pub fn hashes(
    conn: &mut AnyConnection,
    level: u8,
    from: u64,
    to: u64,
) -> Result<Vec<Hash>, AppError> {
    let rows: Vec<Vec<u8>> = ledger_hashes::table
        .filter(ledger_hashes::level.eq(i64::from(level)))
        .filter(ledger_hashes::idx.ge(from as i64))
        .filter(ledger_hashes::idx.lt(to as i64))
        .order(ledger_hashes::idx.asc())
        .select(ledger_hashes::hash)
        .load(conn)?;
    rows.iter().map(|h| to_hash(h)).collect()
}

/// A signed checkpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub size: u64,
    pub root: Hash,
    pub note: String,
}

/// The size of the latest signed checkpoint and when it was signed (for `/metrics`).
pub fn latest_checkpoint_signed(
    conn: &mut AnyConnection,
) -> Result<Option<(u64, NaiveDateTime)>, AppError> {
    let row: Option<(i64, NaiveDateTime)> = ledger_checkpoints::table
        .order(ledger_checkpoints::size.desc())
        .select((ledger_checkpoints::size, ledger_checkpoints::created_at))
        .first(conn)
        .optional()?;
    Ok(row.map(|(s, at)| (u64::try_from(s).unwrap_or(0), at)))
}

pub fn latest_checkpoint(conn: &mut AnyConnection) -> Result<Option<Checkpoint>, AppError> {
    let row: Option<(i64, Vec<u8>, String)> = ledger_checkpoints::table
        .order(ledger_checkpoints::size.desc())
        .select((
            ledger_checkpoints::size,
            ledger_checkpoints::root,
            ledger_checkpoints::note,
        ))
        .first(conn)
        .optional()?;
    row.map(|(s, r, n)| {
        Ok(Checkpoint {
            size: s as u64,
            root: to_hash(&r)?,
            note: n,
        })
    })
    .transpose()
}

/// Records a checkpoint; a concurrent instance that signed the same size first wins.
pub fn save_checkpoint(conn: &mut AnyConnection, c: &Checkpoint) -> Result<bool, AppError> {
    let r = diesel::insert_into(ledger_checkpoints::table)
        .values((
            ledger_checkpoints::size.eq(c.size as i64),
            ledger_checkpoints::root.eq(c.root.to_vec()),
            ledger_checkpoints::note.eq(&c.note),
            ledger_checkpoints::created_at.eq(Utc::now().naive_utc()),
        ))
        .execute(conn);
    match r {
        Ok(_) => Ok(true),
        Err(e) if crate::db::is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e.into()),
    }
}
