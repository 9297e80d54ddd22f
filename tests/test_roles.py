"""Each role sees and may do exactly what it should: routes × roles, from one table.

A row is a request and, per role, the status it must get. Anonymous visitors of a page
that needs an account are sent to the sign-in page (302); the API answers 401 instead.
"""
from __future__ import annotations

import pytest

from core.web.roles import ROLES

ALL = {role: 200 for role in ROLES}
STAFF_ONLY = {"admin": 200, "coordinator": 200, "volunteer": 403, "treasurer": 403, "member": 403}
ADMIN_ONLY = {"admin": 200, "coordinator": 403, "volunteer": 403, "treasurer": 403, "member": 403}
FIGURES = {**STAFF_ONLY, "treasurer": 200}  # federation.read: who answers for the figures
BOOKS = {**ADMIN_ONLY, "treasurer": 200}  # budgeting.manage: who keeps the books

#: (method, path, anonymous, per role)
TABLE = [
    ("GET", "/", 200, ALL),
    ("GET", "/example/", 200, ALL),
    ("GET", "/account", 302, ALL),
    ("GET", "/example/new", 302, STAFF_ONLY),
    ("GET", "/api/v1/tenant", 200, ALL),
    ("GET", "/people/", 302, STAFF_ONLY),
    ("GET", "/people/new", 302, STAFF_ONLY),
    ("GET", "/people/1", 302, STAFF_ONLY),
    ("GET", "/people/1/edit", 302, STAFF_ONLY),
    ("GET", "/people/1/privacy/", 302, ADMIN_ONLY),
    ("GET", "/audit/", 302, ADMIN_ONLY),
    ("GET", "/admin/accounts/", 302, ADMIN_ONLY),
    ("GET", "/admin/accounts/new", 302, ADMIN_ONLY),
    ("GET", "/admin/accounts/1", 302, ADMIN_ONLY),
    ("GET", "/transport/", 302, STAFF_ONLY),
    ("GET", "/transport/rides/new", 302, STAFF_ONLY),
    ("GET", "/transport/my", 302, {**STAFF_ONLY, "volunteer": 200}),
    ("GET", "/transport/drivers/", 302, STAFF_ONLY),
    ("GET", "/transport/drivers/new", 302, STAFF_ONLY),
    ("GET", "/transport/statements", 302, {**STAFF_ONLY, "treasurer": 200}),  # read-only for the treasurer
    ("GET", "/transport/statements/drivers.csv", 302, {**STAFF_ONLY, "treasurer": 200}),  # read-only for the treasurer
    ("GET", "/transport/reports", 302, {**STAFF_ONLY, "treasurer": 200}),  # read-only for the treasurer
    ("GET", "/transport/reports.csv", 302, {**STAFF_ONLY, "treasurer": 200}),  # read-only for the treasurer
    ("GET", "/transport/week", 302, STAFF_ONLY),
    ("GET", "/budgeting/", 302, FIGURES),  # the treasurer sees the budget (issue 24, item 6)
    ("GET", "/budgeting/budget", 302, BOOKS),
    ("GET", "/budgeting/approvals", 302, BOOKS),
    ("GET", "/budgeting/bank", 302, BOOKS),
    ("GET", "/budgeting/expenses/new", 302, {**ALL, "member": 403}),
    ("GET", "/budgeting/members", 302, ALL),
    ("GET", "/transport/series", 302, STAFF_ONLY),
    ("GET", "/transport/series/new", 302, STAFF_ONLY),
    ("GET", "/transport/series/1", 302, {**STAFF_ONLY, "admin": 404, "coordinator": 404}),
    ("POST", "/transport/series/new", 302, {**STAFF_ONLY, "admin": 422, "coordinator": 422}),
    ("POST", "/transport/series/1/skip", 302, {**STAFF_ONLY, "admin": 404, "coordinator": 404}),
    ("POST", "/transport/rides/new", 302, {**STAFF_ONLY, "admin": 422, "coordinator": 422}),
    ("GET", "/federation/", 302, ADMIN_ONLY),
    ("GET", "/federation/shared", 302, FIGURES),
    ("GET", "/federation/dashboard", 302, FIGURES),
    ("GET", "/federation/dashboard.csv", 302, FIGURES),
    ("GET", "/federation/dataValueSets.json", 302, FIGURES),
    ("POST", "/federation/ask", 302, {**ADMIN_ONLY, "admin": 422}),
    ("POST", "/federation/memberships/1/approve", 302, {**ADMIN_ONLY, "admin": 404}),
    # doing, not only seeing: an empty form from whoever may use it is refused as incomplete (422)
    ("POST", "/people/new", 302, {**STAFF_ONLY, "admin": 422, "coordinator": 422}),
    ("POST", "/people/1/notes", 302, {**STAFF_ONLY, "admin": 422, "coordinator": 422}),
    ("POST", "/people/1/consents", 302, {**STAFF_ONLY, "admin": 422, "coordinator": 422}),
    ("POST", "/people/1/privacy/erase", 302, {**ADMIN_ONLY, "admin": 422}),
    ("POST", "/admin/accounts/new", 302, {**ADMIN_ONLY, "admin": 422}),
    ("POST", "/example/new", 302, {**STAFF_ONLY, "admin": 422, "coordinator": 422}),
]


@pytest.fixture
def tenant_with_every_role(make_tenant, make_account, instance):
    from core.instance import tenant_context
    from core.people.models import Person
    make_tenant("de-es", plugins=["example", "transport", "budgeting"])
    for role in ROLES:
        make_account("de-es", f"{role}@de-es.nl", (role,))
    with tenant_context("de-es", instance) as scope:  # person 1, for the person pages
        scope.session.add(Person(given_name="Anna", family_name="de Vries"))
        scope.session.commit()


@pytest.fixture
def clients(tenant_with_every_role, app, sign_in):
    result = {"anonymous": app.test_client()}
    for role in ROLES:
        result[role] = app.test_client()
        sign_in(result[role], "de-es", f"{role}@de-es.nl")
    return result


@pytest.mark.parametrize("method, path, anonymous, per_role", TABLE, ids=[f"{m} {p}" for m, p, *_ in TABLE])
def test_routes_by_role(clients, method, path, anonymous, per_role):
    from core.testing import csrf_token

    def call(client):
        data = {"csrf_token": csrf_token(client, "/t/de-es/sign-in")} if method == "POST" else None
        return client.open(f"/t/de-es{path}", method=method, data=data).status_code
    got = {who: call(client) for who, client in clients.items()}
    assert got == {"anonymous": anonymous, **per_role}
