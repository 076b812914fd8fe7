#!/usr/bin/env bash
# API benchmark (release build): wrk against GET /healthz, POST /tasks and GET /tasks/{id} in one
# run against one fresh Valkey; prints requests/s and p99 for each and POST's share of /healthz.
#   bench/api.sh [seconds per endpoint, default 10] [connections, default 32]
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10}"; connections="${2:-32}"
LANES_NEED_TOOLS="wrk" bash scripts/install-deps.sh
swift build -c release --product lanes-api >/dev/null
bin="$(swift build -c release --show-bin-path)"
server="$(command -v valkey-server || command -v redis-server)"
cli="$(command -v valkey-cli || command -v redis-cli)"
work="$(mktemp -d)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
vport="$(free_port)"; hport="$(free_port)"
"$server" --port "$vport" --bind 127.0.0.1 --dir "$work" --save "" --appendonly no --daemonize no --logfile "$work/valkey.log" &
vpid=$!
for _ in $(seq 100); do "$cli" -p "$vport" ping >/dev/null 2>&1 && break; sleep 0.05; done
key="bench-admin-secret"
LANES_VALKEY_URL="valkey://127.0.0.1:$vport" LANES_API_KEYS="bench:admin:$key" LANES_HTTP_PORT="$hport" LANES_LOG_LEVEL=warning \
  "$bin/lanes-api" >"$work/api.log" 2>&1 &
apid=$!
trap 'kill $apid $vpid 2>/dev/null; wait $apid $vpid 2>/dev/null; rm -rf "$work"' EXIT
url="http://127.0.0.1:$hport"
for _ in $(seq 100); do curl -fs "$url/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"queue":"operations","operation":"noop","data":{"n":1}}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $key"
LUA
cat > "$work/get.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $key"
LUA
id="$(curl -fs -X POST "$url/api/v1/queue/tasks" -H "Authorization: Bearer $key" -d '{"queue":"llm","operation":"noop","data":{}}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["task_id"])')"
run() { wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$2" "$url$1" > "$work/$3.txt"; }
echo 'wrk.method = "GET"' > "$work/plain.lua"
run /healthz "$work/plain.lua" healthz
run /api/v1/queue/tasks "$work/post.lua" post
run "/api/v1/queue/tasks/$id" "$work/get.lua" get
echo "== lanes-api (release), $(nproc) cores, wrk -t2 -c$connections -d${duration}s, Valkey $("$server" --version | grep -o 'v=[0-9.]*')"
python3 - "$work" <<'PY'
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
PY
