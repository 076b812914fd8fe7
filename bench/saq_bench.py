"""SAQ (PyPI `saq`) end-to-end no-op throughput, the peer of `lanes-bench workers`.

Usage: python bench/saq_bench.py REDIS_URL TASKS WORKERS
Starts WORKERS `saq` worker processes (concurrency 10 each), enqueues TASKS no-op jobs and waits
until none is incomplete; prints tasks/s from the first enqueue to the last completion.
"""
import asyncio
import os
import subprocess
import sys
import time

from saq import Queue

URL = os.environ.get("SAQ_REDIS_URL", "redis://127.0.0.1:6379")


async def noop(ctx):
    return None


settings = {"queue": Queue.from_url(URL, name="saqbench"), "functions": [noop], "concurrency": 10}


async def main(url, tasks, workers):
    here = os.path.dirname(os.path.abspath(__file__))
    env = dict(os.environ, SAQ_REDIS_URL=url, PYTHONPATH=here)
    saq = os.path.join(os.path.dirname(sys.executable), "saq")
    procs = [subprocess.Popen([saq, "saq_bench.settings"], cwd=here, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(workers)]
    queue = Queue.from_url(url, name="saqbench")
    await queue.connect()
    try:
        await asyncio.sleep(3)
        start = time.perf_counter()
        sent = 0
        while sent < tasks:
            chunk = min(500, tasks - sent)
            await asyncio.gather(*(queue.enqueue("noop") for _ in range(chunk)))
            sent += chunk
        while await queue.count("incomplete") > 0:
            await asyncio.sleep(0.01)
        seconds = time.perf_counter() - start
        print(f"saq workers={workers} tasks={tasks} throughput={tasks / seconds:.0f} tasks/s (total {seconds:.2f} s)")
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait()
        await queue.disconnect()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
