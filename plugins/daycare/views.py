"""Pages: groups with free places, a group (schedule, enrolled, waiting list, sessions), the
attendance sheet (on a phone and on paper), and the report. No JavaScript needed."""
from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("daycare", __name__, template_folder="templates")

from plugins.daycare import pages, sheet_pages, report_pages  # noqa: E402,F401  routes
