"""API clients (OAuth2 client credentials): made and revoked by administrators."""
from __future__ import annotations

import secrets

from sqlalchemy import select

from core.accounts import passwords
from core.accounts.models import ApiClient
from core.errors import NoaberError
from core.storage.base import utcnow


def create_client(session, name: str, scopes: list[str], declared: set[str]) -> tuple[ApiClient, str]:
    _check_scopes(scopes, declared)
    if not name.strip() or len(name) > 120:
        raise NoaberError("NAME must be 1 to 120 characters")
    secret = secrets.token_urlsafe(32)
    client = ApiClient(client_id=f"nbr_{secrets.token_hex(12)}", secret_hash=passwords.hash_password(secret),
                       name=name.strip(), scopes=" ".join(sorted(set(scopes))))
    session.add(client)
    return client, secret


def _check_scopes(scopes: list[str], declared: set[str]) -> None:
    unknown = sorted(set(scopes) - declared)
    if unknown:
        raise NoaberError(f"unknown scope {unknown[0]!r}: "
                          f"scopes are permissions of this tenant ({', '.join(sorted(declared))})")


def set_scopes(session, client_id: str, scopes: list[str], declared: set[str]) -> ApiClient:
    """Give a client other scopes; its tokens hold only what it still has, from the next request on."""
    _check_scopes(scopes, declared)
    row = _client(session, client_id)
    row.scopes = " ".join(sorted(set(scopes)))
    return row


def declared_scopes(instance, tenant) -> set[str]:
    """The permissions of core and of the tenant's enabled plugins: what a client may be given."""
    return {n for n, (owner, _p) in instance.plugins.permissions.items() if owner == "core" or owner in tenant.plugins}


def revoke_client(session, client_id: str) -> ApiClient:
    row = _client(session, client_id)
    row.revoked_at = utcnow()
    return row


def _client(session, client_id: str) -> ApiClient:
    row = session.scalar(select(ApiClient).where(ApiClient.client_id == client_id))
    if row is None:
        raise NoaberError(f"no client {client_id!r} in this tenant")
    return row
