"""Account and role management by administrators; the audit log is readable, never writable."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from core.accounts.models import Account
from core.audit.models import AuditEvent
from core.instance import tenant_context
from core.testing import csrf_token


@pytest.fixture
def admin(make_tenant, make_account, app, sign_in):
    make_tenant("de-es")
    make_account("de-es", "admin@de-es.nl", ("admin",))
    client = app.test_client()
    sign_in(client, "de-es", "admin@de-es.nl")
    return client


def test_admin_adds_an_account_which_sets_its_own_password(admin, app, sign_in, monkeypatch):
    monkeypatch.delenv("NOABER_SMTP_URL", raising=False)
    token = csrf_token(admin, "/t/de-es/admin/accounts/new")
    made = admin.post("/t/de-es/admin/accounts/new", data={"email": "Planner@De-Es.nl",
                                                           "roles": ["coordinator", "volunteer"],
                                                           "active": "y", "csrf_token": token})
    assert made.status_code == 302
    listing = admin.get("/t/de-es/admin/accounts/").text
    assert "planner@de-es.nl" in listing and "Coördinator, Vrijwilliger" in listing
    link = re.search(r"(/t/de-es/password/reset/[^\s<]+)", listing).group(1)  # shown once: no mail server here
    newcomer = app.test_client()
    page = newcomer.get(link)
    assert page.status_code == 200
    newcomer.post(link, data={"password": "my own long password", "repeat": "my own long password",
                              "csrf_token": csrf_token(newcomer, link)})
    sign_in(newcomer, "de-es", "planner@de-es.nl", "my own long password")


def test_the_last_administrator_cannot_be_removed(admin, instance):
    with tenant_context("de-es", instance) as scope:
        admin_id = scope.session.scalar(select(Account.id))
    page = f"/t/de-es/admin/accounts/{admin_id}"
    response = admin.post(page, data={"email": "admin@de-es.nl", "roles": ["coordinator"], "active": "y",
                                      "csrf_token": csrf_token(admin, page)})
    assert response.status_code == 422 and "laatste beheerder" in response.text
    with tenant_context("de-es", instance) as scope:
        assert scope.session.get(Account, admin_id).roles == {"admin"}


def test_changing_roles_signs_the_account_out(admin, make_account, app, sign_in, instance):
    account_id = make_account("de-es", "vrijwilliger@de-es.nl", ("volunteer",))
    volunteer = app.test_client()
    sign_in(volunteer, "de-es", "vrijwilliger@de-es.nl")
    page = f"/t/de-es/admin/accounts/{account_id}"
    admin.post(page, data={"email": "vrijwilliger@de-es.nl", "roles": ["member"], "active": "y",
                           "csrf_token": csrf_token(admin, page)})
    assert volunteer.get("/t/de-es/account").status_code == 302
    events = [e.detail for e in tenant_events(instance)]
    assert f"account {account_id}: roles" in events


def test_invalid_account_input_changes_nothing(admin, instance):
    token = csrf_token(admin, "/t/de-es/admin/accounts/new")
    for data in ({"email": "geen adres", "roles": ["member"]}, {"email": "a@b.nl"},
                 {"email": "a@b.nl", "roles": ["boss"]}, {"email": "admin@de-es.nl", "roles": ["member"]}):
        assert admin.post("/t/de-es/admin/accounts/new", data={**data, "csrf_token": token}).status_code == 422
    with tenant_context("de-es", instance) as scope:
        assert scope.session.query(Account).count() == 1


def tenant_events(instance):
    with tenant_context("de-es", instance) as scope:
        return scope.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()


def test_audit_log_is_shown_and_has_no_way_to_change_it(admin, app):
    page = admin.get("/t/de-es/audit/")
    assert page.status_code == 200 and "sign_in" in page.text
    assert "<form" not in page.text.split("<main", 1)[1].split("</main>")[0]
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("audit.")]
    assert all(r.methods <= {"GET", "HEAD", "OPTIONS"} for r in rules)
