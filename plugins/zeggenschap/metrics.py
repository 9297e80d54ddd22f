"""The figures zeggenschap shares with coalitions, per month (``noaber_metrics``): counts and sums only,
never a ballot or a name. Turnout travels as its two parts (ballots cast and voters eligible in the votes
closed that month), so that a coalition adds them up before it divides."""
from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.toolkit import Measure, Metric, Month, _l
from plugins.zeggenschap.models import Member, Proposal, Vote


def _members(_tenant, session: Session, month: Month) -> Measure:
    """Members on the last day of the month."""
    last_day = month.next().first_day - timedelta(days=1)
    count = session.scalar(select(func.count(Member.person_id.distinct())).where(
        Member.since <= last_day, (Member.until.is_(None)) | (Member.until > last_day)))
    return Measure(count, count)


def _proposals_made(_tenant, session: Session, month: Month) -> Measure:
    start, end = month.first_day, month.next().first_day
    rows = session.execute(select(Proposal.person_id).where(Proposal.created_on >= start, Proposal.created_on < end))
    people = [row.person_id for row in rows]
    return Measure(len(people), len({p for p in people if p is not None}))


def _proposals_adopted(_tenant, session: Session, month: Month) -> Measure:
    start, end = month.first_day, month.next().first_day
    rows = session.execute(select(Proposal.person_id).where(Proposal.status == "adopted",
                                                            Proposal.status_on >= start, Proposal.status_on < end))
    people = [row.person_id for row in rows]
    return Measure(len(people), len({p for p in people if p is not None}))


def _closed(session: Session, month: Month) -> list[dict]:
    votes = session.scalars(select(Vote).where(Vote.closed_at >= month.start, Vote.closed_at < month.end))
    return [json.loads(v.result) for v in votes if v.result]


def _votes_held(_tenant, session, month):
    results = _closed(session, month)
    return Measure(len(results), sum(r["ballots"] for r in results))


def _ballots(_tenant, session, month):
    cast = sum(r["ballots"] for r in _closed(session, month))
    return Measure(cast, cast)


def _eligible(_tenant, session, month):
    eligible = sum(r["eligible"] for r in _closed(session, month))
    return Measure(eligible, eligible)


def _euros(_tenant, session, month):
    results = [r for r in _closed(session, month) if r.get("allocated") and r["quorum_met"]]
    total = sum((Decimal(r["allocated"]) for r in results), Decimal(0))
    return Measure(float(total), sum(r["ballots"] for r in results))


def metrics() -> list[Metric]:
    return [
        Metric("zeggenschap.members", _l("Members"), "persons", "persons", _members, aggregation="sum"),
        Metric("zeggenschap.proposals_made", _l("Proposals made"), "proposals", "events", _proposals_made,
               unit_label=_l("proposals")),
        Metric("zeggenschap.proposals_adopted", _l("Proposals adopted"), "proposals", "events", _proposals_adopted,
               unit_label=_l("proposals")),
        Metric("zeggenschap.votes_held", _l("Votes held"), "votes", "events", _votes_held, unit_label=_l("votes")),
        Metric("zeggenschap.ballots_cast", _l("Ballots cast (turnout: divide by the eligible voters)"), "persons",
               "persons", _ballots),
        Metric("zeggenschap.eligible_voters", _l("Eligible voters in the votes held"), "persons", "quantity",
               _eligible),
        Metric("zeggenschap.euros_allocated", _l("Euros allocated by the members' decision"), "euro", "money",
               _euros),
    ]
