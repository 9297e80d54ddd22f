"""Tables of the maatjes plugin; every name starts with ``maatjes_``.

Interests, languages and availability are short lists kept as JSON: they are read whole,
with the intake, and never searched on their own in the database.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from core.toolkit import Base, UTCDateTime, utcnow

REFERRERS = ("self", "gp", "social_team", "other")
PARTS_OF_DAY = ("morning", "afternoon", "evening")
GENDERS = ("female", "male", "other")
BUDDY_GENDERS = ("any", "female", "male")
#: the life of a pair (Humanitas practice): proposal, introduction meeting, active, ended
STATUSES = ("proposed", "introduced", "active", "ended")
OPEN = ("proposed", "introduced", "active")
#: the next steps allowed from each status; anything else skips a step (409)
NEXT = {"proposed": ("introduced", "ended"), "introduced": ("active", "ended"), "active": ("ended",), "ended": ()}
END_REASONS = ("goal_reached", "planned_period_over", "moved", "participant_health", "volunteer_stopped",
               "no_click", "other")
CONTACT_KINDS = ("visit", "call", "message", "outing")
#: why someone left the programme (a participant or a volunteer), recorded by the coordinator
LEAVE_REASONS = ("no_longer_wanted", "moved", "health", "deceased", "other")
ANSWERS = ("yes", "more_or_less", "no")
LEVELS = ("not", "moderate", "severe")


class Intake:
    """What participants and volunteers both tell at intake."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    support_question: Mapped[str] = mapped_column(Text, default="")
    #: short words, e.g. ["wandelen", "koken"]
    interests: Mapped[list] = mapped_column(JSON, default=list)
    #: ISO 639-1 codes, e.g. ["nl", "tr"]
    languages: Mapped[list] = mapped_column(JSON, default=list)
    #: [{"weekday": 0 (Monday) … 6, "part": "morning" | "afternoon" | "evening"}]
    availability: Mapped[list] = mapped_column(JSON, default=list)
    gender: Mapped[str] = mapped_column(String(10), default="")
    #: the gender the person would like their buddy to be
    buddy_gender: Mapped[str] = mapped_column(String(10), default="any")
    smokes: Mapped[bool] = mapped_column(Boolean, default=False)
    #: would rather not be paired with someone who smokes
    minds_smoking: Mapped[bool] = mapped_column(Boolean, default=False)
    has_pets: Mapped[bool] = mapped_column(Boolean, default=False)
    #: cannot be with pets (allergy, fear)
    minds_pets: Mapped[bool] = mapped_column(Boolean, default=False)
    referred_by: Mapped[str] = mapped_column(String(20), default="self")
    #: waiting for a buddy (participant) or for a pair (volunteer) since
    waiting_since: Mapped[date] = mapped_column(Date)
    #: left the programme on this day (no longer waits, is no longer suggested); None: still in it
    left_on: Mapped[date | None] = mapped_column(Date, default=None)
    #: why they left, one of LEAVE_REASONS; None while still in the programme
    left_reason: Mapped[str | None] = mapped_column(String(30), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @declared_attr
    def person_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("core_person.id", ondelete="CASCADE"), unique=True)


class Participant(Intake, Base):
    """A resident who asked for a buddy."""

    __tablename__ = "maatjes_participant"

    measurements: Mapped[list[Measurement]] = relationship(
        cascade="all, delete-orphan", order_by="Measurement.on, Measurement.id", lazy="selectin")

    def __repr__(self) -> str:
        return f"<Participant {self.id} person={self.person_id}>"


class Volunteer(Intake, Base):
    """A volunteer who wants to be a buddy."""

    __tablename__ = "maatjes_volunteer"

    #: the certificate of good conduct (VOG) is valid until this day; None: not handed in
    vog_valid_until: Mapped[date | None] = mapped_column(Date, default=None)
    #: the buddy training is done
    trained: Mapped[bool] = mapped_column(Boolean, default=False)
    max_pairs: Mapped[int] = mapped_column(Integer, default=1)
    #: how far from home the volunteer will go for a pair, in km
    max_km: Mapped[float] = mapped_column(Float, default=5.0)

    def __repr__(self) -> str:
        return f"<Volunteer {self.id} person={self.person_id}>"


class Match(Base):
    """A pair: one participant, one volunteer, from proposal to ending."""

    __tablename__ = "maatjes_match"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("maatjes_participant.id", ondelete="CASCADE"), index=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("maatjes_volunteer.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(12), default="proposed")
    planned_months: Mapped[int] = mapped_column(Integer, default=12)
    score: Mapped[float | None] = mapped_column(Float, default=None)
    proposed_on: Mapped[date] = mapped_column(Date)
    introduced_on: Mapped[date | None] = mapped_column(Date, default=None)
    active_on: Mapped[date | None] = mapped_column(Date, default=None)
    ended_on: Mapped[date | None] = mapped_column(Date, default=None)
    end_reason: Mapped[str | None] = mapped_column(String(30), default=None)
    #: the introduction meeting, when planned: in both people's calendars
    meeting_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    #: who proposed the pair (``account:12``): the pair's coordinator, who alone reads its notes
    coordinator: Mapped[str] = mapped_column(String(80), default="")

    participant: Mapped[Participant] = relationship(lazy="joined")
    volunteer: Mapped[Volunteer] = relationship(lazy="joined")
    contacts: Mapped[list[Contact]] = relationship(cascade="all, delete-orphan", order_by="Contact.on, Contact.id",
                                                   lazy="selectin")

    def __repr__(self) -> str:
        return f"<Match {self.id} {self.status}>"


class Contact(Base):
    """One contact of a pair: a visit, a call, a message or an outing."""

    __tablename__ = "maatjes_contact"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("maatjes_match.id", ondelete="CASCADE"), index=True)
    on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(10))
    minutes: Mapped[int] = mapped_column(Integer, default=60)
    #: restricted: only the pair's coordinator reads it
    note: Mapped[str] = mapped_column(String(500), default="")
    #: what the buddy paid for it (tickets, a coffee), in euro, to be claimed back; None: nothing
    costs: Mapped[Decimal | None] = mapped_column(Numeric(6, 2), default=None)
    #: the kilometres the buddy drove for it, to be claimed back; None: none
    km: Mapped[Decimal | None] = mapped_column(Numeric(5, 1), default=None)

    def __repr__(self) -> str:
        return f"<Contact {self.id} {self.kind} {self.on}>"


class Measurement(Base):
    """One De Jong Gierveld 6-item loneliness measurement of a participant."""

    __tablename__ = "maatjes_measurement"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("maatjes_participant.id", ondelete="CASCADE"),
                                                index=True)
    on: Mapped[date] = mapped_column(Date)
    #: the six answers in the scale's order, each yes | more_or_less | no
    answers: Mapped[list] = mapped_column(JSON)
    emotional: Mapped[int] = mapped_column(Integer)
    social: Mapped[int] = mapped_column(Integer)
    score: Mapped[int] = mapped_column(Integer)
    level: Mapped[str] = mapped_column(String(10))

    def __repr__(self) -> str:
        return f"<Measurement {self.id} score={self.score}>"
