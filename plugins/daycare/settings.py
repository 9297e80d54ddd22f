"""``[plugins.daycare]`` in tenant.toml."""
from __future__ import annotations

from marshmallow import Schema, fields, validate


class DaycareSettings(Schema):
    #: rides are asked for the sessions of this many coming days, and the daily run extends it
    ride_days = fields.Integer(load_default=14, validate=validate.Range(min=1, max=60))
    #: sessions are made this many weeks ahead from the schedule
    session_weeks = fields.Integer(load_default=13, validate=validate.Range(min=1, max=52))
