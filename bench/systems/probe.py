"""Worker-side instrumentation of the peers, kept off Valkey so that it adds no round trip.

The driver (bench/measure.py) gives each worker process the write end of a pipe in BENCH_FD. A
handler calls `handled()`: it counts the task and, in pick-up mode (BENCH_PICKUP=1), writes the
wall-clock time its handler started. A thread writes the running count every 10 ms.
"""
import os
import threading
import time

_fd = int(os.environ.get("BENCH_FD", "-1"))
_pickup = os.environ.get("BENCH_PICKUP") == "1"
_lock = threading.Lock()
_done = 0


def _write(line):
    if _fd >= 0:
        os.write(_fd, line.encode())


def handled():
    """Called first thing by every benchmark handler."""
    global _done
    if _pickup:
        _write(f"start {time.time()!r}\n")
    with _lock:
        _done += 1


def ready():
    """Called by the launcher just before the worker's loop starts."""
    _write("ready\n")


def _report():
    last = 0
    while True:
        time.sleep(0.01)
        if _done != last:
            last = _done
            _write(f"done {last}\n")


threading.Thread(target=_report, daemon=True, name="bench-probe").start()
