"""Daycare's part in the cross-plugin hooks: volunteer hours, calendar events, a person's panel,
the home panel."""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time
from decimal import Decimal

from markupsafe import Markup
from sqlalchemy import select

from core.toolkit import TIMEZONE, CalendarEvent, VolunteerHours, _l, render_fragment
from plugins.daycare.enrolment import free_places, position, waiting_list
from plugins.daycare.models import Attendance, Enrolment, Group, Helper, Session
from plugins.daycare.schedule import ends_at, starts_at, today


def hours(db, month) -> list[VolunteerHours]:
    """Hours volunteers gave at sessions held in *month* (kind ``activities``)."""
    rows = db.execute(select(Helper.person_id, Helper.hours).join(Session, Session.id == Helper.session_id)
                      .where(Session.day >= month.start.date(), Session.day < month.end.date(),
                             Session.cancelled.is_(False))).all()
    total: dict[int, Decimal] = defaultdict(Decimal)
    for person_id, given in rows:
        total[person_id] += given
    return [VolunteerHours(person_id, "activities", given, _l("Day activities"))
            for person_id, given in sorted(total.items())]


def events(db, person_id: int, start: datetime, end: datetime) -> list[CalendarEvent]:
    """The sessions a person volunteers at, and those of the groups they coordinate."""
    first, last = start.astimezone(TIMEZONE).date(), end.astimezone(TIMEZONE).date()
    helping = db.scalars(select(Session).join(Helper, Helper.session_id == Session.id)
                         .where(Helper.person_id == person_id, Session.day >= first, Session.day <= last))
    leading = db.scalars(select(Session).join(Group, Group.id == Session.group_id)
                         .where(Group.coordinator_person_id == person_id, Session.day >= first, Session.day <= last))
    sessions = {s.id: s for s in [*helping, *leading]}
    return [CalendarEvent(f"daycare-session-{s.id}", s.group.name, starts_at(s), ends_at(s),
                          location=s.group.location_text, cancelled=s.cancelled)
            for s in sorted(sessions.values(), key=lambda s: (s.day, s.starts))]


def person_panel(db, person_id: int):
    """Their groups (with their place on a waiting list) and their attendance, or None."""
    enrolments = db.scalars(select(Enrolment).where(Enrolment.person_id == person_id).order_by(Enrolment.id)).all()
    if not enrolments:
        return None
    rows = db.execute(select(Attendance.status, Attendance.reason).where(Attendance.person_id == person_id)).all()
    present = sum(1 for status, _reason in rows if status == "present")
    return render_fragment("daycare/person_panel.html", enrolments=enrolments,
                           positions={e.id: position(db, e) for e in enrolments}, present=present,
                           absent=len(rows) - present)


def home_panel(db) -> Markup:
    groups = db.scalars(select(Group).where((Group.ends_on.is_(None)) | (Group.ends_on >= today()))
                        .order_by(Group.name)).all()
    coming = db.scalars(select(Session).where(Session.day == today(), Session.cancelled.is_(False))
                        .order_by(Session.starts)).all()
    return render_fragment("daycare/home_panel.html", groups=groups, today=coming,
                           free={g.id: free_places(db, g) for g in groups},
                           waiting={g.id: len(waiting_list(db, g.id)) for g in groups}, noon=time(12))
