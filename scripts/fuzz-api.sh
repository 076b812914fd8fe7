#!/usr/bin/env bash
# Fuzzes the running API with schemathesis (PyPI) against its own OpenAPI document, with every check:
# no server errors, responses match the schemas, bad input is refused. Starts its own Valkey and
# lanes-api (debug build) on free ports. Exits non-zero on any failure.
#   scripts/fuzz-api.sh [--max-examples N]
# LANES_SCRATCH_PATH picks the SwiftPM build directory (default .build).
set -euo pipefail
cd "$(dirname "$0")/.."
examples=25
[ "${1:-}" = "--max-examples" ] && examples="$2"
bash scripts/install-deps.sh
[ -x .venv/bin/schemathesis ] || { python3 -m venv .venv && .venv/bin/pip install -q "schemathesis>=4,<5"; }
scratch="${LANES_SCRATCH_PATH:-.build}"
swift build --scratch-path "$scratch" --product lanes-api >/dev/null
bin="$(swift build --scratch-path "$scratch" --show-bin-path)"
server="$(command -v valkey-server || command -v redis-server)"
cli="$(command -v valkey-cli || command -v redis-cli)"
work="$(mktemp -d)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
vport="$(free_port)"; hport="$(free_port)"
"$server" --port "$vport" --bind 127.0.0.1 --dir "$work" --save "" --appendonly no --daemonize no --logfile "$work/valkey.log" &
vpid=$!
for _ in $(seq 100); do "$cli" -p "$vport" ping >/dev/null 2>&1 && break; sleep 0.05; done
key="fuzz-admin-secret"
LANES_VALKEY_URL="valkey://127.0.0.1:$vport" LANES_API_KEYS="fuzz:admin:$key" LANES_HTTP_PORT="$hport" LANES_LOG_LEVEL=error \
  "$bin/lanes-api" >"$work/api.log" 2>&1 &
apid=$!
trap 'kill $apid $vpid 2>/dev/null; wait $apid $vpid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$hport/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
# Real task ids (queued, scheduled, waiting, cancelled) so that half the generated ids reach the
# routes' logic instead of 404: the repo's schemathesis.toml plus a dictionary of those ids.
api="http://127.0.0.1:$hport/api/v1/queue"
create() { curl -fs -X POST "$api/tasks" -H "Authorization: Bearer $key" -d "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["task_id"])'; }
ids=()
for lane in llm operations; do ids+=("$(create "{\"queue\":\"$lane\",\"operation\":\"noop\",\"data\":{\"n\":1}}")"); done
ids+=("$(create '{"queue":"operations","operation":"noop","data":{},"delay_seconds":3600}')")
ids+=("$(create "{\"queue\":\"operations\",\"operation\":\"noop\",\"data\":{},\"depends_on\":[\"${ids[2]}\"]}")")
cancelled="$(create '{"queue":"llm","operation":"noop","data":{}}')"
curl -fs -X DELETE "$api/tasks/$cancelled" -H "Authorization: Bearer $key" >/dev/null
ids+=("$cancelled")
config="$work/schemathesis.toml"
cp schemathesis.toml "$config"
{ echo; echo '[dictionaries.task_ids]'; printf 'values = [%s]\n' "$(printf '"%s",' "${ids[@]}" | sed 's/,$//')"
  echo '[parameters]'; echo '"path.id" = { dictionary = "task_ids", probability = 0.5 }'; } >> "$config"
# The event stream never ends and wait holds the connection, so both are left out of fuzzing.
# Every check runs: schemathesis 4 enables all of them (what --checks all asks for) unless the config
# turns one off for an operation. "--checks all" itself is not passed, because a command-line choice
# overrides the per-operation exceptions of schemathesis.toml (a cancelled task stays readable).
.venv/bin/schemathesis --config-file "$config" run "http://127.0.0.1:$hport/api/v1/openapi.json" \
  --header "Authorization: Bearer $key" --max-examples "$examples" \
  --exclude-path-regex '/events$|/wait$' --phases examples,coverage,fuzzing,stateful \
  --request-timeout 10 2>&1 | tee "$work/report.txt"
status=${PIPESTATUS[0]}
grep -q "panicked\|fatal" "$work/api.log" && { echo "fuzz: the API logged a crash"; status=1; }
kill -0 $apid 2>/dev/null || { echo "fuzz: lanes-api died"; status=1; }
exit $status
