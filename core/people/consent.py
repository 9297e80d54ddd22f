"""Consent: purposes declared by core and plugins, and what each person agreed to."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.people.models import Consent


@dataclass(frozen=True)
class ConsentPurpose:
    """Something a person can agree to, e.g. sharing a phone number with the assigned driver."""

    name: str
    label: str


def declared_purposes(plugins, enabled) -> dict[str, ConsentPurpose]:
    """The purposes of core and of the tenant's enabled plugins, by name."""
    purposes = {}
    for impl in plugins.pm.hook.noaber_consent_purposes.get_hookimpls():
        if impl.plugin_name == "core" or impl.plugin_name in enabled:
            purposes.update({p.name: p for p in impl.function() or ()})
    return purposes


def has_consent(session: Session, person_id: int, purpose: str) -> bool:
    """Whether the person's latest word on *purpose* is yes. No record means no."""
    latest = session.scalar(select(Consent.granted).where(Consent.person_id == person_id, Consent.purpose == purpose)
                            .order_by(Consent.recorded_at.desc(), Consent.id.desc()).limit(1))
    return bool(latest)


def current_consents(person) -> dict[str, Consent]:
    """The latest record per purpose (records are never changed, only added)."""
    latest: dict[str, Consent] = {}
    for record in sorted(person.consents, key=lambda c: (c.recorded_at, c.id)):
        latest[record.purpose] = record
    return latest
