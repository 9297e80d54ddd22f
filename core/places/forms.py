"""The form with which a coordinator keeps a known place."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from core.i18n.text import _l
from core.web.forms import LatitudeField, LongitudeField
from core.people.service import POSTCODE
from core.places.service import KINDS


class PlaceForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)],
                       render_kw={"placeholder": "Huisartsenpraktijk De Linde"})
    kind = SelectField(_l("Kind of place"), choices=[SelectChoice(k, label) for k, label in KINDS.items()])
    street = StringField(_l("Street"), validators=[Optional(), Length(max=120)])
    house_number = IntegerField(_l("House number"), validators=[Optional(), NumberRange(min=1, max=99999)])
    house_number_suffix = StringField(_l("Letter or addition"), validators=[Optional(), Length(max=12)])
    postcode = StringField(_l("Postcode"), validators=[
        Optional(), Regexp(POSTCODE.pattern + "$", message=_l("Use a Dutch postcode such as 7511 JM."))])
    city = StringField(_l("Place"), validators=[Optional(), Length(max=80)])
    latitude = LatitudeField()
    longitude = LongitudeField()
    active = BooleanField(_l("Offer it when people choose a place"), default=True)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if (self.latitude.data is None) != (self.longitude.data is None) and not self.latitude.errors:
            self.longitude.errors = [*self.longitude.errors, _l("Give both latitude and longitude, or neither.")]
            valid = False
        return valid
