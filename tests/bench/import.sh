#!/usr/bin/env bash
# Import benchmark (not a test): times `pactum import` of a generated registry,
# 10,000 commons and 1,000 pacts by default, on SQLite and on PostgreSQL.
#
#   tests/bench/import.sh [COMMONS] [PACTS]
#
# Builds the debug binary (CARGO_TARGET_DIR is honoured; never --release on shared
# machines: set CARGO_PROFILE if you want another profile), generates the files with
# tests/bench/gen_import.py, then for each database: migrate, import the districts,
# import the commons, import the pacts, and import the commons again (all updates).
# PostgreSQL: PACTUM_BENCH_PG_URL (an admin URL that may CREATE DATABASE) if set, else a
# throwaway cluster from /usr/lib/postgresql/*/bin, as tests/run-all.sh starts one.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

commons=${1:-10000}
pacts=${2:-1000}
profile=${CARGO_PROFILE:-dev}
target=${CARGO_TARGET_DIR:-target}
cargo build --profile "$profile" --bin pactum >&2
dir_of_profile=$([[ $profile == dev ]] && echo debug || echo "$profile")
bin="$target/$dir_of_profile/pactum"

work=$(mktemp -d /tmp/pactum-import-bench.XXXXXX)
pg_started=0
pg_bin=""
cleanup() {
  if [[ $pg_started -eq 1 ]]; then
    (cd "$work" && runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg/data" -m immediate stop >/dev/null 2>&1) || true
  fi
  rm -rf -- "$work"
}
trap cleanup EXIT

python3 tests/bench/gen_import.py "$work/data" "$commons" "$pacts" >&2

# Seconds of one command, its output on standard error.
timed() {
  local start end
  start=$(date +%s.%N)
  "$@" >&2
  end=$(date +%s.%N)
  echo "$start $end" | awk '{printf "%.2f", $2 - $1}'
}

run() {
  local name=$1 url=$2 data="$work/run-$1"
  mkdir -p "$data"
  export PACTUM_DATA_DIR=$data PACTUM_DATABASE_URL=$url PACTUM_LOG=warn
  "$bin" migrate >&2
  "$bin" districts import "$work/data/districts.geojson" >&2
  local c p again
  c=$(timed "$bin" import commons "$work/data/commons.csv")
  p=$(timed "$bin" import pacts "$work/data/pacts.csv")
  again=$(timed "$bin" import commons "$work/data/commons.csv")
  printf '%-10s  %6s commons: %6s s   %5s pacts: %6s s   commons again (updates): %6s s\n' \
    "$name" "$commons" "$c" "$pacts" "$p" "$again"
}

results=$(run sqlite "sqlite://$work/bench.db")

pg_url=${PACTUM_BENCH_PG_URL:-}
if [[ -z $pg_url ]]; then
  pg_bin=$(dirname "$(printf '%s\n' /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
  mkdir -p "$work/pg/sock"
  chown -R postgres: "$work/pg"
  chmod o+rx "$work"
  (cd "$work" && runuser -u postgres -- "$pg_bin/initdb" -D "$work/pg/data" -A trust -U postgres --no-sync -E UTF8 --locale=C >/dev/null)
  port=54439
  (cd "$work" && runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -w \
    -o "-p $port -k $work/pg/sock -c listen_addresses=127.0.0.1" start >/dev/null)
  pg_started=1
  pg_url="postgres://postgres@127.0.0.1:$port/postgres"
fi
db="pactum_import_bench_$$"
psql "$pg_url" -qc "CREATE DATABASE $db" >&2
results+=$'\n'$(run postgresql "${pg_url%/*}/$db")
psql "$pg_url" -qc "DROP DATABASE $db" >&2 || true

echo
echo "pactum import, profile $profile, $(nproc) cores ($(uname -m)):"
echo "$results"
