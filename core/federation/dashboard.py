"""What a coalition looks at: per metric a year of months, a trend, coverage; and its members."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from core.federation.aggregate import Cell, cells
from core.federation.models import Membership, Message
from core.metrics import Month


@dataclass
class Row:
    metric: str
    label: str
    unit: str
    cells: list[Cell | None]

    @property
    def biggest(self) -> float:
        return max((c.value for c in self.cells if c is not None and c.value), default=0)

    @property
    def incomplete(self) -> bool:
        """Some month's total rests on fewer neighbourhoods than there are."""
        return any(cell is None or not cell.complete for cell in self.cells)


@dataclass
class MemberRow:
    membership: Membership
    last_period: str | None
    last_received: object


@dataclass
class View:
    #: "YYYY-MM", oldest first (as the exports write them)
    months: list[str]
    rows: list[Row]
    members: list[MemberRow]
    active: int
    #: the same months, to be named in people's words
    periods: list[Month] = field(default_factory=list)


def build(session, catalogue: dict, count: int = 12, today: date | None = None) -> View:
    last = Month.of(today or date.today()).previous()
    months = [last]
    while len(months) < count:
        months.insert(0, months[0].previous())
    aggregations = {metric_id: metric.aggregation for metric_id, metric in catalogue.items()}
    table = cells(session, months, aggregations)
    metric_ids = sorted({metric for metric, _period in table})
    rows = [Row(m, str(catalogue[m].label) if m in catalogue else m, catalogue[m].shown_unit if m in catalogue else "",
                [table.get((m, str(month))) for month in months]) for m in metric_ids]
    members = _members(session)
    active = sum(m.membership.status == "active" for m in members)
    return View([str(m) for m in months], rows, members, active, months)


def _members(session) -> list[MemberRow]:
    memberships = session.scalars(select(Membership).where(Membership.side == "member")).all()
    latest = dict(session.execute(select(Message.peer_id, func.max(Message.period)).where(
        Message.direction == "in", Message.type == "summary").group_by(Message.peer_id)).all())
    order = {"active": 0, "requested": 1, "declined": 2, "ended": 3}
    return [MemberRow(m, latest.get(m.peer_id), m.peer.last_contact_at)
            for m in sorted(memberships, key=lambda m: (order.get(m.status, 9), m.peer.name))]


def data_value_sets(view: View, tenant) -> dict:
    """DHIS2 ``dataValueSets`` JSON: import it with ``dataElementIdScheme=CODE&orgUnitIdScheme=CODE``.

    Data element codes are the metric ids, the org unit is the coalition's CBS region code
    (or its slug), periods are DHIS2 monthly periods (``202610``). Only reported values go
    in; the comment says how many members reported.
    """
    values = []
    for row in view.rows:
        for period, cell in zip(view.months, row.cells, strict=True):
            if cell is not None and cell.value is not None:
                values.append({"dataElement": row.metric, "period": period.replace("-", ""),
                               "orgUnit": tenant.region or tenant.slug, "value": f"{cell.value:g}",
                               "comment": f"{cell.reporting}/{cell.members} members reporting, "
                                          f"{cell.suppressed} suppressed"})
    return {"dataValues": values}
