"""A list asks the database the same few things however long the page: no query per row."""
from __future__ import annotations

import random

import pytest
from sqlalchemy import event, func, select

from core.accounts.clients import create_client, declared_scopes
from core.audit.models import AuditEvent
from core.instance import tenant_context
from plugins.transport.models import Ride


@pytest.fixture
def demo(make_tenant, instance, client):
    """The demo neighbourhood, a client with every scope, and a counter of the SQL statements sent."""
    tenant = make_tenant("de-es", plugins=sorted(instance.plugins.info))
    with instance.storage.session(tenant) as session:
        instance.hooks(tenant).noaber_demo_data(tenant=tenant, session=session, rng=random.Random(3))
        scopes = declared_scopes(instance, tenant)
        row, secret = create_client(session, "lists", sorted(scopes), scopes)
        session.commit()
        credentials = (row.client_id, secret)
    token = client.post("/t/de-es/oauth/token", data={"grant_type": "client_credentials"},
                        auth=credentials).get_json()["access_token"]
    sent: list[str] = []
    engine = instance.storage.engine(tenant)

    def listener(_conn, _cursor, statement, *_):
        sent.append(statement)
    event.listen(engine, "before_cursor_execute", listener)

    def get(path: str) -> tuple[list, list[str]]:
        sent.clear()
        response = client.get(f"/t/de-es/api/v1{path}", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200, response.text
        return response.get_json(), list(sent)
    get("/transport/drivers")  # the token's key is read once per process, then kept (core/accounts/oauth.py)
    yield get
    event.remove(engine, "before_cursor_execute", listener)


def test_people_with_their_addresses_in_one_query(demo, instance):
    few, few_statements = demo("/people?page_size=5")
    many, many_statements = demo("/people?page_size=50")
    assert len(few) == 5 and len(many) > 25 and all(p["address"] for p in many)
    assert len(few_statements) == len(many_statements)
    people_queries = [s for s in many_statements if "core_person.given_name" in s and "count(*)" not in s]
    assert len(people_queries) == 1  # the page itself; no reload after the audit entry's commit
    with tenant_context("de-es", instance) as scope:  # and the list is still in the audit log
        assert scope.session.scalar(select(func.count()).select_from(AuditEvent)
                                    .where(AuditEvent.action == "list")) == 2


def test_drivers_and_rides_do_not_grow_with_the_list(demo, instance):
    drivers, driver_statements = demo("/transport/drivers")
    assert len(drivers) > 5 and len(driver_statements) == 3  # the token's client, drivers, their hours
    with tenant_context("de-es", instance) as scope:
        busiest = scope.session.execute(select(func.date(Ride.pickup_at), func.count()).group_by(
            func.date(Ride.pickup_at)).order_by(func.count().desc()).limit(1)).one()
    rides, ride_statements = demo(f"/transport/rides?day={busiest[0]}")
    assert len(rides) >= busiest[1] - 3 and len(rides) > 3  # a day in Dutch time, counted in UTC
    assert len(ride_statements) <= 3


def test_a_moment_is_utc_as_soon_as_it_is_given():
    """What a request's session keeps after its commit answers as a fresh read would."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo
    ride = Ride(appointment_at=datetime(2030, 6, 3, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam")))
    assert ride.appointment_at.utcoffset() == timedelta(0) and ride.appointment_at.hour == 8
    ride.pickup_at = datetime(2030, 6, 3, 9, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))
    assert ride.pickup_at.isoformat() == "2030-06-03T07:30:00+00:00"
