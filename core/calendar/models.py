"""The secret address of a person's calendar feed."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.storage.base import Base, UTCDateTime, utcnow


class CalendarFeed(Base):
    """A person's feed address: ``/calendar/<token>.ics``. A new token revokes the old one."""

    __tablename__ = "core_calendar_feed"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("core_person.id", ondelete="CASCADE"), unique=True)
    #: the secret in the address; kept readable so the person can be shown it again
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def __repr__(self) -> str:
        return f"<CalendarFeed person={self.person_id}>"
