"""Crash recovery with the default worker settings (lease 8 s, reconcile every 2 s): a 60 s `sleep`
task runs on one of two `lanes-worker` processes, that process gets SIGKILL, and the time until
the task runs again (attempt 2) on the other is printed; repeated --runs times (a new worker
replaces each killed one), then the median and the maximum. Python stdlib only.

    chaos/recovery.sh [--runs 5]      (builds the release binaries, then runs this)
"""
import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

KEY = "secret-recovery-key-1"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class System:
    """Valkey, lanes-api and the workers, on free ports; `stop` kills them all."""

    def __init__(self, bin_dir, config):
        server = shutil.which("valkey-server") or shutil.which("redis-server")
        if not server:
            sys.exit("recovery: valkey-server (or redis-server) is not installed: run scripts/install-deps.sh")
        self.bin, self.workdir, self.workers, self.started = bin_dir, tempfile.mkdtemp(prefix="lanes-recovery-"), {}, 0
        valkey_port, self.api_port = free_port(), free_port()
        self.valkey = subprocess.Popen([server, "--port", str(valkey_port), "--save", "", "--appendonly", "no",
                                        "--dir", self.workdir], stdout=subprocess.DEVNULL)
        self.env = dict(os.environ, LANES_VALKEY_URL=f"valkey://127.0.0.1:{valkey_port}", LANES_API_KEYS=f"recovery:admin:{KEY}",
                        LANES_HTTP_PORT=str(self.api_port), LANES_LOG_LEVEL="warning", LANES_CONFIG=config)
        time.sleep(0.5)
        self.api = subprocess.Popen([os.path.join(bin_dir, "lanes-api")], env=self.env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.wait_until(self.ready, 30, "lanes-api did not start")

    def ready(self):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.api_port}/readyz", timeout=1):
                return True
        except OSError:
            return False

    def start_worker(self):
        self.started += 1
        worker_id = f"recovery-w{self.started}"
        env = dict(self.env, LANES_WORKER_ID=worker_id)
        self.workers[worker_id] = subprocess.Popen([os.path.join(self.bin, "lanes-worker")], env=env,
                                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def call(self, method, path, body=None):
        request = urllib.request.Request(f"http://127.0.0.1:{self.api_port}/api/v1/queue{path}", method=method,
                                         data=json.dumps(body).encode() if body is not None else None,
                                         headers={"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read() or b"null")

    @staticmethod
    def wait_until(predicate, seconds, message):
        deadline = time.monotonic() + seconds
        while not predicate():
            if time.monotonic() > deadline:
                sys.exit(f"recovery: {message}")
            time.sleep(0.01)

    def stop(self):
        for process in list(self.workers.values()) + [self.api, self.valkey]:
            process.kill()
            process.wait()
        shutil.rmtree(self.workdir, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True, help="directory of lanes-api and lanes-worker")
    parser.add_argument("--config", default="config/lanes.yaml")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    system = System(args.bin, os.path.abspath(args.config))
    try:
        system.start_worker()
        system.start_worker()
        times = []
        for run in range(args.runs):
            task_id = system.call("POST", "/tasks", {"queue": "operations", "operation": "sleep", "data": {"seconds": 60}})["task_id"]
            task = {}

            def running(attempt):
                task.update(system.call("GET", f"/tasks/{task_id}"))
                return task["status"] == "running" and task.get("attempts") == attempt and task.get("worker")

            system.wait_until(lambda: running(1), 30, f"task {task_id} did not start")
            victim = task["worker"]
            killed = time.monotonic()
            system.workers.pop(victim).send_signal(signal.SIGKILL)
            system.wait_until(lambda: running(2), 60, f"task {task_id} was not recovered within 60 s")
            times.append(time.monotonic() - killed)
            print(f"run {run + 1}: SIGKILL {victim}; the task runs again on {task['worker']} after {times[-1]:.2f} s", flush=True)
            system.call("DELETE", f"/tasks/{task_id}")
            system.start_worker()
            time.sleep(1.0)
        print(f"recovery after SIGKILL, default settings: median {statistics.median(times):.2f} s, "
              f"max {max(times):.2f} s over {len(times)} kills")
    finally:
        system.stop()


if __name__ == "__main__":
    main()
