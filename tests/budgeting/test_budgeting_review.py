"""The review list by hand: a booking the import could not match is linked to its expense (then paid) or its
income (then received), or marked as needing no booking; 409 for what is matched already, 422 for amounts
that differ (saying by how much); audited; the same on the bank page, without JavaScript."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from test_budgeting_api import API, expense, line

from core.audit.models import AuditEvent
from core.instance import tenant_context
from core.testing import csrf_token
from plugins.budgeting.bankfile import Line, camt053

DAY = date(2026, 4, 4)
JSON = "application/xml"


def approved(client, treasurer, coordinator, amount):
    made = expense(client, coordinator, line(client, treasurer)["id"], amount=amount).get_json()
    client.post(f"{API}/expenses/{made['id']}/approve", headers=treasurer)
    return made


def import_bookings(client, treasurer, *lines):
    """A statement of bookings without an end-to-end id, from IBANs nothing expects: all go to review."""
    answer = client.post(f"{API}/bank-statements", headers={**treasurer, "Content-Type": JSON},
                         data=camt053("NL44RABO0123456789", "STMT-R", DAY, Decimal("1000.00"), list(lines)))
    assert answer.status_code == 201 and answer.get_json()["review"] == len(lines), answer.text
    return {entry["amount"]: entry for entry in client.get(f"{API}/bank-entries/review", headers=treasurer).get_json()}


def test_a_booking_is_linked_by_hand_to_its_expense_which_is_then_paid(client, treasurer, coordinator, instance):
    made = approved(client, treasurer, coordinator, "42.50")
    entries = import_bookings(client, treasurer,
                              Line("R1", DAY, Decimal("-42.50"), "Henk Jansen", "NL20INGB0001234567"),
                              Line("R2", DAY, Decimal("-40.00"), "Henk Jansen", "NL20INGB0001234567"))
    other = approved(client, treasurer, coordinator, "42.50")
    differs = client.post(f"{API}/bank-entries/{entries['-40.00']['id']}/match", headers=treasurer,
                          json={"expense_id": made["id"]})
    assert differs.status_code == 422 and "differ by 2.50" in differs.get_json()["errors"]["expense_id"][0]
    linked = client.post(f"{API}/bank-entries/{entries['-42.50']['id']}/match", headers=treasurer,
                         json={"expense_id": made["id"]})
    assert linked.status_code == 200 and linked.get_json()["expense_id"] == made["id"]
    paid = client.get(f"{API}/expenses/{made['id']}", headers=treasurer).get_json()
    assert paid["status"] == "paid" and paid["paid_on"] == "2026-04-04"
    again = client.post(f"{API}/bank-entries/{entries['-42.50']['id']}/match", headers=treasurer,
                        json={"expense_id": other["id"]})
    assert again.status_code == 409  # the booking is matched already
    taken = client.post(f"{API}/bank-entries/{entries['-40.00']['id']}/match", headers=treasurer,
                        json={"expense_id": made["id"]})
    assert taken.status_code == 409  # and so is the expense
    assert [e["amount"] for e in client.get(f"{API}/bank-entries/review", headers=treasurer).get_json()] == ["-40.00"]
    with tenant_context("de-es", instance) as scope:
        events = scope.session.scalars(select(AuditEvent).where(AuditEvent.action == "budgeting.matched")).all()
        assert [e.detail for e in events] == [f"bank booking {entries['-42.50']['id']} paid expense {made['id']}"]


def test_incoming_money_is_linked_to_expected_income_and_bank_costs_need_no_booking(client, treasurer):
    fund = client.post(f"{API}/income", headers=treasurer, json={
        "on": "2026-04-01", "amount": "1250.00", "source": "fund", "description": "Tweede termijn",
        "received": False}).get_json()
    entries = import_bookings(client, treasurer,
                              Line("R3", DAY, Decimal("1250.00"), "Stichting Oranje Fonds", "NL59RABO0300066553"),
                              Line("R4", DAY, Decimal("-7.50"), "Rabobank", "NL44RABO0123456789"))
    wrong_way = client.post(f"{API}/bank-entries/{entries['-7.50']['id']}/match", headers=treasurer,
                            json={"income_id": fund["id"]})
    assert wrong_way.status_code == 422 and "income_id" in wrong_way.get_json()["errors"]
    neither = client.post(f"{API}/bank-entries/{entries['1250.00']['id']}/match", headers=treasurer, json={})
    both = client.post(f"{API}/bank-entries/{entries['1250.00']['id']}/match", headers=treasurer,
                       json={"income_id": fund["id"], "expense_id": 1})
    assert neither.status_code == both.status_code == 422
    unknown = client.post(f"{API}/bank-entries/{entries['1250.00']['id']}/match", headers=treasurer,
                          json={"income_id": 999})
    assert unknown.status_code == 422 and "income_id" in unknown.get_json()["errors"]
    linked = client.post(f"{API}/bank-entries/{entries['1250.00']['id']}/match", headers=treasurer,
                         json={"income_id": fund["id"]})
    assert linked.status_code == 200 and linked.get_json()["income_id"] == fund["id"]
    report = client.get(f"{API}/report?year=2026", headers=treasurer).get_json()
    assert report["income_by_source"] == {"fund": "1250.00"}
    empty = client.post(f"{API}/bank-entries/{entries['-7.50']['id']}/no-booking", headers=treasurer,
                        json={"note": ""})
    assert empty.status_code == 422 and "note" in empty.get_json()["errors"]
    marked = client.post(f"{API}/bank-entries/{entries['-7.50']['id']}/no-booking", headers=treasurer,
                         json={"note": "Bankkosten, staan in de begroting"})
    assert marked.status_code == 200 and marked.get_json() | {"no_booking": True} == marked.get_json()
    assert client.get(f"{API}/bank-entries/review", headers=treasurer).get_json() == []
    twice = client.post(f"{API}/bank-entries/{entries['-7.50']['id']}/no-booking", headers=treasurer,
                        json={"note": "nog eens"})
    assert twice.status_code == 409
    assert client.post(f"{API}/bank-entries/999/no-booking", headers=treasurer,
                       json={"note": "x"}).status_code == 404


def test_the_bank_page_links_a_booking_and_marks_one_without_javascript(
        client, treasurer, coordinator, make_account, sign_in):
    made = approved(client, treasurer, coordinator, "42.50")
    entries = import_bookings(client, treasurer,
                              Line("R5", DAY, Decimal("-42.50"), "Henk Jansen", "NL20INGB0001234567"),
                              Line("R6", DAY, Decimal("-41.00"), "Henk Jansen", "NL20INGB0001234567"),
                              Line("R7", DAY, Decimal("-7.50"), "Rabobank", "NL44RABO0123456789"))
    make_account("de-es", "penning@de-es.nl", roles=("treasurer",))
    sign_in(client, "de-es", "penning@de-es.nl")
    page = client.get("/t/de-es/budgeting/bank").text
    first, cost = entries["-42.50"]["id"], entries["-7.50"]["id"]
    assert f'<option value="expense:{made["id"]}">' in page and f'id="match-{first}-target"' in page
    token = csrf_token(client, "/t/de-es/budgeting/bank")
    differs = client.post(f"/t/de-es/budgeting/bank/entries/{entries['-41.00']['id']}/match", data={
        f"match-{entries['-41.00']['id']}-csrf_token": token,
        f"match-{entries['-41.00']['id']}-target": f"expense:{made['id']}"}, follow_redirects=True)
    assert "verschillen € 1,50" in differs.text.replace("\xa0", " ")
    client.post(f"/t/de-es/budgeting/bank/entries/{first}/match", data={
        f"match-{first}-csrf_token": token, f"match-{first}-target": f"expense:{made['id']}"})
    client.post(f"/t/de-es/budgeting/bank/entries/{cost}/no-booking", data={
        f"note-{cost}-csrf_token": token, f"note-{cost}-note": "Bankkosten"})
    assert client.get(f"{API}/expenses/{made['id']}", headers=treasurer).get_json()["status"] == "paid"
    left = client.get(f"{API}/bank-entries/review", headers=treasurer).get_json()
    assert [e["amount"] for e in left] == ["-41.00"]


def test_erasing_a_volunteer_takes_their_name_and_iban_from_the_bank_booking_too(client, treasurer, coordinator,
                                                                                 books, instance):
    claim = client.post(f"{API}/claims", headers=coordinator, json={
        "person_id": books["volunteer"], "month": "2026-03", "kind": "costs", "quantity": "12.00",
        "description": "Bloemen", "payee_iban": "NL20INGB0001234567"}).get_json()
    client.post(f"{API}/expenses/{claim['expense_id']}/approve", headers=treasurer)
    entries = import_bookings(client, treasurer, Line("R8", DAY, Decimal("-12.00"), "H. Jansen", "NL20INGB0001234567"))
    entry_id = entries["-12.00"]["id"]
    client.post(f"{API}/bank-entries/{entry_id}/match", headers=treasurer, json={"expense_id": claim["expense_id"]})
    with tenant_context("de-es", instance) as scope:
        from core.toolkit import tenant_hooks
        tenant_hooks().noaber_privacy_erase(tenant=scope.tenant, session=scope.session, person_id=books["volunteer"])
        scope.session.commit()
    kept = client.get(f"{API}/bank-entries/{entry_id}", headers=treasurer).get_json()
    assert kept["amount"] == "-12.00" and kept["counterparty_name"] == kept["counterparty_iban"] == ""


def test_the_document_says_a_match_names_exactly_one_of_the_two(client, treasurer):
    spec = client.get("/t/de-es/api/v1/openapi.json").get_json()
    body = spec["paths"]["/api/v1/budgeting/bank-entries/{entry_id}/match"]["post"]["requestBody"]
    schema = body["content"]["application/json"]["schema"]
    assert schema["minProperties"] == schema["maxProperties"] == 1 and schema["additionalProperties"] is False
    assert set(schema["properties"]) == {"expense_id", "income_id"}
