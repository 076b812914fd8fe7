"""Helpers shared by the driver and the systems' modules."""
import asyncio
import os
import subprocess


def concurrency(default):
    """Jobs a worker process runs at once: BENCH_CONCURRENCY (the same for every system) or the
    system's own default."""
    return int(os.environ.get("BENCH_CONCURRENCY") or default)


def concurrency_note(default_note):
    """How a system's concurrency was chosen, for its settings line."""
    return "BENCH_CONCURRENCY, the same for every system" if os.environ.get("BENCH_CONCURRENCY") else default_note


async def in_chunks(count, in_flight, enqueue):
    """Awaits `count` calls of `enqueue()`, `in_flight` at a time."""
    sent = 0
    while sent < count:
        chunk = min(in_flight, count - sent)
        await asyncio.gather(*(enqueue() for _ in range(chunk)))
        sent += chunk


def stop(processes, grace=15):
    """SIGTERM, then SIGKILL whatever still runs after `grace` seconds."""
    for p in processes:
        p.terminate()
    for p in processes:
        try:
            p.wait(grace)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
