"""Payments out as pain.001 (checked against the XSD), statements in (CAMT.053 and MT940), matched once."""
from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import sepaxml
import xmlschema
from openpyxl import load_workbook
from test_budgeting_api import API, expense, line

from plugins.budgeting.bankfile import Line, camt053

XSD = Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.03.xsd"
MT940 = """:20:STMT20260404
:25:NL44RABO0123456789
:28C:00004/1
:60F:C260403EUR1000,00
:61:2604040404D42,50NTRFNONREF//RABO0404A1
:86:/EREF/{e2e}/IBAN/NL91ABNA0417164300/NAME/Supermarkt Oost/REMI/Koffie en koek
:61:2604040404C25,00NTRFNONREF//RABO0404A2
:86:/EREF/NOTPROVIDED/IBAN/NL20INGB0001234567/NAME/J. de Vries/REMI/Gift voor het buurtfeest
:62F:C260404EUR982,50
"""


def approved(client, treasurer, coordinator, amount="42.50"):
    made = expense(client, coordinator, line(client, treasurer)["id"], amount=amount).get_json()
    client.post(f"{API}/expenses/{made['id']}/approve", headers=treasurer)
    return made


def test_a_payment_batch_is_a_valid_pain_001_with_one_end_to_end_id_per_expense(client, treasurer, coordinator):
    first, second = approved(client, treasurer, coordinator), approved(client, treasurer, coordinator, "7.25")
    batch = client.post(f"{API}/payment-batches", headers=treasurer, json={"execution_date": "2026-04-03"})
    assert batch.status_code == 201 and batch.get_json() | {"count": 2, "total": "49.75"} == batch.get_json()
    document = client.get(f"{API}/payment-batches/{batch.get_json()['id']}/pain.001", headers=treasurer)
    assert document.status_code == 200 and document.content_type.startswith("application/xml")
    xmlschema.XMLSchema(str(XSD)).validate(document.data.decode())
    assert b"NOABER-EXP-%d" % first["id"] in document.data and b"NOABER-EXP-%d" % second["id"] in document.data
    assert client.get(f"{API}/expenses/{first['id']}", headers=treasurer).get_json()["status"] == "scheduled"
    again = client.post(f"{API}/payment-batches", headers=treasurer, json={"execution_date": "2026-04-03"})
    assert again.status_code == 422  # nothing approved is left


def test_a_batch_as_pain_001_001_09_is_valid_against_its_own_xsd(client, treasurer, coordinator):
    made = approved(client, treasurer, coordinator)
    batch = client.post(f"{API}/payment-batches", headers=treasurer,
                        json={"execution_date": "2026-04-03", "schema": "pain.001.001.09"})
    assert batch.status_code == 201 and batch.get_json()["schema"] == "pain.001.001.09"
    document = client.get(f"{API}/payment-batches/{batch.get_json()['id']}/pain.001", headers=treasurer).data
    xmlschema.XMLSchema(str(XSD.with_name("pain.001.001.09.xsd"))).validate(document.decode())
    assert b"urn:iso:std:iso:20022:tech:xsd:pain.001.001.09" in document
    assert b"NOABER-EXP-%d" % made["id"] in document
    other = client.post(f"{API}/payment-batches", headers=treasurer,
                        json={"execution_date": "2026-04-03", "schema": "pain.001.001.02"})
    assert other.status_code == 422 and "schema" in other.get_json()["errors"]


def test_without_the_account_settings_a_batch_says_what_is_missing(client, treasurer, coordinator, instance):
    from core.testing import write_config
    path = instance.tenants.get("de-es").folder / "tenant.toml"
    write_config(path, path.read_text(encoding="utf-8").replace('iban = "NL44RABO0123456789"', ""))
    approved(client, treasurer, coordinator)
    answer = client.post(f"{API}/payment-batches", headers=treasurer, json={"execution_date": "2026-04-03"})
    assert answer.status_code == 422 and "iban" in answer.get_json()["detail"]


def test_a_camt_053_pays_the_batch_and_the_same_file_twice_adds_nothing(client, treasurer, coordinator):
    made = approved(client, treasurer, coordinator)
    client.post(f"{API}/payment-batches", headers=treasurer, json={"execution_date": "2026-04-03"})
    fund = client.post(f"{API}/income", headers=treasurer, json={
        "on": "2026-04-01", "amount": "1250.00", "source": "fund", "description": "Tweede termijn",
        "reference": "OF-2026-1182", "received": False}).get_json()
    day = date(2026, 4, 4)
    statement = camt053("NL44RABO0123456789", "STMT-1", day, Decimal("1000.00"), [
        Line("RABO1", day, Decimal("-42.50"), "Supermarkt Oost", "NL91ABNA0417164300", f"NOABER-EXP-{made['id']}"),
        Line("RABO2", day, Decimal("1250.00"), "Stichting Oranje Fonds", "NL59RABO0300066553",
             remittance="OF-2026-1182 termijn 2"),
        Line("RABO3", day, Decimal("-7.50"), "Rabobank", "NL44RABO0123456789", remittance="Kosten")])
    imported = client.post(f"{API}/bank-statements", headers={**treasurer, "Content-Type": "application/xml"},
                           data=statement)
    assert imported.status_code == 201, imported.text
    assert imported.get_json() == {"entries": 3, "new": 3, "duplicates": 0, "matched": 2, "review": 1}
    paid = client.get(f"{API}/expenses/{made['id']}", headers=treasurer).get_json()
    assert paid["status"] == "paid" and paid["paid_on"] == "2026-04-04"
    report = client.get(f"{API}/report?year=2026", headers=treasurer).get_json()
    assert report["income_by_source"] == {"fund": "1250.00"} and fund["id"]
    twice = client.post(f"{API}/bank-statements", headers={**treasurer, "Content-Type": "application/xml"},
                        data=statement)
    assert twice.get_json() == {"entries": 3, "new": 0, "duplicates": 3, "matched": 0, "review": 0}


def test_an_mt940_matches_by_end_to_end_id(client, treasurer, coordinator):
    made = approved(client, treasurer, coordinator)
    client.post(f"{API}/payment-batches", headers=treasurer, json={"execution_date": "2026-04-03"})
    data = MT940.format(e2e=f"NOABER-EXP-{made['id']}").encode()
    imported = client.post(f"{API}/bank-statements", headers={**treasurer, "Content-Type": "text/plain"}, data=data)
    assert imported.status_code == 201, imported.text
    assert imported.get_json() == {"entries": 2, "new": 2, "duplicates": 0, "matched": 1, "review": 1}
    assert client.get(f"{API}/expenses/{made['id']}", headers=treasurer).get_json()["status"] == "paid"


def test_a_file_that_is_no_statement_is_422_and_changes_nothing(client, treasurer):
    for data in (b"%PDF-1.4 a receipt", b"<html><body>no</body></html>", b"<Document xmlns='x'><a/></Document>",
                 b":20:X\n:61:garbage\n", b""):
        answer = client.post(f"{API}/bank-statements", headers={**treasurer, "Content-Type": "text/plain"},
                             data=data)
        assert answer.status_code == 422, (data, answer.text)


def test_the_journal_as_xlsx_has_numbers_and_as_csv_the_columns(client, treasurer, coordinator):
    approved(client, treasurer, coordinator, "42.50")
    client.post(f"{API}/income", headers=treasurer, json={
        "on": "2026-01-15", "amount": "9000.00", "source": "municipality", "description": "Voorschot subsidie"})
    workbook = client.get(f"{API}/journal.xlsx?year=2026", headers=treasurer)
    assert workbook.status_code == 200
    sheet = load_workbook(io.BytesIO(workbook.data)).active
    rows = list(sheet.values)
    assert rows[0][:7] == ("booking", "date", "journal", "ledger_account", "description", "debit", "credit")
    assert [(r[5], r[6]) for r in rows[1:]] == [(0, 9000), (42.5, 0)]
    assert all(isinstance(r[5], (int, float)) for r in rows[1:])
    text = client.get(f"{API}/journal.csv?year=2026", headers=treasurer).text
    assert text.splitlines()[0].startswith("booking;date;journal") and ";42.50;0.00;Supermarkt Oost;" in text
