"""Planning as jobs, run by ``noaber worker``: a day, or a week day by day.

The page or API call that starts one answers at once; the worker plans, offers the rides,
mails the drivers and keeps what came of it as the job's result, in the shape the API
answered before planning became a job: ride id → driver id offered, ride id → why not,
kilometres and the gap to the bound.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from core.toolkit import JobKind
from plugins.transport import planning, service
from plugins.transport.destinations import locator
from plugins.transport.models import Ride
from plugins.transport.notify import tell_drivers

PLAN_DAY, PLAN_WEEK = "transport.plan_day", "transport.plan_week"


def plan_day(tenant, session, params, actor, progress) -> dict:
    day = date.fromisoformat(params["day"])
    progress(0, 1)
    result = planning.plan_day(session, service.roads_for(tenant), day, actor, params.get("seconds", 2.0),
                               locate=locator(tenant))
    progress(1, 1)
    _tell(session, tenant, result.assignments)
    return outcome([result])


def plan_week(tenant, session, params, actor, progress) -> dict:
    """Each day is committed when it is planned, so a week stopped halfway keeps its first days."""
    monday = date.fromisoformat(params["monday"])
    progress(0, 7)
    results = planning.plan_week(session, service.roads_for(tenant), monday, actor, locate=locator(tenant),
                                 day_done=progress)
    offered = {ride_id: driver_id for result in results.values() for ride_id, driver_id in result.assignments.items()}
    _tell(session, tenant, offered)
    return outcome(results.values())


def _tell(session, tenant, assignments: dict[int, int]) -> None:
    tell_drivers(session, tenant, [session.get(Ride, ride_id) for ride_id in assignments], "offered")


def outcome(results: Iterable) -> dict:
    """One answer for one or more planned days."""
    results = list(results)
    return {"offered": {str(k): v for r in results for k, v in r.assignments.items()},
            "unplanned": {str(k): v for r in results for k, v in r.unplanned.items()},
            "kilometres": sum(r.kilometres for r in results),
            "gap": max((r.gap for r in results), default=0.0)}


KINDS = [JobKind(PLAN_DAY, plan_day), JobKind(PLAN_WEEK, plan_week)]
