#!/usr/bin/env bash
# The project's one test command: the whole suite on SQLite, then again on PostgreSQL.
#
#   tests/run-all.sh                # everything
#   tests/run-all.sh ledger::       # extra arguments go to the test runner (a filter, ...)
#
# PostgreSQL: if PACTUM_TEST_DATABASE_URL is set it is used as-is (an admin URL the tests
# can CREATE DATABASE from, e.g. postgres://postgres@127.0.0.1:5432/postgres). Otherwise a
# throwaway cluster is started from the newest /usr/lib/postgresql/*/bin/initdb (or an
# initdb on PATH) and removed on exit. With no PostgreSQL at all the run is skipped with a
# warning, unless CI is set, in which case it fails.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '%s\n' "$*" >&2; }
die() { say "run-all.sh: $*"; exit 1; }

# Benchmarks are not tests: they run with `cargo bench` (clippy still checks them).
run_suite() {
  if cargo nextest --version >/dev/null 2>&1; then
    cargo nextest run --config-file tests/nextest.toml --lib --bins --tests --no-fail-fast "$@"
  else
    cargo test --lib --bins --tests --no-fail-fast "$@"
  fi
}

# The browser tests inject axe-core from tests/browser (pinned by its package-lock.json).
if [[ ! -f tests/browser/node_modules/axe-core/axe.min.js ]] && command -v npm >/dev/null 2>&1; then
  say "Installing the browser tests' JavaScript (npm ci --prefix tests/browser)"
  npm ci --prefix tests/browser --no-audit --no-fund >&2
fi

# The OpenID Connect tests start a real provider (oidc-provider, pinned by
# tests/oidc/package-lock.json) with Node on loopback.
if [[ ! -f tests/oidc/node_modules/oidc-provider/package.json ]] && command -v npm >/dev/null 2>&1; then
  say "Installing the OpenID Connect test provider (npm ci --prefix tests/oidc)"
  npm ci --prefix tests/oidc --no-audit --no-fund >&2
fi

# Keep the caller's URL for the PostgreSQL run; the SQLite run must not see it.
pg_url="${PACTUM_TEST_DATABASE_URL:-}"
unset PACTUM_TEST_DATABASE_URL

# ---------------------------------------------------------------------------------------
# Throwaway PostgreSQL cluster
# ---------------------------------------------------------------------------------------
pg_tmp=""
pg_bin=""
pg_started=0

as_pg() {
  # Run a PostgreSQL tool as the cluster owner: initdb refuses to run as root.
  if [[ $(id -u) -eq 0 ]]; then
    (cd "$pg_tmp" && runuser -u postgres -- "$@")
  else
    (cd "$pg_tmp" && "$@")
  fi
}

# shellcheck disable=SC2317  # called from the EXIT trap
cleanup() {
  if [[ $pg_started -eq 1 ]]; then
    as_pg "$pg_bin/pg_ctl" -D "$pg_tmp/data" -m immediate stop >/dev/null 2>&1 || true
    pg_started=0
  fi
  if [[ -n $pg_tmp && -d $pg_tmp ]]; then
    rm -rf -- "$pg_tmp"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

find_pg_bin() {
  local newest="" dir
  shopt -s nullglob
  local candidates=(/usr/lib/postgresql/*/bin/initdb)
  shopt -u nullglob
  if [[ ${#candidates[@]} -gt 0 ]]; then
    newest=$(printf '%s\n' "${candidates[@]}" | sort -V | tail -n 1)
    dir=$(dirname "$newest")
  elif command -v initdb >/dev/null 2>&1; then
    dir=$(dirname "$(command -v initdb)")
  else
    return 1
  fi
  [[ -x $dir/pg_ctl ]] || return 1
  printf '%s\n' "$dir"
}

port_is_free() {
  local port=$1
  if command -v ss >/dev/null 2>&1; then
    [[ -z $(ss -Hltn "sport = :$port" 2>/dev/null) ]]
  elif command -v python3 >/dev/null 2>&1; then
    python3 - "$port" <<'PY' 2>/dev/null
import socket, sys
s = socket.socket()
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
PY
  else
    true
  fi
}

pick_port() {
  local port
  for port in $(seq 54329 54429); do
    if port_is_free "$port"; then
      printf '%s\n' "$port"
      return 0
    fi
  done
  return 1
}

start_throwaway_pg() {
  if [[ $(id -u) -eq 0 ]]; then
    getent passwd postgres >/dev/null || die "running as root but there is no 'postgres' user to own the test cluster"
    command -v runuser >/dev/null || die "running as root but runuser(1) is missing"
  fi
  # /tmp, not $TMPDIR: the postgres user must reach it, and socket paths must stay short.
  pg_tmp=$(mktemp -d /tmp/pactum-pg.XXXXXX)
  mkdir -p "$pg_tmp/sock"
  if [[ $(id -u) -eq 0 ]]; then
    chown -R postgres: "$pg_tmp"
  fi
  say "Starting a throwaway PostgreSQL cluster ($("$pg_bin/initdb" --version 2>/dev/null || echo "$pg_bin")) in $pg_tmp"
  # C collation and UTF-8: deterministic byte order, like SQLite's default BINARY collation.
  as_pg "$pg_bin/initdb" -D "$pg_tmp/data" -A trust -U postgres --no-sync -E UTF8 --locale=C \
    >"$pg_tmp/initdb.log" 2>&1 || { cat "$pg_tmp/initdb.log" >&2; die "initdb failed"; }

  local attempt port
  for attempt in 1 2 3; do
    port=$(pick_port) || die "no free TCP port in 54329-54429 for the test cluster"
    if as_pg "$pg_bin/pg_ctl" -D "$pg_tmp/data" -l "$pg_tmp/server.log" -w -t 30 \
      -o "-p $port -k $pg_tmp/sock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null; then
      pg_started=1
      pg_url="postgres://postgres@127.0.0.1:$port/postgres"
      say "Throwaway PostgreSQL is ready on 127.0.0.1:$port"
      return 0
    fi
    say "PostgreSQL did not start on port $port (attempt $attempt):"
    tail -n 20 "$pg_tmp/server.log" >&2 2>/dev/null || true
    # A postmaster that half-started must not survive into the next attempt.
    as_pg "$pg_bin/pg_ctl" -D "$pg_tmp/data" -m immediate stop >/dev/null 2>&1 || true
  done
  die "could not start the throwaway PostgreSQL cluster"
}

# Decide now how PostgreSQL will be reached, so CI fails before the long SQLite run.
pg_skipped=0
if [[ -z $pg_url ]]; then
  if ! pg_bin=$(find_pg_bin); then
    if [[ -n ${CI:-} ]]; then
      die "no PostgreSQL found (no /usr/lib/postgresql/*/bin/initdb, no initdb on PATH) and PACTUM_TEST_DATABASE_URL is not set; CI requires the PostgreSQL run"
    fi
    pg_skipped=1
  fi
fi

# ---------------------------------------------------------------------------------------
# 0. The map script (Node's built-in test runner; no packages), unless filtered
# ---------------------------------------------------------------------------------------
js_status=0
if [[ $# -eq 0 ]]; then
  if command -v node >/dev/null; then
    say "== Map script tests (node --test tests/js/) =="
    node --test tests/js/ || js_status=$?
  elif [[ -n ${CI:-} ]]; then
    die "node is required for tests/js (install Node.js 18 or newer)"
  else
    say "WARNING: node not found: the map script tests (tests/js) were skipped"
  fi
fi

# ---------------------------------------------------------------------------------------
# 1. SQLite
# ---------------------------------------------------------------------------------------
say ""
say "== Test suite on SQLite =="
sqlite_status=0
run_suite "$@" || sqlite_status=$?

# ---------------------------------------------------------------------------------------
# 2. PostgreSQL
# ---------------------------------------------------------------------------------------
pg_status=0
if [[ $pg_skipped -eq 0 ]]; then
  if [[ -z $pg_url ]]; then
    start_throwaway_pg
  fi
  say ""
  say "== Test suite on PostgreSQL (URL redacted) =="
  PACTUM_TEST_DATABASE_URL="$pg_url" run_suite "$@" || pg_status=$?
fi

# ---------------------------------------------------------------------------------------
# Summary
# ---------------------------------------------------------------------------------------
say ""
say "== Summary =="
if [[ $js_status -ne 0 ]]; then say "Map script: FAILED (exit $js_status)"; fi
if [[ $sqlite_status -eq 0 ]]; then say "SQLite:     passed"; else say "SQLite:     FAILED (exit $sqlite_status)"; fi
if [[ $pg_skipped -eq 1 ]]; then
  say "PostgreSQL: SKIPPED"
  say ""
  say "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
  say "!! SKIPPED PostgreSQL run: no PostgreSQL found. Only half of the suite ran."
  say "!! Install the PostgreSQL server binaries (Debian: apt-get install postgresql-15),"
  say "!! or set PACTUM_TEST_DATABASE_URL=postgres://USER@HOST:PORT/postgres (a role that"
  say "!! may CREATE DATABASE). CI never skips this run."
  say "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
elif [[ $pg_status -eq 0 ]]; then
  say "PostgreSQL: passed"
else
  say "PostgreSQL: FAILED (exit $pg_status)"
fi

if [[ $sqlite_status -ne 0 || $pg_status -ne 0 || $js_status -ne 0 ]]; then
  exit 1
fi
exit 0
