"""SAQ (asyncio): a worker process runs `concurrency` jobs at once; the client is async."""
import asyncio
from importlib.metadata import version

import common
import probe
from saq import Queue, Worker

NAME = "SAQ"
VERSION = version("saq")
CONCURRENCY = common.concurrency(10)  # SAQ's default
SETTINGS = f"concurrency {CONCURRENCY} per process ({common.concurrency_note('its default')})"


async def noop(ctx, *, payload=None):
    probe.handled()


def run_worker(url):
    async def main():
        queue = Queue.from_url(url, name="bench")
        await queue.connect()
        worker = Worker(queue, [noop], concurrency=CONCURRENCY)
        probe.ready()
        try:
            await worker.start()
        finally:
            await queue.disconnect()

    asyncio.run(main())


class Client:
    """One connection pool on a private event loop; every call blocks until done."""

    def __init__(self, url):
        self.loop = asyncio.new_event_loop()
        self.queue = Queue.from_url(url, name="bench")
        self.loop.run_until_complete(self.queue.connect())

    def one(self, payload=None):
        self.loop.run_until_complete(self.queue.enqueue("noop", payload=payload))

    def many(self, count, payload=None, in_flight=500):
        """No batch API: `in_flight` enqueues at a time."""
        self.loop.run_until_complete(common.in_chunks(count, in_flight, lambda: self.queue.enqueue("noop", payload=payload)))

    def singles(self, count, payload=None):
        self.many(count, payload, in_flight=32)

    def close(self):
        self.loop.run_until_complete(self.queue.disconnect())
        self.loop.close()
