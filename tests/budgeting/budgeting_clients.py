"""API clients of the books' tenant. A module of its own, not conftest.py: ``from conftest import`` finds
whichever folder's conftest was imported first when the whole suite runs (see tests/federation/peers.py)."""
from __future__ import annotations

from core.testing import api_header

SCOPES = "budgeting.read,budgeting.manage,budgeting.submit"


def bearer(cli, client, name: str, scopes: str = SCOPES) -> dict:
    return api_header(cli, client, scopes, name=name)
