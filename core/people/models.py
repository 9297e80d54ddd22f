"""Tables for people. A person is a resident, a volunteer, or both."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.storage.base import Base, UTCDateTime, utcnow


class Address(Base):
    """A Dutch address; coordinates come from the geocoder or are entered by hand."""

    __tablename__ = "core_address"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    street: Mapped[str] = mapped_column(String(120))
    house_number: Mapped[int] = mapped_column(Integer)
    #: letter and addition as written, e.g. "A", "bis", "2 hoog"
    house_number_suffix: Mapped[str] = mapped_column(String(12), default="")
    #: normalised to four digits and two capitals, e.g. "7511AB"
    postcode: Mapped[str] = mapped_column(String(6), index=True)
    city: Mapped[str] = mapped_column(String(80))
    #: CBS codes, filled by the geocoder when it knows them
    municipality_code: Mapped[str | None] = mapped_column(String(6), default=None)
    neighbourhood_code: Mapped[str | None] = mapped_column(String(10), default=None)
    #: the neighbourhood (buurt) by the name people know it by, e.g. "Stadskern": what pages show
    neighbourhood_name: Mapped[str | None] = mapped_column(String(80), default=None)
    latitude: Mapped[float | None] = mapped_column(Float, default=None)
    longitude: Mapped[float | None] = mapped_column(Float, default=None)
    #: "pdok", "manual" or None (not yet located)
    located_by: Mapped[str | None] = mapped_column(String(12), default=None)

    def one_line(self) -> str:
        suffix = f" {self.house_number_suffix}" if self.house_number_suffix else ""
        return f"{self.street} {self.house_number}{suffix}, {self.postcode[:4]} {self.postcode[4:]} {self.city}"

    def __repr__(self) -> str:
        return f"<Address {self.id} {self.postcode} {self.house_number}>"


class Household(Base):
    """People who live together; each member keeps an address of their own row."""

    __tablename__ = "core_household"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: how the coordinator calls it, e.g. "Fam. Jansen"
    name: Mapped[str] = mapped_column(String(120))
    members: Mapped[list[Person]] = relationship(back_populates="household", order_by="Person.given_name")

    def __repr__(self) -> str:
        return f"<Household {self.id}>"


class Person(Base):
    """A resident or volunteer of the neighbourhood."""

    __tablename__ = "core_person"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    given_name: Mapped[str] = mapped_column(String(80))
    family_name: Mapped[str] = mapped_column(String(120), index=True)
    date_of_birth: Mapped[date | None] = mapped_column(Date, default=None)
    email: Mapped[str | None] = mapped_column(String(254), default=None)
    phone: Mapped[str | None] = mapped_column(String(32), default=None)
    is_resident: Mapped[bool] = mapped_column(Boolean, default=True)
    is_volunteer: Mapped[bool] = mapped_column(Boolean, default=False)
    household_id: Mapped[int | None] = mapped_column(ForeignKey("core_household.id"), default=None)
    address_id: Mapped[int | None] = mapped_column(ForeignKey("core_address.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    #: set when the person was erased: the row stays, pseudonymised, so figures stay right
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)

    household: Mapped[Household | None] = relationship(back_populates="members")
    address: Mapped[Address | None] = relationship(cascade="all, delete-orphan", single_parent=True)
    notes: Mapped[list[PersonNote]] = relationship(back_populates="person", cascade="all, delete-orphan",
                                                     order_by="PersonNote.created_at.desc()")
    consents: Mapped[list[Consent]] = relationship(back_populates="person", cascade="all, delete-orphan",
                                                     order_by="Consent.recorded_at.desc()")

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def __repr__(self) -> str:
        return f"<Person {self.id}>"  # never a name in a log line


class PersonNote(Base):
    """A note about a person, visible to coordinators, or to admins only."""

    __tablename__ = "core_person_note"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("core_person.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    #: "coordinators" (people.notes) or "admins" (people.notes.restricted)
    visibility: Mapped[str] = mapped_column(String(16), default="coordinators")
    author_account_id: Mapped[int | None] = mapped_column(ForeignKey("core_account.id", ondelete="SET NULL"),
                                                          default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    person: Mapped[Person] = relationship(back_populates="notes")

    def __repr__(self) -> str:
        return f"<PersonNote {self.id} person={self.person_id}>"


class Consent(Base):
    """What a person agreed to, when, and with whom details may be shared."""

    __tablename__ = "core_consent"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("core_person.id", ondelete="CASCADE"), index=True)
    #: a purpose that a plugin or core declares, e.g. "share_phone_with_driver"
    purpose: Mapped[str] = mapped_column(String(60))
    granted: Mapped[bool] = mapped_column(Boolean)
    #: how it was given: "phone", "paper", "in_person", "web"
    source: Mapped[str] = mapped_column(String(16), default="in_person")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    recorded_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("core_account.id", ondelete="SET NULL"),
                                                               default=None)
    person: Mapped[Person] = relationship(back_populates="consents")

    def __repr__(self) -> str:
        return f"<Consent {self.purpose} person={self.person_id} granted={self.granted}>"
