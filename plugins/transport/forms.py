"""The ride request form: fast enough to fill in during a phone call."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput

from core.toolkit import TIMEZONE, LatitudeField, LongitudeField, _l


class DestinationForm(FlaskForm):
    """Where to: a known place from the list, or an address found by postcode and house number;
    coordinates only under "advanced", never asked for."""

    place = SelectField(_l("Known place"), coerce=int, default=0, validators=[Optional()])
    destination = StringField(_l("Or another destination: its name"), validators=[Optional(), Length(max=200)],
                              render_kw={"placeholder": "Tandarts Jansen"})
    destination_postcode = StringField(_l("Postcode of the destination"), validators=[Optional(), Length(max=7)])
    destination_number = IntegerField(_l("House number of the destination"),
                                      validators=[Optional(), NumberRange(1, 99999)])
    latitude = LatitudeField()
    longitude = LongitudeField()


class TripForm(DestinationForm):
    """What a ride and a standing order share: who, where to, when, and what comes along."""

    rider = SelectField(_l("Rider"), coerce=int, validators=[DataRequired()])
    appointment = TimeField(_l("Appointment at"), validators=[DataRequired()])
    aid = SelectField(_l("Mobility aid"), default="none", choices=[
        SelectChoice("none", _l("None")), SelectChoice("walker", _l("Walker")),
        SelectChoice("folding_wheelchair", _l("Folding wheelchair")),
        SelectChoice("wheelchair", _l("Wheelchair (adapted car)"))])
    companion = BooleanField(_l("Someone comes along"))
    return_at = TimeField(_l("Return trip at (optional)"), validators=[Optional()])
    waits = BooleanField(_l("The driver waits for the return trip"))
    driver_notes = TextAreaField(_l("Notes for the driver"), validators=[Optional(), Length(max=500)])

    def validate_return_at(self, field):
        if field.data and self.appointment.data and field.data <= self.appointment.data:
            raise ValidationError(_l("The return trip must be after the appointment."))


class RideForm(TripForm):
    day = DateField(_l("Date"), validators=[DataRequired()])

    def validate_day(self, field):
        """A ride a day late is still entered (the coordinator catches up); older, or more than a
        year ahead, is a typing error."""
        today = datetime.now(TIMEZONE).date()
        if field.data and field.data < today - timedelta(days=1):
            raise ValidationError(_l("This date has passed; a ride can be entered at most a day late."))
        if field.data and field.data > today + timedelta(days=366):
            raise ValidationError(_l("This date is more than a year ahead."))


class SeriesForm(TripForm):
    weekdays = SelectMultipleField(_l("Days of the week"), coerce=int, choices=[], validators=[DataRequired()],
                                   option_widget=CheckboxInput())
    first_day = DateField(_l("First day"), validators=[DataRequired()])
    last_day = DateField(_l("Last day (optional)"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.weekdays.choices = WEEKDAYS


class SkipForm(FlaskForm):
    day = DateField(_l("Date"), validators=[DataRequired()])
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=200)],
                         render_kw={"placeholder": "vakantie"})


class EndSeriesForm(FlaskForm):
    last_day = DateField(_l("Last day with rides"), validators=[DataRequired()])


class OutcomeForm(FlaskForm):
    outcome = SelectField(_l("Outcome"), choices=[
        SelectChoice("cancelled", _l("Cancelled")), SelectChoice("late_cancel", _l("Cancelled late")),
        SelectChoice("no_show", _l("Rider not there")), SelectChoice("turned_down", _l("Turned down")),
        SelectChoice("unmet_need", _l("Unmet need: nobody could drive"))])
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=200)])


class CompleteForm(FlaskForm):
    km = FloatField(_l("Kilometres driven"), validators=[DataRequired(), NumberRange(0, 500)])


#: by ``date.weekday()``: 0 is Monday
DAY_NAMES = (_l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday"), _l("Saturday"), _l("Sunday"))
WEEKDAYS = [SelectChoice(day, name) for day, name in enumerate(DAY_NAMES)]


class DriverForm(FlaskForm):
    person = SelectField(_l("Volunteer"), coerce=int, validators=[DataRequired()])
    vehicle = StringField(_l("Car"), validators=[Optional(), Length(max=80)])
    takes_walker = BooleanField(_l("Takes a walker"), default=True)
    takes_folding_wheelchair = BooleanField(_l("Takes a folding wheelchair"))
    takes_wheelchair = BooleanField(_l("Adapted car: takes someone seated in a wheelchair"))
    seats = IntegerField(_l("Seats for passengers"), default=3, validators=[DataRequired(), NumberRange(1, 8)])
    max_km = FloatField(_l("Picks up at most this far from home (km)"), default=15.0,
                        validators=[DataRequired(), NumberRange(1, 100)])
    active = BooleanField(_l("Drives for us"), default=True)


class AvailabilityForm(FlaskForm):
    weekday = SelectField(_l("Day"), coerce=int, choices=WEEKDAYS)
    starts = TimeField(_l("From"), validators=[DataRequired()])
    ends = TimeField(_l("Until"), validators=[DataRequired()])

    def validate_ends(self, field):
        if self.starts.data and field.data and field.data <= self.starts.data:
            raise ValidationError(_l("Until must be after from."))


class LeaveForm(FlaskForm):
    first_day = DateField(_l("First day"), validators=[DataRequired()])
    last_day = DateField(_l("Last day"), validators=[DataRequired()])

    def validate_last_day(self, field):
        if self.first_day.data and field.data and field.data < self.first_day.data:
            raise ValidationError(_l("The last day cannot be before the first."))


#: what a driver's documents are called
CHECK_LABELS = {"licence": _l("Driving licence"), "vog": _l("VOG (certificate of conduct)"),
                "insurance": _l("Insurance")}


class CheckForm(FlaskForm):
    kind = SelectField(_l("Document"), choices=[SelectChoice(kind, label) for kind, label in CHECK_LABELS.items()])
    expires_on = DateField(_l("Valid until"), validators=[DataRequired()])
