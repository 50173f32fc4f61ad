# Shared by the load scripts (sourced, not run): a throwaway data dir, the release
# server(s) started on it and waited for, and the cleanup that stops every process it
# started and removes the data dir on exit. The caller sets `bin`, `host`, `port` and
# `pactum_env` and defines `say` and `die`.
#
# `start_server` starts one `pactum serve` on $host:$port; `start_servers N` starts N of
# them on $port, $port+1, ... (PostgreSQL only: they share the database and the data
# dir, hence the sessions, keys, files and search index, as the instances of deploy/
# do). Their addresses are in `server_urls`, their process ids in `server_pids`, their
# logs in the data dir: server.log for the first, server-2.log, server-3.log, ... for
# the others (`server_log I` names instance I's, counting from 1). `start_helper`
# starts another process the same way (the bare "hello" baseline of run.sh), stopped on
# exit as well.

# BENCH_DATA_DIR names a data dir to keep (and reuse: see run.sh) instead.
if [[ -n ${BENCH_DATA_DIR:-} ]]; then
  data_dir=$BENCH_DATA_DIR
  mkdir -p -- "$data_dir"
  keep_data_dir=1
else
  data_dir=$(mktemp -d "${TMPDIR:-/tmp}/pactum-bench.XXXXXX")
  keep_data_dir=0
fi
server_pids=()
server_urls=()
helper_pids=()

# shellcheck disable=SC2317  # called from the EXIT trap
cleanup() {
  local pid live=()
  # TERM to all at once, then up to 5 s for all of them, then KILL what is left.
  for pid in "${server_pids[@]}" "${helper_pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      live+=("$pid")
    fi
  done
  if ((${#live[@]} > 0)); then
    for _ in $(seq 1 50); do
      local running=0
      for pid in "${live[@]}"; do
        kill -0 "$pid" 2>/dev/null && running=1
      done
      ((running)) || break
      sleep 0.1
    done
    for pid in "${live[@]}"; do
      kill -KILL "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    done
  fi
  ((keep_data_dir)) || rm -rf -- "$data_dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The log file of instance I (from 1).
server_log() {
  if (($1 == 1)); then
    printf '%s/server.log' "$data_dir"
  else
    printf '%s/server-%s.log' "$data_dir" "$1"
  fi
}

# Waits until PID answers URL (a health check), or dies showing the end of LOG.
wait_ready() {
  local pid=$1 url=$2 log=$3
  for _ in $(seq 1 60); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  tail -n 40 "$log" >&2 || true
  if kill -0 "$pid" 2>/dev/null; then
    die "$url did not answer within 30 s (the log $log is above)"
  fi
  die "the process behind $url exited before answering (the log $log is above)"
}

# Starts `pactum serve` with `pactum_env` N times (default 1) on $host:$port,
# $host:$((port + 1)), ..., each with its own PACTUM_BIND and log and without the
# metrics endpoint (the instances would all ask for its one default address), and
# waits until each answers /healthz.
start_servers() {
  local n=${1:-1} i url
  for ((i = 1; i <= n; i++)); do
    url="http://$host:$((port + i - 1))"
    say "== Starting pactum serve on $url =="
    env "${pactum_env[@]}" "PACTUM_BIND=$host:$((port + i - 1))" PACTUM_METRICS_BIND=off \
      PACTUM_LOG="${BENCH_LOG:-warn}" "$bin" serve >"$(server_log "$i")" 2>&1 &
    server_pids+=("$!")
    server_urls+=("$url")
  done
  for ((i = 1; i <= n; i++)); do
    wait_ready "${server_pids[i - 1]}" "${server_urls[i - 1]}/healthz" "$(server_log "$i")"
  done
}

start_server() {
  start_servers 1
}

# Starts `start_helper LOG URL COMMAND...`: COMMAND in the background (its output to
# LOG), stopped on exit, and waits until it answers URL. Sets `helper_pid`.
start_helper() {
  local log=$1 url=$2
  shift 2
  "$@" >"$log" 2>&1 &
  helper_pid=$!
  helper_pids+=("$helper_pid")
  wait_ready "$helper_pid" "$url" "$log"
}

# Dies, showing the end of its log, if a started server has exited.
check_servers() {
  local i
  for ((i = 1; i <= ${#server_pids[@]}; i++)); do
    if ! kill -0 "${server_pids[i - 1]}" 2>/dev/null; then
      tail -n 40 "$(server_log "$i")" >&2 || true
      die "the server on ${server_urls[i - 1]} died (the end of its log is above)"
    fi
  done
}
