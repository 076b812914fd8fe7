"""Turns the JSON lines of bench/measure.py into one table: medians of the runs, each peer's ratio
to Lanes, the targets met or not. With --markdown FILE it also writes BENCHMARKS.md.

    python bench/report.py RESULTS.jsonl [--markdown BENCHMARKS.md --command "bench/run.sh"]
"""
import argparse
import json
import statistics
from collections import defaultdict

ORDER = ["lanes", "saq", "arq", "rq", "celery"]
# In BENCHMARKS.md, whatever follows this line is written by hand and kept when the file is rewritten.
NOTES = "<!-- Notes below this line are kept by bench/report.py. -->"


class Results:
    def __init__(self, path):
        self.records = [json.loads(line) for line in open(path) if line.strip()]
        self.systems = {r["system"]: r for r in self.records if r["test"] == "system"}
        self.machine = next((r for r in self.records if r["test"] == "machine"), None)
        self.ends = [r for r in self.records if r["test"] == "end"]
        self.runs = defaultdict(list)
        for r in self.records:
            key = (r["test"], r.get("system"), r.get("workers"))
            for field in ("rate", "round_trips", "commands", "p50_ms", "p99_ms", "bytes_per_task", "rtt_p50_ms"):
                if field in r:
                    self.runs[key + (field,)].append(r[field])

    def median(self, test, system=None, field="rate", workers=None):
        values = self.runs.get((test, system, workers, field))
        return statistics.median(values) if values else None

    def values(self, test, system=None, field="rate", workers=None):
        return self.runs.get((test, system, workers, field), [])


def number(value, digits=0):
    if value is None:
        return "-"
    return f"{value:,.{digits}f}" if value >= 10 or digits == 0 else f"{value:.{digits}f}"


def rows(results):
    """(label, field getter, digits, show ratio) for the table."""
    r = results
    return [
        ("end-to-end no-op throughput, 1 worker process (tasks/s)", lambda s: r.median("throughput", s, workers=1), 0),
        ("end-to-end no-op throughput, 2 worker processes (tasks/s)", lambda s: r.median("throughput", s, workers=2), 0),
        ("enqueue rate, single calls (tasks/s)", lambda s: r.median("enqueue", s), 0),
        ("idle pick-up latency p50 (ms)", lambda s: r.median("pickup", s, "p50_ms"), 2),
        ("idle pick-up latency p99 (ms)", lambda s: r.median("pickup", s, "p99_ms"), 2),
        ("Valkey memory per queued task, 100-byte payload (bytes)", lambda s: r.median("memory", s, "bytes_per_task"), 0),
        ("round trips per task (server read events)", lambda s: r.median("throughput", s, "round_trips", workers=1), 2),
        ("commands per task (incl. those inside scripts)", lambda s: r.median("throughput", s, "commands", workers=1), 1),
    ]


def table(results):
    systems = [s for s in ORDER if s in results.systems]
    head = ["figure"] + [f"{results.systems[s]['name']} {results.systems[s]['version']}" if s != "lanes" else "Lanes" for s in systems]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for label, get, digits in rows(results):
        lanes = get("lanes") if "lanes" in systems else None
        cells = [label]
        for s in systems:
            value = get(s)
            cell = number(value, digits)
            if s != "lanes" and value is not None and lanes:
                cell += f" ({value / lanes:.2g}x)"
            cells.append(cell)
        lines.append("| " + " | ".join(cells) + " |")
    batch, single = results.median("batch", "lanes"), results.median("enqueue", "lanes")
    if batch:
        ratio = f" ({batch / single:.1f}x POST /tasks)" if single else ""
        lines.append("| batch creation, POST /tasks/batch of 1,000 (tasks/s) | " + number(batch) + ratio
                     + " |" + " - |" * (len(systems) - 1))
    return lines


def verdict(ok):
    return "**met**" if ok else "**not met**"


def targets(results):
    r = results
    peers = [s for s in ORDER[1:] if s in r.systems]
    out = []
    for workers in (1, 2):
        lanes = r.median("throughput", "lanes", workers=workers)
        best = max(((r.median("throughput", s, workers=workers) or 0, s) for s in peers), default=(0, None))
        if lanes and best[1]:
            out.append(f"- Throughput at least 10x the fastest peer, {workers} worker process{'es' if workers > 1 else ''}: "
                       f"Lanes {number(lanes)} tasks/s, {r.systems[best[1]]['name']} {number(best[0])} tasks/s = "
                       f"{lanes / best[0]:.1f}x: {verdict(lanes >= 10 * best[0])}.")
    memory = r.median("memory", "lanes", "bytes_per_task")
    peer_memory = [(r.median("memory", s, "bytes_per_task"), s) for s in peers if r.median("memory", s, "bytes_per_task")]
    if memory and peer_memory:
        least = min(peer_memory)
        out.append(f"- Memory per queued task no more than any peer's: Lanes {number(memory)} B, least among the peers "
                   f"{r.systems[least[1]]['name']} {number(least[0])} B: {verdict(memory <= least[0])}.")
    ceiling = r.median("ceiling")
    trips = r.median("throughput", "lanes", "round_trips", workers=1)
    if ceiling and trips:
        bound = ceiling / trips
        for workers in (1, 2):
            lanes = r.median("throughput", "lanes", workers=workers)
            if lanes:
                out.append(f"- Throughput at least 50% of ceiling / round trips per task ({number(ceiling)} / {trips:.2f} = "
                           f"{number(bound)} tasks/s), {workers} worker process{'es' if workers > 1 else ''}: Lanes "
                           f"{number(lanes)} tasks/s = {lanes / bound * 100:.0f}%: {verdict(lanes >= 0.5 * bound)}.")
    batch, single = r.median("batch", "lanes"), r.median("enqueue", "lanes")
    if batch and single:
        out.append(f"- Batch creation at least 10x single POST /tasks (issue 6): {number(batch)} vs {number(single)} tasks/s = "
                   f"{batch / single:.1f}x: {verdict(batch >= 10 * single)}.")
    return out


def summary(results):
    m = results.machine
    lines = []
    if m:
        lines.append(f"Machine: {m['nproc']} cores ({m['cpu']}), {m['memory_gib']} GiB, Valkey {m['valkey']}, Python {m['python']}; "
                     f"load average at start {m['loadavg'][0]:.2f}" +
                     "".join(f", after {', '.join(e['systems'])} {e['loadavg'][0]:.2f}" for e in results.ends) + ".")
    ceiling, rtt = results.median("ceiling"), results.median("ceiling", field="rtt_p50_ms")
    if ceiling:
        lines.append(f"Server ceiling: {number(ceiling)} EVALSHA/s of a one-INCR script (valkey-benchmark, 50 clients); "
                     f"round trip p50 {rtt:.3f} ms (valkey-benchmark PING, 1 client).")
    runs = max((r["run"] + 1 for r in results.records if "run" in r), default=1)
    lines.append(f"Each figure is the median of {runs} run{'s' if runs > 1 else ''}; (Nx) is the peer's figure divided by Lanes'.")
    return lines


def runs_section(results):
    lines = []
    for s in [s for s in ORDER if s in results.systems]:
        name = results.systems[s]["name"]
        for workers in (1, 2):
            values = results.values("throughput", s, workers=workers)
            if values:
                lines.append(f"- {name}, {workers} worker{'s' if workers > 1 else ''}: " + ", ".join(number(v) for v in values) + " tasks/s")
    return lines


def markdown(results, command):
    settings = "\n".join(f"- **{results.systems[s]['name']}** {results.systems[s]['version'] if s != 'lanes' else '(this tree)'}: {results.systems[s]['settings']}"
                         for s in ORDER if s in results.systems)
    return f"""# Benchmarks

Lanes against SAQ, arq, RQ and Celery on one Valkey, all measured in one run by one command:

```sh
{command}
```

{chr(10).join(summary(results))}

{chr(10).join(table(results))}

## Targets

{chr(10).join(targets(results))}

## How it is measured

`bench/run.sh` installs what it needs (Valkey and wrk through `scripts/install-deps.sh`, the peers
from PyPI at pinned versions into `bench/.venv` and `bench/.venv-celery`), builds the release
binaries, starts one Valkey (no persistence) and one `lanes-api` on free ports, and runs
`bench/measure.py`; every measurement starts from `FLUSHALL` on that same server.

- **Ceiling**: `valkey-benchmark -c 50 EVALSHA` of a script that does one `INCR`; round trip:
  `valkey-benchmark -c 1 PING`, p50.
- **End-to-end throughput**: 50,000 no-op tasks with 1 and then 2 worker processes, from the first
  enqueue until the last task's handler has run. Lanes: `POST /tasks/batch` (1,000 tasks a request)
  to `lanes-api`, real `lanes-worker` processes, completion read from the lane's stats hash. Peers:
  their fastest enqueue path from one client process (RQ `enqueue_many`, one pipeline a 1,000;
  SAQ and arq 500 enqueues in flight; Celery one publish each over a held producer), their own
  worker processes. A peer's handler reports to the driver through a pipe, not through Valkey, so
  instrumentation adds no round trip; its clock stops when the last handler has run (slightly in
  the peers' favour: their final bookkeeping write is not waited for). Runs are interleaved: run 1
  of Lanes, SAQ, arq, RQ and Celery, then run 2 of each, and so on, so that the machine's drift
  moves every system alike (Celery's runs are driven from its own Python environment).
- **Enqueue rate, single calls**: Lanes `POST /tasks` with `wrk -t2 -c32` for 10 s (one task a
  request). Peers: 20,000 single enqueue calls from 2 client processes (asyncio clients 32 in
  flight each, RQ and Celery 8 threads each). Lanes' figure includes HTTP and JSON through
  `lanes-api`; the peers' clients write to Valkey directly.
- **Batch creation** (issue 6): `POST /tasks/batch` of 1,000 tasks with `wrk -t2 -c4` for 10 s, in
  the same run as the single `POST /tasks` figure above.
- **Idle pick-up latency**: 1,000 tasks one at a time, 2 ms apart, to one idle worker; the time from
  the enqueue call until the handler starts. Lanes: `lanes-bench pickup` (the worker runtime in the
  measuring process, enqueue through the store); peers: a worker process, handler start time
  (wall clock) sent back through a pipe.
- **Memory per queued task**: `INFO memory` `used_memory` before and after 100,000 tasks with a
  100-byte string payload are queued with no worker running, divided by 100,000.
- **Round trips per task**: read events the server processed during the 1-worker throughput run
  (`INFO stats` `total_reads_processed`; one request or one pipeline is one read, large pipelines
  several), less the driver's own polls, per task. It counts the enqueuing client, the workers and
  their idle polling alike. Commands per task counts every command, those run inside scripts too.

Peer settings (sensible, not tuned down; documented in `bench/systems/*_peer.py`):

{settings}

## Noise

Anything else running on the machine shares its {results.machine['nproc'] if results.machine else 2} cores with the benchmark (the load
averages above show how busy it was), and the driver, the API, the workers and Valkey share
those cores too. Every comparison is therefore against figures measured in the same run on the
same server, and each figure is a median. Throughput of every run:

{chr(10).join(runs_section(results))}
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("results")
    parser.add_argument("--markdown")
    parser.add_argument("--command", default="bench/run.sh")
    args = parser.parse_args()
    results = Results(args.results)
    print("\n".join(summary(results)))
    print()
    print("\n".join(table(results)))
    print()
    print("\n".join(targets(results)))
    if args.markdown:
        try:
            old = open(args.markdown).read()
        except FileNotFoundError:
            old = ""
        notes = old[old.index(NOTES):] if NOTES in old else NOTES + "\n"
        with open(args.markdown, "w") as f:
            f.write(markdown(results, args.command) + "\n" + notes)
        print(f"\nwritten to {args.markdown}")


if __name__ == "__main__":
    main()
