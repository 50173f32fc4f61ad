//! Vote-counting benchmarks (criterion): `cargo bench --bench voting`.
//!
//! 1,000,000 ranked ballots over 10 options, one ballot per entry (as the app reads
//! them from the database), counted by `voting::tally` with Schulze and with IRV. Two
//! deterministic electorates:
//!
//! - `factions`: each voter follows one of six factions' orders with a few random
//!   swaps and stops after 3 to 10 preferences (many identical ballots, as in a real
//!   vote);
//! - `random`: uniformly random orders cut at a random length (almost every ballot
//!   distinct: the worst case for grouping).
//!
//! The target (issue 13) is under a second for each on the project's 2-core machine.
//! Measured there (2026-12-04, `--quick`, other builds running): Schulze 27.5 ms and
//! IRV 26.3 ms on `factions` (1,470 distinct rankings); Schulze 126 ms and IRV 125 ms
//! on `random` (495,106 distinct rankings). Grouping the ballots is most of it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use pactum::voting::{Input, Method, Ranked, RankedElection, TallyOptions, tally};

const OPTIONS: usize = 10;
const BALLOTS: usize = 1_000_000;

/// A 64-bit linear congruential generator: the same ballots on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % below as u64) as usize
    }
}

fn election(factions: bool) -> RankedElection {
    let mut rng = Lcg(if factions { 13 } else { 31 });
    let bases: Vec<Vec<usize>> = (0..6)
        .map(|f| (0..OPTIONS).map(|i| (i * 7 + f * 3) % OPTIONS).collect())
        .collect();
    let ballots = (0..BALLOTS)
        .map(|_| {
            let mut order: Vec<usize>;
            let len;
            if factions {
                order = bases[rng.next(bases.len())].clone();
                for _ in 0..2 {
                    let i = rng.next(OPTIONS - 1);
                    order.swap(i, i + 1);
                }
                len = 3 + rng.next(OPTIONS - 2);
            } else {
                order = (0..OPTIONS).collect();
                for i in (1..OPTIONS).rev() {
                    order.swap(i, rng.next(i + 1));
                }
                len = 1 + rng.next(OPTIONS);
            }
            order.truncate(len);
            Ranked {
                weight: 1,
                prefs: order,
            }
        })
        .collect();
    RankedElection {
        title: "benchmark".into(),
        candidates: (0..OPTIONS).map(|i| format!("Option {i}")).collect(),
        seats: 1,
        withdrawn: vec![],
        ballots,
    }
}

fn ranked(c: &mut Criterion) {
    let mut g = c.benchmark_group("tally_1M_ranked_10_options");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    for (name, factions) in [("factions", true), ("random", false)] {
        let input = Input::Ranked(election(factions));
        for method in [Method::Schulze, Method::Irv] {
            let options = TallyOptions::new(method);
            let out = tally(&input, &options).unwrap();
            println!(
                "{name}/{}: winners {:?}, {} distinct rankings",
                method.name(),
                out.winners,
                match &input {
                    Input::Ranked(e) => pactum::voting::rules::group_ballots(e)
                        .unwrap()
                        .groups
                        .len(),
                    Input::Ballots(_) => 0,
                }
            );
            g.bench_function(format!("{}/{name}", method.name()), |b| {
                b.iter(|| tally(&input, &options).unwrap())
            });
        }
    }
    g.finish();
}

criterion_group!(benches, ranked);
criterion_main!(benches);
