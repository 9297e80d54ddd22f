"""Core's side of the cross-plugin hooks, each exercised by a test plugin (a tenant-local one) and
the example plugin: one calendar per person, a person's page, volunteer hours, rides asked for."""
from __future__ import annotations

import json
import re
import textwrap
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from icalendar import Calendar

from core.accounts.models import Account
from core.i18n.text import TIMEZONE
from core.instance import tenant_context
from core.metrics import Month
from core.people.models import Person
from core.testing import csrf_token, write_config
from core.toolkit import BudgetAllocation, Place, RideRequest
from plugins.example.models import Notice

TEST_PLUGIN = '''
from datetime import datetime, timedelta
from decimal import Decimal

from core import hookimpl
from core.toolkit import TIMEZONE, CalendarEvent, Panel, ReimbursementClaim, VolunteerHours, _l


@hookimpl
def noaber_calendar_events(tenant, session, person_id, start, end):
    at = datetime.now(TIMEZONE) + timedelta(days=2)
    return [CalendarEvent(f"visit-{person_id}", "Bezoek aan de moestuin", at, at + timedelta(hours=1), "Moestuin")]


@hookimpl
def noaber_person_panels(tenant, session, person_id):
    return [Panel("Alleen voor beheerders", "Geheime notitie", permission="people.notes.restricted")]


@hookimpl
def noaber_volunteer_hours(tenant, session, month):
    return [VolunteerHours(1, "gardening", Decimal("4.5"), "Moestuin"), VolunteerHours(2, "gardening", Decimal("2"))]


@hookimpl
def noaber_reimbursement_claims(tenant, session, month):
    return [ReimbursementClaim(1, "costs", Decimal("7.25"), "Zaaigoed", "garden:seed:1")]
'''


@pytest.fixture
def buurt(make_tenant, instance, make_account):
    """De Es with the notice board and a test plugin of its own; two volunteers, one with an account."""
    tenant = make_tenant("de-es", plugins=["example"])
    (tenant.folder / "plugins").mkdir()
    (tenant.folder / "plugins" / "tuin.py").write_text(textwrap.dedent(TEST_PLUGIN))
    config = tenant.folder / "tenant.toml"
    write_config(config, config.read_text() + '\n[volunteers]\nhourly_rate = "15.00"\n')
    with tenant_context("de-es", instance) as scope:
        for name in ("Anna", "Bert"):
            scope.session.add(Person(given_name=name, family_name="Test", is_volunteer=True, is_resident=False))
        scope.session.flush()
        scope.session.add(Notice(title="Verslag", author_person_id=1, posted_at=datetime.now(TIMEZONE),
                                 hours=Decimal("3.00"), costs=Decimal("12.50")))
        scope.session.add(Notice(title="Wandelen", author_person_id=1,
                                 starts_at=datetime.now(TIMEZONE) + timedelta(days=3)))
        scope.session.commit()
    make_account("de-es", "anna@de-es.nl", ("volunteer",))
    make_account("de-es", "coordinator@de-es.nl", ("coordinator",))
    make_account("de-es", "admin@de-es.nl", ("admin",))
    make_account("de-es", "treasurer@de-es.nl", ("treasurer",))
    with tenant_context("de-es", instance) as scope:
        scope.session.query(Account).filter_by(email="anna@de-es.nl").one().person_id = 1
        scope.session.commit()
    return tenant


def signed_in(app, sign_in, email):
    client = app.test_client()
    sign_in(client, "de-es", email)
    return client


def calendar_address(page: str) -> str | None:
    found = re.search(r'<code class="address">http://127.0.0.1:8000(/t/de-es/calendar/[^<]+\.ics)</code>', page)
    return found.group(1) if found else None


def test_one_calendar_holds_every_plugins_events_at_an_address_the_person_controls(buurt, app, sign_in):
    anna = signed_in(app, sign_in, "anna@de-es.nl")
    assert calendar_address(anna.get("/t/de-es/account").text) is None
    token = csrf_token(anna, "/t/de-es/account")
    assert anna.post("/t/de-es/account/calendar/renew", data={"csrf_token": token}).status_code == 302
    address = calendar_address(anna.get("/t/de-es/account").text)
    feed = app.test_client().get(address)
    assert feed.status_code == 200 and feed.content_type.startswith("text/calendar")
    events = {str(e["UID"]): str(e["SUMMARY"]) for e in Calendar.from_ical(feed.data).walk("VEVENT")}
    assert events == {"visit-1@noaber": "Bezoek aan de moestuin", "example-notice-3@noaber": "Wandelen"}
    anna.post("/t/de-es/account/calendar/stop", data={"csrf_token": csrf_token(anna, "/t/de-es/account")})
    assert app.test_client().get(address).status_code == 404


def test_a_coordinator_makes_the_address_for_someone_and_others_may_not(buurt, app, sign_in, instance):
    coordinator = signed_in(app, sign_in, "coordinator@de-es.nl")
    token = csrf_token(coordinator, "/t/de-es/people/2")
    assert coordinator.post("/t/de-es/people/2/calendar/renew", data={"csrf_token": token}).status_code == 302
    address = calendar_address(coordinator.get("/t/de-es/people/2").text)
    assert app.test_client().get(address).status_code == 200
    anna = signed_in(app, sign_in, "anna@de-es.nl")
    refused = anna.post("/t/de-es/people/2/calendar/stop", data={"csrf_token": csrf_token(anna, "/t/de-es/account")})
    assert refused.status_code == 403
    assert coordinator.post("/t/de-es/people/999/calendar/renew", data={"csrf_token": token}).status_code == 404
    assert app.test_client().get(address).status_code == 200


def test_a_calendar_address_opens_only_its_own_tenant_and_not_after_erasure(buurt, make_tenant, app, sign_in, instance):
    coordinator = signed_in(app, sign_in, "coordinator@de-es.nl")
    coordinator.post("/t/de-es/people/2/calendar/renew",
                     data={"csrf_token": csrf_token(coordinator, "/t/de-es/people/2")})
    address = calendar_address(coordinator.get("/t/de-es/people/2").text)
    make_tenant("bloemkwartier")
    assert app.test_client().get(address.replace("/t/de-es/", "/t/bloemkwartier/")).status_code == 404
    admin = signed_in(app, sign_in, "admin@de-es.nl")
    erase = admin.post("/t/de-es/people/2/privacy/erase",
                       data={"confirm": "y", "csrf_token": csrf_token(admin, "/t/de-es/people/2/privacy/")})
    assert erase.status_code == 302
    assert app.test_client().get(address).status_code == 404


def test_plugins_panels_on_a_persons_page_follow_their_permission(buurt, app, sign_in):
    admin = signed_in(app, sign_in, "admin@de-es.nl").get("/t/de-es/people/1").text
    coordinator = signed_in(app, sign_in, "coordinator@de-es.nl").get("/t/de-es/people/1").text
    assert "Geheime notitie" in admin and "Geheime notitie" not in coordinator
    assert "Verslag" in coordinator  # the notice board's part: the notices this person wrote


def test_volunteer_hours_from_every_plugin_add_up_with_their_value(buurt, app, sign_in, cli):
    month = Month.of(datetime.now(TIMEZONE).date())
    result = cli("metrics", "de-es", "--period", str(month), "--json")
    values = {v["metric"]: (v["value"], v["persons"]) for v in json.loads(result.out)["values"]}
    assert values["core.volunteer_hours"] == (9.5, 2)  # 4.5 + 2 gardening, 3 at the board's activity
    assert values["core.volunteers"] == (2, 2)
    assert values["core.volunteer_value"] == (142.5, 2)  # 9.5 hours at 15 euro
    page = signed_in(app, sign_in, "treasurer@de-es.nl").get("/t/de-es/volunteers/hours")
    assert page.status_code == 200
    assert "Moestuin" in page.text and "Activiteiten" in page.text and "142,50" in page.text
    assert signed_in(app, sign_in, "anna@de-es.nl").get("/t/de-es/volunteers/hours").status_code == 403


def test_claims_come_from_every_plugin_that_knows_of_costs(buurt, instance):
    month = Month.of(datetime.now(TIMEZONE).date())
    with tenant_context("de-es", instance) as scope:
        found = scope.instance.hooks(scope.tenant).noaber_reimbursement_claims(
            tenant=scope.tenant, session=scope.session, month=month)
    claims = sorted((c.source, c.kind, c.quantity) for claims in found for c in claims)
    assert claims == [("example:notice:2", "costs", Decimal("12.50")), ("garden:seed:1", "costs", Decimal("7.25"))]


def test_without_transport_a_ride_request_goes_on_the_notice_board_once(buurt, instance):
    arrive = datetime.now(TIMEZONE) + timedelta(days=4)
    request = RideRequest(1, Place("Buurthuis De Tulp", "Tulpstraat 1"), arrive, "daycare:enrolment:3:session:9")
    with tenant_context("de-es", instance) as scope:
        hooks = scope.instance.hooks(scope.tenant)
        for _ in range(2):
            assert hooks.noaber_request_ride(tenant=scope.tenant, session=scope.session, request=request) is None
        scope.session.commit()
        wanted = scope.session.query(Notice).filter(Notice.source.is_not(None)).all()
        assert [n.title for n in wanted] == ["Wie rijdt er mee naar Buurthuis De Tulp?"]
        withdrawn = hooks.noaber_cancel_rides(tenant=scope.tenant, session=scope.session,
                                              source_prefix="daycare:enrolment:3:", reason="ended")
        assert withdrawn == [1] and scope.session.query(Notice).filter(Notice.source.is_not(None)).count() == 0


def test_a_decision_of_the_members_is_announced_on_the_board_once_and_no_line_is_claimed(buurt, instance):
    """The notice board answers no budget line (that is budgeting's), so firstresult stays None."""
    decided = BudgetAllocation(2027, "Activiteiten", "Moestuin bij het buurthuis", Decimal("1250.50"),
                               "zeggenschap:vote:7:option:3", "/zeggenschap/votes/7")
    with tenant_context("de-es", instance) as scope:
        hooks = scope.instance.hooks(scope.tenant)
        for _ in range(2):
            assert hooks.noaber_allocate_budget(tenant=scope.tenant, session=scope.session, allocation=decided) is None
        scope.session.commit()
        told = scope.session.query(Notice).filter(Notice.source == decided.source).all()
    assert [(n.title, n.body) for n in told] == [("De leden besloten: Moestuin bij het buurthuis",
                                                  "€\xa01.250,50 uit het budget van 2027.")]
