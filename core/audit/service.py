"""Writing to the audit log, in the same transaction as the change it records."""
from __future__ import annotations

from sqlalchemy.orm import Session

from core.audit.models import AuditEvent


def record(session: Session, actor: str, action: str, person_id: int | None, via: str, detail: str = "") -> None:
    """Add one event; the caller's commit makes it permanent together with the change."""
    session.add(AuditEvent(actor=actor, action=action, person_id=person_id, via=via[:120], detail=detail[:200]))
