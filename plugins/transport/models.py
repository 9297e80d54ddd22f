"""Tables of the transport plugin; every name starts with ``transport_``."""
from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.toolkit import Base, UTCDateTime, utcnow

AIDS = ("none", "walker", "folding_wheelchair", "wheelchair")
CHECKS = ("licence", "vog", "insurance")
#: open states, then the outcomes (as RidePilot counts them)
OPEN = ("requested", "offered", "planned")
OUTCOMES = ("completed", "cancelled", "late_cancel", "no_show", "turned_down", "unmet_need")


class Driver(Base):
    """A volunteer who drives, with what their car can take."""

    __tablename__ = "transport_driver"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("core_person.id", ondelete="CASCADE"), unique=True)
    vehicle: Mapped[str] = mapped_column(String(80), default="")
    takes_walker: Mapped[bool] = mapped_column(Boolean, default=True)
    takes_folding_wheelchair: Mapped[bool] = mapped_column(Boolean, default=False)
    #: an adapted car in which a wheelchair user stays seated
    takes_wheelchair: Mapped[bool] = mapped_column(Boolean, default=False)
    seats: Mapped[int] = mapped_column(Integer, default=3)
    #: the farthest from home this driver picks someone up, in km
    max_km: Mapped[float] = mapped_column(Float, default=15.0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: the secret in the driver's calendar feed URL; a new one revokes the old
    calendar_token: Mapped[str | None] = mapped_column(String(43), default=None, unique=True)

    availability: Mapped[list[Availability]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    leave: Mapped[list[Leave]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    checks: Mapped[list[Check]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    def takes(self) -> frozenset[str]:
        return frozenset({"none"} | {aid for aid, yes in (("walker", self.takes_walker),
                                                           ("folding_wheelchair",
                                                            self.takes_folding_wheelchair or self.takes_wheelchair),
                                                           ("wheelchair", self.takes_wheelchair)) if yes})

    def __repr__(self) -> str:
        return f"<Driver {self.id} person={self.person_id}>"


class Availability(Base):
    """A weekly window in which the driver can drive (0 = Monday)."""

    __tablename__ = "transport_availability"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    driver_id: Mapped[int] = mapped_column(ForeignKey("transport_driver.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column(Integer)
    starts: Mapped[time] = mapped_column(Time)
    ends: Mapped[time] = mapped_column(Time)

    def __repr__(self) -> str:
        return f"<Availability driver={self.driver_id} {self.weekday} {self.starts}-{self.ends}>"


class Leave(Base):
    """Days off: holidays, illness; inclusive."""

    __tablename__ = "transport_leave"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    driver_id: Mapped[int] = mapped_column(ForeignKey("transport_driver.id", ondelete="CASCADE"), index=True)
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)

    def __repr__(self) -> str:
        return f"<Leave driver={self.driver_id} {self.first_day}..{self.last_day}>"


class Check(Base):
    """A document that must be valid to drive: licence, VOG, insurance."""

    __tablename__ = "transport_check"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    driver_id: Mapped[int] = mapped_column(ForeignKey("transport_driver.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    expires_on: Mapped[date] = mapped_column(Date)

    def __repr__(self) -> str:
        return f"<Check driver={self.driver_id} {self.kind} {self.expires_on}>"


class Ride(Base):
    """One trip for a rider; a return trip is a ride of its own, linked to the outward one."""

    __tablename__ = "transport_ride"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rider_person_id: Mapped[int] = mapped_column(ForeignKey("core_person.id", ondelete="CASCADE"), index=True)
    pickup_text: Mapped[str] = mapped_column(String(200))
    #: None only while a destination is still to be found (the return ride starts there)
    pickup_lat: Mapped[float | None] = mapped_column(Float)
    pickup_lon: Mapped[float | None] = mapped_column(Float)
    destination_text: Mapped[str] = mapped_column(String(200))
    #: None while the destination is not found on the map yet: the planner leaves the ride
    #: until it is (found by its postcode and number, or a coordinator picks a known place)
    destination_lat: Mapped[float | None] = mapped_column(Float)
    destination_lon: Mapped[float | None] = mapped_column(Float)
    destination_postcode: Mapped[str | None] = mapped_column(String(6), default=None)
    destination_number: Mapped[int | None] = mapped_column(Integer, default=None)
    #: the known place it goes to, if it was picked from the list
    destination_place_id: Mapped[int | None] = mapped_column(
        ForeignKey("core_known_place.id", ondelete="SET NULL"), default=None)
    #: when the rider must be there; the pickup is earlier by the travel time and a margin
    appointment_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    pickup_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    aid: Mapped[str] = mapped_column(String(20), default="none")
    companion: Mapped[bool] = mapped_column(Boolean, default=False)
    #: for the driver only: where to ring, what to bring (no medical details)
    driver_notes: Mapped[str] = mapped_column(Text, default="")
    return_of_id: Mapped[int | None] = mapped_column(ForeignKey("transport_ride.id", ondelete="SET NULL"), default=None)
    #: the driver of the outward ride waits, or the rider calls when ready
    waits: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="requested", index=True)
    driver_id: Mapped[int | None] = mapped_column(ForeignKey("transport_driver.id", ondelete="SET NULL"), default=None,
                                                  index=True)
    km_driven: Mapped[float | None] = mapped_column(Float, default=None)
    #: the standing order this ride was made from, if any
    series_id: Mapped[int | None] = mapped_column(ForeignKey("transport_series.id", ondelete="SET NULL"), default=None,
                                                  index=True)
    #: what asked for it through ``noaber_request_ride``, e.g. ``daycare:enrolment:12:session:40``;
    #: None for rides a coordinator took. Asking again with the same key gives the same ride.
    source: Mapped[str | None] = mapped_column(String(120), default=None, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    driver: Mapped[Driver | None] = relationship()
    return_of: Mapped[Ride | None] = relationship(remote_side=[id])
    events: Mapped[list[RideEvent]] = relationship(cascade="all, delete-orphan", order_by="RideEvent.at")

    @property
    def seats(self) -> int:
        return 2 if self.companion else 1

    @property
    def located(self) -> bool:
        """Both ends are on the map, so it can be planned and driven."""
        return None not in (self.pickup_lat, self.pickup_lon, self.destination_lat, self.destination_lon)

    def __repr__(self) -> str:
        return f"<Ride {self.id} {self.status}>"


class Series(Base):
    """A standing order: the same trip on fixed weekdays (weekly physiotherapy, dialysis).

    Rides are made from it some weeks ahead (see series.py) and are then ordinary rides; a
    skipped day (holiday, hospital stay) is an exception on the series.
    """

    __tablename__ = "transport_series"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rider_person_id: Mapped[int] = mapped_column(ForeignKey("core_person.id", ondelete="CASCADE"), index=True)
    destination_text: Mapped[str] = mapped_column(String(200))
    destination_lat: Mapped[float] = mapped_column(Float)
    destination_lon: Mapped[float] = mapped_column(Float)
    #: 0 = Monday, e.g. "0,2,4" for dialysis on Monday, Wednesday and Friday
    weekdays: Mapped[str] = mapped_column(String(13))
    #: in Dutch time, on each of the days
    appointment: Mapped[time] = mapped_column(Time)
    return_at: Mapped[time | None] = mapped_column(Time, default=None)
    waits: Mapped[bool] = mapped_column(Boolean, default=False)
    aid: Mapped[str] = mapped_column(String(20), default="none")
    companion: Mapped[bool] = mapped_column(Boolean, default=False)
    driver_notes: Mapped[str] = mapped_column(Text, default="")
    first_day: Mapped[date] = mapped_column(Date)
    #: the series stops after this day; none means until further notice
    last_day: Mapped[date | None] = mapped_column(Date, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    skips: Mapped[list[SeriesSkip]] = relationship(cascade="all, delete-orphan", lazy="selectin",
                                                     order_by="SeriesSkip.day")

    @property
    def days(self) -> tuple[int, ...]:
        return tuple(int(d) for d in self.weekdays.split(",") if d)

    def __repr__(self) -> str:
        return f"<Series {self.id} rider={self.rider_person_id} {self.weekdays}>"


class SeriesSkip(Base):
    """A day on which a series does not ride."""

    __tablename__ = "transport_series_skip"
    __table_args__ = (UniqueConstraint("series_id", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("transport_series.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200), default="")

    def __repr__(self) -> str:
        return f"<SeriesSkip series={self.series_id} {self.day}>"


class RideEvent(Base):
    """Each step in a ride's life: who did what, when (never changed, only added)."""

    __tablename__ = "transport_ride_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ride_id: Mapped[int] = mapped_column(ForeignKey("transport_ride.id", ondelete="CASCADE"), index=True)
    #: requested, offered, accepted, declined, planned, completed, cancelled, …
    kind: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor: Mapped[str] = mapped_column(String(80))
    driver_id: Mapped[int | None] = mapped_column(Integer, default=None)
    note: Mapped[str] = mapped_column(String(200), default="")

    def __repr__(self) -> str:
        return f"<RideEvent ride={self.ride_id} {self.kind}>"
