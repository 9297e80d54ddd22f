"""Writing to the audit log, in the same transaction as the change it records."""
from __future__ import annotations

from dataclasses import dataclass

from flask import request
from sqlalchemy.orm import Session

from core.audit.models import AuditEvent
from core.storage.engines import relax_durability
from core.web.permissions import current_principal


@dataclass(frozen=True)
class Actor:
    """Who does it and through what, as the audit log writes it."""

    actor: str
    via: str
    account_id: int | None = None

#: the audit log's column for an action's code
ACTION_LENGTH = AuditEvent.__table__.c.action.type.length


def current_actor() -> Actor:
    """The request's principal, and the route it came through."""
    principal = current_principal()
    account_id = principal.account.id if principal.account is not None else None
    return Actor(principal.actor, f"{request.method} {request.endpoint}", account_id)


def record_reading(session: Session, actor: str, action: str, person_id: int | None, via: str,
                   detail: str = "") -> None:
    """Record that personal data was read, in a transaction that writes nothing else.

    Its commit does not wait for the disk (``relax_durability``): the reading changed nothing, and
    a power cut in that instant may lose the last such entries, never a change or consistency. This
    halves what a list or a read costs on SQLite, where each commit otherwise waits for an fsync.
    """
    relax_durability(session)
    record(session, actor, action, person_id, via, detail)


def record(session: Session, actor: str, action: str, person_id: int | None, via: str, detail: str = "") -> None:
    """Add one event; the caller's commit makes it permanent together with the change.

    An action is a short code (``people.update``): one longer than its column is a programming
    error, refused here so that SQLite (which does not check lengths) finds it before PostgreSQL."""
    if len(action) > ACTION_LENGTH:
        raise ValueError(f"audit action {action!r} is longer than {ACTION_LENGTH} characters")
    session.add(AuditEvent(actor=actor, action=action, person_id=person_id, via=via[:120], detail=detail[:200]))
