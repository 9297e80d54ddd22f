"""Tables of the example plugin; every name starts with ``example_``."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.toolkit import Base, UTCDateTime, utcnow


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
    #: an announced activity starts then; it is in its author's calendar
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    #: a report of an activity: the hours its author gave, and the euros they spent and may claim back
    hours: Mapped[Decimal | None] = mapped_column(Numeric(6, 2), default=None)
    costs: Mapped[Decimal | None] = mapped_column(Numeric(8, 2), default=None)
    #: a "ride wanted" notice: what asked for the ride (``noaber_request_ride``)
    source: Mapped[str | None] = mapped_column(String(120), default=None, index=True)

    def __repr__(self) -> str:
        return f"<Notice {self.id} {self.title!r}>"
