"""The figures daycare shares with coalitions, per month (``noaber_metrics``).

A session belongs to the month of its day. Every value comes with the distinct people behind it
(participants, volunteers, people waiting), so that disclosure control can suppress a month in
which too few took part.
"""
from __future__ import annotations

from datetime import timedelta
from statistics import median

from sqlalchemy import or_, select

from core.toolkit import Measure, Metric, _l
from plugins.daycare.models import Enrolment
from plugins.daycare.reports import report
from plugins.daycare.together import hours


def _figures(session, month):
    total, _groups = report(session, month.first_day, month.next().first_day - timedelta(days=1))
    return total


def _participants(_tenant, session, month):
    total = _figures(session, month)
    return Measure(total.participants, total.participants)


def _sessions(_tenant, session, month):
    total = _figures(session, month)
    return Measure(total.sessions, total.participants)


def _rate(_tenant, session, month):
    total = _figures(session, month)
    rate = total.attendance_rate
    return Measure(0.0 if rate is None else round(rate * 100, 1), total.participants)


def _care_hours(_tenant, session, month):
    total = _figures(session, month)
    return Measure(float(total.care_hours), total.participants)


def _volunteer_hours(_tenant, session, month):
    given = hours(session, month)
    return Measure(float(sum(h.hours for h in given)), len(given))


def _waiting_at_end(session, month) -> list[Enrolment]:
    """Who was on a waiting list at the month's last moment."""
    end = month.end
    return list(session.scalars(select(Enrolment).where(
        Enrolment.waiting_since < end,
        or_(Enrolment.status == "waiting", Enrolment.enrolled_at >= end,
            (Enrolment.enrolled_at.is_(None)) & (Enrolment.ended_on >= end.date())))))


def _waiting(_tenant, session, month):
    people = {e.person_id for e in _waiting_at_end(session, month)}
    return Measure(len(people), len(people))


def _median_wait(_tenant, session, month):
    """Days from joining the waiting list to a place, of those who got one in the month."""
    placed = session.scalars(select(Enrolment).where(Enrolment.waiting_since.is_not(None),
                                                     Enrolment.enrolled_at >= month.start,
                                                     Enrolment.enrolled_at < month.end)).all()
    days = [(e.enrolled_at - e.waiting_since).days for e in placed]
    return Measure(float(median(days)) if days else 0.0, len({e.person_id for e in placed}))


METRICS = [
    Metric("daycare.participants", _l("Day activities participants"), "persons", "persons", _participants,
           description=_l("People present at a day activity at least once.")),
    Metric("daycare.sessions", _l("Day activities held"), "sessions", "events", _sessions,
           unit_label=_l("sessions"), description=_l("Sessions with attendance recorded.")),
    Metric("daycare.attendance_rate", _l("Day activities attendance rate"), "percent", "quantity", _rate,
           aggregation="mean", unit_label=_l("percent"),
           description=_l("Of everyone expected, the share that was there.")),
    Metric("daycare.care_hours", _l("Day activities care hours"), "hours", "quantity", _care_hours,
           description=_l("Hours present, added up over the participants.")),
    Metric("daycare.volunteer_hours", _l("Day activities volunteer hours"), "hours", "quantity", _volunteer_hours,
           description=_l("Hours volunteers gave at day activities.")),
    Metric("daycare.waiting", _l("People waiting for day activities"), "persons", "persons", _waiting,
           aggregation="sum", description=_l("People on a waiting list at the end of the month.")),
    Metric("daycare.median_waiting_days", _l("Median wait for day activities"), "days", "quantity", _median_wait,
           aggregation="mean", unit_label=_l("days"),
           description=_l("Days from the waiting list to a place, of those who got one in the month.")),
]
