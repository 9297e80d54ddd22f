"""Local search over chains (chain_search.py): its prices are the chains' real costs, and it
only ever makes a plan cheaper and drivable."""
from __future__ import annotations

import numpy as np
import pytest

from plugins.transport.chain_search import Chains, Tails, exchange_tails, improve, make_room, search
from plugins.transport.chains import Day
from plugins.transport.planner import Problem, check
from test_chains import small_day
from test_planner import driver, ride

UNPLANNED = 1000.0


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


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_what_an_insertion_adds_is_what_the_chain_then_costs_more(seed):
    day = small_day(seed, rides=12, drivers=3)
    plan = some_chains(day, seed)
    left = [r for r in range(day.n_r) if not any(r in c for c in plan.values())] or [plan[min(plan)].pop()]
    chains = Chains(day, plan)
    for r in left:
        added = chains.insertion(r)
        for d in range(day.n_d):
            chain = plan.get(d, [])
            longer = sorted(chain + [r])
            k = longer.index(r)
            fits = day.able[r, d] and (k == 0 or day.follows(longer[k - 1], r, d)) and (
                k == len(chain) or day.follows(r, longer[k + 1], d))
            expected = day.chain_cost(d, longer) - day.chain_cost(d, chain) if fits else np.inf
            assert added[d] == pytest.approx(expected)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_joined_chain_is_priced_as_it_is_driven(seed):
    day = small_day(seed, rides=12, drivers=3)
    plan = some_chains(day, seed)
    tails = Tails(Chains(day, plan))
    for a in plan:
        for b in plan:
            mine, theirs = plan[a], plan[b]
            k_a = np.arange(len(mine) + 1).repeat(len(theirs) + 1)
            k_b = np.tile(np.arange(len(theirs) + 1), len(mine) + 1)
            for cost, i, j in zip(tails.joined(a, k_a, b, k_b), k_a, k_b):
                joined = mine[:i] + theirs[j:]
                ordered = all(x < y for x, y in zip(joined, joined[1:]))
                fits = ordered and all(day.able[r, a] for r in joined) and all(
                    day.follows(x, y, a) for x, y in zip(joined, joined[1:]))
                if fits:
                    assert cost == pytest.approx(day.chain_cost(a, joined))
                elif ordered:
                    assert cost == np.inf


@pytest.mark.parametrize("seed", [4, 5, 6, 7])
def test_search_only_makes_a_plan_cheaper_and_keeps_it_drivable(seed):
    day = small_day(seed, rides=14, drivers=4)
    chains = Chains(day, some_chains(day, seed))
    before = chains.cost(UNPLANNED)
    search(chains, UNPLANNED)
    assert chains.cost(UNPLANNED) <= before + 1e-6
    assert drivable(day, chains.chains())
    assert improve(chains, UNPLANNED) == 0 and exchange_tails(chains, Tails(chains)) == 0  # nothing left to gain


def test_a_ride_nobody_drives_is_taken_by_a_driver_who_can():
    day = small_day(1, rides=6, drivers=2)
    everything = some_chains(day, 1)
    taken = [r for c in everything.values() for r in c]
    assert taken
    chains = Chains(day, {})
    improve(chains, UNPLANNED)
    assert all(chains.driver[r] >= 0 for r in taken)  # each was drivable on its own, and costs less than unplanned


def test_room_is_made_for_a_ride_by_moving_the_one_in_its_way():
    # a wheelchair at 9:10 only the adapted car can take, which already has the 9:00 walker
    rides = [ride(1, 9, aid="walker"), ride(2, 9, 10, aid="wheelchair")]
    adapted = driver(1, takes=("none", "walker", "wheelchair"))
    day = Day(Problem(rides, [adapted, driver(2, home=5.0)]))
    chains = Chains(day, {0: [0]})
    assert improve(chains, UNPLANNED) == 0  # no single move plans the wheelchair
    assert make_room(chains, 1, UNPLANNED)
    assert chains.chains() == {0: [1], 1: [0]}  # the walker went to the other driver
    assert drivable(day, chains.chains())


def test_no_room_is_made_when_the_ride_in_the_way_would_be_left_out():
    rides = [ride(1, 9, aid="wheelchair"), ride(2, 9, 10, aid="wheelchair")]
    day = Day(Problem(rides, [driver(1, takes=("none", "walker", "wheelchair")), driver(2, home=5.0)]))
    chains = Chains(day, {0: [0]})
    assert not make_room(chains, 1, UNPLANNED)  # one unplanned either way: nothing gained
    assert chains.chains() == {0: [0]}
