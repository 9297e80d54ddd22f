"""One tenant never reaches another's rows: every item route of core and every installed plugin,
read from the OpenAPI document (so a new plugin is covered as it is installed), called with ids
that exist only in another tenant, and with another tenant's token. The answer is a 404 (or
401/403) problem, never data, and the other tenant's tables are exactly as they were."""
from __future__ import annotations

import random
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, find, settings
from hypothesis.errors import NoSuchExample
from schemathesis.core import NotSet
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from core.accounts.clients import create_client, declared_scopes
from core.instance import tenant_context
from core.jobs.models import Job
from core.storage.base import Base

METHODS = ("get", "put", "post", "patch", "delete")
PROBLEM_KEYS = {"type", "title", "status", "detail", "errors"}
#: the first request found is the one used: no shrinking (each step would be another request)
QUICK = settings(max_examples=100, database=None, deadline=None, phases=[Phase.generate],
                 suppress_health_check=list(HealthCheck))
#: ids that exist in the full tenant (its demo data starts each table at 1) and nowhere in the empty one
SOMEONE_ELSES = 1
#: a job's id is a random string, not a row number: one of the full tenant's jobs
SOMEONE_ELSES_JOB = "0123456789abcdef" * 2


@pytest.fixture
def tenants(make_tenant, make_account, instance, client):
    """``de-es`` with every plugin and its demo data; ``leeg`` with every plugin and no rows; a token each."""
    plugins = sorted(instance.plugins.info)
    full, empty = make_tenant("de-es", plugins=plugins), make_tenant("leeg", plugins=plugins)
    make_account("de-es", "coordinator@de-es.nl")
    with instance.storage.session(full) as session:
        instance.hooks(full).noaber_demo_data(tenant=full, session=session, rng=random.Random(11))
        session.add(Job(id=SOMEONE_ELSES_JOB, kind="transport.plan_day", params='{"day": "2030-06-03"}',
                        state="done", done=1, total=1, result="{}", requested_by="account:1"))
        session.commit()
    with instance.storage.session(empty) as session:  # not even what plugins seed (a welcome notice)
        for table in reversed(Base.metadata.sorted_tables):
            if table.name != "core_signing_key":
                try:
                    with session.begin_nested():
                        session.execute(table.delete())
                except DBAPIError:  # a table of a plugin only some other test installed
                    pass
        session.commit()
    return {tenant.slug: token(instance, client, tenant) for tenant in (full, empty)}


def token(instance, client, tenant) -> str:
    with instance.storage.session(tenant) as session:
        scopes = declared_scopes(instance, tenant)
        row, secret = create_client(session, "isolation", sorted(scopes), scopes)
        session.commit()
        credentials = (row.client_id, secret)
    return client.post(f"/t/{tenant.slug}/oauth/token", data={"grant_type": "client_credentials"},
                       auth=credentials).get_json()["access_token"]


def item_operations(client, slug: str):
    """Every operation of the tenant's document with an id in its path, as schemathesis reads it."""
    document = client.get(f"/t/{slug}/api/v1/openapi.json").get_json()
    schema = schemathesis.openapi.from_dict(document)
    return [op for op in (result.ok() for result in schema.get_all_operations()) if "{" in op.path]


def someone_elses(name: str, case) -> str:
    if name == "job_id":
        return SOMEONE_ELSES_JOB
    return str(SOMEONE_ELSES if name.endswith("_id") else case.path_parameters[name])


def send(client, slug: str, bearer: str, case):
    path = re.sub(r"\{(\w+)\}", lambda m: someone_elses(m.group(1), case), case.path)
    return client.open(f"/t/{slug}{path}", method=case.method, query_string=case.query or None,
                       json=None if isinstance(case.body, NotSet) else case.body,
                       headers={"Authorization": f"Bearer {bearer}"})


def passing_validation(client, slug: str, bearer: str, operation):
    """A request this operation's validation takes, so that what answers is the id lookup (or the
    token check), not a 422 about the body: the first generated one that is not refused as invalid."""
    answers = {}

    def reaches_the_lookup(case) -> bool:
        answers[id(case)] = response = send(client, slug, bearer, case)
        return response.status_code != 422
    try:
        case = find(operation.as_strategy(), reaches_the_lookup,
                    settings=QUICK)
    except NoSuchExample:
        pytest.fail(f"{operation.method.upper()} {operation.path}: every request generated was a 422")
    return case, send(client, slug, bearer, case)


def table_contents(instance, slug: str) -> dict[str, list]:
    """Every row of every table, to compare before and after."""
    contents = {}
    with tenant_context(slug, instance) as scope:
        for table in Base.metadata.sorted_tables:
            try:
                contents[table.name] = sorted(map(tuple, scope.session.execute(select(table)).all()), key=repr)
            except DBAPIError:  # a table of a plugin only some other test installed
                scope.session.rollback()
    return contents


def assert_refused(response, allowed, where: str) -> None:
    assert response.status_code in allowed, f"{where}: {response.status_code} {response.text[:300]}"
    assert response.content_type == "application/problem+json", f"{where}: {response.content_type}"
    assert set(response.get_json()) <= PROBLEM_KEYS, f"{where}: {response.get_json()}"


def test_ids_that_exist_only_in_another_tenant_are_not_found(tenants, client, instance):
    operations = item_operations(client, "leeg")
    assert {op.path for op in operations} >= {"/api/v1/people/{person_id}", "/api/v1/example/notices/{notice_id}",
                                              "/api/v1/transport/rides/{ride_id}/outcome"}
    for operation in operations:
        if operation.method == "get":  # the row is really there, in the other tenant
            _case, there = passing_validation(client, "de-es", tenants["de-es"], operation)
            assert there.status_code == 200, f"de-es has no row {SOMEONE_ELSES} for {operation.path}"
    before = table_contents(instance, "de-es")
    for operation in operations:
        _case, response = passing_validation(client, "leeg", tenants["leeg"], operation)
        assert_refused(response, (404,), f"{operation.method.upper()} {operation.path}")
    assert table_contents(instance, "de-es") == before


def test_another_tenants_token_opens_nothing(tenants, client, instance):
    operations = [op for op in item_operations(client, "de-es") if op.definition.raw.get("security")]
    assert len(operations) >= 12  # all but the public ones, whose answer is the same for anyone
    before = table_contents(instance, "de-es")
    for operation in operations:
        case = find(operation.as_strategy(), lambda _case: True, settings=QUICK)
        response = send(client, "de-es", tenants["leeg"], case)
        assert_refused(response, (401, 403), f"{operation.method.upper()} {operation.path}")
    assert table_contents(instance, "de-es") == before
