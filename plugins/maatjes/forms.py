"""The intake forms, made to be filled in at someone's kitchen table on a tablet, and the
forms of a pair's page."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from core.toolkit import CLAIM_COSTS, CLAIM_KM, ExactAmountField, _l
from plugins.maatjes.loneliness import ANSWER_LABELS, ITEMS
from plugins.maatjes.models import PARTS_OF_DAY
from plugins.maatjes.words import (
    CONTACT_KINDS,
    END_REASONS,
    LEAVE_REASONS,
    PARTS,
    REFERRERS,
    language_name,
    weekday_name,
)

#: the languages offered at intake; the API takes any ISO 639-1 code
COMMON_LANGUAGES = ("nl", "en", "de", "fr", "tr", "ar", "pl", "es", "pt", "ro", "uk", "ru", "so", "ti", "fa", "zh",
                    "fy", "pap")


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class IntakeForm(FlaskForm):
    person = SelectField(_l("Who"), coerce=int, validators=[DataRequired()])
    support_question = TextAreaField(_l("What they hope for from a buddy"), validators=[Length(max=2000)])
    interests = StringField(_l("Interests, separated by commas"), validators=[Length(max=400)],
                            render_kw={"placeholder": "wandelen, koken, schaken"})
    languages = MultiCheckboxField(_l("Languages they speak"), validators=[DataRequired()])
    availability = MultiCheckboxField(_l("When they have time"))
    gender = SelectField(_l("Gender"), default="", choices=[
        SelectChoice("", _l("Not said")), SelectChoice("female", _l("Woman")), SelectChoice("male", _l("Man")),
        SelectChoice("other", _l("Other"))])
    buddy_gender = SelectField(_l("Would like a buddy who is"), default="any", choices=[
        SelectChoice("any", _l("No preference")), SelectChoice("female", _l("A woman")),
        SelectChoice("male", _l("A man"))])
    smokes = BooleanField(_l("Smokes"))
    minds_smoking = BooleanField(_l("Would rather not be with someone who smokes"))
    has_pets = BooleanField(_l("Has pets"))
    minds_pets = BooleanField(_l("Cannot be with pets"))
    referred_by = SelectField(_l("Who sent them to us"), default="self",
                              choices=[SelectChoice(k, v) for k, v in REFERRERS.items()])
    waiting_since = DateField(_l("Waiting since"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages.choices = sorted((SelectChoice(c, language_name(c)) for c in COMMON_LANGUAGES),
                                        key=lambda c: c.label)
        self.availability.choices = [SelectChoice(f"{d}-{p}", f"{weekday_name(d)} {PARTS[p]}")
                                     for d in range(7) for p in PARTS_OF_DAY]


class VolunteerIntakeForm(IntakeForm):
    vog_valid_until = DateField(_l("Certificate of good conduct (VOG) valid until"), validators=[Optional()])
    trained = BooleanField(_l("Buddy training done"))
    max_pairs = IntegerField(_l("How many pairs they can take"), default=1, validators=[NumberRange(1, 10)])
    max_km = DecimalField(_l("How far they will travel (km)"), default=5, places=1,
                          validators=[InputRequired(), NumberRange(0, 100)])


class ProposeForm(FlaskForm):
    planned_months = IntegerField(_l("Planned duration in months"), default=12, validators=[NumberRange(1, 60)])


class LeaveForm(FlaskForm):
    on = DateField(_l("Left on"), validators=[DataRequired()])
    reason = SelectField(_l("Why they left"), validators=[DataRequired()], choices=[
        SelectChoice("", _l("(choose)")), *(SelectChoice(k, v) for k, v in LEAVE_REASONS.items())])


class StepForm(FlaskForm):
    on = DateField(_l("On"), validators=[Optional()])
    reason = SelectField(_l("Why it ended"), default="", choices=[
        SelectChoice("", _l("(only when ending)")), *(SelectChoice(k, v) for k, v in END_REASONS.items())])


COSTS_MESSAGE = _l("Give the costs in euro with at most two decimals, more than 0 and at most 250.")
KM_MESSAGE = _l("Give the kilometres with at most one decimal, more than 0 and at most 500.")


class CostsFields:
    """What the buddy paid and drove for a contact, both optional; each field's ``data`` is a Decimal or None."""

    costs = ExactAmountField(_l("Costs the buddy paid, in euro (e.g. 12,50; at most 250)"), pattern=CLAIM_COSTS,
                             message=COSTS_MESSAGE)
    km = ExactAmountField(_l("Kilometres the buddy drove for it (at most 500)"), pattern=CLAIM_KM,
                          message=KM_MESSAGE)

    def costs_errors(self) -> list[str]:
        return [str(e) for e in (*self.costs.errors, *self.km.errors)]


class ContactForm(CostsFields, FlaskForm):
    on = DateField(_l("Date"), validators=[DataRequired()])
    kind = SelectField(_l("Kind of contact"), choices=[SelectChoice(k, v) for k, v in CONTACT_KINDS.items()])
    minutes = IntegerField(_l("Minutes"), default=60, validators=[NumberRange(1, 24 * 60)])
    note = StringField(_l("Short note (only the pair's coordinator reads it)"), validators=[Length(max=500)])


class BuddyContactForm(CostsFields, FlaskForm):
    """What a buddy logs: no note, which only the coordinator would read; what they paid and drove."""

    on = DateField(_l("Date"), validators=[DataRequired()])
    kind = SelectField(_l("Kind of contact"), choices=[SelectChoice(k, v) for k, v in CONTACT_KINDS.items()])
    minutes = IntegerField(_l("Minutes"), default=60, validators=[NumberRange(1, 24 * 60)])


class MeetingForm(FlaskForm):
    day = DateField(_l("Day of the introduction meeting"), validators=[DataRequired()])
    hour = IntegerField(_l("Hour"), default=14, validators=[NumberRange(7, 21)])


def loneliness_form(data=None) -> FlaskForm:
    """The six items, each a question with three answers, and the day of the measurement."""
    class LonelinessForm(FlaskForm):
        on = DateField(_l("Day of the measurement"), validators=[DataRequired()])

    for number, item in enumerate(ITEMS, start=1):
        setattr(LonelinessForm, f"item{number}", RadioField(
            item, choices=[SelectChoice(k, v) for k, v in ANSWER_LABELS.items()], validators=[DataRequired()]))
    return LonelinessForm(data=data)
