"""The pages: making a group from a known place, the group page with its waiting list and a
promotion, the attendance sheet (phone and paper), volunteers, the report with CSV and chart."""
from __future__ import annotations

import pytest
from daycare_town import COORDINATOR, MONDAY, group_data
from sqlalchemy import select

from core.instance import tenant_context
from core.testing import csrf_token
from plugins.daycare import enrolment as service
from plugins.daycare import groups, schedule
from plugins.daycare.models import Attendance, Group, Helper


@pytest.fixture
def coordinator(town, make_account, app, sign_in):
    make_account("de-es", "coordinator@de-es.nl", ("coordinator",))
    client = app.test_client()
    sign_in(client, "de-es", "coordinator@de-es.nl")
    return client


@pytest.fixture
def full_group(town, instance):
    with tenant_context("de-es", instance) as scope:
        group = groups.create(scope.session, group_data("Creatief atelier", capacity=1), COORDINATOR)
        for name in ("Riet", "Gerrit", "Annie"):
            service.enrol(scope.session, group, town[name], name == "Gerrit", COORDINATOR)
        scope.session.commit()
        return group.id


def test_make_a_group_at_a_known_place(coordinator, town, instance):
    page = coordinator.get("/t/de-es/daycare/groups/new")
    assert page.status_code == 200 and "Buurthuis De Tulp" in page.text and "latitude" not in page.text.lower()
    made = coordinator.post("/t/de-es/daycare/groups/new", data={
        "csrf_token": csrf_token(coordinator, "/t/de-es/daycare/groups/new"), "name": "Koken", "place": town["place"],
        "capacity": "6", "starts_on": MONDAY.isoformat(), "coordinator": "0",
        "slot_1-weekday": "2", "slot_1-starts": "10:00", "slot_1-ends": "13:00", "slot_2-weekday": "-1",
        "slot_3-weekday": "-1"})
    assert made.status_code == 303, made.text
    with tenant_context("de-es", instance) as scope:
        group = scope.session.scalar(select(Group))
        assert (group.location_text, group.location_lat) == ("Buurthuis De Tulp, Tulpstraat 1, 7511 AB Enschede", 52.22)
        assert [(s.weekday, s.starts.hour) for s in group.slots] == [(2, 10)]
    overview = coordinator.get("/t/de-es/daycare/")
    assert "Koken" in overview.text and "woensdag 10:00–13:00" in overview.text.lower()
    refused = coordinator.post("/t/de-es/daycare/groups/new", data={
        "csrf_token": csrf_token(coordinator, "/t/de-es/daycare/groups/new"), "name": "Zonder dag",
        "place": town["place"], "capacity": "6", "starts_on": MONDAY.isoformat(), "coordinator": "0",
        "slot_1-weekday": "-1", "slot_2-weekday": "-1", "slot_3-weekday": "-1"})
    assert refused.status_code == 422 and "Zeg op welke dag" in refused.text


def test_the_group_page_shows_the_waiting_list_and_who_got_a_place(coordinator, town, full_group, instance):
    page = coordinator.get(f"/t/de-es/daycare/groups/{full_group}")
    assert page.status_code == 200 and "Wachtlijst (2)" in page.text
    assert page.text.index("Gerrit Test") < page.text.index("Annie Test")
    with tenant_context("de-es", instance) as scope:
        riet = scope.session.scalar(select(service.Enrolment).where(service.Enrolment.person_id == town["Riet"]))
    token = csrf_token(coordinator, f"/t/de-es/daycare/groups/{full_group}")
    ended = coordinator.post(f"/t/de-es/daycare/enrolments/{riet.id}/end", data={"csrf_token": token,
                                                                                "reason": "verhuisd"})
    assert ended.status_code == 303
    page = coordinator.get(f"/t/de-es/daycare/groups/{full_group}")
    assert "Gerrit Test kreeg een plaats" in page.text and "Wachtlijst (1)" in page.text
    assert "heeft vervoer nodig" in page.text


def test_the_attendance_sheet_on_a_phone_and_on_paper(coordinator, town, full_group, instance):
    with tenant_context("de-es", instance) as scope:
        first = schedule.sessions_between(scope.session, full_group, None, None)[0].id
    sheet = coordinator.get(f"/t/de-es/daycare/sessions/{first}")
    assert sheet.status_code == 200 and "Riet Test" in sheet.text and "Annie Test" not in sheet.text
    token = csrf_token(coordinator, f"/t/de-es/daycare/sessions/{first}")
    missing = coordinator.post(f"/t/de-es/daycare/sessions/{first}", data={
        "csrf_token": token, f"status-{town['Riet']}": "absent"})
    assert missing.status_code == 422
    saved = coordinator.post(f"/t/de-es/daycare/sessions/{first}", data={
        "csrf_token": token, f"status-{town['Riet']}": "absent", f"reason-{town['Riet']}": "transport"})
    assert saved.status_code == 303
    helper = coordinator.post(f"/t/de-es/daycare/sessions/{first}/volunteers", data={
        "csrf_token": token, "person": town["Wim"], "hours": "5,5"})
    assert helper.status_code == 303
    with tenant_context("de-es", instance) as scope:
        assert [(a.status, a.reason) for a in scope.session.scalars(select(Attendance))] == [("absent", "transport")]
        assert [str(h.hours) for h in scope.session.scalars(select(Helper))] == ["5.50"]
    paper = coordinator.get(f"/t/de-es/daycare/sessions/{first}/paper")
    assert paper.status_code == 200 and "Riet Test" in paper.text and "☐" in paper.text


def test_the_report_with_its_chart_table_and_csv(coordinator, town, full_group, instance):
    with tenant_context("de-es", instance) as scope:
        s = schedule.sessions_between(scope.session, full_group, None, None)[0]
        scope.session.add(Attendance(session_id=s.id, person_id=town["Riet"], status="present"))
        scope.session.commit()
    page = coordinator.get("/t/de-es/daycare/report?from=2030-06-01&until=2030-06-30")
    assert page.status_code == 200 and "<svg" in page.text and "Aanwezigheid per week" in page.text
    assert "100%" in page.text or "100,0%" in page.text
    csv = coordinator.get("/t/de-es/daycare/report.csv?from=2030-06-01&until=2030-06-30")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    lines = csv.text.lstrip("\ufeff").splitlines()
    assert lines[1].startswith("Creatief atelier;1;1;1,0;5,00") and lines[2].startswith("Totaal;1;1")
    assert coordinator.get("/t/de-es/daycare/report?from=gisteren").status_code == 400


def test_a_member_sees_no_day_activities(town, make_account, app, sign_in):
    make_account("de-es", "member@de-es.nl", ("member",))
    client = app.test_client()
    sign_in(client, "de-es", "member@de-es.nl")
    assert client.get("/t/de-es/daycare/").status_code in (403, 404)
    assert client.get("/t/de-es/daycare/report").status_code in (403, 404)


def test_a_volunteer_fills_in_attendance_but_does_not_manage(town, full_group, make_account, app, sign_in):
    make_account("de-es", "volunteer@de-es.nl", ("volunteer",))
    client = app.test_client()
    sign_in(client, "de-es", "volunteer@de-es.nl")
    page = client.get(f"/t/de-es/daycare/groups/{full_group}")
    assert page.status_code == 200 and "Iemand inschrijven" not in page.text
    assert client.get("/t/de-es/daycare/groups/new").status_code == 403
