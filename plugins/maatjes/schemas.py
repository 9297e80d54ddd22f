"""What the API takes and gives, and the plugin's settings."""
from __future__ import annotations

from babel import Locale
from marshmallow import Schema, fields, validate

from core.toolkit import Id, current_session, person
from plugins.maatjes.claims import costs_field, km_field
from plugins.maatjes.matching import neighbourhood
from plugins.maatjes.models import (
    ANSWERS,
    BUDDY_GENDERS,
    CONTACT_KINDS,
    END_REASONS,
    GENDERS,
    LEAVE_REASONS,
    LEVELS,
    PARTS_OF_DAY,
    REFERRERS,
    STATUSES,
)

#: ISO 639-1: the two-letter codes babel knows
LANGUAGE_CODES = sorted(code for code in Locale("en").languages if len(code) == 2 and code.isalpha())


class MaatjesSettings(Schema):
    #: an active pair without contact for longer than this is a signal
    quiet_after_days = fields.Integer(load_default=28, validate=validate.Range(min=1, max=365))
    #: pairs whose planned period ends within this many days are shown as nearing their end
    ending_soon_days = fields.Integer(load_default=42, validate=validate.Range(min=1, max=365))
    #: buddies' costs and kilometres of contacts are offered to the budget as claims
    reimburse_outings = fields.Boolean(load_default=True)


class MomentSchema(Schema):
    weekday = fields.Integer(required=True, validate=validate.Range(0, 6),
                             metadata={"description": "0 = Monday … 6 = Sunday"})
    part = fields.String(required=True, validate=validate.OneOf(PARTS_OF_DAY))


class IntakeSchema(Schema):
    id = Id(dump_only=True)
    person_id = Id(required=True)
    support_question = fields.String(load_default="", validate=validate.Length(max=2000))
    interests = fields.List(fields.String(validate=validate.Length(min=1, max=40)), load_default=list,
                            validate=validate.Length(max=20))
    languages = fields.List(fields.String(validate=validate.OneOf(LANGUAGE_CODES)), required=True,
                            validate=validate.Length(min=1, max=10), metadata={"description": "ISO 639-1 codes"})
    availability = fields.List(fields.Nested(MomentSchema), load_default=list, validate=validate.Length(max=21))
    gender = fields.String(load_default="", validate=validate.OneOf(("", *GENDERS)))
    buddy_gender = fields.String(load_default="any", validate=validate.OneOf(BUDDY_GENDERS),
                                 metadata={"description": "the gender the person would like their buddy to be"})
    smokes = fields.Boolean(load_default=False)
    minds_smoking = fields.Boolean(load_default=False)
    has_pets = fields.Boolean(load_default=False)
    minds_pets = fields.Boolean(load_default=False)
    referred_by = fields.String(load_default="self", validate=validate.OneOf(REFERRERS))
    waiting_since = fields.Date(load_default=None, metadata={"description": "today when not given"})
    left_on = fields.Date(dump_only=True, allow_none=True,
                          metadata={"description": "left the programme on this day; null while still in it"})
    left_reason = fields.String(dump_only=True, allow_none=True, metadata={"enum": [*LEAVE_REASONS, None]})
    area = fields.Method("area_of", dump_only=True, allow_none=True, metadata={
        "type": "string", "description": "the neighbourhood (buurt) of the person's address by its name, "
                                         "e.g. \"Stadskern\"; null when the address is not located"})

    def area_of(self, row) -> str | None:
        return neighbourhood(person(current_session(), row.person_id))


class ParticipantSchema(IntakeSchema):
    pass


class VolunteerSchema(IntakeSchema):
    vog_valid_until = fields.Date(load_default=None, allow_none=True,
                                  metadata={"description": "the certificate of good conduct is valid until"})
    trained = fields.Boolean(load_default=False)
    max_pairs = fields.Integer(load_default=1, validate=validate.Range(1, 10))
    max_km = fields.Float(load_default=5.0, validate=validate.Range(0, 100),
                          metadata={"description": "how far from home the volunteer will go, in km"})


class LeaveRequest(Schema):
    on = fields.Date(load_default=None, metadata={"description": "the day they left; today when not given"})
    reason = fields.String(required=True, validate=validate.OneOf(LEAVE_REASONS))


class SuggestionSchema(Schema):
    volunteer_id = Id()
    score = fields.Float()
    reasons = fields.List(fields.String())


class BuddyPlanRequest(Schema):
    participants = fields.List(Id(), load_default=None, validate=validate.Length(max=500),
                               metadata={"description": "participants to pair; all who wait when not given"})
    volunteers = fields.List(Id(), load_default=None, validate=validate.Length(max=500),
                             metadata={"description": "volunteers to pair; all who are free when not given"})
    commit = fields.Boolean(load_default=False, metadata={"description": "false: a dry run; true: propose the pairs"})


class ProposalSchema(Schema):
    participant_id = Id()
    volunteer_id = Id()
    score = fields.Float()


class BuddyPlanSchema(Schema):
    proposals = fields.List(fields.Nested(ProposalSchema))


class MatchRequest(Schema):
    participant_id = Id(required=True)
    volunteer_id = Id(required=True)
    planned_months = fields.Integer(required=True, validate=validate.Range(1, 60))
    on = fields.Date(load_default=None, metadata={"description": "the day of the proposal; today when not given"})
    meeting_at = fields.AwareDateTime(load_default=None, allow_none=True,
                                      metadata={"description": "the introduction meeting, when planned"})


class MatchSchema(Schema):
    id = Id()
    participant_id = Id()
    volunteer_id = Id()
    status = fields.String(metadata={"enum": list(STATUSES)})
    planned_months = fields.Integer()
    score = fields.Float(allow_none=True)
    proposed_on = fields.Date()
    introduced_on = fields.Date(allow_none=True)
    active_on = fields.Date(allow_none=True)
    ended_on = fields.Date(allow_none=True)
    end_reason = fields.String(allow_none=True, metadata={"enum": [*END_REASONS, None]})
    meeting_at = fields.AwareDateTime(allow_none=True)
    planned_end = fields.Date(allow_none=True)
    last_contact = fields.Date(allow_none=True)
    quiet = fields.Boolean(metadata={"description": "active without contact for longer than quiet_after_days"})


class MatchesQuery(Schema):
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))
    quiet = fields.Boolean(load_default=False, metadata={"description": "only the pairs that have gone quiet"})


class TransitionRequest(Schema):
    to = fields.String(required=True, validate=validate.OneOf(STATUSES[1:]))
    on = fields.Date(load_default=None)
    reason = fields.String(load_default=None, validate=validate.OneOf(END_REASONS),
                           metadata={"description": "required when ending"})


class ContactSchema(Schema):
    id = Id(dump_only=True)
    on = fields.Date(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(CONTACT_KINDS))
    minutes = fields.Integer(required=True, validate=validate.Range(1, 24 * 60))
    note = fields.String(load_default="", allow_none=True, validate=validate.Length(max=500),
                         metadata={"description": "restricted: only the pair's coordinator reads it (else null)"})
    costs = costs_field()
    km = km_field()


class WaitingSchema(Schema):
    participant_id = Id()
    person_id = Id()
    waiting_days = fields.Integer()
    waiting_since = fields.Date()


class VolunteerWaitingSchema(Schema):
    volunteer_id = Id()
    person_id = Id()
    waiting_days = fields.Integer(metadata={"description": "days without a pair"})
    waiting_since = fields.Date()


class LonelinessRequest(Schema):
    answers = fields.List(fields.String(validate=validate.OneOf(ANSWERS)), required=True,
                          validate=validate.Length(equal=6),
                          metadata={"description": "the six De Jong Gierveld items in order"})
    on = fields.Date(required=True)


class LonelinessSchema(Schema):
    id = Id()
    on = fields.Date()
    score = fields.Integer()
    emotional = fields.Integer()
    social = fields.Integer()
    level = fields.String(metadata={"enum": list(LEVELS)})
