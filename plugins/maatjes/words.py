"""Codes said in words, in the reader's language: languages, moments of the week, numbers."""
from __future__ import annotations

from babel import Locale
from flask_babel import format_decimal, get_locale

from core.toolkit import _, _l

PARTS = {"morning": _l("morning"), "afternoon": _l("afternoon"), "evening": _l("evening")}
REFERRERS = {"self": _l("themselves"), "gp": _l("their GP"), "social_team": _l("the social team"),
             "other": _l("someone else")}
END_REASONS = {"goal_reached": _l("goal reached"), "planned_period_over": _l("planned period over"),
               "moved": _l("moved"), "participant_health": _l("participant's health"),
               "volunteer_stopped": _l("volunteer stopped"), "no_click": _l("no click"), "other": _l("other")}
STATUSES = {"proposed": _l("proposed"), "introduced": _l("introduced"), "active": _l("active"),
            "ended": _l("ended")}
LEAVE_REASONS = {"no_longer_wanted": _l("no longer wanted it"), "moved": _l("moved"), "health": _l("health"),
                 "deceased": _l("deceased"), "other": _l("other")}
CONTACT_KINDS = {"visit": _l("visit"), "call": _l("call"), "message": _l("message"), "outing": _l("outing")}


def _locale() -> Locale:
    return get_locale() or Locale("nl")


def language_name(code: str) -> str:
    return _locale().languages.get(code, code)


def language_names(codes) -> str:
    names = [language_name(c) for c in codes]
    return names[0] if len(names) == 1 else _("%(some)s and %(last)s", some=", ".join(names[:-1]), last=names[-1])


def weekday_name(weekday: int) -> str:
    """0 = Monday, in the reader's language (babel's names)."""
    return _locale().days["format"]["wide"][weekday]


def moment_names(moments) -> str:
    return ", ".join(f"{weekday_name(weekday)} {PARTS[part]}" for weekday, part in moments)


def number(value: float) -> str:
    return format_decimal(round(value, 1))
