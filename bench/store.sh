#!/usr/bin/env bash
# Store lifecycle benchmark, in one run against one fresh Valkey: the server's own ceiling
# (valkey-benchmark EVALSHA of a small script, 50 clients) and the store's enqueue -> claim ->
# complete throughput of N no-op tasks with C clients (`lanes-bench store`, the Swift client
# without HTTP or worker processes), with round trips per task; medians of 3 runs.
#   bench/store.sh [--tasks N] [--concurrency C]
# LANES_SCRATCH_PATH picks the build directory (default .build-bench).
source "$(dirname "$0")/lib.sh"
bench_install redis-benchmark
bench_build
start_valkey

sha="$(valkey SCRIPT LOAD "redis.call('INCR', KEYS[1]) return 1")"
echo "== server: $("$VALKEY_SERVER" --version | cut -d' ' -f1-3), $(nproc) cores"
ceiling="$("$VALKEY_BENCHMARK" -p "$VALKEY_PORT" -c 50 -n 300000 --csv EVALSHA "$sha" 1 bench:counter | tail -1 | cut -d'"' -f4)"
echo "server ceiling        ${ceiling} EVALSHA/s (valkey-benchmark, 50 clients)"
for run in 1 2 3; do
  echo "-- run $run"
  "$BENCH_BIN/lanes-bench" store --url "$VALKEY_URL" "$@" | tee -a "$BENCH_WORK/out"
done
python3 - "$ceiling" "$BENCH_WORK/out" <<'PY'
import statistics, sys
ceiling = float(sys.argv[1])
lines = open(sys.argv[2]).read().splitlines()
lifecycle = statistics.median(float(l.split()[1]) for l in lines if l.startswith("lifecycle"))
trips = statistics.median(float(l.split()[4]) for l in lines if l.startswith("round trips"))
print("== median of 3 runs")
print(f"lifecycle             {lifecycle:.0f} tasks/s")
print(f"round trips per task  {trips:.2f}")
print(f"lifecycle / (ceiling / round trips)  {lifecycle / (ceiling / trips) * 100:.0f}% (target >= 50%)")
PY
