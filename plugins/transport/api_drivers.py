"""``/api/v1/transport/drivers/…`` and ``/series/…``: changing drivers, their hours, leave and
documents, and standing orders, for programs (scope transport.plan)."""
from __future__ import annotations

from datetime import date

from flask.views import MethodView
from flask_smorest import abort
from marshmallow import Schema, ValidationError, fields, validate, validates_schema
from sqlalchemy import select
from sqlalchemy.orm import lazyload

from core.toolkit import (
    Id,
    NoaberError,
    current_principal,
    current_session,
    current_tenant,
    requires,
)
from plugins.transport import series as standing
from plugins.transport import service
from plugins.transport.api import DriverSchema, blueprint
from plugins.transport.models import (
    AIDS,
    CHECKS,
    Availability,
    Check,
    Driver,
    Leave,
    Series,
)
from plugins.transport.notify import tell_drivers

#: what "%H:%M" reads, as the document gives it: a time of day such as 09:30
HH_MM = "^([01][0-9]|2[0-3]):[0-5][0-9]$"


def _clock(**kwargs) -> fields.Time:
    """A time of day written "09:30"; the document gives the pattern, so it refuses nothing it promised."""
    metadata = {"pattern": HH_MM, "example": "09:30", **kwargs.pop("metadata", {})}
    return fields.Time(format="%H:%M", metadata=metadata, **kwargs)


WRITABLE = ("vehicle", "takes_walker", "takes_folding_wheelchair", "takes_wheelchair", "seats", "max_km", "active")

#: the days a plan can be about; beyond them a day's neighbours would not exist (date.max + 1 day)
DAYS = validate.Range(min=date(2000, 1, 1), max=date(2100, 12, 31),
                      error="Give a day between 1 January 2000 and 31 December 2100.")


class DriverInput(Schema):
    person_id = Id(required=True)
    vehicle = fields.String(load_default="", validate=validate.Length(max=80))
    takes_walker = fields.Boolean(load_default=True)
    takes_folding_wheelchair = fields.Boolean(load_default=False)
    takes_wheelchair = fields.Boolean(load_default=False, metadata={"description": "adapted car, rider stays seated"})
    seats = fields.Integer(load_default=3, validate=validate.Range(1, 8))
    max_km = fields.Float(load_default=15.0, validate=validate.Range(1, 100))
    active = fields.Boolean(load_default=True)


class DriverChange(DriverInput):
    class Meta:
        exclude = ("person_id",)


class Window(Schema):
    weekday = fields.Integer(required=True, validate=validate.Range(0, 6), metadata={"description": "0 = Monday"})
    starts = _clock(required=True, data_key="from")
    ends = _clock(required=True, data_key="until")

    @validates_schema
    def in_order(self, data, **_):
        if data["ends"] <= data["starts"]:
            raise ValidationError("until must be after from", "until")


class WeekHours(Schema):
    windows = fields.List(fields.Nested(Window), required=True, validate=validate.Length(max=50))


class LeaveSchema(Schema):
    id = Id(dump_only=True)
    first_day = fields.Date(required=True, validate=DAYS)
    last_day = fields.Date(required=True, validate=DAYS)

    @validates_schema
    def in_order(self, data, **_):
        if data["last_day"] < data["first_day"]:
            raise ValidationError("the last day cannot be before the first", "last_day")


class CheckSchema(Schema):
    kind = fields.String(dump_only=True)
    expires_on = fields.Date(required=True)


class DriverDetail(DriverSchema):
    vehicle = fields.String()
    leave = fields.List(fields.Nested(LeaveSchema))
    checks = fields.List(fields.Nested(CheckSchema))


def _driver(driver_id: int) -> Driver:
    return current_session().get(Driver, driver_id) or abort(404, message=f"No driver {driver_id}.")


@blueprint.route("/drivers")
class Drivers(MethodView):
    @requires("transport.plan")
    @blueprint.response(200, DriverSchema(many=True))
    def get(self):
        """Drivers with what their car takes and their weekly hours."""
        # The list shows hours, not leave or documents, which the model loads with every driver.
        listed = select(Driver).options(lazyload(Driver.leave), lazyload(Driver.checks)).order_by(Driver.id)
        return current_session().scalars(listed).all()

    @requires("transport.plan")
    @blueprint.arguments(DriverInput())
    @blueprint.response(201, DriverDetail)
    def post(self, data):
        """Make a volunteer a driver, with what their car takes."""
        session = current_session()
        try:
            service.check_driver_person(session, data["person_id"])
        except NoaberError as exc:
            abort(422, errors={"person_id": [str(exc)]})
        driver = Driver(**data)
        session.add(driver)
        session.commit()
        return driver


@blueprint.route("/drivers/<int:driver_id>")
class DriverItem(MethodView):
    @requires("transport.plan")
    @blueprint.response(200, DriverDetail)
    def get(self, driver_id):
        """One driver, with hours, leave and documents."""
        return _driver(driver_id)

    @requires("transport.plan")
    @blueprint.arguments(DriverChange(partial=True))
    @blueprint.response(200, DriverDetail)
    def patch(self, data, driver_id):
        """Change what the car takes, seats, maximum distance, or whether the volunteer drives."""
        driver = _driver(driver_id)
        for name in WRITABLE:
            if name in data:
                setattr(driver, name, data[name])
        current_session().commit()
        return driver


@blueprint.route("/drivers/<int:driver_id>/availability")
class DriverHours(MethodView):
    @requires("transport.plan")
    @blueprint.arguments(WeekHours())
    @blueprint.response(200, DriverDetail)
    def put(self, data, driver_id):
        """Replace the driver's weekly hours with these windows."""
        driver = _driver(driver_id)
        driver.availability = [Availability(weekday=w["weekday"], starts=w["starts"], ends=w["ends"])
                               for w in data["windows"]]
        current_session().commit()
        return driver


@blueprint.route("/drivers/<int:driver_id>/leave")
class DriverLeave(MethodView):
    @requires("transport.plan")
    @blueprint.arguments(LeaveSchema())
    @blueprint.response(201, LeaveSchema)
    def post(self, data, driver_id):
        """Days off, inclusive: the planner leaves the driver out on them."""
        driver, leave = _driver(driver_id), Leave(**data)
        driver.leave.append(leave)
        current_session().commit()
        return leave


@blueprint.route("/drivers/<int:driver_id>/leave/<int:leave_id>")
class DriverLeaveItem(MethodView):
    @requires("transport.plan")
    @blueprint.response(204)
    def delete(self, driver_id, leave_id):
        """Withdraw a period of leave."""
        driver = _driver(driver_id)
        if not any(leave.id == leave_id for leave in driver.leave):
            abort(404, message=f"No leave {leave_id} for driver {driver_id}.")
        driver.leave = [leave for leave in driver.leave if leave.id != leave_id]
        current_session().commit()


@blueprint.route(f"/drivers/<int:driver_id>/checks/<any({', '.join(CHECKS)}):kind>")  # documented as an enum
class DriverCheck(MethodView):
    @requires("transport.plan")
    @blueprint.arguments(CheckSchema())
    @blueprint.response(200, CheckSchema)
    def put(self, data, driver_id, kind):
        """Record a document (licence, vog, insurance) and until when it is valid; replaces the old one."""
        driver = _driver(driver_id)
        check = Check(kind=kind, expires_on=data["expires_on"])
        driver.checks = [c for c in driver.checks if c.kind != kind] + [check]
        current_session().commit()
        return check


class SeriesSchema(Schema):
    id = Id(dump_only=True)
    rider_person_id = Id(required=True)
    destination_text = fields.String(required=True, validate=validate.Length(min=1, max=200))
    destination_lat = fields.Float(required=True, validate=validate.Range(50.7, 53.6))
    destination_lon = fields.Float(required=True, validate=validate.Range(3.3, 7.3))
    weekdays = fields.List(fields.Integer(validate=validate.Range(0, 6)), required=True, attribute="days",
                           validate=validate.Length(min=1, max=7), metadata={"description": "0 = Monday"})
    appointment = _clock(required=True, metadata={"description": "Dutch time"})
    return_at = _clock(load_default=None, allow_none=True)
    waits = fields.Boolean(load_default=False)
    aid = fields.String(load_default="none", validate=validate.OneOf(AIDS))
    companion = fields.Boolean(load_default=False)
    driver_notes = fields.String(load_default="", validate=validate.Length(max=500))
    first_day = fields.Date(required=True, validate=DAYS)
    last_day = fields.Date(load_default=None, allow_none=True, validate=DAYS)
    skipped = fields.Method("skipped_days", dump_only=True)

    def skipped_days(self, found):
        return [skip.day.isoformat() for skip in found.skips]


class SkipSchema(Schema):
    day = fields.Date(required=True, validate=DAYS)
    reason = fields.String(load_default="", validate=validate.Length(max=200))


class EndSchema(Schema):
    last_day = fields.Date(required=True, validate=DAYS)


def _series(series_id: int) -> Series:
    return current_session().get(Series, series_id) or abort(404, message=f"No series {series_id}.")


@blueprint.route("/series")
class AllSeries(MethodView):
    @requires("transport.plan")
    @blueprint.response(200, SeriesSchema(many=True))
    def get(self):
        """Standing orders, newest first."""
        return current_session().scalars(select(Series).order_by(Series.id.desc())).all()

    @requires("transport.plan")
    @blueprint.arguments(SeriesSchema())
    @blueprint.response(201, SeriesSchema)
    def post(self, data):
        """A standing order; its rides of the coming six weeks are made at once."""
        session = current_session()
        try:
            made = standing.create_series(
                session, service.roads_for(current_tenant()), data["rider_person_id"],
                (data["destination_lat"], data["destination_lon"]), data["destination_text"], data["days"],
                data["appointment"], data["first_day"], current_principal().actor, last_day=data["last_day"],
                return_at=data["return_at"], waits=data["waits"], aid=data["aid"], companion=data["companion"],
                driver_notes=data["driver_notes"])
        except NoaberError as exc:
            abort(422, errors={"weekdays": [str(exc)]})
        session.commit()
        return made


@blueprint.route("/series/<int:series_id>/skips")
class SeriesSkips(MethodView):
    @requires("transport.plan")
    @blueprint.arguments(SkipSchema())
    @blueprint.response(200, SeriesSchema)
    def post(self, data, series_id):
        """No ride on this day (holiday, hospital stay); rides already made for it are withdrawn."""
        return _change(series_id, lambda found, actor: standing.skip(current_session(), found, data["day"],
                                                                     data["reason"], actor), "day")


@blueprint.route("/series/<int:series_id>/end")
class SeriesEnd(MethodView):
    @requires("transport.plan")
    @blueprint.arguments(EndSchema())
    @blueprint.response(200, SeriesSchema)
    def post(self, data, series_id):
        """Stop the standing order after this day; later rides are withdrawn."""
        return _change(series_id, lambda found, actor: standing.end(current_session(), found, data["last_day"], actor),
                       "last_day")


def _change(series_id: int, change, field: str) -> Series:
    found = _series(series_id)
    try:
        told = change(found, current_principal().actor)
    except NoaberError as exc:
        abort(422, errors={field: [str(exc)]})
    current_session().commit()
    tell_drivers(current_session(), current_tenant(), told, "changed")
    return found
