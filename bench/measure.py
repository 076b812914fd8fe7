"""The benchmark driver: runs every measurement against one Valkey and appends one JSON line per
run to --out. bench/run.sh starts Valkey and lanes-api, then calls this; bench/report.py turns the
lines into the table.

Every measurement starts from FLUSHALL. Round trips are counted by the server (`INFO stats`
total_reads_processed: one read event per request or pipeline, whoever sent it), less the
driver's own polls, so that each system is counted the same way.
"""
import argparse
import csv
import importlib
import io
import json
import multiprocessing
import os
import platform
import queue
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "systems"))

import common  # noqa: E402
import lanes_system  # noqa: E402
import redis  # noqa: E402

PEERS = ["saq", "arq", "rq", "celery"]
PAYLOAD = "x" * 100


class Settings:
    def __init__(self, quick):
        self.quick = quick
        self.runs = 1 if quick else 3
        self.tasks = 2_000 if quick else 50_000
        self.enqueue_tasks = 2_000 if quick else 20_000
        self.wrk_seconds = 2 if quick else 10
        self.pickup_samples = 100 if quick else 1_000
        self.memory_tasks = 5_000 if quick else 100_000
        self.ceiling_requests = 50_000 if quick else 300_000


class Bench:
    def __init__(self, args):
        self.args = args
        self.settings = Settings(args.quick)
        self.redis = redis.Redis(host="127.0.0.1", port=args.port)
        self.url = f"redis://127.0.0.1:{args.port}"
        self.out = open(args.out, "a")

    def record(self, **fields):
        line = json.dumps(fields)
        print(line, flush=True)
        self.out.write(line + "\n")
        self.out.flush()

    def fresh(self):
        self.redis.flushall()
        time.sleep(0.2)

    def stats(self):
        info = self.redis.info("stats")
        return info["total_reads_processed"], info["total_commands_processed"]

    # -- the server's ceiling -------------------------------------------------------------------

    def benchmark_csv(self, *command):
        text = subprocess.run([self.args.valkey_benchmark, "-p", str(self.args.port), *command],
                              capture_output=True, text=True, check=True).stdout
        return list(csv.DictReader(io.StringIO(text)))[-1]

    def ceiling(self):
        sha = self.redis.script_load("redis.call('INCR', KEYS[1]) return 1")
        for run in range(self.settings.runs):
            row = self.benchmark_csv("-c", "50", "-n", str(self.settings.ceiling_requests), "--csv", "EVALSHA", sha, "1", "bench:counter")
            ping = self.benchmark_csv("-c", "1", "-n", "20000", "--csv", "PING")
            self.record(test="ceiling", run=run, rate=float(row["rps"]), rtt_p50_ms=float(ping["p50_latency_ms"]),
                        rtt_avg_ms=float(ping["avg_latency_ms"]))

    # -- end-to-end throughput --------------------------------------------------------------------

    def workers(self, system, count, pickup=False):
        if system == "lanes":
            return lanes_system.Workers(self.args.bin, f"valkey://127.0.0.1:{self.args.port}", self.redis, count, self.args.lanes_config)
        return PeerWorkers(system, self.url, count, pickup)

    def client(self, system):
        if system == "lanes":
            return lanes_system.Client(self.args.api_url, self.args.api_key)
        return importlib.import_module(f"{system}_peer").Client(self.url)

    def throughput(self, system, count, run):
        """One end-to-end run: `tasks` no-op tasks enqueued, then run by `count` worker processes."""
        self.fresh()
        workers = self.workers(system, count)
        client = self.client(system)
        try:
            reads, commands = self.stats()
            start = time.perf_counter()
            client.many(self.settings.tasks)
            enqueued = time.perf_counter() - start
            deadline = start + self.args.timeout
            while workers.completed() < self.settings.tasks:
                if time.perf_counter() > deadline:
                    raise RuntimeError(f"{system}: {workers.completed()} of {self.settings.tasks} done after {self.args.timeout} s")
                time.sleep(0.01)
            seconds = time.perf_counter() - start
            reads2, commands2 = self.stats()
        finally:
            client.close()
            workers.stop()
        polls = getattr(workers, "polls", 0) + 1  # the driver's own reads: completion polls, this INFO
        self.record(test="throughput", system=system, workers=count, run=run, tasks=self.settings.tasks,
                    seconds=round(seconds, 3), enqueue_seconds=round(enqueued, 3), rate=self.settings.tasks / seconds,
                    round_trips=(reads2 - reads - polls) / self.settings.tasks,
                    commands=(commands2 - commands - polls) / self.settings.tasks)

    # -- enqueue rate through single calls -------------------------------------------------------

    def enqueue(self, system):
        for run in range(self.settings.runs):
            self.fresh()
            if system == "lanes":
                rate = self.wrk("/api/v1/queue/tasks", json.dumps(lanes_system.task(None)), connections=32)
                self.record(test="enqueue", system=system, run=run, rate=rate, client="wrk -t2 -c32")
            else:
                rate = enqueue_in_processes(system, self.url, self.settings.enqueue_tasks, processes=2)
                self.record(test="enqueue", system=system, run=run, rate=rate, client="2 processes")

    def batch(self):
        """Issue 6: tasks/s through POST /tasks/batch, 1,000 tasks a request (4 connections); the
        report sets it beside the enqueue rate through POST /tasks measured in the same run."""
        body = json.dumps({"tasks": [lanes_system.task(None)] * 1000})
        for run in range(self.settings.runs):
            self.fresh()
            rate = self.wrk("/api/v1/queue/tasks/batch", body, connections=4) * 1000
            self.record(test="batch", system="lanes", run=run, rate=rate, client="wrk -t2 -c4")

    def wrk(self, path, body, connections):
        with tempfile.TemporaryDirectory() as tmp:
            body_file = os.path.join(tmp, "body.json")
            with open(body_file, "w") as f:
                f.write(body)
            script = os.path.join(tmp, "post.lua")
            with open(script, "w") as f:
                f.write(f'wrk.method = "POST"\nlocal f = io.open("{body_file}", "r"); wrk.body = f:read("*a"); f:close()\n'
                        f'wrk.headers["Content-Type"] = "application/json"\n'
                        f'wrk.headers["Authorization"] = "Bearer {self.args.api_key}"\n')
            text = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{self.settings.wrk_seconds}s", "-s", script,
                                   self.args.api_url + path], capture_output=True, text=True, check=True).stdout
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
        if errors or "Socket errors" in text:
            raise RuntimeError(f"wrk {path}: errors\n{text}")
        return float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))

    # -- idle pick-up latency ---------------------------------------------------------------------

    def pickup(self, system):
        for run in range(self.settings.runs):
            self.fresh()
            if system == "lanes":
                text = subprocess.run([os.path.join(self.args.bin, "lanes-bench"), "pickup", "--url", f"valkey://127.0.0.1:{self.args.port}",
                                       "--samples", str(self.settings.pickup_samples)], capture_output=True, text=True, check=True).stdout
                m = re.search(r"p50=([\d.]+) ms p99=([\d.]+) ms", text)
                p50, p99 = float(m.group(1)), float(m.group(2))
            else:
                p50, p99 = self.peer_pickup(system)
            self.record(test="pickup", system=system, run=run, p50_ms=p50, p99_ms=p99)

    def peer_pickup(self, system):
        """The time from the enqueue call until the handler starts, one task at a time, 2 ms apart
        (as `lanes-bench pickup`)."""
        workers = self.workers(system, 1, pickup=True)
        client = self.client(system)
        latencies = []
        try:
            for _ in range(self.settings.pickup_samples):
                before = time.time()
                client.one()
                latencies.append((workers.starts.get(timeout=10) - before) * 1000)
                time.sleep(0.002)
        finally:
            client.close()
            workers.stop()
        latencies.sort()
        return percentile(latencies, 0.5), percentile(latencies, 0.99)

    # -- memory per queued task --------------------------------------------------------------------

    def memory(self, system):
        for run in range(self.settings.runs):
            self.fresh()
            client = self.client(system)
            try:
                client.one(PAYLOAD)  # connections open, scripts loaded
                time.sleep(0.2)
                before = self.redis.info("memory")["used_memory"]
                client.many(self.settings.memory_tasks, PAYLOAD)
                time.sleep(0.2)
                after = self.redis.info("memory")["used_memory"]
            finally:
                client.close()
            self.record(test="memory", system=system, run=run, tasks=self.settings.memory_tasks,
                        bytes_per_task=(after - before) / self.settings.memory_tasks)

    def machine(self, systems, with_server):
        """The versions and settings of the systems this call measures, and with `with_server` the
        machine and the server."""
        for system in systems:
            module = lanes_system if system == "lanes" else importlib.import_module(f"{system}_peer")
            self.record(test="system", system=system, name=module.NAME, version=getattr(module, "VERSION", "this tree"),
                        settings=module.SETTINGS)
        if not with_server:
            return
        cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), platform.processor())
        mem = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
        server = self.redis.info("server")
        self.record(test="machine", nproc=os.cpu_count(), cpu=cpu, memory_gib=round(mem / 1024 / 1024, 1),
                    valkey=server.get("valkey_version") or server["redis_version"], python=platform.python_version(),
                    quick=self.settings.quick, loadavg=os.getloadavg())


class PeerWorkers:
    """N worker processes of one peer (systems/worker.py), each reporting through its own pipe:
    `ready`, `done <count>` every 10 ms, and `start <time>` per task in pick-up mode."""

    def __init__(self, system, url, count, pickup):
        self.counts = [0] * count
        self.starts = queue.Queue()
        self.processes = []
        ready = threading.Semaphore(0)
        env = dict(os.environ, BENCH_PICKUP="1" if pickup else "0", BENCH_REDIS_URL=url, PYTHONPATH=os.path.join(HERE, "systems"))
        for index in range(count):
            read_fd, write_fd = os.pipe()
            process = subprocess.Popen([sys.executable, os.path.join(HERE, "systems", "worker.py"), system, url],
                                       env=dict(env, BENCH_FD=str(write_fd)), pass_fds=(write_fd,),
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=os.path.join(HERE, "systems"))
            os.close(write_fd)
            self.processes.append(process)
            threading.Thread(target=self.read, args=(index, read_fd, ready), daemon=True).start()
        for _ in range(count):
            if not ready.acquire(timeout=60):
                self.stop()
                raise RuntimeError(f"{system} workers did not start within 60 s")
        time.sleep(1.5)  # from its first line to its loop: connecting, registering

    def read(self, index, fd, ready):
        with os.fdopen(fd) as lines:
            for line in lines:
                kind, _, value = line.strip().partition(" ")
                if kind == "done":
                    self.counts[index] = int(value)
                elif kind == "start":
                    self.starts.put(float(value))
                elif kind == "ready":
                    ready.release()

    def completed(self):
        return sum(self.counts)

    def stop(self):
        common.stop(self.processes)


def enqueue_in_processes(system, url, tasks, processes):
    """Single enqueue calls from `processes` client processes with the peer's natural concurrency
    (asyncio: 32 in flight; threads: 8); tasks/s from the first start to the last end."""
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(processes)
    results = context.Queue()

    def client_process():
        client = importlib.import_module(f"{system}_peer").Client(url)
        barrier.wait()
        start = time.time()
        client.singles(tasks // processes)
        results.put((start, time.time()))
        client.close()

    children = [context.Process(target=client_process) for _ in range(processes)]
    for child in children:
        child.start()
    spans = [results.get(timeout=600) for _ in children]
    for child in children:
        child.join()
    return (tasks // processes * processes) / (max(e for _, e in spans) - min(s for s, _ in spans))


def percentile(sorted_values, p):
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * p))]


def run_elsewhere(args, system, run):
    """Throughput run `run` of `system` by this script under the Python of the system's own environment."""
    command = [args.celery_python, os.path.abspath(__file__), "--port", str(args.port), "--api-url", args.api_url,
               "--api-key", args.api_key, "--bin", args.bin, "--lanes-config", args.lanes_config,
               "--valkey-benchmark", args.valkey_benchmark, "--out", args.out, "--timeout", str(args.timeout),
               "--systems", system, "--tests", "throughput", "--run", str(run)] + (["--quick"] if args.quick else [])
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True, help="Valkey port on 127.0.0.1")
    parser.add_argument("--api-url", required=True)
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--bin", required=True, help="directory of the release binaries")
    parser.add_argument("--lanes-config", required=True)
    parser.add_argument("--valkey-benchmark", required=True)
    parser.add_argument("--out", required=True, help="JSON lines file to append to")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--systems", default="lanes," + ",".join(PEERS))
    parser.add_argument("--tests", default="ceiling,throughput,enqueue,batch,pickup,memory")
    parser.add_argument("--timeout", type=float, default=900, help="longest one throughput run may take (s)")
    parser.add_argument("--celery-python", help="Python of Celery's own environment: its throughput runs take their "
                        "turn among the others through it; its other tests are left to a call from that Python")
    parser.add_argument("--run", type=int, help="only throughput run RUN of --systems (no other records)")
    args = parser.parse_args()
    bench = Bench(args)
    systems = args.systems.split(",")
    tests = args.tests.split(",")
    if args.run is not None:
        # One throughput run of these systems, for a driver in another Python environment (which
        # cannot import them to record their versions: the first run does).
        if args.run == 0:
            bench.machine(systems, with_server=False)
        for system in systems:
            for count in (1, 2):
                bench.throughput(system, count, args.run)
        return
    elsewhere = {"celery"} if args.celery_python else set()
    bench.machine([s for s in systems if s not in elsewhere], with_server="ceiling" in tests)
    if "ceiling" in tests:
        bench.ceiling()
    if "throughput" in tests:
        # Run i of every system before run i + 1 of any, so that the machine's drift over the
        # run (its speed changes by the hour) moves every system's figures alike, not the ratios.
        for run in range(bench.settings.runs):
            for system in systems:
                print(f"== {system} throughput, run {run + 1} of {bench.settings.runs}", file=sys.stderr, flush=True)
                if system in elsewhere:
                    run_elsewhere(args, system, run)
                    continue
                for count in (1, 2):
                    bench.throughput(system, count, run)
    for system in systems:
        if system in elsewhere:
            continue
        for test in tests:
            if test in ("ceiling", "throughput") or (test == "batch" and system != "lanes"):
                continue
            print(f"== {system} {test}", file=sys.stderr, flush=True)
            if test in ("enqueue", "pickup", "memory"):
                getattr(bench, test)(system)
            elif test == "batch":
                bench.batch()
    bench.fresh()
    bench.record(test="end", systems=systems, loadavg=os.getloadavg())


if __name__ == "__main__":
    main()
