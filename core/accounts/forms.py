"""Sign-in and password forms (Flask-WTF: CSRF token included)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from core.accounts.passwords import MAX_LENGTH, MIN_LENGTH
from core.i18n.text import _l


class SignInForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Email(), Length(max=254)],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_LENGTH)],
                             render_kw={"autocomplete": "current-password"})
    next = HiddenField()


class ForgotForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Email(), Length(max=254)],
                       render_kw={"autocomplete": "username"})


class NewPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(min=MIN_LENGTH, max=MAX_LENGTH)],
                             render_kw={"autocomplete": "new-password"})
    repeat = PasswordField(_l("New password again"),
                           validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
                           render_kw={"autocomplete": "new-password"})


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=MAX_LENGTH)],
                            render_kw={"autocomplete": "current-password"})
