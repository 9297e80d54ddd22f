"""The roles an account can hold, and their names as people read them."""
from __future__ import annotations

from core.i18n.text import _l

#: what an account can be; permissions say which roles hold them
ROLES = ("admin", "coordinator", "volunteer", "treasurer", "member")

ROLE_LABELS = {
    "admin": _l("Administrator"),
    "coordinator": _l("Coordinator"),
    "volunteer": _l("Volunteer"),
    "treasurer": _l("Treasurer"),
    "member": _l("Member"),
}


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))
