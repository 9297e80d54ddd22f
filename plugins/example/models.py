"""Tables of the example plugin; every name starts with ``example_``."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime
from core.models import utcnow


class Notice(Base):
    """A message on the neighbourhood notice board."""

    __tablename__ = "example_notice"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text, default="")
    #: when it went up; notices older than the tenant's ``max_age_days`` are no longer shown
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    #: the neighbour who wrote it, if any; their first name shows only with their consent
    author_person_id: Mapped[int | None] = mapped_column(ForeignKey("core_person.id", ondelete="SET NULL"),
                                                         default=None, index=True)

    def __repr__(self) -> str:
        return f"<Notice {self.id} {self.title!r}>"
