"""Known places: a coordinator keeps them by name and postcode (never coordinates); plugins read
them through the toolkit."""
from __future__ import annotations

import pdok
import pytest
from sqlalchemy import select

from core.instance import tenant_context
from core.places.models import KnownPlace
from core.testing import csrf_token
from core.toolkit import known_place, known_places


@pytest.fixture
def pdok_server(monkeypatch):
    server = pdok.start()
    monkeypatch.setenv("NOABER_PDOK_URL", f"http://127.0.0.1:{server.server_port}/bzk/locatieserver/search/v3_1")
    yield server
    server.shutdown()


@pytest.fixture
def coordinator(make_tenant, make_account, app, sign_in):
    make_tenant("de-es")
    make_account("de-es", "coordinator@de-es.nl", ("coordinator",))
    client = app.test_client()
    sign_in(client, "de-es", "coordinator@de-es.nl")
    return client


def add(client, **fields):
    data = {"name": "Huisartsenpraktijk De Linde", "kind": "gp", "postcode": "7511 jm", "house_number": "1",
            "active": "y", "csrf_token": csrf_token(client, "/t/de-es/places/new"), **fields}
    return client.post("/t/de-es/places/new", data=data)


def test_a_place_is_found_by_postcode_and_offered_by_name(coordinator, pdok_server, instance):
    assert add(coordinator).status_code == 302
    listed = coordinator.get("/t/de-es/places/").text
    assert "Huisartsenpraktijk De Linde" in listed and "Huisartsenpraktijk" in listed and "Langestraat 1" in listed
    with tenant_context("de-es", instance) as scope:
        (place,) = known_places(scope.session)
        assert place.kind == "gp" and place.point is not None and place.address == "Langestraat 1, 7511 JM Enschede"
        assert place.as_place().latitude == place.latitude


def test_a_place_not_found_is_saved_and_a_place_no_longer_offered_leaves_the_list(coordinator, monkeypatch,
                                                                                  instance):
    monkeypatch.setenv("NOABER_PDOK_URL", "http://127.0.0.1:9/away")
    saved = add(coordinator, name="Tandarts Jansen", kind="dentist")
    assert saved.status_code == 302
    assert "niet gevonden op de kaart" in coordinator.get("/t/de-es/places/").text
    token = csrf_token(coordinator, "/t/de-es/places/1")
    coordinator.post("/t/de-es/places/1", data={"name": "Tandarts Jansen", "kind": "dentist", "csrf_token": token,
                                                "latitude": "52.22", "longitude": "6.89"})  # "active" unticked
    with tenant_context("de-es", instance) as scope:
        row = scope.session.scalars(select(KnownPlace)).one()
        assert (row.latitude, row.located_by, row.active) == (52.22, "manual", False)
        assert known_places(scope.session) == [] and known_place(scope.session, row.id) is None


@pytest.mark.parametrize("fields, message", [
    ({"name": ""}, "Vul dit in."),
    ({"postcode": "12345"}, "Gebruik een Nederlandse postcode zoals 7511 JM."),
    ({"latitude": "52.2"}, "Geef zowel breedte- als lengtegraad, of geen van beide."),
])
def test_a_place_that_is_not_right_is_explained_and_saves_nothing(coordinator, instance, fields, message):
    bad = add(coordinator, **fields)
    assert bad.status_code == 422 and message in bad.text
    with tenant_context("de-es", instance) as scope:
        assert scope.session.scalar(select(KnownPlace.id)) is None


def test_only_coordinators_and_admins_keep_the_places(coordinator, make_account, app, sign_in):
    make_account("de-es", "vrijwilliger@de-es.nl", ("volunteer",))
    volunteer = app.test_client()
    sign_in(volunteer, "de-es", "vrijwilliger@de-es.nl")
    assert volunteer.get("/t/de-es/places/").status_code == 403
    assert volunteer.post("/t/de-es/places/new", data={"name": "X"}).status_code in (400, 403)
