"""Standing orders: rides made ahead on fixed weekdays, days skipped, a series ended, and planning."""
from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from ride_town import CLINIC, MONDAY

from core.errors import NoaberError
from core.i18n.text import TIMEZONE
from core.instance import tenant_context
from plugins.transport import planning, service
from plugins.transport import series as standing
from plugins.transport.geo import Roads
from plugins.transport.models import Driver, Ride, Series


def dialysis(session, town, **kwargs):
    """Monday, Wednesday and Friday at nine, back at one."""
    return standing.create_series(session, Roads(), town["rider"], CLINIC, "Dialysecentrum", [0, 2, 4], time(9),
                                  MONDAY, "coordinator", return_at=time(13), today=MONDAY, **kwargs)


def days_with_rides(session, series_id):
    rides = session.query(Ride).filter(Ride.series_id == series_id, Ride.return_of_id.is_(None)).all()
    return sorted(r.appointment_at.astimezone(TIMEZONE).date() for r in rides)


def test_a_series_makes_its_rides_six_weeks_ahead_and_only_once(town, instance):
    with tenant_context("de-es", instance) as scope:
        s = scope.session
        made = dialysis(s, town)
        days = days_with_rides(s, made.id)
        assert len(days) == 18 and days[0] == MONDAY and {d.weekday() for d in days} == {0, 2, 4}
        first = s.query(Ride).filter(Ride.series_id == made.id).order_by(Ride.appointment_at).all()[:2]
        assert [r.appointment_at.astimezone(TIMEZONE).time() for r in first] == [time(9), time(13)]
        assert first[1].return_of_id == first[0].id
        assert standing.extend_ahead(s, Roads(), MONDAY, "coordinator") == 0
        assert standing.extend(s, Roads(), MONDAY, MONDAY + standing.HORIZON + timedelta(days=3), "x") == 4


def test_a_skipped_day_loses_its_rides_and_a_driver_is_told(town, instance):
    wednesday = MONDAY + timedelta(days=2)
    with tenant_context("de-es", instance) as scope:
        s = scope.session
        made = dialysis(s, town)
        outward = s.query(Ride).filter(Ride.series_id == made.id).order_by(Ride.appointment_at).first()
        service.offer(outward, s.get(Driver, town["Henk"]), "coordinator")
        told = standing.skip(s, made, MONDAY, "vakantie", "coordinator")
        standing.skip(s, made, wednesday, "", "coordinator")
        assert told == [outward] and outward.status == "cancelled" and outward.events[-1].note == "vakantie"
        assert wednesday not in days_with_rides(s, made.id)
        assert standing.extend(s, Roads(), MONDAY, MONDAY + timedelta(days=6), "x") == 0  # skipped days stay empty
        with pytest.raises(NoaberError, match="already skipped"):
            standing.skip(s, made, wednesday, "", "coordinator")
        with pytest.raises(NoaberError, match="does not ride on that day"):
            standing.skip(s, made, MONDAY + timedelta(days=1), "", "coordinator")


def test_ending_a_series_withdraws_later_rides(town, instance):
    with tenant_context("de-es", instance) as scope:
        s = scope.session
        made = dialysis(s, town)
        standing.end(s, made, MONDAY + timedelta(days=7), "coordinator")
        assert days_with_rides(s, made.id)[-1] == MONDAY + timedelta(days=7)
        assert standing.extend(s, Roads(), MONDAY, MONDAY + timedelta(weeks=10), "x") == 0


def test_a_series_cannot_end_at_the_end_of_the_calendar(town, instance):
    """The page and the API both end a series here: 31 December 9999 was an OverflowError (a 500)."""
    from datetime import date
    with tenant_context("de-es", instance) as scope:
        made = dialysis(scope.session, town)
        with pytest.raises(NoaberError, match="before 2101"):
            standing.end(scope.session, made, date.max, "coordinator")
        assert made.last_day is None


@pytest.mark.parametrize("change, message", [
    ({"weekdays": []}, "at least one day"),
    ({"weekdays": [7]}, "at least one day"),
    ({"last_day": MONDAY - timedelta(days=1)}, "last day cannot be before"),
    ({"return_at": time(8)}, "return must be after"),
])
def test_a_series_that_makes_no_sense_is_refused_and_nothing_is_made(town, instance, change, message):
    arguments = {"weekdays": [0], "last_day": None, "return_at": None, **change}
    with tenant_context("de-es", instance) as scope:
        with pytest.raises(NoaberError, match=message):
            standing.create_series(scope.session, Roads(), town["rider"], CLINIC, "Fysio", arguments["weekdays"],
                                   time(9), MONDAY, "c", last_day=arguments["last_day"],
                                   return_at=arguments["return_at"], today=MONDAY)
        scope.session.rollback()
        assert scope.session.query(Series).count() == 0 and scope.session.query(Ride).count() == 0


def test_planning_a_day_beyond_the_horizon_makes_and_plans_its_series_rides(town, instance):
    later = MONDAY + timedelta(weeks=10)
    with tenant_context("de-es", instance) as scope:
        s = scope.session
        made = dialysis(s, town)
        assert later not in days_with_rides(s, made.id)
        result = planning.plan_day(s, Roads(), later, "coordinator")
        assert later in days_with_rides(s, made.id)
        assert len(result.assignments) == 2 and not result.unplanned


def test_coordinator_makes_a_series_skips_a_day_and_sees_the_week(town, instance, make_account, sign_in, app):
    from core.testing import csrf_token
    make_account("de-es", "coordinator@de-es.nl", ("coordinator",))
    today = datetime.now(TIMEZONE).date()
    monday = today + timedelta(days=7 - today.weekday())  # the rides are made from today, so next week
    client = app.test_client()
    sign_in(client, "de-es", "coordinator@de-es.nl")
    data = {"csrf_token": csrf_token(client, "/t/de-es/transport/series/new"), "rider": town["rider"],
            "weekdays": ["1", "3"], "appointment": "10:00",
            "first_day": monday.isoformat(), "destination": "Fysio Lindelaan", "latitude": CLINIC[0],
            "longitude": CLINIC[1], "aid": "walker", "return_at": "11:00"}
    refused = client.post("/t/de-es/transport/series/new", data={**data, "weekdays": []})
    assert refused.status_code == 422
    saved = client.post("/t/de-es/transport/series/new", data=data)
    assert saved.status_code == 302
    page = client.get(saved.headers["Location"]).text
    assert "Riet Test" in page and "dinsdag, donderdag" in page
    tuesday = monday + timedelta(days=1)
    skipped = client.post(saved.headers["Location"] + "/skip",
                          data={"csrf_token": csrf_token(client, saved.headers["Location"]),
                                "day": tuesday.isoformat(), "reason": "ziek"})
    assert skipped.status_code == 302
    assert "ziek" in client.get(saved.headers["Location"]).text
    week = client.get(f"/t/de-es/transport/week?day={tuesday.isoformat()}").text
    assert week.count("(vaste rit)") == 2  # Thursday's outward and return; Tuesday is skipped
