"""OAuth2 for programs: client credentials and bearer tokens (the token endpoint follows)."""
from __future__ import annotations

from core.permissions import Principal


def principal_from_bearer(scope) -> Principal:
    return Principal()
