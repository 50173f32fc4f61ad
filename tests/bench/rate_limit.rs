//! Rate limiter benchmarks (criterion): `cargo bench --bench rate_limit`.
//!
//! - `rate_limit/same_key`: one client hitting its own window.
//! - `rate_limit/flood_full_map`: distinct keys arriving while the map is at its cap
//!   (every hit evicts a single-attempt window): the cost must not grow with the map.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use pactum::web::rate_limit::{Limit, MAX_KEYS, MemoryLimiter};

fn bench(c: &mut Criterion) {
    let limit = Limit::new(u32::MAX, 3600);
    let mut group = c.benchmark_group("rate_limit");

    let rl = MemoryLimiter::new();
    let t0 = Instant::now();
    group.bench_function("same_key", |b| {
        b.iter(|| rl.hit_at("signin-ip:203.0.113.7", limit, t0))
    });

    let rl = MemoryLimiter::new();
    for i in 0..MAX_KEYS {
        rl.hit_at(&format!("signin-ip:2001:db8::{i:x}"), limit, t0)
            .unwrap();
    }
    assert_eq!(rl.len(), MAX_KEYS);
    let mut i = MAX_KEYS as u64;
    group.bench_function("flood_full_map", |b| {
        b.iter(|| {
            i += 1;
            let now = t0 + Duration::from_nanos(i);
            rl.hit_at(&format!("signin-ip:2001:db8::{i:x}"), limit, now)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
