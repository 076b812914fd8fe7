"""Crash recovery with the default worker settings (lease 8 s, reconcile every 2 s): a 60 s `sleep`
task runs on one of two `lanes-worker` processes, that process gets SIGKILL, and the time until
the task runs again (attempt 2) on the other is printed; repeated --runs times (a new worker
replaces each killed one), then the median and the maximum. Python stdlib only; Valkey, lanes-api
and the workers are started by the chaos test's Cluster.

    chaos/recovery.sh [--runs 5]      (builds the release binaries, then runs this)
"""
import argparse
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time

from chaos import API, Cluster


class DefaultsCluster(Cluster):
    """The chaos test's cluster running plain `lanes-worker`s with no setting changed."""

    WORKER = "lanes-worker"

    def worker_settings(self, name):
        return {}


def wait_until(predicate, seconds, message):
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            sys.exit(f"recovery: {message}")
        time.sleep(0.01)


def call(api, method, path, body=None):
    status, reply = api.request(method, f"/api/v1/queue{path}", body)
    if status is None or status >= 400:
        sys.exit(f"recovery: {method} {path} answered {status}: {reply}")
    return reply


def measure(cluster, api, runs):
    """Kills the worker running a task `runs` times; the seconds until another worker runs it."""
    times = []
    for run in range(runs):
        task_id = call(api, "POST", "/tasks", {"queue": "operations", "operation": "sleep", "data": {"seconds": 60}})["task_id"]
        task = {}

        def running(attempt):
            task.update(call(api, "GET", f"/tasks/{task_id}"))
            return task["status"] == "running" and task.get("attempts") == attempt and task.get("worker")

        wait_until(lambda: running(1), 30, f"task {task_id} did not start")
        victim = task["worker"]
        killed = time.monotonic()
        process = cluster.workers.pop(victim)
        process.send_signal(signal.SIGKILL)
        process.wait()
        wait_until(lambda: running(2), 60, f"task {task_id} was not recovered within 60 s")
        times.append(time.monotonic() - killed)
        print(f"run {run + 1}: SIGKILL {victim}; the task runs again on {task['worker']} after {times[-1]:.2f} s", flush=True)
        call(api, "DELETE", f"/tasks/{task_id}")
        cluster.start_worker()
        time.sleep(1.0)
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True, help="directory of lanes-api and lanes-worker")
    parser.add_argument("--config", default="config/lanes.yaml")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    args.config = os.path.abspath(args.config)
    workdir = tempfile.mkdtemp(prefix="lanes-recovery-")
    cluster = DefaultsCluster(args, workdir)
    try:
        cluster.start_valkey()
        cluster.start_api()
        cluster.start_worker()
        cluster.start_worker()
        times = measure(cluster, API(cluster.http_port), args.runs)
        print(f"recovery after SIGKILL, default settings: median {statistics.median(times):.2f} s, "
              f"max {max(times):.2f} s over {len(times)} kills")
    finally:
        cluster.stop_all()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
