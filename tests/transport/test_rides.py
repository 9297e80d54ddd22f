"""Rides in the tenant: requesting, planning a day, the driver's answer, outcomes, privacy."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from ride_town import CLINIC, MONDAY, at
from sqlalchemy import select

from core.errors import NoaberError
from core.instance import tenant_context
from core.people.models import Address, Consent, Person
from core.places.models import KnownPlace
from core.testing import csrf_token
from plugins.transport import planning, service
from plugins.transport.geo import Roads
from plugins.transport.models import Driver, Ride


def test_request_makes_outward_and_return_rides_with_pickup_before_the_appointment(town, instance):
    with tenant_context("de-es", instance) as scope:
        rides = service.request_ride(scope.session, Roads(), town["rider"], CLINIC, "Huisarts", at(10), "test",
                                     return_at=at(11))
        outward, back = rides
        assert outward.pickup_at < outward.appointment_at and back.return_of is outward
        assert (back.destination_lat, back.destination_lon) == (outward.pickup_lat, outward.pickup_lon)
        with pytest.raises(NoaberError, match="after the appointment"):
            service.request_ride(scope.session, Roads(), town["rider"], CLINIC, "X", at(10), "test", return_at=at(9))


def test_plan_day_offers_to_a_capable_driver_and_decline_returns_the_ride(town, instance):
    with tenant_context("de-es", instance) as scope:
        (ride,) = service.request_ride(scope.session, Roads(), town["rider"], CLINIC, "Ziekenhuis", at(10), "test",
                                       aid="wheelchair")
        result = planning.plan_day(scope.session, Roads(), MONDAY, "test")
        assert result.assignments == {ride.id: town["Wim"]} and ride.status == "offered"
        service.decline(ride, "account:9", "ziek")
        assert ride.status == "requested" and ride.driver_id is None
        assert [e.kind for e in ride.events] == ["requested", "offered", "declined"]
        assert ride.events[-1].driver_id == town["Wim"]


@pytest.mark.parametrize("steps, error", [
    (["complete"], "a ride that is requested cannot become completed"),
    (["offer", "accept", "accept"], "a ride that is planned cannot become planned"),
])
def test_lifecycle_refuses_steps_out_of_order(town, instance, steps, error):
    with tenant_context("de-es", instance) as scope:
        (ride,) = service.request_ride(scope.session, Roads(), town["rider"], CLINIC, "X", at(10), "test")
        driver = scope.session.get(Driver, town["Henk"])
        with pytest.raises(NoaberError, match=error):
            for step in steps:
                {"offer": lambda: service.offer(ride, driver, "t"), "accept": lambda: service.accept(ride, "t"),
                 "complete": lambda: service.complete(ride, 10, "t")}[step]()


def test_expired_checks_keep_a_driver_out_of_the_plan(town, instance):
    with tenant_context("de-es", instance) as scope:
        for check in scope.session.get(Driver, town["Wim"]).checks:
            check.expires_on = MONDAY - timedelta(days=1)
        (ride,) = service.request_ride(scope.session, Roads(), town["rider"], CLINIC, "X", at(10), "test",
                                       aid="wheelchair")
        result = planning.plan_day(scope.session, Roads(), MONDAY, "test")
        assert result.unplanned == {ride.id: "no_capable_driver"} or result.unplanned == {ride.id: "checks_expired"}


@pytest.fixture
def henk_signed_in(town, make_account, app, sign_in, instance):
    from core.accounts.models import Account
    make_account("de-es", "henk@de-es.nl", ("volunteer",))
    with tenant_context("de-es", instance) as scope:
        account = scope.session.query(Account).filter_by(email="henk@de-es.nl").one()
        account.person_id = town["Henk_person"]
        scope.session.commit()
    client = app.test_client()
    sign_in(client, "de-es", "henk@de-es.nl")
    return client


def planned_ride_for(instance, town, driver="Henk", consent=None):
    with tenant_context("de-es", instance) as scope:
        (ride,) = service.request_ride(scope.session, Roads(), town["rider"], CLINIC, "Fysio", at(10), "test")
        service.offer(ride, scope.session.get(Driver, town[driver]), "test")
        if consent is not None:
            rider = scope.session.get(Person, town["rider"])
            rider.consents.append(Consent(purpose="transport.phone_to_driver", granted=consent))
        scope.session.commit()
        return ride.id


def test_driver_accepts_then_sees_the_phone_only_with_consent(town, henk_signed_in, instance):
    ride_id = planned_ride_for(instance, town, consent=True)
    page = henk_signed_in.get("/t/de-es/transport/my").text
    assert "Fysio" in page and "06-1111 2222" not in page  # offered, not yet accepted
    token = csrf_token(henk_signed_in, "/t/de-es/transport/my")
    assert henk_signed_in.post(f"/t/de-es/transport/my/{ride_id}/accept", data={"csrf_token": token}).status_code == 302
    assert "06-1111 2222" in henk_signed_in.get("/t/de-es/transport/my").text


def test_a_drivers_rides_say_the_day_in_words_and_nothing_where_nothing_is_special(town, henk_signed_in, instance):
    planned_ride_for(instance, town)
    page = henk_signed_in.get("/t/de-es/transport/my").text
    heading = re.search(r"<h2>([^<]*): ", page).group(1)
    assert re.fullmatch(r"(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag) \d{1,2} [a-z]+, \d\d:\d\d",
                        heading), heading
    assert "<p>—</p>" not in page and "Geen hulpmiddel" not in page  # no aid, nobody along: no line for it


def test_no_phone_without_consent(town, henk_signed_in, instance):
    ride_id = planned_ride_for(instance, town, consent=False)
    token = csrf_token(henk_signed_in, "/t/de-es/transport/my")
    henk_signed_in.post(f"/t/de-es/transport/my/{ride_id}/accept", data={"csrf_token": token})
    assert "06-1111 2222" not in henk_signed_in.get("/t/de-es/transport/my").text


def ride_as_it_stands(instance, ride_id: int) -> tuple:
    with tenant_context("de-es", instance) as scope:
        ride = scope.session.get(Ride, ride_id)
        return ride.status, ride.driver_id, [(e.kind, e.actor) for e in ride.events]


@pytest.mark.parametrize("answer", ["accept", "decline"])
def test_a_driver_cannot_answer_another_drivers_ride(town, henk_signed_in, instance, answer):
    ride_id = planned_ride_for(instance, town, driver="Wim")
    before = ride_as_it_stands(instance, ride_id)
    token = csrf_token(henk_signed_in, "/t/de-es/transport/my")
    assert henk_signed_in.post(f"/t/de-es/transport/my/{ride_id}/{answer}",
                               data={"csrf_token": token}).status_code == 404
    assert ride_as_it_stands(instance, ride_id) == before  # still offered to Wim, nothing added to its history
    assert before[1] == town["Wim"]


def next_monday() -> date:
    today = date.today()
    return today + timedelta(days=7 - today.weekday())


@pytest.fixture
def coordinator(town, make_account, app, sign_in, instance, monkeypatch):
    """A signed-in coordinator of De Es, which knows the GP's practice; the address service is away."""
    monkeypatch.setenv("NOABER_PDOK_URL", "http://127.0.0.1:9/away")
    with tenant_context("de-es", instance) as scope:
        scope.session.add(KnownPlace(name="Huisarts De Linde", kind="gp", street="Lindelaan", house_number=4,
                                     postcode="7511JM", city="Enschede", latitude=52.23, longitude=6.90))
        scope.session.commit()
    make_account("de-es", "coordinator@de-es.nl", ("coordinator",))
    client = app.test_client()
    sign_in(client, "de-es", "coordinator@de-es.nl")
    return client


def test_the_rider_is_chosen_once_and_a_known_place_needs_no_address(coordinator, town):
    first = coordinator.get("/t/de-es/transport/rides/new").text
    assert 'name="rider"' in first and 'name="destination"' not in first  # who first
    page = coordinator.get(f"/t/de-es/transport/rides/new?rider={town['rider']}").text
    assert "<strong>Test, Riet</strong>" in page and page.count('name="rider"') == 1
    assert 'type="hidden" name="rider"' in page
    assert "Huisarts De Linde" in page and "Geavanceerd" in page  # coordinates only under "advanced"
    monday = next_monday()
    token = csrf_token(coordinator, f"/t/de-es/transport/rides/new?rider={town['rider']}")
    done = coordinator.post(f"/t/de-es/transport/rides/new?rider={town['rider']}", data={
        "csrf_token": token, "rider": str(town["rider"]), "day": monday.isoformat(), "appointment": "10:00",
        "place": "1", "aid": "walker", "return_at": "11:30"})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"day={monday.isoformat()}")
    board = coordinator.get(f"/t/de-es/transport/?day={monday.isoformat()}").text
    assert board.count("Huisarts De Linde") == 1 and "aangevraagd" in board and "Rollator" in board
    plan = coordinator.post(f"/t/de-es/transport/plan?day={monday.isoformat()}",
                            data={"csrf_token": csrf_token(coordinator, "/t/de-es/transport/")})
    assert plan.status_code == 303 and "/transport/planning/" in plan.headers["Location"]
    page = coordinator.get(plan.headers["Location"])  # planned at once here (immediate); a worker elsewhere
    assert page.status_code == 200 and "2 ritten aangeboden" in page.text and 'http-equiv="refresh"' not in page.text
    assert "aangeboden" in coordinator.get(f"/t/de-es/transport/?day={monday.isoformat()}").text
    assert coordinator.get("/t/de-es/transport/planning/" + "0" * 32).status_code == 404


@pytest.mark.parametrize("fields, field, message", [
    ({}, "destination", "Kies een bekende plek, of geef de naam en het adres van de bestemming."),
    ({"destination": "Tandarts", "day": "2020-01-06"}, "day", "Deze datum is voorbij"),
    ({"destination": "Tandarts", "day": "2099-01-05"}, "day", "meer dan een jaar vooruit"),
    ({"destination": "Tandarts", "return_at": "09:00"}, "return_at", "De terugrit moet na de afspraak zijn."),
    ({"destination": "Tandarts", "destination_postcode": "12", "destination_number": "4"}, "destination_postcode",
     "Gebruik een Nederlandse postcode"),
])
def test_a_ride_request_that_is_not_right_says_why_at_its_field_and_saves_nothing(coordinator, town, instance,
                                                                                  fields, field, message):
    token = csrf_token(coordinator, f"/t/de-es/transport/rides/new?rider={town['rider']}")
    data = {"csrf_token": token, "rider": str(town["rider"]), "day": next_monday().isoformat(),
            "appointment": "10:00", "place": "0", **fields}
    bad = coordinator.post(f"/t/de-es/transport/rides/new?rider={town['rider']}", data=data)
    assert bad.status_code == 422
    error = re.search(rf'id="{field}-error"[^>]*>(.*?)</', bad.text, re.S)
    assert error and message in error.group(1)
    with tenant_context("de-es", instance) as scope:
        assert scope.session.scalar(select(Ride.id)) is None


def test_a_destination_not_found_now_is_saved_and_planned_once_found(coordinator, town, instance):
    monday = next_monday()
    token = csrf_token(coordinator, f"/t/de-es/transport/rides/new?rider={town['rider']}")
    saved = coordinator.post(f"/t/de-es/transport/rides/new?rider={town['rider']}", data={
        "csrf_token": token, "rider": str(town["rider"]), "day": monday.isoformat(), "appointment": "10:00",
        "place": "0", "destination": "Tandarts Jansen", "destination_postcode": "7511 ab",
        "destination_number": "12"})
    assert saved.status_code == 302
    with tenant_context("de-es", instance) as scope:
        ride = scope.session.scalars(select(Ride)).one()
        assert (ride.located, ride.destination_postcode, ride.destination_number) == (False, "7511AB", 12)
        ride_id = ride.id
    plan = coordinator.post(f"/t/de-es/transport/plan?day={monday.isoformat()}",
                            data={"csrf_token": csrf_token(coordinator, "/t/de-es/transport/")})
    assert "de bestemming is nog niet gevonden op de kaart" in coordinator.get(plan.headers["Location"]).text
    page = coordinator.get(f"/t/de-es/transport/rides/{ride_id}").text
    assert "Nog niet gevonden op de kaart" in page and "aangevraagd" in page  # left by the planner
    found = coordinator.post(f"/t/de-es/transport/rides/{ride_id}/destination", data={
        "csrf_token": csrf_token(coordinator, f"/t/de-es/transport/rides/{ride_id}"), "place": "1"})
    assert found.status_code == 302
    with tenant_context("de-es", instance) as scope:
        ride = scope.session.get(Ride, ride_id)
        assert ride.located and ride.destination_text.startswith("Huisarts De Linde")
        assert ride.destination_place_id == 1 and ride.events[-1].kind == "located"


def test_namesakes_are_told_apart_in_the_rider_picker(coordinator, town, instance):
    with tenant_context("de-es", instance) as scope:
        scope.session.add(Person(given_name="Riet", family_name="Test", date_of_birth=date(1941, 3, 2),
                                 address=Address(street="Beukenhof", house_number=9, postcode="7511JM",
                                                 city="Enschede")))
        scope.session.commit()
    page = coordinator.get("/t/de-es/transport/rides/new").text
    assert "Test, Riet (Lindelaan 1)" in page and "Test, Riet (Beukenhof 9, 1941)" in page


def test_privacy_export_and_erase_of_a_rider(town, instance):
    from core.people.service import Actor
    from core.privacy.service import erase_person, export_person
    with tenant_context("de-es", instance) as scope:
        service.request_ride(scope.session, Roads(), town["rider"], CLINIC, "Ziekenhuis", at(10), "test")
        tenant = scope.tenant
        data = export_person(scope.instance, tenant, scope.session, town["rider"], Actor("test", "test"))
        assert data["parts"]["transport"]["rides_as_rider"][0]["to"] == "Ziekenhuis"
        erase_person(scope.instance, tenant, scope.session, town["rider"], Actor("test", "test"))
        scope.session.commit()
        ride = scope.session.query(Ride).one()
        assert ride.destination_text == "" and ride.pickup_text == "" and ride.status == "cancelled"


def test_as_last_time_fills_the_form_from_the_riders_previous_ride(town, make_account, app, sign_in, instance):
    with tenant_context("de-es", instance) as scope:
        service.request_ride(scope.session, Roads(), town["rider"], CLINIC, "Dialysecentrum", at(9), "test",
                             aid="walker", driver_notes="Bel twee keer", return_at=at(13))
        scope.session.commit()
    make_account("de-es", "coordinator@de-es.nl", ("coordinator",))
    client = app.test_client()
    sign_in(client, "de-es", "coordinator@de-es.nl")
    page = client.get(f"/t/de-es/transport/rides/new?rider={town['rider']}").text
    assert 'value="Dialysecentrum"' in page and "Bel twee keer" in page
    assert 'value="09:00"' in page and 'value="13:00"' in page and '<option selected value="walker">' in page


def test_ride_page_suggests_capable_drivers_and_offers(town, make_account, app, sign_in, instance):
    with tenant_context("de-es", instance) as scope:
        (ride,) = service.request_ride(scope.session, Roads(), town["rider"], CLINIC, "Ziekenhuis", at(10), "test",
                                       aid="wheelchair")
        scope.session.commit()
        ride_id = ride.id
    make_account("de-es", "coordinator@de-es.nl", ("coordinator",))
    client = app.test_client()
    sign_in(client, "de-es", "coordinator@de-es.nl")
    page = client.get(f"/t/de-es/transport/rides/{ride_id}").text
    assert "Wim Test" in page.split("Voorgestelde chauffeurs")[1].split("Verloop")[0]
    assert "Henk Test" not in page.split("Voorgestelde chauffeurs")[1].split("Verloop")[0]  # no wheelchair car
    token = csrf_token(client, f"/t/de-es/transport/rides/{ride_id}")
    client.post(f"/t/de-es/transport/rides/{ride_id}/offer/{town['Wim']}", data={"csrf_token": token})
    with tenant_context("de-es", instance) as scope:
        assert scope.session.get(Ride, ride_id).status == "offered"


@pytest.mark.parametrize("address, message", [
    ("/t/de-es/transport/?day=morgen", "morgen is geen datum"),
    ("/t/de-es/transport/week?day=2026-13-01", "2026-13-01 is geen datum"),
    ("/t/de-es/transport/statements?month=oktober", "oktober is geen maand"),
    ("/t/de-es/transport/reports?month=2026-10-05", "2026-10-05 is geen maand"),
])
def test_a_day_or_month_in_the_address_that_is_not_one_is_a_400_that_says_so(coordinator, address, message):
    refused = coordinator.get(address)
    assert refused.status_code == 400 and message in refused.text
    assert coordinator.get(address.split("?")[0]).status_code == 200  # without one: today, this month
