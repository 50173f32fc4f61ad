#!/usr/bin/env bash
# Load benchmark of a release build, on this machine only (127.0.0.1).
#
#   tests/load/run.sh                       # SQLite in a fresh temp data dir, 15 s per page
#   DURATION=60s tests/load/run.sh
#   PACTUM_BENCH_DATABASE_URL=postgres://user@127.0.0.1/pactum_bench tests/load/run.sh
#   INSTANCES=3 PACTUM_BENCH_DATABASE_URL=... tests/load/run.sh  # 3 servers, one database
#   BASELINE=1 tests/load/run.sh            # and a bare actix-web "hello" to compare with
#   COMMONS=100000 tests/load/run.sh        # the commons registry, with 100k synthetic commons
#   PATHS="/commons /search?q=orto" COMMONS=10000 tests/load/run.sh
#   PACTS=5000 tests/load/run.sh            # collaboration pacts, with 5,000 synthetic pacts
#   COMMONS=10000 PACTS=500 tests/load/run.sh  # both: the commons pages, then the pact pages
#
# PACTUM_BENCH_DATABASE_URL must name an EMPTY database dedicated to the benchmark: the
# demo city is loaded into it. Other PACTUM_* variables of the caller are ignored.
# Optional: DURATION (15s), THREADS (2), CONNECTIONS (32), BENCH_PORT (18080),
# BENCH_DATA_DIR (a data dir kept after the run; a later run with the same database and
# seeds reuses its city instead of loading and seeding again: give it a fresh
# PACTUM_BENCH_DATABASE_URL the first time),
# BUILD=0 (measure the release binaries already in the target dir, as built before,
# without building them again), BENCH_LOG (the servers' PACTUM_LOG filter, default warn), PAGE_CACHE_MB (the servers'
# PACTUM_PAGE_CACHE_MB: unset keeps the default, 64; 0 renders every page every time,
# which is what a signed-in visitor, or the first visitor after a write, costs),
# POOL_SIZE (the servers' PACTUM_DB_POOL_SIZE: unset keeps the default, twice the
# CPUs plus one, from 3 to 10).
# COMMONS=N (default 0): after loading the demo city, insert N synthetic commons
# (tests/load/seed_commons.py, needs python3, and psql for PostgreSQL), run
# `pactum reindex`, and benchmark the registry's pages (list, filters, a deep page,
# map data, API, search) instead of the default ones.
# PACTS=N (default 0): after loading the demo city, add N synthetic pacts (the demo
# pacts walked again through the real use-cases: tests/load/seed_pacts.rs, built as a
# cargo example) and benchmark the pact pages: the list, a pact page, the officials'
# queue (signed in as the demo official), the API and the statistics.
# COMMONS and PACTS together seed both and benchmark the commons pages, then the pact pages.
# PATHS="/a /b?x=1" (space-separated): benchmark these paths instead.
# Paths under /official/ are requested as the demo official, /account as a citizen.
#
# INSTANCES=N (1 to 8, default 1; PostgreSQL only: SQLite is one process): start N
# `pactum serve` on BENCH_PORT, BENCH_PORT+1, ... sharing the database and the data dir
# (sessions, keys, files, the search index, as deploy/ runs several instances), without
# their metrics endpoints, and benchmark each page with N wrk at once, one per server,
# sharing CONNECTIONS and THREADS between them (at least one each), for DURATION. The
# demo city and the seeds are loaded once, before the servers start. Keep N x the pool
# size (10) below PostgreSQL's max_connections (100).
# BASELINE=1: also build tests/load/hello.rs (a bare actix-web server answering "Hello,
# world!" with its default workers), start it on BENCH_PORT+20 and benchmark its / first,
# with the same wrk settings (one wrk, all the threads and connections): what this
# machine serves with no templates, database or middleware at all.
#
# The summary gives, per page: requests/s, the median (wrk's 50% latency) and the p99
# latency, with BASELINE=1 "% of hello" (the page's requests/s as a percentage of
# hello's, with a line of hello's own figures above the table), and the problems
# (non-2xx answers, socket errors). With INSTANCES=N the requests/s are the sum of the
# N wrk, the median and the p99 the highest (the worst) of the N, the problems summed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."

say() { printf '%s\n' "$*" >&2; }
die() { say "load/run.sh: $*"; exit 1; }

duration="${DURATION:-15s}"
threads="${THREADS:-2}"
[[ $threads =~ ^[1-9][0-9]{0,3}$ ]] || die "THREADS must be a whole number from 1, not '$threads'"
connections="${CONNECTIONS:-32}"
[[ $connections =~ ^[1-9][0-9]{0,5}$ ]] \
  || die "CONNECTIONS must be a whole number from 1, not '$connections'"
port="${BENCH_PORT:-18080}"
[[ $port =~ ^[1-9][0-9]{0,4}$ ]] && ((port + 20 <= 65535)) \
  || die "BENCH_PORT must be a port number up to 65515, not '$port'"
host=127.0.0.1
base="http://$host:$port"
bench_db="${PACTUM_BENCH_DATABASE_URL:-}"
instances="${INSTANCES:-1}"
[[ $instances =~ ^[1-8]$ ]] || die "INSTANCES must be a whole number from 1 to 8, not '$instances'"
if ((instances > 1)) && [[ -z $bench_db ]]; then
  die "INSTANCES=$instances needs PostgreSQL (set PACTUM_BENCH_DATABASE_URL): SQLite is one process"
fi
baseline="${BASELINE:-0}"
[[ $baseline =~ ^[01]$ ]] || die "BASELINE must be 0 or 1, not '$baseline'"
hello_port=$((port + 20))
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
# With COMMONS or PACTS and no PATHS, the paths are set once the servers run (they name ids).

# Never let the caller's configuration (a production database URL, say) leak in.
while IFS= read -r var; do
  unset "$var"
done < <(compgen -e | grep '^PACTUM_' || true)

# ---------------------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------------------
command -v curl >/dev/null || die "curl is required"
if ((commons > 0 || pacts > 0)); then
  command -v python3 >/dev/null || die "python3 is required with COMMONS or PACTS"
fi
psql=$(command -v psql || compgen -G '/usr/lib/postgresql/*/bin/psql' | head -n 1 || true)
if [[ -n $bench_db && -z $psql ]]; then
  die "psql is required with PostgreSQL (seeds, and waiting for the servers to be at rest): run 'sudo apt-get install postgresql-client'"
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

ports=()
for ((i = 0; i < instances; i++)); do
  ports+=("$((port + i))")
done
((baseline)) && ports+=("$hello_port")
if command -v ss >/dev/null; then
  for p in "${ports[@]}"; do
    if [[ -n $(ss -Hltn "sport = :$p" 2>/dev/null) ]]; then
      die "port $p is already in use (set BENCH_PORT; ports ${ports[*]} are needed)"
    fi
  done
fi

# ---------------------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------------------
build="${BUILD:-1}"
[[ $build =~ ^[01]$ ]] || die "BUILD must be 0 or 1, not '$build'"
release() {
  if ((build)); then
    cargo build --release "$@"
  fi
}
say "== cargo build --release =="
release
bin="${CARGO_TARGET_DIR:-target}/release/pactum"
[[ -x $bin ]] || die "$bin not found (build it, or run without BUILD=0)"
if ((pacts > 0)); then
  release --example seed_pacts
  seeder="${CARGO_TARGET_DIR:-target}/release/examples/seed_pacts"
fi
if ((baseline)); then
  release --example hello
  hello_bin="${CARGO_TARGET_DIR:-target}/release/examples/hello"
fi

# ---------------------------------------------------------------------------------------
# Servers
# ---------------------------------------------------------------------------------------
# shellcheck source=tests/load/server.sh
source tests/load/server.sh

# What the demo, the seeds and the first server see; the other servers differ only by
# their PACTUM_BIND (server.sh), and all use the first one's base URL.
pactum_env=(
  "PACTUM_DATA_DIR=$data_dir"
  "PACTUM_BIND=$host:$port"
  "PACTUM_BASE_URL=$base"
)
page_cache_mb="${PAGE_CACHE_MB:-}"
if [[ -n $page_cache_mb ]]; then
  [[ $page_cache_mb =~ ^[0-9]{1,4}$ ]] \
    || die "PAGE_CACHE_MB must be a whole number of megabytes, not '$page_cache_mb'"
  pactum_env+=("PACTUM_PAGE_CACHE_MB=$page_cache_mb")
fi
pool_size="${POOL_SIZE:-}"
if [[ -n $pool_size ]]; then
  [[ $pool_size =~ ^[1-9][0-9]{0,2}$ ]] \
    || die "POOL_SIZE must be a whole number of connections, not '$pool_size'"
  pactum_env+=("PACTUM_DB_POOL_SIZE=$pool_size")
fi
if [[ -n $bench_db ]]; then
  pactum_env+=("PACTUM_DATABASE_URL=$bench_db")
  backend="PostgreSQL"
  seed_db="$bench_db"
else
  backend="SQLite (data dir $data_dir)"
  # The default database of the data dir (Config::effective_database_url).
  seed_db="sqlite://$data_dir/pactum.db"
fi

# sql STATEMENT: runs one statement on the benchmark's database (committed) and prints
# the first column of its first row, if any.
sql() {
  if [[ -n $bench_db ]]; then
    "$psql" -Atq -d "$bench_db" -c "$1"
  else
    python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); row = c.execute(sys.argv[2]).fetchone(); c.commit()
if row is not None: print(row[0])' "$data_dir/pactum.db" "$1"
  fi
}

# With BENCH_DATA_DIR, a city seeded by an earlier run with the same database and
# seeds is reused (the data dir holds its keys), so several runs (one instance and
# three, with and without the page cache) measure one city without seeding it again.
seeded_as="database=${bench_db:-sqlite} commons=$commons pacts=$pacts"
if [[ -f $data_dir/seeded ]]; then
  [[ $(cat "$data_dir/seeded") == "$seeded_as" ]] \
    || die "$data_dir holds another city ($(cat "$data_dir/seeded")), not $seeded_as"
  say "== Reusing the city seeded in $data_dir ($seeded_as) =="
else
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
  fi

  if ((pacts > 0)); then
    say "== Seeding $pacts pacts =="
    env "${pactum_env[@]}" "$seeder" "$pacts" >&2 || die "seeding the pacts failed"
  fi

  if ((commons > 0 || pacts > 0)); then
    # The seeds' aftermath is not the pages' work: the indexes are rebuilt from the
    # rows here, and the seeds' queued index updates and synthetic mail (a pact walked
    # through the procedure sends tens of messages) are marked done. Otherwise the
    # servers would spend the benchmark delivering them, each batch changing the data
    # version and so emptying the page cache.
    say "== pactum reindex =="
    env "${pactum_env[@]}" "$bin" reindex >"$data_dir/reindex.log" 2>&1 || {
      cat "$data_dir/reindex.log" >&2
      die "'pactum reindex' failed"
    }
    cat "$data_dir/reindex.log" >&2
    settle="UPDATE outbox SET delivered_at = CURRENT_TIMESTAMP
            WHERE delivered_at IS NULL AND failed_at IS NULL"
    sql "$settle" >/dev/null || die "settling the seeds' outbox failed"
  fi

  printf '%s' "$seeded_as" >"$data_dir/seeded"
fi

start_servers "$instances"

# The city at rest before measuring: a server's first pass of the jobs does a new
# city's catch-up work (the seeded pacts' deadline reminders: thousands of messages)
# and delivers it, one committed write per message, each changing the data version and
# so emptying the page cache. Measured pages would be the cost of that delivery, not
# of serving. Wait until nothing is left to deliver and the version has held for
# 5 s (at most 10 minutes).
say "== Waiting for the jobs' first pass to be delivered =="
settle_start=$SECONDS
held=0
last_version=""
while ((held < 5)); do
  ((SECONDS - settle_start < 600)) || die "the servers were still writing after 10 minutes"
  sleep 1
  version=$(sql "SELECT version FROM data_version WHERE id = 1") \
    || die "could not read the data version"
  pending=$(sql "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL") \
    || die "could not read the outbox"
  if [[ $version == "$last_version" && $pending == 0 ]]; then
    held=$((held + 1))
  else
    held=0
  fi
  last_version=$version
done
say "   at rest after $((SECONDS - settle_start)) s (data version $last_version)"

# Signed-in sessions: a demo citizen for /account (which loads the user from the
# database on every request), the demo official for /official/ pages. Signed in on the
# first server; the session store is the database, so the cookies hold on every server.
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

commons_paths=()
pact_paths=()
if ((${#paths[@]} == 0 && commons > 0)); then
  # A deep keyset page: the list is newest first, so a cursor of half the newest id
  # skips about half the registry.
  newest=$(curl -fsS "$base/api/v1/commons?limit=1" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["items"][0]["id"])') \
    || die "could not read the newest commons id from $base/api/v1/commons?limit=1"
  commons_paths=(
    "/commons"
    "/commons?category=green_area&status=recognised"
    "/commons?cursor=$((newest / 2))"
    "/commons.geojson?district=centro-storico&category=green_area"
    "/commons/map.json?bbox=11.0,44.0,11.8,45.0&zoom=11"
    "/api/v1/commons?limit=25"
    "/search?q=giardino"
    "/api/v1/commons?q=orto+condiviso"
  )
fi
if ((${#paths[@]} == 0 && pacts > 0)); then
  # A pact in monitoring (the fullest page: versions, opinions, signatures, a report).
  pact=$(curl -fsS "$base/api/v1/pacts?state=monitoring&limit=1" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["items"][0]["id"])') \
    || die "could not find a pact in monitoring at $base/api/v1/pacts"
  pact_paths=(
    "/pacts"
    "/pacts/$pact"
    "/official/pacts"
    "/official/pacts?state=in_review"
    "/api/v1/pacts?limit=25"
    "/pacts/stats"
  )
fi
if ((${#paths[@]} == 0)); then
  paths=("${commons_paths[@]}" "${pact_paths[@]}")
fi

# Every page answers on every server (and so does every session).
for url in "${server_urls[@]}"; do
  for path in "${paths[@]}"; do
    code=$(curl -sS -o /dev/null -w '%{http_code}' -H "$(headers_for "$path")" "$url$path")
    [[ $code == 200 ]] || die "GET $url$path answered $code, not 200: nothing to benchmark"
  done
done

if ((baseline)); then
  hello_url="http://$host:$hello_port"
  say "== Starting the bare actix-web hello on $hello_url =="
  start_helper "$data_dir/hello.log" "$hello_url/" "$hello_bin" "$host:$hello_port"
fi

# ---------------------------------------------------------------------------------------
# Benchmark
# ---------------------------------------------------------------------------------------
# share TOTAL N I: the share of wrk I (from 0) of TOTAL threads or connections split
# between N wrk at once, at least 1 (the first TOTAL % N get one more).
share() {
  local s=$(($1 / $2 + ($3 < $1 % $2 ? 1 : 0)))
  printf '%s' $((s > 0 ? s : 1))
}
wrk_args=()
for ((i = 0; i < instances; i++)); do
  t=$(share "$threads" "$instances" "$i")
  c=$(share "$connections" "$instances" "$i")
  # wrk wants at least one connection per thread.
  ((t <= c)) || t=$c
  wrk_args+=("-t$t -c$c")
done

# summarise FILE...: the outputs of wrk run at once (one each) as
# "requests/s|median|p99|problems": the requests/s summed; the median and the p99 the
# highest of the files (the worst server: a mean of medians would be no median, and a
# p99 of the whole is not to be had from wrk's summaries); the problems summed.
summarise() {
  awk '
    function us(v, u) {
      u = v
      sub(/^[0-9.]+/, "", u)
      if (u == "us") return v + 0
      if (u == "ms") return (v + 0) * 1e3
      if (u == "s") return (v + 0) * 1e6
      if (u == "m") return (v + 0) * 6e7
      if (u == "h") return (v + 0) * 3.6e9
      return v + 0
    }
    FNR == 1 { files++ }
    /^Requests\/sec:/ { total += $2; with_rps++ }
    $1 == "50%" && !(FILENAME in seen50) {
      seen50[FILENAME] = 1
      if (median == "" || us($2) > median_us) { median_us = us($2); median = $2 }
    }
    $1 == "99%" && !(FILENAME in seen99) {
      seen99[FILENAME] = 1
      if (p99 == "" || us($2) > p99_us) { p99_us = us($2); p99 = $2 }
    }
    /Non-2xx or 3xx responses:/ { non2xx += $NF }
    /Socket errors:/ {
      for (i = 3; i < NF; i += 2) { n = $(i + 1); sub(/,$/, "", n); sock[$i] += n }
      with_sock = 1
    }
    END {
      problems = ""
      if (non2xx > 0) problems = "non-2xx: " non2xx
      if (with_sock) {
        if (problems != "") problems = problems "; "
        problems = problems "socket errors: connect " sock["connect"] + 0 ", read " \
          sock["read"] + 0 ", write " sock["write"] + 0 ", timeout " sock["timeout"] + 0
      }
      printf "%s|%s|%s|%s\n", (files > 0 && with_rps == files ? sprintf("%.2f", total) : "?"),
        (median == "" ? "?" : median), (p99 == "" ? "?" : p99), problems
    }
  ' "$@"
}

# bench KEY PATH ARGS URL...: wrk on PATH at every URL at once, one wrk each with the
# matching "-tT -cC" of ARGS (an array name), first a short warm-up (caches, connection
# pools) that is not reported; the results go into rps[KEY], median[KEY], p99[KEY] and
# problems[KEY].
declare -A rps median p99 problems
bench() {
  local key=$1 path=$2
  local -n args=$3
  shift 3
  local urls=("$@") header i pid failed=0 pids=() outs=()
  header=$(headers_for "$path")
  say ""
  for ((i = 0; i < ${#urls[@]}; i++)); do
    say "== wrk ${args[i]} -d$duration --latency ${urls[i]}$path =="
  done
  for ((i = 0; i < ${#urls[@]}; i++)); do
    # shellcheck disable=SC2086  # "-tT -cC": two words
    wrk ${args[i]} -d2s -H "$header" "${urls[i]}$path" >/dev/null &
    pids+=("$!")
  done
  for pid in "${pids[@]}"; do
    wait "$pid" || failed=1
  done
  ((failed == 0)) || die "wrk failed warming up $path"
  pids=()
  for ((i = 0; i < ${#urls[@]}; i++)); do
    outs+=("$data_dir/wrk-$((i + 1)).out")
    # shellcheck disable=SC2086
    wrk ${args[i]} -d"$duration" --latency -H "$header" "${urls[i]}$path" >"${outs[i]}" 2>&1 &
    pids+=("$!")
  done
  for pid in "${pids[@]}"; do
    wait "$pid" || failed=1
  done
  for ((i = 0; i < ${#urls[@]}; i++)); do
    ((${#urls[@]} == 1)) || printf -- '-- %s%s --\n' "${urls[i]}" "$path"
    cat "${outs[i]}"
  done
  ((failed == 0)) || die "wrk failed on $path (its output is above)"
  local r m q e
  IFS='|' read -r r m q e < <(summarise "${outs[@]}")
  rps[$key]=$r
  median[$key]=$m
  p99[$key]=$q
  problems[$key]=$e
}

if ((baseline)); then
  # The baseline is one process: one wrk with all the threads and connections.
  # shellcheck disable=SC2034  # read by bench
  hello_args=("-t$((threads < connections ? threads : connections)) -c$connections")
  bench hello / hello_args "$hello_url"
fi
for path in "${paths[@]}"; do
  bench "$path" "$path" wrk_args "${server_urls[@]}"
done

check_servers

# ---------------------------------------------------------------------------------------
# Summary
# ---------------------------------------------------------------------------------------
cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
[[ -n $cpu ]] || cpu=$(uname -m)
rev=$(git rev-parse --short HEAD 2>/dev/null || echo "no commit")

# percent_of_hello RPS: RPS as a percentage of hello's requests/s, one decimal.
percent_of_hello() {
  awk -v a="$1" -v b="${rps[hello]}" 'BEGIN {
    if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.1f", a / b * 100
    else printf "?"
  }'
}

printf '\n== Summary ==\n'
printf 'date:        %s\n' "$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
printf 'machine:     %s CPUs, %s\n' "$(nproc)" "$cpu"
printf 'build:       release, %s\n' "$rev"
printf 'database:    %s\n' "$([[ -n $bench_db ]] && echo PostgreSQL || echo SQLite)"
printf 'page cache:  %s\n' "$([[ -n $page_cache_mb ]] && echo "$page_cache_mb MB" || echo 'default (64 MB)')"
printf 'db pool:     %s\n' "$([[ -n $pool_size ]] && echo "$pool_size connections per instance" || echo 'default (twice the CPUs plus one, 3 to 10, per instance)')"
printf 'instances:   %s\n' "$instances"
if ((commons > 0)); then
  printf 'commons:     %s synthetic (tests/load/seed_commons.py)\n' "$commons"
fi
if ((pacts > 0)); then
  printf 'pacts:       %s synthetic (tests/load/seed_pacts.rs)\n' "$pacts"
fi
if ((instances == 1)); then
  printf 'load:        wrk -t%s -c%s -d%s\n' "$threads" "$connections" "$duration"
else
  printf -v split '%s, ' "${wrk_args[@]}"
  printf 'load:        wrk -t%s -c%s -d%s split into %s wrk at once, one per server (%s);\n' \
    "$threads" "$connections" "$duration" "$instances" "${split%, }"
  printf '             requests/s summed, median and p99 the highest of the %s\n' "$instances"
fi
if ((baseline)); then
  printf 'hello (bare actix-web): %s requests/s, median %s, p99 %s%s\n' \
    "${rps[hello]:-?}" "${median[hello]:-?}" "${p99[hello]:-?}" \
    "${problems[hello]:+, problems: ${problems[hello]}}"
fi
printf '\n'
width=10
for path in "${paths[@]}"; do
  ((${#path} > width)) && width=${#path}
done
if ((baseline)); then
  printf '%-*s %12s %10s %10s %10s %s\n' "$width" "page" "requests/s" "median" "p99" "% of hello" "problems"
else
  printf '%-*s %12s %10s %10s %s\n' "$width" "page" "requests/s" "median" "p99" "problems"
fi
for path in "${paths[@]}"; do
  if ((baseline)); then
    printf '%-*s %12s %10s %10s %10s %s\n' "$width" "$path" "${rps[$path]:-?}" "${median[$path]:-?}" \
      "${p99[$path]:-?}" "$(percent_of_hello "${rps[$path]:-?}")" "${problems[$path]:-none}"
  else
    printf '%-*s %12s %10s %10s %s\n' "$width" "$path" "${rps[$path]:-?}" "${median[$path]:-?}" \
      "${p99[$path]:-?}" "${problems[$path]:-none}"
  fi
done
