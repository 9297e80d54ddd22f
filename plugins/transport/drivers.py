"""Driver pages: who drives, what their car takes, when they can, their leave and documents."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from wtforms.fields import SelectChoice

from core.toolkit import TIMEZONE, ConfirmForm, current_session, list_people, requires
from plugins.transport import service
from plugins.transport.forms import (
    DAY_NAMES,
    AvailabilityForm,
    CheckForm,
    DriverForm,
    LeaveForm,
)
from plugins.transport.models import Availability, Check, Driver, Leave
from plugins.transport.pages import blueprint, driver_names

#: warn this many days before a document expires
WARN_DAYS = 30
FIELDS = ("vehicle", "takes_walker", "takes_folding_wheelchair", "takes_wheelchair", "seats", "max_km", "active")


def check_state(check: Check) -> str:
    today = datetime.now(TIMEZONE).date()
    if check.expires_on < today:
        return "expired"
    return "expiring" if check.expires_on <= today + timedelta(days=WARN_DAYS) else "valid"


@blueprint.get("/drivers/")
@requires("transport.plan")
def drivers():
    rows = current_session().scalars(select(Driver).order_by(Driver.id)).all()
    return render_template("transport/drivers.html", drivers=rows, names=driver_names(), state=check_state)


@blueprint.route("/drivers/new", methods=["GET", "POST"])
@requires("transport.plan")
def new_driver():
    return _edit(None)


@blueprint.route("/drivers/<int:driver_id>", methods=["GET", "POST"])
@requires("transport.plan")
def driver(driver_id: int):
    return _edit(current_session().get(Driver, driver_id) or abort(404))


def _edit(driver: Driver | None):
    session = current_session()
    form = (DriverForm(obj=driver, person=driver.person_id if driver else None) if request.method == "GET"
            else DriverForm())
    taken = set(session.scalars(select(Driver.person_id)))
    volunteers = list_people(session, volunteer=True)
    form.person.choices = [SelectChoice(p.id, p.full_name) for p in volunteers
                           if p.id not in taken or (driver and p.id == driver.person_id)]
    if form.validate_on_submit():
        driver = driver or Driver(person_id=form.person.data)
        driver.person_id = form.person.data
        for field in FIELDS:
            setattr(driver, field, getattr(form, field).data)
        session.add(driver)
        session.commit()
        flash(_("Saved."))
        return redirect(url_for("transport.driver", driver_id=driver.id))
    status = 422 if form.is_submitted() else 200
    return render_template("transport/driver.html", form=form, driver=driver, names=driver_names(), state=check_state,
                           weekdays=DAY_NAMES,
                           availability=AvailabilityForm(), leave=LeaveForm(), check=CheckForm(),
                           confirm=ConfirmForm()), status


@blueprint.post("/drivers/<int:driver_id>/<part>")
@requires("transport.plan")
def add_part(driver_id: int, part: str):
    """Add an availability window, a leave period or a document to a driver."""
    driver = current_session().get(Driver, driver_id) or abort(404)
    form_class, make = {"availability": (AvailabilityForm, lambda f: Availability(weekday=f.weekday.data,
                                                                                  starts=f.starts.data,
                                                                                  ends=f.ends.data)),
                        "leave": (LeaveForm, lambda f: Leave(first_day=f.first_day.data, last_day=f.last_day.data)),
                        "checks": (CheckForm, lambda f: Check(kind=f.kind.data,
                                                              expires_on=f.expires_on.data))}.get(part, (None, None))
    if form_class is None:
        abort(404)
    form = form_class()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(" ".join(map(str, errors)))
        return redirect(url_for("transport.driver", driver_id=driver.id)), 303
    if part == "checks":  # a new document replaces the old one of its kind
        driver.checks = [c for c in driver.checks if c.kind != form.kind.data]
    getattr(driver, part).append(make(form))
    current_session().commit()
    flash(_("Saved."))
    return redirect(url_for("transport.driver", driver_id=driver.id))


@blueprint.post("/drivers/<int:driver_id>/<part>/<int:item_id>/remove")
@requires("transport.plan")
def remove_part(driver_id: int, part: str, item_id: int):
    driver = current_session().get(Driver, driver_id) or abort(404)
    if part not in ("availability", "leave", "checks") or not ConfirmForm().validate_on_submit():
        abort(400)
    items = getattr(driver, part)
    setattr(driver, part, [item for item in items if item.id != item_id])
    current_session().commit()
    return redirect(url_for("transport.driver", driver_id=driver.id))


def warnings(session) -> list[tuple[str, Check]]:
    """Documents that expired or expire within WARN_DAYS, with the driver's name."""
    names = service.driver_names(session)
    checks = session.scalars(select(Check).order_by(Check.expires_on)).all()
    return [(names.get(c.driver_id, ""), c) for c in checks if check_state(c) != "valid"]
