"""Planning a day or a week: standing orders first extended, then the planner, then the offers.

This runs in ``noaber worker`` (``jobs.py``), never in a web request: the planner's solver
and compiled kernels are imported by ``plan_day`` when it runs, so that the web process,
which imports this module for its routes, does not load them.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.toolkit import TIMEZONE
from plugins.transport import service
from plugins.transport.geo import Roads
from plugins.transport.models import Driver
from plugins.transport.series import extend, extend_ahead


def plan_day(session: Session, roads: Roads, day: date, actor: str, time_limit: float = 2.0, locate=None):
    """Plan every requested ride of *day*; offer each planned ride to its driver.

    Standing orders are first extended from that day on, so their rides are there to plan;
    destinations not found when their ride was taken are looked for again (*locate*); a ride
    whose destination is still not found is left, with that reason.
    """
    from plugins.transport.planner import plan  # the solver and compiled code: the worker's, not the web's
    extend(session, roads, day, day, actor)
    extend_ahead(session, roads, datetime.now(TIMEZONE).date(), actor)
    if locate is not None:
        service.find_destinations(session, roads, day, locate)
    rides = service.rides_on(session, day, ("requested",))
    busy = service.rides_on(session, day, ("offered", "planned"))
    problem = service.problem_for(session, roads, day, rides)
    problem = service.with_busy_drivers(problem, busy, roads)
    result = plan(problem, time_limit=time_limit)
    by_id = {ride.id: ride for ride in rides}
    drivers = {d.id: d for d in session.scalars(select(Driver))}
    for ride_id, driver_id in result.assignments.items():
        service.offer(by_id[ride_id], drivers[driver_id], actor)
    result.unplanned.update({ride.id: "destination_unknown" for ride in rides if not ride.located})
    return result


def plan_week(session: Session, roads: Roads, monday: date, actor: str, time_limit: float = 2.0,
              locate=None, day_done: Callable[[int, int], None] | None = None) -> dict:
    """Plan the seven days from *monday*, one after the other: ``{day: result}``.

    Rides never cross midnight, so the days are independent problems; planning them in
    order lets each day's fairness term see the rides offered on the days before.
    *day_done(n, 7)*, when given, is called after each day (a job commits there and says
    how far it got).
    """
    results = {}
    for n in range(7):
        day = monday + timedelta(days=n)
        results[day] = plan_day(session, roads, day, actor, time_limit, locate)
        if day_done is not None:
            day_done(n + 1, 7)
    return results
