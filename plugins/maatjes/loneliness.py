"""The De Jong Gierveld 6-item loneliness scale, scored as it prescribes.

Source: J. de Jong Gierveld & T. van Tilburg (2006), "A 6-item scale for overall, emotional,
and social loneliness", Research on Aging 28(5), 582-598; scoring and cut-offs as CBS and the
GGD use them (Gezondheidsmonitor). Items 1-3 are emotional loneliness: "yes" and "more or less"
score 1. Items 4-6 are social loneliness, worded positively: "no" and "more or less" score 1.
The total 0-6 is the sum; 0-1 is not lonely, 2-4 moderately lonely, 5-6 severely lonely.
"""
from __future__ import annotations

from dataclasses import dataclass

from core.toolkit import _l
from plugins.maatjes.models import ANSWERS

#: the items in the scale's order, in English; the Dutch catalogue holds the published Dutch wording
ITEMS = (
    _l("I experience a general sense of emptiness"),
    _l("I miss having people around"),
    _l("I often feel rejected"),
    _l("There are plenty of people I can rely on when I have problems"),
    _l("There are many people I can trust completely"),
    _l("There are enough people I feel close to"),
)
ANSWER_LABELS = {"yes": _l("yes"), "more_or_less": _l("more or less"), "no": _l("no")}
LEVEL_LABELS = {"not": _l("not lonely"), "moderate": _l("moderately lonely"), "severe": _l("severely lonely")}
#: the answers that count as lonely: emotional items (1-3), then social items (4-6)
_LONELY_EMOTIONAL = ("yes", "more_or_less")
_LONELY_SOCIAL = ("no", "more_or_less")


@dataclass(frozen=True)
class Score:
    emotional: int
    social: int

    @property
    def score(self) -> int:
        return self.emotional + self.social

    @property
    def level(self) -> str:
        return "not" if self.score <= 1 else "moderate" if self.score <= 4 else "severe"


def score(answers: list[str]) -> Score:
    """Score six answers; anything but six valid answers is a ValueError."""
    if len(answers) != len(ITEMS) or any(a not in ANSWERS for a in answers):
        raise ValueError("six answers, each yes, more_or_less or no")
    return Score(emotional=sum(a in _LONELY_EMOTIONAL for a in answers[:3]),
                 social=sum(a in _LONELY_SOCIAL for a in answers[3:]))


def level_rank(level: str) -> int:
    return ("not", "moderate", "severe").index(level)
