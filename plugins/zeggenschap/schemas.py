"""The plugin's settings (the statutes), and its API's shapes."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from plugins.zeggenschap.models import MAJORITIES


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
