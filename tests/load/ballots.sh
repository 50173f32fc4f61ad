#!/usr/bin/env bash
# Ballot load benchmark of a release build, on this machine only (127.0.0.1): VOTERS
# members of one assembly cast their ranked ballots into one secret vote at the same
# moment; after the vote closes, the script checks that none was lost or counted twice.
#
#   tests/load/ballots.sh                      # SQLite in a fresh temp data dir
#   PACTUM_BENCH_DATABASE_URL=postgres://user@127.0.0.1/pactum_bench tests/load/ballots.sh
#   VOTERS=200 CLOSES_IN=120 tests/load/ballots.sh
#
# PACTUM_BENCH_DATABASE_URL must name an EMPTY database dedicated to the benchmark.
# Optional: VOTERS (1000; up to 1000 post at once), CLOSES_IN (seconds from seeding to
# the vote's closing, 300: signing in every voter must fit before it), BENCH_PORT
# (18090), BENCH_LOG (the server's PACTUM_LOG filter, default warn).
#
# How: tests/load/seed_voters.rs (a cargo example) makes the voters, the assembly and
# the vote through the real use-cases; tests/load/ballots.py signs every voter in (each
# from its own forwarded address, as behind a reverse proxy, so the per-address
# sign-in limit counts per voter), reads each ballot form, then posts all ballots
# behind one barrier and reports throughput and latency. After the closing job has
# counted the vote, it checks that the published hash list, the published BLT file,
# the vote's open data and the tracker check each account for exactly one ballot per
# voter.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."

say() { printf '%s\n' "$*" >&2; }
die() { say "load/ballots.sh: $*"; exit 1; }

voters="${VOTERS:-1000}"
[[ $voters =~ ^[0-9]+$ ]] && ((voters > 0)) || die "VOTERS must be a positive whole number"
closes_in="${CLOSES_IN:-300}"
[[ $closes_in =~ ^[0-9]+$ ]] && ((closes_in > 0)) || die "CLOSES_IN must be a positive whole number of seconds"
port="${BENCH_PORT:-18090}"
host=127.0.0.1
base="http://$host:$port"
bench_db="${PACTUM_BENCH_DATABASE_URL:-}"

while IFS= read -r var; do
  unset "$var"
done < <(compgen -e | grep '^PACTUM_' || true)

command -v curl >/dev/null || die "curl is required"
command -v python3 >/dev/null || die "python3 is required"
if command -v ss >/dev/null && [[ -n $(ss -Hltn "sport = :$port" 2>/dev/null) ]]; then
  die "port $port is already in use (set BENCH_PORT)"
fi

say "== cargo build --release (pactum, seed_voters) =="
cargo build --release --bin pactum --example seed_voters
bin="${CARGO_TARGET_DIR:-target}/release/pactum"
seeder="${CARGO_TARGET_DIR:-target}/release/examples/seed_voters"

# shellcheck source=tests/load/server.sh
source tests/load/server.sh

pactum_env=(
  "PACTUM_DATA_DIR=$data_dir"
  "PACTUM_BIND=$host:$port"
  "PACTUM_BASE_URL=$base"
  "PACTUM_TRUST_PROXY_HEADERS=true"
)
if [[ -n $bench_db ]]; then
  pactum_env+=("PACTUM_DATABASE_URL=$bench_db")
  backend="PostgreSQL"
else
  backend="SQLite"
fi

start_server

say "== Seeding $voters voters and an open secret vote closing in $closes_in s =="
read -r slug vote < <(env "${pactum_env[@]}" "$seeder" "$voters" "$closes_in") \
  || die "seeding the voters failed"
[[ -n ${vote:-} ]] || die "the seeder named no vote"
password=load-voter-password

say "== Casting =="
cast_json=$(python3 tests/load/ballots.py "$base" "$slug" "$vote" "$voters" "$password" \
  "$data_dir/trackers.txt") || {
  tail -n 40 "$data_dir/server.log" >&2 || true
  die "casting failed"
}
say "== Waiting for the closing job, then checking every ballot =="
verify_json=$(python3 tests/load/ballots.py verify "$base" "$slug" "$vote" "$voters" \
  "$data_dir/trackers.txt" "$((closes_in + 180))") || {
  tail -n 40 "$data_dir/server.log" >&2 || true
  die "verification failed"
}

cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
printf '\n== Summary ==\n'
printf 'date:      %s\n' "$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
printf 'machine:   %s CPUs, %s\n' "$(nproc)" "${cpu:-$(uname -m)}"
printf 'build:     release, %s\n' "$(git rev-parse --short HEAD 2>/dev/null || echo 'no commit')"
printf 'database:  %s\n' "$backend"
printf 'casting:   %s\n' "$cast_json"
printf 'after:     %s\n' "$verify_json"
