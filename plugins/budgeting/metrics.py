"""Money figures for coalitions, per month (``noaber_metrics``): never a person's name or IBAN.

The persons behind a figure are the distinct bookings (incomes) or payees (expenses), so that a
month of one payment to one volunteer is suppressed by disclosure control."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from core.toolkit import Measure, Metric, _l
from plugins.budgeting.labels import CATEGORY_LABELS, SOURCE_LABELS
from plugins.budgeting.models import SPENT, Claim, Expense, Income


def _expenses(session, month, *where):
    return list(session.scalars(select(Expense).where(
        Expense.on >= month.first_day, Expense.on < month.next().first_day, Expense.status.in_(SPENT), *where)))


def _payees(expenses) -> int:
    return len({e.payee_iban or e.payee_name or e.id for e in expenses})


def _income(source=None):
    def compute(_tenant, session, month):
        rows = session.scalars(select(Income).where(Income.on >= month.first_day, Income.on < month.next().first_day,
                                                    Income.received.is_(True)))
        rows = [i for i in rows if source in (None, i.source)]
        return Measure(float(sum((i.amount for i in rows), Decimal(0))), len(rows))
    return compute


def _spending(category=None):
    def compute(_tenant, session, month):
        expenses = [e for e in _expenses(session, month) if category in (None, e.line.category)]
        return Measure(float(sum((e.amount for e in expenses), Decimal(0))), _payees(expenses))
    return compute


def _activities_share(_tenant, session, month):
    expenses = _expenses(session, month)
    total = sum((e.amount for e in expenses), Decimal(0))
    on_activities = sum((e.amount for e in expenses if e.line.category == "activities"), Decimal(0))
    return Measure(round(float(100 * on_activities / total), 1) if total else 0.0, _payees(expenses))


def _reimbursements(_tenant, session, month):
    expenses = _expenses(session, month, Expense.id.in_(select(Claim.expense_id)))
    return Measure(float(sum((e.amount for e in expenses), Decimal(0))), len({e.person_id for e in expenses}))


SOURCES = SOURCE_LABELS

METRICS = [
    Metric("budgeting.income", _l("Income"), "euro", "money", _income(),
           parts=tuple(f"budgeting.income_{s}" for s in SOURCES), description=_l("Money received in the month.")),
    *[Metric(f"budgeting.income_{source}", _l("Income: %(source)s", source=label), "euro", "money", _income(source),
             description=_l("Money received in the month from this source.")) for source, label in SOURCES.items()],
    Metric("budgeting.spending", _l("Spending"), "euro", "money", _spending(),
           description=_l("Approved, scheduled and paid expenses dated in the month.")),
    *[Metric(f"budgeting.spending_{category}", _l("Spending: %(category)s", category=label), "euro", "money",
             _spending(category), description=_l("Expenses on budget lines of this category."))
      for category, label in CATEGORY_LABELS.items()],
    Metric("budgeting.activities_share", _l("Share spent on activities"), "percent", "quantity", _activities_share,
           aggregation="mean", unit_label="%", description=_l("Spending on activities as a share of all spending.")),
    Metric("budgeting.volunteer_reimbursements", _l("Volunteer reimbursements"), "euro", "money", _reimbursements,
           description=_l("Kilometres, volunteer allowances and costs paid back to volunteers.")),
]
