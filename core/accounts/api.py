"""``/api/v1/accounts``: accounts and roles for programs (administrators' permission)."""
from __future__ import annotations

from flask import request
from flask.views import MethodView
from flask_smorest import abort
from marshmallow import Schema, ValidationError, fields, validate
from sqlalchemy import select

from core.accounts import service
from core.accounts.models import Account, AccountRole
from core.audit.service import record
from core.errors import NoaberError
from core.people.models import Person
from core.tenancy.context import current_scope
from core.web.api import Blueprint, Id
from core.web.pagination import paginate
from core.web.permissions import current_principal, requires
from core.web.roles import ROLES

blueprint = Blueprint("accounts_api", __name__, description="Accounts and their roles")


def _each_once(roles: list[str]) -> None:
    if len(set(roles)) != len(roles):
        raise ValidationError("Name each role once.")


class AccountSchema(Schema):
    id = Id(dump_only=True)
    email = fields.Email(required=True, validate=validate.Length(max=254))
    roles = fields.List(fields.String(validate=validate.OneOf(ROLES)), required=True,
                        validate=[validate.Length(min=1, max=len(ROLES)), _each_once], metadata={"uniqueItems": True})
    active = fields.Boolean(load_default=True)
    person_id = Id(load_default=None, allow_none=True, metadata={"description": "The person this account is; "
                                                                               "a person has one account at most"})
    last_login_at = fields.DateTime(dump_only=True, allow_none=True)


class AccountChangeSchema(AccountSchema):
    """Used with ``partial=True``: only the fields sent change."""


class AccountsQuery(Schema):
    role = fields.String(load_default=None, validate=validate.OneOf(ROLES))
    active = fields.Boolean(load_default=None, allow_none=True)


def _dump(account: Account) -> dict:
    return {"id": account.id, "email": account.email, "roles": sorted(account.roles), "active": account.active,
            "person_id": account.person_id, "last_login_at": account.last_login_at}


def _log(account: Account, detail: str) -> None:
    record(current_scope().session, current_principal().actor, "update", account.person_id,
           f"{request.method} {request.endpoint}", f"account {account.id}: {detail}")


@blueprint.route("")
class Accounts(MethodView):
    @requires("accounts.manage")
    @blueprint.arguments(AccountsQuery(), location="query")
    @blueprint.response(200, AccountSchema(many=True))
    @blueprint.paginate()
    def get(self, query, pagination_parameters):
        """List accounts; filter by role or by whether they may sign in."""
        statement = select(Account).order_by(Account.email)
        if query["role"]:
            statement = statement.where(Account.role_rows.any(AccountRole.role == query["role"]))
        if query["active"] is not None:
            statement = statement.where(Account.active.is_(query["active"]))
        page = paginate(current_scope().session, statement, pagination_parameters.page, pagination_parameters.page_size)
        pagination_parameters.item_count = page.total
        return [_dump(a) for a in page.items]

    @requires("accounts.manage")
    @blueprint.arguments(AccountSchema())
    @blueprint.response(201, AccountSchema)
    def post(self, data):
        """Make an account without a password; its owner sets one through "forgot password"."""
        session = current_scope().session
        _refuse_conflicts(session, data)
        try:
            account = service.create_account(session, data["email"], None, data["roles"], data["person_id"])
        except NoaberError as exc:
            abort(422, errors={"email": [str(exc)]})
        account.active = data["active"]
        session.flush()
        _log(account, "created")
        session.commit()
        return _dump(account)


@blueprint.route("/<int:account_id>")
class AccountItem(MethodView):
    @requires("accounts.manage")
    @blueprint.response(200, AccountSchema)
    def get(self, account_id):
        """One account."""
        return _dump(_account_or_404(account_id))

    @requires("accounts.manage")
    @blueprint.arguments(AccountChangeSchema(partial=True))
    @blueprint.response(200, AccountSchema)
    def patch(self, data, account_id):
        """Change roles, whether it may sign in, or the linked person."""
        account = _account_or_404(account_id)
        session = current_scope().session
        _refuse_conflicts(session, data, account)
        losing_admin = "admin" in account.roles and ("admin" not in data.get("roles", account.roles)
                                                    or not data.get("active", True))
        if losing_admin and service.count_admins(session) <= 1:
            abort(422, errors={"roles": ["This is the last administrator."]})
        if "roles" in data:
            account.set_roles(data["roles"])
        for field in ("active", "person_id"):
            if field in data:
                setattr(account, field, data[field])
        if "email" in data:
            account.email = service.normalise_email(data["email"])
        service.sign_out_everywhere(account)
        _log(account, ", ".join(sorted(data)))
        session.commit()
        return _dump(account)


def _refuse_conflicts(session, data: dict, account: Account | None = None) -> None:
    """422 for a person who does not exist; 409 for an address or a person another account has."""
    person_id = data.get("person_id")
    if person_id is not None and session.get(Person, person_id) is None:
        abort(422, errors={"person_id": [f"No person {person_id}."]})
    if "email" in data and service.find_by_email(session, data["email"]) not in (None, account):
        abort(409, message="Another account has this e-mail address.")
    linked = session.scalar(select(Account).where(Account.person_id == person_id)) if person_id else None
    if linked not in (None, account):
        abort(409, message=f"Person {person_id} has an account already.")


def _account_or_404(account_id: int) -> Account:
    account = current_scope().session.get(Account, account_id)
    if account is None:
        abort(404, message=f"No account {account_id}.")
    return account
