"""arq (asyncio): a worker process runs up to `max_jobs` jobs at once and polls its sorted set."""
import asyncio
from importlib.metadata import version

import common
import probe
from arq import create_pool
from arq.connections import RedisSettings
from arq.worker import Worker

NAME = "arq"
VERSION = version("arq")
MAX_JOBS = common.concurrency(10)  # arq's default
POLL_DELAY = 0.01  # arq's default 0.5 s caps a worker near 200 jobs/s and idle pick-up near 250 ms
SETTINGS = f"max_jobs {MAX_JOBS} ({common.concurrency_note('default')}), poll_delay {POLL_DELAY} s (default 0.5 s, lowered in its favour)"


async def noop(ctx, payload=None):
    probe.handled()


def run_worker(url):
    worker = Worker(functions=[noop], redis_settings=RedisSettings.from_dsn(url), max_jobs=MAX_JOBS,
                    poll_delay=POLL_DELAY, handle_signals=True)
    probe.ready()
    worker.run()


class Client:
    def __init__(self, url):
        self.loop = asyncio.new_event_loop()
        self.pool = self.loop.run_until_complete(create_pool(RedisSettings.from_dsn(url)))

    def one(self, payload=None):
        self.loop.run_until_complete(self.pool.enqueue_job("noop", payload))

    def many(self, count, payload=None, in_flight=500):
        """No batch API: `in_flight` enqueues at a time."""
        self.loop.run_until_complete(common.in_chunks(count, in_flight, lambda: self.pool.enqueue_job("noop", payload)))

    def singles(self, count, payload=None):
        self.many(count, payload, in_flight=32)

    def close(self):
        self.loop.run_until_complete(self.pool.aclose())
        self.loop.close()
