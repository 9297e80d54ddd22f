"""The feed itself, and making, renewing and stopping its address (by the person, or by a coordinator)."""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, Response, abort, flash, redirect, url_for

from core.calendar import feeds
from core.i18n.text import TIMEZONE, _
from core.people.models import Person
from core.tenancy.context import current_scope
from core.web.forms import ConfirmForm
from core.web.permissions import current_principal, public, requires, signed_in

blueprint = Blueprint("calendar", __name__)


@blueprint.get("/calendar/<token>.ics")
@public  # the secret token is the key; without it, 404
def feed(token: str):
    scope = current_scope()
    found = feeds.by_token(scope.session, token)
    person = scope.session.get(Person, found.person_id) if found else None
    if person is None or person.erased_at is not None:
        abort(404)
    now = datetime.now(TIMEZONE)
    events = feeds.events_of(scope.instance.hooks(scope.tenant), scope.tenant, scope.session, person.id, now)
    body = feeds.as_ical(events, scope.tenant.name, now)
    return Response(body, mimetype="text/calendar", headers={"Cache-Control": "private, max-age=300"})


def _confirmed() -> None:
    if not ConfirmForm().validate_on_submit():
        abort(400)


def _own_person_id() -> int | None:
    account = current_principal().account
    return account.person_id if account is not None else None


@blueprint.post("/account/calendar/<action>")
@signed_in
def own(action: str):
    """The person renews or stops the address of their own calendar."""
    _confirmed()
    person_id = _own_person_id()
    if action not in ("renew", "stop") or person_id is None:
        abort(404)
    _change(person_id, action)
    return redirect(url_for("accounts.profile") + "#calendar")


@blueprint.post("/people/<int:person_id>/calendar/<action>")
@requires("people.write")
def for_person(person_id: int, action: str):
    """A coordinator makes, renews or stops the address for someone (to print or send it)."""
    _confirmed()
    person = current_scope().session.get(Person, person_id)
    if action not in ("renew", "stop") or person is None or person.erased_at is not None:
        abort(404)
    _change(person_id, action)
    return redirect(url_for("people.show", person_id=person_id) + "#calendar")


def _change(person_id: int, action: str) -> None:
    session = current_scope().session
    if action == "renew":
        feeds.renew(session, person_id)
        flash(_("The calendar address is new; an older one no longer works."))
    else:
        feeds.stop(session, person_id)
        flash(_("The calendar address is stopped; calendars that used it stay empty from now on."))
    session.commit()
