"""A good plan fast: round the LP relaxation, repair, improve.

HiGHS proves a strong bound for the planning MILP quickly but is slow to find good
solutions on a full day; this module finds one, and the planner reports its gap to HiGHS's
bound. Every step keeps the plan feasible (``planner.check`` stays empty).
"""
from __future__ import annotations

from plugins.transport.planner import Problem


class Schedule:
    """Rides per driver, with the conflict graph to test whether a driver is free."""

    def __init__(self, problem: Problem, pairs: list[tuple[int, int]], graph: list[set[int]]):
        self.problem, self.graph = problem, graph
        self.feasible: dict[int, list[int]] = {}
        for r, d in pairs:
            self.feasible.setdefault(r, []).append(d)
        self.driver_of: dict[int, int] = {}
        self.rides_of: dict[int, set[int]] = {d: set() for d in range(len(problem.drivers))}

    def blocking(self, r: int, d: int) -> set[int]:
        return self.graph[r] & self.rides_of[d]

    def assign(self, r: int, d: int) -> None:
        self.unassign(r)
        self.driver_of[r] = d
        self.rides_of[d].add(r)

    def unassign(self, r: int) -> None:
        if r in self.driver_of:
            self.rides_of[self.driver_of.pop(r)].discard(r)

    def cost(self, r: int, d: int) -> float:
        return self.problem.cost(self.problem.rides[r], self.problem.drivers[d])


def round_lp(schedule: Schedule, pairs: list[tuple[int, int]], values, costs) -> None:
    """Take pairs by LP value (then cost) while the driver is free; then fill up by cost."""
    for k in sorted(range(len(pairs)), key=lambda k: (-values[k], costs[k])):
        r, d = pairs[k]
        if r not in schedule.driver_of and not schedule.blocking(r, d) and values[k] > 1e-6:
            schedule.assign(r, d)
    for k in sorted(range(len(pairs)), key=lambda k: costs[k]):
        r, d = pairs[k]
        if r not in schedule.driver_of and not schedule.blocking(r, d):
            schedule.assign(r, d)


def repair(schedule: Schedule) -> None:
    """Plan an unplanned ride by moving the one ride in its way to another free driver."""
    for r in sorted(set(schedule.feasible) - set(schedule.driver_of), key=lambda i: schedule.problem.rides[i].start):
        best = None
        for d in schedule.feasible[r]:
            blocking = schedule.blocking(r, d)
            if len(blocking) != 1:
                continue
            (b,) = blocking
            for other in schedule.feasible.get(b, []):
                if other != d and not schedule.blocking(b, other):
                    delta = schedule.cost(r, d) + schedule.cost(b, other) - schedule.cost(b, d)
                    if best is None or delta < best[0]:
                        best = (delta, d, b, other)
        if best is not None:
            _delta, d, b, other = best
            schedule.assign(b, other)
            schedule.assign(r, d)


def improve(schedule: Schedule, rounds: int = 5) -> None:
    """Move a ride to a cheaper free driver, or swap two rides between their drivers,
    until nothing improves."""
    for _ in range(rounds):
        changed = False
        for r in list(schedule.driver_of):
            changed |= _move(schedule, r) or _swap(schedule, r)
        if not changed:
            return


def _move(schedule: Schedule, r: int) -> bool:
    d = schedule.driver_of[r]
    options = [(schedule.cost(r, o), o) for o in schedule.feasible[r] if o != d and not schedule.blocking(r, o)]
    if options and min(options)[0] < schedule.cost(r, d) - 1e-9:
        schedule.assign(r, min(options)[1])
        return True
    return False


def _swap(schedule: Schedule, r: int) -> bool:
    """r to a cheaper driver o whose one ride in the way, b, takes r's place."""
    d = schedule.driver_of.get(r)
    if d is None:
        return False
    for o in schedule.feasible[r]:
        if o == d or schedule.cost(r, o) >= schedule.cost(r, d):
            continue
        blocking = schedule.blocking(r, o)
        if len(blocking) != 1:
            continue
        (b,) = blocking
        if d not in schedule.feasible.get(b, []) or schedule.blocking(b, d) - {r}:
            continue
        before = schedule.cost(r, d) + schedule.cost(b, o)
        after = schedule.cost(r, o) + schedule.cost(b, d)
        if after < before - 1e-9:
            schedule.unassign(r)
            schedule.assign(b, d)
            schedule.assign(r, o)
            return True
    return False
