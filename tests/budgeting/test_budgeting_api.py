"""``/api/v1/budgeting``: the budget, an expense's whole life with four eyes, claims, the report."""
from __future__ import annotations

import pytest
from budgeting_clients import bearer

API = "/t/de-es/api/v1/budgeting"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def line(client, headers, name="Koffieochtenden", amount="1000.00", category="activities"):
    made = client.post(f"{API}/lines", headers=headers,
                       json={"year": 2026, "category": category, "name": name, "amount": amount})
    assert made.status_code == 201, made.text
    return made.get_json()


def expense(client, headers, line_id, amount="42.50", **extra):
    return client.post(f"{API}/expenses", headers=headers, json={
        "on": "2026-03-02", "amount": amount, "line_id": line_id, "description": "Koffie en koek",
        "payee_name": "Supermarkt Oost", "payee_iban": "NL91 ABNA 0417 1643 00", **extra})


def test_an_expense_from_submitted_to_approved_with_four_eyes(client, treasurer, coordinator):
    coffee = line(client, treasurer)
    assert coffee["amount"] == "1000.00" and coffee["decided_by_members"] is False
    made = expense(client, coordinator, coffee["id"])
    assert made.status_code == 201
    body = made.get_json()
    assert body["status"] == "submitted" and body["amount"] == "42.50" and body["has_receipt"] is False
    own = client.post(f"{API}/expenses/{body['id']}/approve", headers=coordinator)
    assert own.status_code == 409 and "four eyes" in own.get_json()["detail"]
    approved = client.post(f"{API}/expenses/{body['id']}/approve", headers=treasurer)
    assert approved.status_code == 200 and approved.get_json()["status"] == "approved"
    assert client.post(f"{API}/expenses/{body['id']}/approve", headers=treasurer).status_code == 409
    assert client.get(f"{API}/expenses/{body['id']}", headers=coordinator).get_json()["status"] == "approved"


@pytest.mark.parametrize("amount", ["42.505", "0", "0.00", "-5.00", 42.5, "4e2", "abc"])
def test_amounts_are_decimal_strings_with_two_places_above_zero(client, treasurer, amount):
    coffee = line(client, treasurer)
    answer = expense(client, treasurer, coffee["id"], amount=amount)
    assert answer.status_code == 422 and "amount" in answer.get_json()["errors"]


@pytest.mark.parametrize("iban", ["NL91ABNA0417164301", "NL00XXXX0000000000", "not an iban at all"])
def test_a_wrong_iban_is_refused(client, treasurer, iban):
    coffee = line(client, treasurer)
    answer = expense(client, treasurer, coffee["id"], payee_iban=iban)
    assert answer.status_code == 422, answer.text


def test_receipts_are_pdf_jpeg_or_png(client, treasurer):
    made = expense(client, treasurer, line(client, treasurer)["id"]).get_json()
    receipt = f"{API}/expenses/{made['id']}/receipt"
    assert client.get(receipt, headers=treasurer).status_code == 404
    refused = client.put(receipt, headers={**treasurer, "Content-Type": "text/html"}, data=b"<html>")
    assert refused.status_code == 415
    fake = client.put(receipt, headers={**treasurer, "Content-Type": "image/png"}, data=b"GIF89a")
    assert fake.status_code == 415
    large = client.put(receipt, headers={**treasurer, "Content-Type": "image/png"}, data=PNG + b"0" * 10 * 2**20)
    assert large.status_code == 413
    put = client.put(receipt, headers={**treasurer, "Content-Type": "image/png"}, data=PNG)
    assert put.status_code == 200 and put.get_json()["has_receipt"] is True
    got = client.get(receipt, headers=treasurer)
    assert got.status_code == 200 and got.content_type == "image/png" and got.data == PNG


def test_reject_says_why_and_never_counts(client, treasurer, coordinator):
    coffee = line(client, treasurer)
    made = expense(client, coordinator, coffee["id"], amount="100.00").get_json()
    pending = expense(client, coordinator, coffee["id"], amount="10.00").get_json()
    rejected = client.post(f"{API}/expenses/{made['id']}/reject", headers=treasurer, json={"reason": "geen bon"})
    assert rejected.get_json()["status"] == "rejected" and rejected.get_json()["rejected_reason"] == "geen bon"
    assert client.post(f"{API}/expenses/{made['id']}/reject", headers=treasurer,
                       json={"reason": "nog eens"}).status_code == 409
    report = client.get(f"{API}/report?year=2026", headers=treasurer).get_json()
    assert report["lines"][0] | {"pending": "10.00"} == report["lines"][0]
    assert report["lines"][0]["actual"] == "0.00" and pending["status"] == "submitted"


def test_budget_vs_actual_per_line_and_per_grant(client, treasurer, coordinator):
    coffee, party = line(client, treasurer), line(client, treasurer, "Buurtfeest", "500.00")
    grant = client.post(f"{API}/grants", headers=treasurer, json={
        "funder": "Oranje Fonds", "reference": "OF-2026-1182", "amount": "1200.00", "starts_on": "2026-01-01",
        "ends_on": "2026-12-31", "lines": [{"line_id": coffee["id"], "amount": "800.00"},
                                           {"line_id": party["id"], "amount": "400.00"}]})
    assert grant.status_code == 201, grant.text
    income = client.post(f"{API}/income", headers=treasurer, json={
        "on": "2026-02-01", "amount": "900.00", "source": "fund", "grant_id": grant.get_json()["id"],
        "description": "Voorschot 75 %"})
    assert income.status_code == 201
    for amount, target in (("250.00", coffee), ("600.00", party)):
        made = expense(client, coordinator, target["id"], amount=amount).get_json()
        client.post(f"{API}/expenses/{made['id']}/approve", headers=treasurer)
    report = client.get(f"{API}/report?year=2026", headers=treasurer).get_json()
    rows = {row["name"]: row for row in report["lines"]}
    assert rows["Koffieochtenden"] | {"budget": "1000.00", "actual": "250.00", "difference": "750.00",
                                      "percent": "25.0"} == rows["Koffieochtenden"]
    assert rows["Buurtfeest"]["difference"] == "-100.00" and rows["Buurtfeest"]["percent"] == "120.0"
    [funded] = report["grants"]
    assert funded | {"granted": "1200.00", "received": "900.00", "spent": "650.00", "remaining": "550.00"} == funded
    assert sorted(funded["flagged_line_ids"]) == sorted([coffee["id"], party["id"]])
    assert report["income_by_source"] == {"fund": "900.00"} and report["share_on_activities"] == "100.0"


def test_a_grant_for_lines_that_are_not_there_is_422(client, treasurer):
    answer = client.post(f"{API}/grants", headers=treasurer, json={
        "funder": "Gemeente", "reference": "SUB-1", "amount": "100.00", "starts_on": "2026-01-01",
        "ends_on": "2026-12-31", "lines": [{"line_id": 999, "amount": "50.00"}]})
    assert answer.status_code == 422 and "lines" in answer.get_json()["errors"]


def test_a_nul_character_in_text_is_422_at_its_field(client, treasurer):
    """PostgreSQL cannot store a NUL: the fuzzer's grant with one was a 500 there."""
    answer = client.post(f"{API}/grants", headers=treasurer, json={
        "funder": "Gemeente\u0000", "reference": "SUB-1", "amount": "100.00", "starts_on": "2026-01-01",
        "ends_on": "2026-12-31", "lines": []})
    assert answer.status_code == 422 and list(answer.get_json()["errors"]) == ["funder"]


def test_volunteer_claims_kilometres_and_the_allowance_within_its_limits(client, treasurer, books):
    person = books["volunteer"]
    km = client.post(f"{API}/claims", headers=treasurer, json={
        "person_id": person, "month": "2026-03", "kind": "km", "quantity": "84", "description": "Ritten"})
    assert km.status_code == 201 and km.get_json()["amount"] == "19.32"  # 84 km at € 0,23
    first = client.post(f"{API}/claims", headers=treasurer, json={
        "person_id": person, "month": "2026-03", "kind": "allowance", "quantity": "150.00"})
    assert first.status_code == 201
    over = client.post(f"{API}/claims", headers=treasurer, json={
        "person_id": person, "month": "2026-03", "kind": "allowance", "quantity": "70.00"})
    assert over.status_code == 422 and "€ 60,00 is left this month" in over.get_json()["errors"]["quantity"][0]
    expense_id = first.get_json()["expense_id"]
    assert client.get(f"{API}/expenses/{expense_id}", headers=treasurer).get_json()["status"] == "submitted"
    nobody = client.post(f"{API}/claims", headers=treasurer, json={
        "person_id": 99999, "month": "2026-03", "kind": "costs", "quantity": "5.00"})
    assert nobody.status_code == 422


def test_the_api_needs_the_budgeting_scopes(client, cli, books):
    reader = bearer(cli, client, "Lezer", "budgeting.read")
    assert client.get(f"{API}/lines?year=2026", headers=reader).status_code == 200
    assert client.post(f"{API}/lines", headers=reader, json={
        "year": 2026, "category": "other", "name": "X", "amount": "1.00"}).status_code == 403
    outsider = bearer(cli, client, "Buiten", "people.read")
    assert client.get(f"{API}/report?year=2026", headers=outsider).status_code == 403


def test_a_claim_of_more_than_a_million_is_422_not_an_overflow(client, treasurer, books):
    answer = client.post(f"{API}/claims", headers=treasurer, json={
        "person_id": books["volunteer"], "month": "2026-10", "kind": "km", "quantity": "4514021106.1"})
    assert answer.status_code == 422 and "quantity" in answer.get_json()["errors"]
