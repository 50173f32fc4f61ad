//! Civic ledger benchmarks (criterion): `cargo bench --bench ledger`.
//!
//! - `sha256/1MiB`: this machine's SHA-256 throughput, the limit an audit approaches.
//! - `audit/recompute_1M`: hashing 1,000,000 entries and rebuilding the whole tree, the
//!   core of `pactum ledger audit` (its bytes include the interior nodes' input).
//! - `proof/*_1M`, `proof/*_10M`: inclusion and consistency proofs over stored subtree
//!   hashes; the number of hashes each reads is printed (it grows with log n).
//! - `append/*`: appends to a SQLite database, one per transaction and 100 per
//!   transaction; `proof_db/*`: proofs read from the database at 100,000 entries.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::OnceLock;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use diesel::Connection;
use pactum::ledger::entry::Entry;
use pactum::ledger::hash::leaf_hash;
use pactum::ledger::store;
use pactum::ledger::tree::{self, MemoryTree};
use sha2::{Digest, Sha256};

fn body(i: u64) -> String {
    Entry::new("role.granted")
        .with(
            "user",
            format!("u_{:020x}", i.wrapping_mul(0x9e37_79b9_7f4a_7c15)),
        )
        .with("role", "official")
        .with("by", "u_00112233445566778899")
        .canonical(chrono::DateTime::from_timestamp(1_790_000_000 + i as i64, 0).unwrap())
        .unwrap()
}

fn sha256(c: &mut Criterion) {
    let data = vec![0x5au8; 1 << 20];
    let mut g = c.benchmark_group("sha256");
    g.throughput(Throughput::Bytes(data.len() as u64));
    g.bench_function("1MiB", |b| b.iter(|| Sha256::digest(&data)));
    g.finish();
}

/// Built on first use, so listing the benchmarks (as test runners do) stays instant.
fn lazy<T>(cell: &'static OnceLock<T>, make: impl FnOnce() -> T) -> &'static T {
    cell.get_or_init(make)
}

static BODIES: OnceLock<Vec<String>> = OnceLock::new();
static TREES: OnceLock<Vec<MemoryTree>> = OnceLock::new();

fn audit(c: &mut Criterion) {
    let n = 1_000_000u64;
    // Bytes SHA-256 reads: each leaf (1 + body, every body is the same length) and each
    // interior node (1 + 64), n - 1 of them.
    let hashed = n * (body(0).len() as u64 + 1) + (n - 1) * 65;
    let mut g = c.benchmark_group("audit");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.throughput(Throughput::Bytes(hashed));
    g.bench_function("recompute_1M", |b| {
        let bodies = lazy(&BODIES, || (0..n).map(body).collect());
        b.iter(|| {
            let t = MemoryTree::from_leaf_hashes(bodies.iter().map(|e| leaf_hash(e.as_bytes())));
            tree::root(&t, n).unwrap()
        })
    });
    g.finish();
}

fn proofs(c: &mut Criterion) {
    let mut g = c.benchmark_group("proof");
    for (k, n) in [1_000_000u64, 10_000_000].into_iter().enumerate() {
        let trees = || {
            lazy(&TREES, || {
                [1_000_000u64, 10_000_000]
                    .iter()
                    .map(|&n| {
                        MemoryTree::from_leaf_hashes((0..n).map(|i| leaf_hash(&i.to_be_bytes())))
                    })
                    .collect()
            })
        };
        let label = format!("{}M", n / 1_000_000);
        let reads = tree::plan(|p| {
            let _ = tree::inclusion_proof(p, n / 3, n);
        })
        .len();
        let creads = tree::plan(|p| {
            let _ = tree::consistency_proof(p, n / 3, n);
        })
        .len();
        eprintln!("proof at {label}: inclusion reads {reads} stored hashes, consistency {creads}");
        let mut i = 0u64;
        g.bench_function(BenchmarkId::new("inclusion", &label), |b| {
            let t = &trees()[k];
            b.iter(|| {
                i = (i + 7_919) % n;
                tree::inclusion_proof(t, i, n).unwrap().unwrap()
            })
        });
        g.bench_function(BenchmarkId::new("consistency", &label), |b| {
            let t = &trees()[k];
            b.iter(|| {
                i = (i + 7_919) % (n - 1) + 1;
                tree::consistency_proof(t, i, n).unwrap().unwrap()
            })
        });
    }
    g.finish();
}

fn database() -> (tempfile::TempDir, pactum::db::Db) {
    let dir = tempfile::tempdir().unwrap();
    let db = pactum::db::Db::connect(
        &pactum::db::DatabaseUrl::Sqlite(dir.path().join("bench.db")),
        2,
    )
    .unwrap();
    db.migrate().unwrap();
    (dir, db)
}

fn appends(c: &mut Criterion) {
    let (_dir, db) = database();
    let mut conn = db.get().unwrap();
    let mut g = c.benchmark_group("append");
    g.sample_size(20);
    let entry = Entry::new("role.granted")
        .with("user", "u_00112233445566778899")
        .with("role", "official")
        .with("by", "system");
    g.throughput(Throughput::Elements(1));
    g.bench_function("single_sqlite", |b| {
        b.iter(|| conn.transaction(|c| store::append(c, &entry)).unwrap())
    });
    g.throughput(Throughput::Elements(100));
    g.bench_function("batch100_sqlite", |b| {
        b.iter(|| {
            conn.transaction(|c| {
                for _ in 0..100 {
                    store::append(c, &entry)?;
                }
                Ok::<_, pactum::error::AppError>(())
            })
            .unwrap()
        })
    });
    g.finish();
}

static LEDGER_100K: OnceLock<(tempfile::TempDir, pactum::db::Db)> = OnceLock::new();
const DB_ENTRIES: u64 = 100_000;

fn ledger_100k() -> &'static pactum::db::Db {
    &lazy(&LEDGER_100K, || {
        let (dir, db) = database();
        let mut conn = db.get().unwrap();
        let entry = Entry::new("test.event").with("ref", "h0");
        for _ in 0..(DB_ENTRIES / 1000) {
            conn.transaction(|c| {
                for _ in 0..1000 {
                    store::append(c, &entry)?;
                }
                Ok::<_, pactum::error::AppError>(())
            })
            .unwrap();
        }
        (dir, db)
    })
    .1
}

fn db_proofs(c: &mut Criterion) {
    let n = DB_ENTRIES;
    let mut g = c.benchmark_group("proof_db");
    let mut i = 0u64;
    g.bench_function("inclusion_100k_sqlite", |b| {
        let mut conn = ledger_100k().get().unwrap();
        b.iter(|| {
            i = (i + 7_919) % n;
            store::inclusion_proof(&mut conn, i, n).unwrap().unwrap()
        })
    });
    g.bench_function("consistency_100k_sqlite", |b| {
        let mut conn = ledger_100k().get().unwrap();
        b.iter(|| {
            i = (i + 7_919) % (n - 1) + 1;
            store::consistency_proof(&mut conn, i, n).unwrap().unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, sha256, audit, proofs, appends, db_proofs);
criterion_main!(benches);
