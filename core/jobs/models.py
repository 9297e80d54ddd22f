"""The job table: one row per job, in the tenant's own database."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.storage.base import Base, UTCDateTime, utcnow

#: a job's life: waiting for a worker, being run, finished with a result, or stopped by an error
STATES = ("queued", "running", "done", "failed")


class Job(Base):
    """Work a page or the API started, which a worker runs."""

    __tablename__ = "core_job"

    #: random and unguessable (uuid4, hex): the address of the job's page
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    #: the job kind, ``<plugin>.<what>``, e.g. ``transport.plan_day``
    kind: Mapped[str] = mapped_column(String(80))
    #: what the job works on, as JSON
    params: Mapped[str] = mapped_column(Text, default="{}")
    state: Mapped[str] = mapped_column(String(16), default="queued")
    #: how far it got: *done* of *total* steps (0 of 0 while it has not said)
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    #: what the job found, as JSON; set when it is done
    result: Mapped[str | None] = mapped_column(Text, default=None)
    #: the one readable line it stopped with; empty when the log has the details
    error: Mapped[str | None] = mapped_column(Text, default=None)
    #: who started it, as the audit log writes it (``account:12``, ``client:3``)
    requested_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)

    def __repr__(self) -> str:
        return f"<Job {self.id[:8]} {self.kind} {self.state} {self.done}/{self.total}>"
