"""Working out who is asking, from the session cookie or (on the API) a bearer token."""
from __future__ import annotations

from flask import request, session

from core.accounts.models import Account
from core.accounts.oauth import principal_from_bearer
from core.tenancy.context import current_scope
from core.web import permissions
from core.web.permissions import Principal

ANONYMOUS = Principal()


def load_principal() -> Principal:
    scope = current_scope()
    if request.path.startswith("/api/") or request.path == "/oauth/token":
        # The API takes bearer tokens only: with no cookies accepted there, no CSRF either.
        return principal_from_bearer(scope)
    return principal_from_session(scope)


def principal_from_session(scope) -> Principal:
    if session.get("tenant") != scope.tenant.slug or "account" not in session:
        return ANONYMOUS
    account = scope.session.get(Account, session["account"])
    if account is None or not account.active or account.session_version != session.get("v"):
        session.clear()
        return ANONYMOUS
    return principal_for_account(scope, account)


def principal_for_account(scope, account: Account) -> Principal:
    permissions = scope.instance.plugins.permissions_of(account.roles, scope.tenant.plugins)
    return Principal("account", f"account:{account.id}", account, permissions)


def start_session(tenant, account: Account) -> None:
    """A fresh session for a signed-in account (a new one, against session fixation)."""
    session.clear()
    session.update({"tenant": tenant.slug, "account": account.id, "v": account.session_version})


def init_app(app) -> None:
    """Accounts say who is asking: the permission check asks this module."""
    permissions.init_app(app, load_principal)
