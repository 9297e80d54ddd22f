"""Two app servers on one database, with Redis shared between them, behave as one."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import uuid

import pytest
import requests
from browser import require
from servers import REPO, bearer, free_port, start_server, stop_server

REDIS_URL = os.environ.get("NOABER_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def redis():
    """A key prefix of this test's own in the test Redis, removed afterwards."""
    import redis as client
    connection = client.Redis.from_url(REDIS_URL, socket_timeout=2)
    try:
        connection.ping()
    except client.RedisError:
        require(f"Redis at {REDIS_URL}", False)
    prefix = f"t{uuid.uuid4().hex[:8]}"
    yield {"NOABER_RATELIMIT_STORAGE": REDIS_URL, "NOABER_JOBS_URL": REDIS_URL, "NOABER_REDIS_PREFIX": prefix}
    for key in connection.scan_iter(f"*{prefix}*"):
        connection.delete(key)


@pytest.fixture
def two_servers(redis, cli, make_tenant, make_account):
    make_tenant("de-es", plugins=["transport"])
    for role in ("coordinator", "volunteer"):
        make_account("de-es", f"{role}@de-es.nl", (role,))
    ports = free_port(), free_port()
    servers = [start_server(port, "--workers", "1", "--no-jobs", env=redis) for port in ports]
    worker = subprocess.Popen([sys.executable, "-m", "core", "worker"], cwd=REPO, env={**os.environ, **redis},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for server in servers:
            stop_server(server)
        stop_worker(worker)


def stop_worker(proc) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


def csrf(browser, url) -> str:
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', browser.get(url).text).group(1)


def sign_in(browser, base, email, password="correct horse battery"):
    token = csrf(browser, f"{base}/t/de-es/sign-in")
    return browser.post(f"{base}/t/de-es/sign-in", allow_redirects=False,
                        data={"email": email, "password": password, "csrf_token": token})


def signed_in(browser, base) -> bool:
    return browser.get(f"{base}/t/de-es/account", allow_redirects=False).status_code == 200


def test_two_servers_serve_as_one(two_servers, cli):
    a, b = two_servers
    attempts = 0  # sign-in posts from this address, on both servers

    # a write through one is read through the other, through the API
    scopes = "people.read,people.write,transport.plan"
    credentials = json.loads(cli("client", "add", "de-es", "Beide", "--scopes", scopes, "--json").out)
    on_a, on_b = bearer(a, "de-es", credentials), bearer(b, "de-es", credentials)
    made = requests.post(f"{a}/t/de-es/api/v1/people", headers=on_a, json={"given_name": "Riet", "family_name": "Oost"})
    assert made.status_code == 201
    assert requests.get(f"{b}/t/de-es/api/v1/people/{made.json()['id']}", headers=on_b).json()["family_name"] == "Oost"

    # a tenant added while both run is served by both
    assert requests.get(f"{b}/t/de-linde/").status_code == 404
    assert cli("init", "de-linde", "--name", "De Linde").code == 0
    assert all("De Linde" in requests.get(f"{base}/t/de-linde/").text for base in (a, b))

    # a job started through one is run by the worker (Redis queue) and read through the other
    started = requests.post(f"{a}/t/de-es/api/v1/transport/plan", headers=on_a, json={"day": "2030-06-03"})
    assert started.status_code == 202
    deadline, job = time.monotonic() + 90, {}
    while time.monotonic() < deadline and job.get("state") != "done":
        time.sleep(0.3)
        job = requests.get(b + started.headers["Location"], headers=on_b).json()
    assert job["state"] == "done" and job["result"]["offered"] == {}

    # signing out everywhere on one signs the other browser out on the other server
    first, second = requests.Session(), requests.Session()
    assert sign_in(first, a, "volunteer@de-es.nl").status_code == 302
    assert sign_in(second, b, "volunteer@de-es.nl").status_code == 302
    attempts += 2
    assert signed_in(first, b) and signed_in(second, a)
    everywhere = first.post(f"{a}/t/de-es/account/sign-out-everywhere", allow_redirects=False,
                            data={"csrf_token": csrf(first, f"{a}/t/de-es/account")})
    assert everywhere.status_code == 302 and signed_in(first, b) and not signed_in(second, b)
    first.post(f"{a}/t/de-es/sign-out", data={"csrf_token": csrf(first, f"{a}/t/de-es/account")})
    assert not signed_in(first, b)

    # an account under attack is slowed on both: five wrong passwords over the two, then even the right one waits
    for n in range(5):
        assert sign_in(requests.Session(), (a, b)[n % 2], "coordinator@de-es.nl", "wrong password!").status_code == 401
    refused = sign_in(requests.Session(), b, "coordinator@de-es.nl")
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    attempts += 6

    # the address's limit (20 a minute) is counted once over both servers
    while True:
        answer = sign_in(requests.Session(), (a, b)[attempts % 2], f"nobody{attempts}@de-es.nl")
        attempts += 1
        if answer.status_code == 429:
            break
        assert answer.status_code == 401 and attempts <= 20
    assert attempts == 21
