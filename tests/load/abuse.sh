#!/usr/bin/env bash
# The abuse benchmark of issue 11: each of the worst requests we know how to build, sent
# once to a release build of `pactum serve --demo` on 127.0.0.1, with the time it took
# and the server's resident and peak memory (VmRSS, VmHWM) before and after.
#
#   tests/load/abuse.sh                 # builds the release binary if needed
#   BENCH_PORT=18631 tests/load/abuse.sh
#
# Bounded: a fixed list of requests, each with a 30 s timeout, to loopback only; the
# server is stopped at the end. Needs curl and python3.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."

port="${BENCH_PORT:-18631}"
base="http://127.0.0.1:$port"

[[ -x target/release/pactum ]] || cargo build --release --locked --bin pactum
data=$(mktemp -d)
cleanup() {
  [[ -n ${pid:-} ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$data"
}
trap cleanup EXIT

PACTUM_DATA_DIR="$data" PACTUM_BIND="127.0.0.1:$port" PACTUM_LOG=warn \
  target/release/pactum serve --demo >"$data/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 240); do
  curl -fsS -o /dev/null "$base/healthz" 2>/dev/null && break
  sleep 0.5
done
curl -fsS -o /dev/null "$base/healthz" || { cat "$data/server.log" >&2; exit 1; }

mem() { awk '/VmRSS|VmHWM/{printf "%s %d MB  ", $1, $2/1024}' "/proc/$pid/status"; }
echo "Server pid $pid on $base; $(nproc) CPUs, $(uname -srm)"
echo "Idle: $(mem)"

run() {
  local name=$1
  shift
  echo "== $name"
  echo "   before: $(mem)"
  curl -s -o /dev/null --max-time 30 \
    -w '   status=%{http_code} time=%{time_total}s uploaded=%{size_upload}B\n' "$@" || true
  echo "   after:  $(mem)"
}

# Item 1: search. 2,900 random words (about 32 KB) are refused before any work; the
# longest query still accepted (200 characters, 10 terms) runs, on the page and the API.
words() { python3 -c "import random,string,sys
random.seed(int(sys.argv[2]))
print(' '.join(''.join(random.choices(string.ascii_lowercase, k=random.randint(4, 12))) for _ in range(int(sys.argv[1]))))" "$1" "$2"; }
huge=$(words 2900 1)
longest=$(python3 -c "import sys; print(' '.join(w[:18] for w in sys.argv[1].split()[:10]))" "$(words 10 2)")
run "API search, 2,900 words (32 KB)" -G --data-urlencode "q=$huge" "$base/api/v1/commons"
run "search page, 2,900 words (32 KB)" -G --data-urlencode "q=$huge" "$base/search"
run "API search, longest accepted query (${#longest} chars)" -G --data-urlencode "q=$longest" "$base/api/v1/commons"
run "search page, longest accepted query" -G --data-urlencode "q=$longest" "$base/search"
# The costliest accepted query: long words matched with typos (three 63-letter words).
long_words="$(python3 -c "import random,string
random.seed(3)
print(' '.join(''.join(random.choices(string.ascii_lowercase, k=63)) for _ in range(3)) + ' abcd')")"
run "API search, three 63-letter words, limit=100" -G --data-urlencode "q=$long_words" --data-urlencode "limit=100" "$base/api/v1/commons"

# Item 4: the version comparison of the demo's pact with the most versions (the cap and
# the deadline are measured on 20,000-line clauses by the unit tests in pacts::text).
run "pact version comparison" "$base/pacts/12?from=1&to=2"

# Item 6: HEAD of the busiest pages.
run "HEAD /" -I "$base/"
run "HEAD /pacts/stats" -I "$base/pacts/stats"

# Items 2 and 3: bodies and multipart (its own script, signed in as the demo citizen;
# before the sign-in flood below, which uses up this client's sign-in attempts).
PORT=$port PID=$pid tests/load/abuse_web.sh

# Item 10: a flood of sign-ins at distinct accounts from one client: refused after 30,
# so the limiter's keys stay bounded per client.
echo "== 500 sign-in attempts at distinct accounts from one client"
echo "   before: $(mem)"
jar="$data/jar"
token=$(curl -s -c "$jar" "$base/signin" | grep -o 'name="csrf_token" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//')
codes=$(for i in $(seq 1 500); do
  curl -s -o /dev/null -w '%{http_code}\n' -b "$jar" --data-urlencode "csrf_token=$token" \
    --data-urlencode "email=flood$i@example.org" --data-urlencode "password=x" "$base/signin"
done | sort | uniq -c | tr '\n' ' ')
echo "   statuses: $codes"
echo "   after:  $(mem)"


echo "Final: $(mem)"
