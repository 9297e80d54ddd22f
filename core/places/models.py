"""A place the neighbourhood goes to often."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.storage.base import Base, UTCDateTime, utcnow


class KnownPlace(Base):
    """A destination people pick by name: the GP's practice, the hospital's outpatient clinic."""

    __tablename__ = "core_known_place"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: as people say it, e.g. "Huisartsenpraktijk De Linde"
    name: Mapped[str] = mapped_column(String(120))
    #: gp, hospital, physio, pharmacy, dentist, community_centre, day_care, other
    kind: Mapped[str] = mapped_column(String(20), default="other")
    street: Mapped[str] = mapped_column(String(120), default="")
    house_number: Mapped[int | None] = mapped_column(Integer, default=None)
    house_number_suffix: Mapped[str] = mapped_column(String(12), default="")
    #: four digits and two capitals, e.g. "7511AB"; empty when not known
    postcode: Mapped[str] = mapped_column(String(6), default="")
    city: Mapped[str] = mapped_column(String(80), default="")
    latitude: Mapped[float | None] = mapped_column(Float, default=None)
    longitude: Mapped[float | None] = mapped_column(Float, default=None)
    #: "pdok", "manual" or None (not located yet)
    located_by: Mapped[str | None] = mapped_column(String(12), default=None)
    #: a place no longer offered keeps its rows for the rides that went there
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def one_line(self) -> str:
        """``Lindelaan 4, 7511 JM Enschede``, or as much of it as is known."""
        number = f" {self.house_number}{' ' + self.house_number_suffix if self.house_number_suffix else ''}" \
            if self.house_number else ""
        postcode = f"{self.postcode[:4]} {self.postcode[4:]} " if self.postcode else ""
        street = f"{self.street}{number}".strip()
        return ", ".join(part for part in (street, f"{postcode}{self.city}".strip()) if part)

    def __repr__(self) -> str:
        return f"<KnownPlace {self.id} {self.name!r}>"
