"""Requests find their tenant by prefix or host; tenants see only their own plugins and data."""
from __future__ import annotations

import pytest

from core.instance import tenant_context
from core.testing import set_enabled
from plugins.example import service


@pytest.fixture
def two_tenants(make_tenant, instance):
    """De Es has the notice board; Bloemkwartier does not. Each has data of its own."""
    make_tenant("de-es", plugins=["example"], hosts=["de-es.example.org"], name="De Es")
    make_tenant("bloemkwartier", name="Bloemkwartier")
    with tenant_context("de-es", instance) as scope:
        service.post_notice(scope.session, "Alleen in De Es")
        scope.session.commit()


def test_each_tenant_sees_only_its_plugins_and_data(two_tenants, client):
    es = client.get("/t/de-es/")
    bloem = client.get("/t/bloemkwartier/")
    assert "De Es" in es.text and "Prikbord" in es.text
    assert "Bloemkwartier" in bloem.text and "Prikbord" not in bloem.text
    assert "Alleen in De Es" in client.get("/t/de-es/example/").text


@pytest.mark.parametrize("url", ["/t/bloemkwartier/example/", "/t/bloemkwartier/api/v1/example/notices",
                                 "/t/bloemkwartier/api/v1/example/notices/1"])
def test_disabled_plugin_routes_are_404(two_tenants, client, url):
    assert client.get(url).status_code == 404


def test_disabled_plugin_is_absent_from_openapi(two_tenants, client):
    es = client.get("/t/de-es/api/v1/openapi.json").get_json()
    bloem = client.get("/t/bloemkwartier/api/v1/openapi.json").get_json()
    assert "/api/v1/example/notices" in es["paths"]
    assert not [p for p in bloem["paths"] if "example" in p]
    assert "/api/v1/tenant" in bloem["paths"]
    assert es["openapi"].startswith("3.") and es["servers"] == [{"url": "/t/de-es"}]
    assert "ExampleNotice" in es["components"]["schemas"]
    assert "ExampleNotice" not in bloem["components"]["schemas"] and "Tenant" in bloem["components"]["schemas"]


def test_two_plugins_may_each_name_a_schema_proposal(make_tenant, client):
    """Maatjes and zeggenschap both have a ``Proposal``: each keeps its own under its plugin's name,
    and the document points each route at its own (was: one renamed ``Proposal1`` by load order)."""
    make_tenant("de-es", plugins=["maatjes", "zeggenschap"])
    document = client.get("/t/de-es/api/v1/openapi.json").get_json()
    names = set(document["components"]["schemas"])
    assert {"MaatjesProposal", "ZeggenschapProposal", "Person"} <= names
    assert not [name for name in names if name.endswith("1") or name == "Proposal"]
    made = document["paths"]["/api/v1/zeggenschap/proposals"]["post"]["responses"]["201"]
    assert made["content"]["application/json"]["schema"]["$ref"].endswith("/ZeggenschapProposalAnswer")


def test_same_tenant_by_host_and_by_prefix(two_tenants, client):
    by_prefix = client.get("/t/de-es/api/v1/example/notices").get_json()
    by_host = client.get("/api/v1/example/notices", headers={"Host": "de-es.example.org:8000"}).get_json()
    assert by_prefix == by_host and by_host[0]["title"] == "Alleen in De Es"
    page = client.get("/", headers={"Host": "de-es.example.org"})
    assert 'href="/example/"' in page.text  # links follow the way the tenant was reached
    assert 'href="/t/de-es/example/"' in client.get("/t/de-es/").text


@pytest.fixture
def public_url(monkeypatch):
    """The instance is reached at https://noaber.example.org (before the instance is made)."""
    monkeypatch.setenv("NOABER_PUBLIC_URL", "https://noaber.example.org")


def test_a_tenants_own_host_serves_no_other_tenant(public_url, two_tenants, client):
    own_host = {"Host": "de-es.example.org"}
    assert client.get("/t/bloemkwartier/", headers=own_host).status_code == 404
    assert client.get("/", headers=own_host).status_code == 200
    assert client.get("/t/de-es/", headers=own_host).status_code == 200
    assert client.get("/t/bloemkwartier/", headers={"Host": "noaber.example.org"}).status_code == 200


def test_one_tenant_cannot_reach_anothers_rows_by_id(two_tenants, client, instance):
    with tenant_context("de-es", instance) as scope:
        notice_id = service.current_notices(scope.session, 30)[0].id
    enable = instance.tenants.get("bloemkwartier").folder
    set_enabled(enable, ["example"])
    from core.tenancy.admin import migrate_and_seed
    migrate_and_seed(instance, instance.tenants.get("bloemkwartier"))
    assert client.get(f"/t/de-es/api/v1/example/notices/{notice_id}").status_code == 200
    other = client.get(f"/t/bloemkwartier/api/v1/example/notices/{notice_id + 100}")
    assert other.status_code == 404
    titles = [n["title"] for n in client.get("/t/bloemkwartier/api/v1/example/notices").get_json()]
    assert "Alleen in De Es" not in titles


@pytest.mark.parametrize("url, headers", [("/t/nergens/", {}), ("/t/Bad_Slug/", {}), ("/", {}),
                                          ("/example/", {"Host": "unknown.localhost"})])
def test_unknown_tenant_is_404_with_a_clear_message(two_tenants, client, url, headers):
    page = client.get(url, headers=headers)
    assert page.status_code == 404
    assert "geen buurt of coalitie" in page.text and "<h1>Niet gevonden</h1>" in page.text
    problem = client.get(url, headers={**headers, "Accept": "application/json"})
    assert problem.status_code == 404 and "no neighbourhood or coalition" in problem.get_json()["detail"]


def test_tenant_directory_lists_neighbourhoods_then_coalitions(two_tenants, make_tenant, instance, client):
    make_tenant("regio-oost", kind="coalition", name="Regio Oost")
    (instance.tenants_root / "kapot").mkdir()
    (instance.tenants_root / "kapot" / "tenant.toml").write_text("this is = not toml [")
    instance.tenant_directory = True
    page = client.get("/")
    assert page.status_code == 200 and "<h1>Buurten en coalities op deze server</h1>" in page.text
    links = [line for line in page.text.splitlines() if 'href="/t/' in line]
    assert ['href="/t/bloemkwartier/"' in links[0], 'href="/t/de-es/"' in links[1],
            'href="/t/regio-oost/"' in links[2]] == [True, True, True]
    assert "(Buurt)" in page.text and "(Coalitie)" in page.text and "kapot" not in page.text
    client.set_cookie("noaber_lang", "en")
    english = client.get("/")
    assert "Neighbourhoods and coalitions on this server" in english.text
    assert client.get("/nergens", headers={"Accept": "application/json"}).status_code == 404  # only the address itself
    assert "Prikbord" in client.get("/", headers={"Host": "de-es.example.org"}).text  # a tenant's own host: the tenant


def test_tenant_directory_of_an_empty_server_says_so(instance, client):
    instance.tenant_directory = True
    assert "nog geen buurten of coalities" in client.get("/").text


@pytest.mark.parametrize("url, headers, named", [
    ("/t/nergens/api/v1/tenant", {}, "'nergens'"),
    ("/api/v1/tenant", {"Host": "unknown.localhost"}, "unknown.localhost"),
])
def test_unknown_tenant_api_answers_problem_json(two_tenants, client, url, headers, named):
    response = client.get(url, headers=headers)
    assert response.status_code == 404
    assert response.content_type == "application/problem+json"
    assert named in response.get_json()["detail"]


def test_prefix_without_slash_redirects(two_tenants, client):
    response = client.get("/t/de-es")
    assert response.status_code == 308 and response.headers["Location"].endswith("/t/de-es/")


def test_core_stylesheet_is_served_under_a_tenant(two_tenants, client):
    assert client.get("/t/de-es/static/noaber.css").status_code == 200


def test_healthz_answers_for_the_instance(client, instance):
    body = client.get("/healthz").get_json()
    assert body == {"status": "ok", "backend": instance.storage.backend}


@pytest.mark.parametrize("query, field, message", [
    ("page=abc", "page", "Not a valid integer."),
    ("q=x", "q", "Length must be between 2 and 50."),
    ("page_size=0", "page_size", "Must be greater than or equal to 1 and less than or equal to 100."),
])
def test_invalid_query_gives_problem_json_with_field_messages(two_tenants, client, query, field, message):
    response = client.get(f"/t/de-es/api/v1/example/notices?{query}")
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    problem = response.get_json()
    assert problem["status"] == 422 and problem["title"] == "Unprocessable Entity"
    assert problem["errors"] == {field: [message]}


def test_api_lists_paginate(two_tenants, client):
    response = client.get("/t/de-es/api/v1/example/notices?page=1&page_size=1")
    assert len(response.get_json()) == 1
    assert '"total": 2' in response.headers["X-Pagination"]


def test_broken_tenant_answers_503_and_others_keep_working(two_tenants, client, instance):
    from core.testing import write_config
    write_config(instance.tenants_root / "bloemkwartier" / "tenant.toml", "name = \n")
    assert client.get("/t/bloemkwartier/").status_code == 503
    assert client.get("/t/de-es/").status_code == 200


def test_plugin_enabled_while_running_appears(two_tenants, client, enable_plugins):
    assert client.get("/t/bloemkwartier/example/").status_code == 404
    enable_plugins("bloemkwartier", "example")
    page = client.get("/t/bloemkwartier/example/")
    assert page.status_code == 200 and "Welkom op het prikbord" in page.text


def test_a_body_over_a_megabyte_is_refused_with_413_and_problem_json(two_tenants, client):
    big = client.post("/t/de-es/api/v1/people", data=b"x" * (1024 * 1024 + 1),
                      headers={"Content-Type": "application/json"})
    assert big.status_code == 413 and big.content_type == "application/problem+json"


def test_a_tenants_name_in_capitals_leads_to_it(two_tenants, client):
    moved = client.get("/t/DE-ES/people/?q=Anna")
    assert moved.status_code == 308 and moved.headers["Location"].endswith("/t/de-es/people/?q=Anna")
    assert client.get("/t/De-Es/").headers["Location"].endswith("/t/de-es/")


def test_an_unknown_tenant_is_explained_in_english_and_dutch_to_a_program(two_tenants, client):
    detail = client.get("/t/nergens/api/v1/tenant").get_json()["detail"]
    assert "There is no neighbourhood or coalition called 'nergens' here." in detail
    assert "Hier is geen buurt of coalitie met de naam 'nergens'." in detail
