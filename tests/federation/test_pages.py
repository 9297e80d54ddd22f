"""The consent page and "what we shared", as an admin uses them (in one process; HTTP between peers is elsewhere)."""
from __future__ import annotations

import json

import pytest
from joserfc.jwk import OKPKey
from sqlalchemy import select

from core.federation import outbox
from core.federation.models import Membership, Message, Peer
from core.tenancy.keys import fingerprint
from core.testing import csrf_token

COALITION = "https://regio.example.org/t/regio-oost"
ASKED = ["transport.km", "transport.riders", "transport.rides_completed"]


@pytest.fixture
def asked(make_tenant, make_account, instance):
    """De Es with an open request from a coalition whose key is pinned."""
    make_tenant("de-es", plugins=["transport"])
    make_account("de-es", "admin@de-es.nl", ("admin",))
    key = OKPKey.generate_key("Ed25519")
    with instance.storage.session(instance.tenants.get("de-es")) as session:
        peer = Peer(url=COALITION, name="Coalitie Oost", kind="coalition", inbox=f"{COALITION}/federation/inbox",
                    outbox=f"{COALITION}/federation/outbox")
        peer.keys = [{**key.as_dict(private=False), "kid": key.thumbprint()}]
        session.add(Membership(peer=peer, side="coalition", status="requested", asked_json=json.dumps(ASKED)))
        session.commit()
        return session.scalar(select(Membership.id)), key.thumbprint()


def test_the_admin_sees_who_asks_with_the_fingerprint_and_shares_what_she_ticks(asked, client, sign_in, instance):
    membership_id, kid = asked
    sign_in(client, "de-es", "admin@de-es.nl")
    page = client.get("/t/de-es/federation/").text
    assert "Coalitie Oost" in page and fingerprint(kid) in page and "Gereden kilometers" in page
    token = csrf_token(client, "/t/de-es/federation/")
    answer = client.post(f"/t/de-es/federation/memberships/{membership_id}/approve", data={
        "csrf_token": token, "metrics": ["transport.riders", "transport.rides_completed"], "since": "2026-08"})
    assert answer.status_code == 302
    with instance.storage.session(instance.tenants.get("de-es")) as session:
        membership = session.get(Membership, membership_id)
        assert (membership.status, membership.shared, membership.since) == (
            "active", ["transport.riders", "transport.rides_completed"], "2026-08")
        (message,) = session.scalars(select(Message).where(Message.direction == "out")).all()
        assert message.type == "membership-answer" and message.delivered_at is None  # queued, same transaction
    again = client.post(f"/t/de-es/federation/memberships/{membership_id}/approve", data={
        "csrf_token": token, "metrics": ["transport.riders"], "since": "2026-08"})
    assert again.status_code == 422 and "no open request" in again.text


def test_a_metric_that_was_not_asked_for_is_refused_and_nothing_changes(asked, client, sign_in, instance):
    membership_id, _kid = asked
    sign_in(client, "de-es", "admin@de-es.nl")
    answer = client.post(f"/t/de-es/federation/memberships/{membership_id}/approve", data={
        "csrf_token": csrf_token(client, "/t/de-es/federation/"), "metrics": ["transport.unmet_need"],
        "since": "2026-08"})
    assert answer.status_code == 422 and "not asked for: transport.unmet_need" in answer.text
    with instance.storage.session(instance.tenants.get("de-es")) as session:
        assert session.get(Membership, membership_id).status == "requested"
        assert session.scalar(select(Message)) is None


def test_what_we_shared_shows_the_protection_and_the_message_as_it_left(asked, client, sign_in, instance):
    membership_id, _kid = asked
    tenant = instance.tenants.get("de-es")
    with instance.storage.session(tenant) as session:
        membership = session.get(Membership, membership_id)
        membership.status = "active"
        here = outbox.Here(instance, tenant, session)
        sent = outbox.send(here, membership.peer, "summary", {
            "period": "2026-10-01/P1M", "revision": 1, "values": [
                {"metric": "transport.riders", "value": 7, "status": "ok"}],
            "sdc": {"policy": "k-threshold+laplace", "k": 5, "epsilon": 0.5, "events_per_person": 10}},
            period="2026-10", revision=1)
        session.commit()
        signed = sent.envelope
    sign_in(client, "de-es", "admin@de-es.nl")
    page = client.get("/t/de-es/federation/shared").text
    assert "minder dan 5 mensen" in page and "epsilon 0,5" in page and signed in page


def test_a_coalition_asking_an_address_that_is_not_one_gets_the_reason(make_tenant, make_account, client, sign_in):
    make_tenant("regio-oost", kind="coalition")
    make_account("regio-oost", "admin@regio.nl", ("admin",))
    sign_in(client, "regio-oost", "admin@regio.nl")
    response = client.post("/t/regio-oost/federation/ask", data={
        "csrf_token": csrf_token(client, "/t/regio-oost/federation/"), "url": "http://buurt.example.org",
        "metrics": ["transport.riders"]})
    assert response.status_code == 422 and "peers are reached over https only" in response.text
