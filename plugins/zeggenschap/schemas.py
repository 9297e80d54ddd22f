"""The plugin's settings (the statutes), and its API's shapes."""
from __future__ import annotations

import re
from decimal import Decimal

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from core.toolkit import Id
from plugins.zeggenschap.models import (
    ATTENDING,
    CHANNELS,
    ELIGIBLE,
    FOLLOW_UP,
    KINDS,
    MAJORITIES,
    PROPOSAL_STATES,
    VOTE_STATES,
)


class Statutes(Schema):
    """``[plugins.zeggenschap]`` in tenant.toml: what the statutes say about deciding."""

    #: percent of the eligible voters that must take part; none by default (the law sets none)
    quorum_percent = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=1, max=100))
    majority = fields.String(load_default="simple", validate=validate.OneOf(MAJORITIES))
    #: proxies one member may hold in one vote
    proxies_per_holder = fields.Integer(load_default=1, validate=validate.Range(min=0, max=10))
    #: supporters that put a proposal on the agenda
    support_threshold = fields.Integer(load_default=5, validate=validate.Range(min=1, max=10000))
    #: the minimum age for a residents' vote
    minimum_age = fields.Integer(load_default=16, validate=validate.Range(min=0, max=120))
    #: weeks the board has to put a proposal on the agenda to a vote, or answer it with reasons
    answer_weeks = fields.Integer(load_default=6, validate=validate.Range(min=1, max=52))


# ---------------------------------------------------------------- the API's shapes

#: text without control characters (a NUL cannot be stored, and none belongs in a title)
ONE_LINE = r"^[^\x00-\x1f\x7f]*$"
LINES = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"


def plain_text(max_length: int, *, required: bool = False, lines: bool = False, **kwargs):
    checks = [validate.Length(min=1 if required else 0, max=max_length), validate.Regexp(LINES if lines else ONE_LINE)]
    if not required:
        kwargs.setdefault("load_default", "")
    return fields.String(required=required, validate=checks, **kwargs)


#: a positive amount of euros with at most two decimals, below ten billion
MONEY_PATTERN = r"^(0\.(0[1-9]|[1-9][0-9]?)|[1-9][0-9]{0,9}(\.[0-9]{1,2})?)$"


class Money(fields.String):
    """Euros as a decimal string, exact (``"1250.00"``): never a floating-point number."""

    def __init__(self, **kwargs):
        super().__init__(metadata={"example": "1250.00", "pattern": MONEY_PATTERN}, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if re.match(MONEY_PATTERN, text) is None:
            raise ValidationError('Euros as a decimal string, like "1250.00".')
        return Decimal(text).quantize(Decimal("0.01"))

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else str(Decimal(value).quantize(Decimal("0.01")))


def money(**kwargs):
    return Money(**kwargs)


class MemberSchema(Schema):
    id = Id(dump_only=True)
    person_id = Id(required=True)
    since = fields.Date(required=True)
    until = fields.Date(dump_only=True, allow_none=True)
    active = fields.Boolean(dump_only=True)
    board_appointed_on = fields.Date(dump_only=True, allow_none=True)
    board_term_years = fields.Integer(dump_only=True, allow_none=True)
    board_term_ends = fields.Date(dump_only=True, allow_none=True)


class BoardSeatSchema(Schema):
    appointed_on = fields.Date(required=True, metadata={"description": "the day the members' meeting appointed"})
    term_years = fields.Integer(required=True, validate=validate.Range(min=1, max=10),
                                metadata={"description": "the term the statutes set"})


class MembershipEndSchema(Schema):
    on = fields.Date(required=True)


class ProposalSchema(Schema):
    id = Id(dump_only=True)
    person_id = Id(required=True, allow_none=False, metadata={"description": "who proposes"})
    title = plain_text(160, required=True)
    text = plain_text(5000, lines=True)
    cost = money(load_default=None, allow_none=True)
    category = plain_text(80)
    status = fields.String(dump_only=True, metadata={"enum": list(PROPOSAL_STATES)})
    status_on = fields.Date(dump_only=True)
    status_reason = fields.String(dump_only=True)
    answer_due = fields.Date(dump_only=True, allow_none=True)
    supporters = fields.Integer(dump_only=True)


class ProposalAnswerSchema(ProposalSchema):
    person_id = Id(dump_only=True, allow_none=True)


class SupportSchema(Schema):
    person_id = Id(required=True)


class SupportAnswerSchema(Schema):
    supporters = fields.Integer()
    status = fields.String(metadata={"enum": list(PROPOSAL_STATES)})


class DecideSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(("adopted", "rejected", "withdrawn")))
    reason = plain_text(2000, required=True, lines=True)


class OptionSchema(Schema):
    id = Id(dump_only=True)
    title = plain_text(160, required=True)
    cost = money(load_default=None, allow_none=True)
    proposal_id = Id(load_default=None, allow_none=True)


class CountingSchema(Schema):
    """How far the job worker got with counting a large box."""

    state = fields.String(metadata={"enum": ["queued", "running", "done", "failed"]})
    done = fields.Integer(metadata={"description": "whole euros the last round of Equal Shares shared out (each round "
                                                   "gives every voter a euro more: Add1)"})
    total = fields.Integer(metadata={"description": "the budget in whole euros (1 when the count is done)"})


class VoteSchema(Schema):
    id = Id(dump_only=True)
    title = plain_text(160, required=True)
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    status = fields.String(dump_only=True, metadata={"enum": list(VOTE_STATES)})
    options = fields.List(fields.Nested(OptionSchema), load_default=list, validate=validate.Length(max=100))
    budget = money(load_default=None, allow_none=True)
    year = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=2000, max=2100))
    category = plain_text(80)
    eligible = fields.String(required=True, validate=validate.OneOf(ELIGIBLE))
    quorum_percent = fields.Integer(allow_none=True, validate=validate.Range(min=1, max=100))
    majority = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(MAJORITIES))
    proposal_id = Id(load_default=None, allow_none=True,
                     metadata={"description": "the proposal a proposal vote decides"})
    opens_at = fields.AwareDateTime(required=True)
    closes_at = fields.AwareDateTime(required=True)
    counting = fields.Nested(CountingSchema, dump_only=True, allow_none=True,
                             metadata={"description": "while a large box is being counted: how far it got"})

    @validates_schema
    def moments_in_range(self, data, **_kwargs):
        for name in ("opens_at", "closes_at"):
            if name in data and not 2000 <= data[name].year <= 2100:
                raise ValidationError("A moment between 2000 and 2100.", name)


class VoteCreatedSchema(Schema):
    id = Id()
    status = fields.String(metadata={"enum": list(VOTE_STATES)})


class ProxySchema(Schema):
    id = Id(dump_only=True)
    from_person_id = Id(required=True)
    to_person_id = Id(required=True)


class CodesRequest(Schema):
    person_ids = fields.List(Id(), load_default=None, allow_none=True, validate=validate.Length(max=10000))


class IssuedCode(Schema):
    person_id = Id()
    code = fields.String()


class CodesSchema(Schema):
    issued = fields.Integer()
    codes = fields.List(fields.Nested(IssuedCode))


class BallotSchema(Schema):
    channel = fields.String(required=True, validate=validate.OneOf(CHANNELS))
    person_id = Id(load_default=None, allow_none=True)
    code = fields.String(load_default=None, allow_none=True,
                         validate=[validate.Length(max=40), validate.Regexp(ONE_LINE)])
    proxy_for_person_id = Id(load_default=None, allow_none=True)
    choices = fields.List(Id(), required=True, validate=validate.Length(max=100))


class ReceiptSchema(Schema):
    receipt = fields.String(metadata={"description": "a confirmation for the voter; it links to nothing"})


class ResultOption(Schema):
    id = Id()
    title = fields.String()
    votes = fields.Integer(metadata={"description": "votes, or approvals in a budget vote"})
    cost = fields.String(allow_none=True, metadata={"description": "euros, a decimal string"})
    selected = fields.Boolean()


class ResultSchema(Schema):
    eligible = fields.Integer()
    ballots = fields.Integer()
    turnout = fields.String(metadata={"description": "percent of the eligible, a decimal string"})
    by_channel = fields.Dict(keys=fields.String(), values=fields.Integer())
    quorum_met = fields.Boolean()
    options = fields.List(fields.Nested(ResultOption))
    method = fields.String(metadata={"enum": ["equal_shares_add1", "plurality", "majority_simple",
                                              "majority_two_thirds"]})
    seed = fields.String(metadata={"description": "the seed of the lot that breaks the last ties"})
    budget = fields.String(allow_none=True)
    allocated = fields.String(allow_none=True)
    greedy_selected = fields.List(Id(), metadata={"description": "what counting greedily would have chosen"})


class MeetingSchema(Schema):
    id = Id(dump_only=True)
    held_on = fields.Date(required=True)
    title = plain_text(160, required=True)
    agenda = fields.List(Id(), load_default=list, validate=validate.Length(max=100),
                         metadata={"description": "vote ids"})
    items = fields.List(plain_text(160, required=True), load_default=list, validate=validate.Length(max=50),
                        metadata={"description": "other items on the agenda, to discuss (before the votes)"})
    minutes = fields.String(dump_only=True)


class MeetingAttendanceSchema(Schema):
    id = Id(dump_only=True)
    person_id = Id(required=True)
    how = fields.String(required=True, validate=validate.OneOf(ATTENDING))
    proxy_holder_person_id = Id(load_default=None, allow_none=True,
                                metadata={"description": "by proxy: the member who holds the written proxy"})


class MinutesSchema(Schema):
    text = plain_text(20000, required=True, lines=True)
    adopted_on = fields.Date(load_default=None, allow_none=True,
                             metadata={"description": "the day the meeting adopted the minutes; none for a draft"})


class MeetingDecisionSchema(Schema):
    text = plain_text(2000, required=True, lines=True)
    result = plain_text(200, metadata={"description": "e.g. adopted, rejected, by acclamation"})
    follow_up = fields.String(load_default="to_do", validate=validate.OneOf(FOLLOW_UP))


class DecisionSchema(Schema):
    id = Id()
    decided_on = fields.Date()
    text = fields.String()
    result = fields.String()
    follow_up = fields.String(metadata={"enum": list(FOLLOW_UP)})
    vote_id = Id(allow_none=True)
    meeting_id = Id(allow_none=True)


class FollowUpSchema(Schema):
    follow_up = fields.String(required=True, validate=validate.OneOf(FOLLOW_UP))


class MeetingDetailSchema(MeetingSchema):
    """One meeting: its agenda, attendance with counts per kind, minutes and decisions."""

    minutes_adopted_on = fields.Date(dump_only=True, allow_none=True)
    attendance = fields.List(fields.Nested(MeetingAttendanceSchema), dump_only=True)
    attending = fields.Dict(keys=fields.String(), values=fields.Integer(), dump_only=True,
                            metadata={"description": "members per kind: in_person, online, proxy"})
    decisions = fields.List(fields.Nested(DecisionSchema), dump_only=True)
