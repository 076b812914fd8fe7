#!/usr/bin/env bash
# Runs every Lanes test against a real Valkey (or Redis >= 7) that this script starts on a free
# port in a temporary directory and stops afterwards, also when tests fail.
#   scripts/test.sh            all tests
#   scripts/test.sh --filter X passes the rest to `swift test`
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh

server="$(command -v valkey-server || command -v redis-server)"
workdir="$(mktemp -d -t lanes-test-XXXXXX)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$server" --port "$port" --bind 127.0.0.1 --dir "$workdir" --save "" --appendonly no \
  --daemonize no --logfile "$workdir/server.log" &
server_pid=$!
cleanup() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  rm -rf "$workdir"
}
trap cleanup EXIT INT TERM

cli="$(command -v valkey-cli || command -v redis-cli)"
for _ in $(seq 1 100); do
  "$cli" -p "$port" ping >/dev/null 2>&1 && break
  sleep 0.05
done
echo "test server: $("$server" --version | head -c 60) on 127.0.0.1:$port"

export LANES_TEST_VALKEY_URL="valkey://127.0.0.1:$port"
export LANES_TEST_VALKEY_SERVER="$server"
# LANES_SCRATCH_PATH picks the SwiftPM build directory (default .build), so builds can run side by side.
scratch="${LANES_SCRATCH_PATH:-.build}"
swift build --build-tests --scratch-path "$scratch"
swift test --skip-build --scratch-path "$scratch" "$@"

# With no filter given, the whole-system checks run too.
if [ $# -eq 0 ]; then
  bash scripts/check-compose.sh
  LANES_BUILD=debug bash scripts/e2e-run.sh
  bash scripts/fuzz-api.sh --max-examples 25
  LANES_SCRATCH_PATH="$scratch" bash scripts/test-browser.sh
  LANES_SCRATCH_PATH="$scratch" bash chaos/run.sh --tasks 1500 --rate 40 --debug
fi
