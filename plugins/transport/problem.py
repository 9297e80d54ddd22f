"""A day's planning problem as plain values: the open rides, the drivers, and the rules
that say which driver can do which ride (``Problem.why_not``), with no database.

The planner (``planner.py``) plans them, the synthetic days (``synthetic.py``) make
them, and the suggestions for one ride (``suggest.py``) rank drivers on them; all import
them from here, and this module imports no NumPy or compiled code, so the web process can.
``planner`` imports them again, so ``from plugins.transport.planner import PlanRide,
PlanDriver, Problem`` goes on working.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from plugins.transport.geo import Point, Roads

#: what a ride weighs, in kilometres, for each ride the driver already drove this month (so
#: work spreads over the volunteers); here, with no compiled code, so that the web process's
#: suggestions for one ride (``suggest.py``) weigh drivers as the planner (``chains.py``) does
FAIR_KM_PER_RIDE = 0.2


@dataclass(frozen=True)
class PlanRide:
    id: int
    rider_id: int
    pickup: Point
    destination: Point
    #: when the driver picks the rider up
    start: datetime
    aid: str = "none"
    #: seats for the rider and a companion
    seats: int = 1


@dataclass(frozen=True)
class PlanDriver:
    id: int
    home: Point
    #: the aids this driver's car takes ("none" always)
    takes: frozenset[str] = frozenset({"none", "walker"})
    seats: int = 3
    #: the farthest from home this driver wants to pick someone up, in km
    max_km: float = 15.0
    #: when the driver can drive this day: (from, until) pairs
    available: tuple[tuple[datetime, datetime], ...] = ()
    on_leave: bool = False
    checks_valid: bool = True
    rides_this_month: int = 0
    past_riders: frozenset[int] = frozenset()


@dataclass
class Problem:
    rides: list[PlanRide]
    drivers: list[PlanDriver]
    roads: Roads = field(default_factory=Roads)

    def end(self, ride: PlanRide) -> datetime:
        return ride.start + self.roads.travel(ride.pickup, ride.destination) + 2 * self.roads.boarding

    def trip_km(self, ride: PlanRide, driver: PlanDriver) -> float:
        roads = self.roads
        return roads.km(driver.home, ride.pickup) + roads.km(ride.pickup, ride.destination) + \
            roads.km(ride.destination, driver.home)

    def why_not(self, ride: PlanRide, driver: PlanDriver) -> str | None:
        """None if *driver* can do *ride* on its own; else the first reason why not."""
        if not driver.checks_valid:
            return "checks_expired"
        if driver.on_leave:
            return "on_leave"
        if ride.aid not in driver.takes or ride.seats > driver.seats:
            return "not_capable"
        if self.roads.km(driver.home, ride.pickup) > driver.max_km:
            return "too_far"
        leave = ride.start - self.roads.travel(driver.home, ride.pickup)
        back = self.end(ride) + self.roads.travel(ride.destination, driver.home)
        if not any(start <= leave and back <= until for start, until in driver.available):
            return "not_available"
        return None

    def cost(self, ride: PlanRide, driver: PlanDriver) -> float:
        return self.trip_km(ride, driver) + FAIR_KM_PER_RIDE * driver.rides_this_month
