#!/usr/bin/env bash
# The benchmark, one command: installs what it needs (Valkey, wrk, valkey-benchmark, the peers from
# PyPI into bench/.venv), builds the release binaries, starts one fresh Valkey and lanes-api on free
# ports, measures Lanes and its peers (SAQ, arq, RQ, Celery) against that one server, and prints
# one table (bench/report.py). The full run writes the table into BENCHMARKS.md.
#   bench/run.sh            full run: 50,000 tasks a throughput run, medians of 3 runs (~30 min)
#   bench/run.sh --quick    smoke run: small counts, one run each, BENCHMARKS.md untouched
#   BENCH_SYSTEMS=lanes,saq BENCH_TESTS=throughput,pickup bench/run.sh --quick   a subset
#   BENCH_CONCURRENCY=32 bench/run.sh   every worker process runs 32 jobs at once (Lanes' slots,
#                                       SAQ's concurrency, arq's max_jobs, Celery's threads; RQ has 1)
# Tests: ceiling, throughput, enqueue, batch, pickup, memory. LANES_SCRATCH_PATH picks the build
# directory (default .build-bench). Raw results: bench/out/results-<time>.jsonl.
source "$(dirname "$0")/lib.sh"
quick=""
for arg in "$@"; do
  case "$arg" in
    --quick) quick="--quick" ;;
    *) echo "usage: bench/run.sh [--quick]" >&2; exit 2 ;;
  esac
done

concurrency="${BENCH_CONCURRENCY:-}"
if [ -n "$concurrency" ] && ! [[ "$concurrency" =~ ^[1-9][0-9]{0,3}$ ]]; then
  echo "BENCH_CONCURRENCY must be a whole number from 1 to 9999, not '$concurrency'" >&2; exit 2
fi

bench_install wrk redis-benchmark
bench_build
python="$(bench_venv .venv requirements.txt)"
celery_python="$(bench_venv .venv-celery requirements-celery.txt)"
start_valkey
start_api
lanes_config=bench/lanes.yaml
if [ -n "$concurrency" ]; then
  lanes_config="$BENCH_WORK/lanes.yaml"
  sed "s/concurrency: 8$/concurrency: $concurrency/" bench/lanes.yaml >"$lanes_config"
fi

systems="${BENCH_SYSTEMS:-lanes,saq,arq,rq,celery}"
tests="${BENCH_TESTS:-ceiling,throughput,enqueue,batch,pickup,memory}"
mkdir -p bench/out
results="bench/out/results-$(date +%Y%m%d-%H%M%S).jsonl"
echo "== $(nproc) cores, $("$VALKEY_SERVER" --version | grep -o 'v=[0-9.]*'), results in $results" >&2
measure() {
  "$1" bench/measure.py --port "$VALKEY_PORT" --api-url "$API_URL" --api-key "$API_KEY" --bin "$BENCH_BIN" \
    --lanes-config "$lanes_config" --valkey-benchmark "$VALKEY_BENCHMARK" --out "$results" $quick \
    --systems "$2" --tests "$3" "${@:4}" >/dev/null
}
# Celery lives in its own environment (its kombu and arq want different redis-py majors): its
# throughput runs take their turn among the others' through --celery-python, its other tests run after.
measure "$python" "$systems" "$tests" --celery-python "$celery_python"
celery_tests="$(tr ',' '\n' <<<"$tests" | grep -vxE 'ceiling|throughput' | paste -sd, || true)"
if tr ',' '\n' <<<"$systems" | grep -qx celery && [ -n "$celery_tests" ]; then
  measure "$celery_python" celery "$celery_tests"
fi
if [ -z "$quick" ] && [ -z "${BENCH_SYSTEMS:-}${BENCH_TESTS:-}$concurrency" ]; then
  "$python" bench/report.py "$results" --markdown BENCHMARKS.md --command "bench/run.sh"
else
  "$python" bench/report.py "$results"
fi
