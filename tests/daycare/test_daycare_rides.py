"""Rides to the sessions through the cross-plugin hooks only: asked at once for the coming two
weeks when someone who needs transport gets a place, extended by the daily run, cancelled when
the enrolment ends, the session is cancelled, or an absence is reported in advance."""
from __future__ import annotations

from datetime import timedelta

import pytest
from daycare_town import COORDINATOR, group_data, slot
from sqlalchemy import select

from core.instance import tenant_context
from plugins.daycare import attendance, groups, rides, schedule
from plugins.daycare import enrolment as service
from plugins.daycare.models import RideAsked
from plugins.transport.models import Ride


@pytest.fixture
def with_transport(town, enable_plugins):
    enable_plugins("de-es", "transport")
    return town


def soon_group(scope, capacity=2):
    """A group that meets tomorrow, and every week after: two sessions inside the 14 days."""
    tomorrow = schedule.today() + timedelta(days=1)
    data = group_data("Morgen", capacity=capacity, schedule=[slot(tomorrow.weekday(), (10, 0), (15, 0))],
                      starts_on=schedule.today(), place_id=None)
    data["location_lat"], data["location_lon"] = 52.22, 6.89
    return groups.create(scope.session, data, COORDINATOR)


def rides_by_source(scope):
    return {(r.source, r.status, r.return_of_id is not None) for r in scope.session.scalars(select(Ride))}


def test_rides_are_asked_at_once_for_the_window_and_once_only(with_transport, instance):
    town = with_transport
    with tenant_context("de-es", instance) as scope:
        group = soon_group(scope)
        enrolment = service.enrol(scope.session, group, town["Riet"], True, COORDINATOR)
        assert rides.ask_for(scope.session, enrolment) == 2
        first, second = schedule.sessions_between(scope.session, group.id, None, None)[:2]
        assert rides_by_source(scope) == {(rides.source(enrolment.id, s.id), "requested", back)
                                          for s in (first, second) for back in (False, True)}
        assert rides.ask_for(scope.session, enrolment) == 0  # the daily run asks nothing twice
        assert groups.extend(scope.session) == (0, 0)
        other = service.enrol(scope.session, group, town["Gerrit"], False, COORDINATOR)
        assert rides.ask_for(scope.session, other) == 0  # no transport needed


def test_an_absence_in_advance_a_cancelled_session_and_the_end_cancel_the_right_rides(with_transport, instance):
    town = with_transport
    with tenant_context("de-es", instance) as scope:
        db = scope.session
        group = soon_group(scope)
        enrolment = service.enrol(db, group, town["Riet"], True, COORDINATOR)
        rides.ask_for(db, enrolment)
        first, second = schedule.sessions_between(db, group.id, None, None)[:2]
        attendance.record(db, first, [{"person_id": town["Riet"], "status": "absent", "reason": "holiday"}],
                          COORDINATOR)
        statuses = {(r.source, r.status) for r in db.scalars(select(Ride))}
        assert statuses == {(rides.source(enrolment.id, first.id), "cancelled"),
                            (rides.source(enrolment.id, second.id), "requested")}
        attendance.record(db, first, [{"person_id": town["Riet"], "status": "present"}], COORDINATOR)
        assert (rides.source(enrolment.id, first.id), "requested") in {(r.source, r.status)
                                                                       for r in db.scalars(select(Ride))}
        groups.cancel_session(db, second, COORDINATOR)
        assert {r.status for r in db.scalars(select(Ride)) if r.source == rides.source(enrolment.id, second.id)} == {
            "cancelled"}
        service.end(db, group, enrolment, "verhuisd", COORDINATOR)
        rides.cancel(db, enrolment.id, None, "enrolment ended")
        assert {r.status for r in db.scalars(select(Ride)) if r.status != "cancelled"} == set()


def test_a_promoted_person_gets_rides_through_the_api(with_transport, client, cli, instance):
    from test_daycare_api import API, GROUP, bearer
    town = with_transport
    token = bearer(cli, client, "daycare.manage,daycare.attendance")
    tomorrow = schedule.today() + timedelta(days=1)
    group = client.post(f"{API}/groups", headers=token, json={
        **GROUP, "starts_on": schedule.today().isoformat(),
        "schedule": [{"weekday": tomorrow.weekday(), "start": "10:00", "end": "15:00"}]}).get_json()
    riet = client.post(f"{API}/groups/{group['id']}/enrolments", headers=token,
                       json={"person_id": town["Riet"], "needs_transport": True}).get_json()
    truus = client.post(f"{API}/groups/{group['id']}/enrolments", headers=token,
                        json={"person_id": town["Truus"], "needs_transport": True}).get_json()
    with tenant_context("de-es", instance) as scope:
        assert {r.source.split(":session")[0] for r in scope.session.scalars(select(Ride))} == {
            f"daycare:enrolment:{riet['id']}"}
    client.post(f"{API}/enrolments/{riet['id']}/end", headers=token, json={"reason": "verhuisd"})
    with tenant_context("de-es", instance) as scope:
        open_rides = {r.source.split(":session")[0] for r in scope.session.scalars(select(Ride))
                      if r.status == "requested"}
        assert open_rides == {f"daycare:enrolment:{truus['id']}"}


def test_without_transport_nothing_is_asked_and_the_group_page_lists_who_needs_it(town, instance, make_account, app,
                                                                                    sign_in):
    with tenant_context("de-es", instance) as scope:
        group = soon_group(scope)
        enrolment = service.enrol(scope.session, group, town["Riet"], True, COORDINATOR)
        assert rides.ask_for(scope.session, enrolment) == 0
        assert scope.session.scalars(select(RideAsked)).all() == []
        scope.session.commit()
        group_id = group.id
    make_account("de-es", "coordinator@de-es.nl", ("coordinator",))
    client = app.test_client()
    sign_in(client, "de-es", "coordinator@de-es.nl")
    assert "heeft vervoer nodig" in client.get(f"/t/de-es/daycare/groups/{group_id}").text


def test_a_person_whose_address_is_not_located_is_shown_with_the_reason(with_transport, instance):
    from core.people.models import Person
    town = with_transport
    with tenant_context("de-es", instance) as scope:
        scope.session.get(Person, town["Henk"]).address.latitude = None
        group = soon_group(scope)
        enrolment = service.enrol(scope.session, group, town["Henk"], True, COORDINATOR)
        rides.ask_for(scope.session, enrolment)
        assert list(rides.rides_problems(scope.session, group.id)) == [enrolment.id]
        assert scope.session.scalars(select(Ride)).all() == []


