"""Forms of the meeting and proxy pages: big radio buttons and lists of names, no script needed.

The lists of members are filled by the page (:func:`people_choices`); a refusal of the rules
(the proxy cap, a member twice) comes back from the service and is shown at its field."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DateTimeLocalField,
    DecimalField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from core.toolkit import _l
from plugins.zeggenschap.models import FOLLOW_UP

ATTENDING_LABELS = {"in_person": _l("In person"), "online": _l("Online"), "proxy": _l("By proxy")}
FOLLOW_UP_LABELS = {"to_do": _l("To do"), "under_way": _l("Under way"), "done": _l("Done")}
NOBODY = 0


def people_choices(names: dict[int, str], empty: str | None = None) -> list[SelectChoice]:
    """Names in alphabetical order, the person's id as the value; *empty* first when nobody may be chosen."""
    ordered = [SelectChoice(person_id, name) for person_id, name in sorted(names.items(), key=lambda item: item[1])]
    return ([SelectChoice(NOBODY, empty)] if empty is not None else []) + ordered


class MeetingForm(FlaskForm):
    held_on = DateField(_l("Day of the meeting"), validators=[DataRequired()])
    title = StringField(_l("Name of the meeting"), default=_l("General members' meeting"),
                        validators=[DataRequired(), Length(max=160)])
    items = TextAreaField(_l("Other items on the agenda, one a line (for example: opening, last meeting's minutes)"),
                          validators=[Optional(), Length(max=5000)])
    agenda = SelectMultipleField(_l("Votes on the agenda"), coerce=int, validators=[Optional()],
                                 widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())


class AttendanceForm(FlaskForm):
    person = SelectField(_l("Member"), coerce=int, validators=[DataRequired()])
    how = RadioField(_l("How is this member at the meeting?"), default="in_person",
                     choices=[SelectChoice(k, v) for k, v in ATTENDING_LABELS.items()], validators=[DataRequired()])
    holder = SelectField(_l("Holds the proxy (only when by proxy)"), coerce=int, default=NOBODY)


class MinutesForm(FlaskForm):
    text = TextAreaField(_l("Minutes"), validators=[DataRequired(), Length(max=20000)])
    adopted_on = DateField(_l("Adopted by the meeting on (empty while a draft)"), validators=[Optional()])


class DecisionForm(FlaskForm):
    text = StringField(_l("Decision"), validators=[DataRequired(), Length(max=2000)])
    result = StringField(_l("Result (for example: adopted unanimously)"), validators=[Optional(), Length(max=200)])
    follow_up = SelectField(_l("Follow-up"), default="to_do",
                            choices=[SelectChoice(key, FOLLOW_UP_LABELS[key]) for key in FOLLOW_UP])


class ProxyForm(FlaskForm):
    giver = SelectField(_l("Member who gives the proxy"), coerce=int, validators=[DataRequired()])
    holder = SelectField(_l("Member who holds it and votes for them"), coerce=int, validators=[DataRequired()])


class AnswerForm(FlaskForm):
    """The board's answer to a proposal, one form per proposal (its prefix is the proposal's)."""

    status = SelectField(_l("The board's answer"), choices=[
        SelectChoice("adopted", _l("Adopted")), SelectChoice("rejected", _l("Rejected")),
        SelectChoice("withdrawn", _l("Withdrawn by the proposer"))])
    reason = TextAreaField(_l("Reasons (everyone reads them)"), validators=[DataRequired(), Length(max=2000)])


class VoteForm(FlaskForm):
    """Call a vote. The options are lines of text; a budget vote's projects end in their cost."""

    title = StringField(_l("Question or name of the vote"), validators=[DataRequired(), Length(max=160)])
    kind = RadioField(_l("Kind of vote"), default="choice", validators=[DataRequired()], choices=[
        SelectChoice("proposal", _l("On a proposal: for, against, abstain")),
        SelectChoice("choice", _l("A choice: one of several options")),
        SelectChoice("budget", _l("A budget: tick every project you want (Equal Shares)"))])
    eligible = RadioField(_l("Who may vote"), default="members", validators=[DataRequired()], choices=[
        SelectChoice("members", _l("The members")),
        SelectChoice("residents", _l("Every resident of the minimum age"))])
    opens_at = DateTimeLocalField(_l("Opens on"), validators=[DataRequired()])
    closes_at = DateTimeLocalField(_l("Closes on"), validators=[DataRequired()])
    proposal = SelectField(_l("The proposal this vote decides (only for a vote on a proposal)"), coerce=int,
                           default=NOBODY)
    options = TextAreaField(_l("The options, one a line; for a budget vote each project ends in its cost, "
                               "for example: Speeltuin 4000"), validators=[Optional(), Length(max=10000)])
    budget = DecimalField(_l("Budget to share out, in euros (only for a budget vote)"), places=2,
                          validators=[Optional(), NumberRange(min=1, max=9999999999)])
