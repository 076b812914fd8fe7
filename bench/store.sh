#!/usr/bin/env bash
# Store lifecycle benchmark: in one run against one fresh Valkey, prints the server's own ceiling
# (redis-benchmark EVALSHA of a small script, 50 clients) and the store's enqueue -> claim ->
# complete throughput of N no-op tasks with C clients, with round trips per task.
#   bench/store.sh [--tasks N] [--concurrency C]
set -euo pipefail
cd "$(dirname "$0")/.."
LANES_NEED_TOOLS="redis-benchmark" bash scripts/install-deps.sh
swift build -c release --product lanes-bench >/dev/null

server="$(command -v valkey-server || command -v redis-server)"
cli="$(command -v valkey-cli || command -v redis-cli)"
benchmark="$(command -v valkey-benchmark || command -v redis-benchmark)"
workdir="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$server" --port "$port" --bind 127.0.0.1 --dir "$workdir" --save "" --appendonly no --daemonize no --logfile "$workdir/log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$workdir"' EXIT
for _ in $(seq 100); do "$cli" -p "$port" ping >/dev/null 2>&1 && break; sleep 0.05; done

sha="$("$cli" -p "$port" SCRIPT LOAD "redis.call('INCR', KEYS[1]) return 1")"
echo "== server: $("$server" --version | cut -d' ' -f1-3), $(nproc) cores"
ceiling="$("$benchmark" -p "$port" -c 50 -n 300000 -q EVALSHA "$sha" 1 bench:counter | tr '\r' '\n' | grep -o '[0-9.]* requests per second' | tail -1 | cut -d' ' -f1)"
echo "server ceiling        ${ceiling} EVALSHA/s (redis-benchmark, 50 clients)"
for run in 1 2 3; do
  echo "-- run $run"
  .build/release/lanes-bench --url "valkey://127.0.0.1:$port" "$@" | tee -a "$workdir/out"
done
python3 - "$ceiling" "$workdir/out" <<'PY'
import statistics, sys
ceiling = float(sys.argv[1])
lines = open(sys.argv[2]).read().splitlines()
lifecycle = statistics.median(float(l.split()[1]) for l in lines if l.startswith("lifecycle"))
trips = statistics.median(float(l.split()[4]) for l in lines if l.startswith("round trips"))
print(f"== median of 3 runs")
print(f"lifecycle             {lifecycle:.0f} tasks/s")
print(f"round trips per task  {trips:.2f}")
print(f"target                {ceiling / 3 * 0.5:.0f} tasks/s (50% of ceiling / 3)")
print(f"lifecycle / (ceiling / 3)  {lifecycle / (ceiling / 3) * 100:.0f}%")
PY
