"""Languages: Dutch first, with complete English.

Message ids are English; ``core/translations/nl`` holds the Dutch, and each plugin keeps
its own ``translations/nl``. A test fails when a message in the code has no Dutch
translation. Mark text with ``_l`` where it is defined at import time (labels, choices)
and with ``_`` where it is made during a request.
"""
from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from flask_babel import gettext, lazy_gettext, ngettext

LANGUAGES = {"nl": "Nederlands", "en": "English"}
#: times are stored in UTC and shown, and typed, in Dutch time
TIMEZONE = ZoneInfo("Europe/Amsterdam")
DEFAULT = "nl"
COOKIE = "noaber_lang"
TRANSLATIONS = Path(__file__).parent.parent / "translations"

_l = lazy_gettext
_ = gettext

__all__ = ["COOKIE", "DEFAULT", "LANGUAGES", "TIMEZONE", "TRANSLATIONS", "_", "_l", "gettext", "ngettext"]
