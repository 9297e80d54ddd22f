"""Forms every part of the site uses (Flask-WTF: a CSRF token in each), and their messages in plain words."""
from __future__ import annotations

from babel.support import Translations
from flask import request
from flask_babel import get_locale, get_translations
from flask_wtf import FlaskForm
from wtforms import FloatField, StringField
from wtforms.i18n import messages_path
from wtforms.validators import NumberRange, Optional

from core.i18n.text import _l
from core.web.api import decimal_from_form

#: WTForms' own messages that a volunteer meets; our catalogue says them plainly ("Ongeldige
#: float-waarde" becomes "Vul een getal in, zoals 12,5"). Listed here so they are extracted.
PLAIN = (_l("Not a valid float value."), _l("Not a valid integer value."), _l("Not a valid decimal value."),
         _l("Not a valid date value."), _l("Not a valid time value."), _l("Not a valid datetime value."),
         _l("Not a valid choice."), _l("Invalid Choice: could not coerce."), _l("Invalid email address."),
         _l("This field is required."), _l("Invalid input."), _l("Number must be between %(min)s and %(max)s."),
         _l("Number must be at least %(min)s."), _l("Number must be at most %(max)s."),
         _l("Field must be between %(min)d and %(max)d characters long."))

_by_locale: dict[str, Translations] = {}


class ConfirmForm(FlaskForm):
    """A button that changes something: only the CSRF token travels with it."""


class LatitudeField(FloatField):
    """A latitude in the Netherlands (under "advanced": nobody is asked for one)."""

    def __init__(self, label=None, **kwargs):
        label = label or _l("Latitude")
        message = _l("A latitude in the Netherlands lies between 50,7 and 53,6.")
        super().__init__(label, validators=[Optional(), NumberRange(50.7, 53.6, message=message)], **kwargs)


class LongitudeField(FloatField):
    """A longitude in the Netherlands (under "advanced")."""

    def __init__(self, label=None, **kwargs):
        label = label or _l("Longitude")
        message = _l("A longitude in the Netherlands lies between 3,3 and 7,3.")
        super().__init__(label, validators=[Optional(), NumberRange(3.3, 7.3, message=message)], **kwargs)


class ExactAmountField(StringField):
    """An amount typed the way people here write it ("12,50" or "12.50"), read exactly: ``data`` is a
    Decimal, or None when left empty; what *pattern* does not allow (the same pattern the API's
    ``DecimalString`` takes) is the field's error, *message*. It shows back what was typed, or the
    amount with a decimal comma."""

    def __init__(self, label=None, pattern: str = "", message=None, **kwargs):
        super().__init__(label, **kwargs)
        self.pattern, self.message = pattern, message or _l("Not a valid decimal value.")

    def process_formdata(self, valuelist):
        try:
            self.data = decimal_from_form(valuelist[0] if valuelist else "", self.pattern)
        except ValueError:
            self.data = None
            raise ValueError(str(self.message)) from None

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data).replace(".", ",")


def plain_form_messages() -> None:
    """before_request: forms speak with WTForms' catalogue, overruled by ours where we say it plainer."""
    locale = str(get_locale() or "nl")
    translations = _by_locale.get(locale)
    if translations is None:
        translations = Translations.load(messages_path(), [locale], domain="wtforms")
        translations.merge(get_translations())
        _by_locale[locale] = translations
    request.wtforms_translations = translations


def init_app(app) -> None:
    app.before_request(plain_form_messages)
