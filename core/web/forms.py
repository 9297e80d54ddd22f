"""Forms every part of the site uses (Flask-WTF: a CSRF token in each)."""
from __future__ import annotations

from flask_wtf import FlaskForm


class ConfirmForm(FlaskForm):
    """A button that changes something: only the CSRF token travels with it."""
