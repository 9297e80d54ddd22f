"""``/api/v1/transport``: requesting, listing, closing and planning rides as a program."""
from __future__ import annotations

import base64
import json

import pytest
from ride_town import MONDAY


@pytest.fixture
def token(town, cli, client):
    credentials = json.loads(cli("client", "add", "de-es", "Planner", "--scopes", "transport.plan", "--json").out)
    pair = f"{credentials['client_id']}:{credentials['client_secret']}".encode()
    response = client.post("/t/de-es/oauth/token", data={"grant_type": "client_credentials"},
                           headers={"Authorization": "Basic " + base64.b64encode(pair).decode()})
    return {"Authorization": "Bearer " + response.get_json()["access_token"]}


def test_request_list_plan_and_close_through_the_api(town, client, token):
    made = client.post("/t/de-es/api/v1/transport/rides", headers=token, json={
        "rider_person_id": town["rider"], "destination_text": "Ziekenhuis", "destination_lat": 52.23,
        "destination_lon": 6.90, "appointment_at": "2030-06-03T10:00:00+02:00",
        "return_at": "2030-06-03T12:00:00+02:00", "aid": "wheelchair"})
    assert made.status_code == 201 and [r["status"] for r in made.get_json()] == ["requested", "requested"]
    outward, back = made.get_json()
    assert back["return_of_id"] == outward["id"] and outward["pickup_at"] < "2030-06-03T08:00:00+00:00"
    listed = client.get(f"/t/de-es/api/v1/transport/rides?day={MONDAY.isoformat()}", headers=token).get_json()
    assert [r["id"] for r in listed] == [outward["id"], back["id"]]
    started = client.post("/t/de-es/api/v1/transport/plan", headers=token, json={"day": MONDAY.isoformat()})
    assert started.status_code == 202 and started.headers["Location"].endswith(f"/plan/{started.get_json()['id']}")
    job = client.get(started.headers["Location"], headers=token).get_json()  # run at once here (immediate)
    assert job["state"] == "done" and job["progress"] == {"done": 1, "total": 1}
    assert job["result"]["offered"] == {str(outward["id"]): town["Wim"], str(back["id"]): town["Wim"]}
    assert client.get("/t/de-es/api/v1/transport/plan/" + "f" * 32, headers=token).status_code == 404
    document = client.get("/t/de-es/api/v1/openapi.json").get_json()
    assert "202" in document["paths"]["/api/v1/transport/plan"]["post"]["responses"]
    assert "/api/v1/transport/plan/{job_id}" in document["paths"]
    closed = client.post(f"/t/de-es/api/v1/transport/rides/{back['id']}/outcome", headers=token,
                         json={"outcome": "cancelled", "reason": "blijft in het ziekenhuis"})
    assert closed.get_json()["status"] == "cancelled"
    again = client.post(f"/t/de-es/api/v1/transport/rides/{back['id']}/outcome", headers=token,
                        json={"outcome": "no_show"})
    assert again.status_code == 409 and again.content_type == "application/problem+json"
    drivers = client.get("/t/de-es/api/v1/transport/drivers", headers=token).get_json()
    assert {d["id"]: "wheelchair" in d["takes"] for d in drivers} == {town["Henk"]: False, town["Wim"]: True}


@pytest.mark.parametrize("body, field", [
    ({"destination_text": "X", "destination_lat": 52.2, "destination_lon": 6.9,
      "appointment_at": "2030-06-03T10:00:00"}, "appointment_at"),
    ({"destination_text": "X", "destination_lat": 10, "destination_lon": 6.9,
      "appointment_at": "2030-06-03T10:00:00+02:00"}, "destination_lat"),
    ({"destination_text": "X", "destination_lat": 52.2, "destination_lon": 6.9,
      "appointment_at": "2030-06-03T10:00:00+02:00", "aid": "horse"}, "aid"),
])
def test_invalid_rides_are_422_and_write_nothing(town, client, token, body, field):
    response = client.post("/t/de-es/api/v1/transport/rides", headers=token,
                           json={"rider_person_id": town["rider"], **body})
    assert response.status_code == 422 and field in response.get_json()["errors"]
    assert client.get(f"/t/de-es/api/v1/transport/rides?day={MONDAY.isoformat()}", headers=token).get_json() == []


def test_the_api_needs_the_transport_scope(town, cli, client):
    credentials = json.loads(cli("client", "add", "de-es", "Lezer", "--scopes", "people.read", "--json").out)
    pair = f"{credentials['client_id']}:{credentials['client_secret']}".encode()
    access = client.post("/t/de-es/oauth/token", data={"grant_type": "client_credentials"}, headers={
        "Authorization": "Basic " + base64.b64encode(pair).decode()}).get_json()["access_token"]
    response = client.get(f"/t/de-es/api/v1/transport/rides?day={MONDAY.isoformat()}",
                          headers={"Authorization": f"Bearer {access}"})
    assert response.status_code == 403


def test_drivers_hours_leave_and_documents_through_the_api(town, client, token, instance):
    from ride_town import person

    from core.instance import tenant_context
    with tenant_context("de-es", instance) as scope:
        volunteer = person(scope.session, "Joke", 52.22, 6.89, volunteer=True).id
        scope.session.commit()
    api = "/t/de-es/api/v1/transport/drivers"
    made = client.post(api, headers=token, json={"person_id": volunteer, "vehicle": "Kangoo", "takes_wheelchair": True})
    assert made.status_code == 201, made.get_json()
    driver = made.get_json()
    assert driver["takes"] == ["folding_wheelchair", "none", "walker", "wheelchair"] and driver["checks"] == []
    path = f"{api}/{driver['id']}"
    assert client.patch(path, headers=token, json={"seats": 2, "active": False}).get_json()["seats"] == 2
    hours = client.put(f"{path}/availability", headers=token,
                       json={"windows": [{"weekday": 0, "from": "09:00", "until": "12:30"}]})
    assert hours.get_json()["availability"] == [{"weekday": 0, "from": "09:00", "until": "12:30"}]
    leave = client.post(f"{path}/leave", headers=token, json={"first_day": "2030-07-01", "last_day": "2030-07-14"})
    assert leave.status_code == 201
    assert client.put(f"{path}/checks/vog", headers=token, json={"expires_on": "2031-01-01"}).status_code == 200
    assert client.put(f"{path}/checks/vog", headers=token, json={"expires_on": "2032-01-01"}).status_code == 200
    detail = client.get(path, headers=token).get_json()
    assert detail["checks"] == [{"kind": "vog", "expires_on": "2032-01-01"}]  # the new document replaced the old
    assert detail["leave"] == [{"id": leave.get_json()["id"], "first_day": "2030-07-01", "last_day": "2030-07-14"}]
    assert client.delete(f"{path}/leave/{leave.get_json()['id']}", headers=token).status_code == 204
    assert client.get(path, headers=token).get_json()["leave"] == []
    assert client.post(api, headers=token, json={"person_id": volunteer}).status_code == 422  # already a driver


@pytest.mark.parametrize("method, suffix, body, status, field", [
    ("post", "", {"person_id": 999}, 422, "person_id"),
    ("post", "", {"person_id": 1, "seats": 0}, 422, "seats"),
    ("put", "/{henk}/availability", {"windows": [{"weekday": 7, "from": "09:00", "until": "10:00"}]}, 422, "windows"),
    ("put", "/{henk}/availability", {"windows": [{"weekday": 1, "from": "11:00", "until": "10:00"}]}, 422, "windows"),
    ("post", "/{henk}/leave", {"first_day": "2030-07-14", "last_day": "2030-07-01"}, 422, "last_day"),
    ("put", "/{henk}/checks/passport", {"expires_on": "2031-01-01"}, 404, None),
    ("patch", "/999", {"seats": 2}, 404, None),
])
def test_bad_driver_changes_are_refused_and_change_nothing(town, client, token, method, suffix, body, status, field):
    api = "/t/de-es/api/v1/transport/drivers"
    before = client.get(f"{api}/{town['Henk']}", headers=token).get_json()
    response = getattr(client, method)(api + suffix.format(henk=town["Henk"]), headers=token, json=body)
    assert response.status_code == status and response.content_type == "application/problem+json"
    if field:
        assert field in response.get_json()["errors"]
    assert client.get(f"{api}/{town['Henk']}", headers=token).get_json() == before
    assert len(client.get(api, headers=token).get_json()) == 2


def test_standing_orders_through_the_api(town, client, token):
    from datetime import date, timedelta
    api = "/t/de-es/api/v1/transport/series"
    monday = date.today() + timedelta(days=7 - date.today().weekday())
    made = client.post(api, headers=token, json={
        "rider_person_id": town["rider"], "destination_text": "Dialyse", "destination_lat": 52.23,
        "destination_lon": 6.90, "weekdays": [0, 2, 4], "appointment": "08:30", "return_at": "12:45",
        "first_day": monday.isoformat()})
    assert made.status_code == 201, made.get_json()
    series = made.get_json()
    assert series["weekdays"] == [0, 2, 4] and series["skipped"] == []
    rides = client.get(f"/t/de-es/api/v1/transport/rides?day={monday.isoformat()}", headers=token).get_json()
    assert [r["destination_text"] for r in rides][:1] == ["Dialyse"]
    skipped = client.post(f"{api}/{series['id']}/skips", headers=token,
                          json={"day": monday.isoformat(), "reason": "vakantie"})
    assert skipped.get_json()["skipped"] == [monday.isoformat()]
    assert client.get(f"/t/de-es/api/v1/transport/rides?day={monday.isoformat()}", headers=token).get_json() == []
    wrong_day = client.post(f"{api}/{series['id']}/skips", headers=token,
                            json={"day": (monday + timedelta(days=1)).isoformat()})
    assert wrong_day.status_code == 422 and "day" in wrong_day.get_json()["errors"]
    ended = client.post(f"{api}/{series['id']}/end", headers=token, json={"last_day": monday.isoformat()})
    assert ended.get_json()["last_day"] == monday.isoformat()
    assert client.post(api, headers=token, json={**series, "weekdays": []}).status_code == 422
    assert client.post(f"{api}/999/end", headers=token, json={"last_day": "2030-01-01"}).status_code == 404


def test_a_ride_whose_destination_is_still_to_be_found_is_answered_as_documented(town, client, token, instance):
    from core.instance import tenant_context
    from plugins.transport import service
    from plugins.transport.geo import Roads
    from ride_town import at
    with tenant_context("de-es", instance) as scope:
        service.request_ride(scope.session, Roads(), town["rider"], None, "Tandarts Jansen", at(10), "test",
                             to_find=("7511AB", 12))
        scope.session.commit()
    (ride,) = client.get(f"/t/de-es/api/v1/transport/rides?day={MONDAY.isoformat()}", headers=token).get_json()
    assert (ride["destination_lat"], ride["destination_lon"], ride["located"]) == (None, None, False)
    document = client.get("/t/de-es/api/v1/openapi.json").get_json()["components"]["schemas"]["TransportRideAnswer"]
    assert {"type": "null"} in document["properties"]["destination_lat"].get("anyOf", []) or \
        "null" in document["properties"]["destination_lat"].get("type", [])
