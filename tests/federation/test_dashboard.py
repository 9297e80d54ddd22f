"""A coalition's dashboard tells the truth: a month a member's figure is missing from is marked,
per month, and not drawn as if the work had dropped."""
from __future__ import annotations

import json
import re
import time
import uuid
from datetime import date

import pytest
from joserfc import jws
from joserfc.jwk import OKPKey
from sqlalchemy import select

from core.federation import aggregate, envelope, inbox
from core.federation.models import Membership, Peer
from core.federation.outbox import Here
from core.metrics import Month

METRIC = "transport.rides_completed"


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


@pytest.fixture
def regio(make_tenant, make_account, instance):
    """A coalition of two neighbourhoods over three months: both report, then De Linde hides
    its figure (too few riders), then De Linde sends nothing."""
    tenant = make_tenant("regio", kind="coalition")
    me = f"{instance.public_url}/t/regio"
    members = {
        "De Es": signed_summaries("http://es.example/t/de-es", me, [
            {"value": 200, "status": "ok"}, {"value": 210, "status": "ok"}, {"value": 205, "status": "ok"}]),
        "De Linde": signed_summaries("http://linde.example/t/de-linde", me, [
            {"value": 190, "status": "ok"}, {"value": None, "status": "suppressed"}, None]),
    }
    with instance.storage.session(tenant) as session:
        for name, (jwk, _texts) in members.items():
            url = "http://es.example/t/de-es" if name == "De Es" else "http://linde.example/t/de-linde"
            peer = Peer(url=url, name=name, kind="neighbourhood", inbox=f"{url}/federation/inbox",
                        outbox=f"{url}/federation/outbox")
            peer.keys = [jwk]
            session.add(Membership(peer=peer, side="member", status="active", asked_json=json.dumps([METRIC]),
                                   shared_json=json.dumps([METRIC])))
        session.commit()
        texts = {peer.url: members[peer.name][1] for peer in session.scalars(select(Peer))}
        inbox.pull_members(Here(instance, tenant, session), session.scalars(select(Peer.id)).all(),
                           lambda _here, peer, _after: texts[peer.url])
        aggregate.refresh_received(session)
        session.commit()
    make_account("regio", "analist@regio.nl", ("coordinator",))
    return tenant


def test_each_month_says_how_many_neighbourhoods_its_total_rests_on(regio, client, sign_in):
    sign_in(client, "regio", "analist@regio.nl")
    page = client.get("/t/regio/federation/dashboard").text
    second = months_back(3)[1]
    table = page[page.index("<tbody>"):page.index("</tbody>")]
    cells = re.findall(r"<td>(.*?)</td>", table, re.S)[-3:]
    assert "390" in cells[0] and "2 van 2 buurten" in cells[0] and "*" not in cells[0].split("<br>")[0]
    assert "210 *" in cells[1] and "1 van 2 buurten" in cells[1] and "1 verborgen" in cells[1]
    assert "205 *" in cells[2] and "1 van 2 buurten" in cells[2]
    assert "Niet elke buurt zit in dit totaal" in page
    assert str(second) not in page  # months by name ("oktober 2026"), not as codes
    assert re.search(r'<th scope="col">[a-z]+ \d{4}</th>', page)


def test_the_chart_draws_months_that_miss_a_neighbourhood_open_and_names_the_months(regio, client, sign_in):
    sign_in(client, "regio", "analist@regio.nl")
    page = client.get("/t/regio/federation/dashboard").text
    chart = page[page.index("<svg"):page.index("</svg>")]
    bars = re.findall(r'<rect class="bar( incomplete)?"', chart)
    assert bars == ["", " incomplete", " incomplete"]  # the complete month filled, the others open
    assert "2 van 2" not in chart and "1 van 2 buurten" in chart
    assert len(re.findall(r'<text class="month"[^>]*>[a-z]{3}</text>', chart)) == 12
    assert '<text class="scale" x="34" y="16" text-anchor="end">390</text>' in chart
    assert "De getallen als tabel" in page


def test_a_complete_month_is_complete_and_a_silent_member_makes_it_incomplete(regio, instance):
    with instance.storage.session(regio) as session:
        table = aggregate.cells(session, months_back(3), {METRIC: "sum"})
    first, second, third = (table[(METRIC, str(m))] for m in months_back(3))
    assert (first.complete, second.complete, third.complete) == (True, False, False)
    assert (third.communities_reporting, third.communities) == (1, 2)
