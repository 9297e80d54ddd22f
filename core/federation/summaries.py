"""Monthly summaries: one complete snapshot per coalition and month, re-sent only when it changed.

A neighbourhood's snapshot is its metrics after disclosure control; a coalition's is the
aggregate of its members (see ``aggregate``), with the member envelopes it rests on listed
as inputs. Each approved metric is in every snapshot: a plugin the tenant does not run
gives ``not_collected``. A month is only summarised once it is over; when a past month's
figures change (a ride closed late), the next run sends a new revision that replaces the
old one at the coalition, and a value that became zero is sent as zero.
"""
from __future__ import annotations

import json

from sqlalchemy import select

from core.federation import envelope, noise
from core.federation.aggregate import aggregate_month
from core.federation.disclosure import Policy, protect
from core.federation.models import Membership, Message
from core.federation.outbox import Here, send
from core.metrics import Month, compute


def months_to_send(membership: Membership, today) -> list[Month]:
    last = Month.of(today).previous()
    month = Month.parse(membership.since) if membership.since else last
    months = []
    while (month.year, month.month) <= (last.year, last.month):
        months.append(month)
        month = month.next()
    return months


def snapshot(here: Here, month: Month) -> tuple[dict[str, dict], dict, list[dict]]:
    """Protected cells by metric id, the disclosure policy, and the inputs (coalitions only)."""
    if here.tenant.kind == "coalition":
        cells, inputs = aggregate_month(here, month)
        return cells, {"policy": "aggregate", "k": here.tenant.federation["k"]}, inputs
    settings = here.tenant.federation
    policy = Policy(settings["k"])
    results = compute(here.instance.plugins, here.tenant, here.session, month)
    cells, sdc = protect(results, policy), policy.describe()
    if settings["noise"] == "laplace":
        cells = noise.apply(here.session, str(month), results, cells, settings)
        sdc = {"policy": "k-threshold+laplace", "k": settings["k"], "epsilon": settings["epsilon"],
               "events_per_person": settings["events_per_person"]}
    return {cell["metric"]: cell for cell in cells}, sdc, []


def publish(here: Here, today) -> int:
    """Queue a summary for every active coalition and finished month that is new or changed."""
    memberships = here.session.scalars(select(Membership).where(Membership.side == "coalition",
                                                                Membership.status == "active")).all()
    cache: dict[Month, tuple] = {}
    queued = 0
    for membership in memberships:
        for month in months_to_send(membership, today):
            if month not in cache:
                cache[month] = snapshot(here, month)
            cells, sdc, inputs = cache[month]
            queued += _summarise(here, membership, month, cells, sdc, inputs)
    here.session.flush()
    return queued


def _summarise(here: Here, membership: Membership, month: Month, cells, sdc, inputs) -> int:
    values = [cells.get(m) or {"metric": m, "value": None, "status": "not_collected"} for m in membership.shared]
    last = here.session.scalar(select(Message).where(
        Message.direction == "out", Message.peer_id == membership.peer_id, Message.type == "summary",
        Message.period == str(month)).order_by(Message.seq.desc()).limit(1))
    if last is not None:
        _header, sent = envelope.unverified(last.envelope)
        if sent["values"] == values and sent["sdc"] == sdc and sent.get("inputs", []) == inputs:
            return 0
    fields = {"period": month.interval(), "revision": last.revision + 1 if last else 1, "sdc": sdc, "values": values}
    if inputs:
        fields["inputs"] = inputs
    send(here, membership.peer, "summary", fields, period=str(month), revision=fields["revision"])
    return 1


def shared_log(here: Here) -> list[tuple[Message, dict]]:
    """Every summary we ever sent, newest first, with its decoded payload ("what we shared")."""
    messages = here.session.scalars(select(Message).where(Message.direction == "out", Message.type == "summary")
                                    .order_by(Message.created_at.desc(), Message.id.desc())).all()
    return [(m, envelope.unverified(m.envelope)[1]) for m in messages]


def pretty(payload: dict) -> str:
    return json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=True)
