"""Who was there: attendance per session (late entry allowed), and volunteers with their hours."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session as Db

from core.toolkit import Actor, NoaberError, audit, utcnow
from plugins.daycare import rides
from plugins.daycare.enrolment import Conflict
from plugins.daycare.models import Attendance, Enrolment, Helper, Session
from plugins.daycare.schedule import ends_at, starts_at


class NotEnrolled(NoaberError):
    """Attendance for someone not enrolled in the group on that day (a 422 at the person)."""

    def __init__(self, index: int, message: str):
        super().__init__(message)
        self.index = index


def enrolments_on(db: Db, s: Session) -> dict[int, Enrolment]:
    """Who was enrolled in the session's group on its day: with a place by its end, and not
    ended before it (late entry of an ended enrolment's past sessions is allowed)."""
    rows = db.scalars(select(Enrolment).where(
        Enrolment.group_id == s.group_id,
        or_(Enrolment.status == "enrolled", (Enrolment.status == "ended") & (Enrolment.ended_on >= s.day)),
        Enrolment.enrolled_at <= ends_at(s)).order_by(Enrolment.id))
    return {e.person_id: e for e in rows}


def record(db: Db, s: Session, entries: list[dict], actor: Actor) -> list[Attendance]:
    """Write the sheet's lines (each person once); an absence in advance cancels that person's ride."""
    if s.cancelled:
        raise Conflict("this session is cancelled")
    enrolled = enrolments_on(db, s)
    for index, entry in enumerate(entries):
        if entry["person_id"] not in enrolled:
            raise NotEnrolled(index, "this person is not enrolled in this group")
    existing = {a.person_id: a for a in db.scalars(select(Attendance).where(Attendance.session_id == s.id))}
    ahead = starts_at(s) > utcnow()
    for entry in entries:
        row = existing.get(entry["person_id"]) or Attendance(session_id=s.id, person_id=entry["person_id"])
        row.status, row.reason, row.note = entry["status"], entry.get("reason"), entry.get("note") or ""
        row.recorded_at = utcnow()
        db.add(row)
        existing[row.person_id] = row
        enrolment = enrolled[entry["person_id"]]
        if ahead and row.status == "absent":
            rides.cancel(db, enrolment.id, s.id, f"absent: {row.reason}")
        elif ahead:
            rides.ask_again(db, enrolment, s)
        audit(db, actor.actor, "daycare.attendance", row.person_id, actor.via, f"session {s.id}: {row.status}")
    db.flush()
    return sorted(existing.values(), key=lambda a: a.person_id)


def sheet(db: Db, s: Session) -> list[Attendance]:
    return list(db.scalars(select(Attendance).where(Attendance.session_id == s.id).order_by(Attendance.person_id)))


def add_helper(db: Db, s: Session, person_id: int, hours: Decimal, actor: Actor) -> Helper:
    if db.scalar(select(Helper.id).where(Helper.session_id == s.id, Helper.person_id == person_id)) is not None:
        raise Conflict("this volunteer is at this session already")
    helper = Helper(session_id=s.id, person_id=person_id, hours=hours)
    db.add(helper)
    db.flush()
    audit(db, actor.actor, "daycare.volunteered", person_id, actor.via, f"session {s.id}")
    return helper


def helpers(db: Db, s: Session) -> list[Helper]:
    return list(db.scalars(select(Helper).where(Helper.session_id == s.id).order_by(Helper.id)))
