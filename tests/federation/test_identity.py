"""A tenant's identity: base URL, /.well-known/noaber and its keys."""
from __future__ import annotations

import pytest

from core.errors import NoaberError
from core.federation.identity import check_peer_url


def test_well_known_metadata_names_inbox_outbox_keys_and_metrics(make_tenant, client):
    make_tenant("de-es", plugins=["transport"])
    response = client.get("/t/de-es/.well-known/noaber")
    assert response.status_code == 200 and response.headers["Cache-Control"].startswith("public")
    document = response.get_json()
    base = "http://127.0.0.1:8000/t/de-es"
    assert {k: document[k] for k in ("noaber", "id", "kind", "inbox", "outbox", "jwks_uri")} == {
        "noaber": 1, "id": base, "kind": "neighbourhood", "inbox": f"{base}/federation/inbox",
        "outbox": f"{base}/federation/outbox", "jwks_uri": f"{base}/.well-known/jwks.json"}
    assert "transport.rides_completed" in [m["id"] for m in document["metrics"]]
    assert "example.notices" not in [m["id"] for m in document["metrics"]]  # not enabled here


def test_a_tenant_with_a_host_of_its_own_is_that_host(make_tenant, client):
    make_tenant("de-es", hosts=["de-es.example.org"])
    document = client.get("/.well-known/noaber", headers={"Host": "de-es.example.org"}).get_json()
    assert document["id"] == "https://de-es.example.org"


def test_a_localhost_name_is_for_this_machine_only_never_an_identity(make_tenant, client):
    make_tenant("de-es", hosts=["de-es.localhost"])
    document = client.get("/.well-known/noaber", headers={"Host": "de-es.localhost"}).get_json()
    assert document["id"] == "http://127.0.0.1:8000/t/de-es"


def test_jwks_publishes_public_keys_only_with_their_thumbprints(make_tenant, client, instance):
    from core.tenancy.keys import active_key
    make_tenant("de-es")
    keys = client.get("/t/de-es/.well-known/jwks.json").get_json()["keys"]
    with instance.storage.session(instance.tenants.get("de-es")) as session:
        kid = active_key(session).kid
    assert [(k["kid"], k["kty"], k["crv"], k["alg"]) for k in keys] == [(kid, "OKP", "Ed25519", "Ed25519")]
    assert "d" not in keys[0]  # the private part never leaves


@pytest.mark.parametrize("url", ["ftp://x.org", "http://regio.example.org", "https://x.org/?a=1", "regio", "https://u@x.org"])
def test_peer_urls_must_be_https_base_urls(url):
    with pytest.raises(NoaberError):
        check_peer_url(url)


def test_peer_urls_are_normalised_and_loopback_may_be_plain_http():
    assert check_peer_url(" https://regio.example.org/t/twente/ ") == "https://regio.example.org/t/twente"
    assert check_peer_url("http://127.0.0.1:8123/t/de-es") == "http://127.0.0.1:8123/t/de-es"
