"""Who may do what: permissions declared by core and plugins, held through roles.

Every route declares the permission it needs (deny by default): ``public``, ``signed_in``,
or a declared permission such as ``people.read``. A route without a declaration is
refused, and a test walks the URL map to keep it so. Roles grant permissions as the
declarations say; API clients hold the permissions their scopes name.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import abort, current_app, g, redirect, request, url_for
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import Unauthorized

from core.errors import PluginError
from core.web.problems import wants_problem_json
from core.web.roles import ROLES

PUBLIC = "public"
SIGNED_IN = "signed_in"


@dataclass(frozen=True)
class Permission:
    """A permission a plugin (or core) declares through ``noaber_permissions``."""

    name: str
    #: shown to admins on the roles page
    label: str
    #: the roles that hold it
    roles: tuple[str, ...] = ()


def requires(permission: str):
    """Declare the permission a view needs: ``@requires("example.post")``."""
    def mark(view):
        view.noaber_permission = permission
        return view
    return mark


public = requires(PUBLIC)
signed_in = requires(SIGNED_IN)


@dataclass
class Principal:
    """Who is asking: nobody, a signed-in account, or an API client."""

    kind: str = "anonymous"
    #: "account:12" or "client:<client_id>", as the audit log writes it
    actor: str = "anonymous"
    account: object = None
    permissions: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_anonymous(self) -> bool:
        return self.kind == "anonymous"

    def can(self, permission: str) -> bool:
        if permission == PUBLIC:
            return True
        if permission == SIGNED_IN:
            return not self.is_anonymous
        return permission in self.permissions


def check_declarations(declared: dict[str, tuple[str, Permission]]) -> None:
    """Refuse permissions named outside their owner or given to roles that do not exist."""
    for name, (owner, permission) in declared.items():
        if not name.startswith(f"{owner}."):
            raise PluginError(f"plugin {owner!r} declares permission {name!r}: names start with '{owner}.'")
        unknown = set(permission.roles) - set(ROLES)
        if unknown:
            raise PluginError(f"permission {name!r} names unknown roles {sorted(unknown)} (roles: {', '.join(ROLES)})")


def permissions_for_roles(declared, roles) -> frozenset[str]:
    roles = set(roles)
    return frozenset(name for name, (_, permission) in declared.items() if roles & set(permission.roles))


def permission_of(endpoint: str | None) -> str | None:
    view = current_app.view_functions.get(endpoint) if endpoint else None
    # flask-smorest MethodViews: the permission sits on the class or on each method
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        method = getattr(view_class, request.method.lower(), None)
        return getattr(method, "noaber_permission", getattr(view_class, "noaber_permission", None))
    return getattr(view, "noaber_permission", None)


def current_principal() -> Principal:
    """The request's principal, worked out on first use (public routes never pay for it)."""
    principal = g.get("noaber_principal")
    if principal is None:
        principal = g.noaber_principal = current_app.extensions["noaber.load_principal"]()
    return principal


def init_app(app, load_principal) -> None:
    """*load_principal* works out who is asking; accounts registers it (see core.accounts.principal)."""
    app.extensions["noaber.load_principal"] = load_principal


def enforce() -> None:
    """before_request: refuse any route without a declared, granted permission."""
    if request.routing_exception is not None or request.endpoint is None:
        return  # Flask answers 404/405 itself
    permission = permission_of(request.endpoint)
    if permission is None:
        current_app.logger.error("route %s declares no permission; refused", request.endpoint)
        abort(403, "This page does not say who may use it, so nobody may.")
    if permission == PUBLIC:
        return None
    principal = current_principal()
    if principal.can(permission):
        return None
    if principal.is_anonymous:
        return _ask_to_sign_in()
    abort(403, "You are not allowed to do this.")


def _ask_to_sign_in():
    if wants_problem_json():
        raise Unauthorized("Sign in first: send a bearer token.", www_authenticate=WWWAuthenticate("Bearer"))
    return redirect(url_for("accounts.sign_in", next=request.full_path.rstrip("?")))
