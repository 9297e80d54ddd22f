"""The audit log table. Rows are only ever added: no code path updates or deletes them."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.storage.base import Base, UTCDateTime, utcnow


class AuditEvent(Base):
    __tablename__ = "core_audit_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    #: "account:12", "client:abc…", "cli", "system"
    actor: Mapped[str] = mapped_column(String(80))
    #: read, create, update, delete, export, erase, sign_in, …
    action: Mapped[str] = mapped_column(String(20))
    #: the person whose data it was; a plain number, so it outlives erasure
    person_id: Mapped[int | None] = mapped_column(Integer, default=None, index=True)
    #: the route (endpoint and method) or command that did it
    via: Mapped[str] = mapped_column(String(120))
    #: what, without personal data: "phone, email", "note 4"
    detail: Mapped[str] = mapped_column(String(200), default="")

    def __repr__(self) -> str:
        return f"<AuditEvent {self.id} {self.action} person={self.person_id}>"
