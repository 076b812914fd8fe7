#!/usr/bin/env python3
"""Example exec handler: counts the words of data.text, reporting progress and a log line.

Reads the task JSON on stdin; writes JSON lines on stdout, the last one being the result.
"""
import json
import sys
import time

task = json.load(sys.stdin)
text = str(task.get("data", {}).get("text", ""))
words = text.split()
print(json.dumps({"log": f"counting {len(words)} words"}), flush=True)
counts = {}
for index, word in enumerate(words, 1):
    counts[word.lower()] = counts.get(word.lower(), 0) + 1
    if index % max(1, len(words) // 4) == 0:
        print(json.dumps({"progress": index / len(words), "message": f"{index} words"}), flush=True)
        time.sleep(0.05)
print(json.dumps({"result": {"words": len(words), "distinct": len(counts)}}), flush=True)
