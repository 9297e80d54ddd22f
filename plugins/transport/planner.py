"""Planning rides: which volunteer drives whom, at the lowest total cost.

The day's open rides and the drivers are plain values here (no database), so the planner
can be tested and measured on its own. It solves an assignment with time conflicts as a
mixed-integer programme with SciPy's HiGHS, under a time limit, and reports the gap between
its solution and the best bound HiGHS proved:

    minimise   Σ cost[r,d]·x[r,d]  +  UNPLANNED·Σ u[r]  +  BUSY·Σ y[d]
    subject to Σ_d x[r,d] + u[r] = 1                        every ride planned or reported
               Σ_{r∈C} x[r,d] ≤ 1                           C: rides that overlap in time, or with too
                                                            little time to drive between them
               Σ_r x[r,d] − y[d] ≤ FAIR_RIDES_PER_DAY        rides beyond a fair day cost extra
               x, u binary; y ≥ 0

cost[r,d] = kilometres from the driver's home to the pickup, to the destination and home
again (what the driver is reimbursed), plus a fairness term for the rides the driver already
made this month. Only pairs that are possible get a variable: the driver can take the
rider's aid, is available for the whole trip, is not on leave, has valid checks, and lives
within their maximum distance of the pickup.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from plugins.transport.geo import Point, Roads

#: cost of leaving a ride unplanned: more than any route, so the planner plans all it can
UNPLANNED = 10_000.0
#: kilometres a ride already driven this month weighs (spreads the work over the volunteers)
FAIRNESS_KM_PER_RIDE = 1.0
#: rides a driver does in a day before each further one costs extra
FAIR_RIDES_PER_DAY = 3
BUSY = 15.0


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
class Plan:
    assignments: dict[int, int]
    #: ride id → why it could not be planned
    unplanned: dict[int, str]
    kilometres: float
    objective: float
    #: the best lower bound HiGHS proved, and the relative gap to it
    bound: float
    gap: float
    seconds: float
    status: str = ""


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
        return self.trip_km(ride, driver) + FAIRNESS_KM_PER_RIDE * driver.rides_this_month

    def conflicting(self) -> list[set[int]]:
        """For each ride (by index), the rides no single driver can also do: they overlap in
        time, or leave too little time to drive from one to the other."""
        order = sorted(range(len(self.rides)), key=lambda i: self.rides[i].start)
        ends = [self.end(r) for r in self.rides]
        graph: list[set[int]] = [set() for _ in self.rides]
        for position, i in enumerate(order):
            ride = self.rides[i]
            for j in order[:position]:
                if ends[j] > ride.start or ride.start < ends[j] + self.roads.travel(self.rides[j].destination, ride.pickup):
                    graph[i].add(j)
                    graph[j].add(i)
        return graph

    def conflicts(self) -> list[list[int]]:
        """Cliques that cover every conflict: in each, a driver can do at most one ride.

        Cliques are grown greedily in time order from each uncovered conflict; one clique
        constraint is both fewer rows and a stronger relaxation than its pairs.
        """
        graph = self.conflicting()
        by_start = sorted(range(len(self.rides)), key=lambda i: self.rides[i].start)
        covered: set[tuple[int, int]] = set()
        cliques = []
        for v in by_start:
            for w in sorted(graph[v], key=lambda i: self.rides[i].start):
                if (min(v, w), max(v, w)) in covered:
                    continue
                clique = [v, w]
                for z in sorted(graph[v] & graph[w], key=lambda i: self.rides[i].start):
                    if all(z in graph[q] for q in clique):
                        clique.append(z)
                covered.update((min(a, b), max(a, b)) for a in clique for b in clique if a != b)
                cliques.append(clique)
        return _maximal(cliques)


def _maximal(cliques: list[list[int]]) -> list[list[int]]:
    sets = [frozenset(c) for c in cliques]
    return [sorted(c) for k, c in enumerate(sets) if not any(c < other for other in sets[k + 1:] + sets[:k])]


def plan(problem: Problem, time_limit: float = 2.0, gap: float = 0.001) -> Plan:
    """A plan within about *time_limit* seconds, with its gap to the bound HiGHS proves.

    The LP relaxation is rounded, repaired and improved (``heuristic``); HiGHS then runs
    the full MILP in the time left, and the better of the two plans is kept. HiGHS's dual
    bound holds for both, so the reported gap is honest either way.
    """
    import time

    from plugins.transport.heuristic import Schedule, improve, repair, round_lp
    started = time.perf_counter()
    rides, drivers = problem.rides, problem.drivers
    pairs = [(r, d) for r, ride in enumerate(rides) for d, driver in enumerate(drivers)
             if problem.why_not(ride, driver) is None]
    model = _Model(problem, pairs)
    constraints = model.constraints()
    relaxed = milp(model.c, constraints=constraints, integrality=np.zeros(model.n), bounds=Bounds(0, model.upper))
    schedule = Schedule(problem, pairs, problem.conflicting())
    round_lp(schedule, pairs, relaxed.x[:model.n_x] if relaxed.x is not None else np.zeros(model.n_x), model.c)
    repair(schedule)
    improve(schedule)
    heuristic = {rides[r].id: drivers[d].id for r, d in schedule.driver_of.items()}
    left = max(0.2, time_limit - (time.perf_counter() - started) - 0.15)  # room to read the answer
    result = milp(model.c, constraints=constraints, integrality=model.integrality, bounds=Bounds(0, model.upper),
                  options={"time_limit": left, "mip_rel_gap": gap})
    solver = {rides[pairs[k][0]].id: drivers[pairs[k][1]].id for k in range(model.n_x)
              if result.x is not None and result.x[k] > 0.5}
    bound = getattr(result, "mip_dual_bound", None)
    bound = relaxed.fun if bound is None or not np.isfinite(bound) else max(bound, relaxed.fun or bound)
    chosen = min([heuristic, solver] if result.x is not None else [heuristic], key=lambda a: objective(problem, a))
    unplanned = {ride.id: reason_unplanned(problem, ride) for ride in rides if ride.id not in chosen}
    value = objective(problem, chosen)
    return Plan(chosen, unplanned, kilometres(problem, chosen), value, bound, relative_gap(value, bound),
                time.perf_counter() - started, result.message)


def kilometres(problem: Problem, assignments: dict[int, int]) -> float:
    drivers = {d.id: d for d in problem.drivers}
    return sum(problem.trip_km(ride, drivers[assignments[ride.id]]) for ride in problem.rides if ride.id in assignments)


def objective(problem: Problem, assignments: dict[int, int]) -> float:
    """The MILP's objective for any assignment: costs, unplanned penalties, busy-day penalties."""
    drivers = {d.id: d for d in problem.drivers}
    value = sum(problem.cost(ride, drivers[assignments[ride.id]]) if ride.id in assignments else UNPLANNED
                for ride in problem.rides)
    per_driver: dict[int, int] = {}
    for driver_id in assignments.values():
        per_driver[driver_id] = per_driver.get(driver_id, 0) + 1
    return value + BUSY * sum(max(0, n - FAIR_RIDES_PER_DAY) for n in per_driver.values())


def relative_gap(objective: float, bound: float) -> float:
    return abs(objective - bound) / max(abs(objective), 1e-9)


class _Model:
    """The matrices of the programme above: columns x (one per possible pair), then u, then y."""

    def __init__(self, problem: Problem, pairs: list[tuple[int, int]]):
        self.problem, self.pairs = problem, pairs
        self.n_x, self.n_r, self.n_d = len(pairs), len(problem.rides), len(problem.drivers)
        self.u0, self.y0 = self.n_x, self.n_x + self.n_r
        n = self.y0 + self.n_d
        self.c = np.concatenate([[problem.cost(problem.rides[r], problem.drivers[d]) for r, d in pairs],
                                 np.full(self.n_r, UNPLANNED), np.full(self.n_d, BUSY)])
        self.integrality = np.concatenate([np.ones(self.y0), np.zeros(self.n_d)])
        self.upper = np.concatenate([np.ones(self.y0), np.full(self.n_d, np.inf)])
        self.columns_of: dict[tuple[int, int], int] = {pair: k for k, pair in enumerate(pairs)}
        self.n = n

    def constraints(self) -> list[LinearConstraint]:
        rows, cols, vals, lower, upper = [], [], [], [], []

        def add(entries, lo, hi):
            row = len(lower)
            for col, val in entries:
                rows.append(row)
                cols.append(col)
                vals.append(val)
            lower.append(lo)
            upper.append(hi)

        by_ride: dict[int, list[int]] = {}
        by_driver: dict[int, list[int]] = {}
        for k, (r, d) in enumerate(self.pairs):
            by_ride.setdefault(r, []).append(k)
            by_driver.setdefault(d, []).append(k)
        for r in range(self.n_r):
            add([(k, 1.0) for k in by_ride.get(r, [])] + [(self.u0 + r, 1.0)], 1.0, 1.0)
        cliques = self.problem.conflicts()
        for d in range(self.n_d):
            for clique in cliques:
                columns = [self.columns_of[(r, d)] for r in clique if (r, d) in self.columns_of]
                if len(columns) > 1:
                    add([(k, 1.0) for k in columns], -np.inf, 1.0)
            if by_driver.get(d):
                add([(k, 1.0) for k in by_driver[d]] + [(self.y0 + d, -1.0)], -np.inf, FAIR_RIDES_PER_DAY)
        matrix = coo_array((vals, (rows, cols)), shape=(len(lower), self.n)).tocsr()
        return [LinearConstraint(matrix, np.array(lower), np.array(upper))]


def reason_unplanned(problem: Problem, ride: PlanRide) -> str:
    """Why no driver took the ride, in the words a coordinator reports to the funder."""
    reasons = [problem.why_not(ride, driver) for driver in problem.drivers]
    if None in reasons:
        return "all_busy"  # drivers who could do it exist, but each is on another ride then
    capable = [reason for reason in reasons if reason != "not_capable"]
    if not capable:
        return "no_capable_driver"
    if all(reason == "checks_expired" for reason in capable):
        return "checks_expired"
    if all(reason == "too_far" for reason in capable):
        return "all_too_far"
    return "no_driver_free"


def greedy(problem: Problem) -> Plan:
    """What coordinators do by hand: in time order, the nearest free driver who can do it."""
    import time
    started = time.perf_counter()
    busy: dict[int, list[tuple[datetime, datetime, PlanRide]]] = {d.id: [] for d in problem.drivers}
    chosen, km = {}, 0.0
    for ride in sorted(problem.rides, key=lambda r: r.start):
        candidates = [d for d in problem.drivers if problem.why_not(ride, d) is None and _free(problem, busy[d.id], ride)]
        if candidates:
            driver = min(candidates, key=lambda d: problem.roads.km(d.home, ride.pickup))
            chosen[ride.id] = driver.id
            busy[driver.id].append((ride.start, problem.end(ride), ride))
            km += problem.trip_km(ride, driver)
    unplanned = {r.id: reason_unplanned(problem, r) for r in problem.rides if r.id not in chosen}
    return Plan(chosen, unplanned, km, float("nan"), float("nan"), float("nan"), time.perf_counter() - started, "greedy")


def _free(problem: Problem, trips, ride: PlanRide) -> bool:
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
        if not _free(problem, trips, ride):
            continue
        km_to = problem.roads.km(driver.home, ride.pickup)
        reasons = {"available": True, "capable": ride.aid, "km_from_home": round(km_to, 1),
                   "rides_this_month": driver.rides_this_month, "knows_rider": ride.rider_id in driver.past_riders}
        score = problem.cost(ride, driver) - (5.0 if reasons["knows_rider"] else 0.0)
        ranked.append((score, driver.id, reasons))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [(driver_id, reasons) for _score, driver_id, reasons in ranked[:limit]]


def check(problem: Problem, assignments: dict[int, int]) -> list[str]:
    """Every rule an assignment must keep; an empty list means it keeps them all."""
    broken = []
    drivers = {d.id: d for d in problem.drivers}
    per_driver: dict[int, list[PlanRide]] = {}
    for ride in problem.rides:
        if ride.id in assignments:
            driver = drivers[assignments[ride.id]]
            if (reason := problem.why_not(ride, driver)) is not None:
                broken.append(f"ride {ride.id}: driver {driver.id} {reason}")
            per_driver.setdefault(driver.id, []).append(ride)
    for driver_id, trips in per_driver.items():
        trips.sort(key=lambda r: r.start)
        for before, after in zip(trips, trips[1:]):
            arrive = problem.end(before) + problem.roads.travel(before.destination, after.pickup)
            if arrive > after.start:
                broken.append(f"driver {driver_id}: rides {before.id} and {after.id} overlap")
    return broken
