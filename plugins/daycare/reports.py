"""What funders of dagbesteding ask for, over a period: participants, sessions held, attendance
rate, care hours (hours present), volunteer hours, absences by reason; per group and in total."""
from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session as Db

from plugins.daycare.models import REASONS, Attendance, Group, Helper, Session
from plugins.daycare.schedule import hours


@dataclass
class Figures:
    name: str = ""
    group_id: int | None = None
    participants: int = 0
    sessions: int = 0
    present: int = 0
    absent: int = 0
    care_hours: Decimal = Decimal(0)
    volunteer_hours: Decimal = Decimal(0)
    absences: dict[str, int] = field(default_factory=lambda: dict.fromkeys(REASONS, 0))

    @property
    def attendance_rate(self) -> float | None:
        """Present of all recorded, 0-1; None when nothing was recorded."""
        recorded = self.present + self.absent
        return round(self.present / recorded, 3) if recorded else None


def _figures(rows: list[tuple[Attendance, Session]], helpers: list[tuple[Helper, Session]], **names) -> Figures:
    figures = Figures(**names)
    figures.participants = len({a.person_id for a, _s in rows if a.status == "present"})
    figures.sessions = len({s.id for _a, s in rows})
    figures.present = sum(1 for a, _s in rows if a.status == "present")
    figures.absent = len(rows) - figures.present
    figures.care_hours = sum((hours(s) for a, s in rows if a.status == "present"), Decimal(0)).quantize(Decimal("0.01"))
    figures.volunteer_hours = sum((h.hours for h, _s in helpers), Decimal(0)).quantize(Decimal("0.01"))
    figures.absences.update(Counter(a.reason for a, _s in rows if a.status == "absent" and a.reason))
    return figures


def _rows(db: Db, first: date, last: date):
    held = (Session.day >= first, Session.day <= last, Session.cancelled.is_(False))
    rows = db.execute(select(Attendance, Session).join(Session, Session.id == Attendance.session_id).where(*held)).all()
    helpers = db.execute(select(Helper, Session).join(Session, Session.id == Helper.session_id).where(*held)).all()
    return [tuple(r) for r in rows], [tuple(h) for h in helpers]


def report(db: Db, first: date, last: date) -> tuple[Figures, list[Figures]]:
    """The totals and each group's figures. A session counts as held when attendance was recorded."""
    rows, helpers = _rows(db, first, last)
    per_group = [_figures([r for r in rows if r[1].group_id == g.id], [h for h in helpers if h[1].group_id == g.id],
                          name=g.name, group_id=g.id)
                 for g in db.scalars(select(Group).order_by(Group.name, Group.id))]
    return _figures(rows, helpers), per_group


def weekly(db: Db, first: date, last: date) -> list[tuple[date, int, int]]:
    """(Monday, present, absent) for every week of the period, for the chart and its table."""
    rows, _helpers = _rows(db, first, last)
    monday = first - timedelta(days=first.weekday())
    weeks = []
    while monday <= last:
        inside = [a for a, s in rows if monday <= s.day < monday + timedelta(days=7)]
        present = sum(1 for a in inside if a.status == "present")
        weeks.append((monday, present, len(inside) - present))
        monday += timedelta(days=7)
    return weeks


def as_csv(total: Figures, per_group: list[Figures], labels: dict[str, str]) -> str:
    """One line per group and one for the total; *labels* are the column headings, translated."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    keys = ["name", "participants", "sessions", "attendance_rate", "care_hours", "volunteer_hours",
            *(f"absent_{reason}" for reason in REASONS)]
    writer.writerow([labels.get(k, k) for k in keys])
    for figures in [*per_group, total]:
        rate = figures.attendance_rate
        writer.writerow([figures.name or labels.get("total", "total"), figures.participants, figures.sessions,
                         "" if rate is None else str(rate).replace(".", ","),
                         str(figures.care_hours).replace(".", ","), str(figures.volunteer_hours).replace(".", ","),
                         *(figures.absences[reason] for reason in REASONS)])
    return out.getvalue()
