#!/usr/bin/env bash
# Load benchmark of a release build, on this machine only (127.0.0.1).
#
#   tests/load/run.sh                       # SQLite in a fresh temp data dir, 15 s per page
#   DURATION=60s tests/load/run.sh
#   PACTUM_BENCH_DATABASE_URL=postgres://user@127.0.0.1/pactum_bench tests/load/run.sh
#   COMMONS=100000 tests/load/run.sh        # the commons registry, with 100k synthetic commons
#   PATHS="/commons /search?q=orto" COMMONS=10000 tests/load/run.sh
#   PACTS=5000 tests/load/run.sh            # collaboration pacts, with 5,000 synthetic pacts
#
# PACTUM_BENCH_DATABASE_URL must name an EMPTY database dedicated to the benchmark: the
# demo city is loaded into it. Other PACTUM_* variables of the caller are ignored.
# Optional: DURATION (15s), THREADS (2), CONNECTIONS (32), BENCH_PORT (18080),
# BENCH_LOG (the server's PACTUM_LOG filter, default warn).
# COMMONS=N (default 0): after loading the demo city, insert N synthetic commons
# (tests/load/seed_commons.py, needs python3, and psql for PostgreSQL), run
# `pactum reindex`, and benchmark the registry's pages (list, filters, a deep page,
# map data, API, search) instead of the default ones.
# PACTS=N (default 0): after loading the demo city, add N synthetic pacts (the demo
# pacts walked again through the real use-cases: tests/load/seed_pacts.rs, built as a
# cargo example) and benchmark the pact pages: the list, a pact page, the officials'
# queue (signed in as the demo official), the API and the statistics.
# PATHS="/a /b?x=1" (space-separated): benchmark these paths instead.
# Paths under /official/ are requested as the demo official, /account as a citizen.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."

say() { printf '%s\n' "$*" >&2; }
die() { say "load/run.sh: $*"; exit 1; }

duration="${DURATION:-15s}"
threads="${THREADS:-2}"
connections="${CONNECTIONS:-32}"
port="${BENCH_PORT:-18080}"
host=127.0.0.1
base="http://$host:$port"
bench_db="${PACTUM_BENCH_DATABASE_URL:-}"
commons="${COMMONS:-0}"
[[ $commons =~ ^[0-9]+$ ]] || die "COMMONS must be a whole number, not '$commons'"
commons=$((10#$commons))
pacts="${PACTS:-0}"
[[ $pacts =~ ^[0-9]+$ ]] || die "PACTS must be a whole number, not '$pacts'"
pacts=$((10#$pacts))
paths=()
if [[ -n ${PATHS:-} ]]; then
  read -r -a paths <<<"$PATHS"
  ((${#paths[@]} > 0)) || die "PATHS names no path"
  for path in "${paths[@]}"; do
    [[ $path == /* ]] || die "each path in PATHS must start with /, not '$path'"
  done
elif ((commons == 0 && pacts == 0)); then
  paths=(/ /signin /account)
fi
# With COMMONS and no PATHS, the paths are set once the server runs (one names an id).

# Never let the caller's configuration (a production database URL, say) leak in.
while IFS= read -r var; do
  unset "$var"
done < <(compgen -e | grep '^PACTUM_' || true)

# ---------------------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------------------
command -v curl >/dev/null || die "curl is required"
if ((commons > 0)); then
  command -v python3 >/dev/null || die "python3 is required to seed commons (COMMONS=$commons)"
  if [[ -n $bench_db ]] && ! command -v psql >/dev/null \
    && ! compgen -G '/usr/lib/postgresql/*/bin/psql' >/dev/null; then
    die "psql is required to seed commons into PostgreSQL: run 'sudo apt-get install postgresql-client'"
  fi
fi
if ! command -v wrk >/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    say "Installing wrk ..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk
  else
    die "wrk is not installed: run 'sudo apt-get install wrk' (Debian/Ubuntu) or see https://github.com/wg/wrk"
  fi
fi

if command -v ss >/dev/null && [[ -n $(ss -Hltn "sport = :$port" 2>/dev/null) ]]; then
  die "port $port is already in use (set BENCH_PORT)"
fi

# ---------------------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------------------
say "== cargo build --release =="
cargo build --release
bin="${CARGO_TARGET_DIR:-target}/release/pactum"
[[ -x $bin ]] || die "$bin not found after the build"
if ((pacts > 0)); then
  cargo build --release --example seed_pacts
  seeder="${CARGO_TARGET_DIR:-target}/release/examples/seed_pacts"
fi

# ---------------------------------------------------------------------------------------
# Server
# ---------------------------------------------------------------------------------------
# shellcheck source=tests/load/server.sh
source tests/load/server.sh

pactum_env=(
  "PACTUM_DATA_DIR=$data_dir"
  "PACTUM_BIND=$host:$port"
  "PACTUM_BASE_URL=$base"
)
if [[ -n $bench_db ]]; then
  pactum_env+=("PACTUM_DATABASE_URL=$bench_db")
  backend="PostgreSQL"
  seed_db="$bench_db"
else
  backend="SQLite (data dir $data_dir)"
  # The default database of the data dir (Config::effective_database_url).
  seed_db="sqlite://$data_dir/pactum.db"
fi

say "== Loading the demo city ($backend) =="
env "${pactum_env[@]}" "$bin" demo >"$data_dir/demo.log" 2>&1 || {
  cat "$data_dir/demo.log" >&2
  die "'pactum demo' failed"
}
cat "$data_dir/demo.log" >&2

if ((commons > 0)); then
  say "== Seeding $commons commons =="
  python3 tests/load/seed_commons.py --database-url "$seed_db" --count "$commons" >&2 \
    || die "seeding the commons failed"
  say "== pactum reindex =="
  env "${pactum_env[@]}" "$bin" reindex >"$data_dir/reindex.log" 2>&1 || {
    cat "$data_dir/reindex.log" >&2
    die "'pactum reindex' failed"
  }
  cat "$data_dir/reindex.log" >&2
fi

if ((pacts > 0)); then
  say "== Seeding $pacts pacts =="
  env "${pactum_env[@]}" "$seeder" "$pacts" >&2 || die "seeding the pacts failed"
fi

start_server

# Signed-in sessions: a demo citizen for /account (which loads the user from the
# database on every request), the demo official for /official/ pages.
jar="$data_dir/cookies.txt"
session_of() {
  rm -f "$jar"
  local page token code
  page=$(curl -sS -c "$jar" "$base/signin")
  token=$(sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' <<<"$page" | head -n 1)
  code=$(curl -sS -b "$jar" -c "$jar" -o /dev/null -w '%{http_code}' \
    --data-urlencode "email=$1" \
    --data-urlencode "password=commons-demo-2026" \
    --data-urlencode "csrf_token=$token" "$base/signin")
  [[ $code == 303 ]] || die "signing in $1 answered $code, not 303"
  # One visit shows (and clears) the welcome message, so the benchmarked cookie is stable.
  curl -sS -b "$jar" -c "$jar" -o /dev/null "$base/account"
  awk -F'\t' '$6 == "pactum_session" { print $7 }' "$jar"
}
session=$(session_of giulia.rossi@demo.pactum.example.org)
[[ -n $session ]] || die "no session cookie after signing in the citizen"
official_session=$(session_of marco.bianchi@demo.pactum.example.org)
[[ -n $official_session ]] || die "no session cookie after signing in the official"
headers_for() {
  if [[ $1 == /account ]]; then
    printf 'Cookie: pactum_session=%s' "$session"
  elif [[ $1 == /official/* ]]; then
    printf 'Cookie: pactum_session=%s' "$official_session"
  else
    printf 'X-Bench: anonymous'
  fi
}

if ((${#paths[@]} == 0 && pacts > 0)); then
  # A pact in monitoring (the fullest page: versions, opinions, signatures, a report).
  pact=$(curl -fsS "$base/api/v1/pacts?state=monitoring&limit=1" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["items"][0]["id"])') \
    || die "could not find a pact in monitoring at $base/api/v1/pacts"
  paths=(
    "/pacts"
    "/pacts/$pact"
    "/official/pacts"
    "/official/pacts?state=in_review"
    "/api/v1/pacts?limit=25"
    "/pacts/stats"
  )
fi
if ((${#paths[@]} == 0)); then
  # A deep keyset page: the list is newest first, so a cursor of half the newest id
  # skips about half the registry.
  newest=$(curl -fsS "$base/api/v1/commons?limit=1" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["items"][0]["id"])') \
    || die "could not read the newest commons id from $base/api/v1/commons?limit=1"
  paths=(
    "/commons"
    "/commons?category=green_area&status=recognised"
    "/commons?cursor=$((newest / 2))"
    "/commons.geojson?district=centro-storico&category=green_area"
    "/api/v1/commons?limit=25"
    "/search?q=giardino"
    "/api/v1/commons?q=orto+condiviso"
  )
fi

for path in "${paths[@]}"; do
  code=$(curl -sS -o /dev/null -w '%{http_code}' -H "$(headers_for "$path")" "$base$path")
  [[ $code == 200 ]] || die "GET $path answered $code, not 200: nothing to benchmark"
done

# ---------------------------------------------------------------------------------------
# Benchmark
# ---------------------------------------------------------------------------------------
declare -A rps p99 non2xx errors
for path in "${paths[@]}"; do
  say ""
  say "== wrk -t$threads -c$connections -d$duration --latency $base$path =="
  # A short warm-up (caches, connection pool), not reported.
  wrk -t"$threads" -c"$connections" -d2s -H "$(headers_for "$path")" "$base$path" >/dev/null
  out=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency -H "$(headers_for "$path")" "$base$path")
  printf '%s\n' "$out"
  rps[$path]=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
  p99[$path]=$(awk '$1 == "99%" { print $2; exit }' <<<"$out")
  non2xx[$path]=$(awk -F: '/Non-2xx or 3xx responses/ { gsub(/ /, "", $2); print $2 }' <<<"$out")
  errors[$path]=$(awk '/Socket errors:/ { sub(/^ *Socket errors: */, ""); print }' <<<"$out")
done

if ! kill -0 "$server_pid" 2>/dev/null; then
  tail -n 40 "$data_dir/server.log" >&2 || true
  die "the server died during the benchmark"
fi

# ---------------------------------------------------------------------------------------
# Summary
# ---------------------------------------------------------------------------------------
cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
[[ -n $cpu ]] || cpu=$(uname -m)
rev=$(git rev-parse --short HEAD 2>/dev/null || echo "no commit")

printf '\n== Summary ==\n'
printf 'date:        %s\n' "$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
printf 'machine:     %s CPUs, %s\n' "$(nproc)" "$cpu"
printf 'build:       release, %s\n' "$rev"
printf 'database:    %s\n' "$([[ -n $bench_db ]] && echo PostgreSQL || echo SQLite)"
if ((commons > 0)); then
  printf 'commons:     %s synthetic (tests/load/seed_commons.py)\n' "$commons"
fi
if ((pacts > 0)); then
  printf 'pacts:       %s synthetic (tests/load/seed_pacts.rs)\n' "$pacts"
fi
printf 'load:        wrk -t%s -c%s -d%s\n\n' "$threads" "$connections" "$duration"
width=10
for path in "${paths[@]}"; do
  ((${#path} > width)) && width=${#path}
done
printf '%-*s %12s %12s %s\n' "$width" "page" "requests/s" "p99" "problems"
for path in "${paths[@]}"; do
  problems=""
  [[ -n ${non2xx[$path]} ]] && problems+="non-2xx: ${non2xx[$path]} "
  [[ -n ${errors[$path]} ]] && problems+="socket errors: ${errors[$path]}"
  printf '%-*s %12s %12s %s\n' "$width" "$path" "${rps[$path]:-?}" "${p99[$path]:-?}" "${problems:-none}"
done
