"""Marshmallow schemas of people, for the API and its OpenAPI document."""
from __future__ import annotations

from datetime import date

from marshmallow import (
    Schema,
    ValidationError,
    fields,
    validate,
    validates,
    validates_schema,
)

from core.web.api import Id

PHONE = r"^\+?[0-9][0-9 \-]{5,18}$"
#: what normalise_postcode takes: four digits (no leading 0), an optional space, two letters
POSTCODE = r"^[1-9][0-9]{3} ?[A-Za-z]{2}$"
NOT_A_POSTCODE = "Not a Dutch postcode such as 7511 JM."


class AddressSchema(Schema):
    street = fields.String(load_default="", validate=validate.Length(max=120))
    house_number = fields.Integer(required=True, validate=validate.Range(min=1, max=99999))
    house_number_suffix = fields.String(load_default="", validate=validate.Length(max=12))
    postcode = fields.String(required=True, validate=validate.Regexp(POSTCODE, error=NOT_A_POSTCODE),
                             metadata={"description": "Dutch postcode, e.g. 7511 JM"})
    city = fields.String(load_default="", validate=validate.Length(max=80))
    latitude = fields.Float(load_default=None, allow_none=True, validate=validate.Range(min=50.7, max=53.6))
    longitude = fields.Float(load_default=None, allow_none=True, validate=validate.Range(min=3.3, max=7.3))
    # null until the geocoder has found the address
    municipality_code = fields.String(dump_only=True, allow_none=True,
                                      metadata={"description": "CBS code, e.g. GM0153"})
    neighbourhood_code = fields.String(dump_only=True, allow_none=True,
                                       metadata={"description": "CBS code, e.g. BU01530110"})
    neighbourhood_name = fields.String(dump_only=True, allow_none=True,
                                       metadata={"description": "the neighbourhood's name, e.g. Stadskern"})
    located_by = fields.String(dump_only=True, allow_none=True, metadata={"description": "pdok, manual, or null"})

    @validates_schema
    def coordinates_together(self, data, **_kwargs):
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise ValidationError("Give both latitude and longitude, or neither.", "longitude")


class PersonSchema(Schema):
    id = Id(dump_only=True)
    given_name = fields.String(required=True, validate=validate.Length(min=1, max=80))
    family_name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    date_of_birth = fields.Date(load_default=None, allow_none=True)
    email = fields.Email(load_default=None, allow_none=True, validate=validate.Length(max=254))
    phone = fields.String(load_default=None, allow_none=True, validate=validate.Regexp(PHONE))
    is_resident = fields.Boolean(load_default=True)
    is_volunteer = fields.Boolean(load_default=False)
    household_id = Id(load_default=None, allow_none=True)
    address = fields.Nested(AddressSchema, load_default=None, allow_none=True)
    updated_at = fields.DateTime(dump_only=True)

    @validates("date_of_birth")
    def plausible_birth(self, value, **_kwargs):
        if value is not None and not date(1900, 1, 1) <= value <= date.today():
            raise ValidationError("Give a date between 1900 and today.")


class PersonChangeSchema(PersonSchema):
    """A change to a person: only the fields sent change.

    Partial at the top only: an address is sent whole. (``partial=True`` would reach into
    the address too, and let a change through without its postcode.)
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.partial = tuple(self.fields)


class PeopleQuery(Schema):
    q = fields.String(load_default=None, validate=validate.Length(min=1, max=80),
                      metadata={"description": "Part of a name, e-mail address or phone number"})
    volunteer = fields.Boolean(load_default=None, allow_none=True)
    resident = fields.Boolean(load_default=None, allow_none=True)
    postcode = fields.String(load_default=None, validate=validate.Regexp(r"^[1-9][0-9]{3}( ?[A-Za-z]{2})?$"),
                             metadata={"description": "Four digits, or a whole postcode"})
