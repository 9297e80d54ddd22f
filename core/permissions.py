"""Every route declares who may use it; a route that does not is refused (deny by default).

Issue 3 adds accounts and roles; until then the only permission that can be granted is
``public``. Views carry their permission as an attribute, which a test reads for every
rule in the URL map.
"""
from __future__ import annotations

from flask import abort, current_app, request

PUBLIC = "public"


def requires(permission: str):
    """Declare the permission a view needs: ``@requires("example.read")``."""
    def mark(view):
        view.noaber_permission = permission
        return view
    return mark


public = requires(PUBLIC)


def permission_of(endpoint: str | None) -> str | None:
    view = current_app.view_functions.get(endpoint) if endpoint else None
    # flask-smorest MethodViews: the permission sits on the class or on each method
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        method = getattr(view_class, request.method.lower(), None)
        return getattr(method, "noaber_permission", getattr(view_class, "noaber_permission", None))
    return getattr(view, "noaber_permission", None)


def enforce() -> None:
    """before_request: refuse any route without a declared, granted permission."""
    if request.routing_exception is not None or request.endpoint is None:
        return  # Flask answers 404/405 itself
    permission = permission_of(request.endpoint)
    if permission is None:
        current_app.logger.error("route %s declares no permission; refused", request.endpoint)
        abort(403, "This page does not say who may use it, so nobody may.")
    if permission != PUBLIC:
        abort(403, "You are not allowed to do this.")
