"""A driver's day as a chain of rides (chains.py): kilometres as driven, and exact pricing."""
from __future__ import annotations

from datetime import date, timedelta
from random import Random

import numpy as np
import pytest
from test_planner import driver, near, ride

from plugins.transport import synthetic
from plugins.transport.chains import WAIT_AT_MOST, Day
from plugins.transport.master import Master
from plugins.transport.planner import Problem, check


def test_a_driver_drives_on_between_close_rides_and_goes_home_after_a_long_wait():
    rides = [ride(1, 9, pickup=1.0, destination=3.0), ride(2, 9, 40, pickup=4.0, destination=6.0),
             ride(3, 14, pickup=1.0, destination=2.0)]
    day = Day(Problem(rides, [driver(1, home=0.0)]))
    km = day.problem.roads.km
    # 0 → 1 → 3, on to 4 → 6 (twenty minutes later), home → 6 km; at 14:00 from home 0 → 1 → 2 → home
    drive_on = km(near(0), near(1)) + km(near(1), near(3)) + km(near(3), near(4)) + km(near(4), near(6))
    afternoon = km(near(6), near(0)) + km(near(0), near(1)) + km(near(1), near(2)) + km(near(2), near(0))
    assert day.chain_km(0, [0, 1, 2]) == pytest.approx(drive_on + afternoon)
    assert day.chain_km(0, [0, 1]) < day.chain_km(0, [0]) + day.chain_km(0, [1])  # chaining saves


def test_rides_that_cannot_follow_each_other_are_no_chain():
    rides = [ride(1, 9, pickup=1.0, destination=30.0), ride(2, 9, 20)]  # 29 km away 20 minutes later
    day = Day(Problem(rides, [driver(1, max_km=50)]))
    assert not day.follows(0, 1, 0) and not day.follows(1, 0, 0)
    assert day.chain_km(0, [0, 1]) == np.inf and day.chain_km(0, []) == 0.0
    master = Master(day)  # nor a column of the master LP
    assert master.add([(0, [0, 1]), (0, [0]), (0, [1])]) == 2 and master.columns == [(0, (0,)), (0, (1,))]


def small_day(seed: int, rides: int = 9, drivers: int = 3) -> Day:
    rng, when = Random(seed), date(2026, 11, 23)
    pool = [d for d in synthetic.drivers(rng, when, 12) if d.checks_valid and not d.on_leave][:drivers]
    return Day(Problem(synthetic.day_of_rides(rng, when, rides), pool))


def every_chain(day: Day, d: int):
    """All chains driver d can drive, by brute force."""
    def grow(chain):
        yield chain
        for j in range(chain[-1] + 1, day.n_r):
            if day.follows(chain[-1], j, d):
                yield from grow(chain + [j])
    for first in range(day.n_r):
        if day.able[first, d]:
            yield from grow([first])


@pytest.mark.parametrize("seed, rides", [(1, 9), (2, 9), (3, 9), (4, 9), (5, 14), (6, 14)])
def test_pricing_finds_each_drivers_cheapest_chain(seed, rides):
    day = small_day(seed, rides)
    home_in_between = {day.link(i, j, d) == day.back[i, d] + day.out[j, d]
                       for d in range(day.n_d) for i in range(day.n_r) for j in range(i + 1, day.n_r)
                       if day.follows(i, j, d)}
    assert home_in_between == {True, False}  # pricing tries straight-on links one by one, the others at once
    duals = np.random.default_rng(seed).uniform(0, 30, day.n_r)
    chains, least = day.cheapest(duals, np.full(day.n_d, np.inf), per_driver=1)
    for d in range(day.n_d):
        costs = [day.chain_cost(d, c) - duals[c].sum() for c in every_chain(day, d)]
        assert least[d] == pytest.approx(min(costs, default=np.inf))
    for d, chain in chains:  # what it returns is that chain, and a driver can really drive it
        assert day.chain_cost(d, chain) - duals[chain].sum() == pytest.approx(least[d])
        rides = [day.problem.rides[day.order[r]] for r in chain]
        assert check(day.problem, {r.id: day.problem.drivers[d].id for r in rides}) == []


@pytest.mark.parametrize("seed", [5, 6])
def test_pricing_returns_up_to_so_many_chains_per_driver_below_a_limit(seed):
    day = small_day(seed, 14)
    duals = np.random.default_rng(seed).uniform(0, 30, day.n_r)
    _, least = day.cheapest(duals, np.full(day.n_d, np.inf), per_driver=1)
    below = least + 4.0
    chains, _ = day.cheapest(duals, below, per_driver=3)
    for d in range(day.n_d):
        reduced = [day.chain_cost(d, c) - duals[c].sum() for e, c in chains if e == d]
        assert reduced and reduced[0] == pytest.approx(least[d]) and reduced == sorted(reduced)
        assert len(reduced) <= 3 and all(r < below[d] for r in reduced)
    assert len({(d, tuple(c)) for d, c in chains}) == len(chains) > day.n_d  # distinct, and more than one for some


@pytest.mark.parametrize("seed", [1, 5, 6])
def test_a_dive_prices_only_the_drivers_and_rides_still_free(seed):
    day = small_day(seed, 14)
    duals = np.random.default_rng(seed).uniform(0, 30, day.n_r)
    fixed = np.zeros(day.n_r, bool)
    fixed[::3] = True                                   # a third of the rides taken by fixed chains
    below = np.full(day.n_d, np.inf)
    below[0] = -np.inf                                  # the first driver has a chain already
    chains, least = day.cheapest(np.where(fixed, -np.inf, duals), below, per_driver=1)
    assert least[0] == np.inf and all(d != 0 for d, _chain in chains)
    for d in range(1, day.n_d):
        costs = [day.chain_cost(d, c) - duals[c].sum() for c in every_chain(day, d) if not fixed[c].any()]
        assert least[d] == pytest.approx(min(costs, default=np.inf))
    assert chains and all(not fixed[chain].any() for _d, chain in chains)


def test_busy_days_cost_extra_per_ride_beyond_the_fair_count():
    rides = [ride(n, 8 + 2 * n) for n in range(5)]  # five rides two hours apart
    day = Day(Problem(rides, [driver(1)]), fair_km_per_ride=0.0, busy_km=5.0)
    assert day.chain_cost(0, [0, 1, 2, 3, 4]) == pytest.approx(day.chain_km(0, [0, 1, 2, 3, 4]) + 2 * 5.0)
    assert WAIT_AT_MOST < timedelta(hours=2)  # so between them each goes home


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_who_can_drive_what_is_the_planners_rule_for_every_pair(seed):
    rng, when = Random(seed), date(2026, 11, 23)
    problem = Problem(synthetic.day_of_rides(rng, when, 80), synthetic.drivers(rng, when, 30))
    day = Day(problem)
    expected = [[problem.why_not(problem.rides[i], d) is None for d in problem.drivers] for i in day.order]
    assert day.able.tolist() == expected and 0 < day.able.mean() < 1
