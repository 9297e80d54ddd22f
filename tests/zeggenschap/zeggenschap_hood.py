"""Shared by the zeggenschap tests: a neighbourhood with ten residents, six of them members; one is fifteen
(too young for a residents' vote). Statutes and a vote to use."""
from __future__ import annotations

from datetime import date, datetime, timedelta, UTC
from decimal import Decimal

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


STATUTES = {"quorum_percent": None, "majority": "simple", "proxies_per_holder": 1, "support_threshold": 3,
            "minimum_age": 16, "answer_weeks": 6}


def make_vote(s, kind="choice", eligible="members", **extra):
    opens, closes = open_window()
    options = {"choice": [{"title": "Tuin"}, {"title": "Bankjes"}],
               "budget": [{"title": "Tuin", "cost": Decimal("600")}, {"title": "Bankjes", "cost": Decimal("400")}],
               "proposal": []}[kind]
    data = {"title": "Stemming", "kind": kind, "eligible": eligible, "options": options, "opens_at": opens,
            "closes_at": closes, **extra}
    if kind == "budget":
        data.setdefault("budget", Decimal("1000"))
    return service.create_vote(s, STATUTES, data)
