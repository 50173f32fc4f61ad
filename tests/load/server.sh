# Shared by the load scripts (sourced, not run): a throwaway data dir, the release
# server started on it and waited for, and the cleanup that stops the server and
# removes the data dir on exit. The caller sets `bin`, `base` and `pactum_env` and
# defines `say` and `die`.

data_dir=$(mktemp -d "${TMPDIR:-/tmp}/pactum-bench.XXXXXX")
server_pid=""

# shellcheck disable=SC2317  # called from the EXIT trap
cleanup() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf -- "$data_dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Starts `pactum serve` with `pactum_env` (its log in the data dir) and waits until
# it answers /healthz.
start_server() {
  say "== Starting pactum serve on $base =="
  env "${pactum_env[@]}" PACTUM_LOG="${BENCH_LOG:-warn}" "$bin" serve >"$data_dir/server.log" 2>&1 &
  server_pid=$!
  local ready=0
  for _ in $(seq 1 60); do
    if curl -fsS -o /dev/null "$base/healthz" 2>/dev/null; then
      ready=1
      break
    fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.5
  done
  if [[ $ready -ne 1 ]]; then
    tail -n 40 "$data_dir/server.log" >&2 || true
    if kill -0 "$server_pid" 2>/dev/null; then
      die "the server did not answer $base/healthz within 30 s"
    fi
    die "the server exited before answering $base/healthz (its log is above)"
  fi
}
