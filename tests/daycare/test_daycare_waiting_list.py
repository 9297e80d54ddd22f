"""Enrolment and the waiting list: a freed place goes to the first person waiting who is not
booked elsewhere at that time; a person with a conflict keeps their place and is passed over."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from daycare_town import COORDINATOR, MONDAY, group_data, slot
from sqlalchemy import select

from core.audit.models import AuditEvent
from core.instance import tenant_context
from plugins.daycare import enrolment as service
from plugins.daycare import groups
from plugins.daycare.models import Enrolment


def make(scope, name, **more):
    return groups.create(scope.session, group_data(name, **more), COORDINATOR)


def enrol(scope, group, *people):
    made = []
    for person_id in people:
        made.append(service.enrol(scope.session, group, person_id, False, COORDINATOR))
        made[-1].waiting_since = made[-1].waiting_since and made[-1].waiting_since + timedelta(seconds=len(made))
    scope.session.flush()
    return made


def statuses(scope, group):
    rows = scope.session.scalars(select(Enrolment).where(Enrolment.group_id == group.id).order_by(Enrolment.id))
    return [(r.person_id, r.status, service.position(scope.session, r)) for r in rows]


def test_enrolled_until_full_then_waiting_in_order_and_twice_is_a_conflict(town, instance):
    with tenant_context("de-es", instance) as scope:
        group = make(scope, "Creatief")
        enrol(scope, group, town["Riet"], town["Gerrit"], town["Truus"], town["Henk"])
        assert statuses(scope, group) == [(town["Riet"], "enrolled", None), (town["Gerrit"], "enrolled", None),
                                          (town["Truus"], "waiting", 1), (town["Henk"], "waiting", 2)]
        with pytest.raises(service.Conflict):
            service.enrol(scope.session, group, town["Truus"], False, COORDINATOR)


def test_approval_gives_a_place_or_the_waiting_list(town, instance):
    with tenant_context("de-es", instance) as scope:
        group = make(scope, "Koken", capacity=1, requires_approval=True)
        first, second = enrol(scope, group, town["Riet"], town["Gerrit"])
        assert (first.status, second.status) == ("pending_approval", "pending_approval")
        service.approve(scope.session, group, first, COORDINATOR)
        service.approve(scope.session, group, second, COORDINATOR)
        assert (first.status, second.status) == ("enrolled", "waiting")
        with pytest.raises(service.Conflict):
            service.approve(scope.session, group, first, COORDINATOR)


def test_a_freed_place_passes_over_who_is_booked_elsewhere_at_that_time(town, instance):
    with tenant_context("de-es", instance) as scope:
        tuesday = make(scope, "Dinsdag", capacity=1)
        tuesday_noon = make(scope, "Dinsdagmiddag", capacity=1, schedule=[slot(1, (14, 0), (16, 0))])
        wednesday = make(scope, "Woensdag", capacity=1, schedule=[slot(2, (10, 0), (15, 0))])
        enrol(scope, tuesday_noon, town["Truus"])  # Truus is busy on Tuesday 14-16
        enrol(scope, wednesday, town["Henk"])      # Henk only on Wednesday: no conflict
        riet, truus, henk = enrol(scope, tuesday, town["Riet"], town["Truus"], town["Henk"])
        outcome = service.end(scope.session, tuesday, riet, "verhuisd", COORDINATOR)
        assert outcome.promoted == [henk] and henk.promoted_at is not None
        assert (truus.status, service.position(scope.session, truus)) == ("waiting", 1)
        actions = [(e.action, e.person_id) for e in scope.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
                   if e.action in ("daycare.promoted", "daycare.passed_over")]
        assert actions == [("daycare.passed_over", town["Truus"]), ("daycare.promoted", town["Henk"])]


def test_touching_times_and_other_periods_are_no_conflict(town, instance):
    with tenant_context("de-es", instance) as scope:
        morning = make(scope, "Ochtend", capacity=1, schedule=[slot(1, (9, 0), (10, 0))])
        later = make(scope, "Volgend jaar", capacity=1, starts_on=MONDAY + timedelta(days=400))
        enrol(scope, morning, town["Truus"])
        enrol(scope, later, town["Gerrit"])
        group = make(scope, "Dinsdag", capacity=1, ends_on=MONDAY + timedelta(days=300))
        riet, truus, gerrit = enrol(scope, group, town["Riet"], town["Truus"], town["Gerrit"])
        assert service.conflicting_group(scope.session, town["Truus"], group) is None  # 9-10 touches 10-15
        assert service.conflicting_group(scope.session, town["Gerrit"], group) is None  # periods apart
        assert service.end(scope.session, group, riet, "ziek", COORDINATOR).promoted == [truus]


def test_raising_the_capacity_promotes_as_many_as_fit(town, instance):
    with tenant_context("de-es", instance) as scope:
        group = make(scope, "Wandelen", capacity=1)
        _riet, gerrit, truus, henk = enrol(scope, group, town["Riet"], town["Gerrit"], town["Truus"], town["Henk"])
        promoted = groups.change(scope.session, group, {"capacity": 3}, COORDINATOR)
        assert promoted == [gerrit, truus] and henk.status == "waiting"
        assert service.position(scope.session, henk) == 1


def test_in_one_transaction_a_person_promoted_in_one_group_is_passed_over_in_the_other(town, instance):
    """Two places free at once, in two groups that meet at the same time: Truus, first on both lists,
    gets the first; for the second she is booked now, and the next one waiting gets it."""
    with tenant_context("de-es", instance) as scope:
        a, b = make(scope, "A", capacity=1), make(scope, "B", capacity=1)
        (riet,) = enrol(scope, a, town["Riet"])
        (gerrit,) = enrol(scope, b, town["Gerrit"])
        truus_a, = enrol(scope, a, town["Truus"])
        truus_b, henk_b = enrol(scope, b, town["Truus"], town["Henk"])
        service.end(scope.session, a, riet, "verhuisd", COORDINATOR)
        service.end(scope.session, b, gerrit, "verhuisd", COORDINATOR)
        scope.session.commit()
        assert (truus_a.status, truus_b.status, henk_b.status) == ("enrolled", "waiting", "enrolled")


def test_ending_the_booking_elsewhere_lets_the_person_have_the_place_they_were_passed_over_for(town, instance):
    with tenant_context("de-es", instance) as scope:
        a, b = make(scope, "A", capacity=1), make(scope, "B", capacity=1)
        (truus_b,) = enrol(scope, b, town["Truus"])
        riet, truus_a = enrol(scope, a, town["Riet"], town["Truus"])
        assert service.end(scope.session, a, riet, "verhuisd", COORDINATOR).promoted == []
        assert truus_a.status == "waiting" and service.free_places(scope.session, a) == 1
        outcome = service.end(scope.session, b, truus_b, "liever groep A", COORDINATOR)
        assert outcome.promoted == [truus_a] and truus_a.status == "enrolled"


def test_a_newcomer_takes_a_place_that_everyone_waiting_was_passed_over_for(town, instance):
    with tenant_context("de-es", instance) as scope:
        a, b = make(scope, "A", capacity=1), make(scope, "B", capacity=1)
        enrol(scope, b, town["Truus"])
        riet, truus_a = enrol(scope, a, town["Riet"], town["Truus"])
        service.end(scope.session, a, riet, "verhuisd", COORDINATOR)
        (henk,) = enrol(scope, a, town["Henk"])
        assert (henk.status, truus_a.status) == ("enrolled", "waiting")


def test_an_ended_enrolment_can_end_once_and_the_person_can_enrol_again(town, instance):
    with tenant_context("de-es", instance) as scope:
        group = make(scope, "A", capacity=1)
        (riet,) = enrol(scope, group, town["Riet"])
        service.end(scope.session, group, riet, "verhuisd", COORDINATOR)
        with pytest.raises(service.Conflict):
            service.end(scope.session, group, riet, "nog eens", COORDINATOR)
        assert enrol(scope, group, town["Riet"])[0].status == "enrolled"


def test_two_enrolments_at_the_same_moment_never_overfill_a_group(town, instance):
    """Two requests, each in its own transaction, each seeing one free place: the group's row lock
    makes the second wait and count again, so it goes on the waiting list."""
    with tenant_context("de-es", instance) as scope:
        group_id = make(scope, "Eén plek", capacity=1).id
        scope.session.commit()
    barrier, results = threading.Barrier(2), {}

    def request(name):
        with tenant_context("de-es", instance) as scope:
            barrier.wait()
            group = service.locked_group(scope.session, group_id)
            made = service.enrol(scope.session, group, town[name], False, COORDINATOR)
            results[name] = made.status
            scope.session.commit()
    threads = [threading.Thread(target=request, args=(name,)) for name in ("Riet", "Gerrit")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results.values()) == ["enrolled", "waiting"]
