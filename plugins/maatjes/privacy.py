"""A person's intake, pairs, contacts and measurements, exported or erased.

Erasing removes the intake with everything hanging from it (pairs, contacts, measurements):
a pair cannot stay without one of its two people, and figures of past months that were
already shared stay as they were shared.
"""
from __future__ import annotations

from sqlalchemy import select

from plugins.maatjes.models import Match, Participant, Volunteer

INTAKE = ("support_question", "interests", "languages", "availability", "gender", "buddy_gender", "smokes",
          "minds_smoking", "has_pets", "minds_pets", "referred_by")


def _intake(row) -> dict:
    values = {name: getattr(row, name) for name in INTAKE}
    return {**values, "waiting_since": row.waiting_since.isoformat()}


def _pair(match: Match) -> dict:
    return {"id": match.id, "status": match.status, "planned_months": match.planned_months,
            "proposed_on": match.proposed_on.isoformat(),
            "introduced_on": match.introduced_on and match.introduced_on.isoformat(),
            "active_on": match.active_on and match.active_on.isoformat(),
            "ended_on": match.ended_on and match.ended_on.isoformat(), "end_reason": match.end_reason,
            "contacts": [{"on": c.on.isoformat(), "kind": c.kind, "minutes": c.minutes, "note": c.note}
                         for c in match.contacts]}


def export(session, person_id: int) -> dict | None:
    participant = session.scalar(select(Participant).where(Participant.person_id == person_id))
    volunteer = session.scalar(select(Volunteer).where(Volunteer.person_id == person_id))
    if participant is None and volunteer is None:
        return None
    result = {}
    if participant is not None:
        pairs = session.scalars(select(Match).where(Match.participant_id == participant.id))
        result["participant"] = {**_intake(participant), "pairs": [_pair(m) for m in pairs],
                                 "loneliness": [{"on": m.on.isoformat(), "answers": m.answers, "score": m.score,
                                                 "emotional": m.emotional, "social": m.social, "level": m.level}
                                                for m in participant.measurements]}
    if volunteer is not None:
        pairs = session.scalars(select(Match).where(Match.volunteer_id == volunteer.id))
        result["volunteer"] = {**_intake(volunteer), "vog_valid_until": volunteer.vog_valid_until and
                               volunteer.vog_valid_until.isoformat(), "trained": volunteer.trained,
                               "max_pairs": volunteer.max_pairs, "max_km": volunteer.max_km,
                               "pairs": [_pair(m) for m in pairs]}
    return result


def erase(session, person_id: int) -> None:
    for kind in (Participant, Volunteer):
        row = session.scalar(select(kind).where(kind.person_id == person_id))
        if row is None:
            continue
        column = Match.participant_id if kind is Participant else Match.volunteer_id
        for match in session.scalars(select(Match).where(column == row.id)):
            session.delete(match)
        session.delete(row)
    session.flush()
