"""Planning a day or a week: standing orders first extended, then the planner, then the offers."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.toolkit import TIMEZONE
from plugins.transport import service
from plugins.transport.geo import Roads
from plugins.transport.models import Driver
from plugins.transport.planner import plan
from plugins.transport.series import extend, extend_ahead


def plan_day(session: Session, roads: Roads, day: date, actor: str, time_limit: float = 2.0, locate=None):
    """Plan every requested ride of *day*; offer each planned ride to its driver.

    Standing orders are first extended from that day on, so their rides are there to plan;
    destinations not found when their ride was taken are looked for again (*locate*); a ride
    whose destination is still not found is left, with that reason.
    """
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
              locate=None) -> dict:
    """Plan the seven days from *monday*, one after the other: ``{day: result}``.

    Rides never cross midnight, so the days are independent problems; planning them in
    order lets each day's fairness term see the rides offered on the days before.
    """
    return {day: plan_day(session, roads, day, actor, time_limit, locate)
            for day in (monday + timedelta(days=n) for n in range(7))}
