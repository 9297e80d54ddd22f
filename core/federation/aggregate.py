"""A coalition's figures: per metric and month, across the members that share it.

Per member and month only the latest revision counts (a corrected month replaces the old
one; a zero clears). Members whose membership ended no longer count. Per cell: the sum (or
the aggregation the metric declares) of the values members reported, how many reported,
how many had the cell suppressed, and coverage against the active membership.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from sqlalchemy import select

from core.federation import envelope
from core.federation.models import Membership, Message, Peer
from core.metrics import Month

COMBINE = {"sum": sum, "max": max, "min": min, "mean": statistics.fmean}


@dataclass
class Cell:
    metric: str
    period: str
    value: float | None = None
    reporting: int = 0
    suppressed: int = 0
    not_collected: int = 0
    members: int = 0
    inputs: list = field(default_factory=list)

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
    """``{(metric, YYYY-MM): Cell}`` for these months."""
    members = len(active_members(session))
    table: dict[tuple[str, str], Cell] = {}
    reported: dict[tuple[str, str], list[float]] = {}
    for (_peer, period), message in latest_summaries(session, months).items():
        _header, payload = envelope.unverified(message.envelope)  # verified when it was received
        for value in payload["values"]:
            key = (value["metric"], period)
            cell = table.setdefault(key, Cell(value["metric"], period, members=members))
            cell.inputs.append({"iss": payload["iss"], "seq": payload["seq"], "sha256": message.sha256})
            if value["status"] in ("ok", "zero"):
                cell.reporting += 1
                reported.setdefault(key, []).append(value["value"])
            elif value["status"] == "suppressed":
                cell.suppressed += 1
            else:
                cell.not_collected += 1
    for key, values in reported.items():
        combine = COMBINE[aggregations.get(key[0], "sum")]
        table[key].value = round(combine(values), 1)
    return table


def aggregate_month(here, month: Month) -> tuple[dict[str, dict], list[dict]]:
    """Cells for an upward summary, and the member envelopes they rest on."""
    aggregations = {metric_id: metric.aggregation for metric_id, (_owner, metric) in here.instance.plugins.metrics.items()}
    result, inputs = {}, {}
    for (metric, _period), cell in cells(here.session, [month], aggregations).items():
        if cell.reporting:
            value = int(cell.value) if float(cell.value).is_integer() else cell.value
            result[metric] = {"metric": metric, "value": value, "status": "zero" if value == 0 else "ok"}
        else:
            status = "suppressed" if cell.suppressed else "not_collected"
            result[metric] = {"metric": metric, "value": None, "status": status}
        for item in cell.inputs:
            inputs[(item["iss"], item["seq"])] = item
    return result, sorted(inputs.values(), key=lambda i: (i["iss"], i["seq"]))
