#!/usr/bin/env bash
# Crash recovery with the default worker settings: builds lanes-api and lanes-worker (release),
# then chaos/recovery.py SIGKILLs the worker running a task and times until another runs it.
#   chaos/recovery.sh [--runs 5]
# LANES_SCRATCH_PATH picks the build directory (default .build).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valkey-server >/dev/null || command -v redis-server >/dev/null || bash scripts/install-deps.sh
scratch="${LANES_SCRATCH_PATH:-.build}"
for product in lanes-api lanes-worker; do
  if ! out="$(swift build -c release --scratch-path "$scratch" --product "$product" 2>&1)"; then
    echo "$out" | tail -40
    echo "recovery: build of $product failed"
    exit 1
  fi
done
exec python3 chaos/recovery.py --bin "$(swift build -c release --scratch-path "$scratch" --show-bin-path)" "$@"
