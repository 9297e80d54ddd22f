"""Groups and their sessions: made from the weekly schedule over the group's period."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import delete, exists, func, select
from sqlalchemy.orm import Session as Db

from core.toolkit import TIMEZONE, NoaberError
from plugins.daycare.models import Attendance, Enrolment, Group, Helper, RideAsked, Session, Slot

#: sessions are made this far back at most: a group entered late still gets its recent past
PAST_DAYS = 366


def today() -> date:
    return datetime.now(TIMEZONE).date()


def horizon(group: Group, weeks: int, on: date) -> tuple[date, date]:
    """The days sessions are made for: the period, from at most a year back to *weeks* ahead."""
    first = max(group.starts_on, on - timedelta(days=PAST_DAYS))
    last = max(on, group.starts_on) + timedelta(weeks=weeks)
    if group.ends_on is not None:
        last = min(last, group.ends_on)
    return first, last


def set_schedule(group: Group, slots: list[dict]) -> None:
    """The weekly schedule: each slot a weekday (0 is Monday) with ``starts`` and ``ends``."""
    for slot in slots:
        if slot["ends"] <= slot["starts"]:
            raise NoaberError("a session ends after it starts")
    group.slots = [Slot(weekday=s["weekday"], starts=s["starts"], ends=s["ends"]) for s in slots]


def make_sessions(db: Db, group: Group, weeks: int, on: date | None = None) -> int:
    """Add the sessions the schedule gives that are not there yet; returns how many were added."""
    on = on or today()
    first, last = horizon(group, weeks, on)
    have = {(s.day, s.starts) for s in db.scalars(select(Session).where(Session.group_id == group.id))}
    added = 0
    for slot in group.slots:
        day = first + timedelta(days=(slot.weekday - first.weekday()) % 7)
        while day <= last:
            if (day, slot.starts) not in have:
                db.add(Session(group_id=group.id, day=day, starts=slot.starts, ends=slot.ends))
                have.add((day, slot.starts))
                added += 1
            day += timedelta(weeks=1)
    db.flush()
    return added


def used(session_id_column):
    """Sessions with attendance or volunteers recorded: those stay when the schedule changes."""
    return (exists().where(Attendance.session_id == session_id_column)
            | exists().where(Helper.session_id == session_id_column))


def stale(db: Db, group: Group, weeks: int, on: date | None = None) -> list[Session]:
    """After the schedule or period changed: the coming sessions that no longer fit and that
    nothing was recorded for (a cancelled one that still fits stays cancelled). Extra one-offs stay."""
    on = on or today()
    first, last = horizon(group, weeks, on)
    fits = {(s.weekday, s.starts, s.ends) for s in group.slots}
    coming = db.scalars(select(Session).where(Session.group_id == group.id, Session.day >= on,
                                              Session.extra.is_(False), ~used(Session.id)))
    return [s for s in coming if (s.day.weekday(), s.starts, s.ends) not in fits or not first <= s.day <= last]


def drop(db: Db, sessions: list[Session]) -> None:
    ids = [s.id for s in sessions]
    if ids:
        db.execute(delete(RideAsked).where(RideAsked.session_id.in_(ids)))
        db.execute(delete(Session).where(Session.id.in_(ids)))
    db.flush()


def add_extra(db: Db, group: Group, day: date, starts: time, ends: time) -> Session:
    if ends <= starts:
        raise NoaberError("a session ends after it starts")
    if db.scalar(select(Session.id).where(Session.group_id == group.id, Session.day == day,
                                          Session.starts == starts)) is not None:
        raise NoaberError("this group meets at that time already")
    extra = Session(group_id=group.id, day=day, starts=starts, ends=ends, extra=True)
    db.add(extra)
    db.flush()
    return extra


def sessions_between(db: Db, group_id: int, first: date | None, last: date | None) -> list[Session]:
    query = select(Session).where(Session.group_id == group_id)
    if first is not None:
        query = query.where(Session.day >= first)
    if last is not None:
        query = query.where(Session.day <= last)
    return list(db.scalars(query.order_by(Session.day, Session.starts)))


def starts_at(s: Session) -> datetime:
    return datetime.combine(s.day, s.starts, tzinfo=TIMEZONE)


def ends_at(s: Session) -> datetime:
    return datetime.combine(s.day, s.ends, tzinfo=TIMEZONE)


def hours(s: Session):
    minutes = (s.ends.hour * 60 + s.ends.minute) - (s.starts.hour * 60 + s.starts.minute)
    return Decimal(minutes) / 60


def enrolled_count(db: Db, group_id: int) -> int:
    return db.scalar(select(func.count()).select_from(Enrolment)
                     .where(Enrolment.group_id == group_id, Enrolment.status == "enrolled")) or 0
