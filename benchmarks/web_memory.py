"""Memory of one web worker with every plugin enabled, after a mixed run of real requests.

    .venv/bin/python benchmarks/web_memory.py [--rounds 40]

Builds the demo's tenants (every installed plugin, four months of synthetic rides), serves
them with ``noaber serve --workers 1 --no-jobs`` and sends, as a coordinator and as an API
client, rounds of page and API requests (boards, a week, a ride with its suggested drivers,
statements, reports, people, the notice board, the API's lists) plus a day's planning,
which is only put on the queue: the job runs in ``noaber worker``, started afterwards,
whose memory is given too. The baseline, in the same run: a bare Flask app
(``bare_app.py``) under gunicorn with one worker, after the same number of requests to its
one route. Aim: the web worker at most 80 MB.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from tenants_1000 import free_port, rss_kb, start, stop, worker_pid

PAGES = ["/", "/people/", "/transport/?day={day}", "/transport/week?day={day}", "/transport/rides/{ride}",
         "/transport/drivers/", "/transport/statements", "/transport/reports", "/transport/series",
         "/transport/my", "/example/", "/federation/shared", "/account"]
API = ["/api/v1/people?page_size=50", "/api/v1/transport/rides?day={day}", "/api/v1/transport/drivers",
       "/api/v1/example/notices"]


def build(root: Path) -> None:
    from core.cli.demo import build as build_demo
    build_demo(root)


def serve(port: int, env: dict) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "core", "serve", "--port", str(port), "--workers", "1", "--no-jobs"],
                            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return proc
        except requests.ConnectionError:
            time.sleep(0.2)
    raise RuntimeError("noaber serve did not start")


def signed_in(base: str) -> requests.Session:
    browser = requests.Session()
    page = browser.get(f"{base}/sign-in").text
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    answer = browser.post(f"{base}/sign-in", allow_redirects=False, data={
        "email": "coordinator@de-es.example", "password": "demo-coordinator-de-es", "csrf_token": token})
    assert answer.status_code == 302, answer.status_code
    return browser


def api_token(base: str, env: dict) -> dict:
    out = subprocess.run([sys.executable, "-m", "core", "client", "add", "de-es", "Bench", "--scopes",
                          "people.read,transport.plan", "--json"], cwd=REPO, env=env, capture_output=True,
                         text=True, check=True).stdout
    credentials = json.loads(out)
    token = requests.post(f"{base}/oauth/token", data={"grant_type": "client_credentials"},
                          auth=(credentials["client_id"], credentials["client_secret"])).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def a_day_with_rides(base: str, bearer: dict) -> tuple[str, int]:
    """The first day from today on with rides, and one of them (the demo has none at weekends)."""
    from datetime import date, timedelta
    for n in range(14):
        day = (date.today() + timedelta(days=n)).isoformat()
        rides = requests.get(f"{base}/api/v1/transport/rides?day={day}", headers=bearer).json()
        if rides:
            return day, rides[0]["id"]
    raise RuntimeError("the demo has no rides in the coming two weeks")


def mixed_run(base: str, browser: requests.Session, bearer: dict, rounds: int) -> int:
    """Rounds of every page and API list; returns the number of requests."""
    day, ride = a_day_with_rides(base, bearer)
    sent = 0
    for _ in range(rounds):
        for path in PAGES:
            answer = browser.get(base + path.format(day=day, ride=ride))
            assert answer.status_code == 200, (path, answer.status_code)
            sent += 1
        for path in API:
            assert requests.get(base + path.format(day=day), headers=bearer).status_code == 200, path
            sent += 1
    return sent


def plan_days(base: str, browser: requests.Session, bearer: dict, times: int) -> int:
    """A day's planning, *times*: put on the queue, its page shown (the job runs in the worker)."""
    day, _ride = a_day_with_rides(base, bearer)
    for _ in range(times):
        token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"',
                          browser.get(f"{base}/transport/?day={day}").text).group(1)
        job = browser.post(f"{base}/transport/plan?day={day}", data={"csrf_token": token})
        assert job.status_code == 200 and "/planning/" in job.url
    return 3 * times


def bare_baseline(root: Path, requests_sent: int) -> int:
    database = root / "bare.sqlite3"
    shutil.copy(root / "de-es" / "data" / "noaber.sqlite3", database)
    port = free_port()
    proc = start("bare_app:app", port, {"BARE_DATABASE": str(database)}, HERE)
    try:
        for _ in range(requests_sent):
            requests.get(f"http://127.0.0.1:{port}/api/notices")
        return rss_kb(worker_pid(proc.pid))
    finally:
        stop(proc)


def worker_after_a_plan(env: dict) -> int:
    """``noaber worker`` runs the queued plans; its memory once they are done."""
    proc = subprocess.Popen([sys.executable, "-m", "core", "worker"], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True)
    try:
        proc.stdout.readline()
        jobs = sqlite_jobs(Path(env["NOABER_TENANTS"]) / ".noaber-jobs.sqlite3")
        deadline = time.monotonic() + 300
        while jobs() and time.monotonic() < deadline:
            time.sleep(0.5)
        time.sleep(2)  # the last job's commit and mail
        return rss_kb(proc.pid)
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=60)


def sqlite_jobs(path: Path):
    import sqlite3

    def waiting() -> int:
        with sqlite3.connect(path) as db:
            return db.execute("SELECT count(*) FROM task").fetchone()[0]
    return waiting


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="noaber-memory-"))
    env = {**os.environ, "NOABER_TENANTS": str(root)}
    env.pop("NOABER_JOBS_URL", None)
    try:
        print("Building the demo's tenants…", flush=True)
        os.environ["NOABER_TENANTS"] = str(root)
        build(root)
        port = free_port()
        server = serve(port, env)
        try:
            worker = worker_pid(server.pid)
            idle = rss_kb(worker)
            base = f"http://127.0.0.1:{port}/t/de-es"
            browser, bearer = signed_in(base), api_token(base, env)
            sent = mixed_run(base, browser, bearer, args.rounds)
            pages = rss_kb(worker)
            sent += plan_days(base, browser, bearer, 4)
            after = rss_kb(worker)
            loaded = {name: Path(f"/proc/{worker}/maps").read_text().count(name) > 0
                      for name in ("numba", "highspy", "scipy", "numpy")}
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        bare = bare_baseline(root, sent)
        planner = worker_after_a_plan(env)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"\nweb worker, every plugin enabled: {idle / 1024:.0f} MB idle, {pages / 1024:.0f} MB after "
          f"{sent - 12} page and API requests, {after / 1024:.0f} MB after four plans put on the queue too "
          f"(aim: at most 80 MB)")
    print(f"bare Flask worker after {sent} requests: {bare / 1024:.0f} MB; "
          f"ratio noaber / bare: {after / bare:.2f}")
    mapped = ", ".join(name for name, found in loaded.items() if found) or "none"
    print(f"compiled code or solver mapped into the web worker: {mapped}")
    print(f"noaber worker after planning the queued days: {planner / 1024:.0f} MB")


if __name__ == "__main__":
    main()
