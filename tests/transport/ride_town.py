"""Shared for the transport tests: a town with a rider and two drivers on a Monday."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from core.i18n.text import TIMEZONE
from core.instance import tenant_context
from core.people.models import Address, Person
from plugins.transport.models import Availability, Check, Driver

MONDAY = date(2030, 6, 3)
CLINIC = (52.2300, 6.9000)


def person(session, given, lat, lon, volunteer=False, phone="06-1111 2222"):
    p = Person(given_name=given, family_name="Test", phone=phone, is_volunteer=volunteer, is_resident=not volunteer,
               address=Address(street="Lindelaan", house_number=1, house_number_suffix="", postcode="7511JM",
                               city="Enschede", latitude=lat, longitude=lon, located_by="manual"))
    session.add(p)
    session.flush()
    return p


@pytest.fixture
def town(make_tenant, instance):
    """A rider, two drivers (one with a wheelchair car), on a Monday."""
    make_tenant("de-es", plugins=["transport"])
    with tenant_context("de-es", instance) as scope:
        s = scope.session
        rider = person(s, "Riet", 52.2215, 6.8937)
        ids = {"rider": rider.id}
        for name, wheelchair in (("Henk", False), ("Wim", True)):
            volunteer = person(s, name, 52.2250, 6.8900, volunteer=True)
            driver = Driver(person_id=volunteer.id, takes_wheelchair=wheelchair)
            driver.availability.append(Availability(weekday=0, starts=time(8), ends=time(17)))
            for kind in ("licence", "vog", "insurance"):
                driver.checks.append(Check(kind=kind, expires_on=MONDAY + timedelta(days=300)))
            s.add(driver)
            s.flush()
            ids[name] = driver.id
            ids[f"{name}_person"] = volunteer.id
        s.commit()
    return ids


def at(hour):
    return datetime.combine(MONDAY, time(hour), tzinfo=TIMEZONE)


