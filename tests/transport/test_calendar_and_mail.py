"""A driver's rides in the person's one calendar feed (secret, renewable); the old transport
addresses carried over; e-mail when rides are offered."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

import pytest
from icalendar import Calendar
from ride_town import CLINIC, MONDAY, at

from core.accounts.models import Account
from core.i18n.text import TIMEZONE
from core.instance import tenant_context
from core.people.models import Person
from core.testing import csrf_token
from plugins.transport import service
from plugins.transport.geo import Roads
from plugins.transport.models import Driver


@pytest.fixture
def henk(town, make_account, app, sign_in, instance):
    make_account("de-es", "henk@de-es.nl", ("volunteer",))
    with tenant_context("de-es", instance) as scope:
        scope.session.query(Account).filter_by(email="henk@de-es.nl").one().person_id = town["Henk_person"]
        scope.session.get(Person, town["Henk_person"]).email = "henk@de-es.nl"
        soon = datetime.combine(date.today() + timedelta(days=7), time(10), tzinfo=TIMEZONE)  # inside the feed's year
        (ride,) = service.request_ride(scope.session, Roads(), town["rider"], CLINIC, "Fysio De Es", soon, "test",
                                       driver_notes="Bel aan bij nr. 4")
        service.offer(ride, scope.session.get(Driver, town["Henk"]), "test")
        scope.session.commit()
    client = app.test_client()
    sign_in(client, "de-es", "henk@de-es.nl")
    return client


def feed_address(client) -> str | None:
    page = client.get("/t/de-es/transport/my").text
    found = re.search(r'<code class="address">http://127.0.0.1:8000(/t/de-es/calendar/[^<]+\.ics)</code>', page)
    return found.group(1) if found else None


def renew(client, action="renew"):
    token = csrf_token(client, "/t/de-es/transport/my")
    return client.post(f"/t/de-es/account/calendar/{action}", data={"csrf_token": token})


def test_calendar_feed_at_a_secret_address_that_can_be_renewed(henk, app):
    assert feed_address(henk) is None
    assert renew(henk).status_code == 302
    address = feed_address(henk)
    anyone = app.test_client()  # a calendar app signs in with nothing but the address
    response = anyone.get(address)
    assert response.status_code == 200 and response.content_type.startswith("text/calendar")
    event = next(c for c in Calendar.from_ical(response.data).walk("VEVENT"))
    assert "Fysio De Es" in str(event["SUMMARY"]) and "Bel aan bij nr. 4" in str(event["DESCRIPTION"])
    assert str(event["UID"]).startswith("transport-drive-")
    assert "06-1111 2222" not in response.text
    renew(henk)
    assert anyone.get(address).status_code == 404 and feed_address(henk) not in (None, address)
    renew(henk, "stop")
    assert feed_address(henk) is None
    assert anyone.get("/t/de-es/calendar/guess.ics").status_code == 404


def test_an_old_transport_calendar_address_carries_over_until_renewed(henk, app, town, instance):
    old = "o" * 43
    with tenant_context("de-es", instance) as scope:
        scope.session.get(Driver, town["Henk"]).calendar_token = old
        scope.session.commit()
    anyone = app.test_client()
    moved = anyone.get(f"/t/de-es/transport/calendar/{old}.ics")
    assert moved.status_code == 301 and moved.location.endswith(f"/t/de-es/calendar/{old}.ics")
    assert anyone.get(moved.location).status_code == 200  # the same secret, now the person's one feed
    assert feed_address(henk).endswith(f"/calendar/{old}.ics")
    renew(henk)  # revoked: the old address must not lead to the new one
    assert anyone.get(f"/t/de-es/transport/calendar/{old}.ics").status_code == 404


def test_drivers_get_mail_when_rides_are_offered(town, make_account, app, sign_in, instance, monkeypatch):
    sent = []
    monkeypatch.setattr("plugins.transport.notify.send_mail",
                        lambda to, subject, body, name: sent.append((to, subject, body)) or True)
    with tenant_context("de-es", instance) as scope:
        scope.session.get(Person, town["Henk_person"]).email = "henk@de-es.nl"
        service.request_ride(scope.session, Roads(), town["rider"], CLINIC, "Fysio De Es", at(10), "test")
        scope.session.commit()
    make_account("de-es", "coordinator@de-es.nl", ("coordinator",))
    client = app.test_client()
    sign_in(client, "de-es", "coordinator@de-es.nl")
    client.post(f"/t/de-es/transport/plan?day={MONDAY.isoformat()}",
                data={"csrf_token": csrf_token(client, "/t/de-es/transport/")})
    assert [(to, subject) for to, subject, _ in sent] == [("henk@de-es.nl", "De Es: Ritten voor u aangeboden")]
    assert "Fysio De Es" in sent[0][2] and "/t/de-es/transport/my" in sent[0][2]
