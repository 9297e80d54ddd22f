"""A funder's report per grant: what the page and the PDF both show, gathered once.

The cover (grant reference, organisation, KvK/RSIN, IBAN), goals and the results of the grant's period
from the other plugins' metrics, per funded line budget/actual/difference/%, funding received, the final
claim or refund, and the expenses with their receipt numbers."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from plugins.budgeting.models import SPENT, Expense, Grant
from plugins.budgeting.report import GrantRow, grant_row
from plugins.budgeting.results import Result, period_results


@dataclass
class FunderReport:
    grant: Grant
    row: GrantRow
    expenses: list[Expense]
    organisation: str
    settings: dict
    results: list[Result]

    @property
    def explanations(self) -> dict[int, str]:
        """Per funded line id, why it differs from its budget (as the treasurer wrote it)."""
        return {part.line_id: part.explanation for part in self.grant.lines}

    @property
    def advance(self) -> Decimal | None:
        if not self.grant.advance_percent:
            return None
        return (self.grant.amount * self.grant.advance_percent / 100).quantize(Decimal("0.01"))

    @property
    def settle(self) -> Decimal:
        """Above zero the final claim (still to receive), below zero what goes back to the funder."""
        return min(self.row.spent, self.grant.amount) - self.row.received


def funder_report(session, tenant, grant: Grant, figures, today: date) -> FunderReport:
    """*figures(month)* gives the tenant's metrics of a month (``tenant_figures``)."""
    line_ids = [part.line_id for part in grant.lines]
    expenses = session.scalars(select(Expense).where(
        Expense.line_id.in_(line_ids), Expense.on >= grant.starts_on, Expense.on <= grant.ends_on,
        Expense.status.in_(SPENT)).order_by(Expense.on, Expense.id)).all()
    return FunderReport(grant, grant_row(session, grant), list(expenses), tenant.name,
                        tenant.plugin_settings("budgeting"),
                        period_results(figures, grant.starts_on, min(grant.ends_on, today)))
