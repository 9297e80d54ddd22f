"""Planning runs as a job in ``noaber worker``: the web process answers at once and never loads
the planner's solver or compiled code; the page shows progress, then the plan, without JavaScript."""
from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
import time

import requests
from ride_town import CLINIC, MONDAY, at
from servers import REPO, free_port, running

from core.instance import tenant_context
from plugins.transport import service
from plugins.transport.geo import Roads

#: run in a fresh interpreter, so that no other test's planning has loaded the planner there
WEB_PROCESS = r'''
import sys
from core.instance import Instance
from core.server.app import create_app
from core.testing import csrf_token

app = create_app(Instance(), {"TESTING": True, "RATELIMIT_ENABLED": False})
client = app.test_client()
signed_in = client.post("/t/de-es/sign-in", data={"email": "coordinator@de-es.nl", "password": "correct horse battery",
                                                  "csrf_token": csrf_token(client, "/t/de-es/sign-in")})
assert signed_in.status_code == 302, signed_in.text
for path in ("/t/de-es/transport/?day=2030-06-03", "/t/de-es/transport/week?day=2030-06-03"):
    assert client.get(path).status_code == 200, path
ride = client.get("/t/de-es/transport/rides/RIDE")
assert ride.status_code == 200 and "Henk Test" in ride.text, "the ride's page suggests its drivers"
token = csrf_token(client, "/t/de-es/transport/")
plan = client.post("/t/de-es/transport/plan?day=2030-06-03", data={"csrf_token": token})
assert plan.status_code == 303, plan.status_code
waiting = client.get(plan.headers["Location"]).text
assert "Wachten tot de planner begint" in waiting and 'http-equiv="refresh"' in waiting
print(" ".join(m for m in ("numba", "highspy", "scipy", "numpy") if m in sys.modules) or "none")
'''


def requested_ride(instance, hour=10) -> int:
    with tenant_context("de-es", instance) as scope:
        ride = service.request_ride(scope.session, Roads(), 1, CLINIC, "Ziekenhuis", at(hour), "test")[0]
        scope.session.commit()
        return ride.id


def test_the_web_process_loads_no_solver_and_no_compiled_code(town, make_account, instance, noaber_env):
    make_account("de-es", "coordinator@de-es.nl", ("coordinator",))
    ride_id = requested_ride(instance)
    env = {**noaber_env, "NOABER_JOBS_URL": "", "NOABER_FAST_PASSWORD_HASHING": "1"}
    proc = subprocess.run([sys.executable, "-c", WEB_PROCESS.replace("RIDE", str(ride_id))], cwd=REPO,
                          env={**os.environ, **env}, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["none"]


def _signed_in(base: str) -> requests.Session:
    browser = requests.Session()
    page = browser.get(f"{base}/t/de-es/sign-in")
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page.text).group(1)
    done = browser.post(f"{base}/t/de-es/sign-in", data={"email": "coordinator@de-es.nl",
                                                         "password": "correct horse battery", "csrf_token": token},
                        allow_redirects=False)
    assert done.status_code == 302
    return browser


def _until(fetch, finished, seconds=120):
    """Fetch again until *finished* holds for what came back (the worker plans meanwhile)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = fetch()
        if finished(found):
            return found
        time.sleep(0.3)
    raise AssertionError(f"the worker did not finish in time: {found}")


def test_serve_starts_a_worker_that_plans_while_the_page_refreshes(town, make_account, instance, cli):
    make_account("de-es", "coordinator@de-es.nl", ("coordinator",))
    ride_ids = {requested_ride(instance, 10), requested_ride(instance, 14)}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with running("serve", "--port", str(port), "--workers", "1", env={"NOABER_JOBS_URL": ""}):
        browser = _signed_in(base)
        board = browser.get(f"{base}/t/de-es/transport/?day={MONDAY}")
        token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', board.text).group(1)
        started = browser.post(f"{base}/t/de-es/transport/plan?day={MONDAY}", data={"csrf_token": token},
                               allow_redirects=False)
        assert started.status_code == 303
        job_page = base + started.headers["Location"]
        first = browser.get(job_page).text
        assert 'http-equiv="refresh"' in first or "2 ritten aangeboden" in first
        done = _until(lambda: browser.get(job_page).text, lambda page: "ritten aangeboden" in page)
        assert "2 ritten aangeboden" in done and 'http-equiv="refresh"' not in done
        assert 'http-equiv="refresh"' not in browser.get(job_page + "?refresh=off").text

        credentials = json.loads(cli("client", "add", "de-es", "Planner", "--scopes", "transport.plan", "--json").out)
        pair = base64.b64encode(f"{credentials['client_id']}:{credentials['client_secret']}".encode()).decode()
        access = requests.post(f"{base}/t/de-es/oauth/token", data={"grant_type": "client_credentials"},
                               headers={"Authorization": "Basic " + pair}).json()["access_token"]
        bearer = {"Authorization": f"Bearer {access}"}
        requested_ride(instance, 16)
        accepted = requests.post(f"{base}/t/de-es/api/v1/transport/plan", json={"day": MONDAY.isoformat()},
                                 headers=bearer)
        assert accepted.status_code == 202 and accepted.json()["state"] in ("queued", "running", "done")
        poll = base + accepted.headers["Location"]
        job = _until(lambda: requests.get(poll, headers=bearer).json(), lambda job: job["state"] == "done")
        assert len(job["result"]["offered"]) == 1 and job["progress"] == {"done": 1, "total": 1}
    with tenant_context("de-es", instance) as scope:
        offered = service.rides_on(scope.session, MONDAY, ("offered",))
        assert ride_ids <= {ride.id for ride in offered} and len(offered) == 3
