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
        "destination_lon": 6.90, "appointment_at": "2030-06-03T10:00:00+02:00", "return_at": "2030-06-03T12:00:00+02:00",
        "aid": "wheelchair"})
    assert made.status_code == 201 and [r["status"] for r in made.get_json()] == ["requested", "requested"]
    outward, back = made.get_json()
    assert back["return_of_id"] == outward["id"] and outward["pickup_at"] < "2030-06-03T08:00:00+00:00"
    listed = client.get(f"/t/de-es/api/v1/transport/rides?day={MONDAY.isoformat()}", headers=token).get_json()
    assert [r["id"] for r in listed] == [outward["id"], back["id"]]
    planned = client.post("/t/de-es/api/v1/transport/plan", headers=token, json={"day": MONDAY.isoformat()}).get_json()
    assert planned["offered"] == {str(outward["id"]): town["Wim"], str(back["id"]): town["Wim"]}
    closed = client.post(f"/t/de-es/api/v1/transport/rides/{back['id']}/outcome", headers=token,
                         json={"outcome": "cancelled", "reason": "blijft in het ziekenhuis"})
    assert closed.get_json()["status"] == "cancelled"
    again = client.post(f"/t/de-es/api/v1/transport/rides/{back['id']}/outcome", headers=token, json={"outcome": "no_show"})
    assert again.status_code == 409 and again.content_type == "application/problem+json"
    drivers = client.get("/t/de-es/api/v1/transport/drivers", headers=token).get_json()
    assert {d["id"]: "wheelchair" in d["takes"] for d in drivers} == {town["Henk"]: False, town["Wim"]: True}


@pytest.mark.parametrize("body, field", [
    ({"destination_text": "X", "destination_lat": 52.2, "destination_lon": 6.9, "appointment_at": "2030-06-03T10:00:00"}, "appointment_at"),
    ({"destination_text": "X", "destination_lat": 10, "destination_lon": 6.9, "appointment_at": "2030-06-03T10:00:00+02:00"}, "destination_lat"),
    ({"destination_text": "X", "destination_lat": 52.2, "destination_lon": 6.9, "appointment_at": "2030-06-03T10:00:00+02:00", "aid": "horse"}, "aid"),
])
def test_invalid_rides_are_422_and_write_nothing(town, client, token, body, field):
    response = client.post("/t/de-es/api/v1/transport/rides", headers=token, json={"rider_person_id": town["rider"], **body})
    assert response.status_code == 422 and field in response.get_json()["errors"]
    assert client.get(f"/t/de-es/api/v1/transport/rides?day={MONDAY.isoformat()}", headers=token).get_json() == []


def test_the_api_needs_the_transport_scope(town, cli, client):
    credentials = json.loads(cli("client", "add", "de-es", "Lezer", "--scopes", "people.read", "--json").out)
    pair = f"{credentials['client_id']}:{credentials['client_secret']}".encode()
    access = client.post("/t/de-es/oauth/token", data={"grant_type": "client_credentials"},
                         headers={"Authorization": "Basic " + base64.b64encode(pair).decode()}).get_json()["access_token"]
    response = client.get(f"/t/de-es/api/v1/transport/rides?day={MONDAY.isoformat()}", headers={"Authorization": f"Bearer {access}"})
    assert response.status_code == 403
