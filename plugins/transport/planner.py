"""Planning rides: which volunteer drives whom, at the lowest total cost.

The day's open rides and the drivers are plain values (no database; ``problem.py``), so the
planner can be tested and measured on its own.

A driver who takes several rides in a day drives on from one drop-off to the next pickup
and goes home only at the end, or in between after a long wait: a driver's day is a
*chain* of rides (``chains.py``), and its cost is the kilometres really driven plus a
fairness term (rides already driven this month, rides beyond a fair day). ``plan`` chooses
one chain per driver so that every ride is in at most one, at the least total cost, a
ride left out costing more than any chain could save:

    minimise   Σ_chains cost(c)·λ_c  +  UNPLANNED·Σ_r u_r
    subject to Σ_{c ∋ r} λ_c + u_r ≥ 1          every ride driven or reported
               Σ_{c of d} λ_c ≤ 1               every driver one chain
               λ, u binary

by column generation (``master.py``: HiGHS for the LP, dynamic programming for new chains),
a dive from the LP to a plan (``dive.py``: fix the chains the LP holds most, price again,
repeat; or, when that does not fit in the time, ``volume_dive.py``: the same with a few
Lagrangian steps in place of each new LP), and local search (``chain_search.py``), within
a time limit. The LP gives a proven lower bound; the plan reports its gap to it.

Only possible pairs take part: the driver can take the rider's aid, is available for the
whole trip, is not on leave, has valid checks, and lives within their maximum distance of
the pickup (``Problem.why_not``); two rides follow each other in a chain only when the
driver can get from one to the other in time.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import date, datetime
from itertools import pairwise
from random import Random

from plugins.transport import synthetic
from plugins.transport.chains import UNPLANNED, Day

# the day's rides and drivers have a module of their own, which synthetic days use too;
# PlanDriver is imported again here (``as``: on purpose) for ``from plugins.transport.planner import``
from plugins.transport.problem import PlanDriver as PlanDriver
from plugins.transport.problem import PlanRide, Problem
from plugins.transport.suggest import free
from plugins.transport.suggest import suggestions as suggestions

#: seconds kept at the end of the time limit to cost the plan and say why rides are left out
FINISHING = 0.05
#: the planner dives (``dive.py``) when the dive is expected to take at most this share of
#: the time left after column generation, and stops it, finished or not, at ``DIVE_STOP``
DIVE_SHARE, DIVE_STOP = 0.8, 0.9
#: otherwise the volume dive (``volume_dive.py``) may take this share of the time left
VOLUME_SHARE = 0.6


@dataclass
class Plan:
    #: ride id → driver id
    assignments: dict[int, int]
    #: ride id → why it could not be planned
    unplanned: dict[int, str]
    #: kilometres the drivers drive for the plan, chained as in ``chains.py``
    kilometres: float
    objective: float
    #: the best proven lower bound on any plan's objective, and the relative gap to it
    bound: float
    gap: float
    seconds: float
    status: str = ""


#: held while the compiled code is made ready (``prepare``), which is once per process
_PREPARING = threading.Lock()
_ready = False


def prepare() -> float:
    """Make the planner's compiled code ready in this process, once; returns the seconds it took.

    Numba compiles each kernel on first use (15-30 s after installing or upgrading) and
    later loads it from its disk cache (about 1 s a process). Inside a plan's time limit
    that time would go from the search: a first plan after installing would come back
    as the LP rounded, tens of per cent above the bound. So ``plan`` calls this first,
    outside its clock, and ``noaber transport prepare`` (systemd's ``ExecStartPre``, the
    demo) does it ahead. It plans a small synthetic day without hurry, so that every step
    runs: pricing, the LP, pair splits, segment exchanges, perturbation.
    """
    global _ready
    with _PREPARING:
        if _ready:
            return 0.0
        started = time.perf_counter()
        rng, day = Random(4), date(2026, 11, 23)
        _plan(Problem(synthetic.day_of_rides(rng, day, 24), synthetic.drivers(rng, day, 6)), time_limit=60.0)
        _ready = True
        return time.perf_counter() - started


def plan(problem: Problem, time_limit: float = 2.0) -> Plan:
    """A plan within about *time_limit* seconds, with its gap to the proven bound (the
    first plan in a process first makes the compiled code ready: ``prepare``).

    Subgradient steps may take the first 25 % of the time and column generation up to
    70 % (the bound is worth more than the last of the search); then a dive (``_start``)
    makes the plan that local search improves for the rest of the time (``chain_search``).
    Each step stops early when it is done. With too little time the plan is further from
    the bound, and the gap says so; a plan always comes back.
    """
    if problem.rides and problem.drivers:
        prepare()
    return _plan(problem, time_limit)


def _plan(problem: Problem, time_limit: float) -> Plan:
    from plugins.transport import master as columns  # HiGHS is loaded only to plan
    from plugins.transport.chain_search import chains_of, owner_of, search
    started = time.perf_counter()
    day = Day(problem)
    if not day.n_r or not day.able.any():
        return _result(problem, day, {}, UNPLANNED * day.n_r, started, "nothing to plan")
    master = columns.Master(day)
    pool, bound, centre = columns.warm_up(day, deadline=started + 0.25 * time_limit)
    master.add(pool)
    bound = max(bound, UNPLANNED * int((~day.able.any(axis=1)).sum()))  # rides nobody can drive, at least
    bound, rounds = columns.generate(master, day, started + 0.7 * time_limit, bound, centre)
    status = f"{rounds} rounds of column generation, {len(master.columns)} chains"
    start, how = _start(master, day, started + time_limit - FINISHING)
    owner = search(day, owner_of(day, dict(start)), deadline=started + time_limit - FINISHING)
    status += how
    return _result(problem, day, chains_of(owner), bound, started, status)


def _start(master, day: Day, deadline: float) -> tuple[list[tuple[int, list[int]]], str]:
    """The plan the search starts from, and what made it (for the plan's status).

    The LP dive (``dive.py``) when it is expected to take at most ``DIVE_SHARE`` of the
    time left, stopped at ``DIVE_STOP``, its fixed chains then being what the LP holds whole
    and ``rounded`` starting from them; otherwise the volume dive (``volume_dive.py``),
    which is quicker but follows the LP less closely, given ``VOLUME_SHARE`` of the time
    left and rounding what it has not fixed by then.
    """
    from plugins.transport import dive, volume_dive
    from plugins.transport import master as columns
    began = time.perf_counter()
    left = deadline - began
    expected = dive.expected_seconds(master)
    if expected <= DIVE_SHARE * left:
        fixed, finished = dive.dive(master, day, began + DIVE_STOP * left)
        return columns.rounded(master, day), (
            f"; a dive fixed {len(fixed)} chains in {time.perf_counter() - began:.1f} s (expected {expected:.1f})"
            + ("" if finished else ", stopped by the time limit"))
    fixed, finished = volume_dive.dive(master, day, began + VOLUME_SHARE * left)
    return fixed, (f"; no LP dive (about {expected:.1f} s, {left:.1f} s left); a volume dive fixed {len(fixed)} chains"
                   f" in {time.perf_counter() - began:.2f} s"
                   + ("" if finished else ", the rest rounded at its time limit"))


def _result(problem: Problem, day: Day, chains: dict[int, list[int]], bound: float, started: float,
            status: str) -> Plan:
    """The plan of *chains* (driver index → ride positions in start order), costed."""
    rides = [problem.rides[i] for i in day.order]
    assignments = {rides[r].id: problem.drivers[d].id for d, chain in chains.items() for r in chain}
    unplanned = {ride.id: reason_unplanned(problem, ride) for ride in problem.rides if ride.id not in assignments}
    km, value = costed(day, chains, len(unplanned))
    gap = max(0.0, value - bound) / max(abs(value), 1e-9)
    return Plan(assignments, unplanned, km, value, bound, gap, time.perf_counter() - started, status)


def costed(day: Day, chains: dict[int, list[int]], unplanned: int) -> tuple[float, float]:
    """Kilometres driven and the planner's objective for *chains*, with *unplanned* rides left out."""
    km = sum(day.chain_km(d, chain) for d, chain in chains.items())
    return km, sum(day.chain_cost(d, chain) for d, chain in chains.items()) + UNPLANNED * unplanned


def chains_of(problem: Problem, day: Day, assignments: dict[int, int]) -> dict[int, list[int]]:
    """*assignments* (ride id → driver id) as each driver's chain in ``day``'s indices."""
    position = {problem.rides[i].id: k for k, i in enumerate(day.order)}
    index = {driver.id: d for d, driver in enumerate(problem.drivers)}
    chains: dict[int, list[int]] = {}
    for ride_id, driver_id in assignments.items():
        chains.setdefault(index[driver_id], []).append(position[ride_id])
    return {d: sorted(chain) for d, chain in chains.items()}


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
    """What coordinators do by hand: in time order, the nearest free driver who can do it.
    Costed as the planner's plans are, on the kilometres its drivers' days really take."""
    started = time.perf_counter()
    busy: dict[int, list[tuple[datetime, datetime, PlanRide]]] = {d.id: [] for d in problem.drivers}
    chosen = {}
    for ride in sorted(problem.rides, key=lambda r: r.start):
        candidates = [d for d in problem.drivers
                      if problem.why_not(ride, d) is None and free(problem, busy[d.id], ride)]
        if candidates:
            driver = min(candidates, key=lambda d: problem.roads.km(d.home, ride.pickup))
            chosen[ride.id] = driver.id
            busy[driver.id].append((ride.start, problem.end(ride), ride))
    seconds = time.perf_counter() - started
    unplanned = {r.id: reason_unplanned(problem, r) for r in problem.rides if r.id not in chosen}
    day = Day(problem)
    km, value = costed(day, chains_of(problem, day, chosen), len(unplanned))
    return Plan(chosen, unplanned, km, value, float("nan"), float("nan"), seconds, "greedy")


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
        for before, after in pairwise(trips):
            arrive = problem.end(before) + problem.roads.travel(before.destination, after.pickup)
            if arrive > after.start:
                broken.append(f"driver {driver_id}: rides {before.id} and {after.id} overlap")
    return broken
