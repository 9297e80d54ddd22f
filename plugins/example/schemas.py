"""Marshmallow schemas: the plugin's settings, and its API's shapes."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from core.toolkit import Id


class BoardSettings(Schema):
    """``[plugins.example]`` in tenant.toml."""

    #: the board's name in the menu; unset, "Notice board" in the reader's language ("Prikbord")
    title = fields.String(load_default=None, validate=validate.Length(min=1, max=40))
    max_age_days = fields.Integer(load_default=30, validate=validate.Range(min=1, max=365))


class NoticeSchema(Schema):
    id = Id(dump_only=True)
    title = fields.String(required=True, validate=validate.Length(min=1, max=120))
    body = fields.String(load_default="", validate=validate.Length(max=2000))
    posted_at = fields.DateTime(dump_only=True)


class NoticeQuery(Schema):
    q = fields.String(load_default=None, validate=validate.Length(min=2, max=50),
                      metadata={"description": "Only notices whose title contains this text"})
