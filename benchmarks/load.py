"""50 people using the API at once for 60 s: 80 % reads, 20 % writes, on the embedded SQLite.

    .venv/bin/python benchmarks/load.py [--users 50] [--seconds 60] [--workers 2] [--think 0.5 1.5]

``noaber serve`` (gunicorn, ``--workers`` sync workers) over a neighbourhood with every installed
plugin and its demo data. Each user is a thread (spread over a few client processes) that
waits ``--think`` seconds (uniform, as a person between clicks; locust's ``between``) and then
asks one of: the people list, one person, the rides of a day, the drivers (reads), or adds a
person or renames one it added (writes), with a bearer token. Afterwards every write that was
answered 2xx is looked for in the database. Prints requests/s, p50/p95/p99, errors and the
writes not found (aims: 0 errors, p95 ≤ 100 ms, every acknowledged write present).
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from multiprocessing import Process, Queue
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from api_lists import SLUG, free_port, make_tenant, stop, token  # noqa: E402

READS = ("people", "person", "rides", "drivers")
USERS_PER_PROCESS = 10


def call(port: int, method: str, path: str, headers: dict, body: dict | None = None) -> tuple[int, dict | list]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        payload = json.dumps(body) if body is not None else None
        connection.request(method, f"/t/{SLUG}/api/v1{path}", body=payload,
                           headers={**headers, **({"Content-Type": "application/json"} if body else {})})
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"null")
    finally:
        connection.close()


class User:
    """One person clicking: reads mostly, sometimes a write; remembers what was acknowledged."""

    def __init__(self, number: int, port: int, headers: dict, day: str, think: tuple[float, float]):
        self.number, self.port, self.headers, self.day, self.think = number, port, headers, day, think
        self.rng = random.Random(number)
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.mine: dict[int, str] = {}  # person id -> the family name last acknowledged
        self.writes = self.acknowledged = 0

    def run(self, until: float) -> None:
        while time.monotonic() < until:
            time.sleep(self.rng.uniform(*self.think))
            started = time.perf_counter()
            try:
                self.one()
            except Exception as exc:  # the load test counts every kind of failure
                self.errors.append(f"{type(exc).__name__}: {exc}")
            self.latencies.append(time.perf_counter() - started)

    def one(self) -> None:
        if self.rng.random() < 0.2:
            return self.write()
        path = {"people": "/people?page_size=20", "person": f"/people/{self.rng.randint(1, 40)}",
                "rides": f"/transport/rides?day={self.day}", "drivers": "/transport/drivers"}[self.rng.choice(READS)]
        self.expect(path, *call(self.port, "GET", path, self.headers))

    def write(self) -> None:
        self.writes += 1
        name = f"Last-{self.number}-{self.writes}"
        if self.mine and self.rng.random() < 0.5:
            person_id = self.rng.choice(list(self.mine))
            status, body = call(self.port, "PATCH", f"/people/{person_id}", self.headers, {"family_name": name})
        else:
            status, body = call(self.port, "POST", "/people", self.headers,
                                {"given_name": f"User{self.number}", "family_name": name})
        if self.expect("write", status, body):
            self.mine[body["id"]] = name
            self.acknowledged += 1

    def expect(self, what: str, status: int, body) -> bool:
        if status not in (200, 201):
            self.errors.append(f"{what}: HTTP {status} {str(body)[:200]}")
            return False
        return True


def _client(first: int, count: int, port: int, headers: dict, day: str, think, until_wall: float, queue) -> None:
    until = time.monotonic() + (until_wall - time.time())
    users = [User(first + n, port, headers, day, think) for n in range(count)]
    threads = [threading.Thread(target=user.run, args=(until,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put([(u.latencies, u.errors, u.mine, u.acknowledged) for u in users])


def run_load(args, port: int, headers: dict, day: str) -> tuple[list[float], list[str], dict[int, str], int, float]:
    queue: Queue = Queue()
    until, started = time.time() + args.seconds, time.monotonic()
    clients = [Process(target=_client, args=(first, min(USERS_PER_PROCESS, args.users - first), port, headers, day,
                                             tuple(args.think), until, queue))
               for first in range(0, args.users, USERS_PER_PROCESS)]
    for client in clients:
        client.start()
    latencies, errors, acknowledged, writes = [], [], {}, 0
    for _ in clients:
        for user_latencies, user_errors, mine, acked in queue.get():
            latencies += user_latencies
            errors += user_errors
            acknowledged.update(mine)
            writes += acked
    for client in clients:
        client.join()
    return latencies, errors, acknowledged, writes, time.monotonic() - started


def missing_writes(root: Path, acknowledged: dict[int, str]) -> list[int]:
    """The acknowledged writes the database does not have (as last acknowledged)."""
    import sqlite3
    with sqlite3.connect(root / SLUG / "data" / "noaber.sqlite3") as db:
        found = dict(db.execute("SELECT id, family_name FROM core_person").fetchall())
    return sorted(i for i, name in acknowledged.items() if found.get(i) != name)


def serve(root: Path, workers: int):
    import subprocess
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "core", "serve", "--port", str(port), "--workers", str(workers)],
                            env={**os.environ, "NOABER_TENANTS": str(root), "NOABER_DATABASE_URL": ""},
                            cwd=HERE.parent, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz")
            return proc, port
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("noaber serve did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--think", type=float, nargs=2, default=(0.5, 1.5))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="noaber-load-") as tmp:
        root = Path(tmp) / "tenants"
        credentials, day = make_tenant(root)
        load_before = os.getloadavg()[0]
        proc, port = serve(root, args.workers)
        try:
            headers = {"Authorization": f"Bearer {token(port, credentials)}"}
            latencies, errors, acknowledged, writes, elapsed = run_load(args, port, headers, day)
        finally:
            stop(proc)
        missing = missing_writes(root, acknowledged)
    report(args, latencies, errors, (writes, len(acknowledged)), missing, elapsed, load_before)


def report(args, latencies, errors, writes, missing, elapsed, load_before) -> None:
    cuts = statistics.quantiles([x * 1000 for x in latencies], n=100)
    print(f"{args.users} users, {args.seconds:.0f} s, think {args.think[0]}-{args.think[1]} s, "
          f"{args.workers} workers, SQLite (load average before: {load_before:.1f})")
    print(f"requests/s        {len(latencies) / elapsed:8.1f}   ({len(latencies)} requests)")
    print(f"latency p50/p95/p99 ms  {cuts[49]:.1f} / {cuts[94]:.1f} / {cuts[98]:.1f}   (aim: p95 <= 100)")
    print(f"errors            {len(errors):8d}   (aim: 0)")
    print(f"writes acknowledged {writes[0]:6d} (to {writes[1]} people), as last acknowledged not found "
          f"afterwards: {len(missing)}   (aim: 0)")
    for error in errors[:10]:
        print("  ", error)


if __name__ == "__main__":
    main()
