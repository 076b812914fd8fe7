"""Runs one peer's worker process: python worker.py SYSTEM REDIS_URL (SYSTEM: saq, arq, rq, celery)."""
import importlib
import logging
import sys

if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    importlib.import_module(f"{sys.argv[1]}_peer").run_worker(sys.argv[2])
