"""``noaber demo``: the newcomer's first command builds a world and serves it."""
from __future__ import annotations

import csv
import io
import os
import re

import requests
from servers import free_port, running


def test_demo_builds_and_serves_neighbourhoods_and_a_coalition(noaber_env, tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    root = tmp_path / "demo"
    # building four tenants' demo data takes 40-80 s on a busy two-core machine
    with running("demo", "--port", str(port), "--tenants", str(root), ready_line="noaber demo ready at",
                 timeout=180) as (_p, lines):
        printed = "".join(lines)
        for slug in ("de-es", "bloemkwartier", "regio-oost", "nederland"):
            assert f"{base}/t/{slug}/" in printed
        directory = requests.get(f"{base}/").text  # the address it prints as ready leads to every tenant
        assert all(f'href="/t/{slug}/"' in directory for slug in ("de-es", "bloemkwartier", "regio-oost", "nederland"))
        es = requests.get(f"{base}/t/de-es/")
        assert es.status_code == 200 and "Prikbord" in es.text
        notices = requests.get(f"{base}/t/de-es/api/v1/example/notices").json()
        assert len(notices) == 7  # the welcome notice, four demo notices, an activity's report and an announcement
        bloem = requests.get(f"{base}/", headers={"Host": f"bloemkwartier.localhost:{port}"})
        assert "Buurthuis De Tulp" in bloem.text and "Prikbord" not in bloem.text
        assert requests.get(f"{base}/t/bloemkwartier/example/").status_code == 404
        coalition = requests.get(f"{base}/t/regio-oost/api/v1/tenant").json()
        assert coalition["kind"] == "coalition"
        assert "coordinator@de-es.example" in printed and "demo-coordinator-de-es" in printed
        assert f"Tenants folder: {root}" in printed
        client_id, secret = re.search(r"API client of .*: id (\S+)  secret (\S+)", printed).groups()
        token = requests.post(f"{base}/t/de-es/oauth/token", data={"grant_type": "client_credentials"},
                              auth=(client_id, secret)).json()["access_token"]
        listed = requests.get(f"{base}/t/de-es/api/v1/people", headers={"Authorization": f"Bearer {token}"})
        assert listed.status_code == 200 and len(listed.json()) > 0
        browser = requests.Session()
        form = browser.get(f"{base}/t/de-es/sign-in").text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
        signed_in = browser.post(f"{base}/t/de-es/sign-in", data={
            "email": "coordinator@de-es.example", "password": "demo-coordinator-de-es", "csrf_token": token})
        assert signed_in.status_code == 200 and "coordinator@de-es.example" in signed_in.text
        people = browser.get(f"{base}/t/de-es/people/")
        assert people.status_code == 200 and "40 personen" in people.text
        assert "bloemkwartier shares 27 of the 30 figures" in printed  # it keeps its drivers' km and hours
        assert "(counts with OpenDP noise)" in printed  # the test extra installs OpenDP
        assert_federated(base)
    assert (root / ".noaber-demo").exists()


def test_demo_refuses_a_folder_with_other_things_in_it(cli, tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.txt").write_text("important")
    before = dict(os.environ)
    result = cli("demo", "--tenants", str(tmp_path / "mine"))
    assert result.code == 2 and "not empty" in result.err
    assert (tmp_path / "mine" / "thesis.txt").exists()
    assert dict(os.environ) == before  # no demo settings left behind for what runs next


def assert_federated(base):
    """The chain ran over HTTP: the national coalition has three months from the region, with inputs."""
    national = signed_in(base, "nederland", "treasurer")
    rows = list(csv.reader(io.StringIO(national.get(f"{base}/t/nederland/federation/dashboard.csv").text),
                           delimiter=";"))
    completed = [row for row in rows if row[0] == "transport.rides_completed" and row[2]]
    assert len(completed) == 3 and all(float(row[2]) > 100 for row in completed)
    page = national.get(f"{base}/t/nederland/federation/dashboard").text
    assert "Gereden ritten <small>(ritten)</small>" in page and "1 van 2 buurten" in page
    national_km = [row for row in rows if row[0] == "transport.km" and row[2]]
    assert national_km and all(row[7:9] == ["1", "2"] for row in national_km)  # 1 of the 2 neighbourhoods below
    regional = signed_in(base, "regio-oost", "treasurer")
    km = [row for row in csv.reader(io.StringIO(regional.get(f"{base}/t/regio-oost/federation/dashboard.csv").text),
                                    delimiter=";") if row[0] == "transport.km" and row[2]]
    assert km and all(row[3] == "1" for row in km)  # only De Es shares its kilometres
    shared = signed_in(base, "de-es", "admin").get(f"{base}/t/de-es/federation/shared")
    assert shared.status_code == 200 and shared.text.count("eyJ") >= 3  # three signed summaries, shown raw


def signed_in(base, slug, role):
    browser = requests.Session()
    form = browser.get(f"{base}/t/{slug}/sign-in").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    browser.post(f"{base}/t/{slug}/sign-in", data={"email": f"{role}@{slug}.example",
                                                   "password": f"demo-{role}-{slug}", "csrf_token": token})
    return browser
