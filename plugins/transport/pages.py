"""What transport's pages share: the blueprint, who is acting, the chosen day or month, and names.

Every page module (views, drivers, series_views, calendar, reports) adds its routes to the
one blueprint here, so none of them imports another.
"""
from __future__ import annotations

from datetime import date, datetime

from flask import Blueprint, request
from sqlalchemy import select
from wtforms.fields import SelectChoice

from core.toolkit import (
    TIMEZONE,
    _,
    current_principal,
    current_session,
    current_tenant,
    full_names,
    list_people,
    person_labels,
    refuse,
)
from plugins.transport import service
from plugins.transport.forms import TripForm
from plugins.transport.models import Driver
from plugins.transport.notify import tell_drivers

blueprint = Blueprint("transport", __name__, template_folder="templates")


def actor() -> str:
    return current_principal().actor


def chosen_day() -> date:
    """The ``day`` in the address (today when there is none); one that is not a date is a 400."""
    text = request.args.get("day")
    if not text:
        return datetime.now(TIMEZONE).date()
    try:
        return date.fromisoformat(text)
    except ValueError:
        refuse(400, _("%(day)s is not a date; write it as 2026-10-31.", day=text[:20]))


def chosen_month() -> date:
    """The ``month`` in the address (this month when there is none); one that is not a month is a 400."""
    text = request.args.get("month")
    if not text:
        return datetime.now(TIMEZONE).date().replace(day=1)
    try:
        return date.fromisoformat(f"{text}-01")  # "2026-10": a whole date is not a month
    except ValueError:
        refuse(400, _("%(month)s is not a month; write it as 2026-10.", month=text[:20]))


def rider_choices(form: TripForm) -> None:
    labels = person_labels(list_people(current_session(), resident=True))
    form.rider.choices = [SelectChoice(person_id, label) for person_id, label in labels.items()]


def tell(session, rides, what: str) -> None:
    """Mail the drivers of *rides* that they were offered rides, or that theirs changed."""
    tell_drivers(session, current_tenant(), [r for r in rides if r is not None], what)


def my_driver() -> Driver | None:
    """The driver the signed-in account is, if it is one."""
    account = current_principal().account
    if account is None or account.person_id is None:
        return None
    return current_session().scalar(select(Driver).where(Driver.person_id == account.person_id))


def person_names(person_ids) -> dict[int, str]:
    return full_names(current_session(), person_ids)


def driver_names() -> dict[int, str]:
    return service.driver_names(current_session())
