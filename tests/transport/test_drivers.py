"""Driver pages: adding a driver, their hours, leave and documents; warnings before documents expire."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from core.instance import tenant_context
from core.people.models import Person
from core.testing import csrf_token
from plugins.transport.drivers import check_state
from plugins.transport.models import Check, Driver


@pytest.fixture
def coordinator(make_tenant, make_account, app, sign_in, instance):
    make_tenant("de-es", plugins=["transport"])
    with tenant_context("de-es", instance) as scope:
        scope.session.add(Person(given_name="Henk", family_name="Visser", is_volunteer=True, is_resident=False))
        scope.session.commit()
    make_account("de-es", "coordinator@de-es.nl", ("coordinator",))
    client = app.test_client()
    sign_in(client, "de-es", "coordinator@de-es.nl")
    return client


def test_add_a_driver_with_hours_leave_and_documents(coordinator, instance):
    token = csrf_token(coordinator, "/t/de-es/transport/drivers/new")
    made = coordinator.post("/t/de-es/transport/drivers/new", data={
        "csrf_token": token, "person": "1", "vehicle": "Opel Zafira", "takes_walker": "y", "takes_wheelchair": "y",
        "seats": "3", "max_km": "12", "active": "y"})
    assert made.status_code == 302
    page = made.headers["Location"]
    token = csrf_token(coordinator, page)
    coordinator.post(f"{page}/availability",
                     data={"csrf_token": token, "weekday": "1", "starts": "09:00", "ends": "13:00"})
    coordinator.post(f"{page}/leave", data={"csrf_token": token, "first_day": "2030-07-01", "last_day": "2030-07-14"})
    coordinator.post(f"{page}/checks", data={"csrf_token": token, "kind": "vog", "expires_on": "2020-01-01"})
    bad = coordinator.post(f"{page}/availability",
                           data={"csrf_token": token, "weekday": "1", "starts": "13:00", "ends": "09:00"})
    assert bad.status_code == 303
    with tenant_context("de-es", instance) as scope:
        driver = scope.session.scalars(select(Driver)).one()
        assert driver.takes() == {"none", "walker", "folding_wheelchair", "wheelchair"}
        assert [(a.weekday, a.starts.hour, a.ends.hour) for a in driver.availability] == [(1, 9, 13)]
        assert len(driver.leave) == 1 and check_state(driver.checks[0]) == "expired"
    listing = coordinator.get("/t/de-es/transport/drivers/").text
    assert "Henk Visser" in listing and "verlopen" in listing
    assert "verlopen of verloopt binnenkort" in coordinator.get("/t/de-es/").text


def test_a_person_is_a_driver_once(coordinator, instance):
    token = csrf_token(coordinator, "/t/de-es/transport/drivers/new")
    data = {"csrf_token": token, "person": "1", "seats": "3", "max_km": "12"}
    assert coordinator.post("/t/de-es/transport/drivers/new", data=data).status_code == 302
    again = coordinator.post("/t/de-es/transport/drivers/new", data=data)
    assert again.status_code == 422
    with tenant_context("de-es", instance) as scope:
        assert scope.session.query(Driver).count() == 1


def test_check_states():
    from datetime import datetime

    from core.i18n.text import TIMEZONE
    today = datetime.now(TIMEZONE).date()
    assert check_state(Check(kind="vog", expires_on=today - timedelta(days=1))) == "expired"
    assert check_state(Check(kind="vog", expires_on=today + timedelta(days=10))) == "expiring"
    assert check_state(Check(kind="vog", expires_on=today + timedelta(days=100))) == "valid"
