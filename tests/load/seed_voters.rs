//! Seeds synthetic voters and an open secret vote for the ballot load benchmark
//! (`tests/load/ballots.sh`):
//!
//!     PACTUM_DATA_DIR=... cargo run --release --example seed_voters -- 1000 300
//!
//! The arguments are the number of voters and the seconds until the vote closes. The
//! configuration comes from the same `PACTUM_*` variables as `pactum serve`. Prints
//! `<body slug> <vote id>` on standard output.

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (count, secs) = match (
        args.first().map(|a| a.parse::<usize>()),
        args.get(1).map(|a| a.parse::<i64>()),
    ) {
        (Some(Ok(n)), Some(Ok(s))) if n > 0 && s > 0 => (n, s),
        _ => {
            eprintln!("usage: seed_voters VOTERS SECONDS_UNTIL_CLOSING");
            std::process::exit(2);
        }
    };
    let config = match pactum::config::Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("seed_voters: {e}");
            std::process::exit(2);
        }
    };
    let db = match pactum::db::Db::connect(&config.effective_database_url(), 2) {
        Ok(db) => db,
        Err(e) => {
            eprintln!("seed_voters: {e}");
            std::process::exit(1);
        }
    };
    let t = Instant::now();
    match pactum::demo::voters::seed(
        &db,
        count,
        chrono::Duration::seconds(secs),
        config.hash_cost,
        &|n| eprintln!("  {n} voters"),
    ) {
        Ok(s) => {
            eprintln!(
                "seed_voters: {count} voters in {:.1} s",
                t.elapsed().as_secs_f64()
            );
            println!("{} {}", s.slug, s.vote);
        }
        Err(e) => {
            eprintln!("seed_voters: {e}");
            std::process::exit(1);
        }
    }
}
