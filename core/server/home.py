"""The tenant's home page: the dashboard of whoever is signed in, made of every plugin's panels."""
from __future__ import annotations

from flask import Blueprint, render_template

from core.tenancy.context import current_scope
from core.web.permissions import public
from core.web.shell import tenant_hooks, visible

blueprint = Blueprint("core", __name__)


@blueprint.get("/")
@public
def home():
    scope = current_scope()
    panels = visible((p for ps in tenant_hooks().noaber_home_panels(tenant=scope.tenant, session=scope.session)
                      for p in ps), lambda panel: panel.title)
    return render_template("core/home.html", panels=panels)
