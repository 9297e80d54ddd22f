"""The forms of the treasurer's pages, and the expense form a volunteer fills in on a phone."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from wtforms import DateField, DecimalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from core.toolkit import _l
from plugins.budgeting.labels import category_label
from plugins.budgeting.money import clean_iban


def two_places(_form, field):
    if field.data is not None and field.data.as_tuple().exponent < -2:
        raise ValidationError(_l("At most two decimals, e.g. 42.50."))


def a_valid_iban(_form, field):
    if field.data:
        try:
            field.data = clean_iban(field.data)
        except Exception:  # noqa: BLE001  schwifty's reasons are in English and technical
            raise ValidationError(_l("This is not a valid IBAN; check the numbers.")) from None


def euro(label, minimum="0.01"):
    from decimal import Decimal
    return DecimalField(label, places=2, validators=[DataRequired(), NumberRange(min=Decimal(minimum)), two_places],
                        render_kw={"inputmode": "decimal"})


class LineForm(FlaskForm):
    category = SelectField(_l("Category"), validators=[DataRequired()])
    name = StringField(_l("What the money is for"), validators=[DataRequired(), Length(max=120)])
    project = StringField(_l("Project or activity (optional)"), validators=[Optional(), Length(max=120)])
    amount = euro(_l("Amount in euro"))


class AmendForm(FlaskForm):
    amount = euro(_l("New amount in euro"), "0")
    reason = StringField(_l("Why it changes"), validators=[DataRequired(), Length(max=300)])


class CopyForm(FlaskForm):
    from_year = IntegerField(_l("Copy the budget of"), validators=[DataRequired(), NumberRange(2000, 2100)])


class ExpenseForm(FlaskForm):
    on = DateField(_l("Date of the bill or purchase"), validators=[DataRequired()])
    amount = euro(_l("Amount in euro"))
    line = SelectField(_l("Budget line"), coerce=int, validators=[DataRequired()])
    description = StringField(_l("What was it for"), validators=[DataRequired(), Length(max=300)])
    payee_name = StringField(_l("Pay to (name)"), validators=[DataRequired(), Length(max=70)])
    payee_iban = StringField(_l("Their IBAN"), validators=[DataRequired(), a_valid_iban],
                             render_kw={"autocomplete": "off", "placeholder": "NL91 ABNA 0417 1643 00"})
    receipt = FileField(_l("Photo or PDF of the receipt"), validators=[
        FileAllowed(["pdf", "jpg", "jpeg", "png"], _l("A receipt is a PDF, JPEG or PNG file."))],
        render_kw={"accept": "application/pdf,image/jpeg,image/png", "capture": "environment"})


class RejectForm(FlaskForm):
    reason = StringField(_l("Why not"), validators=[DataRequired(), Length(max=300)])


class StatementForm(FlaskForm):
    statement = FileField(_l("Bank statement (CAMT.053 or MT940 file)"), validators=[DataRequired()])


class BatchForm(FlaskForm):
    execution_date = DateField(_l("Pay on"), validators=[DataRequired()])
    schema = SelectField(_l("File format"), default="pain.001.001.03", choices=[
        SelectChoice("pain.001.001.03", _l("pain.001.001.03 (every Dutch bank accepts it)")),
        SelectChoice("pain.001.001.09", _l("pain.001.001.09 (newer; if your bank asks for it)"))])


class ReportTextsForm(FlaskForm):
    goals = TextAreaField(_l("Goals of the grant (as in the application)"), validators=[Length(max=2000)])


def texts_form(grant) -> ReportTextsForm:
    """The goals, and an explanation for each funded line (the funder asks one for a line more than 10 % off)."""
    class Form(ReportTextsForm):
        pass
    for part in grant.lines:
        setattr(Form, f"explanation_{part.line_id}", TextAreaField(
            _l("Explanation for %(category)s: %(line)s", category=category_label(part.line.category),
               line=part.line.name),
            validators=[Length(max=2000)], default=part.explanation))
    return Form(prefix="texts", goals=grant.goals)


class MatchForm(FlaskForm):
    """Link a bank booking from the review list to what it paid or brought; choices are set per booking."""

    #: "expense:12" or "income:3"; the route checks it against the database, not against the page's list
    target = SelectField(_l("Link to"), validators=[DataRequired()], validate_choice=False)


class NoBookingForm(FlaskForm):
    note = StringField(_l("Or: no booking needed, because"), validators=[DataRequired(), Length(max=300)],
                       render_kw={"placeholder": _l("e.g. bank costs, already in the budget")})
