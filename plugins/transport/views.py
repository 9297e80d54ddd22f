"""Pages: the coordinator's board for a day, the request form, a ride, and "my rides" for drivers."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select
from wtforms.fields import SelectChoice

from core import current_session, current_tenant
from core.accounts.forms import ConfirmForm
from core.audit.service import record
from core.errors import NoaberError
from core.i18n import TIMEZONE, _l
from core.people.consent import has_consent
from core.people.geocode import geocoder_for
from core.people.models import Person
from core.people.service import normalise_postcode
from core.permissions import current_principal, requires
from plugins.transport import service
from plugins.transport.forms import CompleteForm, OutcomeForm, RideForm, TripForm
from plugins.transport.models import Driver, Ride

blueprint = Blueprint("transport", __name__, template_folder="templates")

REASONS = {"no_capable_driver": _l("no driver whose car can take it"), "checks_expired": _l("drivers' checks expired"),
           "all_too_far": _l("all drivers live too far away"), "no_driver_free": _l("no driver free then"),
           "all_busy": _l("every possible driver is busy then")}


def actor() -> str:
    return current_principal().actor


def chosen_day() -> date:
    try:
        return date.fromisoformat(request.args.get("day", ""))
    except ValueError:
        return datetime.now(TIMEZONE).date()


@blueprint.get("/")
@requires("transport.plan")
def board():
    day = chosen_day()
    rides = service.rides_on(current_session(), day)
    names = _names(r.rider_person_id for r in rides)
    return render_template("transport/board.html", day=day, rides=rides, names=names, confirm=ConfirmForm(),
                           drivers=_driver_names(), previous=day - timedelta(days=1), next=day + timedelta(days=1))


@blueprint.get("/week")
@requires("transport.plan")
def week():
    """Seven days at a glance: per day the rides by status, and each ride in short."""
    monday = chosen_day() - timedelta(days=chosen_day().weekday())
    days = [monday + timedelta(days=n) for n in range(7)]
    rides = {day: service.rides_on(current_session(), day) for day in days}
    names = _names(r.rider_person_id for day_rides in rides.values() for r in day_rides)
    return render_template("transport/week.html", monday=monday, days=days, rides=rides, names=names,
                           drivers=_driver_names(), confirm=ConfirmForm(), previous=monday - timedelta(days=7),
                           next=monday + timedelta(days=7))


@blueprint.post("/plan-week")
@requires("transport.plan")
def plan_week():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    monday = chosen_day() - timedelta(days=chosen_day().weekday())
    session = current_session()
    results = service.plan_week(session, service.roads_for(current_tenant()), monday, actor())
    session.commit()
    offered = [ride_id for result in results.values() for ride_id in result.assignments]
    _tell(session, [session.get(Ride, ride_id) for ride_id in offered], "offered")
    unplanned = {ride_id: reason for result in results.values() for ride_id, reason in result.unplanned.items()}
    _report(len(offered), unplanned, max(result.gap for result in results.values()))
    return redirect(url_for("transport.week", day=monday.isoformat()))


def _report(offered: int, unplanned: dict, gap: float) -> None:
    flash(_("%(planned)d rides offered to drivers; %(left)d could not be planned (gap to the best possible: %(gap).1f%%).",
            planned=offered, left=len(unplanned), gap=100 * gap))
    for ride_id, reason in unplanned.items():
        flash(_("Ride %(id)d: %(reason)s", id=ride_id, reason=str(REASONS.get(reason, reason))))


@blueprint.post("/plan")
@requires("transport.plan")
def plan_day():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    day = chosen_day()
    session = current_session()
    result = service.plan_day(session, service.roads_for(current_tenant()), day, actor())
    session.commit()
    _tell(session, [session.get(Ride, ride_id) for ride_id in result.assignments], "offered")
    _report(len(result.assignments), result.unplanned, result.gap)
    return redirect(url_for("transport.board", day=day.isoformat()))


@blueprint.route("/rides/new", methods=["GET", "POST"])
@requires("transport.plan")
def new_ride():
    rider_id = request.args.get("rider", type=int)
    form = RideForm(data=_as_last_time(rider_id)) if request.method == "GET" and rider_id else RideForm()
    rider_choices(form)
    if form.validate_on_submit():
        try:
            rides = _request(form)
        except NoaberError as exc:
            form.destination.errors.append(str(exc))
        else:
            current_session().commit()
            flash(_("The ride is requested."))
            return redirect(url_for("transport.board", day=rides[0].pickup_at.astimezone(TIMEZONE).date().isoformat()))
    return render_template("transport/new_ride.html", form=form), 422 if form.is_submitted() else 200


def _as_last_time(rider_id: int) -> dict:
    """The form filled in as the rider's previous ride, for the coordinator on the phone."""
    last = service.last_ride(current_session(), rider_id)
    if last is None:
        flash(_("This rider has no earlier ride."))
        return {"rider": rider_id}
    back = current_session().scalar(select(Ride).where(Ride.return_of_id == last.id))
    local = lambda moment: moment.astimezone(TIMEZONE).time()  # noqa: E731
    return {"rider": rider_id, "destination": last.destination_text, "latitude": last.destination_lat,
            "longitude": last.destination_lon, "aid": last.aid, "companion": last.companion,
            "driver_notes": last.driver_notes, "appointment": local(last.appointment_at),
            "return_at": local(back.pickup_at) if back else None, "waits": last.waits}


def destination_of(form: TripForm) -> tuple[float, float]:
    """The destination typed in: by coordinates, or looked up by postcode and number."""
    if form.latitude.data is not None and form.longitude.data is not None:
        return form.latitude.data, form.longitude.data
    if form.destination_postcode.data and form.destination_number.data:
        found = geocoder_for(current_tenant()).locate(normalise_postcode(form.destination_postcode.data),
                                                      form.destination_number.data)
        if found is None:
            raise NoaberError(_("The destination could not be found; give its coordinates."))
        return found.latitude, found.longitude
    raise NoaberError(_("Give the destination's postcode and house number, or its coordinates."))


def rider_choices(form: TripForm) -> None:
    people = current_session().scalars(select(Person).where(Person.erased_at.is_(None), Person.is_resident.is_(True))
                                       .order_by(Person.family_name, Person.given_name)).all()
    form.rider.choices = [SelectChoice(p.id, f"{p.family_name}, {p.given_name}") for p in people]


def _request(form: RideForm) -> list[Ride]:
    session, tenant = current_session(), current_tenant()
    destination = destination_of(form)
    at = lambda t: datetime.combine(form.day.data, t, tzinfo=TIMEZONE)  # noqa: E731  typed in Dutch time
    return service.request_ride(session, service.roads_for(tenant), form.rider.data, destination, form.destination.data,
                                at(form.appointment.data), actor(), aid=form.aid.data, companion=form.companion.data,
                                driver_notes=form.driver_notes.data or "",
                                return_at=at(form.return_at.data) if form.return_at.data else None, waits=form.waits.data)


@blueprint.route("/rides/<int:ride_id>", methods=["GET", "POST"])
@requires("transport.plan")
def ride(ride_id: int):
    ride = current_session().get(Ride, ride_id) or abort(404)
    form = OutcomeForm()
    if form.validate_on_submit():
        try:
            service.close(ride, form.outcome.data, actor(), form.reason.data or "")
        except NoaberError as exc:
            form.outcome.errors.append(str(exc))
        else:
            current_session().commit()
            _tell(current_session(), [ride], "changed")
            return redirect(url_for("transport.board", day=ride.pickup_at.astimezone(TIMEZONE).date().isoformat()))
    suggestions = service.suggest(current_session(), service.roads_for(current_tenant()), ride) \
        if ride.status == "requested" else []
    return render_template("transport/ride.html", ride=ride, form=form, names=_names([ride.rider_person_id]),
                           drivers=_driver_names(), suggestions=suggestions, confirm=ConfirmForm()), \
        422 if form.is_submitted() else 200


@blueprint.post("/rides/<int:ride_id>/offer/<int:driver_id>")
@requires("transport.plan")
def offer(ride_id: int, driver_id: int):
    session = current_session()
    ride, driver = session.get(Ride, ride_id), session.get(Driver, driver_id)
    if ride is None or driver is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        service.offer(ride, driver, actor())
    except NoaberError as exc:
        flash(str(exc))
    else:
        session.commit()
        _tell(session, [ride], "offered")
        flash(_("The ride is offered to %(name)s.", name=_driver_names().get(driver.id, "")))
    return redirect(url_for("transport.ride", ride_id=ride.id))


@blueprint.get("/my")
@requires("transport.drive")
def my_rides():
    driver = _my_driver()
    rides = [] if driver is None else current_session().scalars(
        select(Ride).where(Ride.driver_id == driver.id, Ride.status.in_(("offered", "planned")))
        .order_by(Ride.pickup_at)).all()
    phones = {r.id: _phone_if_agreed(r) for r in rides}
    current_session().commit()  # the audit records of the phone numbers shown
    from plugins.transport.calendar import feed_url
    return render_template("transport/my_rides.html", driver=driver, rides=rides, phones=phones, calendar=feed_url(driver),
                           names=_names(r.rider_person_id for r in rides), confirm=ConfirmForm(), complete=CompleteForm())


def _phone_if_agreed(ride: Ride) -> str | None:
    """A rider's phone number, only for the driver of the ride and only with the rider's consent."""
    session = current_session()
    if ride.status != "planned" or not has_consent(session, ride.rider_person_id, "transport.phone_to_driver"):
        return None
    person = session.get(Person, ride.rider_person_id)
    record(session, actor(), "read", person.id, f"GET {request.endpoint}", "phone number for the ride")
    return person.phone


@blueprint.post("/my/<int:ride_id>/<answer>")
@requires("transport.drive")
def answer(ride_id: int, answer: str):
    driver, session = _my_driver(), current_session()
    ride = session.get(Ride, ride_id)
    if driver is None or ride is None or ride.driver_id != driver.id:
        abort(404)  # another driver's ride is not there for this driver
    try:
        if answer == "accept" and ConfirmForm().validate_on_submit():
            service.accept(ride, actor())
        elif answer == "decline" and ConfirmForm().validate_on_submit():
            service.decline(ride, actor())
        elif answer == "complete":
            form = CompleteForm()
            if not form.validate_on_submit():
                flash(_("Fill in the kilometres driven (0 to 500)."))
                return redirect(url_for("transport.my_rides")), 303
            service.complete(ride, form.km.data, actor())
        else:
            abort(400)
    except NoaberError as exc:
        flash(str(exc))
        return redirect(url_for("transport.my_rides"))
    session.commit()
    return redirect(url_for("transport.my_rides"))


def _tell(session, rides, what: str) -> None:
    from plugins.transport.notify import tell_drivers
    tell_drivers(session, current_tenant(), [r for r in rides if r is not None], what)


def _my_driver() -> Driver | None:
    account = current_principal().account
    if account is None or account.person_id is None:
        return None
    return current_session().scalar(select(Driver).where(Driver.person_id == account.person_id))


def _names(person_ids) -> dict[int, str]:
    ids = set(person_ids)
    if not ids:
        return {}
    return {p.id: p.full_name for p in current_session().scalars(select(Person).where(Person.id.in_(ids)))}


def _driver_names() -> dict[int, str]:
    rows = current_session().execute(select(Driver.id, Person.given_name, Person.family_name)
                                      .join(Person, Person.id == Driver.person_id)).all()
    return {driver_id: f"{given} {family}" for driver_id, given, family in rows}


def today_panel(session) -> Markup:
    today = datetime.now(TIMEZONE).date()
    rides = service.rides_on(session, today)
    open_ = sum(1 for r in rides if r.status == "requested")
    from plugins.transport.drivers import warnings
    return Markup(render_template("transport/panel.html", total=len(rides), open=open_, today=today,
                                  warnings=warnings(session)))


AID_LABELS = {"none": "—", "walker": _l("Walker"), "folding_wheelchair": _l("Folding wheelchair"),
              "wheelchair": _l("Wheelchair (adapted car)")}
STATUS_LABELS = {"requested": _l("requested"), "offered": _l("offered"), "accepted": _l("accepted"),
                 "declined": _l("declined"), "planned": _l("planned"), "completed": _l("completed"),
                 "cancelled": _l("cancelled"), "late_cancel": _l("cancelled late"), "no_show": _l("rider not there"),
                 "turned_down": _l("turned down"), "unmet_need": _l("unmet need")}


@blueprint.app_template_filter("aid_label")
def aid_label(aid: str) -> str:
    return str(AID_LABELS.get(aid, aid))


@blueprint.app_template_filter("status_label")
def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


@blueprint.app_template_filter("format_time")
def format_time(value) -> str:
    from flask_babel import format_time as babel_time
    return babel_time(value, "short")


def chosen_month() -> date:
    try:
        return date.fromisoformat(request.args.get("month", "") + "-01")
    except ValueError:
        return datetime.now(TIMEZONE).date().replace(day=1)


def _statements(month: date):
    from decimal import Decimal

    from plugins.transport.money import statements
    tenant, session = current_tenant(), current_session()
    people = {p.id: p.full_name for p in session.scalars(select(Person))}
    rate = Decimal(tenant.plugin_settings("transport")["rate_per_km"])
    return statements(session, service.roads_for(tenant), rate, month, people), rate


@blueprint.get("/statements")
@requires("transport.plan")
def statements_page():
    month = chosen_month()
    (drivers, riders), rate = _statements(month)
    return render_template("transport/statements.html", month=month, drivers=drivers, riders=riders, rate=rate)


@blueprint.get("/statements/<who>.csv")
@requires("transport.plan")
def statements_csv(who: str):
    from flask import Response

    from plugins.transport.money import as_csv
    if who not in ("drivers", "riders"):
        abort(404)
    month = chosen_month()
    (drivers, riders), _rate = _statements(month)
    body = as_csv(drivers if who == "drivers" else riders, month)
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="ritten-{who}-{month:%Y-%m}.csv"'})
