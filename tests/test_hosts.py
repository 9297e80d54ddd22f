"""Only hosts this instance serves are answered: the public URL's, and tenants' own (issue 23, finding 1)."""
from __future__ import annotations

import pytest

from core.server.app import create_app


@pytest.fixture
def serving(make_tenant, monkeypatch):
    """``serving(public_url=None, proxy=False)``: a test client of an instance with De Es
    (host de-es.example.org) and Bloemkwartier (no host of its own)."""
    apps = []

    def serve(public_url=None, proxy=False):
        if public_url:
            monkeypatch.setenv("NOABER_PUBLIC_URL", public_url)
        if proxy:
            monkeypatch.setenv("NOABER_PROXY_FIX", "1")
        if not apps:
            make_tenant("de-es", hosts=["de-es.example.org"])
            make_tenant("bloemkwartier")
        apps.append(create_app(config={"TESTING": True, "RATELIMIT_ENABLED": False}))
        return apps[-1].test_client()
    yield serve
    for app in apps:
        app.extensions["noaber"].storage.dispose()


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example",
                                  "evil.example@127.0.0.1", "127.0.0.1/evil", "de-es.example.org.evil.example"])
def test_a_host_no_one_claims_is_refused(serving, host):
    client = serving()
    page = client.get("/t/bloemkwartier/sign-in", headers={"Host": host})
    assert page.status_code == 400 and "Deze server bedient het adres" in page.text and "niet." in page.text
    api = client.get("/t/bloemkwartier/api/v1/tenant", headers={"Host": host})
    assert api.status_code == 400 and api.content_type == "application/problem+json"
    assert "NOABER_PUBLIC_URL" in api.get_json()["detail"]


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost:5000", "[::1]:8000", "bloemkwartier.localhost"])
def test_this_machine_is_served_until_a_public_url_is_set(serving, host):
    assert serving().get("/t/bloemkwartier/", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize("host, status", [("zorg.example.org", 200), ("ZORG.example.org:443", 200),
                                          ("de-es.example.org", 404), ("127.0.0.1:8000", 400),
                                          ("localhost", 400), ("evil.example", 400)])
def test_with_a_public_url_only_it_and_tenants_own_hosts_are_served(serving, host, status):
    client = serving(public_url="https://zorg.example.org")
    assert client.get("/t/bloemkwartier/", headers={"Host": host}).status_code == status  # 404: de-es's own host
    assert client.get("/", headers={"Host": "de-es.example.org"}).status_code == 200


def test_a_public_url_on_this_machine_keeps_its_names_served(serving):
    client = serving(public_url="http://127.0.0.1:8123")
    assert client.get("/t/bloemkwartier/", headers={"Host": "bloemkwartier.localhost:8123"}).status_code == 200
    assert client.get("/t/bloemkwartier/", headers={"Host": "evil.example"}).status_code == 400


def test_behind_a_proxy_the_forwarded_host_is_checked(serving):
    client = serving(public_url="https://zorg.example.org", proxy=True)
    forwarded = {"Host": "127.0.0.1:8000", "X-Forwarded-Proto": "https"}
    refused = client.get("/t/bloemkwartier/", headers={**forwarded, "X-Forwarded-Host": "evil.example"})
    assert refused.status_code == 400
    assert client.get("/t/bloemkwartier/", headers={**forwarded, "X-Forwarded-Host": "zorg.example.org"}) \
        .status_code == 200
    assert client.get("/", headers={**forwarded, "X-Forwarded-Host": "de-es.example.org"}).status_code == 200


def test_the_health_check_answers_on_any_host(serving):
    client = serving(public_url="https://zorg.example.org")
    assert client.get("/healthz", headers={"Host": "10.0.0.5:8000"}).get_json()["status"] == "ok"
