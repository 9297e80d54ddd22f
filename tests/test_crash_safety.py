"""A server killed with SIGKILL while writers run loses no write it acknowledged (SQLite WAL with
synchronous=FULL; PostgreSQL's commit)."""
from __future__ import annotations

import json
import signal
import threading
import time

import requests
from servers import bearer, free_port, start_server, stop_server

WRITERS = 8
#: the writers run this long before the kill; each stops by itself after WRITE_AT_MOST
KILL_AFTER, WRITE_AT_MOST = 3.0, 30.0


def write_until_killed(url: str, headers: dict, writer: int, acknowledged: list) -> None:
    stop_at = time.monotonic() + WRITE_AT_MOST
    n = 0
    while time.monotonic() < stop_at:
        n += 1
        try:
            answer = requests.post(url, headers=headers, timeout=10,
                                   json={"given_name": f"W{writer}", "family_name": f"N{n}", "is_resident": True})
        except requests.RequestException:
            return  # the server is gone
        if 200 <= answer.status_code < 300:
            acknowledged.append((answer.json()["id"], f"W{writer}", f"N{n}"))


def everyone(base: str, headers: dict) -> dict[int, tuple[str, str]]:
    found, page = {}, 1
    while True:
        answer = requests.get(f"{base}/t/de-es/api/v1/people", params={"page": page, "page_size": 100},
                              headers=headers, timeout=30)
        answer.raise_for_status()
        found.update({p["id"]: (p["given_name"], p["family_name"]) for p in answer.json()})
        if page >= json.loads(answer.headers["X-Pagination"])["total_pages"]:
            return found
        page += 1


def test_a_killed_server_keeps_every_acknowledged_write(cli, make_tenant, noaber_env):
    make_tenant("de-es")
    credentials = json.loads(cli("client", "add", "de-es", "Schrijver", "--scopes", "people.read,people.write",
                                 "--json").out)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(port, "--workers", "2", "--no-jobs")
    try:
        headers = bearer(base, "de-es", credentials)
        acknowledged: list = []
        writers = [threading.Thread(target=write_until_killed, args=(f"{base}/t/de-es/api/v1/people", headers, w,
                                                                      acknowledged)) for w in range(WRITERS)]
        for thread in writers:
            thread.start()
        time.sleep(KILL_AFTER)
    finally:
        stop_server(server, signal.SIGKILL)  # the server and its workers, mid-write
    for thread in writers:
        thread.join(timeout=WRITE_AT_MOST + 10)
    assert len(acknowledged) > 50, "the writers barely wrote: nothing was tested"

    server = start_server(port, "--workers", "1", "--no-jobs")
    try:
        stored = everyone(base, bearer(base, "de-es", credentials))
    finally:
        stop_server(server)
    lost = [(pid, given, family) for pid, given, family in acknowledged if stored.get(pid) != (given, family)]
    assert lost == [], f"{len(lost)} of {len(acknowledged)} acknowledged writes are gone"
    print(f"\n{len(acknowledged)} acknowledged writes, {len(stored) - len(acknowledged)} more stored, 0 lost")


def test_sqlite_tenants_write_ahead_and_wait_for_the_disk(make_tenant, instance):
    tenant = make_tenant("de-es")
    if instance.storage.is_postgresql:
        with instance.storage.engine(tenant).connect() as conn:
            assert conn.exec_driver_sql("SHOW synchronous_commit").scalar() == "on"
        return
    with instance.storage.engine(tenant).connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
