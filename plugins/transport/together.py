"""Transport's part in the cross-plugin hooks: rides other plugins ask for, drivers' claims and
hours, everyone's rides in their calendar. The hooks in ``__init__`` call these.
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from core.toolkit import (
    TIMEZONE,
    CalendarEvent,
    Month,
    NoaberError,
    ReimbursementClaim,
    RideRequest,
    VolunteerHours,
    _,
    _l,
)
from plugins.transport import service
from plugins.transport.geo import Roads
from plugins.transport.models import AIDS, OPEN, Driver, Ride
from plugins.transport.money import ride_km
from plugins.transport.reports import driver_hours

#: outcomes after which a source may ask again for a new ride
ENDED = ("cancelled", "late_cancel", "no_show", "turned_down", "unmet_need")


def ride_for(session: Session, roads: Roads, request: RideRequest) -> Ride:
    """The outward ride for *request*: the one asked for before with its source, or a new one."""
    earlier = session.scalar(select(Ride).where(Ride.source == request.source, Ride.return_of_id.is_(None),
                                                Ride.status.not_in(ENDED)).order_by(Ride.id).limit(1))
    if earlier is not None:
        return earlier
    if request.to.point is None:
        raise NoaberError(f"{request.to.name!r} has no location, so no ride can be planned to it")
    if request.aid not in AIDS:
        raise NoaberError(f"aid must be one of {', '.join(AIDS)}, not {request.aid!r}")
    where = ", ".join(filter(None, [request.to.name, request.to.address]))[:200]
    rides = service.request_ride(session, roads, request.person_id, request.to.point, where, request.arrive_at,
                                 request.source.split(":")[0], aid=request.aid, companion=request.companion,
                                 driver_notes=request.notes, return_at=request.return_at)
    for ride in rides:
        ride.source = request.source
    return rides[0]


def cancel_by_source(session: Session, prefix: str, reason: str) -> int:
    """Cancel the open rides asked for with a source that starts with *prefix*."""
    rides = session.scalars(select(Ride).where(Ride.source.startswith(prefix, autoescape=True),
                                               Ride.status.in_(OPEN))).all()
    for ride in rides:
        service.close(ride, "cancelled", prefix.split(":")[0], reason)
    return len(rides)


def _driven(session: Session, month: Month) -> list[Ride]:
    return list(session.scalars(select(Ride).where(Ride.status == "completed", Ride.driver_id.is_not(None),
                                                   Ride.pickup_at >= month.start, Ride.pickup_at < month.end)
                                .order_by(Ride.pickup_at)))


def claims(session: Session, roads: Roads, month: Month) -> list[ReimbursementClaim]:
    """A claim of kilometres per completed ride, for its driver."""
    return [ReimbursementClaim(ride.driver.person_id, "km", ride_km(session, roads, ride),
                               f"{ride.pickup_at.astimezone(TIMEZONE):%d-%m}: "
                               f"{ride.pickup_text} → {ride.destination_text}",
                               f"transport:ride:{ride.id}", ride.pickup_at.astimezone(TIMEZONE).date())
            for ride in _driven(session, month)]


def hours(session: Session, roads: Roads, month: Month) -> list[VolunteerHours]:
    """Each driver's time behind the wheel in the month."""
    per_driver: dict[int, Decimal] = {}
    for ride in _driven(session, month):
        spent = Decimal(str(round(driver_hours(roads, ride_km(session, roads, ride)), 2)))
        per_driver[ride.driver.person_id] = per_driver.get(ride.driver.person_id, Decimal(0)) + spent
    return [VolunteerHours(person_id, "driving", spent, _l("Driving")) for person_id, spent in per_driver.items()]


def events(session: Session, roads: Roads, person_id: int, start: datetime, end: datetime) -> list[CalendarEvent]:
    """The person's rides, as the driver (offered and planned) and as the rider (also cancelled ones)."""
    driver_id = session.scalar(select(Driver.id).where(Driver.person_id == person_id))
    theirs = [Ride.rider_person_id == person_id] + ([Ride.driver_id == driver_id] if driver_id else [])
    rides = session.scalars(select(Ride).where(Ride.pickup_at >= start, Ride.pickup_at < end, or_(*theirs))
                            .order_by(Ride.pickup_at)).all()
    found = []
    for ride in rides:
        if ride.driver_id == driver_id and driver_id is not None and ride.status in ("offered", "planned"):
            found.append(_as_driver(ride, roads))
        elif ride.rider_person_id == person_id and ride.status not in ("completed",):
            found.append(_as_rider(ride, roads))
    return found


def _arrival(ride: Ride, roads: Roads) -> datetime:
    if not ride.located:
        return ride.pickup_at + service.UNKNOWN_TRAVEL + 2 * roads.boarding
    travel = roads.travel((ride.pickup_lat, ride.pickup_lon), (ride.destination_lat, ride.destination_lon))
    return ride.pickup_at + travel + 2 * roads.boarding


def _as_driver(ride: Ride, roads: Roads) -> CalendarEvent:
    status = _("planned") if ride.status == "planned" else _("offered, not yet accepted")
    return CalendarEvent(f"transport-drive-{ride.id}", _("Ride to %(place)s", place=ride.destination_text),
                         ride.pickup_at, _arrival(ride, roads), location=ride.pickup_text,
                         description="\n".join(filter(None, [ride.driver_notes,
                                                             _("Status: %(status)s", status=status)])))


def _as_rider(ride: Ride, roads: Roads) -> CalendarEvent:
    pickup = ride.pickup_at.astimezone(TIMEZONE)
    return CalendarEvent(f"transport-ride-{ride.id}", _("Picked up for %(place)s", place=ride.destination_text),
                         ride.pickup_at, max(_arrival(ride, roads), ride.pickup_at + timedelta(minutes=15)),
                         location=ride.pickup_text,
                         description=_("The driver comes at %(time)s.", time=pickup.strftime("%H:%M")),
                         cancelled=ride.status in ENDED)


def person_summary(session: Session, person_id: int, now: datetime) -> dict:
    """For the person's page: them as a driver, and their rides as a rider."""
    driver = session.scalar(select(Driver).where(Driver.person_id == person_id))
    rides = session.scalars(select(Ride).where(Ride.rider_person_id == person_id).order_by(Ride.pickup_at)).all()
    upcoming = [r for r in rides if r.pickup_at >= now and r.status in OPEN]
    done = [r for r in rides if r.pickup_at < now or r.status not in OPEN]
    driven = session.scalar(select(func.count()).select_from(Ride).where(Ride.driver_id == driver.id,
                                                                         Ride.status == "completed")) if driver else 0
    return {"driver": driver, "driven": driven, "upcoming": upcoming[:5], "recent": done[-5:][::-1],
            "outcomes": Counter(r.status for r in done)}
