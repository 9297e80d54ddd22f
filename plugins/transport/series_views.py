"""Pages for standing orders: the list, a new series, and one series with its exceptions."""
from __future__ import annotations

from datetime import datetime

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from core.toolkit import (
    TIMEZONE,
    NoaberError,
    current_session,
    current_tenant,
    requires,
)
from plugins.transport import series as standing
from plugins.transport import service
from plugins.transport.destinations import FieldError, destination_of, place_choices
from plugins.transport.forms import DAY_NAMES, EndSeriesForm, SeriesForm, SkipForm
from plugins.transport.models import Ride, Series
from plugins.transport.pages import (
    actor,
    blueprint,
    person_names,
    rider_choices,
    tell,
)


@blueprint.get("/series")
@requires("transport.plan")
def series_list():
    all_series = current_session().scalars(select(Series).order_by(Series.first_day.desc(), Series.id.desc())).all()
    return render_template("transport/series_list.html", all_series=all_series,
                           names=person_names(s.rider_person_id for s in all_series), today=_today())


@blueprint.route("/series/new", methods=["GET", "POST"])
@requires("transport.plan")
def new_series():
    form = SeriesForm()
    rider_choices(form)
    place_choices(form)
    if form.validate_on_submit():
        try:
            made = _create(form)
        except FieldError as exc:
            getattr(form, exc.field).errors.append(str(exc))
        except NoaberError as exc:
            form.weekdays.errors = [*form.weekdays.errors, str(exc)]
        else:
            current_session().commit()
            flash(_("The standing order is saved; its rides for the coming weeks are on the board."))
            return redirect(url_for("transport.series_page", series_id=made.id))
    return render_template("transport/new_series.html", form=form), 422 if form.is_submitted() else 200


def _create(form: SeriesForm) -> Series:
    where = destination_of(form)
    if where.point is None:  # its rides are made for weeks ahead: they must be plannable
        raise FieldError("place", _("A standing order needs a place on the map: pick a known place, or give a "
                                    "postcode and house number that can be found."))
    return standing.create_series(
        current_session(), service.roads_for(current_tenant()), form.rider.data, where.point, where.text,
        form.weekdays.data, form.appointment.data, form.first_day.data, actor(), last_day=form.last_day.data,
        return_at=form.return_at.data, waits=form.waits.data, aid=form.aid.data, companion=form.companion.data,
        driver_notes=form.driver_notes.data or "")


@blueprint.get("/series/<int:series_id>")
@requires("transport.plan")
def series_page(series_id: int):
    return _render(_series_or_404(series_id), SkipForm(), EndSeriesForm())


def _render(found: Series, skip_form: SkipForm, end_form: EndSeriesForm, status: int = 200):
    upcoming = current_session().scalars(select(Ride).where(
        Ride.series_id == found.id, Ride.return_of_id.is_(None),
        Ride.appointment_at >= datetime.now(TIMEZONE).replace(hour=0, minute=0)).order_by(Ride.appointment_at)).all()
    return render_template("transport/series.html", series=found, skip_form=skip_form, end_form=end_form,
                           upcoming=upcoming, names=person_names([found.rider_person_id])), status


@blueprint.post("/series/<int:series_id>/skip")
@requires("transport.plan")
def skip_day(series_id: int):
    found, form = _series_or_404(series_id), SkipForm()
    if not form.validate_on_submit():
        return _render(found, form, EndSeriesForm(), 422)
    try:
        told = standing.skip(current_session(), found, form.day.data, form.reason.data or "", actor())
    except NoaberError as exc:
        form.day.errors = [*form.day.errors, str(exc)]
        return _render(found, form, EndSeriesForm(), 422)
    current_session().commit()
    tell(current_session(), told, "changed")
    flash(_("No ride on %(day)s.", day=format_date(form.day.data, "medium")))
    return redirect(url_for("transport.series_page", series_id=found.id))


@blueprint.post("/series/<int:series_id>/end")
@requires("transport.plan")
def end_series(series_id: int):
    found, form = _series_or_404(series_id), EndSeriesForm()
    if not form.validate_on_submit():
        return _render(found, SkipForm(), form, 422)
    try:
        told = standing.end(current_session(), found, form.last_day.data, actor())
    except NoaberError as exc:
        form.last_day.errors = [*form.last_day.errors, str(exc)]
        return _render(found, SkipForm(), form, 422)
    current_session().commit()
    tell(current_session(), told, "changed")
    flash(_("The standing order ends after %(day)s.", day=format_date(form.last_day.data, "medium")))
    return redirect(url_for("transport.series_page", series_id=found.id))


@blueprint.app_template_filter("weekday_names")
def weekday_names(days) -> str:
    return ", ".join(str(DAY_NAMES[day]) for day in days)


def _series_or_404(series_id: int) -> Series:
    return current_session().get(Series, series_id) or abort(404)


def _today():
    return datetime.now(TIMEZONE).date()
