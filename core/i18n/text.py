"""Languages: Dutch first, with complete English.

Message ids are English; ``core/translations/nl`` holds the Dutch, and each plugin keeps
its own ``translations/nl``. A test fails when a message in the code has no Dutch
translation. Mark text with ``_l`` where it is defined at import time (labels, choices)
and with ``_`` where it is made during a request.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.support import Translations
from flask_babel import gettext, lazy_gettext, ngettext

LANGUAGES = {"nl": "Nederlands", "en": "English"}
#: times are stored in UTC and shown, and typed, in Dutch time
TIMEZONE = ZoneInfo("Europe/Amsterdam")
DEFAULT = "nl"
COOKIE = "noaber_lang"
TRANSLATIONS = Path(__file__).parent.parent / "translations"

_l = lazy_gettext
_ = gettext



def dutch_text(translations: Path) -> Callable[..., str]:
    """A gettext for text that is stored rather than shown, e.g. a claim's description in the
    books: always in Dutch (the tenant's language, whoever reads it later), from the catalogue in
    *translations* (a plugin's ``translations`` folder), and with or without a request (the
    demo, a job, a command).

        gettext = dutch_text(Path(__file__).parent / "translations")  # so extraction finds its messages
        gettext("Outing with a buddy, %(day)s", day="12 december")
    """
    catalogue = _catalogue(str(translations))

    def translate(message: str, **values) -> str:
        text = catalogue.gettext(message)
        return text % values if values else text
    return translate


@cache
def _catalogue(folder: str) -> Translations:
    return Translations.load(folder, [DEFAULT])


__all__ = ["COOKIE", "DEFAULT", "LANGUAGES", "TIMEZONE", "TRANSLATIONS", "_", "_l", "dutch_text", "gettext",
           "ngettext"]
