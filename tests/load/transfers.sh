#!/usr/bin/env bash
# Token transfer load benchmark of a release build, on this machine only (127.0.0.1):
# HOLDERS people of one transferable programme each send PER_HOLDER transfers to random
# others at the same moment (1,000 for the defaults), a share of them sent twice with
# the same idempotency key; afterwards the script checks that no token was made, lost
# or moved twice.
#
#   tests/load/transfers.sh                    # SQLite in a fresh temp data dir
#   PACTUM_BENCH_DATABASE_URL=postgres://user:pass@127.0.0.1/pactum_bench_transfers tests/load/transfers.sh
#   HOLDERS=50 PER_HOLDER=20 tests/load/transfers.sh
#
# PACTUM_BENCH_DATABASE_URL must name an EMPTY database dedicated to the benchmark.
# Optional: HOLDERS (100), PER_HOLDER (10), MAX_AMOUNT (60, the largest transfer),
# RESEND_PERCENT (5), MAX_INFLIGHT (1000 requests at once), BENCH_SEED (2026, the
# plan's random seed), BENCH_PORT (18091), BENCH_LOG (the server's PACTUM_LOG filter,
# default warn).
#
# How: tests/load/seed_holders.rs (a cargo example) makes the programme, its PV01
# methodology, a verifier and the holders through the real use-cases, each holder with
# one approved claim (651 tokens; every tenth holder a small roof of a few dozen, so
# some transfers are refused for want of tokens). tests/load/transfers.py signs every
# holder in (each from its own forwarded address, as behind a reverse proxy), reads
# its wallet's transfer form, then posts every transfer and resend behind one barrier
# and reports throughput and latency. Then `pactum tokens check` must exit 0, and
# transfers.py compares the book (read by `seed_holders --balances`) with what the
# server answered: every balance as the accepted transfers make it, holders and buffer
# holding every token issued, one `transfer` row per accepted key. A 503 (the server
# waited over 10 s for a pooled database connection) moves nothing and is counted
# apart, not as a failure.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."

say() { printf '%s\n' "$*" >&2; }
die() { say "load/transfers.sh: $*"; exit 1; }

holders="${HOLDERS:-100}"
[[ $holders =~ ^[0-9]+$ ]] && ((holders > 1)) || die "HOLDERS must be a whole number above 1"
for v in PER_HOLDER MAX_AMOUNT MAX_INFLIGHT; do
  [[ -z ${!v:-} || ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive whole number"
done
port="${BENCH_PORT:-18091}"
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

say "== cargo build --release (pactum, seed_holders) =="
cargo build --release --bin pactum --example seed_holders
bin="${CARGO_TARGET_DIR:-target}/release/pactum"
seeder="${CARGO_TARGET_DIR:-target}/release/examples/seed_holders"

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

say "== Seeding $holders token holders =="
env "${pactum_env[@]}" "$seeder" "$holders" >"$data_dir/holders.json" \
  || die "seeding the holders failed"

say "== Transferring =="
run_json=$(python3 tests/load/transfers.py run "$base" "$data_dir/holders.json" \
  "$data_dir/results.json") || {
  tail -n 40 "$data_dir/server.log" >&2 || true
  die "transferring failed"
}

say "== Checking the book =="
check_rc=0
check_out=$(env "${pactum_env[@]}" "$bin" tokens check 2>&1) || check_rc=$?
say "$check_out"
env "${pactum_env[@]}" "$seeder" --balances >"$data_dir/balances.json" \
  || die "reading the balances failed"
verify_rc=0
verify_json=$(python3 tests/load/transfers.py verify "$data_dir/holders.json" \
  "$data_dir/results.json" "$data_dir/balances.json") || verify_rc=$?
server_errors=$(grep -ciE '\b(ERROR|WARN)\b' "$data_dir/server.log" || true)
if ((server_errors > 0)); then
  say "== The server logged $server_errors warnings or errors; the last ones: =="
  grep -iE '\b(ERROR|WARN)\b' "$data_dir/server.log" | tail -n 10 >&2 || true
fi

cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
printf '\n== Summary ==\n'
printf 'date:        %s\n' "$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
printf 'machine:     %s CPUs, %s, load average %s\n' "$(nproc)" "${cpu:-$(uname -m)}" \
  "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'build:       release, %s\n' "$(git rev-parse --short HEAD 2>/dev/null || echo 'no commit')"
printf 'database:    %s\n' "$backend"
printf 'transfers:   %s\n' "$run_json"
printf 'book:        %s\n' "${verify_json:-none}"
printf 'check:       %s (exit %s)\n' "$(tail -n 1 <<<"$check_out")" "$check_rc"
printf 'server log:  %s warnings or errors\n' "$server_errors"
((check_rc == 0)) || die "pactum tokens check found broken invariants"
((verify_rc == 0)) || die "the book does not match what the server answered"
