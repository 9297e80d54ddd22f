"""Forms of the pages. A group's place is picked from the tenant's known places, never typed
as coordinates; its schedule is up to three weekly slots."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from core.toolkit import CLAIM_COSTS, CLAIM_KM, ExactAmountField, _l

DAY_NAMES = (_l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday"), _l("Saturday"),
             _l("Sunday"))
REASON_LABELS = {"ill": _l("Ill"), "holiday": _l("On holiday"), "transport": _l("The ride failed"),
                 "other": _l("Other reason")}
SLOTS = 3


class SlotForm(FlaskForm):
    """One weekly meeting; a part of the group form (which carries the CSRF token), translated like it."""

    class Meta:
        csrf = False

    weekday = SelectField(_l("Day"), coerce=int, default=-1,
                          choices=[SelectChoice(-1, "—"), *(SelectChoice(d, n) for d, n in enumerate(DAY_NAMES))])
    starts = TimeField(_l("From"), validators=[Optional()])
    ends = TimeField(_l("Until"), validators=[Optional()])

    def validate_ends(self, field):
        if self.weekday.data >= 0 and not (self.starts.data and field.data):
            raise ValidationError(_l("Give the times of this day."))
        if field.data and self.starts.data and field.data <= self.starts.data:
            raise ValidationError(_l("The end must be after the start."))


class GroupForm(FlaskForm):
    name = StringField(_l("Name of the group"), validators=[DataRequired(), Length(max=120)])
    description = TextAreaField(_l("What the group does"), validators=[Optional(), Length(max=2000)])
    place = SelectField(_l("Where"), coerce=int, validators=[DataRequired()])
    capacity = IntegerField(_l("Places"), validators=[DataRequired(), NumberRange(1, 500)])
    requires_approval = BooleanField(_l("A coordinator approves each enrolment first"))
    starts_on = DateField(_l("First day"), validators=[DataRequired()])
    ends_on = DateField(_l("Last day (optional)"), validators=[Optional()])
    coordinator = SelectField(_l("Coordinator"), coerce=int, default=0, validators=[Optional()])
    slot_1 = FormField(SlotForm, _l("Meets on"))
    slot_2 = FormField(SlotForm, _l("And on"))
    slot_3 = FormField(SlotForm, _l("And on"))

    def slots(self) -> list[dict]:
        chosen = [getattr(self, f"slot_{n}").data for n in range(1, SLOTS + 1)]
        return [{"weekday": s["weekday"], "starts": s["starts"], "ends": s["ends"]}
                for s in chosen if s["weekday"] >= 0]

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if valid and not self.slots():
            self.form_errors.append(_l("Say on which day the group meets."))
            return False
        return valid

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The last day must be after the first day."))


class EnrolForm(FlaskForm):
    person = SelectField(_l("Who"), coerce=int, validators=[DataRequired()])
    needs_transport = BooleanField(_l("Needs transport to the group"))


class EndForm(FlaskForm):
    reason = StringField(_l("Why does it end?"), validators=[DataRequired(), Length(max=200)],
                         render_kw={"placeholder": _l("moved house")})


class ExtraSessionForm(FlaskForm):
    day = DateField(_l("Date"), validators=[DataRequired()])
    starts = TimeField(_l("From"), validators=[DataRequired()])
    ends = TimeField(_l("Until"), validators=[DataRequired()])

    def validate_ends(self, field):
        if field.data and self.starts.data and field.data <= self.starts.data:
            raise ValidationError(_l("The end must be after the start."))


class DutchDecimalField(DecimalField):
    """A number as people here write it: 5,5 as well as 5.5."""

    def process_formdata(self, valuelist):
        super().process_formdata([v.replace(",", ".") for v in valuelist])


class HelperCostsForm(FlaskForm):
    """What one volunteer claims back for the session: costs with what for, and/or kilometres."""

    costs = ExactAmountField(_l("Costs paid, in euro (e.g. 12,50; at most 250)"), pattern=CLAIM_COSTS,
                             message=_l("Give the costs in euro with at most two decimals, more than 0 and at "
                                        "most 250."))
    description = StringField(_l("What the costs were for (e.g. groceries for the lunch)"),
                              validators=[Length(max=120)])
    km = ExactAmountField(_l("Kilometres driven (at most 500)"), pattern=CLAIM_KM,
                          message=_l("Give the kilometres with at most one decimal, more than 0 and at "
                                     "most 500."))

    def validate_costs(self, field):
        if field.data is not None and not (self.description.data or "").strip():
            raise ValidationError(_l("Say in a few words what the costs were for."))

    def validate_km(self, field):
        if field.data is None and self.costs.data is None and not (field.errors or self.costs.errors):
            raise ValidationError(_l("Give the costs, the kilometres, or both."))


class HelperForm(FlaskForm):
    person = SelectField(_l("Volunteer"), coerce=int, validators=[DataRequired()])
    hours = DutchDecimalField(_l("Hours"), places=2, validators=[DataRequired(), NumberRange(0.25, 24)])
