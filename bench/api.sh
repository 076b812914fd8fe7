#!/usr/bin/env bash
# API benchmark on the release build: wrk against GET /healthz, POST /api/v1/queue/tasks and
# GET /api/v1/queue/tasks/{id}, one after the other, against a fresh Valkey and lanes-api on free
# ports of 127.0.0.1. Prints requests/s and p99 for each in one table, and POST's share of the
# /healthz rate (target: at least 50%); exits non-zero on any non-2xx answer.
#   bench/api.sh [seconds per endpoint, default 10] [connections, default 32]
# LANES_SCRATCH_PATH picks the build directory (default .build-bench).
source "$(dirname "$0")/lib.sh"
duration="${1:-10}"; connections="${2:-32}"
bench_install wrk
bench_build
start_valkey
start_api

echo '{"queue":"operations","operation":"noop","data":{"n":1,"text":"hello"},"metadata":{"user":7}}' >"$BENCH_WORK/post.json"
wrk_post_script "$BENCH_WORK/post.json" "$BENCH_WORK/post.lua"
echo "wrk.headers[\"Authorization\"] = \"Bearer $API_KEY\"" >"$BENCH_WORK/get.lua"
echo 'wrk.method = "GET"' >"$BENCH_WORK/plain.lua"
id="$(curl -fs -X POST "$API_URL/api/v1/queue/tasks" -H "Authorization: Bearer $API_KEY" -d '{"queue":"operations","operation":"noop","data":{"n":1}}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["task_id"])')"
wrk_run /healthz "$BENCH_WORK/plain.lua" "$connections" "$duration" >"$BENCH_WORK/healthz.txt"
wrk_run /api/v1/queue/tasks "$BENCH_WORK/post.lua" "$connections" "$duration" >"$BENCH_WORK/post.txt"
wrk_run "/api/v1/queue/tasks/$id" "$BENCH_WORK/get.lua" "$connections" "$duration" >"$BENCH_WORK/get.txt"
echo "== lanes-api (release), $(nproc) cores, wrk -t2 -c$connections -d${duration}s, $("$VALKEY_SERVER" --version | grep -o 'v=[0-9.]*' | head -1)"
python3 - "$BENCH_WORK" <<'PY'
import re, sys
work = sys.argv[1]
def read(name):
    text = open(f"{work}/{name}.txt").read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", text)
    p99ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return rps, p99ms, int(errors.group(1)) if errors else 0
rows = [("GET /healthz", "healthz"), ("POST /api/v1/queue/tasks", "post"), ("GET /api/v1/queue/tasks/{id}", "get")]
results = {name: read(name) for _, name in rows}
print(f"{'endpoint':32} {'requests/s':>12} {'p99 ms':>8} {'non-2xx':>8}")
for label, name in rows:
    rps, p99, errors = results[name]
    print(f"{label:32} {rps:12.0f} {p99:8.2f} {errors:8d}")
print(f"POST /tasks rate / GET /healthz rate: {results['post'][0] / results['healthz'][0] * 100:.0f}% (target >= 50%)")
sys.exit(1 if sum(r[2] for r in results.values()) else 0)
PY
