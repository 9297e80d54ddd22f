"""Each role sees and may do exactly what it should: routes × roles, from one table.

A row is a request and, per role, the status it must get. Anonymous visitors of a page
that needs an account are sent to the sign-in page (302); the API answers 401 instead.
"""
from __future__ import annotations

import pytest

from core.accounts.models import ROLES

ALL = {role: 200 for role in ROLES}
STAFF_ONLY = {"admin": 200, "coordinator": 200, "volunteer": 403, "treasurer": 403, "member": 403}

#: (method, path, anonymous, per role)
TABLE = [
    ("GET", "/", 200, ALL),
    ("GET", "/example/", 200, ALL),
    ("GET", "/account", 302, ALL),
    ("GET", "/example/new", 302, STAFF_ONLY),
    ("GET", "/api/v1/tenant", 200, ALL),
]


@pytest.fixture
def tenant_with_every_role(make_tenant, make_account):
    make_tenant("de-es", plugins=["example"])
    for role in ROLES:
        make_account("de-es", f"{role}@de-es.nl", (role,))


@pytest.fixture
def clients(tenant_with_every_role, app, sign_in):
    result = {"anonymous": app.test_client()}
    for role in ROLES:
        result[role] = app.test_client()
        sign_in(result[role], "de-es", f"{role}@de-es.nl")
    return result


@pytest.mark.parametrize("method, path, anonymous, per_role", TABLE, ids=[f"{m} {p}" for m, p, *_ in TABLE])
def test_routes_by_role(clients, method, path, anonymous, per_role):
    got = {who: clients[who].open(f"/t/de-es{path}", method=method).status_code for who in clients}
    assert got == {"anonymous": anonymous, **per_role}
