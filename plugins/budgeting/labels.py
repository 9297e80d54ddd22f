"""What people read for the codes: categories, sources, states."""
from __future__ import annotations

from core.toolkit import _l

CATEGORY_LABELS = {"activities": _l("Activities"), "volunteers": _l("Volunteers"), "transport": _l("Transport"),
                   "housing": _l("Housing"), "communication": _l("Communication"),
                   "organisation": _l("Organisation"), "other": _l("Other")}
SOURCE_LABELS = {"municipality": _l("Municipal subsidy"), "wmo": _l("Wmo"), "fund": _l("Funds"),
                 "membership": _l("Membership fees"), "gift": _l("Gifts"), "other": _l("Other income")}
STATUS_LABELS = {"submitted": _l("Submitted"), "approved": _l("Approved"), "scheduled": _l("In a payment batch"),
                 "paid": _l("Paid"), "rejected": _l("Rejected")}


def category_label(code: str) -> str:
    return str(CATEGORY_LABELS.get(code, code.replace("_", " ").capitalize()))
