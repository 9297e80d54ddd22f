"""noaber's list routes against bare Flask + sqlite3 serving the same JSON bodies, in one run.

    .venv/bin/python benchmarks/api_lists.py [--seconds 5] [--rounds 3] [--clients 2]

A neighbourhood with every installed plugin and its demo data (SQLite, the embedded default);
noaber under gunicorn with 2 sync workers, asked with a bearer token of a client holding every
scope; the baseline (benchmarks/bare_lists.py) under gunicorn with 2 sync workers too, from a
copy of the same database. Each route is measured A, B, A, B… (``--rounds`` times each), by
``--clients`` client processes over loopback, one request per connection; the median of the
rounds counts. Before measuring, each route's two bodies are compared: they must be equal.
Prints requests per second and the ratio noaber ÷ bare (aim ≥ 0.5).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import sys
import tempfile
import time
from multiprocessing import Process, Queue
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from serving import request, start, stop  # noqa: E402

from core.accounts.clients import create_client, declared_scopes  # noqa: E402
from core.instance import Instance  # noqa: E402
from core.tenancy.admin import create_tenant  # noqa: E402
from plugins.transport.models import Ride  # noqa: E402

SLUG = "de-es"
COALITION = "landelijk"  # the audience federation_ingest.py signs for
PASSWORD = "correct horse battery"


def make_tenant(root: Path) -> tuple[tuple[str, str], str]:
    """The demo neighbourhood with every installed plugin; a client's credentials, and the busiest day."""
    from sqlalchemy import func, select
    instance = Instance(tenants_root=root, database_url="")
    tenant = create_tenant(instance, SLUG, "De Es", plugins=sorted(instance.plugins.info))
    with instance.storage.session(tenant) as session:
        instance.hooks(tenant).noaber_demo_data(tenant=tenant, session=session, rng=random.Random(2026))
        scopes = declared_scopes(instance, tenant)
        client, secret = create_client(session, "benchmark", sorted(scopes), scopes)
        session.commit()
        day = session.scalar(select(func.date(Ride.pickup_at)).group_by(func.date(Ride.pickup_at))
                             .order_by(func.count().desc()).limit(1))
        credentials = (client.client_id, secret)
    instance.storage.dispose()
    return credentials, day


def make_coalition(root: Path, members: int = 50) -> None:
    """A regional coalition that took in a year of summaries (40 figures) from *members* neighbourhoods,
    as ``noaber federate`` would (federation_ingest.py's members), and a treasurer who reads them."""
    from argparse import Namespace

    from federation_ingest import enrol, ingest_pulled, make_world

    from core.accounts.service import create_account
    _months, metrics, world = make_world(Namespace(members=members, months=12, metrics=40))
    instance = Instance(tenants_root=root, database_url="", public_url="http://127.0.0.1:8000")
    tenant = create_tenant(instance, COALITION, "Landelijk Netwerk", "coalition", [], (), "NL01")
    enrol(instance, tenant, world, metrics)
    ingest_pulled(instance, tenant, world)
    with instance.storage.session(tenant) as session:
        create_account(session, "penningmeester@landelijk.nl", PASSWORD, ("treasurer",))
        session.commit()
    instance.storage.dispose()


def session_cookie(port: int) -> str:
    """Signed in as the coalition's treasurer, through the real form."""
    import re

    import requests
    browser = requests.Session()
    page = browser.get(f"http://127.0.0.1:{port}/t/{COALITION}/sign-in", timeout=30).text
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    signed_in = browser.post(f"http://127.0.0.1:{port}/t/{COALITION}/sign-in", allow_redirects=False, timeout=30,
                             data={"email": "penningmeester@landelijk.nl", "password": PASSWORD, "csrf_token": csrf})
    assert signed_in.status_code == 302, signed_in.text
    return f"Cookie: noaber_session={browser.cookies['noaber_session']}\r\n"


def _load(port: int, path: str, headers: str, seconds: float, queue: Queue) -> None:
    done, deadline = 0, time.monotonic() + seconds
    while time.monotonic() < deadline:
        status, _ = request(port, path, headers)
        if status != 200:
            raise RuntimeError(f"{path}: HTTP {status}")
        done += 1
    queue.put(done)


def throughput(port: int, path: str, headers: str, seconds: float, clients: int) -> float:
    """Requests per second from *clients* client processes at once."""
    queue: Queue = Queue()
    loaders = [Process(target=_load, args=(port, path, headers, seconds, queue)) for _ in range(clients)]
    for loader in loaders:
        loader.start()
    for loader in loaders:
        loader.join()
    return sum(queue.get() for _ in loaders) / seconds


def token(port: int, credentials: tuple[str, str]) -> str:
    import base64
    basic = base64.b64encode(":".join(credentials).encode()).decode()
    body = b"grant_type=client_credentials"
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(f"POST /t/{SLUG}/oauth/token HTTP/1.0\r\nHost: 127.0.0.1\r\nAuthorization: Basic {basic}\r\n"
                     f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n\r\n"
                     .encode() + body)
        answer = b"".join(iter(lambda: sock.recv(65536), b""))
    return json.loads(answer.split(b"\r\n\r\n", 1)[1])["access_token"]


def routes(day: str) -> list[tuple[str, str, str]]:
    """(name, noaber's path, the baseline's path); the coalition's figures are asked for with a session cookie."""
    return [("GET /federation/dataValueSets.json (coalition)", f"/t/{COALITION}/federation/dataValueSets.json",
             "/figures"),
            ("GET /api/v1/people (the first page, 10)", f"/t/{SLUG}/api/v1/people", "/people"),
            (f"GET /api/v1/transport/rides of {day}", f"/t/{SLUG}/api/v1/transport/rides?day={day}",
             f"/rides?day={day}"),
            ("GET /api/v1/transport/drivers", f"/t/{SLUG}/api/v1/transport/drivers", "/drivers")]


def same_bodies(noaber_port, bare_port, headers, route) -> None:
    name, path, bare_path = route
    headers = headers[path.startswith(f"/t/{COALITION}/")]
    status, ours = request(noaber_port, path, headers)
    bare_status, theirs = request(bare_port, bare_path)
    if status != 200 or bare_status != 200 or json.loads(ours) != json.loads(theirs):
        raise SystemExit(f"{name}: the bodies differ ({status}, {bare_status}):\n{ours[:600]}\n{theirs[:600]}")


def measure(args, noaber_port, bare_port, headers, day) -> list[tuple[str, float, float]]:
    results = []
    for route in routes(day):
        same_bodies(noaber_port, bare_port, headers, route)
        ours, theirs = [], []
        asking = headers[route[1].startswith(f"/t/{COALITION}/")]
        for _ in range(args.rounds):
            theirs.append(throughput(bare_port, route[2], "", args.seconds, args.clients))
            ours.append(throughput(noaber_port, route[1], asking, args.seconds, args.clients))
        results.append((route[0], statistics.median(ours), statistics.median(theirs)))
        print(f"  {route[0]}: noaber {[round(x) for x in ours]}, bare {[round(x) for x in theirs]}", file=sys.stderr)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=2)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="noaber-lists-") as tmp:
        root = Path(tmp) / "tenants"
        credentials, day = make_tenant(root)
        make_coalition(root)
        shutil.copy(root / SLUG / "data" / "noaber.sqlite3", Path(tmp) / "bare.sqlite3")
        shutil.copy(root / COALITION / "data" / "noaber.sqlite3", Path(tmp) / "bare-coalition.sqlite3")
        noaber, noaber_port = start("core.server.app:create_app()", {"NOABER_TENANTS": str(root),
                                                                     "NOABER_DATABASE_URL": ""}, REPO)
        bare, bare_port = start("bare_lists:app", {"BARE_DATABASE": str(Path(tmp) / "bare.sqlite3"),
                                                   "BARE_COALITION": str(Path(tmp) / "bare-coalition.sqlite3")}, HERE)
        try:
            # (bearer token for the neighbourhood's API, session cookie for the coalition's page)
            headers = (f"Authorization: Bearer {token(noaber_port, credentials)}\r\n", session_cookie(noaber_port))
            results = measure(args, noaber_port, bare_port, headers, day)
        finally:
            stop(noaber)
            stop(bare)
    print(f"\n{'route':46}{'noaber/s':>10}{'bare/s':>10}{'ratio':>8}   aim >= 0.5   (load before: {load:.1f})")
    for name, ours, theirs in results:
        print(f"{name:46}{ours:>10.0f}{theirs:>10.0f}{ours / theirs:>8.2f}")


if __name__ == "__main__":
    main()
