//! Seeds synthetic collaboration pacts into a Pactum database that holds the demo city,
//! for the load benchmark (`PACTS=N tests/load/run.sh`):
//!
//!     PACTUM_DATA_DIR=... cargo run --release --example seed_pacts -- 5000
//!
//! The configuration comes from the same `PACTUM_*` variables as `pactum serve`. Each
//! pact is one of the demo pacts again, walked through the real use-cases to its state
//! (reviews, versions, signatures with their ledger entries, reports), in its own
//! transaction.

use std::time::Instant;

fn main() {
    let count: usize = match std::env::args().nth(1).map(|a| a.parse()) {
        Some(Ok(n)) => n,
        _ => {
            eprintln!("usage: seed_pacts COUNT");
            std::process::exit(2);
        }
    };
    let config = match pactum::config::Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("seed_pacts: {e}");
            std::process::exit(2);
        }
    };
    let db = match pactum::db::Db::connect(&config.effective_database_url(), 2) {
        Ok(db) => db,
        Err(e) => {
            eprintln!("seed_pacts: {e}");
            std::process::exit(1);
        }
    };
    let t = Instant::now();
    match pactum::demo::pacts::seed_synthetic(&db, count, &|n| eprintln!("  {n} pacts")) {
        Ok(n) => eprintln!(
            "seed_pacts: {n} pacts in {:.1} s",
            t.elapsed().as_secs_f64()
        ),
        Err(e) => {
            eprintln!("seed_pacts: {e}");
            std::process::exit(1);
        }
    }
}
