"""Pages: groups with free places, a group (schedule, enrolled, waiting list, sessions), the
attendance sheet (on a phone and on paper), and the report. No JavaScript needed."""
from __future__ import annotations

from plugins.daycare import pages, report_pages, sheet_pages  # noqa: F401  routes
from plugins.daycare.web import blueprint

__all__ = ["blueprint"]
