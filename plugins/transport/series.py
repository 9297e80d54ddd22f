"""Standing orders: the same trip on fixed weekdays, with days skipped.

A series makes ordinary rides a few weeks ahead (``HORIZON``), so that the board, the
planner, drivers and statements need to know nothing about series. Making rides is
idempotent: a day that already has its ride from the series gets no second one, and a day
skipped or past the series' end gets none. Planning a day first makes that day's rides and
those up to the horizon from today, so the rides keep coming as long as someone plans.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.toolkit import TIMEZONE, NoaberError
from plugins.transport import service
from plugins.transport.geo import Roads
from plugins.transport.models import OPEN, Ride, Series, SeriesSkip

#: rides are made this far ahead
HORIZON = timedelta(weeks=6)
#: the last day a series can be about: the day after date.max would not exist (an OverflowError)
LAST_DAY = date(2100, 12, 31)


def create_series(session: Session, roads: Roads, rider_id: int, destination: tuple[float, float],
                  destination_text: str, weekdays: list[int], appointment: time, first_day: date, actor: str,
                  last_day: date | None = None, return_at: time | None = None, waits: bool = False,
                  aid: str = "none", companion: bool = False, driver_notes: str = "",
                  today: date | None = None) -> Series:
    """A new standing order, with its rides made up to the horizon."""
    if not weekdays or not set(weekdays) <= set(range(7)):
        raise NoaberError("choose at least one day of the week")
    if last_day is not None and last_day < first_day:
        raise NoaberError("the last day cannot be before the first")
    if return_at is not None and return_at <= appointment:
        raise NoaberError("the return must be after the appointment")
    service.home_of(session, rider_id)  # refuses a rider without a located address now, not on every ride
    series = Series(rider_person_id=rider_id, destination_text=destination_text, destination_lat=destination[0],
                    destination_lon=destination[1], weekdays=",".join(str(d) for d in sorted(set(weekdays))),
                    appointment=appointment, return_at=return_at, waits=waits, aid=aid, companion=companion,
                    driver_notes=driver_notes, first_day=first_day, last_day=last_day)
    session.add(series)
    session.flush()
    extend_ahead(session, roads, today or datetime.now(TIMEZONE).date(), actor, [series])
    return series


def extend_ahead(session: Session, roads: Roads, today: date, actor: str, only: list[Series] | None = None) -> int:
    """Make the rides of the coming six weeks, today included."""
    return extend(session, roads, today, today + HORIZON - timedelta(days=1), actor, only)


def occurrences(series: Series, first: date, last: date) -> list[date]:
    """The days from *first* to *last* (inclusive) on which the series rides."""
    skipped = {skip.day for skip in series.skips}
    start = max(first, series.first_day)
    end = min(last, series.last_day) if series.last_day else last
    days = (start + timedelta(days=n) for n in range((end - start).days + 1))
    return [day for day in days if day.weekday() in series.days and day not in skipped]


def _made(session: Session, series: Series) -> set[date]:
    """Days that already have their outward ride from this series (whatever became of it)."""
    moments = session.scalars(select(Ride.appointment_at).where(Ride.series_id == series.id,
                                                                Ride.return_of_id.is_(None)))
    return {moment.astimezone(TIMEZONE).date() for moment in moments}


def extend(session: Session, roads: Roads, first: date, until: date, actor: str,
           only: list[Series] | None = None) -> int:
    """Make the missing rides of every series (or *only* these) from *first* to *until*; returns how many."""
    made = 0
    for series in only if only is not None else active_series(session, first):
        done = _made(session, series)
        for day in occurrences(series, first, until):
            if day in done:
                continue
            at = lambda t, day=day: datetime.combine(day, t, tzinfo=TIMEZONE)  # noqa: E731  Dutch time on that day
            rides = service.request_ride(
                session, roads, series.rider_person_id, (series.destination_lat, series.destination_lon),
                series.destination_text, at(series.appointment), actor, aid=series.aid, companion=series.companion,
                driver_notes=series.driver_notes, return_at=at(series.return_at) if series.return_at else None,
                waits=series.waits)
            for ride in rides:
                ride.series_id = series.id
            made += len(rides)
    session.flush()
    return made


def active_series(session: Session, today: date) -> list[Series]:
    return list(session.scalars(select(Series).where((Series.last_day.is_(None)) | (Series.last_day >= today))
                                .order_by(Series.id)))


def skip(session: Session, series: Series, day: date, reason: str, actor: str) -> list[Ride]:
    """An exception: no ride on *day*. Rides already made for it are withdrawn; returns those a driver had."""
    if day.weekday() not in series.days or day < series.first_day or (series.last_day and day > series.last_day):
        raise NoaberError("the series does not ride on that day")
    if any(s.day == day for s in series.skips):
        raise NoaberError("that day is already skipped")
    series.skips.append(SeriesSkip(day=day, reason=reason[:200]))
    return _withdraw(session, series, day, day, actor, reason or "exception in the series")


def end(session: Session, series: Series, last_day: date, actor: str) -> list[Ride]:
    """Stop the series after *last_day*; rides already made for later days are withdrawn."""
    if last_day < series.first_day - timedelta(days=1):
        raise NoaberError("the series cannot end before it starts")
    if last_day > LAST_DAY:
        raise NoaberError("give a last day before 2101, or no last day at all")
    series.last_day = last_day
    return _withdraw(session, series, last_day + timedelta(days=1), None, actor, "the series ended")


def _withdraw(session: Session, series: Series, first: date, last: date | None, actor: str, reason: str) -> list[Ride]:
    """Rides of the series on those days: untouched ones are removed, offered or planned ones cancelled.

    A ride still only "requested" was made by the series and never acted on, so it leaves no
    trace worth keeping; one a driver had is cancelled, with the reason, and the driver told.
    """
    query = select(Ride).where(Ride.series_id == series.id, Ride.status.in_(OPEN),
                               Ride.appointment_at >= datetime.combine(first, time(), tzinfo=TIMEZONE))
    if last is not None:
        query = query.where(Ride.appointment_at < datetime.combine(last + timedelta(days=1), time(), tzinfo=TIMEZONE))
    rides = session.scalars(query).all()
    told = []
    for ride in rides:
        if ride.status == "requested":
            session.delete(ride)
        else:
            service.close(ride, "cancelled", actor, reason)
            told.append(ride)
    session.flush()
    return told
