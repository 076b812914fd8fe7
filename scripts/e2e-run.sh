#!/usr/bin/env bash
# End-to-end check of the first README command: starts scripts/run.sh in the background (own ports,
# own state directory), creates a task in each lane with curl, waits for both to complete, stops it
# with SIGINT, and checks that no process it started is left running.
set -euo pipefail
cd "$(dirname "$0")/.."
home="$(mktemp -d -t lanes-e2e-XXXXXX)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
http_port="$(free_port)"; valkey_port="$(free_port)"
export LANES_HOME="$home" LANES_HTTP_PORT="$http_port" LANES_VALKEY_PORT="$valkey_port" LANES_BUILD="${LANES_BUILD:-debug}"
unset LANES_API_KEYS LANES_CONFIG
# A background job of a script ignores SIGINT; restore it so the test can press "Ctrl-C".
python3 -c 'import os, signal; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp("bash", ["bash", "scripts/run.sh"])' \
  >"$home/run.out" 2>&1 &
run_pid=$!
fail() { echo "e2e-run: FAILED: $*"; cat "$home/run.out"; tail -20 "$home"/logs/*.log 2>/dev/null; kill -INT "$run_pid" 2>/dev/null; exit 1; }

for _ in $(seq 1 600); do grep -q "lanes: ready" "$home/run.out" 2>/dev/null && break; kill -0 "$run_pid" 2>/dev/null || fail "run.sh exited early"; sleep 0.5; done
grep -q "lanes: ready" "$home/run.out" || fail "not ready in time"
key="$(cat "$home/admin.key")"
url="http://127.0.0.1:$http_port/api/v1/queue"
ids=()
for body in '{"queue":"operations","operation":"word-count","data":{"text":"to be or not to be"}}' \
            '{"queue":"llm","operation":"echo","data":{"prompt":"hello"}}'; do
  id="$(curl -fsS -X POST "$url/tasks" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d "$body" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["task_id"])')" || fail "create failed: $body"
  ids+=("$id")
done
for id in "${ids[@]}"; do
  status=""
  for _ in $(seq 1 100); do
    status="$(curl -fsS "$url/tasks/$id" -H "Authorization: Bearer $key" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')"
    [ "$status" = "completed" ] && break
    sleep 0.2
  done
  [ "$status" = "completed" ] || fail "task $id is $status, expected completed"
  echo "e2e-run: task $id completed"
done
pids="$(cat "$home/pids")"
kill -INT "$run_pid"
for _ in $(seq 1 150); do kill -0 "$run_pid" 2>/dev/null || break; sleep 0.2; done
kill -0 "$run_pid" 2>/dev/null && fail "run.sh still running 30 s after SIGINT"
for pid in $pids; do kill -0 "$pid" 2>/dev/null && fail "process $pid is still running after stop"; done
grep -q "lanes: stopped" "$home/run.out" || fail "no clean stop message"
rm -rf "$home"
echo "e2e-run: 1 passed, 0 failed"
