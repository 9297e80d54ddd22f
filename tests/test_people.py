"""People pages: search, add, change, notes, consents; every read and change audited; bad input changes nothing."""
from __future__ import annotations

import pdok
import pytest
from sqlalchemy import func, select

from core.audit.models import AuditEvent
from core.instance import tenant_context
from core.people.directory import person
from core.people.models import Person
from core.testing import csrf_token


@pytest.fixture
def pdok_server(monkeypatch):
    server = pdok.start()
    monkeypatch.setenv("NOABER_PDOK_URL", f"http://127.0.0.1:{server.server_port}/bzk/locatieserver/search/v3_1")
    yield server
    server.shutdown()


@pytest.fixture
def coordinator(make_tenant, make_account, app, sign_in):
    make_tenant("de-es", plugins=["example"])
    make_account("de-es", "coordinator@de-es.nl", ("coordinator",))
    client = app.test_client()
    sign_in(client, "de-es", "coordinator@de-es.nl")
    return client


def add_person(client, **fields):
    data = {"given_name": "Truus", "family_name": "Bakker", "postcode": "7511 jm", "house_number": "1",
            "is_resident": "y", "household_id": "0", **fields}
    data["csrf_token"] = csrf_token(client, "/t/de-es/people/new")
    return client.post("/t/de-es/people/new", data=data)


def people_count(instance) -> int:
    with tenant_context("de-es", instance) as scope:
        return scope.session.scalar(select(func.count()).select_from(Person))


def audit(instance, **where) -> list[AuditEvent]:
    with tenant_context("de-es", instance) as scope:
        query = select(AuditEvent).filter_by(**where).order_by(AuditEvent.id)
        return scope.session.scalars(query).all()


def test_add_person_locates_the_address_through_pdok(coordinator, pdok_server, instance):
    response = add_person(coordinator)
    assert response.status_code == 302
    page = coordinator.get(response.headers["Location"])
    assert "Truus Bakker" in page.text and "Langestraat 1, 7511 JM Enschede" in page.text
    assert "Buurt: Stadskern" in page.text and "BU01530110" not in page.text
    assert "postcode%3A7511JM+and+huisnummer%3A1" in pdok_server.requests[0]  # only postcode and number leave
    with tenant_context("de-es", instance) as scope:
        address = scope.session.scalars(select(Person)).one().address
        assert (round(address.latitude, 4), round(address.longitude, 4)) == (52.2213, 6.8938)
        assert ((address.municipality_code, address.neighbourhood_code, address.neighbourhood_name, address.located_by)
                == ("GM0153", "BU01530110", "Stadskern", "pdok"))
        one = scope.session.scalars(select(Person)).one()
        assert person(scope.session, one.id).address.neighbourhood_name == "Stadskern"


def test_a_nul_in_a_form_is_a_400_and_saves_nothing(coordinator, instance):
    """PostgreSQL cannot store U+0000 (it was a 500 there); SQLite would have kept it."""
    response = add_person(coordinator, family_name="Bak\x00ker")
    assert response.status_code == 400 and "Controleer wat u invulde" in response.text
    assert coordinator.get("/t/de-es/people/?q=Bak%00ker").status_code == 400
    assert people_count(instance) == 0


def test_unreachable_geocoder_still_saves_and_says_so(coordinator, monkeypatch, instance):
    from servers import free_port
    monkeypatch.setenv("NOABER_PDOK_URL", f"http://127.0.0.1:{free_port()}/v3_1")
    response = add_person(coordinator, street="Langestraat", city="Enschede")
    page = coordinator.get(response.headers["Location"])
    assert "Nog niet op de kaart gevonden." in page.text
    assert people_count(instance) == 1


def test_a_new_address_forgets_the_old_neighbourhood(coordinator, pdok_server, monkeypatch, instance):
    """Moving to an address the geocoder does not find must not keep the old neighbourhood's name."""
    add_person(coordinator)
    with tenant_context("de-es", instance) as scope:
        person_id = scope.session.scalars(select(Person)).one().id
    monkeypatch.setenv("NOABER_PDOK_URL", "http://127.0.0.1:9/v3_1")
    edit = f"/t/de-es/people/{person_id}/edit"
    data = {"given_name": "Truus", "family_name": "Bakker", "postcode": "7512 AA", "house_number": "3",
            "is_resident": "y", "household_id": "0", "csrf_token": csrf_token(coordinator, edit)}
    assert coordinator.post(edit, data=data).status_code == 302
    with tenant_context("de-es", instance) as scope:
        address = scope.session.get(Person, person_id).address
        assert (address.postcode, address.neighbourhood_code, address.neighbourhood_name) == ("7512AA", None, None)


def test_coordinates_can_be_typed_in(coordinator, monkeypatch, instance):
    monkeypatch.setenv("NOABER_PDOK_URL", "http://127.0.0.1:9/v3_1")
    add_person(coordinator, street="Nieuwe Weg", city="Enschede", latitude="52.2", longitude="6.9")
    with tenant_context("de-es", instance) as scope:
        address = scope.session.scalars(select(Person)).one().address
        assert (address.latitude, address.longitude, address.located_by) == (52.2, 6.9, "manual")


def test_geocoder_off_sends_nothing(make_tenant, make_account, app, sign_in, pdok_server, instance):
    from core.testing import write_config
    tenant = make_tenant("de-es")
    config = tenant.folder / "tenant.toml"
    write_config(config, config.read_text().replace("[plugins]", 'geocoder = "off"\n\n[plugins]'))
    make_account("de-es", "coordinator@de-es.nl")
    client = app.test_client()
    sign_in(client, "de-es", "coordinator@de-es.nl")
    assert add_person(client, street="Langestraat", city="Enschede").status_code == 302
    assert pdok_server.requests == []


@pytest.mark.parametrize("fields, field_error", [
    ({"given_name": ""}, "Vul dit in."),
    ({"postcode": "75110"}, "Gebruik een Nederlandse postcode zoals 7511 JM."),
    ({"house_number": ""}, "Geef zowel postcode als huisnummer, of geen van beide."),
    ({"date_of_birth": "2090-01-01"}, "Geef een datum tussen 1900 en vandaag."),
    ({"phone": "bel me"}, "Gebruik alleen cijfers, spaties en een + vooraan."),
    ({"email": "geen-adres"}, "Dit is geen e-mailadres"),
    ({"latitude": "52.2"}, "Geef zowel breedte- als lengtegraad, of geen van beide."),
    ({"latitude": "40", "longitude": "6.9"}, "Een breedtegraad in Nederland ligt tussen 50,7 en 53,6."),
    ({"household_id": "999"}, "Kies een van de mogelijkheden."),
])
def test_invalid_person_input_is_explained_and_saves_nothing(coordinator, pdok_server, instance, fields, field_error):
    response = add_person(coordinator, **fields)
    assert response.status_code == 422
    assert field_error in response.text
    assert 'aria-invalid="true"' in response.text
    assert people_count(instance) == 0


def test_search_and_filter(coordinator, pdok_server):
    add_person(coordinator, given_name="Truus", family_name="Bakker")
    add_person(coordinator, given_name="Kees", family_name="Visser", is_volunteer="y", is_resident="")
    listing = coordinator.get("/t/de-es/people/?q=viss").text
    assert "Visser, Kees" in listing and "Bakker" not in listing
    volunteers = coordinator.get("/t/de-es/people/?who=volunteers").text
    assert "Visser, Kees" in volunteers and "Bakker" not in volunteers
    assert "2 personen" in coordinator.get("/t/de-es/people/").text


def test_reads_and_changes_are_audited(coordinator, pdok_server, instance):
    location = add_person(coordinator).headers["Location"]
    person_id = int(location.rstrip("/").split("/")[-1])
    coordinator.get(location)
    token = csrf_token(coordinator, f"/t/de-es/people/{person_id}/edit")
    coordinator.post(f"/t/de-es/people/{person_id}/edit", data={
        "given_name": "Truus", "family_name": "Bakker-Smit", "postcode": "7511JM", "house_number": "1",
        "street": "Langestraat", "city": "Enschede", "is_resident": "y",
        "household_id": "0", "csrf_token": token, "phone": "06 1234 5678"})
    events = [(e.action, e.detail) for e in audit(instance, person_id=person_id)]
    assert events[0][0] == "create" and ("read", "") in events
    assert ("update", "family_name, phone") in events
    assert all(e.actor.startswith("account:") for e in audit(instance, person_id=person_id))


def test_notes_for_admins_stay_hidden_from_coordinators(coordinator, pdok_server, make_account, app, sign_in, instance):
    person_id = int(add_person(coordinator).headers["Location"].rstrip("/").split("/")[-1])
    make_account("de-es", "admin@de-es.nl", ("admin",))
    admin = app.test_client()
    sign_in(admin, "de-es", "admin@de-es.nl")
    page = f"/t/de-es/people/{person_id}"
    admin.post(f"{page}/notes", data={"text": "Schulden; alleen beheer.", "visibility": "admins",
                                      "csrf_token": csrf_token(admin, page)})
    coordinator.post(f"{page}/notes", data={"text": "Slechthorend.", "visibility": "coordinators",
                                            "csrf_token": csrf_token(coordinator, page)})
    sneaky = coordinator.post(f"{page}/notes", data={"text": "Stiekem.", "visibility": "admins",
                                                     "csrf_token": csrf_token(coordinator, page)})
    assert sneaky.status_code == 422
    assert "Slechthorend." in coordinator.get(page).text and "Schulden" not in coordinator.get(page).text
    assert "Schulden" in admin.get(page).text and "Stiekem" not in admin.get(page).text


def test_consent_is_recorded_with_history(coordinator, pdok_server, instance):
    from core.people.consent import has_consent
    person_id = int(add_person(coordinator).headers["Location"].rstrip("/").split("/")[-1])
    page = f"/t/de-es/people/{person_id}"
    for answer in ("yes", "no"):
        coordinator.post(f"{page}/consents", data={"purpose": "example.name_on_board", "granted": answer,
                                                   "source": "phone", "csrf_token": csrf_token(coordinator, page)})
    bad = coordinator.post(f"{page}/consents", data={"purpose": "transport.phone_to_driver", "granted": "yes",
                                                     "source": "phone", "csrf_token": csrf_token(coordinator, page)})
    assert bad.status_code == 422
    with tenant_context("de-es", instance) as scope:
        assert not has_consent(scope.session, person_id, "example.name_on_board")
        assert len(scope.session.get(Person, person_id).consents) == 2


def test_another_tenants_person_ids_are_not_found(coordinator, pdok_server, make_tenant, make_account, app, sign_in):
    person_id = int(add_person(coordinator).headers["Location"].rstrip("/").split("/")[-1])
    make_tenant("bloemkwartier")
    make_account("bloemkwartier", "admin@bloem.nl", ("admin",))
    other = app.test_client()
    sign_in(other, "bloemkwartier", "admin@bloem.nl")
    for path in ("", "/edit", "/privacy/"):
        assert other.get(f"/t/bloemkwartier/people/{person_id}{path}").status_code == 404


def test_dashboard_shows_people_figures_to_those_who_may_see_them(coordinator, pdok_server, make_account, app, sign_in):
    add_person(coordinator)
    assert "1 bewoner, 0 vrijwilligers." in coordinator.get("/t/de-es/").text
    make_account("de-es", "member@de-es.nl", ("member",))
    member = app.test_client()
    sign_in(member, "de-es", "member@de-es.nl")
    home = member.get("/t/de-es/").text
    assert "bewoner" not in home and "Mensen" not in home


def test_a_page_number_past_the_last_shows_the_last_page(coordinator, instance):
    with tenant_context("de-es", instance) as scope:
        scope.session.add_all([Person(given_name=f"P{n:02d}", family_name="Vos") for n in range(30)])
        scope.session.commit()
    page = coordinator.get("/t/de-es/people/?page=99999").text
    assert "Pagina 2 van 2" in page and "P29" in page and "Pagina 99999" not in page


def test_an_audit_action_longer_than_its_column_is_refused_on_every_database(make_tenant, instance):
    """SQLite does not check a column's length and PostgreSQL does: budgeting's long action names
    passed on SQLite and were a 500 on PostgreSQL."""
    from core.audit.service import record
    make_tenant("de-es")
    with tenant_context("de-es", instance) as scope:
        with pytest.raises(ValueError, match="longer than 20"):
            record(scope.session, "account:1", "budgeting.review_matched", None, "web")
        record(scope.session, "account:1", "budgeting.matched", None, "web")


def test_existing_people_leaves_out_the_erased_and_the_unknown(make_tenant, instance):
    from core.toolkit import existing_people
    make_tenant("de-es")
    with tenant_context("de-es", instance) as scope:
        s = scope.session
        kept, erased = Person(given_name="Anna", family_name="Es"), Person(given_name="Bert", family_name="Es")
        s.add_all([kept, erased])
        s.flush()
        erased.erased_at = func.now()
        s.flush()
        assert existing_people(s, [kept.id, erased.id, erased.id + 100]) == {kept.id}
        assert existing_people(s, []) == set()
