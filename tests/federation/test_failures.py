"""What goes wrong between peers, over real HTTP between two processes: each case of the design note.

Forged and tampered envelopes are made here with real keys and real JWS; the coalition's
server must refuse each with a problem+json reason and store nothing.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
import requests
from joserfc import jws
from joserfc.jwk import OKPKey
from peers import LAST_MONTH, coalition_side, join, member_side, received
from sqlalchemy import select, update

from core.errors import NoaberError
from core.federation import aggregate, consent, envelope, http, inbox, outbox, summaries
from core.federation.models import Alert, Message, Peer
from core.federation.rotation import rotate
from core.tenancy.keys import active_key

THREE_MONTHS_AGO = LAST_MONTH.previous().previous()


def queued(buurt) -> list[str]:
    """De Es's envelopes to the coalition that still wait, oldest first."""
    here = buurt.here("de-es")
    return list(here.session.scalars(select(Message.envelope).where(Message.direction == "out",
                                                                    Message.delivered_at.is_(None)).order_by(Message.seq)))


def one_summary(buurt, regio) -> tuple:
    """De Es joined, and last month's summary signed and queued but not yet sent."""
    join(buurt, regio)
    here = buurt.here("de-es")
    summaries.publish(here, date.today())
    here.session.commit()
    (summary,) = queued(buurt)
    return here, summary


def post(regio, text: str, slug: str = "twente") -> requests.Response:
    return requests.post(f"{regio.url(slug)}/federation/inbox", data=text.encode(),
                         headers={"Content-Type": "application/jose"}, timeout=10)


def refused(response, status: int, reason: str) -> bool:
    return (response.status_code == status and response.headers["Content-Type"] == "application/problem+json"
            and reason in response.json()["detail"])


def received_by_de_es(buurt) -> list[str]:
    return list(buurt.here("de-es").session.scalars(select(Message.type).where(Message.direction == "in")))


def rewritten(here, summary: str) -> str:
    """The same seq with another value, really signed by De Es: a real equivocation."""
    _, payload = envelope.unverified(summary)
    payload["values"][0] = {**payload["values"][0], "value": 99, "status": "ok"}
    key = active_key(here.session)
    return envelope.sign(payload, key.private_jwk, key.kid)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_an_offline_coalition_loses_nothing_and_gets_everything_in_order(two):
    buurt, regio = two
    with buurt.serving(), regio.serving():
        join(buurt, regio, since=THREE_MONTHS_AGO)
    here = buurt.here("de-es")  # the coalition's server is down from here on
    assert summaries.publish(here, date.today()) == 3
    here.session.commit()
    assert outbox.deliver(here) == {"delivered": 0, "waiting": 3, "withheld": 0}
    a_week_on = outbox.now() + timedelta(days=8)
    outbox.deliver(here, at=a_week_on)
    peer = here.session.scalar(select(Peer))
    assert peer.unreachable and len(queued(buurt)) == 3  # flagged, nothing dropped
    with regio.serving():
        assert outbox.deliver(here, at=a_week_on + timedelta(days=1))["delivered"] == 3
    here.session.refresh(peer)
    assert not peer.unreachable
    assert received(regio) == [(1, "membership-answer"), (2, "summary"), (3, "summary"), (4, "summary")]


def test_a_gap_is_filled_from_the_senders_outbox(pair):
    buurt, regio = pair
    join(buurt, regio, since=THREE_MONTHS_AGO)
    here = buurt.here("de-es")
    summaries.publish(here, date.today())
    here.session.commit()
    first, second, third = queued(buurt)
    response = post(regio, third)  # the first two got lost on the way
    assert response.status_code == 202 and "fetching 2 missing" in response.json()["status"]
    assert [seq for seq, _ in received(regio)] == [1, 2, 3, 4]


def test_a_duplicate_or_a_replayed_old_message_changes_nothing(pair):
    buurt, regio = pair
    here, summary = one_summary(buurt, regio)
    assert post(regio, summary).status_code == 202
    assert post(regio, summary).status_code == 200  # delivered twice: stored once
    answer = here.session.scalar(select(Message.envelope).where(Message.direction == "out", Message.seq == 1))
    replay = post(regio, answer)  # an old seq, replayed
    assert replay.status_code == 200 and replay.json() == {"status": "already received"}
    assert received(regio) == [(1, "membership-answer"), (2, "summary")]
    _, membership = coalition_side(regio)
    assert membership.status == "active"


def test_a_pulled_batch_that_repeats_a_message_stores_it_once(pair):
    buurt, regio = pair
    _, summary = one_summary(buurt, regio)
    coalition, _ = coalition_side(regio)
    assert inbox.receive_batch(coalition, [summary, summary]) == 1  # the second is a duplicate, not written again
    assert received(regio) == [(1, "membership-answer"), (2, "summary")]


def test_other_content_for_a_seq_in_the_same_pulled_batch_is_equivocation(pair):
    buurt, regio = pair
    here, summary = one_summary(buurt, regio)
    coalition, _ = coalition_side(regio)
    with pytest.raises(inbox.Equivocation):
        inbox.receive_batch(coalition, [summary, rewritten(here, summary)])
    stored = coalition_side(regio)[0].session.scalars(select(Message.envelope).where(Message.seq == 2)).all()
    assert stored == [summary]  # the first is kept, the admin alerted
    assert coalition_side(regio)[0].session.scalar(select(Alert.kind)) == "equivocation"


def test_equivocation_in_a_pulled_group_keeps_the_first_and_alerts(pair):
    buurt, regio = pair
    here, summary = one_summary(buurt, regio)
    coalition, membership = coalition_side(regio)
    other = rewritten(here, summary)
    assert inbox.pull_members(coalition, [membership.peer_id], lambda *_: [summary, other]) == 1
    assert received(regio) == [(1, "membership-answer"), (2, "summary")]
    stored = coalition_side(regio)[0].session.scalar(select(Message.envelope).where(Message.seq == 2))
    assert stored == summary
    assert coalition_side(regio)[0].session.scalar(select(Alert.kind)) == "equivocation"


def test_a_member_delivering_while_it_is_pulled_loses_nothing(pair):
    """Its own POST stores a seq the pull also brought: the group's insert collides, and the
    group is stored again one member at a time (the seq now a duplicate)."""
    buurt, regio = pair
    _, summary = one_summary(buurt, regio)
    coalition, membership = coalition_side(regio)

    def fetch(here, peer, after):
        assert post(regio, summary).status_code == 202  # meanwhile, its own delivery arrives
        return inbox.fetch_outbox(here, peer, after)

    assert inbox.pull_members(coalition, [membership.peer_id], fetch) == 0
    assert received(regio) == [(1, "membership-answer"), (2, "summary")]


def test_a_pulled_envelope_must_be_the_members_own(pair):
    buurt, regio = pair
    join(buurt, regio)
    coalition, membership = coalition_side(regio)
    ours = coalition.session.scalar(select(Message.envelope).where(Message.direction == "out"))
    with pytest.raises(envelope.Refused, match="issued by"):
        inbox.pull(coalition, membership.peer_id, lambda *_: [ours])  # its outbox hands over another's message
    assert received(regio) == [(1, "membership-answer")]


def test_a_message_for_another_tenant_is_refused(pair):
    buurt, regio = pair
    _, summary = one_summary(buurt, regio)
    assert post(regio, summary, "elders").status_code == 404  # no such tenant; one that exists checks the audience:
    assert refused(post(buurt, summary, "de-es"), 403, "not to")
    assert received_by_de_es(buurt) == ["membership-request"]  # only what was meant for it


def test_the_same_seq_with_other_content_is_refused_and_the_admin_alerted(pair):
    buurt, regio = pair
    here, summary = one_summary(buurt, regio)
    assert post(regio, summary).status_code == 202
    assert refused(post(regio, rewritten(here, summary)), 409, "already received with other content")
    coalition, _ = coalition_side(regio)
    alert = coalition.session.scalar(select(Alert))
    assert alert.kind == "equivocation" and "seq 2" in alert.detail
    stored = coalition.session.scalar(select(Message).where(Message.seq == 2))
    assert stored.envelope == summary


def test_forged_tampered_unsigned_hmac_and_unknown_keys_are_refused(pair):
    buurt, regio = pair
    here, summary = one_summary(buurt, regio)
    head, body, signature = summary.split(".")
    _, payload = envelope.unverified(summary)
    changed = {**payload, "values": [{**v, "value": 1000, "status": "ok"} for v in payload["values"]]}
    changed_body = b64(json.dumps(changed).encode())
    kid = active_key(here.session).kid
    impostor = OKPKey.generate_key("Ed25519")

    def signed_by(key, kid_claimed):
        return jws.serialize_compact({"alg": "Ed25519", "typ": "noaber-summary+jws", "kid": kid_claimed},
                                     json.dumps(changed).encode(), key, algorithms=["Ed25519"])
    public = base64.urlsafe_b64decode(http.fetch_peer(buurt.url("de-es"))[1][0]["x"] + "==")
    hs_head = b64(json.dumps({"alg": "HS256", "kid": kid}).encode())
    hs_signature = b64(hmac.new(public, f"{hs_head}.{changed_body}".encode(), hashlib.sha256).digest())
    cases = {
        "tampered": (f"{head}.{changed_body}.{signature}", 401, "signature does not match"),
        "forged with De Es's kid": (signed_by(impostor, kid), 401, "signature does not match"),
        "forged with its own key": (signed_by(impostor, impostor.thumbprint()), 401, "unknown key"),
        "alg none": (f"{b64(json.dumps({'alg': 'none', 'kid': kid}).encode())}.{changed_body}.", 400, "'none'"),
        "HS256 with the public key": (f"{hs_head}.{changed_body}.{hs_signature}", 400, "'HS256'"),
        "not a JWS": ("hello", 400, "not a compact JWS"),
    }
    for name, (text, status, reason) in cases.items():
        assert refused(post(regio, text), status, reason), name
    assert received(regio) == [(1, "membership-answer")]  # none of them was stored
    assert post(regio, summary).status_code == 202  # and the real one still fits the chain


def test_a_rotated_key_is_announced_under_the_old_one_and_both_keep_verifying(pair):
    buurt, regio = pair
    join(buurt, regio)
    here = buurt.here("de-es")
    old = active_key(here.session).kid
    new, peers = rotate(here)
    here.session.commit()
    assert len(peers) == 1 and outbox.deliver(here)["delivered"] == 1
    summaries.publish(here, date.today())
    here.session.commit()
    (summary,) = queued(buurt)
    assert envelope.unverified(summary)[0]["kid"] == new.kid
    assert post(regio, summary).status_code == 202
    coalition, membership = coalition_side(regio)
    assert {k["kid"] for k in membership.peer.keys} == {old, new.kid}
    for message in coalition.session.scalars(select(Message).where(Message.direction == "in")):
        envelope.verify(message.envelope, membership.peer.keys)  # old and new envelopes alike
    published = requests.get(f"{buurt.url('de-es')}/.well-known/jwks.json", timeout=10).json()["keys"]
    assert [k["kid"] for k in published] == [new.kid, old]  # the retired key stays published


def test_a_day_of_clock_skew_is_tolerated_three_days_are_not(pair, monkeypatch):
    buurt, regio = pair
    join(buurt, regio)
    ahead = SimpleNamespace(time=lambda: time.time() + 24 * 3600)
    monkeypatch.setattr(envelope, "time", ahead)  # De Es's clock runs a day ahead
    here = buurt.here("de-es")
    summaries.publish(here, date.today())
    here.session.commit()
    assert outbox.deliver(here)["delivered"] == 1
    coalition, membership = coalition_side(regio)
    monkeypatch.setattr(inbox, "time", SimpleNamespace(time=lambda: time.time() - 24 * 3600))
    assert inbox.pull(coalition, membership.peer_id) == 0  # the coalition's clock a day behind: still heard
    monkeypatch.setattr(inbox, "time", SimpleNamespace(time=lambda: time.time() - 3 * 24 * 3600))
    with pytest.raises(NoaberError, match="HTTP 401"):
        inbox.pull(coalition, membership.peer_id)


def test_a_corrected_month_replaces_the_old_one_and_zero_clears(pair):
    from plugins.transport.models import Ride
    buurt, regio = pair
    join(buurt, regio)
    here = buurt.here("de-es")
    summaries.publish(here, date.today())
    here.session.commit()
    outbox.deliver(here)
    period = str(LAST_MONTH)
    coalition, _ = coalition_side(regio)
    assert aggregate.cells(coalition.session, [LAST_MONTH], {})[("transport.rides_completed", period)].value == 12
    coalition.session.commit()  # the month's totals are kept, as the dashboard keeps them
    # the coordinator finds the month's rides were booked as done by mistake: none took place
    here.session.execute(update(Ride).where(Ride.status == "completed").values(status="cancelled"))
    here.session.commit()
    assert summaries.publish(here, date.today()) == 1
    here.session.commit()
    assert outbox.deliver(here)["delivered"] == 1
    cell = aggregate.cells(coalition.session, [LAST_MONTH], {})[("transport.rides_completed", period)]
    assert (cell.value, cell.reporting) == (0, 1)  # zero, not the 12 of the first revision
    revisions = coalition.session.scalars(select(Message.revision).where(Message.type == "summary")).all()
    assert sorted(revisions) == [1, 2]


def test_after_consent_is_revoked_nothing_more_is_sent(pair):
    buurt, regio = pair
    join(buurt, regio)
    here, membership = member_side(buurt)
    summaries.publish(here, date.today())
    here.session.commit()
    outbox.deliver(here)
    coalition, _ = coalition_side(regio)
    assert aggregate.cells(coalition.session, [LAST_MONTH], {})  # counted, and the month's totals kept
    coalition.session.commit()
    consent.end(here, membership)
    here.session.commit()
    assert outbox.deliver(here)["delivered"] == 1  # the closing word goes
    assert summaries.publish(here, date.today()) == 0
    peer = membership.peer
    outbox.send(here, peer, "summary", {"period": LAST_MONTH.interval(), "revision": 1,
                                        "sdc": {"policy": "k-threshold", "k": 5}, "values": []})
    here.session.commit()  # even a summary queued by mistake is withheld
    assert outbox.deliver(here) == {"delivered": 0, "waiting": 0, "withheld": 1}
    coalition, theirs = coalition_side(regio)
    assert theirs.status == "ended"
    assert inbox.pull(coalition, theirs.peer_id) == 0  # and pulling gets nothing either
    assert aggregate.cells(coalition.session, [LAST_MONTH], {}) == {}
