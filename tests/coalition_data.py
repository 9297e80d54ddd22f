"""A coalition with members' signed summaries, for tests that look at its figures."""
from __future__ import annotations

import json
import time
import uuid
from datetime import date

from joserfc import jws
from joserfc.jwk import OKPKey
from sqlalchemy import select

from core.federation import aggregate, envelope, inbox
from core.federation.models import Membership, Peer
from core.federation.outbox import Here
from core.metrics import Month

METRIC = "transport.rides_completed"
#: two neighbourhoods over three months: both report, then De Linde hides its figure (too few
#: riders), then De Linde sends nothing
MEMBERS = {
    "http://es.example/t/de-es": ("De Es", [{"value": 200, "status": "ok"}, {"value": 210, "status": "ok"},
                                            {"value": 205, "status": "ok"}]),
    "http://linde.example/t/de-linde": ("De Linde", [{"value": 190, "status": "ok"},
                                                     {"value": None, "status": "suppressed"}, None]),
}


def months_back(count: int) -> list[Month]:
    months = [Month.of(date.today()).previous()]
    while len(months) < count:
        months.insert(0, months[0].previous())
    return months


def signed_summaries(iss: str, coalition: str, values_per_month: list[dict | None]):
    """A member's key and its summaries, seq 1… (a month of None: it sent nothing then)."""
    key, texts, previous, seq = OKPKey.generate_key("Ed25519"), [], None, 0
    for month, value in zip(months_back(len(values_per_month)), values_per_month, strict=True):
        if value is None:
            continue
        seq += 1
        payload = {"v": 1, "type": "summary", "iss": iss, "aud": coalition, "seq": seq, "prev": previous,
                   "jti": str(uuid.uuid4()), "iat": int(time.time()), "period": month.interval(), "revision": 1,
                   "sdc": {"policy": "k-threshold", "k": 5}, "values": [{"metric": METRIC, **value}]}
        text = jws.serialize_compact({"alg": "Ed25519", "typ": "noaber-summary+jws", "kid": key.thumbprint()},
                                     json.dumps(payload, sort_keys=True).encode(), key, algorithms=["Ed25519"])
        texts.append(text)
        previous = envelope.sha256(text)
    return {**key.as_dict(private=False), "kid": key.thumbprint(), "alg": "Ed25519"}, texts


def fill_coalition(instance, tenant, members=MEMBERS) -> None:
    """The coalition's members, active, and their summaries taken in as a federation run would."""
    me = f"{instance.public_url}/t/{tenant.slug}"
    signed = {url: signed_summaries(url, me, values) for url, (_name, values) in members.items()}
    with instance.storage.session(tenant) as session:
        for url, (name, _values) in members.items():
            peer = Peer(url=url, name=name, kind="neighbourhood", inbox=f"{url}/federation/inbox",
                        outbox=f"{url}/federation/outbox")
            peer.keys = [signed[url][0]]
            session.add(Membership(peer=peer, side="member", status="active", asked_json=json.dumps([METRIC]),
                                   shared_json=json.dumps([METRIC])))
        session.commit()
        inbox.pull_members(Here(instance, tenant, session), session.scalars(select(Peer.id)).all(),
                           lambda _here, peer, _after: signed[peer.url][1])
        aggregate.refresh_received(session)
        session.commit()
