"""Drivers for one ride, best first, with the reasons a coordinator weighs.

Plain Python on the day's values (``problem.py``), with no NumPy, solver or compiled code:
the ride's page asks for these in the web process, while planning a day runs in the worker.
"""
from __future__ import annotations

from plugins.transport.problem import PlanRide, Problem


def free(problem: Problem, trips, ride: PlanRide) -> bool:
    """Whether a driver whose day holds *trips* (start, end, ride) can also drive *ride*: no
    overlap, and time to get from one drop-off to the next pickup."""
    end = problem.end(ride)
    for start, finish, other in trips:
        if start < end and ride.start < finish:
            return False
        if finish <= ride.start < finish + problem.roads.travel(other.destination, ride.pickup):
            return False
        if end <= start < end + problem.roads.travel(ride.destination, other.pickup):
            return False
    return True


def suggestions(problem: Problem, ride: PlanRide, busy: dict[int, list[PlanRide]] | None = None, limit: int = 5):
    """Drivers for one ride, best first, each with the reasons a coordinator weighs."""
    busy = busy or {}
    ranked = []
    for driver in problem.drivers:
        reason = problem.why_not(ride, driver)
        if reason is not None:
            continue
        trips = [(r.start, problem.end(r), r) for r in busy.get(driver.id, [])]
        if not free(problem, trips, ride):
            continue
        km_to = problem.roads.km(driver.home, ride.pickup)
        reasons = {"available": True, "capable": ride.aid, "km_from_home": round(km_to, 1),
                   "rides_this_month": driver.rides_this_month, "knows_rider": ride.rider_id in driver.past_riders}
        score = problem.cost(ride, driver) - (5.0 if reasons["knows_rider"] else 0.0)
        ranked.append((score, driver.id, reasons))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [(driver_id, reasons) for _score, driver_id, reasons in ranked[:limit]]
