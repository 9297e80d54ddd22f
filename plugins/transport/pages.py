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
    NoaberError,
    _,
    current_principal,
    current_session,
    current_tenant,
    full_names,
    list_people,
    locate_address,
)
from plugins.transport import service
from plugins.transport.forms import TripForm
from plugins.transport.models import Driver
from plugins.transport.notify import tell_drivers

blueprint = Blueprint("transport", __name__, template_folder="templates")


def actor() -> str:
    return current_principal().actor


def chosen_day() -> date:
    try:
        return date.fromisoformat(request.args.get("day", ""))
    except ValueError:
        return datetime.now(TIMEZONE).date()


def chosen_month() -> date:
    try:
        return date.fromisoformat(request.args.get("month", "") + "-01")
    except ValueError:
        return datetime.now(TIMEZONE).date().replace(day=1)


def destination_of(form: TripForm) -> tuple[float, float]:
    """The destination typed in: by coordinates, or looked up by postcode and number."""
    if form.latitude.data is not None and form.longitude.data is not None:
        return form.latitude.data, form.longitude.data
    if form.destination_postcode.data and form.destination_number.data:
        found = locate_address(current_tenant(), form.destination_postcode.data, form.destination_number.data)
        if found is None:
            raise NoaberError(_("The destination could not be found; give its coordinates."))
        return found.latitude, found.longitude
    raise NoaberError(_("Give the destination's postcode and house number, or its coordinates."))


def rider_choices(form: TripForm) -> None:
    people = list_people(current_session(), resident=True)
    form.rider.choices = [SelectChoice(p.id, f"{p.family_name}, {p.given_name}") for p in people]


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
