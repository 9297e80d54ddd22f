"""Shared for the daycare tests: residents, a volunteer, a known place, a day far ahead."""
from __future__ import annotations

from datetime import date, time

import pytest

from core.instance import tenant_context
from core.people.models import Address, Person
from core.places.models import KnownPlace
from core.toolkit import Actor

#: a Monday far ahead, so that every session is still to come
MONDAY = date(2030, 6, 3)
COORDINATOR = Actor("account:1", "web", 1)
NAMES = ("Riet", "Gerrit", "Truus", "Henk", "Annie", "Kees")


def person(session, given, volunteer=False, email=""):
    p = Person(given_name=given, family_name="Test", email=email, is_volunteer=volunteer, is_resident=not volunteer,
               address=Address(street="Lindelaan", house_number=len(given), house_number_suffix="", postcode="7511JM",
                               city="Enschede", latitude=52.2215, longitude=6.8937, located_by="manual"))
    session.add(p)
    session.flush()
    return p.id


def slot(weekday, start, end):
    return {"weekday": weekday, "starts": time(*start), "ends": time(*end)}


def group_data(name, capacity=2, schedule=None, **more):
    return {"name": name, "capacity": capacity, "requires_approval": False, "starts_on": MONDAY,
            "ends_on": None, "location_text": "Buurthuis", "slots": schedule or [slot(1, (10, 0), (15, 0))], **more}


@pytest.fixture
def town(make_tenant, instance):
    """de-es with daycare (and transport when a test enables it), six residents, a volunteer, a place."""
    make_tenant("de-es", plugins=["daycare"])
    with tenant_context("de-es", instance) as scope:
        s = scope.session
        ids = {name: person(s, name, email=f"{name.lower()}@example.org" if name == "Annie" else "")
               for name in NAMES}
        ids["Wim"] = person(s, "Wim", volunteer=True)
        place = KnownPlace(name="Buurthuis De Tulp", kind="community_centre", street="Tulpstraat", house_number=1,
                           postcode="7511AB", city="Enschede", latitude=52.22, longitude=6.89, located_by="manual")
        s.add(place)
        s.flush()
        ids["place"] = place.id
        s.commit()
    return ids
