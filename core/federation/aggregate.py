"""A coalition's figures: per metric and month, across the members that share it.

Per member and month only the latest revision counts (a corrected month replaces the old
one; a zero clears). Members whose membership ended no longer count. A month's totals per
metric and status are kept (``PeriodTotal``) and rebuilt when a summary for the month has
arrived or the membership changed since, so that a dashboard over 2,000 members reads a few
hundred rows instead of adding up a million. Per cell: the sum (or
the aggregation the metric declares) of the values members reported, how many reported,
how many had the cell suppressed, and coverage against the active membership.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select

from core.federation import envelope
from core.federation.envelope import SHOWN
from core.federation.models import Membership, Message, PeriodState, PeriodTotal
from core.metrics import Month, installed_metrics


@dataclass
class Cell:
    metric: str
    period: str
    value: float | None = None
    reporting: int = 0
    suppressed: int = 0
    not_collected: int = 0
    members: int = 0
    #: neighbourhoods behind the value at any depth: all of them, and those that reported it
    communities: int = 0
    communities_reporting: int = 0

    @property
    def coverage(self) -> float:
        return self.reporting / self.members if self.members else 0.0

    @property
    def complete(self) -> bool:
        """Every neighbourhood behind the total reported its figure: none hid it or sent nothing."""
        return self.communities > 0 and self.communities_reporting == self.communities


#: the peers whose figures count: members of an active membership
ACTIVE_PEERS = select(Membership.peer_id).where(Membership.side == "member", Membership.status == "active")


def _latest(period: str, *columns):
    """*columns* (default: the message) of each active member's latest summary for *period*."""
    newest = (select(Message.peer_id, func.max(Message.seq).label("seq"))
              .where(Message.direction == "in", Message.type == "summary", Message.period == period,
                     Message.peer_id.in_(ACTIVE_PEERS))
              .group_by(Message.peer_id).subquery())
    return (select(*(columns or (Message,))).where(Message.direction == "in")
            .join(newest, (Message.peer_id == newest.c.peer_id) & (Message.seq == newest.c.seq)))


def latest_summaries(session, month: Month) -> list[Message]:
    """The latest summary of each active member for *month*."""
    return list(session.scalars(_latest(str(month))))


def cells(session, months: list[Month], aggregations: dict[str, str]) -> dict[tuple[str, str], Cell]:
    """``{(metric, YYYY-MM): Cell}`` for these months, from the months' totals (rebuilt where stale)."""
    periods = [str(m) for m in months]
    members = refresh(session, periods)
    table: dict[tuple[str, str], Cell] = {}
    totals: dict[tuple[str, str], list] = {}
    for row in session.execute(select(PeriodTotal.__table__).where(PeriodTotal.period.in_(periods))):
        cell = table.setdefault((row.metric, row.period), Cell(row.metric, row.period, members=members))
        cell.communities += row.communities
        cell.communities_reporting += row.communities_reporting
        if row.status in ("ok", "zero"):
            cell.reporting += row.count
            found = totals.setdefault((row.metric, row.period), [0, 0.0, None, None])
            found[0] += row.count
            found[1] += row.total or 0
            found[2] = row.biggest if found[2] is None else max(found[2], row.biggest)
            found[3] = row.smallest if found[3] is None else min(found[3], row.smallest)
        elif row.status == "suppressed":
            cell.suppressed += row.count
        else:
            cell.not_collected += row.count
    for key, (count, total, biggest, smallest) in totals.items():
        how = aggregations.get(key[0], "sum")
        value = {"sum": total, "max": biggest, "min": smallest, "mean": total / count}[how]
        table[key].value = round(value, 1)
    for cell in table.values():  # a member that sent nothing for the month is one community at least
        silent = cell.members - cell.reporting - cell.suppressed - cell.not_collected
        cell.communities += max(0, silent)
    return table


def basis(session) -> tuple[int, str]:
    """How many members are active, and a fingerprint of the membership that changes with it."""
    member = Membership.side == "member"
    count, decided = session.execute(select(func.count(), func.max(Membership.decided_at))
                                     .where(member, Membership.status == "active")).one()
    ended = session.scalar(select(func.max(Membership.ended_at)).where(member))
    return count, f"{count}|{decided}|{ended}"


def _received(session, periods: list[str]) -> dict[str, str]:
    """Per month, a mark that changes whenever a summary for it is stored: the newest
    message's id and how many there are. Read here, so that taking a summary in writes
    nothing but the summary (docs/benchmarks.md)."""
    return {period: f"{newest}:{count}" for period, newest, count in session.execute(
        select(Message.period, func.max(Message.id), func.count())
        .where(Message.direction == "in", Message.type == "summary", Message.period.in_(periods))
        .group_by(Message.period))}


def refresh(session, periods: list[str]) -> int:
    """Rebuild the totals of the months whose basis changed (the caller commits)."""
    members, membership = basis(session)
    received = _received(session, periods)
    wanted = {period: f"{membership}|{received.get(period, '-')}" for period in periods}
    fresh = {period for period, kept in session.execute(
        select(PeriodState.period, PeriodState.basis).where(PeriodState.period.in_(periods)))
        if kept == wanted[period]}
    totals, states = PeriodTotal.__table__, PeriodState.__table__  # plain SQL: nothing kept in the session
    for period in sorted(set(periods) - fresh):
        session.execute(totals.delete().where(totals.c.period == period))
        rows = _count(session, period)
        if rows:
            session.execute(totals.insert(), rows)
        session.execute(states.delete().where(states.c.period == period))
        session.execute(states.insert().values(period=period, basis=wanted[period]))
    return members


def refresh_received(session) -> None:
    """Count again every month a summary arrived for since it was last counted (the caller
    commits): a federation run ends with this, so the dashboard finds the totals ready."""
    periods = session.scalars(select(Message.period).where(
        Message.direction == "in", Message.type == "summary", Message.period.is_not(None)).distinct())
    refresh(session, list(periods))


def _count(session, period: str) -> list[dict]:
    """A month's totals per metric and status, from the members' latest summaries.

    Read from the stored envelopes (verified when they came in): a coalition keeps no row
    per value, so taking a summary in stays one write (docs/benchmarks.md). A
    neighbourhood's value is one community, reporting when it shows a number; a coalition
    member's value says how many stand behind it.
    """
    counts: Counter = Counter()
    numbers: dict[tuple[str, str], list] = defaultdict(list)
    communities: Counter = Counter()  # beyond one per value
    reporting: Counter = Counter()    # beyond one per shown value
    for text in session.scalars(_latest(period, Message.envelope)):
        for value in envelope.stored_payload(text)["values"]:
            key = (value["metric"], value["status"])
            counts[key] += 1
            if value["value"] is not None:
                numbers[key].append(value["value"])
            if len(value) > 3:
                communities[key] += value["communities"] - 1
                reporting[key] += value["reporting"] - (value["status"] in SHOWN)
    rows = []
    for (metric, status), count in counts.items():
        found = numbers.get((metric, status))
        rows.append({"period": period, "metric": metric, "status": status, "count": count,
                     "total": sum(found) if found else None, "biggest": max(found) if found else None,
                     "smallest": min(found) if found else None,
                     "communities": count + communities[(metric, status)],
                     "communities_reporting": count * (status in SHOWN) + reporting[(metric, status)]})
    return rows


def _inputs(session, month: Month) -> list[dict]:
    """The member envelopes a month's aggregate rests on, as (iss, seq, sha256)."""
    return sorted(({"iss": message.peer.url, "seq": message.seq, "sha256": message.sha256}
                   for message in latest_summaries(session, month)),
                  key=lambda i: (i["iss"], i["seq"]))


def aggregate_month(here, month: Month) -> tuple[dict[str, dict], list[dict]]:
    """Cells for an upward summary, and the member envelopes they rest on."""
    aggregations = {metric_id: m.aggregation for metric_id, m in installed_metrics(here.instance.plugins).items()}
    result = {}
    for (metric, _period), cell in cells(here.session, [month], aggregations).items():
        counted = {"communities": cell.communities, "reporting": cell.communities_reporting}
        if cell.reporting:
            value = int(cell.value) if float(cell.value).is_integer() else cell.value
            result[metric] = {"metric": metric, "value": value, "status": "zero" if value == 0 else "ok", **counted}
        else:
            status = "suppressed" if cell.suppressed else "not_collected"
            result[metric] = {"metric": metric, "value": None, "status": status, **counted}
    return result, _inputs(here.session, month)
