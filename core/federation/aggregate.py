"""A coalition's figures: per metric and month, across the members that share it.

Per member and month only the latest revision counts (a corrected month replaces the old
one; a zero clears). Members whose membership ended no longer count. Per cell: the sum (or
the aggregation the metric declares) of the values members reported, how many reported,
how many had the cell suppressed, and coverage against the active membership.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from core.federation.models import Figure, Membership, Message, Peer
from core.metrics import Month


@dataclass
class Cell:
    metric: str
    period: str
    value: float | None = None
    reporting: int = 0
    suppressed: int = 0
    not_collected: int = 0
    members: int = 0

    @property
    def coverage(self) -> float:
        return self.reporting / self.members if self.members else 0.0


def active_members(session) -> list[Membership]:
    return list(session.scalars(select(Membership).join(Peer).where(Membership.side == "member",
                                                                   Membership.status == "active").order_by(Peer.name)))


def latest_summaries(session, months: list[Month] | None = None) -> dict[tuple[int, str], Message]:
    """The latest summary per (member peer, month), active members only."""
    peers = [m.peer_id for m in active_members(session)]
    query = select(Message).where(Message.direction == "in", Message.type == "summary", Message.peer_id.in_(peers))
    if months is not None:
        query = query.where(Message.period.in_([str(m) for m in months]))
    latest: dict[tuple[int, str], Message] = {}
    for message in session.scalars(query.order_by(Message.seq)):
        latest[(message.peer_id, message.period)] = message
    return latest


def cells(session, months: list[Month], aggregations: dict[str, str]) -> dict[tuple[str, str], Cell]:
    """``{(metric, YYYY-MM): Cell}`` for these months, added up in the database."""
    active = select(Membership.peer_id).where(Membership.side == "member", Membership.status == "active")
    members = session.scalar(select(func.count()).select_from(active.subquery()))
    query = (select(Figure.metric, Figure.period, Figure.status, func.count(), func.sum(Figure.value),
                    func.max(Figure.value), func.min(Figure.value))
             .where(Figure.period.in_([str(m) for m in months]), Figure.peer_id.in_(active))
             .group_by(Figure.metric, Figure.period, Figure.status))
    table: dict[tuple[str, str], Cell] = {}
    totals: dict[tuple[str, str], list] = {}
    for metric, period, status, count, total, biggest, smallest in session.execute(query):
        cell = table.setdefault((metric, period), Cell(metric, period, members=members))
        if status in ("ok", "zero"):
            cell.reporting += count
            found = totals.setdefault((metric, period), [0, 0.0, None, None])
            found[0] += count
            found[1] += total or 0
            found[2] = biggest if found[2] is None else max(found[2], biggest)
            found[3] = smallest if found[3] is None else min(found[3], smallest)
        elif status == "suppressed":
            cell.suppressed += count
        else:
            cell.not_collected += count
    for key, (count, total, biggest, smallest) in totals.items():
        how = aggregations.get(key[0], "sum")
        value = {"sum": total, "max": biggest, "min": smallest, "mean": total / count}[how]
        table[key].value = round(value, 1)
    return table


def _inputs(session, month: Month) -> list[dict]:
    """The member envelopes a month's aggregate rests on, as (iss, seq, sha256)."""
    return sorted(({"iss": message.peer.url, "seq": message.seq, "sha256": message.sha256}
                   for message in latest_summaries(session, [month]).values()),
                  key=lambda i: (i["iss"], i["seq"]))


def aggregate_month(here, month: Month) -> tuple[dict[str, dict], list[dict]]:
    """Cells for an upward summary, and the member envelopes they rest on."""
    aggregations = {metric_id: metric.aggregation for metric_id, (_owner, metric) in here.instance.plugins.metrics.items()}
    result = {}
    for (metric, _period), cell in cells(here.session, [month], aggregations).items():
        if cell.reporting:
            value = int(cell.value) if float(cell.value).is_integer() else cell.value
            result[metric] = {"metric": metric, "value": value, "status": "zero" if value == 0 else "ok"}
        else:
            status = "suppressed" if cell.suppressed else "not_collected"
            result[metric] = {"metric": metric, "value": None, "status": status}
    return result, _inputs(here.session, month)
