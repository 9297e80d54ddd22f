"""The tenant's pages that core itself serves, and the types plugins use to add to them."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, current_app, render_template
from markupsafe import Markup

from core.context import current_scope
from core.permissions import public


@dataclass(frozen=True)
class MenuItem:
    """One entry in the navigation; ``endpoint`` is a Flask endpoint such as ``example.board``."""

    label: str
    endpoint: str
    order: int = 100


@dataclass(frozen=True)
class Panel:
    """A block on the home page. ``body`` is escaped unless it is ``Markup``."""

    title: str
    body: str | Markup
    order: int = 100


blueprint = Blueprint("core", __name__)


def tenant_hooks():
    scope = current_scope()
    return scope.instance.hooks(scope.tenant)


def navigation() -> list[MenuItem]:
    scope = current_scope()
    items = [item for items in tenant_hooks().noaber_menu_items(tenant=scope.tenant) for item in items]
    return sorted(items, key=lambda item: (item.order, item.label))


@blueprint.app_context_processor
def page_context():
    from flask import g
    scope = g.get("noaber_scope")
    if scope is None:
        return {"tenant": None, "menu": []}
    return {"tenant": scope.tenant, "menu": navigation()}


@blueprint.get("/")
@public
def home():
    scope = current_scope()
    panels = [p for ps in tenant_hooks().noaber_home_panels(tenant=scope.tenant, session=scope.session) for p in ps]
    panels.sort(key=lambda p: (p.order, p.title))
    return render_template("core/home.html", panels=panels)


def init_app(app) -> None:
    app.register_blueprint(blueprint)
    app.jinja_env.globals["instance_backend"] = lambda: current_app.extensions["noaber"].storage.backend
