"""The dive (dive.py): fixing the LP's chains one at a time, pricing again after each."""
from __future__ import annotations

import time
from datetime import date
from random import Random

import numpy as np
import pytest

from plugins.transport import dive, planner, synthetic
from plugins.transport import master as columns
from plugins.transport.chains import Day
from plugins.transport.planner import Problem, check, plan


def generated(seed: int, rides: int, drivers: int) -> tuple[Day, columns.Master]:
    rng, when = Random(seed), date(2026, 11, 23)
    day = Day(Problem(synthetic.day_of_rides(rng, when, rides), synthetic.drivers(rng, when, drivers)))
    master = columns.Master(day)
    pool, bound, centre = columns.warm_up(day, deadline=time.perf_counter() + 60)
    master.add(pool)
    columns.generate(master, day, time.perf_counter() + 60, bound, centre)
    return day, master


@pytest.mark.parametrize("seed, rides, drivers", [(1, 40, 10), (2, 60, 12), (3, 80, 16)])
def test_a_finished_dive_leaves_the_lp_whole_with_its_chains_and_nothing_else(seed, rides, drivers):
    day, master = generated(seed, rides, drivers)
    fractional = np.sum((master.values() > 1e-6) & (master.values() < 1 - 1e-6))
    fixed, finished = dive.dive(master, day, deadline=time.perf_counter() + 60)
    assert finished and fractional > 0  # there was something to dive for
    assert len({d for d, _chain in fixed}) == len(fixed)                 # one chain a driver
    rides_fixed = [r for _d, chain in fixed for r in chain]
    assert len(rides_fixed) == len(set(rides_fixed))                      # a ride in one chain
    assert all(np.isfinite(day.chain_cost(d, chain)) for d, chain in fixed)
    x = master.values()
    assert np.all((x < 1e-6) | (x > 1 - 1e-6))                            # the LP is whole
    held = {(d, tuple(chain)) for k, (d, chain) in enumerate(master.columns) if x[k] > 0.5}
    assert held == {(d, tuple(chain)) for d, chain in fixed}
    assert sorted(columns.rounded(master, day)) == sorted(fixed)          # rounding starts from them
    # every other chain of a fixed driver or with a fixed ride is ruled out (the LP would seldom
    # take one, as its rows hold anyway; ruled out, the dual simplex need not look at them)
    upper = np.array(master.h.getLp().col_upper_)[day.n_r:]
    fixed_drivers, fixed_rides = {d for d, _chain in fixed}, set(rides_fixed)
    clashing = [k for k, (d, chain) in enumerate(master.columns) if (d, chain) not in held
                and (d in fixed_drivers or not fixed_rides.isdisjoint(chain))]
    assert clashing and np.all(upper[clashing] == 0)


def test_a_dive_past_its_deadline_fixes_nothing_and_says_it_did_not_finish():
    day, master = generated(4, 30, 8)
    assert dive.dive(master, day, deadline=time.perf_counter()) == ([], False)


def test_the_planner_dives_when_the_dive_fits_in_the_time_left(monkeypatch):
    rng, when = Random(5), date(2026, 11, 23)
    problem = Problem(synthetic.day_of_rides(rng, when, 60), synthetic.drivers(rng, when, 12))
    dived = plan(problem, time_limit=5.0)
    assert "a dive fixed" in dived.status and check(problem, dived.assignments) == []
    monkeypatch.setattr(planner, "DIVE_SHARE", 0.0)  # no time is enough (the volume dive then: its tests)
    other = plan(problem, time_limit=5.0)
    assert "no LP dive" in other.status and check(problem, other.assignments) == []
