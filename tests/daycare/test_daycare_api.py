"""``/api/v1/daycare``: groups, sessions, enrolment and the waiting list, attendance, volunteers
and the report, as a program uses them; permissions and the contract's errors."""
from __future__ import annotations

import json

import pytest
from daycare_town import MONDAY

from core.testing import api_header as bearer

API = "/t/de-es/api/v1/daycare"
GROUP = {"name": "Creatief atelier", "capacity": 1, "requires_approval": False, "starts_on": MONDAY.isoformat(),
         "location_text": "Buurthuis De Tulp", "location_lat": 52.22, "location_lon": 6.89,
         "schedule": [{"weekday": 1, "start": "10:00", "end": "15:00"}]}


@pytest.fixture
def token(town, cli, client):
    return bearer(cli, client, "daycare.manage,daycare.attendance,daycare.reports")


def test_a_group_its_sessions_enrolment_and_the_waiting_list(town, client, token):
    made = client.post(f"{API}/groups", headers=token, json=GROUP)
    assert made.status_code == 201, made.text
    group = made.get_json()
    assert group["schedule"] == GROUP["schedule"] and group["free_places"] == 1 and group["ends_on"] is None
    sessions = client.get(f"{API}/groups/{group['id']}/sessions?from=2030-06-01&until=2030-06-30", headers=token)
    assert [(s["date"], s["start"], s["end"], s["cancelled"]) for s in sessions.get_json()] == [
        (f"2030-06-{d:02d}", "10:00", "15:00", False) for d in (4, 11, 18, 25)]
    riet = client.post(f"{API}/groups/{group['id']}/enrolments", headers=token, json={"person_id": town["Riet"]})
    truus = client.post(f"{API}/groups/{group['id']}/enrolments", headers=token,
                        json={"person_id": town["Truus"], "needs_transport": True})
    assert (riet.status_code, riet.get_json()["status"], riet.get_json()["position"]) == (201, "enrolled", None)
    assert (truus.get_json()["status"], truus.get_json()["position"]) == ("waiting", 1)
    twice = client.post(f"{API}/groups/{group['id']}/enrolments", headers=token, json={"person_id": town["Riet"]})
    assert twice.status_code == 409 and twice.content_type == "application/problem+json"
    ended = client.post(f"{API}/enrolments/{riet.get_json()['id']}/end", headers=token, json={"reason": "verhuisd"})
    assert ended.status_code == 200 and ended.get_json()["status"] == "ended"
    listed = client.get(f"{API}/groups/{group['id']}/enrolments", headers=token).get_json()
    assert [(e["person_id"], e["status"]) for e in listed] == [(town["Riet"], "ended"), (town["Truus"], "enrolled")]
    again = client.post(f"{API}/enrolments/{riet.get_json()['id']}/end", headers=token, json={"reason": "x"})
    assert again.status_code == 409


def test_approval_and_raising_the_capacity(town, client, token):
    group = client.post(f"{API}/groups", headers=token, json={**GROUP, "requires_approval": True}).get_json()
    first, second = (client.post(f"{API}/groups/{group['id']}/enrolments", headers=token,
                                 json={"person_id": town[name]}).get_json() for name in ("Riet", "Gerrit"))
    assert first["status"] == second["status"] == "pending_approval"
    assert client.post(f"{API}/enrolments/{first['id']}/approve", headers=token).get_json()["status"] == "enrolled"
    assert client.post(f"{API}/enrolments/{second['id']}/approve", headers=token).get_json()["status"] == "waiting"
    assert client.post(f"{API}/enrolments/{second['id']}/approve", headers=token).status_code == 409
    changed = client.patch(f"{API}/groups/{group['id']}", headers=token, json={"capacity": 2})
    assert changed.status_code == 200 and changed.get_json()["free_places"] == 0
    statuses = [e["status"] for e in client.get(f"{API}/groups/{group['id']}/enrolments", headers=token).get_json()]
    assert statuses == ["enrolled", "enrolled"]


def test_attendance_only_for_people_enrolled_and_volunteers_with_hours(town, client, token):
    group = client.post(f"{API}/groups", headers=token, json={**GROUP, "capacity": 3}).get_json()
    client.post(f"{API}/groups/{group['id']}/enrolments", headers=token, json={"person_id": town["Riet"]})
    client.post(f"{API}/groups/{group['id']}/enrolments", headers=token, json={"person_id": town["Gerrit"]})
    session = client.get(f"{API}/groups/{group['id']}/sessions", headers=token).get_json()[0]
    sheet = [{"person_id": town["Riet"], "status": "present"},
             {"person_id": town["Gerrit"], "status": "absent", "reason": "other", "note": "bruiloft"}]
    put = client.put(f"{API}/sessions/{session['id']}/attendance", headers=token, json=sheet)
    assert put.status_code == 200 and [a["status"] for a in put.get_json()] == ["present", "absent"]
    stranger = client.put(f"{API}/sessions/{session['id']}/attendance", headers=token,
                          json=[{"person_id": town["Truus"], "status": "present"}])
    assert stranger.status_code == 422 and "person_id" in json.dumps(stranger.get_json()["errors"])
    for bad in ({"person_id": town["Riet"], "status": "absent"},
                {"person_id": town["Riet"], "status": "present", "reason": "ill"},
                {"person_id": town["Riet"], "status": "absent", "reason": "other"},
                {"person_id": town["Riet"], "status": "late"}):
        assert client.put(f"{API}/sessions/{session['id']}/attendance", headers=token, json=[bad]).status_code == 422
    helper = client.post(f"{API}/sessions/{session['id']}/volunteers", headers=token,
                         json={"person_id": town["Wim"], "hours": "5.50"})
    assert helper.status_code == 201 and helper.get_json()["hours"] == "5.50"
    assert client.post(f"{API}/sessions/{session['id']}/volunteers", headers=token,
                       json={"person_id": town["Wim"], "hours": "1"}).status_code == 409
    report = client.get(f"{API}/report?from=2030-06-01&until=2030-06-30", headers=token).get_json()
    assert {k: report[k] for k in ("participants", "sessions", "attendance_rate", "care_hours", "volunteer_hours",
                                   "absences")} == {
        "participants": 1, "sessions": 1, "attendance_rate": 0.5, "care_hours": "5.00", "volunteer_hours": "5.50",
        "absences": {"ill": 0, "holiday": 0, "transport": 0, "other": 1}}
    assert report["groups"][0]["name"] == "Creatief atelier"


@pytest.mark.parametrize("change, field", [
    ({"capacity": 0}, "capacity"), ({"schedule": []}, "schedule"),
    ({"schedule": [{"weekday": 7, "start": "10:00", "end": "11:00"}]}, "schedule"),
    ({"schedule": [{"weekday": 1, "start": "11:00", "end": "10:00"}]}, "schedule"),
    ({"schedule": [{"weekday": 1, "start": "9:00", "end": "10:00"}]}, "schedule"),
    ({"location_lat": 10}, "location_lat"), ({"ends_on": "2030-01-01"}, "ends_on"),
    ({"coordinator_person_id": 99999}, "coordinator_person_id"),
])
def test_a_group_that_makes_no_sense_is_a_422_at_the_field(town, client, token, change, field):
    response = client.post(f"{API}/groups", headers=token, json={**GROUP, **change})
    assert response.status_code == 422 and field in response.get_json()["errors"], response.text


def test_routes_need_their_permission(town, client, cli):
    reader = bearer(cli, client, "daycare.attendance")
    assert client.post(f"{API}/groups", headers=reader, json=GROUP).status_code == 403
    assert client.get(f"{API}/groups", headers=reader).status_code == 200
    assert client.get(f"{API}/report?from=2030-06-01&until=2030-06-30", headers=reader).status_code == 403
    assert client.get(f"{API}/groups").status_code == 401


def test_unknown_ids_are_404(town, client, token):
    assert client.get(f"{API}/groups/999", headers=token).status_code == 404
    assert client.post(f"{API}/enrolments/999/approve", headers=token).status_code == 404
    assert client.put(f"{API}/sessions/999/attendance", headers=token, json=[]).status_code == 404


def test_the_person_who_gets_a_place_is_mailed_after_the_commit(town, client, token, monkeypatch):
    sent = []
    monkeypatch.setattr("plugins.daycare.notify.send_mail", lambda to, subject, body, sender: sent.append(
        (to, subject, body)) or True)
    group = client.post(f"{API}/groups", headers=token, json=GROUP).get_json()
    riet = client.post(f"{API}/groups/{group['id']}/enrolments", headers=token,
                       json={"person_id": town["Riet"]}).get_json()
    client.post(f"{API}/groups/{group['id']}/enrolments", headers=token, json={"person_id": town["Annie"]})
    assert sent == []
    client.post(f"{API}/enrolments/{riet['id']}/end", headers=token, json={"reason": "verhuisd"})
    [(to, subject, body)] = sent
    assert to == "annie@example.org" and "Creatief atelier" in subject
    assert "Creatief atelier" in body and "10:00" in body and "Buurthuis De Tulp" in body


def test_the_daily_run(town, cli):
    result = cli("daycare", "daily", "de-es")
    assert result.code == 0 and "0 sessions made, 0 rides asked for." in result.out
