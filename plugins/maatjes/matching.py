"""Who could be whose buddy: the rules that exclude, the score that ranks, and the plan.

The score (0-100) adds four parts and takes off for preferences not met, so that a
coordinator can check every point of it in the reasons:

* a shared language, 15 (no shared language: never suggested);
* shared interests, 10 each, at most 30;
* shared moments in the week (weekday and part of the day), 10 each, at most 30;
* distance, 25 at the door down to 0 at the farthest the volunteer will travel; when the
  distance is not known (an address is not on the map), 20 for living in the same
  neighbourhood (buurt, by its name);
* minus 20 when the participant's wish for a buddy's gender is not met (10 for the
  volunteer's), minus 15 for smoking or pets where the other minds them.

The plan maximises the number of pairs first and then their total score, exactly (SciPy's
``linear_sum_assignment`` on the score plus a bonus per pair larger than any total score);
a best-first greedy choice would pair the easy ones and leave people waiting.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from core.toolkit import PersonInfo, _
from plugins.maatjes.models import Participant, Volunteer
from plugins.maatjes.words import language_names, moment_names, number

LANGUAGE, PER_INTEREST, MAX_INTERESTS, PER_MOMENT, MAX_MOMENTS, DISTANCE = 15, 10, 30, 10, 30, 25
#: the same neighbourhood, when the distance is not known: about what a buddy a kilometre away
#: gets who travels five; below DISTANCE, so no score is above 100 (the plan's bonus counts on it)
SAME_NEIGHBOURHOOD = 20
GENDER_WISH, GENDER_WISH_VOLUNTEER, HABIT = 20, 10, 15


@dataclass
class Fit:
    """How well a volunteer fits a participant: a score, and why, in sentences."""

    score: float = 0.0
    reasons: list[str] = field(default_factory=list)

    def add(self, points: float, reason: str) -> None:
        self.score += points
        self.reasons.append(reason)


def refusal(participant: Participant, volunteer: Volunteer, open_pairs: int, today: date) -> str | None:
    """Why this volunteer may never be proposed for this participant, or None."""
    if volunteer.left_on is not None:
        return _("The volunteer has left the programme.")
    if volunteer.person_id == participant.person_id:
        return _("A person cannot be their own buddy.")
    if not set(participant.languages) & set(volunteer.languages):
        return _("The volunteer shares no language with the participant.")
    if volunteer.vog_valid_until is None:
        return _("The volunteer has no certificate of good conduct (VOG).")
    if volunteer.vog_valid_until < today:
        return _("The volunteer's certificate of good conduct (VOG) has expired.")
    if not volunteer.trained:
        return _("The volunteer has not done the buddy training yet.")
    if open_pairs >= volunteer.max_pairs:
        return _("The volunteer already has as many pairs as they can take.")
    return None


def fit(participant: Participant, volunteer: Volunteer, p_info: PersonInfo | None, v_info: PersonInfo | None) -> Fit:
    """Score a volunteer who may be proposed, with a sentence for each part of the score."""
    result = Fit()
    shared = sorted(set(participant.languages) & set(volunteer.languages))
    result.add(LANGUAGE, _("Both speak %(languages)s.", languages=language_names(shared)))
    _interests(result, participant, volunteer)
    _moments(result, participant, volunteer)
    _distance(result, volunteer, p_info, v_info)
    _preferences(result, participant, volunteer)
    result.score = round(max(result.score, 0.0), 1)
    return result


def _interests(result: Fit, participant: Participant, volunteer: Volunteer) -> None:
    shared = sorted({i.lower() for i in participant.interests} & {i.lower() for i in volunteer.interests})
    if shared:
        result.add(min(PER_INTEREST * len(shared), MAX_INTERESTS),
                   _("Shared interests: %(interests)s.", interests=", ".join(shared)))
    else:
        result.reasons.append(_("No shared interests."))


def _moments(result: Fit, participant: Participant, volunteer: Volunteer) -> None:
    both = sorted({(m["weekday"], m["part"]) for m in participant.availability}
                  & {(m["weekday"], m["part"]) for m in volunteer.availability})
    if both:
        result.add(min(PER_MOMENT * len(both), MAX_MOMENTS), _("Both have time on %(moments)s.",
                                                                 moments=moment_names(both)))
    else:
        result.reasons.append(_("No time in the week in common yet."))


def kilometres(a: PersonInfo | None, b: PersonInfo | None) -> float | None:
    """As the crow flies, between two people's homes; None when either is not on the map."""
    if not (a and a.address and a.address.point and b and b.address and b.address.point):
        return None
    (lat1, lon1), (lat2, lon2) = a.address.point, b.address.point
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371.0 * math.hypot(x, math.radians(lat2 - lat1))


def neighbourhood(info: PersonInfo | None) -> str | None:
    """The name of the neighbourhood (buurt) a person lives in, e.g. "Stadskern"; None when unknown."""
    return info.address.neighbourhood_name if info and info.address else None


def _distance(result: Fit, volunteer: Volunteer, p_info, v_info) -> None:
    km = kilometres(p_info, v_info)
    same = _same_neighbourhood(p_info, v_info)
    if km is None:
        _neighbourhood(result, same, neighbourhood(v_info))
        return
    if same:  # said in words; the distance already counts how near they live
        result.reasons.append(_("Lives in the same neighbourhood (%(name)s).", name=same))
    if km <= volunteer.max_km:
        result.add(DISTANCE * (1 - km / volunteer.max_km) if volunteer.max_km else DISTANCE,
                   _("Lives %(km)s km away, within the %(max)s km the volunteer will travel.",
                     km=number(km), max=number(volunteer.max_km)))
    else:
        result.reasons.append(_("Lives %(km)s km away, farther than the %(max)s km the volunteer will travel.",
                                km=number(km), max=number(volunteer.max_km)))


def _same_neighbourhood(p_info, v_info) -> str | None:
    mine, theirs = neighbourhood(p_info), neighbourhood(v_info)
    return mine if mine and theirs and mine.casefold() == theirs.casefold() else None


def _neighbourhood(result: Fit, same: str | None, theirs: str | None) -> None:
    """Without a distance, the neighbourhood's name tells whether they live near each other."""
    if same:
        result.add(SAME_NEIGHBOURHOOD, _("Lives in the same neighbourhood (%(name)s).", name=same))
    elif theirs:
        result.reasons.append(_("Lives in another neighbourhood (%(name)s); the distance is not known.",
                                name=theirs))
    else:
        result.reasons.append(_("The distance is not known: an address is not on the map."))


def _preferences(result: Fit, participant: Participant, volunteer: Volunteer) -> None:
    if participant.buddy_gender != "any" and volunteer.gender != participant.buddy_gender:
        result.add(-GENDER_WISH, _("The participant would rather have a buddy of another gender."))
    if volunteer.buddy_gender != "any" and participant.gender != volunteer.buddy_gender:
        result.add(-GENDER_WISH_VOLUNTEER, _("The volunteer would rather be a buddy to someone of another gender."))
    if (participant.minds_smoking and volunteer.smokes) or (volunteer.minds_smoking and participant.smokes):
        result.add(-HABIT, _("One of them smokes and the other minds that."))
    if (participant.minds_pets and volunteer.has_pets) or (volunteer.minds_pets and participant.has_pets):
        result.add(-HABIT, _("One of them has pets and the other cannot be with pets."))


@dataclass(frozen=True)
class Proposal:
    participant_id: int
    volunteer_id: int
    score: float


def best_pairs(scores: dict[tuple[int, int], float], capacity: dict[int, int]) -> list[Proposal]:
    """The most pairs, and among those the highest total score, each volunteer taking at most
    their free capacity. *scores* holds only the pairs that may be proposed."""
    # loaded here, not at the top: the web process never loads SciPy until someone plans pairs
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    participants = sorted({p for p, _v in scores})
    slots = [v for v in sorted(capacity) for _slot in range(max(capacity[v], 0))]
    if not participants or not slots:
        return []
    bonus = 100.0 * min(len(participants), len(slots)) + 1.0  # one more pair outweighs any total score
    weight = np.zeros((len(participants), len(slots)))
    for i, p in enumerate(participants):
        for j, v in enumerate(slots):
            if (p, v) in scores:
                weight[i, j] = bonus + scores[(p, v)]
    rows, cols = linear_sum_assignment(weight, maximize=True)
    pairs = [(participants[i], slots[j]) for i, j in zip(rows, cols, strict=True) if weight[i, j] > 0]
    return sorted((Proposal(p, v, scores[(p, v)]) for p, v in pairs), key=lambda x: (-x.score, x.participant_id))
