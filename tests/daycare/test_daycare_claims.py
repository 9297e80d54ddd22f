"""A volunteer's costs and kilometres at a session held: recorded through the API and the session page,
refused when wrong (nothing changes), shown on the page and in the export, offered to the budget as claims."""
from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest
from daycare_town import COORDINATOR, MONDAY, group_data
from sqlalchemy import select

from core.instance import tenant_context
from core.metrics import Month
from core.testing import api_header as bearer
from core.testing import csrf_token
from core.toolkit import tenant_hooks
from plugins.daycare import attendance, groups, schedule
from plugins.daycare.models import Helper

API = "/t/de-es/api/v1/daycare"
HELD = date(2026, 10, 13)


@pytest.fixture
def token(town, cli, client):
    return bearer(cli, client, "daycare.attendance")


@pytest.fixture
def helpers(town, instance):
    """Wim helped at a session held (in the past) and is down for one still to come, and one cancelled."""
    with tenant_context("de-es", instance) as scope:
        s = scope.session
        group = groups.create(s, group_data("Kookclub"), COORDINATOR)
        held = schedule.add_extra(s, group, HELD, time(10), time(14))
        coming = schedule.sessions_between(s, group.id, MONDAY, None)[0]
        cancelled = schedule.add_extra(s, group, date(2026, 10, 20), time(10), time(14))
        cancelled.cancelled = True
        made = {name: attendance.add_helper(s, session, town["Wim"], Decimal("4.50"), COORDINATOR).id
                for name, session in (("held", held), ("coming", coming), ("cancelled", cancelled))}
        s.commit()
        return made | {"session": held.id}


def recorded(instance) -> list[tuple]:
    with tenant_context("de-es", instance) as scope:
        return [(h.costs, h.costs_description, h.km) for h in scope.session.scalars(select(Helper).order_by(Helper.id))]


def offered(instance, month: Month) -> list:
    with tenant_context("de-es", instance) as scope:
        found = tenant_hooks().noaber_reimbursement_claims(tenant=scope.tenant, session=scope.session, month=month)
        return [claim for claims in found for claim in claims]


def test_costs_and_kilometres_of_a_session_held_are_the_volunteer_s_claims(client, token, helpers, town, instance):
    put = client.put(f"{API}/volunteers/{helpers['held']}/costs", headers=token,
                     json={"costs": "23.40", "description": "boodschappen voor de lunch", "km": "12.5"})
    assert put.status_code == 200, put.text
    assert put.get_json() | {"costs": "23.40", "costs_description": "boodschappen voor de lunch",
                             "km": "12.5", "person_id": town["Wim"]} == put.get_json()
    claims = offered(instance, Month(2026, 10))
    number = helpers["held"]
    assert [(c.person_id, c.kind, c.quantity, c.source, c.day, c.description) for c in claims] == [
        (town["Wim"], "costs", Decimal("23.40"), f"daycare:helper-costs:{number}", HELD,
         "Kookclub, 13 oktober: boodschappen voor de lunch"),
        (town["Wim"], "km", Decimal("12.5"), f"daycare:helper-costs:{number}:km", HELD,
         "Kookclub, 13 oktober: gereden kilometers")]
    again = client.put(f"{API}/volunteers/{number}/costs", headers=token, json={"km": "8"})
    assert again.status_code == 200 and again.get_json()["costs"] is None  # replaced, not added
    assert [(c.kind, c.quantity) for c in offered(instance, Month(2026, 10))] == [("km", Decimal("8.0"))]
    assert offered(instance, Month(2026, 11)) == []


@pytest.mark.parametrize("wrong, field", [
    ({"costs": "23.405", "description": "lunch"}, "costs"), ({"costs": "0.00", "description": "lunch"}, "costs"),
    ({"costs": 23.4, "description": "lunch"}, "costs"), ({"costs": "250.01", "description": "lunch"}, "costs"),
    ({"costs": "-1.00", "description": "lunch"}, "costs"), ({"costs": "12.00"}, "description"),
    ({"costs": "12.00", "description": "   "}, "description"), ({"km": "0"}, "km"), ({"km": "12.25"}, "km"),
    ({"km": "501"}, "km"), ({}, "costs"), ({"costs": "5.00", "description": "x" * 121}, "description")])
def test_wrong_costs_are_a_422_at_the_field_and_change_nothing(client, token, helpers, instance, wrong, field):
    refused = client.put(f"{API}/volunteers/{helpers['held']}/costs", headers=token, json=wrong)
    assert refused.status_code == 422 and refused.mimetype == "application/problem+json"
    assert field in refused.get_json()["errors"]
    assert recorded(instance) == [(None, "", None)] * 3


def test_costs_only_for_a_session_held_and_only_what_is_there(client, token, helpers, instance):
    body = {"costs": "5.00", "description": "koffie"}
    for not_held in ("coming", "cancelled"):
        refused = client.put(f"{API}/volunteers/{helpers[not_held]}/costs", headers=token, json=body)
        assert refused.status_code == 409 and refused.mimetype == "application/problem+json"
    assert client.put(f"{API}/volunteers/99999/costs", headers=token, json=body).status_code == 404
    assert recorded(instance) == [(None, "", None)] * 3
    assert offered(instance, Month(2026, 10)) == []  # the cancelled session's month has nothing


def test_without_the_permission_nothing_is_recorded(cli, client, helpers, instance):
    reports = bearer(cli, client, "daycare.reports")
    refused = client.put(f"{API}/volunteers/{helpers['held']}/costs", headers=reports,
                         json={"costs": "5.00", "description": "koffie"})
    assert refused.status_code == 403 and recorded(instance) == [(None, "", None)] * 3


def test_the_session_page_records_and_shows_a_volunteer_s_costs(town, helpers, make_account, app, sign_in,
                                                                 instance):
    make_account("de-es", "coordinator@de-es.nl", ("coordinator",))
    coordinator = app.test_client()
    sign_in(coordinator, "de-es", "coordinator@de-es.nl")
    page = f"/t/de-es/daycare/sessions/{helpers['session']}"
    shown = coordinator.get(page).text
    assert "Kosten van vrijwilligers" in shown and 'for="helper{}-costs"'.format(helpers["held"]) in shown
    token = csrf_token(coordinator, page)
    prefix = f"helper{helpers['held']}"
    action = f"{page}/volunteers/{helpers['held']}/costs"
    wrong = coordinator.post(action, data={f"{prefix}-csrf_token": token, f"{prefix}-costs": "23,405",
                                           f"{prefix}-description": "lunch"})
    assert wrong.status_code == 303 and recorded(instance) == [(None, "", None)] * 3
    assert "ten hoogste twee decimalen" in coordinator.get(page).text
    saved = coordinator.post(action, data={f"{prefix}-csrf_token": token, f"{prefix}-costs": "23,40",
                                           f"{prefix}-description": "boodschappen voor de lunch",
                                           f"{prefix}-km": "12,5"})
    assert saved.status_code == 303
    assert recorded(instance)[0] == (Decimal("23.40"), "boodschappen voor de lunch", Decimal("12.5"))
    shown = coordinator.get(page).text
    assert "kosten €\xa023,40 voor boodschappen voor de lunch" in shown and "12,5 km gereden" in shown
    other = f"/t/de-es/daycare/sessions/{helpers['session'] + 99}/volunteers/{helpers['held']}/costs"
    assert coordinator.post(other, data={f"{prefix}-csrf_token": token}).status_code == 404


def test_the_volunteer_s_export_has_the_costs(client, token, helpers, town, instance):
    client.put(f"{API}/volunteers/{helpers['held']}/costs", headers=token,
               json={"costs": "9.95", "description": "bloemen", "km": "4"})
    with tenant_context("de-es", instance) as scope:
        exported = tenant_hooks().noaber_privacy_export(tenant=scope.tenant, session=scope.session,
                                                        person_id=town["Wim"])
    [ours] = [part for part in exported if part and "volunteering" in part]
    held = [v for v in ours["volunteering"] if v["date"] == HELD.isoformat()]
    assert held == [{"group": "Kookclub", "date": HELD.isoformat(), "hours": "4.50", "costs": "9.95",
                     "costs_description": "bloemen", "km": "4.0"}]
