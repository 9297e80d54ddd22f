"""Column generation over chains: the proven bound, and the plan it leads to.

The day's plan is a set partitioning problem: each driver drives one chain (``chains.py``),
each ride is in one chain or is left unplanned at a high price. Its LP relaxation, the
*master*, is solved over a growing set of chains with HiGHS (through ``highspy``, which
keeps the basis between solves); ``Day.cheapest`` prices new chains at the master's ride
duals. Every pricing also gives a Lagrangian bound, valid whatever the duals: that is the
bound the planner reports.

Then ``rounded`` turns the fractional LP into the start of a plan: the chains the LP holds
most, as long as they do not overlap; the local search of ``chain_search`` places what is
left and improves the whole. When there is time, ``dive.py`` first fixes the LP's chains
one at a time, pricing again after each, and rounding then finds the LP whole.

Everything runs against a deadline (``time.perf_counter()`` seconds): a step that would
start after it is skipped, so a plan always comes back, with the best bound found so far.
"""
from __future__ import annotations

import time

import numpy as np

from plugins.transport.chains import UNPLANNED, Day

EMPTY = np.array([], dtype=np.int32)


def _silent_highs():
    """A HiGHS instance that prints nothing. highspy's wrapper class calls into HiGHS before
    output can be switched off, which prints its banner on stdout (HiGHS issue 1702); the
    core class it wraps does not."""
    try:
        from highspy._core import _Highs as Highs
    except ImportError:  # a highspy that moved its core class: a banner, no harm
        from highspy import Highs
    highs = Highs()
    highs.setOptionValue("output_flag", False)
    return highs


class Master:
    """The restricted master LP: each ride covered (or paid as unplanned), each driver one chain.

    Rows: one per ride (≥ 1, so ride duals are never negative), one per driver (≤ 1).
    Columns: one "unplanned" column per ride, then the chains in ``columns``.
    """

    def __init__(self, day: Day):
        import highspy
        self.day, self.columns, self.seen = day, [], set()
        #: how long each round of ``generate`` took, seconds (a dive is planned by them)
        self.round_seconds: list[float] = []
        R, D = day.n_r, day.n_d
        self.h = _silent_highs()
        # primal simplex: added columns leave the basis feasible; no presolve between solves
        for option, value in (("presolve", "off"), ("simplex_strategy", 4)):
            self.h.setOptionValue(option, value)
        inf = highspy.kHighsInf
        self.h.addRows(R, np.ones(R), np.full(R, inf), 0, EMPTY, EMPTY, np.array([]))
        self.h.addRows(D, np.full(D, -inf), np.ones(D), 0, EMPTY, EMPTY, np.array([]))
        rides = np.arange(R, dtype=np.int32)
        self.h.addCols(R, np.full(R, UNPLANNED), np.zeros(R), np.ones(R), R, rides, rides, np.ones(R))

    def add(self, chains) -> int:
        """Add the chains not in the master yet; returns how many."""
        new, costs = [], []
        for d, chain in chains:
            key = (d, tuple(chain))
            if key in self.seen:
                continue
            self.seen.add(key)
            cost = self.day.chain_cost(d, list(chain))
            # pricing takes every "home in between" link as drivable; should floating-point
            # rounding ever make one that is not (no time at all), its chain costs inf: left out
            if np.isfinite(cost):
                new.append(key)
                costs.append(cost)
        if not new:
            return 0
        starts, rows = [], []
        for d, chain in new:
            self.columns.append((d, chain))
            starts.append(len(rows))
            rows.extend(list(chain) + [self.day.n_r + d])
        self.h.addCols(len(new), np.array(costs), np.zeros(len(new)), np.ones(len(new)), len(rows),
                       np.array(starts, dtype=np.int32), np.array(rows, dtype=np.int32), np.ones(len(rows)))
        return len(new)

    def solve(self) -> tuple[float, np.ndarray, np.ndarray]:
        """The LP's value, ride duals and driver duals."""
        self.h.run()
        dual = np.array(self.h.getSolution().row_dual)
        return self.h.getInfo().objective_function_value, dual[:self.day.n_r], dual[self.day.n_r:]

    def values(self) -> np.ndarray:
        """Each chain's value in the LP (the unplanned columns left out)."""
        return np.array(self.h.getSolution().col_value)[self.day.n_r:]


def lagrangian_bound(day: Day, ride_value: np.ndarray, least: np.ndarray) -> float:
    """A lower bound on any plan's cost, for ride values ≥ 0 and each driver's least reduced
    chain cost at those values: drivers take their best chain or none, rides their value or
    the unplanned price."""
    return float(ride_value.sum() + np.minimum(least, 0).sum() + np.minimum(0, UNPLANNED - ride_value).sum())


def warm_up(day: Day, deadline: float, iterations: int = 100, overshoot: float = 1.4):
    """Chains from subgradient steps on the Lagrangian dual, before the first LP, the best
    bound on the way and the ride values that gave it.

    Each step prices every driver's best chain at the current ride values and moves each
    value towards covering its ride once (Polyak's step, aiming *overshoot* above the best
    bound so far). The bound itself stays far from the LP's, but the chains found on the way
    are nearly the ones the LP needs: after 100 steps the first LP is within 0.1 % of the
    last, and column generation takes 4-6 rounds instead of 55.
    """
    single = np.where(day.able, day.out + day.back + day.ride_km[:, None] + day.fair[None, :], np.inf).min(axis=1)
    value = np.where(np.isfinite(single), single, UNPLANNED) * 0.6   # a ride's value, rough: chaining saves
    best, theta, stalled, pool, best_value = -np.inf, 1.0, 0, [], value
    for _ in range(iterations):
        if time.perf_counter() >= deadline:
            break
        chains, least = day.cheapest(value, np.full(day.n_d, np.inf), 1)
        bound = lagrangian_bound(day, value, least)
        covered = np.zeros(day.n_r)
        for d, chain in chains:
            covered[chain] += least[d] < 0
        pool += chains
        if bound > best + 1e-6:
            best, stalled, best_value = bound, 0, value
        elif (stalled := stalled + 1) >= 5:
            theta, stalled = theta / 2, 0
        step = 1 - covered - (value > UNPLANNED)
        value = np.clip(value + theta * (overshoot * best - bound) / max((step * step).sum(), 1) * step, 0, UNPLANNED)
    return pool, best, best_value


def generate(master: Master, day: Day, deadline: float, bound: float = -np.inf, centre: np.ndarray | None = None,
             tolerance: float = 5e-4, smoothing: tuple[float, ...] = (0.8, 0.5, 0.2),
             per_driver: int = 3) -> tuple[float, int]:
    """Column generation until the Lagrangian bound meets the LP within *tolerance* (or the
    deadline passes); returns the best bound and the number of rounds.

    Duals are smoothed (Wentges): after each LP, chains are priced at points between the
    duals of the best bound so far and the LP's (one pricing is 5 ms, an LP 10-60 ms, so
    several points per LP pay); the best of them becomes the new centre, and every chain
    with a negative reduced cost at the LP's duals goes into the master. The first centre
    is *centre*, the warm-up's best ride values if given (on the hardest benchmark day that
    halves the rounds), else the first LP's duals. Only when none is
    found are the LP's own duals priced, which proves the LP optimal or finds what it lacks.
    The first LP, with the warm-up's few thousand chains, is solved by interior point (with
    crossover, for a basis): 0.14 s where the simplex takes 0.75; later ones by the simplex
    from the last basis.
    """
    rounds = 0
    master.h.setOptionValue("solver", "ipm")
    while (began := time.perf_counter()) < deadline:
        rounds += 1
        value, ride_dual, driver_dual = master.solve()
        master.h.setOptionValue("solver", "simplex")
        centre = ride_dual if centre is None else centre
        good: list = []
        for alpha in (*smoothing, 0.0):
            if alpha == 0.0 and good:
                break
            priced = alpha * centre + (1 - alpha) * ride_dual
            chains, least = day.cheapest(priced, np.full(day.n_d, np.inf), per_driver)
            if (found := lagrangian_bound(day, priced, least)) > bound:
                bound, centre = found, priced
            good += [(d, c) for d, c in chains if day.chain_cost(d, c) - ride_dual[c].sum() - driver_dual[d] < -1e-6]
        added = master.add(good)
        master.round_seconds.append(time.perf_counter() - began)
        if not added or value - bound <= tolerance * abs(value):
            break
    return bound, rounds


def rounded(master: Master, day: Day) -> list[tuple[int, list[int]]]:
    """The LP's chains, most held first, each taken when its driver and rides are still free."""
    master.solve()  # the values of the last LP, whatever was done to the model since
    x = master.values()
    held = [master.columns[k] for k in np.argsort(-x, kind="stable") if x[k] > 1e-6]  # ties in column order
    return take_free(held, np.zeros(day.n_r, bool), np.zeros(day.n_d, bool))


def take_free(chains, covered: np.ndarray, used: np.ndarray) -> list[tuple[int, list[int]]]:
    """Each of *chains* (driver, rides), in their order, whose driver is not *used* and whose
    rides are not *covered* yet; both are marked as it goes."""
    plan = []
    for d, chain in chains:
        if not used[d] and not covered[list(chain)].any():
            plan.append((d, list(chain)))
            used[d], covered[list(chain)] = True, True
    return plan
