"""The volume dive: ``dive.py``'s dive, with the LP after each fix replaced by a few
Lagrangian steps, so that it fits in a plan of 2 s.

The LP dive follows the LP from fix to fix and ends near the bound, but each fix costs the
dual simplex hundreds of pivots (on the 300-ride benchmark day 4-7 s in all). Here the LP
is solved once, at the end of column generation; after that, what the dive needs from it
(which chains it holds, and at what ride values the remaining drivers price their chains)
comes from the *volume algorithm* (Barahona and Anbil, 2000), a subgradient method that
also estimates the LP's primal solution:

- ``held``, the estimate, starts as the LP's chains at their values, and ``value``, the
  ride values, as the LP's duals;
- each step prices every free driver's best chain at ``value`` (rides already fixed are
  out), moves ``held`` a share ``ALPHA`` towards those chains, and moves ``value`` towards
  covering each free ride once by ``held`` (Polyak's step, aiming ``MARGIN`` above the
  LP for what is still free);
- after ``STEPS`` steps it fixes the chains ``held`` holds most, as ``dive.py`` does, and
  goes on with the free drivers and rides until none is left or the deadline passes.

A step is one pricing (2-3 ms on the benchmark day, less as drivers and rides are fixed)
where the LP dive's step took an LP of 20-90 ms and ten pricings: on the four benchmark
days the volume dive takes 0.2-0.35 s, and its plan, after the local search (about 0.9 s
in a plan of 2 s), ends 0.5-0.95 % above the bound, where the search from the LP rounded
stops at 1.2-1.9 %. Its estimate of the LP is rougher, so where the LP dive fits in the
time (small days; the benchmark day given 10 s), the planner takes that instead.
"""
from __future__ import annotations

import time

import numpy as np

from plugins.transport.chains import UNPLANNED, Day
from plugins.transport.dive import most_held
from plugins.transport.master import Master, lagrangian_bound, take_free

#: Lagrangian steps between fixes, and the share of the newest pricing in the estimate
STEPS, ALPHA = 8, 0.25
#: the fewest steps between fixes when the dive, at its pace, would not finish in time
#: (it counts on a round of fixes for each driver the estimate still holds, which is more than it takes)
FEWEST = 2
#: Polyak's step length, and how far above the LP the target for what is free lies
THETA, MARGIN = 0.1, 0.01


def dive(master: Master, day: Day, deadline: float) -> tuple[list[tuple[int, list[int]]], bool]:
    """The chains the dive fixed, and whether it finished before *deadline*
    (``time.perf_counter()`` seconds); *master* must hold a solved LP and is not changed."""
    lp, value, _driver_value = master.solve()
    x = master.values()
    held = {(d, tuple(chain)): float(x[k]) for k, (d, chain) in enumerate(master.columns) if x[k] > 1e-6}
    fixed, taken, plan = np.zeros(day.n_r, bool), np.zeros(day.n_d, bool), []
    target, fixed_cost = lp * (1 + MARGIN), 0.0
    began, steps, pricings, rounds = time.perf_counter(), STEPS, 0, 0
    while (now := time.perf_counter()) < deadline:
        if plan:  # at this pace, would the dive pass its deadline? Then fewer steps a round
            rounds_left = max(len({d for d, _chain in held}) * rounds / len(plan), 1)
            per_pricing = (now - began) / pricings
            steps = int(np.clip((deadline - now) / rounds_left / per_pricing, FEWEST, STEPS))
        value = _steps(day, held, value, fixed, taken, target - fixed_cost, steps)
        pricings, rounds = pricings + steps, rounds + 1
        chosen = _most_held(held, fixed, taken)
        if not chosen:
            return plan, True
        for d, chain in chosen:
            plan.append((d, list(chain)))
            taken[d], fixed[list(chain)] = True, True
            fixed_cost += day.chain_cost(d, list(chain))
        held = {(d, chain): w for (d, chain), w in held.items() if not taken[d] and not fixed[list(chain)].any()}
    # out of time: the rest as the estimate holds it, most held first (rounded, as ``master.rounded`` does)
    return plan + take_free(sorted(held, key=lambda key: -held[key]), fixed, taken), False


def _steps(day: Day, held: dict, value: np.ndarray, fixed: np.ndarray, taken: np.ndarray, target: float,
           steps: int) -> np.ndarray:
    """*steps* volume steps on the free drivers and rides; *held* is changed in place,
    the new ride values are returned. A chain's weight is kept as its share of ``scale``,
    so that shrinking every weight at once is one multiplication."""
    below, free = np.where(taken, -np.inf, np.inf), ~fixed
    covered = np.zeros(day.n_r)
    for (_d, chain), w in held.items():
        covered[list(chain)] += w
    scale = 1.0
    for _ in range(steps):
        chains, least = day.cheapest(np.where(fixed, -np.inf, value), below, 1)
        lagrangian = lagrangian_bound(day, value[free], least[~taken])  # of what is free
        scale *= 1 - ALPHA
        covered *= 1 - ALPHA
        for d, chain in chains:
            if least[d] < 0:
                key = (d, tuple(chain))
                held[key] = held.get(key, 0.0) + ALPHA / scale
                covered[chain] += ALPHA
        short = np.where(free, 1 - covered, 0.0)
        # aim above the free part's Lagrangian value even when the fixes cost more than the LP said
        step = THETA * max(target - lagrangian, 1.0) / max((short * short).sum(), 1e-9)
        value = np.clip(value + step * short, 0, UNPLANNED)
    for key in held:
        held[key] *= scale
    return value


def _most_held(held: dict, fixed: np.ndarray, taken: np.ndarray) -> list[tuple[int, tuple[int, ...]]]:
    """The free chains to fix, as the LP dive chooses them from the LP (``dive.most_held``)."""
    ranked = sorted(held.items(), key=lambda item: -item[1])
    return most_held(((w, (d, chain), d, chain) for (d, chain), w in ranked), fixed, taken)
