"""Research: planning chained rides by column generation, against greedy, on one synthetic day.

    .venv/bin/pip install -e '.[bench]'     # highspy, for the master problem
    .venv/bin/python benchmarks/transport_chains.py [--rides 300] [--drivers 60] [--seed 2026]

Not the plugin's planner (``planner.plan``) yet: this measures whether chaining a driver's
rides (``chains.py``) can meet the planner's aims, and what it costs. Both plans are costed
on the kilometres really driven (drop-off on to the next pickup, home in between only after
a long wait). Steps: column generation to the LP bound (HiGHS master with warm starts, dual
smoothing, the Lagrangian bound), started from chains a few subgradient steps found; then a dive that fixes chains and prices new ones after
each fix; then cheapest insertion of what is left; then local search (``chain_search``:
rides moved one by one, tails of two drivers' days exchanged). Results:
plugins/transport/README.md.
"""
from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path
from random import Random

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import highspy  # noqa: E402

from plugins.transport import synthetic  # noqa: E402
from plugins.transport.chain_search import Chains, search  # noqa: E402
from plugins.transport.chains import Day  # noqa: E402
from plugins.transport.planner import Problem, check, greedy  # noqa: E402

#: an unplanned ride costs more than any chain could save
UNPLANNED = 1000.0
EMPTY = np.array([], dtype=np.int32)


class Master:
    """The restricted master LP: each ride covered (or paid as unplanned), each driver one chain."""

    def __init__(self, day: Day):
        self.day, self.columns, self.seen = day, [], set()
        R, D = day.n_r, day.n_d
        self.h = highspy.Highs()
        for option, value in (("output_flag", False), ("presolve", "off"), ("simplex_strategy", 4)):
            self.h.setOptionValue(option, value)
        self.h.addRows(R, np.ones(R), np.full(R, highspy.kHighsInf), 0, EMPTY, EMPTY, np.array([]))
        self.h.addRows(D, np.full(D, -highspy.kHighsInf), np.ones(D), 0, EMPTY, EMPTY, np.array([]))
        rides = np.arange(R, dtype=np.int32)
        self.h.addCols(R, np.full(R, UNPLANNED), np.zeros(R), np.ones(R), R, rides, rides, np.ones(R))

    def add(self, chains) -> int:
        new = [(d, tuple(c)) for d, c in chains if (d, tuple(c)) not in self.seen]
        if not new:
            return 0
        costs, starts, rows = [], [], []
        for d, chain in new:
            self.seen.add((d, chain))
            self.columns.append((d, chain))
            costs.append(self.day.chain_cost(d, list(chain)))
            starts.append(len(rows))
            rows.extend(list(chain) + [self.day.n_r + d])
        self.h.addCols(len(new), np.array(costs), np.zeros(len(new)), np.ones(len(new)), len(rows),
                       np.array(starts, dtype=np.int32), np.array(rows, dtype=np.int32), np.ones(len(rows)))
        return len(new)

    def solve(self):
        self.h.run()
        dual = np.array(self.h.getSolution().row_dual)
        return self.h.getInfo().objective_function_value, dual[:self.day.n_r], dual[self.day.n_r:]

    def values(self) -> np.ndarray:
        return np.array(self.h.getSolution().col_value)[self.day.n_r:]


def generate(master: Master, day: Day, seconds: float, smoothing: float = 0.5, per_driver: int = 3):
    """Column generation until the Lagrangian bound meets the LP (or time is up); the bound."""
    started, best, centre = time.perf_counter(), -np.inf, None
    rounds = 0
    while time.perf_counter() - started < seconds:
        rounds += 1
        value, ride_dual, driver_dual = master.solve()
        centre = ride_dual if centre is None else centre
        alpha = smoothing
        while True:  # Wentges smoothing: price between the best-bound duals and the LP's
            priced = alpha * centre + (1 - alpha) * ride_dual
            chains, least = day.cheapest(priced, np.full(day.n_d, np.inf), per_driver)
            bound = priced.sum() + np.minimum(least, 0).sum() + np.minimum(0, UNPLANNED - priced).sum()
            if bound > best:
                best, centre = bound, priced
            good = [(d, c) for d, c in chains
                    if day.chain_cost(d, c) - ride_dual[c].sum() - driver_dual[d] < -1e-6]
            if good or alpha == 0:
                break
            alpha = 0.0 if alpha < 0.1 else alpha / 2
        if not master.add(good) or value - best < 1e-4 * abs(value):
            break
    return best, rounds, time.perf_counter() - started


def warm_up(day: Day, iterations: int = 20, overshoot: float = 1.4) -> list:
    """Chains from a few subgradient steps on the Lagrangian dual, before the first LP.

    Each step prices every driver's best chain at the current ride values and moves each
    value towards covering its ride once (Polyak's step, aiming *overshoot* above the best
    bound so far). The bound itself stays far from the LP's, but the chains found on the way
    are the ones the LP needs: the master then takes 16-29 rounds instead of 55.
    """
    single = np.where(day.able, day.out + day.back + day.ride_km[:, None] + day.fair[None, :], np.inf).min(axis=1)
    value = np.where(np.isfinite(single), single, UNPLANNED) * 0.6   # a ride's value, rough: chaining saves
    best, theta, stalled, pool = -np.inf, 1.0, 0, []
    for _ in range(iterations):
        chains, least = day.cheapest(value, np.full(day.n_d, np.inf), 1)
        bound = value.sum() + np.minimum(least, 0).sum() + np.minimum(0, UNPLANNED - value).sum()
        covered = np.zeros(day.n_r)
        for d, chain in chains:
            covered[chain] += least[d] < 0
        pool += chains
        if bound > best + 1e-6:
            best, stalled = bound, 0
        elif (stalled := stalled + 1) >= 5:
            theta, stalled = theta / 2, 0
        step = 1 - covered - (value > UNPLANNED)
        value = np.clip(value + theta * (overshoot * best - bound) / max((step * step).sum(), 1) * step, 0, UNPLANNED)
    return pool


def dive(master: Master, day: Day, fix_at: float = 0.8, rounds: int = 3) -> list[tuple[int, list[int]]]:
    """Fix chains the LP holds (≥ fix_at, else the largest), price new ones around them, repeat."""
    covered, used, fixed = np.zeros(day.n_r, bool), np.zeros(day.n_d, bool), set()
    while True:
        x = master.values()
        open_ = [(x[k], k) for k in range(len(master.columns)) if k not in fixed and 1e-6 < x[k] < 1 - 1e-6]
        if not open_:
            break
        for k in [k for v, k in open_ if v >= fix_at] or [max(open_)[1]]:
            d, chain = master.columns[k]
            if not used[d] and not covered[list(chain)].any():
                master.h.changeColBounds(day.n_r + k, 1.0, 1.0)
                fixed.add(k)
                used[d], covered[list(chain)] = True, True
        for k, (d, chain) in enumerate(master.columns):
            if k not in fixed and (used[d] or covered[list(chain)].any()):
                master.h.changeColBounds(day.n_r + k, 0.0, 0.0)
        for _ in range(rounds):
            _value, ride_dual, driver_dual = master.solve()
            chains, _ = day.cheapest(np.where(covered, -1e9, ride_dual), np.where(used, -np.inf, np.inf), 3)
            if not master.add([(d, c) for d, c in chains if not used[d] and not covered[c].any()
                               and day.chain_cost(d, c) - ride_dual[c].sum() - driver_dual[d] < -1e-6]):
                break
        master.solve()
    x, plan, taken = master.values(), [], set()
    for k in np.nonzero(x > 0.5)[0]:
        d, chain = master.columns[k]
        plan.append((d, [r for r in chain if r not in taken]))
        taken.update(chain)
    return plan


def insert_rest(day: Day, plan, rides) -> tuple[dict[int, list[int]], list[int]]:
    """Each ride left out, where it adds least (a driver without a chain may start one)."""
    chains = {d: list(c) for d, c in plan if c}
    left = []
    for r in sorted(rides, key=lambda r: day.able[r].sum()):
        best = None
        for d in (int(d) for d in np.nonzero(day.able[r])[0]):
            chain = chains.get(d, [])
            for k in range(len(chain) + 1):
                if (k and not day.follows(chain[k - 1], r, d)) or (k < len(chain) and not day.follows(r, chain[k], d)):
                    continue
                delta = day.chain_cost(d, chain[:k] + [r] + chain[k:]) - day.chain_cost(d, chain)
                if best is None or delta < best[0]:
                    best = (delta, d, chain[:k] + [r] + chain[k:])
        if best is None:
            left.append(r)
        else:
            chains[best[1]] = best[2]
    return chains, left


def greedy_chains(problem: Problem, day: Day):
    plan = greedy(problem)
    position = {problem.rides[i].id: k for k, i in enumerate(day.order)}
    index = {driver.id: d for d, driver in enumerate(problem.drivers)}
    chains: dict[int, list[int]] = {}
    for ride_id, driver_id in plan.assignments.items():
        chains.setdefault(index[driver_id], []).append(position[ride_id])
    return {d: sorted(c) for d, c in chains.items()}, len(plan.unplanned)


def assignments(problem: Problem, day: Day, chains: dict[int, list[int]]) -> dict[int, int]:
    rides = [problem.rides[i] for i in day.order]
    return {rides[r].id: problem.drivers[d].id for d, chain in chains.items() for r in chain}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rides", type=int, default=300)
    parser.add_argument("--drivers", type=int, default=60)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--seconds", type=float, default=30.0, help="for column generation")
    parser.add_argument("--per-driver", type=int, default=3, help="new chains per driver and round")
    parser.add_argument("--fix-at", type=float, default=0.8, help="the dive fixes chains the LP holds at least this much")
    parser.add_argument("--dive-rounds", type=int, default=3, help="pricing rounds after each fix")
    parser.add_argument("--warm-up", type=int, default=20, help="subgradient steps before the first LP")
    args = parser.parse_args()
    rng, when = Random(args.seed), date(2026, 11, 23)
    problem = Problem(synthetic.day_of_rides(rng, when, args.rides), synthetic.drivers(rng, when, args.drivers))
    started = time.perf_counter()
    day = Day(problem)
    base, base_unplanned = greedy_chains(problem, day)
    master = Master(day)
    master.add(base.items())
    master.add(warm_up(day, args.warm_up))
    bound, rounds, generating = generate(master, day, args.seconds, per_driver=args.per_driver)
    diving = time.perf_counter()
    plan = dive(master, day, args.fix_at, args.dive_rounds)
    taken = {r for _d, chain in plan for r in chain}
    chains, left = insert_rest(day, plan, [r for r in range(day.n_r) if r not in taken])
    diving = time.perf_counter() - diving
    searching = time.perf_counter()
    found = Chains(day, chains)
    before = found.cost(UNPLANNED)
    search(found, UNPLANNED)
    chains, left = found.chains(), [int(r) for r in np.nonzero(found.driver < 0)[0]]
    searching = time.perf_counter() - searching
    assert check(problem, assignments(problem, day, chains)) == []
    km = sum(day.chain_km(d, c) for d, c in chains.items())
    cost = sum(day.chain_cost(d, c) for d, c in chains.items()) + UNPLANNED * len(left)
    greedy_km = sum(day.chain_km(d, c) for d, c in base.items())
    print(f"{args.rides} rides, {args.drivers} drivers, seed {args.seed}; kilometres as driven (chained)\n")
    print(f"{'':28}{'chains':>12}{'greedy':>12}   aim")
    print(f"{'kilometres':28}{km:>12.0f}{greedy_km:>12.0f}   ≥ 15 % fewer ({1 - km / greedy_km:.1%})")
    print(f"{'unplanned rides':28}{len(left):>12}{base_unplanned:>12}   ≤ greedy")
    print(f"{'gap to Lagrangian bound':28}{(cost - bound) / cost:>12.2%}{'':>12}   ≤ 1 %")
    print(f"{'time, s':28}{time.perf_counter() - started:>12.2f}{'':>12}   < 2 s")
    print(f"\ncolumn generation: {rounds} rounds, {generating:.2f} s, {len(master.columns)} chains; dive {diving:.2f} s;"
          f" local search {searching:.2f} s, cost {before:.1f} → {cost:.1f}")


if __name__ == "__main__":
    main()
