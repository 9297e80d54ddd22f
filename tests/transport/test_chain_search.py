"""Local search over chains (chain_search.py): it prices chains as they are driven, splits
two drivers' rides optimally, and only ever makes a plan cheaper and drivable."""
from __future__ import annotations

from itertools import pairwise, permutations, product

import numpy as np
import pytest
from test_chains import small_day
from test_planner import driver, ride

from plugins.transport.chain_search import (
    _arrays,
    chains_of,
    cost,
    insert,
    owner_of,
    pair_split,
    pair_sweep,
    search,
    split_tables,
)
from plugins.transport.chains import UNPLANNED, Day
from plugins.transport.planner import Problem, check
from plugins.transport.segments import exchange_window


def some_chains(day, seed: int) -> dict[int, list[int]]:
    """A drivable plan: rides in start order, each to a random driver it can follow on."""
    rng, chains = np.random.default_rng(seed), {}
    for r in range(day.n_r):
        for d in rng.permutation(day.n_d):
            chain = chains.get(int(d), [])
            if day.able[r, d] and (not chain or day.follows(chain[-1], r, d)):
                chains[int(d)] = chain + [r]
                break
    return chains


def drivable(day, chains: dict[int, list[int]]) -> bool:
    rides = [day.problem.rides[i] for i in day.order]
    return check(day.problem, {rides[r].id: day.problem.drivers[d].id for d, c in chains.items() for r in c}) == []


def objective(day, chains: dict[int, list[int]]) -> float:
    left = day.n_r - sum(len(c) for c in chains.values())
    return sum(day.chain_cost(d, c) for d, c in chains.items()) + UNPLANNED * left


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_plans_cost_is_what_its_chains_cost_as_driven(seed):
    day = small_day(seed, rides=12, drivers=3)
    plan = some_chains(day, seed)
    assert cost(day, owner_of(day, plan)) == pytest.approx(objective(day, plan))


def best_split(day, rides, a, b, optional):
    """By trying every way: each ride to a, to b or (if optional) to nobody."""
    best = np.inf
    for who in product(*[(0, 1, -1) if optional[t] else (0, 1) for t in range(len(rides))]):
        chains = {d: [r for r, w in zip(rides, who, strict=True) if w == k] for k, d in enumerate((a, b))}
        if all(day.able[r, d] and all(day.follows(x, y, d) for x, y in pairwise(c)) for d, c in chains.items()
               for r in c):
            value = sum(day.chain_cost(d, c) for d, c in chains.items()) + UNPLANNED * who.count(-1)
            best = min(best, value)
    return best


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_two_drivers_rides_are_split_between_them_at_the_least_cost(seed):
    day = small_day(seed, rides=9, drivers=2)
    rides = np.arange(day.n_r, dtype=np.int64)
    optional = owner_of(day, some_chains(day, seed)) < 0  # the rest can be split: some way exists
    value, who = pair_split(rides, optional, 0, 1, *split_tables(day.fair_count), *_arrays(day))
    assert np.isfinite(value) and (~optional).sum() >= 3
    assert value == pytest.approx(best_split(day, list(rides), 0, 1, optional))
    chains = {d: [int(r) for r, w in zip(rides, who, strict=True) if w == k] for k, d in enumerate((0, 1))}
    assert all(w >= 0 for w, o in zip(who, optional, strict=True) if not o)
    assert objective(day, chains) - UNPLANNED * (day.n_r - len(rides)) == pytest.approx(value)


@pytest.mark.parametrize("seed", [4, 5, 6, 7])
def test_search_only_makes_a_plan_cheaper_and_keeps_it_drivable(seed):
    day = small_day(seed, rides=14, drivers=4)
    start = owner_of(day, some_chains(day, seed))
    before = cost(day, start)
    owner = search(day, start.copy())
    assert cost(day, owner) <= before + 1e-6
    assert drivable(day, chains_of(owner))
    pairs = np.array([(a, b) for a in range(day.n_d) for b in range(a + 1, day.n_d)], dtype=np.int64)
    # nothing left to gain
    assert not pair_sweep(owner, pairs, np.ones(day.n_d, dtype=bool), split_tables(day.fair_count), *_arrays(day)).any()


def test_a_ride_nobody_drives_is_taken_by_a_driver_who_can():
    day = small_day(1, rides=6, drivers=2)
    taken = [r for c in some_chains(day, 1).values() for r in c]
    assert taken
    owner = np.full(day.n_r, -1, dtype=np.int64)
    insert(owner, *_arrays(day))
    assert all(owner[r] >= 0 for r in taken)  # each was drivable on its own, and costs less than unplanned


def test_room_is_made_for_a_ride_by_moving_the_one_in_its_way():
    # a wheelchair at 9:10 only the adapted car can take, which already has the 9:00 walker
    rides = [ride(1, 9, aid="walker"), ride(2, 9, 10, aid="wheelchair")]
    adapted = driver(1, takes=("none", "walker", "wheelchair"))
    day = Day(Problem(rides, [adapted, driver(2, home=5.0)]))
    owner = np.array([0, -1], dtype=np.int64)
    assert insert(owner, *_arrays(day)) == 0  # it fits nowhere as things are
    search(day, owner)
    assert chains_of(owner) == {0: [1], 1: [0]}  # the walker went to the other driver
    assert drivable(day, chains_of(owner))


def test_no_room_is_made_when_the_ride_in_the_way_would_be_left_out():
    rides = [ride(1, 9, aid="wheelchair"), ride(2, 9, 10, aid="wheelchair")]
    day = Day(Problem(rides, [driver(1, takes=("none", "walker", "wheelchair")), driver(2, home=5.0)]))
    owner = search(day, np.array([0, -1], dtype=np.int64))
    assert chains_of(owner) == {0: [0]}  # one unplanned either way: nothing gained


def test_perturbing_finds_cheaper_plans_than_pairs_alone_and_keeps_only_those():
    from plugins.transport.chain_search import _pairs, perturb, related
    day = small_day(3, rides=60, drivers=12)
    args, pairs = _arrays(day), _pairs(day)
    owner = owner_of(day, some_chains(day, 3))
    insert(owner, *args)
    while pair_sweep(owner, pairs, np.ones(day.n_d, dtype=bool), split_tables(day.fair_count), *args).any():
        pass
    settled = cost(day, owner)
    kept = perturb(owner, pairs, related(day), 200, 7, split_tables(day.fair_count), *args)
    assert kept and cost(day, owner) < settled - 1e-6
    assert drivable(day, chains_of(owner))


def best_exchange(day, owner, t1, t2):
    """By trying every way: each driver takes one driver's rides in t1..t2-1 (their own too)."""
    segments = [[r for r in range(t1, t2) if owner[r] == d] for d in range(day.n_d)]
    best = np.inf
    for taker in permutations(range(day.n_d)):
        plan = owner.copy()
        for d, s in enumerate(segments):
            plan[s] = taker[d]
        chains = chains_of(plan)
        if drivable(day, chains):
            best = min(best, objective(day, chains))
    return best


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_drivers_exchange_the_rides_of_a_window_at_the_least_cost(seed):
    day = small_day(seed, rides=16, drivers=4)
    owner = owner_of(day, some_chains(day, seed))
    users, gained = np.arange(day.n_d), 0
    for t1, t2 in [(0, 16), (2, 7), (4, 12), (9, 16), (0, 5)]:
        plan = owner.copy()
        moved = exchange_window(plan, users, t1, t2, _arrays(day))
        assert cost(day, plan) == pytest.approx(best_exchange(day, owner, t1, t2))
        assert (plan[:t1] == owner[:t1]).all() and (plan[t2:] == owner[t2:]).all()
        changed = plan != owner
        assert {int(d) for d in np.concatenate([plan[changed], owner[changed]])} <= set(moved)
        gained += cost(day, plan) < cost(day, owner) - 1e-6
    assert gained  # the test would not know otherwise whether exchanges are found
