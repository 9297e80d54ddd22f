"""Buddy hours, calendar events, metrics for coalitions and the report page: aggregates only."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from decimal import Decimal

from buddy_town import TODAY

from core.i18n.text import TIMEZONE
from core.instance import tenant_context
from core.metrics import Month
from plugins.maatjes import figures, service
from plugins.maatjes.models import Participant, Volunteer


def _pair(s, town, participant="Riet", volunteer="Anna", days_ago=200):
    p = service.add_intake(s, Participant, {"person_id": town[participant], "languages": ["nl"],
                                            "waiting_since": TODAY - timedelta(days=days_ago + 30)})
    v = service.add_intake(s, Volunteer, {"person_id": town[volunteer], "languages": ["nl"], "trained": True,
                                          "vog_valid_until": TODAY + timedelta(days=30)})
    match = service.propose(s, p, v, 12, "t", TODAY - timedelta(days=days_ago))
    service.transition(s, match, "introduced", TODAY - timedelta(days=days_ago - 5))
    service.transition(s, match, "active", TODAY - timedelta(days=days_ago - 10))
    return p, match


def test_buddy_hours_count_towards_the_volunteer_hours(town, instance):
    month = Month(2026, 3)
    with tenant_context("de-es", instance) as scope:
        _p, match = _pair(scope.session, town, days_ago=(TODAY - date(2026, 2, 1)).days)
        service.add_contact(match, date(2026, 3, 2), "visit", 90)
        service.add_contact(match, date(2026, 3, 20), "call", 15)
        service.add_contact(match, date(2026, 4, 1), "visit", 60)  # another month
        hooks = scope.instance.hooks(scope.tenant)
        (hours,) = hooks.noaber_volunteer_hours(tenant=scope.tenant, session=scope.session, month=month)
    assert [(h.person_id, h.kind, h.hours) for h in hours] == [(town["Anna"], "buddy", Decimal("1.75"))]


def test_the_introduction_meeting_is_in_both_calendars(town, instance):
    with tenant_context("de-es", instance) as scope:
        p = service.add_intake(scope.session, Participant, {"person_id": town["Riet"], "languages": ["nl"]})
        v = service.add_intake(scope.session, Volunteer, {"person_id": town["Anna"], "languages": ["nl"],
                                                          "trained": True, "vog_valid_until": TODAY + timedelta(9)})
        match = service.propose(scope.session, p, v, 12, "t")
        match.meeting_at = datetime.combine(TODAY + timedelta(days=3), datetime.min.time(), tzinfo=TIMEZONE)
        scope.session.flush()
        hooks, start = scope.instance.hooks(scope.tenant), datetime.now(TIMEZONE)
        for person in ("Riet", "Anna"):
            (events,) = hooks.noaber_calendar_events(tenant=scope.tenant, session=scope.session,
                                                     person_id=town[person], start=start,
                                                     end=start + timedelta(days=7))
            assert [e.uid for e in events] == [f"maatjes-meeting-{match.id}"]
        assert "Anna Test" in events[0].summary or "Riet Test" in events[0].summary


def test_loneliness_change_is_latest_minus_first(town, instance):
    with tenant_context("de-es", instance) as scope:
        s = scope.session
        riet, _match = _pair(s, town)
        service.measure(riet, ["yes", "yes", "yes", "no", "no", "more_or_less"], TODAY - timedelta(days=220))  # 6
        service.measure(riet, ["no", "yes", "no", "yes", "yes", "more_or_less"], TODAY - timedelta(days=10))  # 2
        gerrit = service.add_intake(s, Participant, {"person_id": town["Gerrit"], "languages": ["nl"]})
        service.measure(gerrit, ["yes", "no", "no", "yes", "yes", "yes"], TODAY - timedelta(days=100))  # 1
        service.measure(gerrit, ["yes", "no", "no", "yes", "yes", "no"], TODAY - timedelta(days=5))  # 2
        change = figures.loneliness_change(s, TODAY - timedelta(days=30), TODAY)
    assert (change.persons, change.mean_change, change.lower_share) == (2, -1.5, 50.0)


def test_metrics_are_shared_as_aggregates(town, instance, cli):
    with tenant_context("de-es", instance) as scope:
        _pair(scope.session, town, days_ago=60)
        scope.session.commit()
    month = Month.parse(TODAY.strftime("%Y-%m"))
    result = cli("metrics", "de-es", "--period", str(month), "--json")
    values = {v["metric"]: v for v in json.loads(result.out)["values"]}
    assert values["maatjes.active_pairs"]["value"] == 1 and values["maatjes.active_pairs"]["persons"] == 1
    assert "maatjes.loneliness_change" in values and "maatjes.ended_no_click" in values


def test_the_report_hides_loneliness_change_of_too_few(town, instance, make_account, app, sign_in):
    with tenant_context("de-es", instance) as scope:
        riet, _match = _pair(scope.session, town)
        service.measure(riet, ["yes"] * 3 + ["no"] * 3, TODAY - timedelta(days=220))
        service.measure(riet, ["no"] * 3 + ["yes"] * 3, TODAY - timedelta(days=10))
        scope.session.commit()
    make_account("de-es", "treasurer@de-es.nl", ("treasurer",))
    client = app.test_client()
    sign_in(client, "de-es", "treasurer@de-es.nl")
    page = client.get("/t/de-es/maatjes/report").text
    assert "Actieve koppels nu" in page and "te weinig" in page and "Gemiddelde verandering" not in page
    assert client.get("/t/de-es/maatjes/").status_code == 403  # a treasurer sees figures, not people
