"""Rides to the sessions, asked of whichever plugin does rides (transport), through the
cross-plugin hooks only: ``noaber_request_ride`` and ``noaber_cancel_rides``.

Each ride's source is ``daycare:enrolment:<e>:session:<s>:`` — the colon at the end so that
cancelling session 4's ride never cancels session 40's (the hook cancels by prefix).
Without a plugin that does rides, nothing is asked and the group page lists who needs transport.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session as Db

from core.toolkit import NoaberError, Place, RideRequest, current_tenant, known_place, tenant_hooks, utcnow
from plugins.daycare.models import Enrolment, Group, RideAsked, Session
from plugins.daycare.schedule import ends_at, starts_at, today


def source(enrolment_id: int, session_id: int | None = None) -> str:
    if session_id is None:
        return f"daycare:enrolment:{enrolment_id}:"
    return f"daycare:enrolment:{enrolment_id}:session:{session_id}:"


def place_of(db: Db, group: Group) -> Place:
    if group.place_id is not None:
        known = known_place(db, group.place_id)
        if known is not None:
            return known.as_place()
    return Place(group.location_text or group.name, group.location_text, group.location_lat, group.location_lon)


def window_days() -> int:
    return current_tenant().plugin_settings("daycare")["ride_days"]


def _hooks():
    """The current tenant and its hooks; None outside a tenant's request or context (a test that
    fills a tenant's demo data directly), where no rides are asked."""
    try:
        return current_tenant(), tenant_hooks()
    except RuntimeError:
        return None


def ask_for(db: Db, enrolment: Enrolment, days: int | None = None) -> int:
    """Ask rides for the enrolment's sessions of the coming *days*, each once; returns how many were asked."""
    if enrolment.status != "enrolled" or not enrolment.needs_transport or _hooks() is None:
        return 0
    days = window_days() if days is None else days
    now = utcnow()
    first = today()
    asked = set(db.scalars(select(RideAsked.session_id).where(RideAsked.enrolment_id == enrolment.id)))
    coming = db.scalars(select(Session).where(Session.group_id == enrolment.group_id, Session.cancelled.is_(False),
                                              Session.day >= first, Session.day <= first + timedelta(days=days))
                        .order_by(Session.day, Session.starts))
    count = 0
    for s in coming:
        if s.id in asked or starts_at(s) <= now:
            continue
        row = _ask(db, enrolment, s)
        if row.ride_id is not None or row.problem:  # None: no plugin does rides here (yet)
            db.add(row)
            count += 1
    db.flush()
    return count


def _ask(db: Db, enrolment: Enrolment, s: Session) -> RideAsked:
    request = RideRequest(enrolment.person_id, place_of(db, enrolment.group), starts_at(s),
                          source(enrolment.id, s.id), return_at=ends_at(s))
    row = RideAsked(enrolment_id=enrolment.id, session_id=s.id)
    try:
        with db.begin_nested():  # a refused ride leaves nothing half-made behind
            tenant, hooks = _hooks()
            row.ride_id = hooks.noaber_request_ride(tenant=tenant, session=db, request=request)
    except NoaberError as exc:
        row.problem = str(exc)[:200]
    return row


def cancel(db: Db, enrolment_id: int, session_id: int | None, reason: str) -> int:
    """Cancel the rides asked for an enrolment (one session, or all); returns how many were cancelled."""
    query = select(RideAsked).where(RideAsked.enrolment_id == enrolment_id, RideAsked.cancelled.is_(False))
    if session_id is not None:
        query = query.where(RideAsked.session_id == session_id)
    rows = list(db.scalars(query))
    if not rows or _hooks() is None:
        return 0
    for row in rows:
        row.cancelled = True
    tenant, hooks = _hooks()
    counts = hooks.noaber_cancel_rides(tenant=tenant, session=db, source_prefix=source(enrolment_id, session_id),
                                       reason=reason)
    return sum(counts)


def cancel_session(db: Db, s: Session, reason: str) -> int:
    ids = db.scalars(select(RideAsked.enrolment_id).where(RideAsked.session_id == s.id))
    return sum(cancel(db, enrolment_id, s.id, reason) for enrolment_id in set(ids))


def ask_again(db: Db, enrolment: Enrolment, s: Session) -> None:
    """Someone reported absent in advance turns up after all: ask the ride again."""
    row = db.scalar(select(RideAsked).where(RideAsked.enrolment_id == enrolment.id, RideAsked.session_id == s.id,
                                            RideAsked.cancelled.is_(True)))
    if row is not None and starts_at(s) > utcnow():
        db.delete(row)
        db.flush()
        row = _ask(db, enrolment, s)
        if row.ride_id is not None or row.problem:
            db.add(row)


def extend_all(db: Db, days: int | None = None) -> int:
    """The daily run: ask the rides that came inside the window since yesterday."""
    enrolments = db.scalars(select(Enrolment).where(Enrolment.status == "enrolled",
                                                    Enrolment.needs_transport.is_(True)))
    return sum(ask_for(db, e, days) for e in enrolments)


def rides_problems(db: Db, group_id: int) -> dict[int, str]:
    """Per enrolment, why a ride could not be asked (the latest reason), for the group page."""
    rows = db.scalars(select(RideAsked).join(Enrolment, Enrolment.id == RideAsked.enrolment_id)
                      .where(Enrolment.group_id == group_id, RideAsked.problem != ""))
    return {row.enrolment_id: row.problem for row in rows}
