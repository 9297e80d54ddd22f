"""Role names as people read them."""
from __future__ import annotations

from core.i18n import _l

ROLE_LABELS = {
    "admin": _l("Administrator"),
    "coordinator": _l("Coordinator"),
    "volunteer": _l("Volunteer"),
    "treasurer": _l("Treasurer"),
    "member": _l("Member"),
}


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))
