#!/usr/bin/env bash
# Starts Lanes locally: Valkey (config/valkey.conf, data in .lanes/), lanes-api on :8080 and two
# lanes-worker processes. Ctrl-C stops everything cleanly (workers drain first). Running it again
# reuses the data, so queued tasks survive a restart.
#   LANES_HTTP_PORT=8080 LANES_VALKEY_PORT=6379 LANES_WORKERS=2 LANES_BUILD=release LANES_HOME=.lanes scripts/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
state="${LANES_HOME:-$root/.lanes}"
http_port="${LANES_HTTP_PORT:-8080}"
valkey_port="${LANES_VALKEY_PORT:-6379}"
workers="${LANES_WORKERS:-2}"
build="${LANES_BUILD:-release}"

fail() { echo "lanes: $*" >&2; exit 1; }

command -v swift >/dev/null || fail "the Swift 6 toolchain is missing: install it from https://www.swift.org/install/linux/ and run this again"
bash scripts/install-deps.sh || fail "could not install libhiredis-dev and valkey-server: install them with apt-get, then run this again"
port_taken() { python3 -c "import socket,sys; s=socket.socket(); sys.exit(0 if s.connect_ex(('127.0.0.1',$1))==0 else 1)"; }
port_taken "$http_port" && fail "port $http_port is taken: stop what uses it or set LANES_HTTP_PORT"
port_taken "$valkey_port" && fail "port $valkey_port is taken: stop what uses it (another valkey/redis?) or set LANES_VALKEY_PORT"

echo "lanes: building ($build)..."
mkdir -p "$state/logs"
{ swift build -c "$build" --product lanes-api && swift build -c "$build" --product lanes-worker; } >"$state/logs/build.log" 2>&1 \
  || fail "the build failed: see $state/logs/build.log"
bin="$(swift build -c "$build" --show-bin-path)"

mkdir -p "$state/data" "$state/logs"
if [ ! -s "$state/admin.key" ]; then
  python3 -c 'import secrets; print(secrets.token_hex(24))' > "$state/admin.key"
  chmod 600 "$state/admin.key"
fi
admin_key="$(cat "$state/admin.key")"

server="$(command -v valkey-server || command -v redis-server)"
"$server" "$root/config/valkey.conf" --port "$valkey_port" --dir "$state/data" --daemonize no \
  --logfile "$state/logs/valkey.log" &
valkey_pid=$!
cli="$(command -v valkey-cli || command -v redis-cli)"
for _ in $(seq 1 100); do "$cli" -p "$valkey_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
"$cli" -p "$valkey_port" ping >/dev/null 2>&1 || fail "valkey did not start: see $state/logs/valkey.log"

export LANES_VALKEY_URL="valkey://127.0.0.1:$valkey_port"
export LANES_CONFIG="${LANES_CONFIG:-$root/config/lanes.yaml}"
export LANES_API_KEYS="${LANES_API_KEYS:-admin:admin:$admin_key}"
export LANES_HTTP_PORT="$http_port"
export LANES_HTTP_HOST="${LANES_HTTP_HOST:-127.0.0.1}"

"$bin/lanes-api" >>"$state/logs/api.log" 2>&1 &
api_pid=$!
worker_pids=()
for i in $(seq 1 "$workers"); do
  "$bin/lanes-worker" >>"$state/logs/worker-$i.log" 2>&1 &
  worker_pids+=($!)
done

echo "$valkey_pid $api_pid ${worker_pids[*]}" > "$state/pids"

stop() {
  trap - INT TERM EXIT
  echo
  echo "lanes: stopping (workers finish or requeue their tasks)..."
  kill -TERM "${worker_pids[@]}" 2>/dev/null || true
  wait "${worker_pids[@]}" 2>/dev/null || true
  kill -TERM "$api_pid" 2>/dev/null || true
  wait "$api_pid" 2>/dev/null || true
  "$cli" -p "$valkey_port" shutdown >/dev/null 2>&1 || kill -TERM "$valkey_pid" 2>/dev/null || true
  wait "$valkey_pid" 2>/dev/null || true
  echo "lanes: stopped"
  exit 0
}
trap stop INT TERM EXIT

url="http://127.0.0.1:$http_port"
for _ in $(seq 1 100); do
  curl -fs "$url/readyz" >/dev/null 2>&1 && break
  kill -0 "$api_pid" 2>/dev/null || { tail -5 "$state/logs/api.log" >&2; fail "lanes-api exited: see $state/logs/api.log"; }
  sleep 0.1
done
curl -fs "$url/readyz" >/dev/null || fail "lanes-api did not become ready: see $state/logs/api.log"

cat <<INFO
lanes: ready
  API                $url/api/v1/queue (OpenAPI: $url/api/v1/openapi.json)
  admin API key      $admin_key   (kept in $state/admin.key)
  logs               $state/logs/
  create a task:
    curl -s -X POST $url/api/v1/queue/tasks -H "Authorization: Bearer $admin_key" \\
      -H 'Content-Type: application/json' -d '{"queue":"operations","operation":"echo","data":{"hello":"world"}}'
  Ctrl-C stops everything.
INFO
wait "$api_pid" "${worker_pids[@]}"
