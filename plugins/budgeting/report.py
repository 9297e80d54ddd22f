"""Budget vs actual per line and per grant, and the year in figures (the members' report draws on it)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from plugins.budgeting.models import SPENT, Grant, Income, Line
from plugins.budgeting.service import lines_of, spent_per_line

ZERO = Decimal("0.00")
#: a line further than this from its budget is flagged for an explanation (funders ask for one)
FLAG_OVER = Decimal("10")


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    return None if not whole else (Decimal(100) * part / whole).quantize(Decimal("0.1"))


@dataclass
class LineRow:
    line: Line
    budget: Decimal
    actual: Decimal
    pending: Decimal

    @property
    def difference(self) -> Decimal:
        return self.budget - self.actual

    @property
    def percent(self) -> Decimal | None:
        return percent(self.actual, self.budget)

    @property
    def flagged(self) -> bool:
        return bool(self.budget) and abs(self.difference) * 100 > FLAG_OVER * self.budget


@dataclass
class GrantRow:
    grant: Grant
    received: Decimal
    spent: Decimal
    lines: list[LineRow] = field(default_factory=list)

    @property
    def remaining(self) -> Decimal:
        return self.grant.amount - self.spent


@dataclass
class YearReport:
    year: int
    lines: list[LineRow]
    grants: list[GrantRow]
    income_by_source: dict[str, Decimal]
    spent_by_category: dict[str, Decimal]

    @property
    def budget(self) -> Decimal:
        return sum((r.budget for r in self.lines), ZERO)

    @property
    def actual(self) -> Decimal:
        return sum((r.actual for r in self.lines), ZERO)

    @property
    def income(self) -> Decimal:
        return sum(self.income_by_source.values(), ZERO)

    @property
    def decided_by_members(self) -> Decimal:
        return sum((r.budget for r in self.lines if r.line.decided_by_members), ZERO)

    @property
    def share_on_activities(self) -> Decimal | None:
        return percent(self.spent_by_category.get("activities", ZERO), self.actual)


def year_report(session, year: int) -> YearReport:
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    actual, pending = spent_per_line(session, start, end, SPENT), spent_per_line(session, start, end, ("submitted",))
    rows = [LineRow(line, line.amount, actual.get(line.id, ZERO), pending.get(line.id, ZERO))
            for line in lines_of(session, year)]
    by_category: dict[str, Decimal] = {}
    for row in rows:
        by_category[row.line.category] = by_category.get(row.line.category, ZERO) + row.actual
    return YearReport(year, rows, [grant_row(session, g) for g in grants_in(session, start, end)],
                      income_by_source(session, start, end), by_category)


def grants_in(session, start: date, end: date) -> list[Grant]:
    return list(session.scalars(select(Grant).where(Grant.starts_on < end, Grant.ends_on >= start)
                                .order_by(Grant.starts_on, Grant.id)))


def grant_row(session, grant: Grant) -> GrantRow:
    """What a grant funded: per line the part of the actual spending within the grant's period, up to its share."""
    actual = spent_per_line(session, grant.starts_on, grant.ends_on + timedelta(days=1), SPENT)
    rows = [LineRow(part.line, part.amount, actual.get(part.line_id, ZERO), ZERO)
            for part in grant.lines]
    received = session.scalar(select(func.sum(Income.amount)).where(Income.grant_id == grant.id,
                                                                    Income.received.is_(True)))
    return GrantRow(grant, Decimal(received or ZERO), sum((min(r.actual, r.budget) for r in rows), ZERO), rows)


def income_by_source(session, start: date, end: date) -> dict[str, Decimal]:
    rows = session.execute(select(Income.source, func.sum(Income.amount))
                           .where(Income.on >= start, Income.on < end, Income.received.is_(True))
                           .group_by(Income.source))
    return {source: Decimal(total) for source, total in rows}
