"""What an API under ``/api/v1`` is built with: flask-smorest blueprints, marshmallow schemas,
and problem details (RFC 9457) for every error. Core's and plugins' APIs alike."""
from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

import flask_smorest
from marshmallow import Schema, ValidationError, fields, validate
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


#: JSON Schema for "text without a NUL character", on every string field of the document
NO_NUL_PATTERN = "^[^\\x00]*$"
NUL_MESSAGE = "Text must not contain a NUL character (U+0000)."
TEXT_LOCATIONS = ("json", "query", "querystring", "form", "json_or_form")


class TextParser(ReusingParser):
    """Refuses a NUL character anywhere in a request's text, as a 422 at the field, before any schema
    or view sees it: PostgreSQL cannot store one (it was a 500), and no person types one. The
    document says so with :data:`NO_NUL_PATTERN` on every string (see core/server/openapi.py)."""

    def _load_location_data(self, *, schema, req, location):
        data = super()._load_location_data(schema=schema, req=req, location=location)
        if location in TEXT_LOCATIONS:
            found = _nul_fields(data) if isinstance(data, dict | list) else _nul_in_fields(
                req.args if location in ("query", "querystring") else req.form)
            if found:
                raise ValidationError(found)
        return data


def _nul_in_fields(multidict) -> dict:
    """A query string's or form's fields whose values hold a NUL."""
    return {key: [NUL_MESSAGE] for key, values in multidict.lists() if any("\x00" in value for value in values)}


def _nul_fields(value):
    """The messages for every place in *value* where text holds a NUL: ``{"name": [msg]}``,
    ``{"items": {0: {"name": [msg]}}}``; None when there is none."""
    if isinstance(value, str):
        return [NUL_MESSAGE] if "\x00" in value else None
    if isinstance(value, dict):
        pairs = value.items()
    elif isinstance(value, list):
        pairs = enumerate(value)
    else:
        return None
    found = {key: problem for key, problem in ((key, _nul_fields(item)) for key, item in pairs) if problem}
    return found or None


class DecimalString(fields.Decimal):
    """An exact amount in the API: read only from a string matching *pattern* (never a float, no
    exponent, the places and range the pattern allows), written as a string with *places* places.
    The document carries the pattern and an example, so what it allows is what is taken."""

    def __init__(self, pattern: str, places: int, example: str, description: str = "", **kwargs):
        self.pattern = re.compile(pattern)
        kwargs.setdefault("error_messages", {"invalid": f'a decimal string, e.g. "{example}"'
                                                        + (f": {description}" if description else "")})
        kwargs["metadata"] = {"type": "string", "pattern": pattern, "example": example,
                              **({"description": description} if description else {}), **kwargs.get("metadata", {})}
        super().__init__(places=places, as_string=True, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str) or not self.pattern.fullmatch(value):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


def decimal_from_form(text: str | None, pattern: str) -> Decimal | None:
    """A form's amount as people here write it ("12,50" or "12.50"); None when empty; a ValueError
    when it does not match *pattern* (the same one the API's :class:`DecimalString` takes)."""
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    if not re.fullmatch(pattern, text):
        raise ValueError(text)
    return Decimal(text)


@cache
def _instance_of(schema_class: type[Schema]) -> Schema:
    return schema_class()


class Blueprint(flask_smorest.Blueprint):
    """flask-smorest's Blueprint as noaber uses it; plugins build their API with this one.

    It only removes per-request work: the pagination schema is made once, and the
    ``X-Pagination`` header is built without a schema (its fields are plain integers).
    """

    PAGINATION_ARGUMENTS_PARSER = ReusingParser()
    ARGUMENTS_PARSER = TextParser()

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
