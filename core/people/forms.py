"""The forms with which coordinators keep people's details."""
from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from core.i18n.text import _l
from core.web.forms import LatitudeField, LongitudeField
from core.people.service import POSTCODE

PHONE = r"^\+?[0-9][0-9 \-]{5,18}$"


class PersonForm(FlaskForm):
    given_name = StringField(_l("Given name"), validators=[DataRequired(), Length(max=80)])
    family_name = StringField(_l("Family name"), validators=[DataRequired(), Length(max=120)])
    date_of_birth = DateField(_l("Date of birth"), validators=[Optional()])
    email = EmailField(_l("E-mail address"), validators=[Optional(), Email(), Length(max=254)])
    phone = StringField(_l("Phone number"),
                        validators=[Optional(), Regexp(PHONE, message=_l("Use digits, spaces and a leading + only."))])
    is_resident = BooleanField(_l("Resident (receives help or takes part)"), default=True)
    is_volunteer = BooleanField(_l("Volunteer"))
    household_id = SelectField(_l("Household"), coerce=int, default=0, validate_choice=True)
    new_household = StringField(_l("Or start a new household named"), validators=[Optional(), Length(max=120)])
    street = StringField(_l("Street"), validators=[Optional(), Length(max=120)])
    house_number = IntegerField(_l("House number"), validators=[Optional(), NumberRange(min=1, max=99999)])
    house_number_suffix = StringField(_l("Letter or addition"), validators=[Optional(), Length(max=12)])
    postcode = StringField(_l("Postcode"),
                           validators=[Optional(), Regexp(POSTCODE.pattern + "$",
                                                          message=_l("Use a Dutch postcode such as 7511 JM."))])
    city = StringField(_l("Place"), validators=[Optional(), Length(max=80)])
    latitude = LatitudeField()
    longitude = LongitudeField()

    def validate_date_of_birth(self, field):
        if field.data and not date(1900, 1, 1) <= field.data <= date.today():
            raise ValidationError(_l("Give a date between 1900 and today."))

    def validate(self, extra_validators=None) -> bool:
        """Fields that only make sense together: checked after each field's own checks."""
        valid = super().validate(extra_validators)
        if bool(self.house_number.data) != bool(self.postcode.data) and not self.postcode.errors:
            self.house_number.errors = [*self.house_number.errors,
                                        _l("Give both postcode and house number, or neither.")]
            valid = False
        if (self.latitude.data is None) != (self.longitude.data is None) and not self.latitude.errors:
            self.longitude.errors = [*self.longitude.errors, _l("Give both latitude and longitude, or neither.")]
            valid = False
        return valid


class NoteForm(FlaskForm):
    text = TextAreaField(_l("Note"), validators=[DataRequired(), Length(max=4000)])
    visibility = RadioField(_l("Who may read it"), default="coordinators", validators=[InputRequired()],
                            choices=[SelectChoice("coordinators", _l("Coordinators and administrators")),
                                     SelectChoice("admins", _l("Administrators only"))])


class ConsentForm(FlaskForm):
    purpose = SelectField(_l("About"), validators=[DataRequired()])
    granted = RadioField(_l("Answer"), validators=[InputRequired()], choices=[
        SelectChoice("yes", _l("Yes, agreed")), SelectChoice("no", _l("No, or withdrawn"))])
    source = SelectField(_l("Given how"), default="in_person", choices=[
        SelectChoice("in_person", _l("In person")), SelectChoice("phone", _l("By phone")),
        SelectChoice("paper", _l("On paper")), SelectChoice("web", _l("Online"))])


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField(_l("Search"), validators=[Optional(), Length(max=80)])
    who = SelectField(_l("Show"), default="", choices=[
        SelectChoice("", _l("Everyone")), SelectChoice("residents", _l("Residents")),
        SelectChoice("volunteers", _l("Volunteers"))])
