"""No personal data ever leaves a tenant: a canary in every free-text field, a full round, no canary outside.

The neighbourhood runs every installed plugin with its demo data; then every name, note,
address and other free-text column of every table it has is overwritten with an
unmistakable string. A plugin added later is covered without changing this test, as long
as its free-text columns are named like the ones below.
"""
from __future__ import annotations

import json
import random
import re
from datetime import date

import requests
from peers import LAST_MONTH, join, member_side, peer_instances
from sqlalchemy import String, Text, inspect, select

from core.federation import consent, envelope, outbox, summaries
from core.federation.models import Alert, Membership, Message, Peer
from core.metrics import declared_metrics
from core.storage.base import Base
from core.tenancy.admin import create_tenant
from core.tenancy.keys import SigningKey

CANARY = "Kanarie7Q3X"
#: columns that hold what people typed or who they are (not codes, statuses or keys)
FREE_TEXT = re.compile(r"name|note|text|title|body|destination|vehicle|street|city|email|phone|reason|detail|remark")


def fill_with_canaries(instance, slug: str) -> int:
    tenant = instance.tenants.get(slug)
    with instance.storage.session(tenant) as session:
        schema = instance.storage.schema_for(slug) if instance.storage.is_postgresql else None
        existing = set(inspect(session.connection()).get_table_names(schema=schema))
        changed = 0
        for table in Base.metadata.sorted_tables:
            if table.name not in existing or table.name.startswith(("core_peer", "core_membership", "core_message")):
                continue
            for column in table.columns:
                if (isinstance(column.type, (String, Text)) and FREE_TEXT.search(column.name)
                        and not column.foreign_keys):
                    room = column.type.length or 60
                    value = f"{CANARY}-{column.name}"[:room]
                    changed += session.execute(table.update().values({column.name: value})).rowcount
        session.commit()
    return changed


def test_no_name_or_note_from_any_plugin_leaves_in_any_envelope(tmp_path, noaber_database_url):
    with peer_instances(tmp_path, noaber_database_url, 2) as (buurt, regio):
        plugins = sorted(buurt.instance.plugins.names)
        tenant = create_tenant(buurt.instance, "de-es", "Zorgcoöperatie De Es", "neighbourhood", plugins, (), "GM0153")
        create_tenant(regio.instance, "twente", "Coalitie Twente", "coalition", [], (), "PV23")
        with buurt.instance.storage.session(tenant) as session:
            buurt.instance.hooks(tenant).noaber_demo_data(tenant=tenant, session=session, rng=random.Random(3))
            session.commit()
        assert fill_with_canaries(buurt.instance, "de-es") > 500
        everything = sorted(buurt.instance.plugins.metrics)
        with buurt.serving(), regio.serving():
            join(buurt, regio, approve=[], since=LAST_MONTH)  # a first, declined request: free of canaries too
            asked = _ask_again(buurt, regio, everything)
            assert len(asked) > 5
            here = buurt.here("de-es")
            assert summaries.publish(here, date.today()) >= 1
            here.session.commit()
            assert outbox.deliver(here)["delivered"] >= 1
            public = [requests.get(f"{buurt.url('de-es')}/.well-known/{name}", timeout=10).text
                      for name in ("noaber", "jwks.json")]
            stored = _federation_rows(buurt, "de-es") + _federation_rows(regio, "twente")
    assert CANARY not in " ".join(public)
    assert stored and not [row for row in stored if CANARY in row]
    assert any("transport.rides_completed" in row for row in stored)  # the figures themselves did travel


def _ask_again(buurt, regio, metrics) -> list[str]:
    """The coalition asks for every metric there is; De Es shares all it collects, for three months."""
    coalition = regio.here("twente")
    membership = coalition.session.scalar(select(Membership))
    consent.ask(coalition, membership.peer.url, metrics)
    coalition.session.commit()
    outbox.deliver(coalition)
    here, request = member_side(buurt)
    collected = {metric.id for metric in declared_metrics(here.instance.plugins, here.tenant.plugins)}
    offered = [m for m in request.asked if m in collected]
    consent.answer(here, request, offered, LAST_MONTH.previous().previous())
    here.session.commit()
    outbox.deliver(here)
    return offered


def _federation_rows(peer, slug) -> list[str]:
    """Every federation row of the tenant as text, envelopes decoded as well as raw."""
    here = peer.here(slug)
    rows = []
    for message in here.session.scalars(select(Message)):
        header, payload = envelope.unverified(message.envelope)
        rows.append(f"{message.envelope} {json.dumps(header)} {json.dumps(payload, ensure_ascii=False)}")
    for model in (Peer, Membership, Alert, SigningKey):
        for record in here.session.scalars(select(model)):
            rows.append(json.dumps({c.name: str(getattr(record, c.key)) for c in record.__table__.columns},
                                   ensure_ascii=False))
    return rows
