"""Who may read what is restricted: a pair's notes, and loneliness scores."""
from __future__ import annotations

from core.toolkit import current_principal
from plugins.maatjes.models import Match

RESTRICTED = "maatjes.restricted"


def may_read_notes(match: Match) -> bool:
    """Only the pair's coordinator, and only with the restricted-notes permission."""
    principal = current_principal()
    return principal.can(RESTRICTED) and principal.actor == match.coordinator


def may_read_scores() -> bool:
    return current_principal().can(RESTRICTED)
