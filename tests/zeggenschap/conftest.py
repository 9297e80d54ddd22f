"""A neighbourhood with ten residents, six of them members; one is fifteen (too young for a residents' vote)."""
from __future__ import annotations

from datetime import date, datetime, timedelta, UTC

import pytest

from core.instance import tenant_context
from core.people.models import Person
from plugins.zeggenschap import service

NAMES = ["Anna", "Bert", "Cor", "Dina", "Evert", "Fien", "Gijs", "Hanna", "Ids", "Jet"]


@pytest.fixture
def hood(make_tenant, instance):
    make_tenant("de-es", plugins=["zeggenschap"])
    with tenant_context("de-es", instance) as scope:
        s = scope.session
        people = []
        for number, name in enumerate(NAMES):
            born = date(2011, 1, 1) if name == "Jet" else date(1940 + number, 5, 1)
            people.append(Person(given_name=name, family_name="Test", is_resident=True, date_of_birth=born))
        s.add_all(people)
        s.flush()
        for p in people[:6]:
            service.add_member(s, p.id, date(2020, 1, 1))
        s.commit()
        return {p.given_name: p.id for p in people}


def open_window():
    start = datetime.now(UTC) - timedelta(hours=1)
    return start, start + timedelta(days=7)
