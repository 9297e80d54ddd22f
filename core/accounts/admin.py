"""Account and role management for administrators."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import BooleanField, EmailField, IntegerField, SelectMultipleField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from core.accounts import service, throttle
from core.accounts.models import Account, AccountRole
from core.accounts.reset import make_token
from core.audit.service import current_actor, record
from core.errors import NoaberError
from core.i18n.text import _l
from core.mail import send_mail
from core.storage.base import utcnow
from core.tenancy.context import current_scope
from core.web.forms import ConfirmForm
from core.web.links import external_url
from core.web.permissions import requires
from core.web.roles import ROLE_LABELS, ROLES

blueprint = Blueprint("admin_accounts", __name__, url_prefix="/admin/accounts")


class RolesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AccountForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Email(), Length(max=254)])
    roles = RolesField(_l("Roles"), choices=[SelectChoice(r, ROLE_LABELS[r]) for r in ROLES],
                       validators=[DataRequired()])
    person_id = IntegerField(_l("Linked to person number (optional)"), validators=[Optional()])
    active = BooleanField(_l("May sign in"), default=True)


def account_or_404(account_id: int) -> Account:
    account = current_scope().session.get(Account, account_id)
    if account is None:
        abort(404)
    return account


@blueprint.get("/")
@requires("accounts.manage")
def index():
    session = current_scope().session
    accounts = session.scalars(select(Account).order_by(Account.email)).all()
    return render_template("accounts/admin_index.html", accounts=accounts,
                           blocked=throttle.blocked_emails(session, utcnow()))


@blueprint.route("/new", methods=["GET", "POST"])
@requires("accounts.manage")
def new():
    form = AccountForm()
    if form.validate_on_submit():
        scope = current_scope()
        try:
            account = service.create_account(scope.session, form.email.data, None, form.roles.data, form.person_id.data)
            scope.session.flush()
        except NoaberError as exc:
            form.email.errors.append(str(exc))
        else:
            record(scope.session, current_actor().actor, "create", account.person_id, current_actor().via,
                   f"account {account.id}")
            scope.session.commit()
            _invite(scope, account)
            return redirect(url_for("admin_accounts.index"))
    return render_template("accounts/admin_edit.html", form=form, account=None), 422 if form.is_submitted() else 200


def _invite(scope, account: Account) -> None:
    """Send a link to set a first password; without mail, show it to the admin to pass on."""
    link = external_url("password.reset_password", token=make_token(scope, account))
    body = render_template("accounts/invite_mail.txt", link=link, tenant=scope.tenant)
    if send_mail(account.email, _("Your account at %(name)s", name=scope.tenant.name), body, scope.tenant.name):
        flash(_("The account is made; %(email)s received a link to set a password.", email=account.email))
    else:
        flash(_("The account is made, but no mail could be sent. Pass on this link (valid one hour): %(link)s",
                link=link))


@blueprint.route("/<int:account_id>", methods=["GET", "POST"])
@requires("accounts.manage")
def edit(account_id: int):
    account = account_or_404(account_id)
    form = AccountForm(obj=account, roles=sorted(account.roles)) if not FlaskForm().is_submitted() else AccountForm()
    if form.validate_on_submit():
        problem = _last_admin_problem(account, form.roles.data, form.active.data)
        if problem:
            form.roles.errors.append(problem)
        else:
            _apply(account, form)
            flash(_("Saved."))
            return redirect(url_for("admin_accounts.index"))
    blocked = account.email in throttle.blocked_emails(current_scope().session, utcnow())
    return render_template("accounts/admin_edit.html", form=form, account=account, confirm=ConfirmForm(),
                           blocked=blocked), 422 if form.is_submitted() else 200


def _last_admin_problem(account: Account, roles, active: bool) -> str | None:
    losing_admin = "admin" in account.roles and ("admin" not in roles or not active)
    if losing_admin and _active_admins(current_scope().session) <= 1:
        return _("This is the last administrator; make someone else administrator first.")
    return None


def _active_admins(session) -> int:
    return session.scalar(select(func.count()).select_from(AccountRole).join(Account)
                          .where(AccountRole.role == "admin", Account.active.is_(True)))


def _apply(account: Account, form: AccountForm) -> None:
    scope = current_scope()
    email = service.normalise_email(form.email.data)
    changed = [name for name, old, new in (("email", account.email, email),
                                           ("roles", account.roles, set(form.roles.data)),
                                           ("active", account.active, form.active.data),
                                           ("person", account.person_id, form.person_id.data)) if old != new]
    account.email, account.active, account.person_id = email, form.active.data, form.person_id.data
    account.set_roles(form.roles.data)
    if "active" in changed or "roles" in changed:
        service.sign_out_everywhere(account)
    record(scope.session, current_actor().actor, "update", account.person_id, current_actor().via,
           f"account {account.id}: {', '.join(changed)}")
    scope.session.commit()


@blueprint.post("/<int:account_id>/unlock")
@requires("accounts.manage")
def unlock(account_id: int):
    account = account_or_404(account_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    throttle.unlock(current_scope().session, account.email)
    record(current_scope().session, current_actor().actor, "update", account.person_id, current_actor().via,
           f"account {account.id}: unlocked")
    current_scope().session.commit()
    flash(_("The account is unlocked."))
    return redirect(url_for("admin_accounts.edit", account_id=account.id))
