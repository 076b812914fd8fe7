"""RQ with SimpleWorker: one job at a time per process, run in the worker process (no fork per job)."""
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version

import probe
from redis import Redis
from rq import Queue, SimpleWorker

NAME = "RQ"
VERSION = version("rq")
SETTINGS = "SimpleWorker, 1 job at a time per process (RQ runs no jobs concurrently in a worker)"


def noop(payload=None):
    probe.handled()


def run_worker(url):
    redis = Redis.from_url(url)
    worker = SimpleWorker([Queue("bench", connection=redis)], connection=redis)
    probe.ready()
    worker.work(logging_level="WARNING")


class Client:
    def __init__(self, url):
        self.redis = Redis.from_url(url)
        self.queue = Queue("bench", connection=self.redis)

    def one(self, payload=None):
        self.queue.enqueue(noop, payload=payload)

    def many(self, count, payload=None):
        """Its batch API: enqueue_many, one pipeline per 1,000 jobs."""
        sent = 0
        while sent < count:
            chunk = min(1000, count - sent)
            self.queue.enqueue_many([Queue.prepare_data(noop, kwargs={"payload": payload}) for _ in range(chunk)])
            sent += chunk

    def singles(self, count, payload=None, threads=8):
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(lambda _: self.one(payload), range(count)))

    def close(self):
        self.redis.close()
