"""Lanes as the benchmark drives it: tasks created through lanes-api (POST /tasks/batch, POST
/tasks), run by real `lanes-worker` processes (release build, 8 slots in lane `operations`),
completion read from the lane's stats hash."""
import http.client
import json
import os
import subprocess
import time
from urllib.parse import urlparse

import common

NAME = "Lanes"
SLOTS = common.concurrency(8)
CHOSEN = common.concurrency_note("bench/lanes.yaml, the lane's default")
SETTINGS = f"lanes-worker (release), {SLOTS} slots in lane operations ({CHOSEN}), log level warning"
STATS_KEY = "lanes:{operations}:stats"
WORKERS_KEY = "lanes:workers"


def task(payload):
    return {"queue": "operations", "operation": "noop", "data": {"payload": payload} if payload else {}}


class Client:
    """POSTs over one keep-alive connection."""

    def __init__(self, api_url, api_key):
        url = urlparse(api_url)
        self.connection = http.client.HTTPConnection(url.hostname, url.port)
        self.headers = {"Authorization": f"Bearer {api_key}", "Content-Type": "application/json"}

    def post(self, path, body):
        self.connection.request("POST", path, body=body, headers=self.headers)
        response = self.connection.getresponse()
        text = response.read()
        if response.status != 201:
            raise RuntimeError(f"POST {path}: {response.status} {text[:200]!r}")

    def one(self, payload=None):
        self.post("/api/v1/queue/tasks", json.dumps(task(payload)))

    def many(self, count, payload=None):
        """POST /tasks/batch, 1,000 tasks a request."""
        full = json.dumps({"tasks": [task(payload)] * 1000})
        sent = 0
        while sent < count:
            chunk = min(1000, count - sent)
            self.post("/api/v1/queue/tasks/batch", full if chunk == 1000 else json.dumps({"tasks": [task(payload)] * chunk}))
            sent += chunk

    def close(self):
        self.connection.close()


class Workers:
    """N lanes-worker processes; `completed()` reads the lane's counter (one GET each, counted)."""

    def __init__(self, bin_dir, valkey_url, redis, count, config):
        self.redis = redis
        self.polls = 0
        env = dict(os.environ, LANES_VALKEY_URL=valkey_url, LANES_CONFIG=config, LANES_LOG_LEVEL="warning")
        self.processes = [subprocess.Popen([os.path.join(bin_dir, "lanes-worker")], env=env,
                                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(count)]
        deadline = time.monotonic() + 30
        while redis.zcard(WORKERS_KEY) < count:
            if time.monotonic() > deadline:
                raise RuntimeError("lanes-worker processes did not register within 30 s")
            time.sleep(0.05)

    def completed(self):
        self.polls += 1
        return int(self.redis.hget(STATS_KEY, "completed") or 0)

    def stop(self):
        common.stop(self.processes, grace=10)
