"""Celery with the Redis broker and the threads pool; no result backend (its default)."""
import os
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version

import common
import probe
from celery import Celery

NAME = "Celery"
VERSION = version("celery")
CONCURRENCY = common.concurrency(8)  # threads per process, as many as a Lanes worker's slots
CHOSEN = common.concurrency_note("as many as a Lanes worker's slots")
SETTINGS = (f"threads pool, concurrency {CONCURRENCY} ({CHOSEN}), prefetch multiplier 4 (default); "
            "--without-gossip --without-mingle --without-heartbeat")

app = Celery("bench", broker=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379"))
app.conf.task_default_queue = "bench"


@app.task(name="noop")
def noop(payload=None):
    probe.handled()


def run_worker(url):
    app.conf.broker_url = url
    probe.ready()
    app.worker_main(["worker", "-P", "threads", "-c", str(CONCURRENCY), "--loglevel=WARNING",
                     "--without-gossip", "--without-mingle", "--without-heartbeat"])


class Client:
    def __init__(self, url):
        app.conf.broker_url = url

    def one(self, payload=None):
        noop.apply_async(kwargs={"payload": payload})

    def many(self, count, payload=None):
        """No batch API: one publish each over one held producer."""
        with app.producer_or_acquire() as producer:
            for _ in range(count):
                noop.apply_async(kwargs={"payload": payload}, producer=producer)

    def singles(self, count, payload=None, threads=8):
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(lambda _: self.one(payload), range(count)))

    def close(self):
        app.close()
