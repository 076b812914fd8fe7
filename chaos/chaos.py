#!/usr/bin/env python3
"""The Lanes chaos test (stdlib only). chaos/run.sh builds the binaries and calls this.

Runs Valkey (appendonly, appendfsync always), lanes-api and three chaos workers, submits tasks at a
steady rate through the API (noop, sleep 10-500 ms, and a fail share that retries), and meanwhile
SIGKILLs a random worker every few seconds (and starts a new one), SIGTERMs one now and then,
SIGKILLs Valkey once and restarts it from its AOF, and cancels 2% of the tasks (half of them while
running). Then it checks that every accepted task is final, none lost, every outcome recorded once,
cancelled tasks stopped within a heartbeat, nothing left running, and prints recovery times.
Exits 1 on any violation. See chaos/README.md.
"""
import argparse
import http.client
import json
import os
import queue
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

LANE = "operations"
FINAL = ("completed", "failed", "cancelled")
API_KEY = "chaos-admin-secret"


def now():
    return time.time()


def log(message):
    print(f"chaos: {message}", flush=True)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


# ---------------------------------------------------------------- a minimal RESP client

class Valkey:
    """One connection; raises OSError/ConnectionError when the server is away."""

    def __init__(self, port, timeout=5.0):
        self.port, self.timeout, self.sock, self.buf = port, timeout, None, b""

    def close(self):
        if self.sock:
            try:
                self.sock.close()
            except OSError:
                pass
        self.sock, self.buf = None, b""

    def _connect(self):
        if self.sock is None:
            self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=self.timeout)
            self.buf = b""

    @staticmethod
    def _encode(args):
        out = [b"*%d\r\n" % len(args)]
        for a in args:
            b = a if isinstance(a, bytes) else str(a).encode()
            out.append(b"$%d\r\n%s\r\n" % (len(b), b))
        return b"".join(out)

    def _line(self):
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise ConnectionError("connection closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _exact(self, n):
        while len(self.buf) < n + 2:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise ConnectionError("connection closed")
            self.buf += chunk
        data, self.buf = self.buf[:n], self.buf[n + 2:]
        return data

    def _reply(self):
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            return RuntimeError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            return None if n < 0 else self._exact(n).decode("utf-8", "replace")
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self._reply() for _ in range(n)]
        raise ConnectionError(f"unexpected reply {line[:40]!r}")

    def pipeline(self, commands):
        try:
            self._connect()
            self.sock.sendall(b"".join(self._encode(c) for c in commands))
            return [self._reply() for _ in commands]
        except (OSError, ConnectionError):
            self.close()
            raise

    def call(self, *args):
        reply = self.pipeline([args])[0]
        if isinstance(reply, RuntimeError):
            raise reply
        return reply


# ---------------------------------------------------------------- processes

class Cluster:
    def __init__(self, args, workdir):
        self.args, self.dir = args, workdir
        self.valkey_port, self.http_port = free_port(), free_port()
        self.prefix = "chaos"
        self.valkey = None
        self.api = None
        self.workers = {}          # name -> Popen (live, not asked to stop)
        self.draining = {}         # name -> Popen (SIGTERMed)
        self.ended = {}            # name -> (time the process was killed or exited, how)
        self.worker_seq = 0
        self.lock = threading.Lock()
        self.valkey_down = []      # (killed at, serving again at)
        server = shutil.which("valkey-server") or shutil.which("redis-server")
        if not server:
            sys.exit("chaos: valkey-server (or redis-server) is not installed: run scripts/install-deps.sh")
        self.server = server

    def key(self, suffix):
        return f"{self.prefix}:{{{LANE}}}:{suffix}"

    def env(self):
        env = dict(os.environ)
        env.update({
            "LANES_VALKEY_URL": f"valkey://127.0.0.1:{self.valkey_port}",
            "LANES_PREFIX": self.prefix,
            "LANES_CONFIG": self.args.config,
            "LANES_LOG_LEVEL": "warning",
        })
        return env

    def start_valkey(self):
        out = open(os.path.join(self.dir, "valkey.out"), "ab")
        self.valkey = subprocess.Popen(
            [self.server, "--port", str(self.valkey_port), "--bind", "127.0.0.1", "--dir", self.dir,
             "--appendonly", "yes", "--appendfsync", "always", "--save", "",
             "--maxmemory-policy", "noeviction", "--daemonize", "no",
             "--logfile", os.path.join(self.dir, "valkey.log")],
            stdout=out, stderr=subprocess.STDOUT)
        client = Valkey(self.valkey_port, timeout=1)
        deadline = now() + 60
        while now() < deadline:
            try:
                if client.call("PING") == "PONG":
                    client.close()
                    return
            except (OSError, ConnectionError, RuntimeError):  # refused, or LOADING the AOF
                client.close()
            if self.valkey.poll() is not None:
                sys.exit(f"chaos: {self.server} exited at start: see {self.dir}/valkey.log")
            time.sleep(0.02)
        sys.exit("chaos: Valkey did not answer PING within 60 s")

    def kill_valkey(self):
        killed = now()
        self.valkey.send_signal(signal.SIGKILL)
        self.valkey.wait()
        time.sleep(self.args.valkey_down)
        self.start_valkey()
        self.valkey_down.append((killed, now()))
        return killed

    def start_api(self):
        env = self.env()
        env.update({"LANES_HTTP_PORT": str(self.http_port), "LANES_HTTP_HOST": "127.0.0.1",
                    "LANES_API_KEYS": f"chaos:admin:{API_KEY}"})
        out = open(os.path.join(self.dir, "api.log"), "ab")
        self.api = subprocess.Popen([os.path.join(self.args.bin, "lanes-api")], env=env, stdout=out, stderr=subprocess.STDOUT)
        deadline = now() + 120
        while now() < deadline:
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=2)
                c.request("GET", "/readyz")
                if c.getresponse().status == 200:
                    return
            except OSError:
                pass
            if self.api.poll() is not None:
                sys.exit(f"chaos: lanes-api exited at start: see {self.dir}/api.log")
            time.sleep(0.1)
        sys.exit("chaos: lanes-api not ready within 120 s")

    # The worker binary the cluster runs, and its settings beyond env() (see worker_settings).
    WORKER = "chaos-worker"

    def worker_settings(self, name):
        """The chaos worker's execution log and its short lease, heartbeat and reconcile interval."""
        return {
            "LANES_CHAOS_LOG": os.path.join(self.dir, f"exec-{name}.log"),
            "LANES_LEASE_MS": str(self.args.lease_ms),
            "LANES_HEARTBEAT_MS": str(self.args.heartbeat_ms),
            "LANES_RECONCILE_MS": str(self.args.reconcile_ms),
            "LANES_GRACE_SECONDS": str(self.args.grace_seconds),
        }

    def start_worker(self):
        with self.lock:
            self.worker_seq += 1
            name = f"w{self.worker_seq:03d}"
        env = self.env()
        env.update({"LANES_WORKER_ID": name}, **self.worker_settings(name))
        out = open(os.path.join(self.dir, f"worker-{name}.log"), "ab")
        proc = subprocess.Popen([os.path.join(self.args.bin, self.WORKER)], env=env, stdout=out, stderr=subprocess.STDOUT)
        with self.lock:
            self.workers[name] = proc
        return name

    def kill_worker(self, rng, sig):
        with self.lock:
            if not self.workers:
                return None, None
            name = rng.choice(sorted(self.workers))
            proc = self.workers.pop(name)
        at = now()
        proc.send_signal(sig)
        if sig == signal.SIGKILL:
            proc.wait()
            with self.lock:
                self.ended[name] = (at, "SIGKILL")
        else:
            with self.lock:
                self.draining[name] = proc
        return name, at

    def reap(self):
        """Notes when SIGTERMed workers (or any that died by themselves) exited."""
        with self.lock:
            for table in (self.draining, self.workers):
                for name, proc in list(table.items()):
                    if proc.poll() is not None:
                        how = "SIGTERM" if table is self.draining else f"exited by itself ({proc.returncode})"
                        self.ended[name] = (now(), how)
                        del table[name]

    def stop_all(self):
        with self.lock:
            procs = list(self.workers.values()) + list(self.draining.values())
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
        for p in (self.api, self.valkey):
            if p and p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    p.kill()


# ---------------------------------------------------------------- the workload

def plan_tasks(n, rng):
    """One spec per task: (operation, data). noop 45%, sleep 40% (10-500 ms), fail 15%: two thirds
    fail their first 1-2 attempts then succeed, one third fail every attempt (end failed)."""
    plan = []
    for _ in range(n):
        r = rng.random()
        if r < 0.45:
            plan.append(("noop", {}))
        elif r < 0.85:
            plan.append(("sleep", {"ms": rng.randint(10, 500)}))
        elif r < 0.95:
            plan.append(("fail", {"fail_attempts": rng.randint(1, 2)}))
        else:
            plan.append(("fail", {"fail_attempts": 99}))
    return plan


class API:
    def __init__(self, port):
        self.port, self.conn = port, None

    def request(self, method, path, body=None, headers=None, timeout=10):
        h = {"Authorization": f"Bearer {API_KEY}", "Content-Type": "application/json"}
        h.update(headers or {})
        for _ in range(2):  # one retry on a stale keep-alive connection
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
                self.conn.request(method, path, body=None if body is None else json.dumps(body), headers=h)
                resp = self.conn.getresponse()
                data = resp.read()
                try:
                    parsed = json.loads(data) if data else None
                except ValueError:
                    parsed = None
                return resp.status, parsed
            except (OSError, http.client.HTTPException):
                if self.conn:
                    self.conn.close()
                self.conn = None
        return None, None


class Run:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.workdir = tempfile.mkdtemp(prefix="lanes-chaos-")
        self.cluster = Cluster(args, self.workdir)
        self.plan = plan_tasks(args.tasks, self.rng)
        self.accepted = {}        # index -> task id
        self.replayed = 0         # accepted with 200 (an earlier try had created it)
        self.rejected = {}        # index -> last status/error (never accepted)
        self.submit_retries = 0
        self.lock = threading.Lock()
        self.cancel_jobs = queue.Queue()
        self.cancels = {}         # task id -> dict(mode, acked_at, was_running, reply)
        self.events = {}          # task id -> [event names in order]
        self.events_gap = None
        self.events_read = 0
        self.submitting_done = threading.Event()
        self.stop_chaos = threading.Event()
        self.stop_events = threading.Event()
        self.chaos_log = []       # (time, what, name)
        n_cancel = round(args.tasks * args.cancel_share)
        running_pool = [i for i, (op, d) in enumerate(self.plan) if op == "sleep" and d["ms"] >= 200]
        running_pick = self.rng.sample(running_pool, min(len(running_pool), n_cancel // 2))
        picked = set(running_pick)
        rest = [i for i in range(args.tasks) if i not in picked]
        early_pick = self.rng.sample(rest, n_cancel - len(running_pick))
        self.cancel_mode = {i: "running" for i in running_pick}
        self.cancel_mode.update({i: "early" for i in early_pick})

    # --- submission

    def submitter(self, start, indices):
        api = API(self.cluster.http_port)
        rng = random.Random(self.args.seed * 1000 + indices[0] if indices else 0)
        for i in indices:
            due = start + i / self.args.rate
            wait = due - now()
            if wait > 0:
                time.sleep(wait)
            op, data = self.plan[i]
            body = {"queue": LANE, "operation": op, "data": data}
            give_up = now() + self.args.submit_patience
            tries = 0
            while True:
                tries += 1
                status, reply = api.request("POST", "/api/v1/queue/tasks", body, {"Idempotency-Key": f"chaos-{self.args.seed}-{i}"})
                if status in (200, 201) and reply and "task_id" in reply:
                    with self.lock:
                        self.accepted[i] = reply["task_id"]
                        if status == 200:
                            self.replayed += 1
                        self.submit_retries += tries - 1
                    if i in self.cancel_mode:
                        self.cancel_jobs.put((i, reply["task_id"], now() + rng.uniform(0, 1.0)))
                    break
                if status is not None and status not in (503, 502, 500) or now() > give_up:
                    with self.lock:
                        self.rejected[i] = status
                    break
                time.sleep(0.1)

    # --- cancellation

    def canceller(self):
        api = API(self.cluster.http_port)
        while True:
            job = self.cancel_jobs.get()
            if job is None:
                return
            i, task_id, at = job
            mode = self.cancel_mode[i]
            if mode == "running":
                # Wait until a worker runs it, then cancel (gives up when it ends first).
                deadline = now() + 60
                while now() < deadline:
                    status, reply = api.request("GET", f"/api/v1/queue/tasks/{task_id}")
                    if status == 200 and reply.get("status") in ("running",) + FINAL:
                        break
                    time.sleep(0.02)
            else:
                time.sleep(max(0, at - now()))
            give_up = now() + 30
            while True:
                sent = now()
                status, reply = api.request("DELETE", f"/api/v1/queue/tasks/{task_id}")
                acked = now()
                if status == 200:
                    with self.lock:
                        self.cancels[task_id] = {"mode": mode, "sent_at": sent, "acked_at": acked,
                                                 "was_running": bool(reply.get("was_running"))}
                    break
                if status in (400, 404, 409):  # already final: nothing to check
                    with self.lock:
                        self.cancels[task_id] = {"mode": mode, "acked_at": None, "final_first": True}
                    break
                if now() > give_up:
                    break
                time.sleep(0.1)

    # --- the events stream, read as it grows (it is capped)

    def events_reader(self):
        client = Valkey(self.cluster.valkey_port, timeout=5)
        stream = self.cluster.key("events")
        last = "0-0"
        while True:
            stopping = self.stop_events.is_set()
            try:
                first, batch = client.pipeline([["XRANGE", stream, "-", "+", "COUNT", "1"],
                                                ["XREAD", "COUNT", "20000", "STREAMS", stream, last]])
            except (OSError, ConnectionError):
                time.sleep(0.2)
                continue
            if isinstance(first, list) and first and last != "0-0" and not self.events_gap:
                first_id = first[0][0]
                if id_key(first_id) > id_key(last):
                    # Trimmed past what was read: entries were missed.
                    self.events_gap = f"stream trimmed past {last} (first entry {first_id})"
            got = 0
            if isinstance(batch, list):
                for _, entries in batch:
                    for entry_id, fields in entries:
                        f = dict(zip(fields[::2], fields[1::2]))
                        self.events.setdefault(f.get("task_id"), []).append(f.get("event"))
                        last = entry_id
                        got += 1
            self.events_read += got
            if stopping and got == 0:
                return
            if got < 1000:
                time.sleep(0.1)

    # --- chaos

    def chaos(self):
        a = self.args
        rng = random.Random(a.seed + 7)
        t0 = now()
        next_kill = t0 + rng.uniform(a.kill_min, a.kill_max)
        next_term = t0 + rng.uniform(a.term_min, a.term_max)
        valkey_at = t0 + a.valkey_kill_after
        valkey_done = a.valkey_kill_after < 0
        while not self.stop_chaos.is_set():
            t = now()
            self.cluster.reap()
            if not valkey_done and t >= valkey_at:
                valkey_done = True
                log("SIGKILL valkey")
                killed = self.cluster.kill_valkey()
                self.chaos_log.append((killed, "SIGKILL", "valkey"))
                log(f"valkey back from its AOF after {now() - killed:.1f} s")
            if t >= next_kill:
                name, at = self.cluster.kill_worker(rng, signal.SIGKILL)
                if name:
                    self.chaos_log.append((at, "SIGKILL", name))
                    new = self.cluster.start_worker()
                    log(f"SIGKILL {name}, started {new}")
                next_kill = now() + rng.uniform(a.kill_min, a.kill_max)
            if t >= next_term:
                name, at = self.cluster.kill_worker(rng, signal.SIGTERM)
                if name:
                    self.chaos_log.append((at, "SIGTERM", name))
                    new = self.cluster.start_worker()
                    log(f"SIGTERM {name}, started {new}")
                next_term = now() + rng.uniform(a.term_min, a.term_max)
            time.sleep(0.05)

    # --- waiting for the end

    def wait_final(self, deadline):
        client = Valkey(self.cluster.valkey_port, timeout=10)
        pending = dict((tid, i) for i, tid in self.accepted.items())
        last_note = 0
        while pending and now() < deadline:
            ids = list(pending)
            try:
                replies = []
                for k in range(0, len(ids), 2000):
                    replies += client.pipeline([["HGET", self.cluster.key(f"task:{tid}"), "status"] for tid in ids[k:k + 2000]])
            except (OSError, ConnectionError):
                time.sleep(0.5)
                continue
            for tid, status in zip(ids, replies):
                if status in FINAL:
                    del pending[tid]
            if now() - last_note > 10:
                log(f"{len(self.accepted) - len(pending)} of {len(self.accepted)} accepted tasks final")
                last_note = now()
            if pending:
                time.sleep(0.5)
        return pending

    def main(self):
        a = self.args
        c = self.cluster
        log(f"state in {self.workdir}; valkey :{c.valkey_port}, api :{c.http_port}; {a.tasks} tasks at {a.rate}/s, seed {a.seed}")
        started = now()
        try:
            c.start_valkey()
            c.start_api()
            for _ in range(a.workers):
                c.start_worker()
            threads = []
            reader = threading.Thread(target=self.events_reader, daemon=True)
            reader.start()
            cancellers = [threading.Thread(target=self.canceller, daemon=True) for _ in range(8)]
            for t in cancellers:
                t.start()
            start = now() + 0.5
            for s in range(a.submitters):
                t = threading.Thread(target=self.submitter, args=(start, list(range(s, a.tasks, a.submitters))), daemon=True)
                t.start()
                threads.append(t)
            chaos = threading.Thread(target=self.chaos, daemon=True)
            chaos.start()
            for t in threads:
                t.join()
            submitted = now()
            log(f"submitted: {len(self.accepted)} accepted, {len(self.rejected)} not accepted, in {submitted - start:.1f} s")
            # Chaos continues a little while the backlog drains, then the cluster is left in peace.
            time.sleep(a.chaos_tail)
            self.stop_chaos.set()
            chaos.join()
            for _ in cancellers:
                self.cancel_jobs.put(None)
            for t in cancellers:
                t.join(timeout=90)
            pending = self.wait_final(now() + a.deadline)
            finished = now()
            self.stop_events.set()
            reader.join(timeout=30)
            c.reap()
            ok = self.report(started, start, finished, pending)
        finally:
            c.stop_all()
        if ok and not a.keep:
            shutil.rmtree(self.workdir, ignore_errors=True)
        else:
            log(f"logs kept in {self.workdir}")
        return 0 if ok else 1

    # --- checks

    def read_tasks(self):
        client = Valkey(self.cluster.valkey_port, timeout=30)
        fields = ["status", "attempts", "worker", "started_at", "completed_at", "error", "operation"]
        ids = list(self.accepted.values())
        records = {}
        for k in range(0, len(ids), 2000):
            chunk = ids[k:k + 2000]
            replies = client.pipeline([["HMGET", self.cluster.key(f"task:{tid}")] + fields for tid in chunk])
            for tid, r in zip(chunk, replies):
                records[tid] = None if r[0] is None else dict(zip(fields, r))
        # Tasks in Valkey that no accepted submit returned (a create whose reply was lost and never retried).
        all_ids, cursor = set(), "0"
        while True:
            cursor, keys = client.call("SCAN", cursor, "MATCH", self.cluster.key("task:*"), "COUNT", "5000")
            all_ids.update(k.rsplit(":", 1)[1] for k in keys)
            if cursor == "0":
                break
        sets = {name: client.call("ZCARD", self.cluster.key(name)) for name in ("running", "queued", "scheduled")}
        stats = client.call("HGETALL", self.cluster.key("stats"))
        stats = dict(zip(stats[::2], stats[1::2]))
        return records, all_ids, sets, stats

    def read_executions(self):
        execs = {}   # task id -> list of dicts(worker, attempt, start, end, outcome)
        for fname in sorted(os.listdir(self.workdir)):
            if not (fname.startswith("exec-") and fname.endswith(".log")):
                continue
            open_runs = {}
            with open(os.path.join(self.workdir, fname)) as f:
                for line in f:
                    parts = line.split()
                    if len(parts) < 5:
                        continue
                    kind, tid, attempt, ms, worker = parts[:5]
                    if kind == "start":
                        run = {"worker": worker, "attempt": int(attempt), "start": int(ms) / 1000, "end": None, "outcome": None}
                        execs.setdefault(tid, []).append(run)
                        open_runs[(tid, attempt)] = run
                    elif kind == "end":
                        run = open_runs.pop((tid, attempt), None)
                        if run:
                            run["end"], run["outcome"] = int(ms) / 1000, parts[5] if len(parts) > 5 else "?"
        return execs

    def describe_recovery(self, recovery):
        """The slowest recovery: which kill, and how much of it Valkey was down (nothing recovers then)."""
        seconds, name, at, task = recovery
        down = sum(max(0.0, min(back, at + seconds) - max(killed, at)) for killed, back in self.cluster.valkey_down)
        return f"{seconds:.2f} s, task {task} of {name}" + (f"; Valkey was down {down:.1f} s of it" if down > 0 else "")

    def report(self, started, submit_start, finished, pending):
        a = self.args
        records, all_ids, sets, stats = self.read_tasks()
        execs = self.read_executions()
        ended = self.cluster.ended
        accepted = set(self.accepted.values())
        violations = []

        lost = sorted(t for t in accepted if records.get(t) is None)
        not_final = sorted(t for t in accepted if records.get(t) and records[t]["status"] not in FINAL)
        by_status = {}
        for t in accepted:
            if records.get(t):
                by_status[records[t]["status"]] = by_status.get(records[t]["status"], 0) + 1
        unaccounted = sorted(all_ids - accepted)

        # Outcomes: final events per task, read from the events stream as it grew.
        double_outcome, missing_outcome, mismatched = [], [], []
        for t in accepted:
            r = records.get(t)
            finals = [e for e in self.events.get(t, []) if e in FINAL]
            if len(finals) > 1:
                double_outcome.append((t, finals))
            elif r and r["status"] in FINAL:
                if not finals:
                    missing_outcome.append(t)
                elif finals[0] != r["status"]:
                    mismatched.append((t, finals[0], r["status"]))
        counted = {s: int(stats.get(s, 0)) for s in FINAL}
        stats_ok = all(counted[s] == by_status.get(s, 0) for s in FINAL) if not unaccounted else True

        # Executions (side channel).
        starts = sum(len(v) for v in execs.values())
        ok_runs = {t: sum(1 for r in v if r["outcome"] == "ok") for t, v in execs.items()}
        dup_exec_tasks = {t: n for t, n in ok_runs.items() if n > 1}
        dup_exec_extra = sum(n - 1 for n in dup_exec_tasks.values())
        cut = sum(1 for v in execs.values() for r in v if r["end"] is None)
        phantom = [t for t in accepted if records.get(t) and records[t]["status"] == "completed" and ok_runs.get(t, 0) == 0]
        never_ran = [t for t in accepted if records.get(t) and records[t]["status"] in ("completed", "failed") and t not in execs]

        # Cancellation: nothing of a cancelled task runs after the ack plus one heartbeat.
        hb = a.heartbeat_ms / 1000
        bound = hb + a.cancel_slack
        cancel_late, overrun_max, cancel_final = [], 0.0, {}
        acked = {t: c for t, c in self.cancels.items() if c.get("acked_at")}
        for t, c in acked.items():
            st = records[t]["status"] if records.get(t) else "missing"
            key = ("running" if c["was_running"] else "waiting") + " -> " + st
            cancel_final[key] = cancel_final.get(key, 0) + 1
            for r in execs.get(t, []):
                end = r["end"]
                if end is None:  # its worker died: the run ended with the process
                    end = ended.get(r["worker"], (finished, "?"))[0]
                last = max(r["start"], end)
                over = last - c["acked_at"]
                overrun_max = max(overrun_max, over)
                if over > bound:
                    cancel_late.append((t, r["worker"], r["attempt"], round(over, 3), c["was_running"]))

        # Recovery: from a worker's SIGKILL to each of its running tasks starting again elsewhere (or ending).
        recoveries, unrecovered = [], []
        kills = [(at, name) for at, what, name in self.chaos_log if what == "SIGKILL" and name != "valkey"]
        for at, name in kills:
            for t, runs in execs.items():
                for r in runs:
                    if r["worker"] == name and r["end"] is None and r["start"] <= at + 0.05:
                        later = [x["start"] for x in runs if x["worker"] != name and x["start"] > at]
                        if later:
                            recoveries.append((min(later) - at, name, at, t))
                        elif records.get(t) and records[t]["completed_at"]:
                            recoveries.append((int(records[t]["completed_at"]) / 1000 - at, name, at, t))
                        else:
                            unrecovered.append((t, name))

        if lost:
            violations.append(f"{len(lost)} accepted task(s) lost (no hash): {lost[:5]}")
        if not_final or pending:
            violations.append(f"{len(not_final)} accepted task(s) not final after the deadline: {not_final[:5]}")
        if double_outcome:
            violations.append(f"{len(double_outcome)} task(s) with more than one recorded outcome: {double_outcome[:5]}")
        if missing_outcome:
            violations.append(f"{len(missing_outcome)} final task(s) without an outcome event: {missing_outcome[:5]}")
        if mismatched:
            violations.append(f"{len(mismatched)} task(s) whose outcome event differs from its status: {mismatched[:5]}")
        if not stats_ok:
            violations.append(f"outcome counters {counted} differ from the task statuses {by_status}")
        if phantom:
            violations.append(f"{len(phantom)} completed task(s) whose handler never returned ok: {phantom[:5]}")
        if never_ran:
            violations.append(f"{len(never_ran)} completed/failed task(s) with no execution at all: {never_ran[:5]}")
        if cancel_late:
            violations.append(f"{len(cancel_late)} run(s) of cancelled tasks went on past ack + {bound:.2f} s: {cancel_late[:5]}")
        if sets["running"]:
            violations.append(f"{sets['running']} task(s) left in the running set")
        if self.events_gap:
            violations.append(f"events stream read incompletely: {self.events_gap}")
        if unrecovered:
            violations.append(f"{len(unrecovered)} task(s) of killed workers never recovered: {unrecovered[:5]}")

        n_kill = len(kills)
        n_term = sum(1 for _, what, _ in self.chaos_log if what == "SIGTERM")
        rec = sorted(seconds for seconds, *_ in recoveries)
        slowest = max(recoveries, default=None)
        running_cancels = sum(1 for c in acked.values() if c["was_running"])
        rows = [
            ("tasks submitted", f"{a.tasks} at {a.rate}/s ({self.submit_retries} retried submits, {self.replayed} answered by an earlier try)"),
            ("accepted (201/200)", len(accepted)),
            ("not accepted", f"{len(self.rejected)}" + (f" {dict(list(self.rejected.items())[:3])}" if self.rejected else "")),
            ("final", f"{sum(by_status.get(s, 0) for s in FINAL)}  ({', '.join(f'{s} {by_status.get(s, 0)}' for s in FINAL)})"),
            ("lost", len(lost)),
            ("not final / left running", f"{len(not_final)} / {sets['running']} (queued {sets['queued']}, scheduled {sets['scheduled']})"),
            ("tasks nobody accepted", len(unaccounted)),
            ("outcomes recorded twice", len(double_outcome)),
            ("outcome counters", f"{counted} {'match' if stats_ok else 'DIFFER'}"),
            ("events read", f"{self.events_read}" + (f" GAP: {self.events_gap}" if self.events_gap else ", no gap")),
            ("executions started", f"{starts} ({cut} cut short by a kill)"),
            ("duplicate executions", f"{dup_exec_extra} extra successful runs over {len(dup_exec_tasks)} tasks (at least once: allowed)"),
            ("cancels acknowledged", f"{len(acked)} ({running_cancels} while running); ends: {cancel_final}"),
            ("cancelled, ran past ack", f"max {overrun_max:.3f} s (bound heartbeat {hb:.2f} + slack {a.cancel_slack:.2f} s); late runs {len(cancel_late)}"),
            ("chaos", f"{n_kill} worker SIGKILLs, {n_term} SIGTERMs, Valkey SIGKILLed {len(self.cluster.valkey_down)}x"
                      + "".join(f" (down {b - k:.1f} s)" for k, b in self.cluster.valkey_down)),
            ("recovery after SIGKILL", (f"{len(rec)} tasks: median {statistics.median(rec):.2f} s, max {rec[-1]:.2f} s"
                                        if rec else "no task was running on a killed worker")
                                       + f" (lease {a.lease_ms} ms, heartbeat {a.heartbeat_ms} ms, reconcile {a.reconcile_ms} ms)"),
            ("slowest recovery", self.describe_recovery(slowest) if slowest else "-"),
            ("duration", f"{finished - started:.1f} s in all; first submit to last task final {finished - submit_start:.1f} s"),
        ]
        width = max(len(k) for k, _ in rows)
        print()
        print("| " + "check".ljust(width) + " | result")
        print("|-" + "-" * width + "-|-------")
        for k, v in rows:
            print(f"| {k.ljust(width)} | {v}")
        print()
        if violations:
            for v in violations:
                print(f"chaos: VIOLATION: {v}")
            print("chaos: FAILED")
            return False
        print("chaos: PASSED (no task lost, every outcome recorded once, cancels held, nothing left running)")
        return True


def id_key(entry_id):
    ms, seq = entry_id.split("-")
    return int(ms), int(seq)


def main():
    p = argparse.ArgumentParser(description="Lanes chaos test (see chaos/README.md)")
    p.add_argument("--bin", required=True, help="directory with lanes-api and chaos-worker")
    p.add_argument("--config", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "lanes.yaml"))
    p.add_argument("--tasks", type=int, default=20000)
    p.add_argument("--rate", type=float, default=100, help="tasks submitted per second")
    p.add_argument("--submitters", type=int, default=8, help="concurrent submitting connections")
    p.add_argument("--workers", type=int, default=3)
    p.add_argument("--lease-ms", type=int, default=2000)
    p.add_argument("--heartbeat-ms", type=int, default=500)
    p.add_argument("--reconcile-ms", type=int, default=1000)
    p.add_argument("--grace-seconds", type=int, default=1, help="SIGTERM: time running tasks get before they are requeued")
    p.add_argument("--kill-min", type=float, default=3, help="seconds between worker SIGKILLs, at least")
    p.add_argument("--kill-max", type=float, default=6)
    p.add_argument("--term-min", type=float, default=10, help="seconds between worker SIGTERMs, at least")
    p.add_argument("--term-max", type=float, default=25)
    p.add_argument("--valkey-kill-after", type=float, default=None, help="seconds into the run (default: half the submit time; <0: never)")
    p.add_argument("--valkey-down", type=float, default=2, help="seconds Valkey stays dead")
    p.add_argument("--cancel-share", type=float, default=0.02)
    p.add_argument("--cancel-slack", type=float, default=0.5, help="scheduling slack allowed on top of one heartbeat")
    p.add_argument("--chaos-tail", type=float, default=5, help="seconds of chaos after the last submit")
    p.add_argument("--submit-patience", type=float, default=30, help="how long one submit is retried")
    p.add_argument("--deadline", type=float, default=600, help="seconds to wait for every task to be final")
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--keep", action="store_true", help="keep the temp dir (logs, AOF) even when passing")
    a = p.parse_args()
    if a.seed is None:
        a.seed = random.randrange(1, 1 << 30)
    if a.valkey_kill_after is None:
        a.valkey_kill_after = a.tasks / a.rate / 2
    sys.exit(Run(a).main())


if __name__ == "__main__":
    main()
