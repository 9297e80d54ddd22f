"""Forgotten passwords: a link by e-mail, valid for an hour and only once."""
from __future__ import annotations

import hashlib

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer

from core.accounts import service
from core.accounts.forms import ForgotForm, NewPasswordForm
from core.accounts.limits import SIGN_IN_LIMIT, limit
from core.accounts.models import Account
from core.audit.service import record
from core.errors import NoaberError
from core.mail import send_mail
from core.tenancy.context import current_scope
from core.web.links import external_url
from core.web.permissions import public

blueprint = Blueprint("password", __name__)
VALID_FOR = 60 * 60


def _serializer(scope) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(scope.instance.key_for("password-reset", scope.tenant.slug), salt="reset")


def _fingerprint(account: Account) -> str:
    # Part of the token: once the password changes, every earlier link stops working.
    return hashlib.sha256((account.password_hash or "").encode()).hexdigest()[:16]


def make_token(scope, account: Account) -> str:
    return _serializer(scope).dumps({"a": account.id, "h": _fingerprint(account)})


def account_for_token(scope, token: str) -> Account | None:
    try:
        data = _serializer(scope).loads(token, max_age=VALID_FOR)
    except BadSignature:
        return None
    account = scope.session.get(Account, data.get("a"))
    if account is None or not account.active or data.get("h") != _fingerprint(account):
        return None
    return account


@blueprint.route("/password/forgot", methods=["GET", "POST"])
@public
@limit(SIGN_IN_LIMIT)
def forgot_password():
    form = ForgotForm()
    if not form.validate_on_submit():
        return render_template("accounts/forgot.html", form=form), 200 if not form.is_submitted() else 422
    scope = current_scope()
    account = service.find_by_email(scope.session, form.email.data)
    if account is not None and account.active:
        link = external_url("password.reset_password", token=make_token(scope, account))
        send_mail(account.email, _("Set a new password for %(name)s", name=scope.tenant.name),
                  render_template("accounts/reset_mail.txt", link=link, tenant=scope.tenant), scope.tenant.name)
        record(scope.session, f"account:{account.id}", "reset_link", None, "password.forgot_password")
        scope.session.commit()
    # The same answer either way: the page must not tell who has an account.
    flash(_("If this address has an account, we sent it a link. It works for one hour."))
    return redirect(url_for("accounts.sign_in"))


@blueprint.route("/password/reset/<token>", methods=["GET", "POST"])
@public
@limit(SIGN_IN_LIMIT)
def reset_password(token: str):
    scope = current_scope()
    account = account_for_token(scope, token)
    if account is None:
        return render_template("accounts/reset_invalid.html"), 404
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            service.set_password(account, form.password.data)
        except NoaberError as exc:
            form.password.errors.append(str(exc))
        else:
            record(scope.session, f"account:{account.id}", "password_reset", None, "password.reset_password")
            scope.session.commit()
            flash(_("Your password is set. Sign in with it."))
            return redirect(url_for("accounts.sign_in"))
    return render_template("accounts/reset.html", form=form), 200 if not form.is_submitted() else 422
