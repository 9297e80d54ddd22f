"""Pages: the coordinator's board for a day, the request form, a ride, and "my rides" for drivers."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_time as babel_time
from markupsafe import Markup
from sqlalchemy import select

from core.toolkit import (
    TIMEZONE,
    ConfirmForm,
    NoaberError,
    _,
    _l,
    actor_names,
    audit,
    calendar_feed_url,
    current_session,
    current_tenant,
    find_job,
    has_consent,
    requires,
    start_job,
)
from core.toolkit import person as find_person
from plugins.transport import jobs, service
from plugins.transport.destinations import FieldError, destination_of, place_choices
from plugins.transport.drivers import warnings
from plugins.transport.forms import CHECK_LABELS, CompleteForm, DestinationForm, OutcomeForm, RideForm
from plugins.transport.models import Driver, Ride
from plugins.transport.money import as_csv, statements
from plugins.transport.pages import (
    actor,
    blueprint,
    chosen_day,
    chosen_month,
    driver_names,
    my_driver,
    person_names,
    rider_choices,
    tell,
)

REASONS = {"no_capable_driver": _l("no driver whose car can take it"), "checks_expired": _l("drivers' checks expired"),
           "all_too_far": _l("all drivers live too far away"), "no_driver_free": _l("no driver free then"),
           "all_busy": _l("every possible driver is busy then"),
           "destination_unknown": _l("its destination is not found on the map yet")}


@blueprint.get("/")
@requires("transport.plan")
def board():
    day = chosen_day()
    rides = service.rides_on(current_session(), day)
    names = person_names(r.rider_person_id for r in rides)
    return render_template("transport/board.html", day=day, rides=rides, names=names, confirm=ConfirmForm(),
                           drivers=driver_names(), previous=day - timedelta(days=1), next=day + timedelta(days=1))


@blueprint.get("/week")
@requires("transport.plan")
def week():
    """Seven days at a glance: per day the rides by status, and each ride in short."""
    monday = chosen_day() - timedelta(days=chosen_day().weekday())
    days = [monday + timedelta(days=n) for n in range(7)]
    rides = {day: service.rides_on(current_session(), day) for day in days}
    names = person_names(r.rider_person_id for day_rides in rides.values() for r in day_rides)
    return render_template("transport/week.html", monday=monday, days=days, rides=rides, names=names,
                           drivers=driver_names(), confirm=ConfirmForm(), previous=monday - timedelta(days=7),
                           next=monday + timedelta(days=7))


@blueprint.post("/plan-week")
@requires("transport.plan")
def plan_week():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    monday = chosen_day() - timedelta(days=chosen_day().weekday())
    return _start(jobs.PLAN_WEEK, {"monday": monday.isoformat()}, url_for("transport.week", day=monday.isoformat()))


@blueprint.post("/plan")
@requires("transport.plan")
def plan_day():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    day = chosen_day().isoformat()
    return _start(jobs.PLAN_DAY, {"day": day}, url_for("transport.board", day=day))


def _start(kind: str, params: dict, back: str):
    """Hand planning to the worker and show its page; back to *back* with the reason if it cannot start."""
    try:
        job = start_job(kind, params, actor())
    except NoaberError as exc:
        flash(str(exc))
        return redirect(back, 303)
    return redirect(url_for("transport.planning_job", job_id=job.id), 303)


@blueprint.get("/planning/<job:job_id>")
@requires("transport.plan")
def planning_job(job_id: str):
    """How far planning got, refreshing itself until it is done (no JavaScript); then what came of it.

    ``?refresh=off`` stops the refreshing, for those who read the page at their own pace.
    """
    job = find_job(current_session(), job_id, (jobs.PLAN_DAY, jobs.PLAN_WEEK)) or abort(404)
    refresh = not job.finished and request.args.get("refresh") != "off"
    day = date.fromisoformat(job.params.get("day") or job.params["monday"])
    back = url_for("transport.board" if job.kind == jobs.PLAN_DAY else "transport.week", day=day.isoformat())
    unplanned = [(int(ride_id), str(REASONS.get(reason, reason)))
                 for ride_id, reason in (job.result or {}).get("unplanned", {}).items()]
    return render_template("transport/planning.html", job=job, refresh=refresh, day=day, back=back,
                           week=job.kind == jobs.PLAN_WEEK, unplanned=unplanned)


@blueprint.route("/rides/new", methods=["GET", "POST"])
@requires("transport.plan")
def new_ride():
    """First who (once, with "as last time"), then the ride itself."""
    rider_id = request.args.get("rider", type=int) or request.form.get("rider", type=int)
    form = RideForm(data=_as_last_time(rider_id)) if request.method == "GET" and rider_id else RideForm()
    rider_choices(form)
    place_choices(form)
    if rider_id not in {choice.value for choice in form.rider.choices}:
        return render_template("transport/new_ride.html", form=form, rider=None), 422 if form.is_submitted() else 200
    if form.validate_on_submit():
        try:
            rides = _request(form)
        except FieldError as exc:
            getattr(form, exc.field).errors.append(str(exc))
        except NoaberError as exc:
            form.destination.errors.append(str(exc))
        else:
            current_session().commit()
            flash(_("The ride is requested.") if rides[0].located else _(
                "The ride is requested. Its destination is not found on the map yet: it is planned once it is "
                "(open the ride to pick a known place or complete the address)."))
            return redirect(url_for("transport.board", day=rides[0].pickup_at.astimezone(TIMEZONE).date().isoformat()))
    labels = {choice.value: choice.label for choice in form.rider.choices}
    return render_template("transport/new_ride.html", form=form, rider=labels[rider_id]), \
        422 if form.is_submitted() else 200


def _as_last_time(rider_id: int) -> dict:
    """The form filled in as the rider's previous ride, for the coordinator on the phone."""
    last = service.last_ride(current_session(), rider_id)
    if last is None:
        return {"rider": rider_id}
    flash(_("Filled in as this rider's last ride; change what is different."))
    back = current_session().scalar(select(Ride).where(Ride.return_of_id == last.id))
    local = lambda moment: moment.astimezone(TIMEZONE).time()  # noqa: E731
    where = {"place": last.destination_place_id} if last.destination_place_id else {
        "destination": last.destination_text, "latitude": last.destination_lat, "longitude": last.destination_lon}
    return {"rider": rider_id, **where, "aid": last.aid, "companion": last.companion,
            "driver_notes": last.driver_notes, "appointment": local(last.appointment_at),
            "return_at": local(back.pickup_at) if back else None, "waits": last.waits}


def _request(form: RideForm) -> list[Ride]:
    session, tenant = current_session(), current_tenant()
    where = destination_of(form)
    at = lambda t: datetime.combine(form.day.data, t, tzinfo=TIMEZONE)  # noqa: E731  typed in Dutch time
    return service.request_ride(session, service.roads_for(tenant), form.rider.data, where.point, where.text,
                                at(form.appointment.data), actor(), aid=form.aid.data, companion=form.companion.data,
                                driver_notes=form.driver_notes.data or "",
                                return_at=at(form.return_at.data) if form.return_at.data else None,
                                waits=form.waits.data, to_find=where.to_find, place_id=where.place_id)


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
            tell(current_session(), [ride], "changed")
            return redirect(url_for("transport.board", day=ride.pickup_at.astimezone(TIMEZONE).date().isoformat()))
    return _ride_page(ride, form, DestinationForm(formdata=None)), 422 if form.is_submitted() else 200


def _ride_page(ride: Ride, form, where: DestinationForm) -> str:
    suggestions = service.suggest(current_session(), service.roads_for(current_tenant()), ride) \
        if ride.status == "requested" and ride.located else []
    place_choices(where)
    who = actor_names(current_session(), (event.actor for event in ride.events))
    return render_template("transport/ride.html", ride=ride, form=form, names=person_names([ride.rider_person_id]),
                           drivers=driver_names(), suggestions=suggestions, confirm=ConfirmForm(), where=where,
                           who=who)


@blueprint.post("/rides/<int:ride_id>/destination")
@requires("transport.plan")
def find_destination(ride_id: int):
    """A coordinator completes a destination that was not found: a known place, or its address."""
    session = current_session()
    ride = session.get(Ride, ride_id) or abort(404)
    outward = ride.return_of or ride
    where = DestinationForm()
    place_choices(where)
    if where.validate_on_submit():
        try:
            found = destination_of(where)
            if found.point is None:
                raise FieldError("destination_postcode", _("This address is not found; pick a known place."))
            service.place_destination(session, service.roads_for(current_tenant()), outward, found.point, found.text,
                                      actor(), found.place_id)
        except FieldError as exc:
            getattr(where, exc.field).errors.append(str(exc))
        except NoaberError as exc:
            where.destination.errors.append(str(exc))
        else:
            session.commit()
            flash(_("The destination is found; the ride can be planned."))
            return redirect(url_for("transport.ride", ride_id=ride.id))
    return _ride_page(ride, OutcomeForm(formdata=None), where), 422


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
        tell(session, [ride], "offered")
        flash(_("The ride is offered to %(name)s.", name=driver_names().get(driver.id, "")))
    return redirect(url_for("transport.ride", ride_id=ride.id))


@blueprint.get("/my")
@requires("transport.drive")
def my_rides():
    driver = my_driver()
    rides = [] if driver is None else current_session().scalars(
        select(Ride).where(Ride.driver_id == driver.id, Ride.status.in_(("offered", "planned")))
        .order_by(Ride.pickup_at)).all()
    phones = {r.id: _phone_if_agreed(r) for r in rides}
    current_session().commit()  # the audit records of the phone numbers shown
    return render_template("transport/my_rides.html", driver=driver, rides=rides, phones=phones,
                           calendar=calendar_feed_url(current_session(), driver.person_id) if driver else None,
                           names=person_names(r.rider_person_id for r in rides), confirm=ConfirmForm(),
                           complete=CompleteForm())


def _phone_if_agreed(ride: Ride) -> str | None:
    """A rider's phone number, only for the driver of the ride and only with the rider's consent."""
    session = current_session()
    if ride.status != "planned" or not has_consent(session, ride.rider_person_id, "transport.phone_to_driver"):
        return None
    person = find_person(session, ride.rider_person_id)
    audit(session, actor(), "read", person.id, f"GET {request.endpoint}", "phone number for the ride")
    return person.phone


@blueprint.post("/my/<int:ride_id>/<answer>")
@requires("transport.drive")
def answer(ride_id: int, answer: str):
    driver, session = my_driver(), current_session()
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


def today_panel(session) -> Markup:
    today = datetime.now(TIMEZONE).date()
    rides = service.rides_on(session, today)
    open_ = sum(1 for r in rides if r.status == "requested")
    return Markup(render_template("transport/panel.html", total=len(rides), open=open_, today=today,
                                  warnings=warnings(session)))


AID_LABELS = {"none": "—", "walker": _l("Walker"), "folding_wheelchair": _l("Folding wheelchair"),
              "wheelchair": _l("Wheelchair (adapted car)")}
STATUS_LABELS = {"requested": _l("requested"), "offered": _l("offered"), "accepted": _l("accepted"),
                 "declined": _l("declined"), "planned": _l("planned"), "completed": _l("completed"),
                 "cancelled": _l("cancelled"), "late_cancel": _l("cancelled late"), "no_show": _l("rider not there"),
                 "turned_down": _l("turned down"), "unmet_need": _l("unmet need"),
                 "located": _l("destination found")}


@blueprint.app_template_filter("aid_label")
def aid_label(aid: str) -> str:
    return str(AID_LABELS.get(aid, aid))


@blueprint.app_template_filter("check_label")
def check_label(kind: str) -> str:
    return str(CHECK_LABELS.get(kind, kind))


@blueprint.app_template_filter("status_label")
def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


@blueprint.app_template_filter("format_time")
def format_time(value) -> str:
    return babel_time(value, "short")


def _statements(month: date):
    tenant, session = current_tenant(), current_session()
    rate = Decimal(tenant.plugin_settings("transport")["rate_per_km"])
    return statements(session, service.roads_for(tenant), rate, month), rate


@blueprint.get("/statements")
@requires("transport.reports")
def statements_page():
    month = chosen_month()
    (drivers, riders), rate = _statements(month)
    return render_template("transport/statements.html", month=month, drivers=drivers, riders=riders, rate=rate)


@blueprint.get("/statements/<who>.csv")
@requires("transport.reports")
def statements_csv(who: str):
    if who not in ("drivers", "riders"):
        abort(404)
    month = chosen_month()
    (drivers, riders), _rate = _statements(month)
    body = as_csv(drivers if who == "drivers" else riders, month)
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="ritten-{who}-{month:%Y-%m}.csv"'})
