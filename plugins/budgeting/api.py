"""``/api/v1/budgeting/…``: the budget, grants, income, expenses with receipts and approval, claims,
budget vs actual, payments out (SEPA) and bank statements in, the bookkeeper's journal."""
from __future__ import annotations

from datetime import date

from flask_smorest import abort
from marshmallow import Schema
from marshmallow import ValidationError, fields, validate, validates_schema

from core.toolkit import (
    ApiBlueprint,
    Id,
    NoaberError,
    current_principal,
    current_session,
    current_tenant,
)
from plugins.budgeting.fields import AMOUNT_OR_ZERO, PERCENT, QUANTITY, Figure, Money
from plugins.budgeting.payments import SCHEMAS
from plugins.budgeting.models import CLAIM_KINDS, SOURCES, BankEntry, Expense, Grant

blueprint = ApiBlueprint("budgeting_api", __name__, description="Money: budget vs actual, expenses, the bank")

MONTH = r"^20[0-9]{2}-(0[1-9]|1[0-2])$"
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)
Year = fields.Integer(required=True, validate=validate.Range(2000, 2100))


def settings():
    return current_tenant().plugin_settings("budgeting")


def actor() -> str:
    return current_principal().actor


class LineSchema(Schema):
    id = Id(dump_only=True)
    year = fields.Integer(required=True, validate=validate.Range(2000, 2100))
    category = fields.String(required=True, validate=validate.Length(min=1, max=40), metadata={
        "description": "activities, volunteers, transport, housing, communication, organisation, other, "
                       "or one of the tenant's own"})
    name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    project = fields.String(load_default="", validate=validate.Length(max=120))
    amount = Money(AMOUNT_OR_ZERO, required=True)
    decided_by_members = fields.Boolean(dump_only=True)


class YearQuery(Schema):
    year = Year


class GrantLineSchema(Schema):
    line_id = Id(required=True)
    amount = Money(required=True)
    explanation = fields.String(load_default="", validate=validate.Length(max=2000), metadata={
        "description": "why the line differs from its budget (the funder asks for one over 10 %)"})


class GrantSchema(Schema):
    id = Id(dump_only=True)
    funder = fields.String(required=True, validate=validate.Length(min=1, max=120))
    reference = fields.String(required=True, validate=validate.Length(min=1, max=80))
    amount = Money(required=True)
    starts_on = fields.Date(required=True, validate=validate.Range(FIRST_DAY, LAST_DAY))
    ends_on = fields.Date(required=True, validate=validate.Range(FIRST_DAY, LAST_DAY), metadata={
        "description": "at most five years after starts_on"})
    advance_percent = Money(PERCENT, load_default=None, allow_none=True, metadata={
        "example": "75", "description": "the share paid in advance, in per cent"})
    report_due_on = fields.Date(load_default=None, allow_none=True)
    conditions = fields.String(load_default="", validate=validate.Length(max=2000))
    goals = fields.String(load_default="", validate=validate.Length(max=2000), metadata={
        "description": "what the grant is for, as in the application; the funder's report shows the results "
                       "of the period beside it"})
    lines = fields.List(fields.Nested(GrantLineSchema), load_default=list, validate=validate.Length(max=50))


class ExplanationSchema(Schema):
    line_id = Id(required=True)
    explanation = fields.String(required=True, validate=validate.Length(max=2000))


class ReportTextsSchema(Schema):
    """What the treasurer writes for the funder's report; what is left out stays as it was."""

    goals = fields.String(validate=validate.Length(max=2000))
    explanations = fields.List(fields.Nested(ExplanationSchema), validate=validate.Length(max=50))


class IncomeSchema(Schema):
    id = Id(dump_only=True)
    on = fields.Date(required=True)
    amount = Money(required=True)
    source = fields.String(required=True, validate=validate.OneOf(SOURCES))
    grant_id = Id(load_default=None, allow_none=True)
    description = fields.String(load_default="", validate=validate.Length(max=300))
    reference = fields.String(load_default="", validate=validate.Length(max=140), metadata={
        "description": "what the payer writes with the payment, to find it on the bank statement"})
    payer_iban = fields.String(load_default="", validate=validate.Length(max=34))
    received = fields.Boolean(load_default=True, metadata={
        "description": "false for money expected: the bank statement that brings it marks it received"})


class ExpenseSchema(Schema):
    id = Id(dump_only=True)
    on = fields.Date(required=True)
    amount = Money(required=True)
    line_id = Id(required=True)
    description = fields.String(required=True, validate=validate.Length(min=1, max=300))
    payee_name = fields.String(required=True, validate=validate.Length(min=1, max=70))
    payee_iban = fields.String(required=True, validate=validate.Length(min=15, max=34))
    status = fields.String(dump_only=True, metadata={"enum": ["submitted", "approved", "scheduled", "paid",
                                                              "rejected"]})
    rejected_reason = fields.String(dump_only=True)
    has_receipt = fields.Boolean(dump_only=True)
    batch_id = Id(dump_only=True, allow_none=True)
    end_to_end_id = fields.String(dump_only=True, allow_none=True)
    paid_on = fields.Date(dump_only=True, allow_none=True)


class ExpenseAnswerSchema(ExpenseSchema):
    """An expense as answered: a volunteer's claim may wait for the IBAN, and erasing a person empties both."""

    payee_name = fields.String(metadata={"description": "empty after the person was erased"})
    payee_iban = fields.String(metadata={"description": "empty for a claim whose account is not known yet"})


class RejectSchema(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=300))


class ClaimSchema(Schema):
    id = Id(dump_only=True)
    person_id = Id(required=True)
    month = fields.String(required=True, validate=validate.Regexp(MONTH), metadata={"example": "2026-10"})
    kind = fields.String(required=True, validate=validate.OneOf(CLAIM_KINDS))
    quantity = Money(QUANTITY, required=True, metadata={"description": "kilometres, or euros"})
    description = fields.String(load_default="", validate=validate.Length(max=300))
    payee_iban = fields.String(load_only=True, load_default="", validate=validate.Length(max=34), metadata={
        "description": "the volunteer's account, to pay the claim to (it can be added later)"})
    amount = Money(dump_only=True)
    expense_id = Id(dump_only=True)


class CollectSchema(Schema):
    month = fields.String(required=True, validate=validate.Regexp(MONTH), metadata={"example": "2026-10"})


class CollectedSchema(Schema):
    created = fields.Integer()


class ReportLineSchema(Schema):
    line_id = Id()
    category = fields.String()
    name = fields.String()
    budget = Figure()
    actual = Figure()
    pending = Figure(metadata={"description": "submitted, not yet approved"})
    difference = Figure(2)
    percent = Figure(1, allow_none=True)
    decided_by_members = fields.Boolean()


class ReportGrantSchema(Schema):
    grant_id = Id()
    funder = fields.String()
    reference = fields.String()
    granted = Figure()
    received = Figure(2)
    spent = Figure(2)
    remaining = Figure(2)
    flagged_line_ids = fields.List(Id(), metadata={"description": "lines more than 10 % off their budget"})


class ReportSchema(Schema):
    year = fields.Integer()
    lines = fields.List(fields.Nested(ReportLineSchema))
    grants = fields.List(fields.Nested(ReportGrantSchema))
    income_by_source = fields.Dict(keys=fields.String(), values=Figure(2))
    spent_by_category = fields.Dict(keys=fields.String(), values=Figure(2))
    decided_by_members = Figure(2)
    share_on_activities = Figure(1, allow_none=True)


class BatchRequest(Schema):
    execution_date = fields.Date(required=True)
    schema = fields.String(load_default="pain.001.001.03", validate=validate.OneOf(SCHEMAS), metadata={
        "description": "pain.001.001.03 (every Dutch bank accepts it) or the newer pain.001.001.09"})


class BatchSchema(Schema):
    id = Id()
    execution_date = fields.Date()
    schema = fields.String(metadata={"enum": list(SCHEMAS)})
    count = fields.Integer()
    total = Figure(2)


class BankEntrySchema(Schema):
    id = Id()
    booked_on = fields.Date()
    amount = Figure(2, metadata={"description": "above zero money in, below zero money out"})
    counterparty_name = fields.String()
    counterparty_iban = fields.String()
    end_to_end_id = fields.String()
    remittance = fields.String()
    expense_id = Id(allow_none=True)
    income_id = Id(allow_none=True)
    no_booking = fields.Boolean()
    note = fields.String()


class BankMatchSchema(Schema):
    """Exactly one of the two: the expense this booking paid, or the income it brought."""

    expense_id = Id(metadata={"description": "an approved or scheduled expense of the same amount"})
    income_id = Id(metadata={"description": "income of the same amount, not yet matched to the bank"})

    @validates_schema
    def exactly_one(self, data, **_kwargs):
        if ("expense_id" in data) == ("income_id" in data):
            raise ValidationError("give either expense_id or income_id", "expense_id")


class NoBookingSchema(Schema):
    note = fields.String(required=True, validate=validate.Length(min=1, max=300), metadata={
        "description": "why nothing is booked, e.g. bank costs already in the budget"})


class ImportedSchema(Schema):
    entries = fields.Integer()
    new = fields.Integer()
    duplicates = fields.Integer()
    matched = fields.Integer()
    review = fields.Integer()


def raw_body(*types: str) -> dict:
    return {"requestBody": {"required": True, "content": {
        kind: {"schema": {"type": "string", "format": "binary"}} for kind in types}}}


def file_answer(*types: str, description: str) -> dict:
    return {"responses": {"200": {"description": description, "content": {
        kind: {"schema": {"type": "string", "format": "binary"}} for kind in types}}}}


def unprocessable(exc: NoaberError, field: str | None = None):
    if field:
        abort(422, errors={field: [str(exc)]})
    abort(422, message=str(exc))


def the_expense(expense_id: int) -> Expense:
    return current_session().get(Expense, expense_id) or abort(404, message=f"No expense {expense_id}.")


def the_grant(grant_id: int) -> Grant:
    return current_session().get(Grant, grant_id) or abort(404, message=f"No grant {grant_id}.")


def the_entry(entry_id: int) -> BankEntry:
    return current_session().get(BankEntry, entry_id) or abort(404, message=f"No bank booking {entry_id}.")
