#!/usr/bin/env bash
# The dashboard in a real browser: starts its own Valkey (free port), lanes-api (an admin and a
# read-only key) and one lanes-worker, then drives headless Chromium with Selenium through
# Tests/Browser/test_dashboard.py. Installs chromium, chromium-driver and selenium when missing.
#   scripts/test-browser.sh                                  screenshots go to a temporary directory
#   LANES_SCREENSHOT_DIR=docs/screenshots scripts/test-browser.sh   refreshes the README's screenshots
#   LANES_SCRATCH_PATH=.build-x picks the SwiftPM build directory (default .build)
set -euo pipefail
cd "$(dirname "$0")/.."

LANES_NEED_TOOLS="chromium chromedriver" bash scripts/install-deps.sh
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -c 'import selenium' 2>/dev/null || .venv/bin/pip install -q "selenium>=4.20,<5"

scratch="${LANES_SCRATCH_PATH:-.build}"
swift build --scratch-path "$scratch" --product lanes-api >/dev/null
swift build --scratch-path "$scratch" --product lanes-worker >/dev/null
bin="$(swift build --scratch-path "$scratch" --show-bin-path)"

work="$(mktemp -d -t lanes-browser-XXXXXX)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
valkey_port="$(free_port)"; http_port="$(free_port)"
# Stops one process: SIGTERM, then SIGKILL after 10 s.
stop() {
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$1" 2>/dev/null && { echo "test-browser: $2 ignored SIGTERM for 10 s; killed" >&2; kill -9 "$1" 2>/dev/null || true; }
  wait "$1" 2>/dev/null || true
}
# Reverse order: the worker and the API stop while Valkey still answers.
cleanup() {
  [ -n "${worker_pid:-}" ] && stop "$worker_pid" lanes-worker
  [ -n "${api_pid:-}" ] && stop "$api_pid" lanes-api
  [ -n "${valkey_pid:-}" ] && stop "$valkey_pid" valkey
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

server="$(command -v valkey-server || command -v redis-server)"
"$server" --port "$valkey_port" --bind 127.0.0.1 --dir "$work" --save "" --appendonly no --daemonize no \
  --logfile "$work/valkey.log" &
valkey_pid=$!
cli="$(command -v valkey-cli || command -v redis-cli)"
for _ in $(seq 1 100); do "$cli" -p "$valkey_port" ping >/dev/null 2>&1 && break; sleep 0.05; done

admin_key="admin-$(python3 -c 'import secrets; print(secrets.token_hex(12))')"
read_key="read-$(python3 -c 'import secrets; print(secrets.token_hex(12))')"
export LANES_VALKEY_URL="valkey://127.0.0.1:$valkey_port" LANES_CONFIG="$PWD/config/lanes.yaml" LANES_PREFIX="lanes-browser"
LANES_API_KEYS="ops:admin:$admin_key,viewer:read:$read_key" LANES_HTTP_PORT="$http_port" LANES_HTTP_HOST=127.0.0.1 \
  "$bin/lanes-api" >"$work/api.log" 2>&1 &
api_pid=$!
"$bin/lanes-worker" >"$work/worker.log" 2>&1 &
worker_pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$http_port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs "http://127.0.0.1:$http_port/readyz" >/dev/null || { echo "test-browser: lanes-api did not start"; tail -20 "$work/api.log"; exit 1; }

shots="${LANES_SCREENSHOT_DIR:-$(mktemp -d -t lanes-browser-shots-XXXXXX)}"
mkdir -p "$shots"
status=0
LANES_URL="http://127.0.0.1:$http_port" LANES_ADMIN_KEY="$admin_key" LANES_READ_KEY="$read_key" LANES_SHOTS="$shots" \
  .venv/bin/python Tests/Browser/test_dashboard.py || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- api.log"; tail -20 "$work/api.log"; echo "--- worker.log"; tail -20 "$work/worker.log"
  echo "test-browser: screenshots (with failure.png) kept in $shots"
elif [ -z "${LANES_SCREENSHOT_DIR:-}" ]; then
  rm -rf "$shots"
else
  echo "test-browser: screenshots in $shots"
fi
exit "$status"
