"""A person's intake, pairs, contacts and measurements, exported or erased.

Erasing keeps what past figures need and nothing that says who someone is or how they feel:
the pairs stay with their dates, status and reason, and contacts with date, kind and minutes;
the intake's answers, the notes and the loneliness measurements go. An open pair ends that
day (reason "other"), and the person leaves the programme, so they are on no waiting list.
"""
from __future__ import annotations

from sqlalchemy import delete, select

from plugins.maatjes import service
from plugins.maatjes.models import OPEN, Match, Measurement, Participant, Volunteer

INTAKE = ("support_question", "interests", "languages", "availability", "gender", "buddy_gender", "smokes",
          "minds_smoking", "has_pets", "minds_pets", "referred_by")
BLANK = {"support_question": "", "interests": [], "languages": [], "availability": [], "gender": "",
         "buddy_gender": "any", "smokes": False, "minds_smoking": False, "has_pets": False, "minds_pets": False,
         "referred_by": "other"}


def _day(value):
    return value.isoformat() if value else None


def _intake(row) -> dict:
    return {**{name: getattr(row, name) for name in INTAKE}, "waiting_since": _day(row.waiting_since),
            "left_on": _day(row.left_on), "left_reason": row.left_reason}


def _pair(match: Match) -> dict:
    return {"id": match.id, "status": match.status, "planned_months": match.planned_months,
            "proposed_on": _day(match.proposed_on), "introduced_on": _day(match.introduced_on),
            "active_on": _day(match.active_on), "ended_on": _day(match.ended_on), "end_reason": match.end_reason,
            "contacts": [{"on": _day(c.on), "kind": c.kind, "minutes": c.minutes, "note": c.note,
                          "costs": str(c.costs) if c.costs is not None else None,
                          "km": str(c.km) if c.km is not None else None}
                         for c in match.contacts]}


def _measurement(m: Measurement) -> dict:
    return {"on": _day(m.on), "answers": m.answers, "score": m.score, "emotional": m.emotional, "social": m.social,
            "level": m.level}


def _rows(session, person_id: int):
    for kind, column in ((Participant, Match.participant_id), (Volunteer, Match.volunteer_id)):
        row = session.scalar(select(kind).where(kind.person_id == person_id))
        if row is not None:
            yield row, list(session.scalars(select(Match).where(column == row.id).order_by(Match.id)))


def export(session, person_id: int) -> dict | None:
    result = {}
    for row, pairs in _rows(session, person_id):
        if isinstance(row, Participant):
            result["participant"] = {**_intake(row), "pairs": [_pair(m) for m in pairs],
                                     "loneliness": [_measurement(m) for m in row.measurements]}
        else:
            result["volunteer"] = {**_intake(row), "vog_valid_until": _day(row.vog_valid_until),
                                   "trained": row.trained, "max_pairs": row.max_pairs, "max_km": row.max_km,
                                   "pairs": [_pair(m) for m in pairs]}
    return result or None


def erase(session, person_id: int) -> None:
    today = service.today()
    for row, pairs in _rows(session, person_id):
        for name, value in BLANK.items():
            setattr(row, name, value)
        if row.left_on is None:
            row.left_on, row.left_reason = today, "other"
        if isinstance(row, Participant):
            session.execute(delete(Measurement).where(Measurement.participant_id == row.id))
            session.expire(row, ["measurements"])
        else:
            row.vog_valid_until, row.trained = None, False
        for match in pairs:
            _close(match, today)
    session.flush()


def _close(match: Match, today) -> None:
    for contact in match.contacts:
        contact.note = ""
    if match.status in OPEN:
        match.status, match.end_reason = "ended", "other"
        match.ended_on = max(today, service.last_step(match))
