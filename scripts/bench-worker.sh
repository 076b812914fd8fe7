#!/usr/bin/env bash
# Worker figures on the release build, in one run against one fresh Valkey on 127.0.0.1:
#   - end-to-end no-op throughput with 1 and 2 lanes-worker processes (enqueue to completed),
#   - the same for SAQ (PyPI `saq`, concurrency 10, installed into .venv/) with as many processes,
#   - idle pick-up latency (enqueue call to handler start) p50/p99 over 1,000 tasks.
# Builds in .build-worker; drives the workers with `lanes-bench workers|pickup` and bench/saq_bench.py.
#   scripts/bench-worker.sh [tasks, default 20000]
set -euo pipefail
cd "$(dirname "$0")/.."
tasks="${1:-20000}"
scratch=.build-worker
swift build -c release --scratch-path "$scratch" --product lanes-worker >/dev/null
swift build -c release --scratch-path "$scratch" --product lanes-bench >/dev/null
bin="$(swift build -c release --scratch-path "$scratch" --show-bin-path)"
.venv/bin/python -c "import saq, redis" 2>/dev/null || { python3 -m venv .venv && .venv/bin/pip install -q "saq[redis]>=0.26,<1"; }
server="$(command -v valkey-server || command -v redis-server)"
cli="$(command -v valkey-cli || command -v redis-cli)"
work="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$server" --port "$port" --bind 127.0.0.1 --dir "$work" --save "" --appendonly no --daemonize no --logfile "$work/valkey.log" &
vpid=$!
trap 'kill $vpid 2>/dev/null; wait $vpid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do "$cli" -p "$port" ping >/dev/null 2>&1 && break; sleep 0.05; done
url="valkey://127.0.0.1:$port"
echo "== $(nproc) cores, $("$server" --version | grep -o 'v=[0-9.]*'), $tasks no-op tasks, release build"
for n in 1 2; do
  timeout 600 "$bin/lanes-bench" workers --url "$url" --tasks "$tasks" --workers "$n" --bin-directory "$bin" | tee -a "$work/out"
  "$cli" -p "$port" flushall >/dev/null
  timeout 600 .venv/bin/python bench/saq_bench.py "redis://127.0.0.1:$port" "$tasks" "$n" | tee -a "$work/out"
  "$cli" -p "$port" flushall >/dev/null
done
timeout 300 "$bin/lanes-bench" pickup --url "$url" --samples 1000 | tee -a "$work/out"
python3 - "$work/out" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
for n in (1, 2):
    lanes = float(re.search(rf"lanes workers={n} .*?throughput=(\d+)", text).group(1))
    saq = float(re.search(rf"saq workers={n} .*?throughput=(\d+)", text).group(1))
    print(f"workers={n}: lanes / saq = {lanes / saq:.1f}x (target >= 10x)")
p = re.search(r"p50=([\d.]+) ms p99=([\d.]+) ms", text)
print(f"pick-up p50 {p.group(1)} ms (target <= 1), p99 {p.group(2)} ms (target <= 5)")
PY
