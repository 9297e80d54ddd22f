"""Budgeting with other plugins: claims they offer (collected once), money the members decided
(``noaber_allocate_budget``), a person's data exported and erased, the money metrics, the demo."""
from __future__ import annotations

import random
from decimal import Decimal

from test_budgeting_api import API, expense, line

from core.instance import tenant_context
from core.metrics import Month
from core.testing import write_config
from core.toolkit import BudgetAllocation, tenant_hooks

#: a tenant-local plugin offering what a volunteer drove and spent, as transport and daycare do
OFFERING = '''
from decimal import Decimal
from core import hookimpl
from core.toolkit import ReimbursementClaim


@hookimpl
def noaber_reimbursement_claims(tenant, session, month):
    return [ReimbursementClaim({person}, "km", Decimal("12.5"), "Rit naar het ziekenhuis", "local:ride:1"),
            ReimbursementClaim({person}, "km", Decimal("30"), "Rit naar de dagbesteding", "local:ride:2"),
            ReimbursementClaim({person}, "costs", Decimal("4.80"), "Parkeren", "local:parking:1")]
'''


def test_collecting_a_month_adds_each_claim_once(client, treasurer, books, instance):
    folder = instance.tenants.get("de-es").folder
    (folder / "plugins").mkdir()
    (folder / "plugins" / "offering.py").write_text(OFFERING.format(person=books["volunteer"]))
    path = folder / "tenant.toml"
    write_config(path, path.read_text(encoding="utf-8"))  # touched, so the local plugin is read
    first = client.post(f"{API}/reimbursements/collect", headers=treasurer, json={"month": "2026-03"})
    assert first.status_code == 200 and first.get_json() == {"created": 3}
    again = client.post(f"{API}/reimbursements/collect", headers=treasurer, json={"month": "2026-03"})
    assert again.get_json() == {"created": 0}
    report = client.get(f"{API}/report?year=2026", headers=treasurer).get_json()
    [volunteers] = [row for row in report["lines"] if row["category"] == "volunteers"]
    assert volunteers["pending"] == "14.58"  # 42.5 km at € 0,23 = 9,78 (rounded half up), and 4,80 parking


def test_money_the_members_decided_becomes_a_budget_line_once(client, treasurer, books, instance):
    decision = BudgetAllocation(2026, "Activiteiten", "Jeu de boules-baan", Decimal("1750.00"),
                                "zeggenschap:vote:7:option:3", "/zeggenschap/votes/7")
    with tenant_context("de-es", instance) as scope:
        hooks = tenant_hooks()
        first = hooks.noaber_allocate_budget(tenant=scope.tenant, session=scope.session, allocation=decision)
        again = hooks.noaber_allocate_budget(tenant=scope.tenant, session=scope.session, allocation=decision)
        scope.session.commit()  # the caller commits
    assert first == again and isinstance(first, int)
    line(client, treasurer, "Koffieochtenden", "250.00")
    lines = client.get(f"{API}/lines?year=2026", headers=treasurer).get_json()
    [decided] = [row for row in lines if row["decided_by_members"]]
    assert decided | {"id": first, "category": "activities", "name": "Jeu de boules-baan",
                      "amount": "1750.00"} == decided
    report = client.get(f"{API}/report?year=2026", headers=treasurer).get_json()
    assert report["decided_by_members"] == "1750.00" and len(report["lines"]) == 2


def test_a_volunteer_s_data_is_exported_and_erased_but_the_booking_stays(client, treasurer, books, instance):
    claim = client.post(f"{API}/claims", headers=treasurer, json={
        "person_id": books["volunteer"], "month": "2026-03", "kind": "costs", "quantity": "12.00",
        "description": "Bloemen"}).get_json()
    with tenant_context("de-es", instance) as scope:
        from core.toolkit import tenant_hooks as hooks_of
        hooks = hooks_of()
        exported = hooks.noaber_privacy_export(tenant=scope.tenant, session=scope.session,
                                               person_id=books["volunteer"])
        assert any(part and part["expenses"][0]["amount"] == "12.00" for part in exported)
        hooks.noaber_privacy_erase(tenant=scope.tenant, session=scope.session, person_id=books["volunteer"])
        scope.session.commit()
    kept = client.get(f"{API}/expenses/{claim['expense_id']}", headers=treasurer).get_json()
    assert kept["amount"] == "12.00" and kept["payee_name"] == "" and kept["payee_iban"] == ""


def test_money_metrics_hold_no_names(client, treasurer, coordinator, instance):
    coffee = line(client, treasurer)
    made = expense(client, coordinator, coffee["id"], amount="80.00").get_json()
    client.post(f"{API}/expenses/{made['id']}/approve", headers=treasurer)
    client.post(f"{API}/income", headers=treasurer, json={"on": "2026-03-05", "amount": "250.00", "source": "gift"})
    from plugins.budgeting.metrics import METRICS
    with tenant_context("de-es", instance) as scope:
        values = {m.id: m.compute(scope.tenant, scope.session, Month(2026, 3)) for m in METRICS}
    assert values["budgeting.spending"].value == 80.0 and values["budgeting.spending_activities"].value == 80.0
    assert values["budgeting.income"].value == 250.0 and values["budgeting.income_gift"].value == 250.0
    assert values["budgeting.activities_share"].value == 100.0


def test_the_demo_year_has_every_state_a_batch_and_a_statement(make_tenant, instance):
    tenant = make_tenant("demo", plugins=["budgeting", "transport"])
    with instance.storage.session(tenant) as session:
        instance.hooks(tenant).noaber_demo_data(tenant=tenant, session=session, rng=random.Random(3))
        session.commit()
        from sqlalchemy import select

        from plugins.budgeting.models import BankEntry, Expense
        states = set(session.scalars(select(Expense.status)))
        assert states == {"submitted", "approved", "scheduled", "paid", "rejected"}
        assert session.query(BankEntry).filter(BankEntry.expense_id.is_(None),
                                               BankEntry.income_id.is_(None)).count() == 1
        from plugins.budgeting.models import Grant
        grants = session.scalars(select(Grant).order_by(Grant.id)).all()
        assert all(grant.goals for grant in grants)  # for the funder's report, beside the results
        assert any(part.explanation for part in grants[0].lines)
