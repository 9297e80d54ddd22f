"""The API's shapes. Times of day are "HH:MM" (Dutch time); weekday 0 is Monday, as in transport."""
from __future__ import annotations

import re
from datetime import date, time
from decimal import Decimal

from marshmallow import Schema, ValidationError, fields, validate, validates, validates_schema

from core.toolkit import CLAIM_COSTS, CLAIM_KM, DecimalString, Id
from plugins.daycare.models import ATTENDANCE, REASONS, STATUSES

CLOCK = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
HOURS = r"^[0-9]{1,2}(\.[0-9]{1,2})?$"
#: dates a group may have: wide, but not the year 1 or 9999 (a session a week from then is silly)
DAYS = validate.Range(min=date(2000, 1, 1), max=date(2100, 12, 31))
NAME = validate.Length(min=1, max=120)


class Clock(fields.String):
    """A time of day as "HH:MM"."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if not re.match(CLOCK, text):
            raise ValidationError("Write a time of day as HH:MM, e.g. 09:30.")
        return time(int(text[:2]), int(text[3:]))

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else value.strftime("%H:%M")


def clock(**kwargs):
    return Clock(metadata={"pattern": CLOCK, "example": "09:30"}, **kwargs)


class DaycareSlotSchema(Schema):
    weekday = fields.Integer(required=True, validate=validate.Range(0, 6), metadata={"description": "0 is Monday"})
    start = clock(required=True, attribute="starts")
    end = clock(required=True, attribute="ends")

    @validates_schema
    def ends_after_start(self, data, **_kwargs):
        if data["ends"] <= data["starts"]:
            raise ValidationError("A session ends after it starts.", "end")


class _GroupFields(Schema):
    description = fields.String(load_default="", validate=validate.Length(max=2000))
    ends_on = fields.Date(load_default=None, allow_none=True, validate=DAYS)
    location_lat = fields.Float(load_default=None, allow_none=True, validate=validate.Range(50.7, 53.6))
    location_lon = fields.Float(load_default=None, allow_none=True, validate=validate.Range(3.3, 7.3))
    coordinator_person_id = Id(load_default=None, allow_none=True)


class DaycareGroupSchema(_GroupFields):
    id = Id(dump_only=True)
    name = fields.String(required=True, validate=NAME)
    capacity = fields.Integer(required=True, validate=validate.Range(1, 500))
    requires_approval = fields.Boolean(required=True)
    starts_on = fields.Date(required=True, validate=DAYS)
    location_text = fields.String(required=True, validate=validate.Length(min=1, max=200))
    schedule = fields.List(fields.Nested(DaycareSlotSchema), required=True, validate=validate.Length(1, 14),
                           attribute="slots")
    enrolled = fields.Integer(dump_only=True)
    waiting = fields.Integer(dump_only=True)
    free_places = fields.Integer(dump_only=True)


class DaycareGroupPatchSchema(Schema):
    """Any of a group's fields; a new schedule makes the coming sessions anew."""

    name = fields.String(validate=NAME)
    description = fields.String(validate=validate.Length(max=2000))
    capacity = fields.Integer(validate=validate.Range(1, 500))
    requires_approval = fields.Boolean()
    starts_on = fields.Date(validate=DAYS)
    ends_on = fields.Date(allow_none=True, validate=DAYS)
    location_text = fields.String(validate=validate.Length(min=1, max=200))
    location_lat = fields.Float(allow_none=True, validate=validate.Range(50.7, 53.6))
    location_lon = fields.Float(allow_none=True, validate=validate.Range(3.3, 7.3))
    coordinator_person_id = Id(allow_none=True)
    schedule = fields.List(fields.Nested(DaycareSlotSchema), validate=validate.Length(1, 14), attribute="slots")


class DaycarePeriodQuery(Schema):
    start = fields.Date(data_key="from", load_default=None, validate=DAYS)
    until = fields.Date(load_default=None, validate=DAYS)


class DaycareReportQuery(Schema):
    start = fields.Date(data_key="from", required=True, validate=DAYS)
    until = fields.Date(required=True, validate=DAYS)

    @validates_schema
    def in_order(self, data, **_kwargs):
        if data["until"] < data["start"]:
            raise ValidationError("The period ends before it starts.", "until")


class DaycareSessionSchema(Schema):
    id = Id(dump_only=True)
    date = fields.Date(required=True, attribute="day", validate=DAYS)
    start = clock(required=True, attribute="starts")
    end = clock(required=True, attribute="ends")
    cancelled = fields.Boolean(dump_only=True)
    extra = fields.Boolean(dump_only=True, metadata={"description": "a one-off, not from the schedule"})


class DaycareEnrolmentSchema(Schema):
    id = Id(dump_only=True)
    group_id = Id(dump_only=True)
    person_id = Id(required=True)
    needs_transport = fields.Boolean(load_default=False)
    status = fields.String(dump_only=True, validate=validate.OneOf(STATUSES))
    position = fields.Integer(dump_only=True, allow_none=True,
                              metadata={"description": "place on the waiting list, 1 first; null when not waiting"})
    waiting_since = fields.AwareDateTime(dump_only=True, allow_none=True)
    ended_on = fields.Date(dump_only=True, allow_none=True)
    end_reason = fields.String(dump_only=True)


class EnrolmentEndSchema(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=200))


class AttendanceLineSchema(Schema):
    person_id = Id(required=True)
    status = fields.String(required=True, validate=validate.OneOf(ATTENDANCE))
    reason = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(REASONS),
                           metadata={"description": "why absent (required then); transport: the ride failed"})
    note = fields.String(load_default="", validate=validate.Length(max=200),
                         metadata={"description": "the reason in words, required with reason other"})

    @validates_schema
    def reason_with_absence(self, data, **_kwargs):
        if data["status"] == "absent" and not data.get("reason"):
            raise ValidationError("Say why the person was absent.", "reason")
        if data["status"] == "present" and data.get("reason"):
            raise ValidationError("A reason is only for an absence.", "reason")
        if data.get("reason") == "other" and not (data.get("note") or "").strip():
            raise ValidationError("Say in words what the other reason was.", "note")


class SessionVolunteerSchema(Schema):
    id = Id(dump_only=True)
    session_id = Id(dump_only=True)
    person_id = Id(required=True)
    hours = fields.Decimal(required=True, as_string=True, places=2, metadata={
        "type": "string", "pattern": HOURS, "example": "3.50",
        "description": "hours given, a quarter to 24, as a decimal string"})
    costs = fields.Decimal(dump_only=True, as_string=True, places=2, allow_none=True, metadata={
        "type": "string", "example": "12.50", "description": "what the volunteer paid, in euro; null: nothing"})
    costs_description = fields.String(dump_only=True)
    km = fields.Decimal(dump_only=True, as_string=True, places=1, allow_none=True, metadata={
        "type": "string", "example": "14.5", "description": "kilometres driven for the session; null: none"})

    @validates("hours")
    def a_quarter_to_a_day(self, value, **_kwargs):
        if not Decimal("0.25") <= value <= Decimal("24"):
            raise ValidationError("Give the hours, from 0.25 to 24.")


class VolunteerCostsSchema(Schema):
    """What a volunteer claims back for a session held: costs with what they were for, and/or kilometres."""

    costs = DecimalString(CLAIM_COSTS, 2, "12.50", "what the volunteer paid, in euro, 0.01 to 250.00; null: nothing",
                          allow_none=True, load_default=None)
    description = fields.String(load_default="", validate=validate.Length(max=120), metadata={
        "description": "what the costs were for, e.g. \"boodschappen voor de lunch\"; required with costs"})
    km = DecimalString(CLAIM_KM, 1, "14.5", "kilometres driven for the session, 0.1 to 500; null: none",
                       allow_none=True, load_default=None)

    @validates_schema
    def something_to_claim(self, data, **_kwargs):
        if data.get("costs") is None and data.get("km") is None:
            raise ValidationError("Give the costs, the kilometres, or both.", "costs")
        if data.get("costs") is not None and not data.get("description", "").strip():
            raise ValidationError("Say in a few words what the costs were for.", "description")


class DaycareFiguresSchema(Schema):
    group_id = Id(dump_only=True, allow_none=True)
    name = fields.String(dump_only=True)
    participants = fields.Integer(metadata={"description": "distinct people present at least once"})
    sessions = fields.Integer(metadata={"description": "sessions held (attendance recorded)"})
    attendance_rate = fields.Float(allow_none=True, metadata={"description": "present of all recorded, 0-1"})
    care_hours = fields.Decimal(as_string=True, metadata={"type": "string", "example": "42.50",
                                                          "description": "hours present, summed over people"})
    volunteer_hours = fields.Decimal(as_string=True, metadata={"type": "string", "example": "12.00"})
    absences = fields.Dict(keys=fields.String(validate=validate.OneOf(REASONS)), values=fields.Integer())


class DaycareReportSchema(DaycareFiguresSchema):
    groups = fields.List(fields.Nested(DaycareFiguresSchema), metadata={"description": "the same, per group"})
