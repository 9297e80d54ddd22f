"""Which tenant is current: the request's in Flask, or the one a job or test entered."""
from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

from flask import g, has_request_context
from sqlalchemy.orm import Session


@dataclass
class TenantScope:
    instance: object
    tenant: object
    _session: Session | None = None

    @property
    def session(self) -> Session:
        """The scope's session, made on first use.

        In a request, a commit keeps what is loaded instead of expiring it: the answer is
        usually serialised after the view commits (and its audit entry with it), and expiring
        would read every row of it again, one query each. A request's session lives for that
        request only, so nothing it holds outlives it. Commands and jobs keep SQLAlchemy's
        default: they may go on for long after a commit, and should see what others changed.
        """
        if self._session is None:
            self._session = self.instance.storage.session(self.tenant, expire_on_commit=not has_request_context())
        return self._session

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None


_scope: ContextVar[TenantScope | None] = ContextVar("noaber_tenant_scope", default=None)


def current_scope() -> TenantScope:
    scope = g.get("noaber_scope") if has_request_context() else None
    scope = scope or _scope.get()
    if scope is None:
        raise RuntimeError("no current tenant: use within a tenant request or tenant_context(slug)")
    return scope


def current_tenant():
    return current_scope().tenant


def current_session() -> Session:
    """The tenant's session: one per request (closed at teardown) or per ``tenant_context``."""
    return current_scope().session


def enter(scope: TenantScope):
    """Make *scope* current (outside a request); give the token back to :func:`leave`."""
    return _scope.set(scope)


def leave(token) -> None:
    _scope.reset(token)
