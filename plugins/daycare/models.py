"""Tables of the daycare plugin (dagbesteding); every name starts with ``daycare_``."""
from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.toolkit import Base, UTCDateTime, utcnow

#: an enrolment's states; only ``enrolled`` takes a place
STATUSES = ("enrolled", "waiting", "pending_approval", "ended")
ACTIVE = ("enrolled", "waiting", "pending_approval")
ATTENDANCE = ("present", "absent")
#: why someone was absent; ``transport``: the ride failed
REASONS = ("ill", "holiday", "transport", "other")


class Group(Base):
    """An activity group: who meets where, when, and how many fit."""

    __tablename__ = "daycare_group"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(String(2000), default="")
    #: a known place of the tenant (picked on pages); its name and point are copied below
    place_id: Mapped[int | None] = mapped_column(ForeignKey("core_known_place.id", ondelete="SET NULL"),
                                                 default=None)
    location_text: Mapped[str] = mapped_column(String(200), default="")
    location_lat: Mapped[float | None] = mapped_column(Float, default=None)
    location_lon: Mapped[float | None] = mapped_column(Float, default=None)
    capacity: Mapped[int] = mapped_column(Integer)
    requires_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date, default=None)
    coordinator_person_id: Mapped[int | None] = mapped_column(ForeignKey("core_person.id", ondelete="SET NULL"),
                                                              default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    slots: Mapped[list[Slot]] = relationship(cascade="all, delete-orphan", lazy="selectin",
                                             order_by="(Slot.weekday, Slot.starts)")

    def __repr__(self) -> str:
        return f"<Group {self.id} {self.name!r}>"


class Slot(Base):
    """One weekly meeting of a group: weekday (0 = Monday) and the hours."""

    __tablename__ = "daycare_slot"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("daycare_group.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column(Integer)
    starts: Mapped[time] = mapped_column(Time)
    ends: Mapped[time] = mapped_column(Time)


class Session(Base):
    """One meeting on one day: made from the schedule, or an extra one-off."""

    __tablename__ = "daycare_session"
    __table_args__ = (UniqueConstraint("group_id", "day", "starts"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("daycare_group.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    starts: Mapped[time] = mapped_column(Time)
    ends: Mapped[time] = mapped_column(Time)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    #: a one-off, not from the schedule: regenerating leaves it alone
    extra: Mapped[bool] = mapped_column(Boolean, default=False)

    group: Mapped[Group] = relationship(lazy="joined")


class Enrolment(Base):
    """A person in a group: enrolled, waiting (since when), waiting for approval, or ended."""

    __tablename__ = "daycare_enrolment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("daycare_group.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("core_person.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    needs_transport: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: the order of the waiting list: first come, first served (unless booked elsewhere)
    waiting_since: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    enrolled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    #: set when a place came free and this person got it from the waiting list
    promoted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    ended_on: Mapped[date | None] = mapped_column(Date, default=None)
    end_reason: Mapped[str] = mapped_column(String(200), default="")

    group: Mapped[Group] = relationship(lazy="joined")


class Attendance(Base):
    """Whether a person enrolled in the group was there, and why not."""

    __tablename__ = "daycare_attendance"
    __table_args__ = (UniqueConstraint("session_id", "person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("daycare_session.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("core_person.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(String(20), default=None)
    note: Mapped[str] = mapped_column(String(200), default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Helper(Base):
    """A volunteer at a session, with the hours they gave."""

    __tablename__ = "daycare_helper"
    __table_args__ = (UniqueConstraint("session_id", "person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("daycare_session.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("core_person.id", ondelete="CASCADE"), index=True)
    hours: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    #: what the volunteer paid for the session (groceries for lunch), in euro, to be claimed back; None: nothing
    costs: Mapped[Decimal | None] = mapped_column(Numeric(6, 2), default=None)
    #: what the costs were for, in a few words
    costs_description: Mapped[str] = mapped_column(String(120), default="")
    #: the kilometres the volunteer drove for the session, to be claimed back; None: none
    km: Mapped[Decimal | None] = mapped_column(Numeric(5, 1), default=None)

    session: Mapped[Session] = relationship(lazy="joined")


class RideAsked(Base):
    """A ride asked for (through ``noaber_request_ride``) for one enrolment and session, so the
    daily run asks once, and a ride cancelled for an absence is not asked for again."""

    __tablename__ = "daycare_ride_asked"
    __table_args__ = (UniqueConstraint("enrolment_id", "session_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("daycare_enrolment.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("daycare_session.id", ondelete="CASCADE"), index=True)
    #: the ride's id in the plugin that answered; None: nobody does rides, or it could not be asked
    ride_id: Mapped[int | None] = mapped_column(Integer, default=None)
    #: why the ride could not be asked for (the person's address is not located), for the coordinator
    problem: Mapped[str] = mapped_column(String(200), default="")
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
