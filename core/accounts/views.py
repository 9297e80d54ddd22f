"""Sign in, sign out, one's own account, and resetting a forgotten password."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from core.accounts import service
from core.accounts.forms import ChangePasswordForm, SignInForm
from core.accounts.limits import SIGN_IN_LIMIT, limit
from core.accounts.passwords import verify
from core.accounts.principal import end_session, start_session
from core.audit.service import record
from core.calendar.feeds import calendar_feed_url
from core.errors import NoaberError
from core.tenancy.context import current_scope
from core.web.forms import ConfirmForm
from core.web.links import local_target
from core.web.problems import try_again_in
from core.web.permissions import current_principal, public, signed_in

blueprint = Blueprint("accounts", __name__)


def safe_next(target: str | None) -> str:
    """*target* is a path within this tenant (as ``request.full_path`` gives it): never an open redirect."""
    path = local_target(target)
    return request.script_root + path if path else url_for("core.home")


@blueprint.route("/sign-in", methods=["GET", "POST"])
@public
@limit(SIGN_IN_LIMIT)
def sign_in():
    form = SignInForm(next=request.args.get("next", ""))
    if not form.validate_on_submit():
        return render_template("accounts/sign_in.html", form=form), 200 if request.method == "GET" else 422
    scope = current_scope()
    try:
        account = service.sign_in(scope.session, form.email.data, form.password.data, request.remote_addr or "-")
    except service.SignInRefused as refused:
        scope.session.commit()  # the failure counts, even though sign-in did not happen
        return _refused(form, refused)
    record(scope.session, f"account:{account.id}", "sign_in", None, "accounts.sign_in")
    start_session(scope, account)
    scope.session.commit()
    return redirect(safe_next(form.next.data))


def _refused(form, refused):
    if refused.retry_after is not None:
        too_many = _("Too many attempts.")
        form.form_errors.append(f"{too_many} {try_again_in(refused.retry_after.total_seconds())}")
        status = 429
    else:
        form.form_errors.append(_("E-mail address or password is not right."))
        status = 401
    headers = {"Retry-After": str(max(1, int(refused.retry_after.total_seconds())))} if refused.retry_after else {}
    return render_template("accounts/sign_in.html", form=form), status, headers


@blueprint.post("/sign-out")
@public
def sign_out():
    scope = current_scope()
    end_session(scope)
    scope.session.commit()
    flash(_("You are signed out."))
    return redirect(url_for("core.home"))


@blueprint.route("/account", methods=["GET"])
@signed_in
def profile():
    account = current_principal().account
    calendar_url = calendar_feed_url(current_scope().session, account.person_id) if account.person_id else None
    return render_template("accounts/profile.html", account=account, password_form=ChangePasswordForm(),
                           confirm=ConfirmForm(), calendar_url=calendar_url)


@blueprint.post("/account/password")
@signed_in
def change_password():
    account = current_principal().account
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not verify(account.password_hash, form.current.data):
            form.current.errors.append(_("This is not your current password."))
        else:
            try:
                service.set_password(account, form.password.data)
            except NoaberError as exc:
                form.password.errors.append(str(exc))
            else:
                return _signed_out_elsewhere(account, _("Your password is changed. Other devices are signed out."))
    return render_template("accounts/profile.html", account=account, password_form=form, confirm=ConfirmForm()), 422


@blueprint.post("/account/sign-out-everywhere")
@signed_in
def sign_out_everywhere():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    account = current_principal().account
    service.sign_out_everywhere(account)
    return _signed_out_elsewhere(account, _("You are signed out on every other device."))


def _signed_out_elsewhere(account, message: str):
    scope = current_scope()
    record(scope.session, f"account:{account.id}", "sign_out_all", None, request.endpoint)
    start_session(scope, account)  # this device stays signed in, in a new session
    scope.session.commit()
    flash(message)
    return redirect(url_for("accounts.profile"))
