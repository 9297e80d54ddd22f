"""Transport's part in the cross-plugin hooks: rides asked for by other plugins, drivers' claims
and hours, a person's rides in their calendar and on their page."""
from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from ride_town import CLINIC, MONDAY, at
from sqlalchemy import select

from core.errors import NoaberError
from core.instance import tenant_context
from core.metrics import Month
from core.testing import set_enabled
from core.toolkit import Place, RideRequest
from plugins.transport import service
from plugins.transport.geo import Roads
from plugins.transport.models import Driver, Ride

CLINIC_PLACE = Place("Dagbesteding De Linde", "Lindelaan 40, Enschede", *CLINIC)


def ask(scope, rider, source="daycare:enrolment:12:session:40", **changes):
    request = RideRequest(rider, changes.pop("to", CLINIC_PLACE), changes.pop("arrive_at", at(10)), source, **changes)
    hooks = scope.instance.hooks(scope.tenant)
    return hooks.noaber_request_ride(tenant=scope.tenant, session=scope.session, request=request)


def test_a_ride_asked_for_twice_with_the_same_source_is_booked_once(town, instance):
    with tenant_context("de-es", instance) as scope:
        first = ask(scope, town["rider"], return_at=at(15), aid="walker", notes="Zijdeur")
        again = ask(scope, town["rider"], return_at=at(15))
        scope.session.commit()
        rides = scope.session.scalars(select(Ride).order_by(Ride.id)).all()
        assert first == again == rides[0].id
        assert [(r.source, r.aid, r.driver_notes, r.status) for r in rides] == [
            ("daycare:enrolment:12:session:40", "walker", "Zijdeur", "requested")] * 2
        assert rides[1].return_of_id == rides[0].id and "Dagbesteding De Linde" in rides[0].destination_text
        assert rides[0].events[0].actor == "daycare"


def test_a_cancelled_ride_can_be_asked_for_again(town, instance):
    with tenant_context("de-es", instance) as scope:
        first = ask(scope, town["rider"])
        service.close(scope.session.get(Ride, first), "cancelled", "test")
        assert ask(scope, town["rider"]) != first


def test_cancel_by_source_prefix_leaves_other_sources_and_driven_rides(town, instance):
    with tenant_context("de-es", instance) as scope:
        ask(scope, town["rider"], "daycare:enrolment:12:session:40")
        ask(scope, town["rider"], "daycare:enrolment:12:session:41", arrive_at=at(10) + timedelta(days=7))
        other = ask(scope, town["rider"], "daycare:enrolment:120:session:1", arrive_at=at(11))
        driven = ask(scope, town["rider"], "daycare:enrolment:12:session:39", arrive_at=at(9))
        ride = scope.session.get(Ride, driven)
        service.offer(ride, scope.session.get(Driver, town["Henk"]), "t")
        service.accept(ride, "t")
        service.complete(ride, 12.0, "t")
        hooks = scope.instance.hooks(scope.tenant)
        counts = hooks.noaber_cancel_rides(tenant=scope.tenant, session=scope.session,
                                           source_prefix="daycare:enrolment:12:", reason="enrolment ended")
        statuses = {r.source: r.status for r in scope.session.scalars(select(Ride))}
    assert counts == [2]
    assert statuses == {"daycare:enrolment:12:session:40": "cancelled", "daycare:enrolment:12:session:41": "cancelled",
                        "daycare:enrolment:120:session:1": "requested", "daycare:enrolment:12:session:39": "completed"}
    assert other


def test_a_source_with_wildcards_cancels_only_itself(town, instance):
    with tenant_context("de-es", instance) as scope:
        ask(scope, town["rider"], "x:1_2")
        ask(scope, town["rider"], "x:132", arrive_at=at(11))
        hooks = scope.instance.hooks(scope.tenant)
        assert hooks.noaber_cancel_rides(tenant=scope.tenant, session=scope.session, source_prefix="x:1_",
                                         reason="") == [1]


def test_a_ride_to_a_place_without_a_location_or_with_an_unknown_aid_is_refused(town, instance):
    with tenant_context("de-es", instance) as scope:
        with pytest.raises(NoaberError, match="has no location"):
            ask(scope, town["rider"], to=Place("Ergens"))
        with pytest.raises(NoaberError, match="aid must be one of"):
            ask(scope, town["rider"], aid="hovercraft")
        assert scope.session.scalar(select(Ride.id)) is None


@pytest.fixture
def driven_month(town, instance):
    """Two completed rides for Henk in the test month, one cancelled, one not driven yet."""
    with tenant_context("de-es", instance) as scope:
        henk = scope.session.get(Driver, town["Henk"])
        for hour, km in ((9, 10.0), (13, 10.5)):
            (ride,) = service.request_ride(scope.session, Roads(), town["rider"], CLINIC, "Fysio", at(hour), "t")
            service.offer(ride, henk, "t")
            service.accept(ride, "t")
            service.complete(ride, km, "t")
        (cancelled,) = service.request_ride(scope.session, Roads(), town["rider"], CLINIC, "Fysio", at(15), "t")
        service.close(cancelled, "cancelled", "t")
        service.request_ride(scope.session, Roads(), town["rider"], CLINIC, "Fysio", at(16), "t")
        scope.session.commit()
    return Month.of(MONDAY)


def test_drivers_kilometres_are_claims_unless_the_tenant_does_not_reimburse(driven_month, town, instance):
    with tenant_context("de-es", instance) as scope:
        hooks = scope.instance.hooks(scope.tenant)
        claims = hooks.noaber_reimbursement_claims(tenant=scope.tenant, session=scope.session, month=driven_month)[0]
    assert [(c.person_id, c.kind, c.quantity, c.day) for c in claims] == [
        (town["Henk_person"], "km", Decimal("10.0"), MONDAY), (town["Henk_person"], "km", Decimal("10.5"), MONDAY)]
    assert len({c.source for c in claims}) == 2 and all(c.source.startswith("transport:ride:") for c in claims)
    assert "Fysio" in claims[0].description
    folder = instance.tenants.get("de-es").folder
    (folder / "tenant.toml").write_text((folder / "tenant.toml").read_text() +
                                        "\n[plugins.transport]\nreimburse_drivers = false\n")
    set_enabled(folder, ["transport"])  # the change is seen as one
    with tenant_context("de-es", instance) as scope:
        hooks = scope.instance.hooks(scope.tenant)
        assert hooks.noaber_reimbursement_claims(tenant=scope.tenant, session=scope.session, month=driven_month) == [[]]


def test_driving_hours_count_towards_the_tenants_volunteer_hours(driven_month, town, instance, cli):
    with tenant_context("de-es", instance) as scope:
        hooks = scope.instance.hooks(scope.tenant)
        hours = hooks.noaber_volunteer_hours(tenant=scope.tenant, session=scope.session, month=driven_month)[0]
    assert [(h.person_id, h.kind, str(h.label)) for h in hours] == [(town["Henk_person"], "driving", "Driving")]
    # per ride: its km at 35 km/h, plus twice 5 minutes helping in and out (10 km: 0.45 h; 10.5 km: 0.47 h)
    assert hours[0].hours == Decimal("0.45") + Decimal("0.47")
    result = cli("metrics", "de-es", "--period", str(driven_month), "--json")
    values = {v["metric"]: v for v in json.loads(result.out)["values"]}
    assert values["core.volunteer_hours"]["value"] == 0.9 and values["core.volunteers"]["value"] == 1
    assert values["core.volunteer_value"] == {**values["core.volunteer_value"], "value": 0, "persons": 0}  # no rate set


def test_a_persons_rides_are_in_their_calendar_as_rider_and_as_driver(town, instance):
    with tenant_context("de-es", instance) as scope:
        (planned,) = service.request_ride(scope.session, Roads(), town["rider"], CLINIC, "Fysio", at(10), "t")
        service.offer(planned, scope.session.get(Driver, town["Henk"]), "t")
        (cancelled,) = service.request_ride(scope.session, Roads(), town["rider"], CLINIC, "Tandarts", at(14), "t")
        service.close(cancelled, "cancelled", "t")
        hooks, start, end = scope.instance.hooks(scope.tenant), at(0), at(0) + timedelta(days=1)
        as_rider = hooks.noaber_calendar_events(tenant=scope.tenant, session=scope.session,
                                                person_id=town["rider"], start=start, end=end)[0]
        as_driver = hooks.noaber_calendar_events(tenant=scope.tenant, session=scope.session,
                                                 person_id=town["Henk_person"], start=start, end=end)[0]
        later = hooks.noaber_calendar_events(tenant=scope.tenant, session=scope.session, person_id=town["rider"],
                                             start=end, end=end + timedelta(days=1))[0]
    assert [(e.uid, e.cancelled) for e in as_rider] == [(f"transport-ride-{planned.id}", False),
                                                        (f"transport-ride-{cancelled.id}", True)]
    assert "Fysio" in as_rider[0].summary and as_rider[0].start == planned.pickup_at < as_rider[0].end
    assert [e.uid for e in as_driver] == [f"transport-drive-{planned.id}"]
    assert later == []


def test_the_person_page_shows_their_rides_to_a_coordinator(town, instance, make_account, app, sign_in):
    with tenant_context("de-es", instance) as scope:
        service.request_ride(scope.session, Roads(), town["rider"], CLINIC, "Fysio De Es", at(10), "t")
        scope.session.commit()
    make_account("de-es", "coordinator@de-es.nl", ("coordinator",))
    client = app.test_client()
    sign_in(client, "de-es", "coordinator@de-es.nl")
    page = client.get(f"/t/de-es/people/{town['rider']}").text
    assert "Ritten" in page and "Fysio De Es" in page and f"rides/new?rider={town['rider']}" in page
    driver_page = client.get(f"/t/de-es/people/{town['Henk_person']}").text
    assert "Gegevens als chauffeur" in driver_page
