"""Working out who is asking, from the session cookie or (on the API) a bearer token."""
from __future__ import annotations

import secrets

from flask import current_app, request, session
from sqlalchemy import delete, select

from core.accounts.models import Account, AccountSession
from core.accounts.oauth import principal_from_bearer
from core.storage.base import utcnow
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
    if session.get("tenant") != scope.tenant.slug or "sid" not in session:
        return ANONYMOUS
    account = scope.session.scalar(
        select(Account).join(AccountSession, AccountSession.account_id == Account.id)
        .where(AccountSession.id == session["sid"], AccountSession.created_at > utcnow() - _lifetime()))
    if account is None or not account.active:
        session.clear()
        return ANONYMOUS
    return principal_for_account(scope, account)


def principal_for_account(scope, account: Account) -> Principal:
    permissions = scope.instance.plugins.permissions_of(account.roles, scope.tenant.plugins)
    return Principal("account", f"account:{account.id}", account, permissions)


def start_session(scope, account: Account) -> None:
    """A fresh session for a signed-in account (a new one, against session fixation), kept in
    the tenant's database until sign-out; the caller's commit makes it count."""
    now = utcnow()
    scope.session.execute(delete(AccountSession).where(AccountSession.created_at <= now - _lifetime()))
    row = AccountSession(id=secrets.token_urlsafe(32), account_id=account.id, created_at=now)
    scope.session.add(row)
    session.clear()
    session.update({"tenant": scope.tenant.slug, "sid": row.id})


def end_session(scope) -> None:
    """Sign out: the cookie is cleared, and its session ended here, so a copy of it is refused too."""
    if session.get("tenant") == scope.tenant.slug and "sid" in session:
        scope.session.execute(delete(AccountSession).where(AccountSession.id == session["sid"]))
    session.clear()


def _lifetime():
    return current_app.permanent_session_lifetime


def init_app(app) -> None:
    """Accounts say who is asking: the permission check asks this module."""
    permissions.init_app(app, load_principal)
