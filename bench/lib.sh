# Sourced by every bench/*.sh: the repo root as working directory, a scratch directory removed on
# exit, the release build, a throw-away Valkey and lanes-api on free ports of 127.0.0.1, and the
# Python environment with the peer queues. Everything started here is stopped on exit.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

BENCH_WORK="$(mktemp -d)"
BENCH_PIDS=()
bench_cleanup() {
  local pid
  for pid in "${BENCH_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${BENCH_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$BENCH_WORK"
}
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

VALKEY_SERVER="$(command -v valkey-server || command -v redis-server || true)"
VALKEY_CLI="$(command -v valkey-cli || command -v redis-cli || true)"
VALKEY_BENCHMARK="$(command -v valkey-benchmark || command -v redis-benchmark || true)"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Installs the system tools the benchmarks use (Valkey and hiredis always, plus the named ones).
bench_install() {
  LANES_NEED_TOOLS="$*" bash scripts/install-deps.sh
  VALKEY_SERVER="$(command -v valkey-server || command -v redis-server)"
  VALKEY_CLI="$(command -v valkey-cli || command -v redis-cli)"
  VALKEY_BENCHMARK="$(command -v valkey-benchmark || command -v redis-benchmark || true)"
}

# Builds every product in release mode; BENCH_BIN is where the binaries are.
# LANES_SCRATCH_PATH picks the build directory (default .build-bench).
bench_build() {
  local scratch="${LANES_SCRATCH_PATH:-.build-bench}"
  echo "building release binaries in $scratch (minutes on a cold cache)..." >&2
  swift build -c release --scratch-path "$scratch" >"$BENCH_WORK/build.log" 2>&1 \
    || { tail -30 "$BENCH_WORK/build.log" >&2; echo "release build failed" >&2; exit 1; }
  BENCH_BIN="$(swift build -c release --scratch-path "$scratch" --show-bin-path)"
}

# A fresh Valkey with no persistence on a free port, with the hash encoding config/valkey.conf ships
# (every system measured shares this server and its settings): VALKEY_PORT, VALKEY_URL.
start_valkey() {
  VALKEY_PORT="$(free_port)"
  mkdir -p "$BENCH_WORK/valkey"
  "$VALKEY_SERVER" --port "$VALKEY_PORT" --bind 127.0.0.1 --dir "$BENCH_WORK/valkey" --save "" --appendonly no \
    --hash-max-listpack-value 1024 --daemonize no --logfile "$BENCH_WORK/valkey.log" &
  BENCH_PIDS+=($!)
  local _
  for _ in $(seq 100); do "$VALKEY_CLI" -p "$VALKEY_PORT" ping >/dev/null 2>&1 && break; sleep 0.05; done
  "$VALKEY_CLI" -p "$VALKEY_PORT" ping >/dev/null || { echo "valkey did not start: $BENCH_WORK/valkey.log" >&2; exit 1; }
  VALKEY_URL="valkey://127.0.0.1:$VALKEY_PORT"
}

valkey() { "$VALKEY_CLI" -p "$VALKEY_PORT" "$@"; }

# lanes-api on a free port against VALKEY_URL with an admin key, logging warnings only (an info
# audit line per request would be part of what is measured): API_URL, API_KEY.
start_api() {
  local port
  port="$(free_port)"
  API_KEY="bench-admin-secret"
  LANES_VALKEY_URL="$VALKEY_URL" LANES_API_KEYS="bench:admin:$API_KEY" LANES_HTTP_PORT="$port" LANES_LOG_LEVEL=warning \
    LANES_CONFIG="${LANES_CONFIG:-bench/lanes.yaml}" "$BENCH_BIN/lanes-api" >"$BENCH_WORK/api.log" 2>&1 &
  BENCH_PIDS+=($!)
  API_URL="http://127.0.0.1:$port"
  local _
  for _ in $(seq 100); do curl -fs "$API_URL/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
  curl -fs "$API_URL/readyz" >/dev/null || { cat "$BENCH_WORK/api.log" >&2; echo "lanes-api did not start" >&2; exit 1; }
}

# A virtual environment in bench/VENV with the pinned packages of a requirements file, made anew
# when the file changes: prints its python.
bench_venv() {
  local venv="bench/$1" requirements="bench/$2"
  if ! cmp -s "$requirements" "$venv/requirements.txt"; then
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check -r "$requirements" >&2
    cp "$requirements" "$venv/requirements.txt"
  fi
  echo "$venv/bin/python"
}

# wrk for D seconds with C connections and the request of a Lua script: the raw report on stdout.
wrk_run() {
  local path="$1" script="$2" connections="$3" duration="$4"
  wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$script" "$API_URL$path"
}

# A wrk script that POSTs the body in the named file with the API key.
wrk_post_script() {
  local body_file="$1" script="$2"
  cat >"$script" <<LUA
wrk.method = "POST"
local f = io.open("$body_file", "r"); wrk.body = f:read("*a"); f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $API_KEY"
LUA
}
