"""Daycare with the rest of noaber: volunteer hours, calendar events, a person's panel, the
figures for coalitions, and a person's data exported and erased."""
from __future__ import annotations

import json
from datetime import datetime, time
from decimal import Decimal

from daycare_town import COORDINATOR, group_data
from sqlalchemy import select

from core.instance import tenant_context
from core.toolkit import TIMEZONE, Month
from plugins.daycare import attendance, groups, privacy, schedule
from plugins.daycare import enrolment as service
from plugins.daycare.metrics import METRICS
from plugins.daycare.models import Attendance, Enrolment


def june(scope, town):
    """A group in June 2030: Riet and Gerrit enrolled, Truus waiting; the first session held."""
    db = scope.session
    group = groups.create(db, group_data("Atelier", coordinator_person_id=town["Wim"]), COORDINATOR)
    riet, gerrit, truus = (service.enrol(db, group, town[n], False, COORDINATOR) for n in ("Riet", "Gerrit", "Truus"))
    for e in (riet, gerrit, truus):  # they joined in May
        e.created_at = datetime(2030, 5, 1 + e.id, tzinfo=TIMEZONE)
        e.waiting_since = e.created_at if e.waiting_since else None
        e.enrolled_at = e.created_at if e.enrolled_at else None
    first = schedule.sessions_between(db, group.id, None, None)[0]
    attendance.record(db, first, [{"person_id": town["Riet"], "status": "present"},
                                  {"person_id": town["Gerrit"], "status": "absent", "reason": "ill",
                                   "note": "griep"}], COORDINATOR)
    attendance.add_helper(db, first, town["Wim"], Decimal("5.5"), COORDINATOR)
    db.flush()
    return group, first, (riet, gerrit, truus)


def test_volunteer_hours_calendar_and_person_panel_through_the_hooks(town, instance, app):
    with tenant_context("de-es", instance) as scope:
        group, first, _ = june(scope, town)
        hooks = scope.instance.hooks(scope.tenant)
        hours = hooks.noaber_volunteer_hours(tenant=scope.tenant, session=scope.session, month=Month(2030, 6))
        assert [(h.person_id, h.kind, h.hours) for h in sum(hours, [])] == [(town["Wim"], "activities", Decimal("5.5"))]
        events = sum(hooks.noaber_calendar_events(
            tenant=scope.tenant, session=scope.session, person_id=town["Wim"],
            start=datetime(2030, 6, 1, tzinfo=TIMEZONE), end=datetime(2030, 6, 12, tzinfo=TIMEZONE)), [])
        assert [(e.uid, e.summary, e.start.time()) for e in events] == [
            (f"daycare-session-{first.id}", "Atelier", time(10)),
            (f"daycare-session-{first.id + 1}", "Atelier", time(10))]  # the coordinator's sessions too
        with app.test_request_context("/t/de-es/"):
            panels = sum(hooks.noaber_person_panels(tenant=scope.tenant, session=scope.session,
                                                    person_id=town["Truus"]), [])
        assert any("Atelier" in str(p.body) and "1" in str(p.body) for p in panels)


def test_the_figures_for_coalitions(town, instance):
    with tenant_context("de-es", instance) as scope:
        group, _first, (riet, _gerrit, truus) = june(scope, town)
        service.end(scope.session, group, riet, "verhuisd", COORDINATOR)
        truus.enrolled_at = datetime(2030, 6, 11, tzinfo=TIMEZONE)  # waited 38 days since 3 May... in June
        values = {m.id: m.compute(scope.tenant, scope.session, Month(2030, 6)) for m in METRICS}
        may = {m.id: m.compute(scope.tenant, scope.session, Month(2030, 5)) for m in METRICS}
    assert (values["daycare.participants"].value, values["daycare.sessions"].value) == (1, 1)
    assert values["daycare.attendance_rate"].value == 50.0
    assert values["daycare.care_hours"].value == 5.0 and values["daycare.volunteer_hours"].value == 5.5
    assert values["daycare.median_waiting_days"].value == (truus.enrolled_at - truus.waiting_since).days
    assert may["daycare.waiting"].value == 1 and values["daycare.waiting"].value == 0


def test_export_and_erase(town, instance):
    with tenant_context("de-es", instance) as scope:
        db = scope.session
        group, first, (riet, _gerrit, truus) = june(scope, town)
        exported = privacy.export(db, town["Gerrit"])
        json.dumps(exported)
        assert exported["attendance"] == [{"group": "Atelier", "date": first.day.isoformat(), "status": "absent",
                                           "reason": "ill", "note": "griep"}]
        assert privacy.export(db, town["Wim"])["volunteering"][0]["hours"] == "5.50"
        assert privacy.export(db, town["Kees"]) is None
        privacy.erase(db, town["Gerrit"])
        gerrit = db.scalar(select(Enrolment).where(Enrolment.person_id == town["Gerrit"]))
        assert (gerrit.status, gerrit.end_reason) == ("ended", "")
        assert truus.status == "enrolled"  # the freed place went to the waiting list
        assert db.scalar(select(Attendance.note).where(Attendance.person_id == town["Gerrit"])) == ""
        privacy.erase(db, town["Truus"])
        privacy.erase(db, town["Wim"])
        assert group.coordinator_person_id is None


def test_erasing_someone_waiting_removes_them_from_the_list(town, instance):
    with tenant_context("de-es", instance) as scope:
        group = groups.create(scope.session, group_data("Vol", capacity=1), COORDINATOR)
        service.enrol(scope.session, group, town["Riet"], False, COORDINATOR)
        service.enrol(scope.session, group, town["Truus"], False, COORDINATOR)
        privacy.erase(scope.session, town["Truus"])
        assert service.waiting_list(scope.session, group.id) == []


def test_the_demos_volunteer_login_helps_at_every_session_held(make_tenant, instance):
    """`noaber demo` signs its volunteer in as the first volunteer with a located address: that person
    is an activity helper too (issue 24, item 6), not only when the dice fall so."""
    import random

    from sqlalchemy import func

    from core.people.models import Address, Person
    from plugins.daycare.models import Helper
    tenant = make_tenant("de-es", plugins=["daycare"])
    with tenant_context("de-es", instance) as scope:
        instance.hooks(tenant).noaber_demo_data(tenant=tenant, session=scope.session, rng=random.Random(11))
        scope.session.commit()
        login = scope.session.scalar(select(Person.id).join(Address, Person.address_id == Address.id)
                                     .where(Person.is_volunteer.is_(True), Address.latitude.is_not(None))
                                     .order_by(Person.id).limit(1))
        helped = scope.session.scalar(select(func.count()).select_from(Helper).where(Helper.person_id == login))
        sessions_helped = scope.session.scalar(select(func.count(func.distinct(Helper.session_id))))
    assert sessions_helped > 0 and helped == sessions_helped
