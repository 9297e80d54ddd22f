"""Separate noaber instances on localhost ports, each with its own tenants, storage and process,
and the steps the federation tests share (a month of rides, joining, what arrived).

A module of its own rather than conftest.py: ``from conftest import`` finds whichever
conftest was imported first when several test folders run together.
"""
from __future__ import annotations

import uuid
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from servers import free_port, running
from sqlalchemy import select

from core.federation import consent, outbox
from core.federation.models import Membership, Message
from core.i18n.text import TIMEZONE
from core.instance import Instance
from core.metrics import Month

LAST_MONTH = Month.of(date.today()).previous()
METRICS = ["transport.km", "transport.riders", "transport.rides_completed", "transport.unmet_need"]


def month_of_rides(instance, slug, riders=6, unmet=2):
    """*riders* residents with two completed rides each last month, and *unmet* unmet requests."""
    from core.people.models import Address, Person
    from plugins.transport import service
    from plugins.transport.geo import Roads
    from plugins.transport.models import Driver
    tenant = instance.tenants.get(slug)
    with instance.storage.session(tenant) as session:
        def person(name, volunteer=False):
            p = Person(given_name=name, family_name="Canary", is_volunteer=volunteer, is_resident=not volunteer,
                       address=Address(street="Lindelaan", house_number=1, house_number_suffix="", postcode="7511JM",
                                       city="Enschede", latitude=52.22, longitude=6.89, located_by="manual"))
            session.add(p)
            session.flush()
            return p
        driver = Driver(person_id=person("Henk", volunteer=True).id)
        session.add(driver)
        session.flush()
        day = LAST_MONTH.first_day + timedelta(days=3)
        for n in range(riders + unmet):
            rider = person(f"Rijder{n}")
            for hour in (9, 14) if n < riders else (11,):
                (ride,) = service.request_ride(session, Roads(), rider.id, (52.23, 6.90), "Ziekenhuis",
                                               datetime.combine(day, time(hour), tzinfo=TIMEZONE), "test")
                if n < riders:
                    service.offer(ride, driver, "t")
                    service.accept(ride, "t")
                    service.complete(ride, 10.0, "t")
                else:
                    service.close(ride, "unmet_need", "t")
        session.commit()


@dataclass
class Peer:
    """One instance: its tenants root, its server's port, and an Instance to act on it directly."""

    instance: Instance
    port: int
    env: dict
    #: sessions handed out by here(); closed before the schemas are dropped, or PostgreSQL waits on their locks
    sessions: list = field(default_factory=list)

    def url(self, slug: str) -> str:
        return f"http://127.0.0.1:{self.port}/t/{slug}"

    def here(self, slug: str):
        from core.federation.outbox import Here
        tenant = self.instance.tenants.get(slug)
        session = self.instance.storage.session(tenant)
        self.sessions.append(session)
        return Here(self.instance, tenant, session)

    @contextmanager
    def serving(self):
        with running("serve", "--port", str(self.port), "--workers", "1", env=self.env):
            yield


@contextmanager
def peer_instances(tmp_path, database_url, count: int):
    """*count* instances, not yet serving; PostgreSQL schemas are dropped afterwards."""
    made = []
    with ExitStack() as stack:
        for number in range(count):
            root = tmp_path / f"instance{number}"
            root.mkdir()
            prefix = f"t{uuid.uuid4().hex[:8]}_"
            port = free_port()
            env = {"NOABER_TENANTS": str(root), "NOABER_SCHEMA_PREFIX": prefix,
                   "NOABER_DATABASE_URL": database_url or "",
                   "NOABER_PUBLIC_URL": f"http://127.0.0.1:{port}", "NOABER_FAST_PASSWORD_HASHING": "1",
                   "NOABER_PDOK_URL": "http://127.0.0.1:9/off"}
            instance = Instance(tenants_root=root, database_url=database_url or "", schema_prefix=prefix,
                                public_url=env["NOABER_PUBLIC_URL"])
            peer = Peer(instance, port, env)
            stack.callback(_dispose, peer, database_url, prefix)
            made.append(peer)
        yield made


def _dispose(peer, database_url, prefix):
    for session in peer.sessions:
        session.close()
    peer.instance.storage.dispose()
    if database_url:
        from core.testing import drop_schemas
        drop_schemas(database_url, prefix)


def member_side(buurt):
    here = buurt.here("de-es")
    return here, here.session.scalar(select(Membership).where(Membership.side == "coalition"))


def coalition_side(regio, slug="twente"):
    here = regio.here(slug)
    return here, here.session.scalar(select(Membership).where(Membership.side == "member"))


def join(buurt, regio, approve=METRICS[:3], since=LAST_MONTH):
    """The coalition asks for four metrics; the neighbourhood shares three (all but unmet need)."""
    here = regio.here("twente")
    consent.ask(here, buurt.url("de-es"), METRICS)
    here.session.commit()
    assert outbox.deliver(here)["delivered"] == 1, why_not_delivered(here)
    here, membership = member_side(buurt)
    consent.answer(here, membership, approve, since=since)
    here.session.commit()
    assert outbox.deliver(here)["delivered"] == 1, why_not_delivered(here)


def why_not_delivered(here) -> list[str]:
    """What the peers answered to the messages still waiting, for a failing assertion to show."""
    return list(here.session.scalars(select(Message.last_error).where(Message.direction == "out",
                                                                       Message.delivered_at.is_(None))))


def received(regio, slug="twente") -> list[tuple[int, str]]:
    """(seq, type) of everything the coalition took in, in the order it was stored."""
    here = regio.here(slug)
    return [(m.seq, m.type) for m in here.session.scalars(select(Message).where(Message.direction == "in")
                                                          .order_by(Message.id))]
