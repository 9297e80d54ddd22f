"""A person's enrolments, waiting-list places, attendance and volunteering, exported or erased.

Erasing keeps what past figures need (who was there, hours given: core keeps the person's row
without anything that identifies them) and drops the rest."""
from __future__ import annotations

from sqlalchemy import delete, select

from core.toolkit import Actor
from plugins.daycare import rides
from plugins.daycare.enrolment import end, locked_group
from plugins.daycare.models import Attendance, Enrolment, Group, Helper, Session


def export(db, person_id: int) -> dict | None:
    enrolments = db.scalars(select(Enrolment).where(Enrolment.person_id == person_id).order_by(Enrolment.id)).all()
    present = db.execute(select(Attendance, Session).join(Session, Session.id == Attendance.session_id)
                         .where(Attendance.person_id == person_id).order_by(Session.day)).all()
    helped = db.execute(select(Helper, Session).join(Session, Session.id == Helper.session_id)
                        .where(Helper.person_id == person_id).order_by(Session.day)).all()
    coordinates = db.scalars(select(Group.name).where(Group.coordinator_person_id == person_id)).all()
    if not (enrolments or present or helped or coordinates):
        return None
    return {"enrolments": [{"group": e.group.name, "status": e.status, "needs_transport": e.needs_transport,
                            "waiting_since": e.waiting_since.isoformat() if e.waiting_since else None,
                            "enrolled_at": e.enrolled_at.isoformat() if e.enrolled_at else None,
                            "ended_on": e.ended_on.isoformat() if e.ended_on else None,
                            "end_reason": e.end_reason} for e in enrolments],
            "attendance": [{"group": s.group.name, "date": s.day.isoformat(), "status": a.status,
                            "reason": a.reason, "note": a.note} for a, s in present],
            "volunteering": [{"group": s.group.name, "date": s.day.isoformat(), "hours": str(h.hours),
                              "costs": str(h.costs) if h.costs is not None else None,
                              "costs_description": h.costs_description,
                              "km": str(h.km) if h.km is not None else None} for h, s in helped],
            "coordinator_of": list(coordinates)}


def erase(db, person_id: int) -> None:
    """Waiting-list places and enrolments waiting for approval go; a place held ends (its open rides
    are cancelled, the place goes to the waiting list) and keeps its dates for past figures;
    attendance keeps present or absent and its reason, without the note in words."""
    erasure = Actor("system", "privacy erasure")
    db.execute(delete(Enrolment).where(Enrolment.person_id == person_id,
                                       Enrolment.status.in_(("waiting", "pending_approval"))))
    for enrolment in db.scalars(select(Enrolment).where(Enrolment.person_id == person_id)).all():
        rides.cancel(db, enrolment.id, None, "person erased")
        if enrolment.status == "enrolled":
            end(db, locked_group(db, enrolment.group_id), enrolment, "", erasure)
        enrolment.end_reason = ""
    for row in db.scalars(select(Attendance).where(Attendance.person_id == person_id)):
        row.note = ""
    for group in db.scalars(select(Group).where(Group.coordinator_person_id == person_id)):
        group.coordinator_person_id = None
    db.flush()
