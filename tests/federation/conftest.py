"""Two instances in their own processes: a neighbourhood with a month of rides, and a coalition."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from sqlalchemy import select

from core.federation import consent, outbox
from core.federation.models import Membership, Message
from core.i18n import TIMEZONE
from core.metrics import Month
from peers import peer_instances

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


@pytest.fixture
def two(tmp_path, noaber_database_url):
    """(neighbourhood, coalition) instances, not yet serving: the test says when each is up."""
    from core.tenant_admin import create_tenant
    with peer_instances(tmp_path, noaber_database_url, 2) as (buurt, regio):
        create_tenant(buurt.instance, "de-es", "Zorgcoöperatie De Es", "neighbourhood", ["transport"], (), "GM0153")
        create_tenant(regio.instance, "twente", "Coalitie Twente", "coalition", [], (), "PV23")
        month_of_rides(buurt.instance, "de-es")
        yield buurt, regio


@pytest.fixture
def pair(two):
    """(neighbourhood, coalition) instances, each serving its own tenant."""
    buurt, regio = two
    with buurt.serving(), regio.serving():
        yield buurt, regio


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
    assert outbox.deliver(here)["delivered"] == 1
    here, membership = member_side(buurt)
    consent.answer(here, membership, approve, since=since)
    here.session.commit()
    assert outbox.deliver(here)["delivered"] == 1


def received(regio, slug="twente") -> list[tuple[int, str]]:
    """(seq, type) of everything the coalition took in, in the order it was stored."""
    here = regio.here(slug)
    return [(m.seq, m.type) for m in here.session.scalars(select(Message).where(Message.direction == "in")
                                                          .order_by(Message.id))]
