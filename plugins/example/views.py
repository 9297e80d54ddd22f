"""The notice board page. Views stay thin: they call service functions."""
from __future__ import annotations

from flask import Blueprint, render_template

from core import current_session, current_tenant
from core.permissions import public
from plugins.example import service

blueprint = Blueprint("example", __name__, template_folder="templates")


@blueprint.get("/")
@public
def board():
    settings = current_tenant().plugin_settings("example")
    notices = service.current_notices(current_session(), settings["max_age_days"])
    return render_template("example/board.html", title=settings["title"], notices=notices)
