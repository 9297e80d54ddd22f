"""Programs sign in with OAuth2 client credentials; bearer tokens hold only for their own tenant."""
from __future__ import annotations

import base64
import json
import time

import pytest
from joserfc import jwt
from joserfc.errors import SecurityWarning
from joserfc.jwk import OctKey
from sqlalchemy import func, select

from core.accounts.models import ApiClient
from core.instance import tenant_context
from core.people.models import Person


@pytest.fixture
def api_client(make_tenant, cli):
    def make(slug="de-es", scopes="people.read,people.write", plugins=("example",)):
        try:
            make_tenant(slug, plugins=list(plugins))
        except Exception:
            pass  # already there
        result = cli("client", "add", slug, "Planner", "--scopes", scopes, "--json")
        assert result.code == 0, result.err
        return json.loads(result.out)
    return make


def get_token(client, credentials, slug="de-es", scope=None, how="basic"):
    data = {"grant_type": "client_credentials", **({"scope": scope} if scope else {})}
    if how == "basic":
        pair = f"{credentials['client_id']}:{credentials['client_secret']}".encode()
        response = client.post(f"/t/{slug}/oauth/token", data=data,
                               headers={"Authorization": "Basic " + base64.b64encode(pair).decode()})
    else:
        response = client.post(f"/t/{slug}/oauth/token", data={**data, **credentials})
    return response


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_client_credentials_then_api(api_client, client):
    credentials = api_client()
    response = get_token(client, credentials)
    assert response.status_code == 200
    token = response.get_json()
    assert (token["token_type"] == "Bearer" and token["expires_in"] == 3600
            and token["scope"] == "people.read people.write")
    created = client.post("/t/de-es/api/v1/people", json={"given_name": "Kees", "family_name": "Visser"},
                          headers=bearer(token["access_token"]))
    assert created.status_code == 201 and created.get_json()["id"] > 0
    listed = client.get("/t/de-es/api/v1/people?q=viss", headers=bearer(token["access_token"]))
    assert [p["family_name"] for p in listed.get_json()] == ["Visser"]
    assert json.loads(listed.headers["X-Pagination"])["total"] == 1


def test_secret_in_form_body_works_too(api_client, client):
    assert get_token(client, api_client(), how="post").status_code == 200


def test_wrong_secret_and_unknown_client_are_refused(api_client, client):
    credentials = api_client()
    assert get_token(client, {**credentials, "client_secret": "wrong"}).status_code == 401
    assert get_token(client, {"client_id": "nbr_nobody", "client_secret": "x"}).status_code == 401


def test_scopes_limit_what_a_token_may_do(api_client, client):
    credentials = api_client(scopes="people.read")
    token = get_token(client, credentials).get_json()["access_token"]
    assert client.get("/t/de-es/api/v1/people", headers=bearer(token)).status_code == 200
    refused = client.post("/t/de-es/api/v1/people", json={"given_name": "A", "family_name": "B"}, headers=bearer(token))
    assert refused.status_code == 403 and refused.content_type == "application/problem+json"
    assert client.get("/t/de-es/api/v1/accounts", headers=bearer(token)).status_code == 403
    narrowed = get_token(client, api_client(scopes="people.read,people.write"), scope="people.read").get_json()
    assert narrowed["scope"] == "people.read"


def test_no_token_is_401_with_a_bearer_challenge(api_client, client):
    api_client()
    response = client.get("/t/de-es/api/v1/people")
    assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.content_type == "application/problem+json"


def test_a_session_cookie_counts_for_nothing_on_the_api(api_client, client, make_account, sign_in):
    api_client()
    make_account("de-es", "admin@de-es.nl", ("admin",))
    sign_in(client, "de-es", "admin@de-es.nl")
    assert client.get("/t/de-es/api/v1/people").status_code == 401


def test_tenant_a_token_gets_nothing_from_tenant_b(api_client, client):
    token = get_token(client, api_client("de-es")).get_json()["access_token"]
    api_client("bloemkwartier")
    assert client.get("/t/bloemkwartier/api/v1/people", headers=bearer(token)).status_code == 401


def forged(instance, slug="de-es", alg="Ed25519", **changes) -> str:
    """A token signed with the tenant's own key, with claims changed: only the claims are wrong."""
    from core.accounts.oauth import audience, issuer, tenant_key
    from core.tenancy.keys import active_key
    with tenant_context(slug, instance) as scope:
        record = active_key(scope.session)
        now = int(time.time())
        claims = {"iss": issuer(slug), "aud": audience(slug), "sub": "x", "client_id": changes.pop("client_id"),
                  "scope": "people.read", "iat": now, "exp": now + 600, **changes}
        return jwt.encode({"alg": alg, "typ": "at+jwt", "kid": record.kid}, claims, tenant_key(record),
                          algorithms=[alg])


@pytest.mark.parametrize("changes", [
    {"exp": int(time.time()) - 120},
    {"aud": "urn:noaber:bloemkwartier:api"},
    {"iss": "urn:noaber:elders"},
])
def test_expired_or_wrong_audience_tokens_are_refused(api_client, client, instance, changes):
    credentials = api_client()
    good = forged(instance, client_id=credentials["client_id"])
    assert client.get("/t/de-es/api/v1/people", headers=bearer(good)).status_code == 200
    bad = forged(instance, client_id=credentials["client_id"], **changes)
    assert client.get("/t/de-es/api/v1/people", headers=bearer(bad)).status_code == 401


def test_tokens_are_signed_ed25519_and_those_of_before_the_rename_still_work(api_client, client, instance):
    credentials = api_client()
    token = get_token(client, credentials).get_json()["access_token"]
    assert json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))["alg"] == "Ed25519"
    with pytest.warns(SecurityWarning, match="EdDSA is deprecated"):  # joserfc says so; RFC 9864
        issued_before = forged(instance, alg="EdDSA", client_id=credentials["client_id"])
        assert client.get("/t/de-es/api/v1/people", headers=bearer(issued_before)).status_code == 200


def test_unsigned_and_hmac_tokens_are_refused(api_client, client):
    credentials = api_client()
    claims = {"iss": "urn:noaber:de-es", "aud": "urn:noaber:de-es:api", "client_id": credentials["client_id"],
              "scope": "people.read", "iat": int(time.time()), "exp": int(time.time()) + 600}
    header = base64.urlsafe_b64encode(json.dumps({"alg": "none", "typ": "at+jwt"}).encode()).rstrip(b"=").decode()
    payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    unsigned = f"{header}.{payload}."
    hmac = jwt.encode({"alg": "HS256", "typ": "at+jwt"}, claims, OctKey.import_key(credentials["client_secret"]))
    for token in (unsigned, hmac, "not.a.token"):
        assert client.get("/t/de-es/api/v1/people", headers=bearer(token)).status_code == 401


def signed_with(record, slug: str, client_id: str, kid) -> str:
    """A token for *slug* with good claims, signed by *record*'s key, its header naming *kid*."""
    from core.accounts.oauth import audience, issuer, tenant_key
    now = int(time.time())
    claims = {"iss": issuer(slug), "aud": audience(slug), "sub": "x", "client_id": client_id,
              "scope": "people.read", "iat": now, "exp": now + 600}
    header = {"alg": "Ed25519", "typ": "at+jwt", **({} if kid is None else {"kid": kid})}
    return jwt.encode(header, claims, tenant_key(record), algorithms=["Ed25519"])


def with_header(token: str, **changes) -> str:
    """*token* with its header changed (and so its signature no longer over what it carries)."""
    header, payload, signature = token.split(".")
    fields = {**json.loads(base64.urlsafe_b64decode(header + "==")), **changes}
    return ".".join([base64.urlsafe_b64encode(json.dumps(fields).encode()).rstrip(b"=").decode(), payload, signature])


def test_a_token_counts_only_with_the_key_its_header_names_of_this_tenant(api_client, client, instance):
    """The verifying key is looked up by the token's kid (and kept per process): another tenant's key,
    or this tenant's kid over another key's signature, or no kid at all, opens nothing."""
    from core.tenancy.keys import active_key
    credentials, their_credentials = api_client(), api_client("bloemkwartier")
    with tenant_context("de-es", instance) as scope:
        own = active_key(scope.session)
        scope.session.expunge(own)
    with tenant_context("bloemkwartier", instance) as scope:
        other = active_key(scope.session)
        scope.session.expunge(other)
    cid, people = credentials["client_id"], "/t/de-es/api/v1/people"
    assert client.get(people, headers=bearer(signed_with(own, "de-es", cid, own.kid))).status_code == 200
    theirs = get_token(client, their_credentials, "bloemkwartier").get_json()["access_token"]
    assert client.get("/t/bloemkwartier/api/v1/people", headers=bearer(theirs)).status_code == 200  # key kept
    for token in (signed_with(other, "de-es", cid, other.kid), signed_with(other, "de-es", cid, own.kid),
                  signed_with(own, "de-es", cid, None), with_header(signed_with(own, "de-es", cid, own.kid), kid=7),
                  signed_with(own, "de-es", cid, "k" * 5000)):
        assert client.get(people, headers=bearer(token)).status_code == 401


def test_after_a_key_rotation_old_and_new_tokens_both_hold(api_client, client, cli):
    credentials = api_client()
    before = get_token(client, credentials).get_json()["access_token"]
    assert client.get("/t/de-es/api/v1/people", headers=bearer(before)).status_code == 200  # its key now kept
    assert cli("keys", "rotate", "de-es").code == 0
    after = get_token(client, credentials).get_json()["access_token"]
    assert after.split(".")[0] != before.split(".")[0]  # another kid
    for token in (before, after):
        assert client.get("/t/de-es/api/v1/people", headers=bearer(token)).status_code == 200


def test_revoked_client_tokens_stop_working(api_client, client, cli):
    credentials = api_client()
    token = get_token(client, credentials).get_json()["access_token"]
    assert cli("client", "revoke", "de-es", credentials["client_id"]).code == 0
    assert client.get("/t/de-es/api/v1/people", headers=bearer(token)).status_code == 401
    assert get_token(client, credentials).status_code == 401


def test_cutting_a_clients_scopes_applies_to_its_tokens_at_once(api_client, client, instance):
    credentials = api_client()
    token = get_token(client, credentials).get_json()["access_token"]
    person = {"given_name": "Kees", "family_name": "Visser"}
    assert client.post("/t/de-es/api/v1/people", json=person, headers=bearer(token)).status_code == 201
    with tenant_context("de-es", instance) as scope:  # what `noaber client scopes` does
        scope.session.scalar(select(ApiClient)).scopes = "people.read"
        scope.session.commit()
    assert client.post("/t/de-es/api/v1/people", json=person, headers=bearer(token)).status_code == 403
    assert client.get("/t/de-es/api/v1/people", headers=bearer(token)).status_code == 200


def test_client_scopes_command(api_client, client, cli):
    credentials = api_client()
    changed = cli("client", "scopes", "de-es", credentials["client_id"], "--scopes", "people.read")
    assert changed.code == 0 and "people.read" in changed.out
    assert get_token(client, credentials).get_json()["scope"] == "people.read"
    unknown = cli("client", "scopes", "de-es", credentials["client_id"], "--scopes", "people.fly")
    assert unknown.code == 2 and "unknown scope 'people.fly'" in unknown.err


@pytest.mark.parametrize("body, field", [
    ({"family_name": "B"}, "given_name"),
    ({"given_name": "A", "family_name": "B", "email": "nope"}, "email"),
    ({"given_name": "A", "family_name": "B", "date_of_birth": "2099-01-01"}, "date_of_birth"),
    ({"given_name": "A", "family_name": "B", "address": {"postcode": "12", "house_number": 1}}, "address"),
    ({"given_name": "A", "family_name": "B", "household_id": 999}, "household_id"),
    ({"given_name": "A", "family_name": "B", "surprise": 1}, "surprise"),
])
def test_invalid_api_input_is_422_with_field_messages_and_writes_nothing(api_client, client, instance, body, field):
    token = get_token(client, api_client()).get_json()["access_token"]
    response = client.post("/t/de-es/api/v1/people", json=body, headers=bearer(token))
    assert response.status_code == 422 and response.content_type == "application/problem+json"
    assert field in response.get_json()["errors"]
    with tenant_context("de-es", instance) as scope:
        assert scope.session.scalar(select(func.count()).select_from(Person)) == 0


def test_patch_changes_only_what_is_sent_and_is_audited(api_client, client, instance):
    token = get_token(client, api_client()).get_json()["access_token"]
    person = client.post("/t/de-es/api/v1/people", json={"given_name": "Kees", "family_name": "Visser",
                                                         "phone": "06 1234 5678"}, headers=bearer(token)).get_json()
    changed = client.patch(f"/t/de-es/api/v1/people/{person['id']}", json={"is_volunteer": True}, headers=bearer(token))
    assert changed.get_json()["phone"] == "06 1234 5678" and changed.get_json()["is_volunteer"] is True
    from core.audit.models import AuditEvent
    with tenant_context("de-es", instance) as scope:
        events = scope.session.scalars(select(AuditEvent).where(AuditEvent.person_id == person["id"])).all()
        assert [(e.action, e.detail) for e in events] == [
            ("create", "given_name, family_name, phone, is_resident, is_volunteer"),
            ("update", "is_volunteer"),
        ]
        assert all(e.actor.startswith("client:nbr_") for e in events)


def test_other_tenants_person_ids_are_404(api_client, client):
    token_a = get_token(client, api_client("de-es")).get_json()["access_token"]
    person = client.post("/t/de-es/api/v1/people", json={"given_name": "A", "family_name": "B"},
                         headers=bearer(token_a)).get_json()
    token_b = get_token(client, api_client("bloemkwartier"), slug="bloemkwartier").get_json()["access_token"]
    assert client.get(f"/t/bloemkwartier/api/v1/people/{person['id']}", headers=bearer(token_b)).status_code == 404
    assert client.patch(f"/t/bloemkwartier/api/v1/people/{person['id']}", json={"given_name": "X"},
                        headers=bearer(token_b)).status_code == 404


def test_accounts_api(api_client, client):
    token = get_token(client, api_client(scopes="accounts.manage")).get_json()["access_token"]
    made = client.post("/t/de-es/api/v1/accounts", json={"email": "Nieuw@de-es.nl", "roles": ["volunteer"]},
                       headers=bearer(token))
    assert made.status_code == 201 and made.get_json()["email"] == "nieuw@de-es.nl"
    bad = client.post("/t/de-es/api/v1/accounts", json={"email": "x@y.nl", "roles": ["boss"]}, headers=bearer(token))
    assert bad.status_code == 422 and "roles" in bad.get_json()["errors"]
    listed = client.get("/t/de-es/api/v1/accounts?role=volunteer", headers=bearer(token)).get_json()
    assert [a["email"] for a in listed] == ["nieuw@de-es.nl"]


def test_openapi_documents_the_oauth_scheme_per_tenant(api_client, client):
    api_client()
    doc = client.get("/t/de-es/api/v1/openapi.json").get_json()
    flow = doc["components"]["securitySchemes"]["oauth2"]["flows"]["clientCredentials"]
    assert (flow["tokenUrl"] == "/t/de-es/oauth/token" and "people.read" in flow["scopes"]
            and "example.post" in flow["scopes"])
    assert doc["paths"]["/api/v1/people"]["post"]["security"] == [{"oauth2": ["people.write"]}]


@pytest.mark.parametrize("args, message", [
    (["client", "add", "de-es", "X", "--scopes", "people.fly", "--json"], "unknown scope 'people.fly'"),
    (["client", "add", "de-es", "X", "--scopes", "example.post", "--json"], "unknown scope 'example.post'"),
    (["client", "revoke", "de-es", "nbr_nobody"], "no client 'nbr_nobody'"),
])
def test_client_command_refuses_bad_input(make_tenant, cli, args, message):
    make_tenant("de-es")  # without the example plugin: its permissions are not this tenant's
    result = cli(*args)
    assert result.code == 2 and message in result.err and result.err.count("\n") == 1
