"""The dive: from the LP to a plan by fixing its chains a few at a time, pricing again after each.

Rounding the LP (``master.rounded``) takes its chains most held first and leaves the rest
to the local search; but the LP is fractional nearly everywhere and flat (many plans
nearly as cheap), and the search, started from a rounding, stops 1.2-1.8 % above the
bound on the benchmark days however long it runs. A dive follows the LP further: it fixes
the chains the LP holds most (``_most_held``), lets column generation answer with new
chains for what is still free, solves again, and so on until every driver has a chain or
the LP has nothing more to give. On the four benchmark days it ends 0.3-1.6 % above the
bound by itself, and 0.3-1.0 % after 1.2 s of local search, where the search from a
rounding stays at 1.2-1.8 % however long it runs.

It costs a new LP after each fix: the LP is flat, so a fix takes the dual simplex 200-500
pivots (on the 300-ride benchmark day 20-90 ms a fix, 3.3-4.7 s for the whole dive, too
long for a plan in 2 s). ``plan`` dives only when the dive is expected to fit (``expected_seconds``);
small days, as real neighbourhoods have, dive in a fraction of a second. Otherwise it takes
``volume_dive.py``, which replaces the LP after each fix by a few Lagrangian steps.
"""
from __future__ import annotations

import time

import numpy as np

from plugins.transport.chains import Day
from plugins.transport.master import Master

#: a step fixes the chain the LP holds most, up to ``AT_ONCE`` - 1 more it holds at least
#: ``HALF``, and every chain it holds at least ``CERTAIN``, as long as they share nothing.
#: Three at once halved the dive's time on the benchmark days (3.3-4.7 s against 6.3-7.4)
#: and ended as near the bound after the search (0.64 % on average against 0.70 %)
AT_ONCE, HALF, CERTAIN = 3, 0.5, 0.99
#: pricing rounds after each fix, at most (the LP is mostly whole again after 3-6)
ROUNDS = 10
#: a dive step costs about this many rounds of column generation (a new LP after the fix,
#: then a few rounds of pricing). A rough guide: on the benchmark days whole dives took 0.5
#: to 1.8 times what it predicts, as the LP after a fix takes 20-90 ms whatever a round took;
#: so the dive also watches its own pace and stops when it would not finish in time
STEP_IN_ROUNDS = 2.0
#: steps before the dive judges its pace, and what a later step takes against those so far
#: (on the benchmark days the last steps took about three quarters of the first ones)
PACE_AFTER, LATER_STEPS = 5, 0.75


def expected_seconds(master: Master) -> float:
    """How long a dive would take: a step per driver the LP uses, each about
    ``STEP_IN_ROUNDS`` rounds of the column generation that came before (the median round:
    the first, with its interior point LP, takes longer)."""
    if not master.round_seconds:
        return np.inf
    return _drivers_used(master) * STEP_IN_ROUNDS * float(np.median(master.round_seconds))


def _drivers_used(master: Master, taken: np.ndarray | None = None) -> int:
    """How many drivers (not *taken*) have a chain the LP holds."""
    drivers = {master.columns[k][0] for k in np.nonzero(master.values() > 1e-6)[0]}
    return len([d for d in drivers if taken is None or not taken[d]])


def dive(master: Master, day: Day, deadline: float) -> tuple[list[tuple[int, list[int]]], bool]:
    """The chains the dive fixed, and whether it finished before *deadline*
    (``time.perf_counter()`` seconds). *master* is changed: fixed chains at 1, the chains
    they rule out at 0, and the chains priced on the way."""
    h, R = master.h, day.n_r
    h.setOptionValue("simplex_strategy", 1)  # dual: a fix keeps the basis dual feasible
    fixed, taken, plan = np.zeros(R, bool), np.zeros(day.n_d, bool), []
    began, steps = time.perf_counter(), 0
    while time.perf_counter() < deadline:
        _price_again(master, day, fixed, taken, deadline)
        chosen = _most_held(master, fixed, taken)
        if not chosen:
            return plan, True
        for k in chosen:
            d, chain = master.columns[k]
            plan.append((d, list(chain)))
            taken[d], fixed[list(chain)] = True, True
        _fix(master, chosen)
        steps += 1
        # at this pace, a chain for each driver the LP still uses would pass the deadline: stop
        # now, and leave the time to the search rather than spend it on a dive that cannot
        # finish (judged after a few steps; later ones are quicker, with less left to price)
        now = time.perf_counter()
        per_chain = LATER_STEPS * (now - began) / len(plan)
        if steps >= PACE_AFTER and now + per_chain * _drivers_used(master, taken) > deadline:
            break
    return plan, False


def _price_again(master: Master, day: Day, fixed: np.ndarray, taken: np.ndarray, deadline: float) -> None:
    """Column generation on what is still free: fixed rides are in no new chain (their
    value -inf makes them impossible to price in), drivers with a chain get none."""
    below = np.where(taken, -np.inf, np.inf)
    for _ in range(ROUNDS):
        _value, ride_dual, driver_dual = master.solve()
        if time.perf_counter() >= deadline:
            return
        chains, _least = day.cheapest(np.where(fixed, -np.inf, ride_dual), below, 3)
        better = [(d, c) for d, c in chains
                  if day.chain_cost(d, c) - ride_dual[c].sum() - driver_dual[d] < -1e-6]
        if not master.add(better):
            return
    master.solve()


def _most_held(master: Master, fixed: np.ndarray, taken: np.ndarray) -> list[int]:
    """The free chains to fix (column indices in ``master.columns``)."""
    x = master.values()
    return most_held(((x[k], int(k), *master.columns[k]) for k in np.argsort(-x)), fixed, taken)


def most_held(held, fixed: np.ndarray, taken: np.ndarray) -> list:
    """From *held*, (weight, key, driver, chain) most held first, the keys of the chains a
    step fixes (``AT_ONCE``, ``HALF``, ``CERTAIN``): free, and sharing no driver and no ride."""
    chosen, rides, drivers = [], set(), set()
    for w, key, d, chain in held:
        if w <= 1e-6 or (chosen and w < CERTAIN and (len(chosen) >= AT_ONCE or w < HALF)):
            break
        if taken[d] or fixed[list(chain)].any() or d in drivers or rides.intersection(chain):
            continue
        chosen.append(key)
        rides.update(chain)
        drivers.add(d)
    return chosen


def _fix(master: Master, chosen: list[int]) -> None:
    """Chains *chosen* at 1; every other chain of their drivers or with their rides at 0
    (chains that clash with earlier fixes are at 0 already, and pricing makes no more)."""
    R, keep = master.day.n_r, set(chosen)
    drivers = {master.columns[k][0] for k in chosen}
    rides = {r for k in chosen for r in master.columns[k][1]}
    out = [k for k, (d, chain) in enumerate(master.columns)
           if k not in keep and (d in drivers or not rides.isdisjoint(chain))]
    for columns, value in ((chosen, 1.0), (out, 0.0)):
        if columns:
            master.h.changeColsBounds(len(columns), np.array(columns, dtype=np.int32) + R,
                                      np.full(len(columns), value), np.full(len(columns), value))
