"""Budgeting with maatjes and daycare: collecting a month turns a buddy's outing costs and kilometres and a
day-activities volunteer's costs and kilometres into submitted expenses, once; no participant is named."""
from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest
from budgeting_clients import bearer
from sqlalchemy import select

from core.instance import tenant_context
from core.people.models import Person
from core.toolkit import Actor
from plugins.budgeting.models import Expense
from plugins.daycare import attendance, claims, groups, schedule
from plugins.maatjes.models import Contact, Match, Participant, Volunteer

API = "/t/de-es/api/v1/budgeting"
COORDINATOR = Actor("account:1", "web", 1)


def someone(session, given, family, volunteer):
    person = Person(given_name=given, family_name=family, is_volunteer=volunteer, is_resident=not volunteer)
    session.add(person)
    session.flush()
    return person.id


@pytest.fixture
def care(make_tenant, instance):
    """An outing of Riet and her buddy Anna, and a cooking club session where Wim did the shopping, in October."""
    make_tenant("de-es", plugins=["budgeting", "daycare", "maatjes"])
    with tenant_context("de-es", instance) as scope:
        s = scope.session
        riet, anna, wim = (someone(s, "Riet", "Bos", False), someone(s, "Anna", "Smit", True),
                           someone(s, "Wim", "Kok", True))
        pair = Match(participant=Participant(person_id=riet, waiting_since=date(2026, 8, 1)),
                     volunteer=Volunteer(person_id=anna, waiting_since=date(2026, 8, 1), trained=True),
                     status="active", proposed_on=date(2026, 9, 1), introduced_on=date(2026, 9, 8),
                     active_on=date(2026, 9, 15), coordinator="account:1")
        pair.contacts.append(Contact(on=date(2026, 10, 14), kind="outing", minutes=180, costs=Decimal("12.50"),
                                     km=Decimal("14.5")))
        s.add(pair)
        group = groups.create(s, {"name": "Kookclub", "capacity": 8, "requires_approval": False,
                                  "starts_on": date(2030, 6, 3), "ends_on": None, "location_text": "Buurthuis",
                                  "slots": [{"weekday": 1, "starts": time(10), "ends": time(14)}]}, COORDINATOR)
        held = schedule.add_extra(s, group, date(2026, 10, 13), time(10), time(14))
        helper = attendance.add_helper(s, held, wim, Decimal("4.50"), COORDINATOR)
        claims.record_costs(s, helper, Decimal("23.40"), "boodschappen voor de lunch", Decimal("12.0"), COORDINATOR)
        s.commit()
        return {"Anna": anna, "Wim": wim}


def test_collecting_a_month_makes_each_care_claim_a_submitted_expense_once(care, cli, client, instance):
    treasurer = bearer(cli, client, "Penningmeester")
    first = client.post(f"{API}/reimbursements/collect", headers=treasurer, json={"month": "2026-10"})
    assert first.status_code == 200 and first.get_json() == {"created": 4}
    again = client.post(f"{API}/reimbursements/collect", headers=treasurer, json={"month": "2026-10"})
    assert again.status_code == 200 and again.get_json() == {"created": 0}
    assert client.post(f"{API}/reimbursements/collect", headers=treasurer,
                       json={"month": "2026-11"}).get_json() == {"created": 0}
    with tenant_context("de-es", instance) as scope:
        expenses = scope.session.scalars(select(Expense).order_by(Expense.source)).all()
        made = [(e.source, e.person_id, e.amount, e.status, e.payee_name, e.description) for e in expenses]
    assert made == [  # kilometres at the default € 0,23: 12 km is € 2,76, 14,5 km € 3,335, rounded half up
        ("daycare:helper-costs:1", care["Wim"], Decimal("23.40"), "submitted", "Wim Kok",
         "Kookclub, 13 oktober: boodschappen voor de lunch"),
        ("daycare:helper-costs:1:km", care["Wim"], Decimal("2.76"), "submitted", "Wim Kok",
         "Kookclub, 13 oktober: gereden kilometers"),
        ("maatjes:contact:1:costs", care["Anna"], Decimal("12.50"), "submitted", "Anna Smit",
         "Uitje met maatje, 14 oktober"),
        ("maatjes:contact:1:km", care["Anna"], Decimal("3.34"), "submitted", "Anna Smit",
         "Uitje met maatje, 14 oktober")]
    assert not any("Riet" in row[5] or "Bos" in row[5] for row in made)  # the participant is care data
