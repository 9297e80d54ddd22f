"""What the API fuzzer found (issue 21), one test each: a clear 4xx and nothing changed, never a 500,
and answers that match the document they are described by."""
from __future__ import annotations

import json

import jsonschema_rs
import pytest
from sqlalchemy import func, select

from core.accounts.clients import create_client, declared_scopes
from core.accounts.models import Account
from core.instance import tenant_context
from core.web.api import MAX_ID
from plugins.transport.models import Series


@pytest.fixture
def api(make_tenant, instance, client):
    """A tenant with every plugin and a client holding every scope: ``api.get(path)``, ``api.post(path, body)``…"""
    tenant = make_tenant("de-es", plugins=sorted(instance.plugins.info))
    with instance.storage.session(tenant) as session:
        scopes = declared_scopes(instance, tenant)
        row, secret = create_client(session, "tests", sorted(scopes), scopes)
        session.commit()
        credentials = (row.client_id, secret)
    token = client.post("/t/de-es/oauth/token", data={"grant_type": "client_credentials"},
                        auth=credentials).get_json()["access_token"]

    class Api:
        def call(self, method, path, body=None):
            return client.open(f"/t/de-es/api/v1{path}", method=method, json=body,
                               headers={"Authorization": f"Bearer {token}"})

        def get(self, path):
            return self.call("GET", path)

        def post(self, path, body):
            return self.call("POST", path, body)

        def patch(self, path, body):
            return self.call("PATCH", path, body)

        def document(self):
            return client.get("/t/de-es/api/v1/openapi.json").get_json()
    return Api()


def count(instance, model) -> int:
    with tenant_context("de-es", instance) as scope:
        return scope.session.scalar(select(func.count()).select_from(model))


def assert_problem(response, status: int, field: str | None = None):
    assert response.status_code == status, response.text
    assert response.content_type == "application/problem+json"
    if field:
        assert field in response.get_json()["errors"], response.get_json()


def matches_document(api, component: str, body) -> list[str]:
    """What in *body* breaks the document's schema *component* (OpenAPI 3.1 is JSON Schema 2020-12)."""
    document = api.document()
    schema = {"$ref": f"#/components/schemas/{component}", "components": document["components"]}
    return [error.message for error in jsonschema_rs.Draft202012Validator(schema).iter_errors(body)]


# -- ids beyond the columns: a 404 before the database is asked (was: 500, OverflowError) --------

@pytest.mark.parametrize("path", ["/transport/series/{}/end", "/transport/rides/{}/outcome"])
@pytest.mark.parametrize("number", [MAX_ID + 1, 2**64, 2**80])
def test_an_id_beyond_the_columns_is_404(api, path, number):
    assert_problem(api.post(path.format(number), {"last_day": "2026-12-01", "outcome": "cancelled"}), 404)


def test_every_id_in_a_path_documents_its_bounds(api):
    """The bounds the converter enforces are those the document gives, for core and every plugin."""
    parameters = [parameter for operations in api.document()["paths"].values()
                  for parameter in operations.get("parameters", []) if parameter["name"].endswith("_id")]
    assert {p["name"] for p in parameters} >= {"person_id", "account_id", "notice_id", "ride_id", "series_id"}
    row_ids = [p for p in parameters if p["name"] != "job_id"]
    assert [p for p in row_ids if p["schema"] != {"type": "integer", "minimum": 1, "maximum": MAX_ID}] == []
    job_ids = [p for p in parameters if p["name"] == "job_id"]
    assert job_ids and all(p["schema"] == {"type": "string", "pattern": "^[0-9a-f]{32}$"} for p in job_ids)


def test_a_job_id_not_of_its_form_is_404_before_the_database(api):
    assert_problem(api.get("/transport/plan/" + "x" * 400), 404)
    assert_problem(api.get("/transport/plan/" + "0" * 32), 404)


@pytest.mark.parametrize("body", [{"rider_person_id": 2**64}, {"rider_person_id": -5}, {"rider_person_id": 2.5},
                                  {"rider_person_id": MAX_ID + 1}])
def test_a_body_id_beyond_the_columns_is_422_at_the_field(api, instance, body):
    ride = {"destination_text": "Ziekenhuis", "destination_lat": 52.2, "destination_lon": 6.9,
            "appointment_at": "2026-12-09T10:00:00+01:00", **body}
    assert_problem(api.post("/transport/rides", ride), 422, "rider_person_id")


def test_an_integral_float_is_the_id_it_names(api, instance):
    """JSON Schema's integer takes 7.0; so does the API (and 7.5 is refused above)."""
    person = api.post("/people", {"given_name": "Kees", "family_name": "Visser"}).get_json()
    account = api.post("/accounts", {"email": "kees@de-es.nl", "roles": ["volunteer"],
                                     "person_id": float(person["id"])})
    assert account.status_code == 201 and account.get_json()["person_id"] == person["id"]


def test_a_page_beyond_64_bits_is_an_empty_page(api):
    """(was: 500, the database refused the OFFSET)"""
    response = api.get(f"/accounts?page={2**70}&page_size=10")
    assert response.status_code == 200 and response.get_json() == []
    assert json.loads(response.headers["X-Pagination"])["total"] == 0


# -- accounts ---------------------------------------------------------------------------------

def test_an_address_another_account_has_is_a_conflict(api, instance):
    """An unusual but valid address in another case (was: 500 on the unique index when changed to)."""
    first = api.post("/accounts", {"email": "Ünïcødé.Tëst@Example.ORG", "roles": ["member"]})
    assert first.status_code == 201 and first.get_json()["email"] == "ünïcødé.tëst@example.org"
    other = api.post("/accounts", {"email": "kees@example.org", "roles": ["member"]}).get_json()
    assert_problem(api.post("/accounts", {"email": "ÜNÏCØDÉ.TËST@example.org", "roles": ["member"]}), 409)
    assert_problem(api.patch(f"/accounts/{other['id']}", {"email": "ünïcødé.tëst@EXAMPLE.org"}), 409)
    assert api.get(f"/accounts/{other['id']}").get_json()["email"] == "kees@example.org"
    assert count(instance, Account) == 2


def test_an_address_longer_than_the_column_is_422(api, instance):
    long_address = "a" * 250 + "@example.org"
    assert_problem(api.post("/accounts", {"email": long_address, "roles": ["member"]}), 422, "email")
    assert count(instance, Account) == 0


def test_a_repeated_role_is_422_and_changes_nothing(api, instance):
    """The stateful sequence: POST /people, then PATCH /accounts/{id} with a repeated role."""
    person = api.post("/people", {"given_name": "Kees", "family_name": "Visser"}).get_json()
    account = api.post("/accounts", {"email": "kees@de-es.nl", "roles": ["volunteer"]}).get_json()
    refused = api.patch(f"/accounts/{account['id']}", {"roles": ["treasurer", "treasurer"], "person_id": person["id"]})
    assert_problem(refused, 422, "roles")
    assert refused.get_json()["errors"]["roles"] == ["Name each role once."]
    assert api.get(f"/accounts/{account['id']}").get_json() | {"last_login_at": None} == {
        "id": account["id"], "email": "kees@de-es.nl", "roles": ["volunteer"], "active": True,
        "person_id": None, "last_login_at": None}
    roles = api.document()["components"]["schemas"]["Account"]["properties"]["roles"]
    assert roles["uniqueItems"] is True and roles["maxItems"] == 5


def test_a_person_has_one_account_at_most(api, instance):
    """(was: 500 on the unique index)"""
    person = api.post("/people", {"given_name": "Kees", "family_name": "Visser"}).get_json()
    first = api.post("/accounts", {"email": "kees@de-es.nl", "roles": ["volunteer"], "person_id": person["id"]})
    second = api.post("/accounts", {"email": "k.visser@de-es.nl", "roles": ["member"]}).get_json()
    assert first.status_code == 201
    assert_problem(api.post("/accounts", {"email": "kv@de-es.nl", "roles": ["member"], "person_id": person["id"]}),
                   409)
    assert_problem(api.patch(f"/accounts/{second['id']}", {"person_id": person["id"]}), 409)
    assert api.get(f"/accounts/{second['id']}").get_json()["person_id"] is None
    assert count(instance, Account) == 2


def test_an_account_for_a_person_who_does_not_exist_is_422(api, instance):
    """(was: 500 on the foreign key)"""
    assert_problem(api.post("/accounts", {"email": "kees@de-es.nl", "roles": ["member"], "person_id": 4711}),
                   422, "person_id")
    assert count(instance, Account) == 0


def test_an_account_matches_its_documented_schema(api):
    """An account that never signed in has no last sign-in: null, which the document now allows."""
    account = api.post("/accounts", {"email": "kees@de-es.nl", "roles": ["volunteer"]}).get_json()
    assert account["last_login_at"] is None
    assert matches_document(api, "Account", account) == []
    assert matches_document(api, "Account", api.get(f"/accounts/{account['id']}").get_json()) == []


# -- people -----------------------------------------------------------------------------------

def test_a_person_with_an_address_not_yet_located_matches_the_document(api):
    """No geocoder answer: CBS codes and located_by are null (was: the address broke its anyOf)."""
    body = {"given_name": "Ænne", "family_name": "Øster-Ñuñez", "address": {
        "street": "Straße ñ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "house_number": 3, "postcode": "7511 jm", "city": "Enschedé",
        "latitude": 52.22, "longitude": 6.89}}
    person = api.post("/people", body).get_json()
    assert person["address"]["municipality_code"] is None and person["address"]["postcode"] == "7511JM"
    assert matches_document(api, "Person", person) == []
    assert matches_document(api, "Person", api.get(f"/people/{person['id']}").get_json()) == []
    changed = api.patch(f"/people/{person['id']}", {"given_name": "Anne"}).get_json()
    assert matches_document(api, "Person", changed) == []


def test_a_changed_address_is_sent_whole(api, instance):
    """PATCH is partial at the top only: an address without its postcode is refused (was: 500, KeyError)."""
    person = api.post("/people", {"given_name": "Kees", "family_name": "Visser"}).get_json()
    refused = api.patch(f"/people/{person['id']}", {"family_name": "Jansen", "address": {"house_number": 1}})
    assert_problem(refused, 422, "address")
    assert refused.get_json()["errors"]["address"] == {"postcode": ["Missing data for required field."]}
    assert api.get(f"/people/{person['id']}").get_json()["family_name"] == "Visser"


def test_the_postcode_is_documented_as_it_is_checked(api):
    postcode = api.document()["components"]["schemas"]["Address"]["properties"]["postcode"]
    assert postcode["pattern"] == "^[1-9][0-9]{3} ?[A-Za-z]{2}$"
    assert_problem(api.post("/people", {"given_name": "K", "family_name": "V",
                                        "address": {"house_number": 1, "postcode": "0511 AB"}}), 422, "address")


# -- transport: what the document promised, the API takes ------------------------------------

def test_times_of_day_are_documented_as_they_are_read(api):
    """Series, skips and drivers' hours take "09:30"; the document said any string (and a fuzzer's
    "00:00:00Z" was refused)."""
    schemas = api.document()["components"]["schemas"]
    for component, field in (("TransportSeries", "appointment"), ("TransportSeries", "return_at"),
                             ("TransportWindow", "from"), ("TransportWindow", "until")):
        assert schemas[component]["properties"][field]["pattern"] == "^([01][0-9]|2[0-3]):[0-5][0-9]$"


def test_a_standing_order_in_the_documented_shape_is_taken(api, instance):
    person = api.post("/people", {"given_name": "Kees", "family_name": "Visser", "address": {
        "house_number": 3, "postcode": "7511 JM", "latitude": 52.22, "longitude": 6.89}}).get_json()
    body = {"rider_person_id": float(person["id"]), "destination_text": "Dagbesteding", "destination_lat": 52.21,
            "destination_lon": 6.9, "weekdays": [0, 3], "appointment": "09:30", "return_at": "15:00",
            "first_day": "2026-12-07"}
    made = api.post("/transport/series", body)
    assert made.status_code == 201, made.text
    assert matches_document(api, "TransportSeries", made.get_json()) == []
    series_id = made.get_json()["id"]
    skipped = api.post(f"/transport/series/{series_id}/skips", {"day": "2026-12-10"})
    assert skipped.status_code == 200 and skipped.get_json()["skipped"] == ["2026-12-10"]
    assert_problem(api.post("/transport/series", {**body, "appointment": "00:00:00Z"}), 422, "appointment")
    assert count(instance, Series) == 1


@pytest.mark.parametrize("action, body", [("end", {"last_day": "9999-12-31"}), ("skips", {"day": "9999-12-31"}),
                                          ("end", {"last_day": "0001-01-01"}), ("skips", {"day": "0001-01-01"})])
def test_a_day_at_the_end_of_the_calendar_is_a_422(api, action, body):
    """The day after 31 December 9999 does not exist (OverflowError: the stateful fuzzer's 500)."""
    person = api.post("/people", {"given_name": "Kees", "family_name": "Visser", "address": {
        "house_number": 3, "postcode": "7511 JM", "latitude": 52.22, "longitude": 6.89}}).get_json()
    made = api.post("/transport/series", {
        "rider_person_id": person["id"], "destination_text": "Dagbesteding", "destination_lat": 52.21,
        "destination_lon": 6.9, "weekdays": [0, 3], "appointment": "09:30", "first_day": "2026-12-07"}).get_json()
    assert_problem(api.post(f"/transport/series/{made['id']}/{action}", body), 422, next(iter(body)))
    [series] = [row for row in api.get("/transport/series").get_json() if row["id"] == made["id"]]
    assert (series["last_day"], series["skipped"]) == (None, [])


# -- a reading's audit entry does not wait for the disk; a change does -------------------------------

@pytest.fixture
def commits():
    """How each commit in the test goes to the disk: "on" (waits for it) or "off"."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    seen = []

    def at_commit(connection):
        raw = connection.connection.dbapi_connection
        if connection.dialect.name == "postgresql":
            seen.append(raw.execute("SHOW synchronous_commit").fetchone()[0])
        else:
            seen.append({1: "off", 2: "on"}[raw.execute("PRAGMA synchronous").fetchone()[0]])
    event.listen(Engine, "commit", at_commit)
    yield seen
    event.remove(Engine, "commit", at_commit)


def test_reading_people_is_logged_without_waiting_for_the_disk_and_a_change_waits(api, instance, commits):
    from core.audit.models import AuditEvent
    person = api.post("/people", {"given_name": "Kees", "family_name": "Visser"}).get_json()
    assert commits == ["on"]
    assert api.get("/people").status_code == 200 and api.get(f"/people/{person['id']}").status_code == 200
    assert commits[1:] == ["off", "off"]
    assert api.patch(f"/people/{person['id']}", {"given_name": "Cees"}).status_code == 200
    assert commits[3:] == ["on"]
    with tenant_context("de-es", instance) as scope:
        actions = scope.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-3:-1] == ["list", "read"]


# -- text with a NUL character: a 422 at the field, for every plugin at once (was: 500 on PostgreSQL) ---------

def test_a_nul_in_any_text_is_refused_at_its_field_and_changes_nothing(api, instance):
    from core.people.models import Person
    response = api.post("/people", {"given_name": "Ke\x00es", "family_name": "Visser",
                                    "address": {"house_number": 3, "postcode": "7511 JM", "street": "Lange\x00straat"}})
    assert_problem(response, 422, "given_name")
    errors = response.get_json()["errors"]
    assert set(errors) == {"given_name", "address"} and set(errors["address"]) == {"street"}
    assert count(instance, Person) == 0


def test_a_nul_in_a_query_is_refused_at_its_parameter(api):
    response = api.get("/people?q=Ke%00es")
    assert_problem(response, 422, "q")
    assert list(response.get_json()["errors"]) == ["q"]


def test_the_document_says_text_holds_no_nul(api):
    """What the document allows is what validation takes: every string a client sends has the pattern."""
    schemas = api.document()["components"]["schemas"]
    assert schemas["Person"]["properties"]["given_name"]["pattern"] == "^[^\\x00]*$"
    assert "pattern" not in schemas["Person"]["properties"]["id"]
    pattern = jsonschema_rs.Draft202012Validator({"type": "string", "pattern": "^[^\\x00]*$"})
    assert pattern.is_valid("Kees") and not pattern.is_valid("Ke\x00es")
