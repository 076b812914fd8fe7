#!/usr/bin/env bash
# Valkey's CPU per task, in one run against one fresh Valkey: at the largest batches the store sends
# (`lanes-bench floor`: enqueue 1,000 a call, claim 1,000 a call, completions 64 a call, no worker
# process) and end to end with 1 and 2 `lanes-worker` processes of 8 slots (`lanes-bench workers`).
# One Valkey runs on one core, so 1,000,000 / (µs per task) is the most tasks a second it can carry
# with any number of workers, before the workers, the API and the client take their share of the
# machine's cores. Medians of 3 runs, FLUSHALL before each.
#   bench/floor.sh [--tasks N]
# LANES_SCRATCH_PATH picks the build directory (default .build-bench).
source "$(dirname "$0")/lib.sh"
bench_install
bench_build
start_valkey

echo "== server: $("$VALKEY_SERVER" --version | cut -d' ' -f1-3), $(nproc) cores"
for run in 1 2 3; do
  echo "-- run $run"
  valkey FLUSHALL >/dev/null
  "$BENCH_BIN/lanes-bench" floor --url "$VALKEY_URL" "$@" | tee -a "$BENCH_WORK/out"
  for workers in 1 2; do
    valkey FLUSHALL >/dev/null
    "$BENCH_BIN/lanes-bench" workers --url "$VALKEY_URL" --workers "$workers" --bin-directory "$BENCH_BIN" "$@" | tee -a "$BENCH_WORK/out"
  done
done
python3 - "$BENCH_WORK/out" <<'PY'
import re, statistics, sys
lines = open(sys.argv[1]).read().splitlines()
def median(prefix, pattern):
    return statistics.median(float(re.search(pattern, l).group(1)) for l in lines if l.startswith(prefix))
print("== median of 3 runs: Valkey CPU per task (µs), and the tasks/s one core of it allows")
floor = median("floor", r"per_task=([0-9.]+)")
print(f"{'largest batches (no worker process)':<38} {floor:5.1f} µs   {1e6 / floor:8,.0f} tasks/s")
for workers in (1, 2):
    cpu = median(f"lanes workers={workers} ", r"valkey_cpu=([0-9.]+)")
    rate = median(f"lanes workers={workers} ", r"throughput=([0-9]+)")
    label = f"end to end, {workers} worker{'s' if workers > 1 else ''} of 8 slots"
    print(f"{label:<38} {cpu:5.1f} µs   {1e6 / cpu:8,.0f} tasks/s (measured {rate:,.0f} tasks/s)")
PY
