"""A tenant's backup, restored in another instance and in its own place, answers the API as before."""
from __future__ import annotations

import base64
import json

from ride_town import CLINIC, MONDAY, at
from servers import isolated_instance

from core.instance import tenant_context
from core.server.app import create_app
from plugins.transport import planning, service
from plugins.transport.geo import Roads
from plugins.transport.models import Ride


def _bearer(client, credentials) -> dict:
    pair = base64.b64encode(f"{credentials['client_id']}:{credentials['client_secret']}".encode()).decode()
    token = client.post("/t/de-es/oauth/token", data={"grant_type": "client_credentials"},
                        headers={"Authorization": "Basic " + pair})
    assert token.status_code == 200, token.text
    return {"Authorization": "Bearer " + token.get_json()["access_token"]}


def answers(app, credentials) -> dict:
    """What a program reads through the API: people, each person, the day's rides, the drivers."""
    client = app.test_client()
    bearer = _bearer(client, credentials)
    people = client.get("/t/de-es/api/v1/people?page_size=100", headers=bearer).get_json()
    return {"people": people,
            "each": [client.get(f"/t/de-es/api/v1/people/{p['id']}", headers=bearer).get_json() for p in people],
            "rides": client.get(f"/t/de-es/api/v1/transport/rides?day={MONDAY}", headers=bearer).get_json(),
            "drivers": client.get("/t/de-es/api/v1/transport/drivers", headers=bearer).get_json()}


def test_a_backup_answers_the_same_elsewhere_and_in_its_place(town, cli, instance, app, tmp_path,
                                                                noaber_database_url):
    with tenant_context("de-es", instance) as scope:
        for hour in (9, 11, 15):
            service.request_ride(scope.session, Roads(), town["rider"], CLINIC, "Ziekenhuis", at(hour), "test")
        planning.plan_day(scope.session, Roads(), MONDAY, "test")
        scope.session.commit()
    credentials = json.loads(cli("client", "add", "de-es", "Backup", "--scopes", "people.read,transport.plan",
                                 "--json").out)
    before = answers(app, credentials)
    assert len(before["people"]) == 3 and len(before["rides"]) == 3
    assert {ride["status"] for ride in before["rides"]} == {"offered"}
    file = tmp_path / "de-es.tar.gz"
    taken = cli("backup", "de-es", "--to", str(file))
    assert taken.code == 0 and "Backed up de-es" in taken.out

    # another instance: its own tenants root and schema prefix (the original stays, on PostgreSQL in the same database)
    with isolated_instance(tmp_path / "elsewhere", noaber_database_url) as elsewhere:
        restored = cli("restore", str(file))
        assert restored.code == 0, restored.err
        other = create_app(elsewhere, {"TESTING": True, "RATELIMIT_ENABLED": False})
        assert answers(other, credentials) == before
        client = other.test_client()
        added = client.post("/t/de-es/api/v1/transport/rides", headers=_bearer(client, credentials), json={
            "rider_person_id": town["rider"], "destination_text": "Apotheek", "destination_lat": 52.22,
            "destination_lon": 6.89, "appointment_at": "2030-06-03T16:00:00+02:00"})
        assert added.status_code == 201 and added.get_json()[0]["id"] == 4  # the sequences came along

    # in its own place, after a change: refused without --replace, then as it was
    with tenant_context("de-es", instance) as scope:
        scope.session.delete(scope.session.get(Ride, before["rides"][0]["id"]))
        scope.session.commit()
    assert answers(app, credentials) != before
    refused = cli("restore", str(file))
    assert refused.code == 2 and refused.err.strip() == (
        "noaber: tenant 'de-es' exists here; add --replace to put the backup in its place")
    assert cli("restore", str(file), "--replace").code == 0
    assert answers(app, credentials) == before  # the running app sees it, with its engines still open
    assert not [p for p in instance.tenants_root.iterdir() if p.name.startswith(".restore-")]  # no staging left
