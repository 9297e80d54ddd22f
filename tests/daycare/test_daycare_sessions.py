"""Sessions from the weekly schedule over the group's period; regenerated when the schedule
changes (keeping sessions with attendance), a holiday cancelled, an extra one-off added."""
from __future__ import annotations

from datetime import time, timedelta

import pytest
from daycare_town import COORDINATOR, MONDAY, group_data, slot
from sqlalchemy import select

from core.instance import tenant_context
from core.toolkit import NoaberError
from plugins.daycare import attendance, groups, schedule
from plugins.daycare import enrolment as service
from plugins.daycare.models import Session


def days(scope, group):
    return [(s.day, s.starts.hour, s.cancelled, s.extra)
            for s in schedule.sessions_between(scope.session, group.id, None, None)]


def test_sessions_follow_the_schedule_within_the_period(town, instance):
    with tenant_context("de-es", instance) as scope:
        group = groups.create(scope.session, group_data(
            "Twee keer", schedule=[slot(1, (10, 0), (12, 0)), slot(3, (13, 0), (16, 0))],
            ends_on=MONDAY + timedelta(days=13)), COORDINATOR)
        tuesday, thursday = MONDAY + timedelta(days=1), MONDAY + timedelta(days=3)
        assert days(scope, group) == [(tuesday, 10, False, False), (thursday, 13, False, False),
                                      (tuesday + timedelta(7), 10, False, False),
                                      (thursday + timedelta(7), 13, False, False)]
        assert schedule.make_sessions(scope.session, group, 13) == 0  # made once


def test_an_open_ended_group_gets_the_weeks_ahead_the_setting_says(town, instance):
    with tenant_context("de-es", instance) as scope:
        group = groups.create(scope.session, group_data("Open"), COORDINATOR)
        assert len(days(scope, group)) == 13


def test_a_new_schedule_keeps_sessions_with_attendance_holidays_and_one_offs(town, instance):
    with tenant_context("de-es", instance) as scope:
        db = scope.session
        group = groups.create(db, group_data("Wisselend", ends_on=MONDAY + timedelta(days=20)), COORDINATOR)
        first, second, third = schedule.sessions_between(db, group.id, None, None)
        riet = service.enrol(db, group, town["Riet"], False, COORDINATOR)
        attendance.record(db, first, [{"person_id": riet.person_id, "status": "present"}], COORDINATOR)
        groups.cancel_session(db, second, COORDINATOR)
        extra = schedule.add_extra(db, group, MONDAY + timedelta(days=5), time(10), time(12))
        with pytest.raises(NoaberError):
            schedule.add_extra(db, group, MONDAY + timedelta(days=5), time(10), time(11))
        groups.change(db, group, {"slots": [slot(2, (10, 0), (15, 0))]}, COORDINATOR)
        kept = {s.id for s in db.scalars(select(Session))}
        assert {first.id, extra.id} <= kept and third.id not in kept and second.id not in kept
        wednesdays = [d for d, *_ in days(scope, group) if d.weekday() == 2]
        assert wednesdays == [MONDAY + timedelta(days=2 + 7 * n) for n in range(3)]
        groups.change(db, group, {"slots": [slot(1, (10, 0), (15, 0))]}, COORDINATOR)
        assert [d for d, *_ in days(scope, group) if d.weekday() == 2] == []


def test_a_schedule_or_period_that_makes_no_sense_is_refused(town, instance):
    with tenant_context("de-es", instance) as scope:
        with pytest.raises(NoaberError):
            groups.create(scope.session, group_data("Omgekeerd", schedule=[slot(1, (15, 0), (10, 0))]), COORDINATOR)
        with pytest.raises(NoaberError):
            groups.create(scope.session, group_data("Kort", ends_on=MONDAY - timedelta(days=1)), COORDINATOR)
