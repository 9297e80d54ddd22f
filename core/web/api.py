"""What an API under ``/api/v1`` is built with: flask-smorest blueprints, marshmallow schemas,
and problem details (RFC 9457) for every error. Core's and plugins' APIs alike."""
from __future__ import annotations

from functools import cache

import flask_smorest
from marshmallow import Schema, fields, validate
from webargs.flaskparser import FlaskParser
from werkzeug.routing import BaseConverter, IntegerConverter

API_PREFIX = "/api/v1"

#: the largest id a row can have: ids are ``Integer`` columns, 32 bits on PostgreSQL
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """``<int:…>`` in every route: a row's id, 1 to :data:`MAX_ID`, and so documented.

    Anything else is a 404 before the database is asked, which would otherwise fail on a
    number too large for its column. The app puts it in place of Flask's ``int``, so a
    plugin's routes are bounded without saying so.
    """

    def __init__(self, map, fixed_digits: int = 0, min: int | None = 1, max: int | None = MAX_ID,
                 signed: bool = False):
        super().__init__(map, fixed_digits, min, max, signed)


class JobIdConverter(BaseConverter):
    """``<job:…>``: a job's id, 32 lower-case hexadecimal digits (a uuid4), and so documented."""

    regex = "[0-9a-f]{32}"
    schema = {"type": "string", "pattern": "^[0-9a-f]{32}$"}


class Id(fields.Integer):
    """A reference to a row by its id, in a request or an answer: a whole number from 1 to
    :data:`MAX_ID`, the bounds the document gives. As in JSON Schema, ``7.0`` is the number 7;
    ``7.5`` is refused (a plain marshmallow Integer would quietly make it 7)."""

    def __init__(self, **kwargs):
        super().__init__(validate=validate.Range(1, MAX_ID), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, float) and not value.is_integer():
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class ProblemSchema(Schema):
    """RFC 9457 problem details, as every API error is answered."""

    type = fields.String(metadata={"description": "URI of the problem type; about:blank for plain HTTP errors"})
    title = fields.String(metadata={"description": "Short name of the HTTP status"})
    status = fields.Integer()
    detail = fields.String(metadata={"description": "What went wrong, for a person to read"})
    errors = fields.Dict(metadata={"description": "Per field, the list of messages"})


class ReusingParser(FlaskParser):
    """webargs makes a new schema per request from a schema class; schemas are reusable."""

    def _get_schema(self, argmap, req):
        if isinstance(argmap, type) and issubclass(argmap, Schema):
            return _instance_of(argmap)
        return super()._get_schema(argmap, req)


@cache
def _instance_of(schema_class: type[Schema]) -> Schema:
    return schema_class()


class Blueprint(flask_smorest.Blueprint):
    """flask-smorest's Blueprint as noaber uses it; plugins build their API with this one.

    It only removes per-request work: the pagination schema is made once, and the
    ``X-Pagination`` header is built without a schema (its fields are plain integers).
    """

    PAGINATION_ARGUMENTS_PARSER = ReusingParser()

    @staticmethod
    def _make_pagination_metadata(page, page_size, item_count):
        if item_count == 0:
            return {"total": 0, "total_pages": 0}
        last_page = (item_count - 1) // page_size + 1
        meta = {"total": item_count, "total_pages": last_page, "first_page": 1, "last_page": last_page}
        if page <= last_page:
            meta["page"] = page
            if page > 1:
                meta["previous_page"] = page - 1
            if page < last_page:
                meta["next_page"] = page + 1
        return meta
