"""The notice board's part in the cross-plugin hooks, each in its simplest form.

A neighbourhood without the transport plugin still gets ride requests: they go on the board
as "ride wanted", for a neighbour to answer. Reports of activities carry the hours their
authors gave and what they spent; announced activities are in their author's calendar; what
the members decided to spend is announced on the board.
"""
from __future__ import annotations

from datetime import timedelta

from babel.numbers import format_currency
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from core.toolkit import (
    TIMEZONE,
    BudgetAllocation,
    CalendarEvent,
    Month,
    ReimbursementClaim,
    RideRequest,
    VolunteerHours,
    _l,
)
from plugins.example.models import Notice

#: how long an announced activity is, in a calendar
ACTIVITY = timedelta(hours=2)


def ride_wanted(session: Session, request: RideRequest) -> None:
    """Put the request on the board once (by its source); nobody is booked, so no ride id."""
    if session.scalar(select(Notice.id).where(Notice.source == request.source)) is None:
        when = request.arrive_at.astimezone(TIMEZONE)
        session.add(Notice(title=f"Wie rijdt er mee naar {request.to.name}?"[:120], source=request.source,
                           body=f"Op {when:%d-%m} om {when:%H:%M} uur. Bel het buurthuis als u kunt rijden."))


def announce_decision(session: Session, allocation: BudgetAllocation) -> None:
    """Put what the members decided on the board once (by its source), for everyone to read."""
    if session.scalar(select(Notice.id).where(Notice.source == allocation.source)) is None:
        amount = format_currency(allocation.amount, "EUR", locale="nl_NL")
        session.add(Notice(title=f"De leden besloten: {allocation.name}"[:120], source=allocation.source,
                           body=f"{amount} uit het budget van {allocation.year}."))


def withdraw(session: Session, source_prefix: str) -> int:
    """Take the "ride wanted" notices of *source_prefix* off the board."""
    found = session.execute(delete(Notice).where(Notice.source.startswith(source_prefix, autoescape=True)))
    return found.rowcount


def _in(month: Month):
    return select(Notice).where(Notice.posted_at >= month.start, Notice.posted_at < month.end,
                                Notice.author_person_id.is_not(None))


def claims(session: Session, month: Month) -> list[ReimbursementClaim]:
    return [ReimbursementClaim(n.author_person_id, "costs", n.costs, n.title, f"example:notice:{n.id}",
                               n.posted_at.astimezone(TIMEZONE).date())
            for n in session.scalars(_in(month).where(Notice.costs.is_not(None)))]


def hours(session: Session, month: Month) -> list[VolunteerHours]:
    return [VolunteerHours(n.author_person_id, "activities", n.hours, _l("Activities"))
            for n in session.scalars(_in(month).where(Notice.hours.is_not(None)))]


def events(session: Session, person_id: int, start, end) -> list[CalendarEvent]:
    notices = session.scalars(select(Notice).where(Notice.author_person_id == person_id,
                                                   Notice.starts_at >= start, Notice.starts_at < end))
    return [CalendarEvent(f"example-notice-{n.id}", n.title, n.starts_at, n.starts_at + ACTIVITY, description=n.body)
            for n in notices]


def by_author(session: Session, person_id: int) -> list[Notice]:
    return list(session.scalars(select(Notice).where(Notice.author_person_id == person_id)
                                .order_by(Notice.posted_at.desc()).limit(5)))
