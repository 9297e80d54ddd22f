"""Shared for the maatjes tests: a town with participants and volunteers, and an API token."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.instance import tenant_context
from core.people.models import Address, Person
from core.testing import api_header as bearer

TODAY = date.today()
VOG = (TODAY + timedelta(days=300)).isoformat()


def person(session, given, lat, lon, volunteer=False, buurt=None):
    p = Person(given_name=given, family_name="Test", is_volunteer=volunteer, is_resident=not volunteer,
               address=Address(street="Lindelaan", house_number=1, house_number_suffix="", postcode="7511JM",
                               city="Enschede", latitude=lat, longitude=lon, located_by="manual",
                               neighbourhood_name=buurt))
    session.add(p)
    session.flush()
    return p.id


@pytest.fixture
def town(make_tenant, instance):
    """Three residents and four volunteers in Enschede, person ids by name."""
    make_tenant("de-es", plugins=["maatjes"])
    with tenant_context("de-es", instance) as scope:
        ids = {name: person(scope.session, name, 52.2215 + i * 0.003, 6.8937) for i, name in
               enumerate(("Riet", "Gerrit", "Aysel"))}
        ids |= {name: person(scope.session, name, 52.2230 + i * 0.004, 6.8950, volunteer=True) for i, name in
                enumerate(("Anna", "Bert", "Cem", "Dirk"))}
        scope.session.commit()
    return ids


@pytest.fixture
def coordinator(town, make_account, app, sign_in):
    """A signed-in coordinator (who holds maatjes.restricted too)."""
    make_account("de-es", "coordinator@de-es.nl", ("coordinator",))
    client = app.test_client()
    sign_in(client, "de-es", "coordinator@de-es.nl")
    return client


@pytest.fixture
def token(town, cli, client):
    return bearer(cli, client, "maatjes.coordinate,maatjes.restricted")


class Api:
    def __init__(self, client, token):
        self.client, self.token = client, token

    def post(self, path, body):
        return self.client.post(f"/t/de-es/api/v1/maatjes{path}", headers=self.token, json=body)

    def get(self, path):
        return self.client.get(f"/t/de-es/api/v1/maatjes{path}", headers=self.token)

    def participant(self, person_id, **values):
        body = {"person_id": person_id, "languages": ["nl"], "interests": ["wandelen"],
                "availability": [{"weekday": 1, "part": "afternoon"}], **values}
        made = self.post("/participants", body)
        assert made.status_code == 201, made.text
        return made.get_json()["id"]

    def volunteer(self, person_id, **values):
        body = {"person_id": person_id, "languages": ["nl"], "interests": ["wandelen"], "vog_valid_until": VOG,
                "trained": True, "availability": [{"weekday": 1, "part": "afternoon"}], **values}
        made = self.post("/volunteers", body)
        assert made.status_code == 201, made.text
        return made.get_json()["id"]


@pytest.fixture
def api(client, token):
    return Api(client, token)
