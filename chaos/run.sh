#!/usr/bin/env bash
# The chaos test: builds lanes-api and chaos-worker, then runs chaos/chaos.py (Valkey with
# appendfsync always, lanes-api, three workers; worker SIGKILLs and SIGTERMs, one Valkey SIGKILL,
# 2% of tasks cancelled) and fails on any lost task or outcome recorded twice. See chaos/README.md.
#   chaos/run.sh                              20,000 tasks, release build
#   chaos/run.sh --tasks 1500 --rate 40 --debug   the size CI runs (scripts/test.sh)
# Other flags go to chaos.py (chaos/chaos.py --help). LANES_SCRATCH_PATH picks the build directory.
set -euo pipefail
cd "$(dirname "$0")/.."

config=release
args=()
for arg in "$@"; do
  case "$arg" in
    --debug) config=debug ;;
    --release) config=release ;;
    *) args+=("$arg") ;;
  esac
done

command -v valkey-server >/dev/null || command -v redis-server >/dev/null || bash scripts/install-deps.sh
scratch="${LANES_SCRATCH_PATH:-.build}"
echo "chaos: building lanes-api and chaos-worker ($config, $scratch)"
for product in lanes-api chaos-worker; do
  if ! out="$(swift build -c "$config" --scratch-path "$scratch" --product "$product" 2>&1)"; then
    echo "$out" | tail -40
    echo "chaos: build of $product failed"
    exit 1
  fi
done
bin="$(swift build -c "$config" --scratch-path "$scratch" --show-bin-path)"
exec python3 chaos/chaos.py --bin "$bin" "${args[@]+"${args[@]}"}"
