"""The ride planner: feasibility rules, conflicts, reasons for unplanned rides, and the MILP."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from random import Random

import pytest

from plugins.transport import synthetic
from plugins.transport.geo import Roads, haversine_km
from plugins.transport.planner import (
    PlanDriver,
    PlanRide,
    Problem,
    check,
    greedy,
    plan,
    suggestions,
)

DAY = datetime(2026, 11, 23, tzinfo=UTC)
WHOLE_DAY = ((DAY.replace(hour=7), DAY.replace(hour=19)),)
HOME = (52.2215, 6.8937)


def at(hour: int, minute: int = 0) -> datetime:
    return DAY.replace(hour=hour, minute=minute)


def near(km_north: float) -> tuple[float, float]:
    return (HOME[0] + km_north / 111.2, HOME[1])


def ride(id_, hour, minute=0, aid="none", pickup=1.0, destination=3.0, rider=1):
    return PlanRide(id=id_, rider_id=rider, pickup=near(pickup), destination=near(destination), start=at(hour, minute),
                    aid=aid)


def driver(id_, home=0.0, takes=("none", "walker"), **kwargs):
    return PlanDriver(id=id_, home=near(home), takes=frozenset(takes), available=kwargs.pop("available", WHOLE_DAY),
                      **kwargs)


def test_haversine_is_right_for_a_known_distance():
    amsterdam, utrecht = (52.3731, 4.8922), (52.0907, 5.1214)
    assert haversine_km(amsterdam, utrecht) == pytest.approx(34.9, abs=0.3)
    assert Roads(detour_factor=1.3).km(amsterdam, utrecht) == pytest.approx(1.3 * haversine_km(amsterdam, utrecht))


def test_overlapping_rides_go_to_different_drivers():
    problem = Problem([ride(1, 9), ride(2, 9, 10)], [driver(1), driver(2, home=0.5)])
    result = plan(problem)
    assert set(result.assignments) == {1, 2} and len(set(result.assignments.values())) == 2
    assert check(problem, result.assignments) == []


def test_one_driver_does_rides_that_follow_each_other_in_time():
    problem = Problem([ride(1, 9), ride(2, 11)], [driver(1)])
    assert plan(problem).assignments == {1: 1, 2: 1}


def test_too_little_time_to_drive_between_rides_is_a_conflict():
    roads = Roads()
    first = ride(1, 9, pickup=1.0, destination=10.0)
    end = Problem([first], []).end(first)
    second = PlanRide(2, 2, near(0.0), near(1.0), end + timedelta(minutes=2))  # 10 km away, 2 minutes later
    problem = Problem([first, second], [driver(1)], roads)
    result = plan(problem)
    assert len(result.assignments) == 1 and check(problem, {1: 1, 2: 1}) != []


@pytest.mark.parametrize("drivers, reason", [
    ([driver(1, takes=("none",))], "no_capable_driver"),
    ([driver(1, takes=("none", "wheelchair"), checks_valid=False)], "checks_expired"),
    ([driver(1, home=40.0, takes=("none", "wheelchair"))], "all_too_far"),
    ([driver(1, takes=("none", "wheelchair"), available=((at(13), at(18)),))], "no_driver_free"),
    ([driver(1, takes=("none", "wheelchair"), on_leave=True)], "no_driver_free"),
])
def test_unplanned_rides_say_why(drivers, reason):
    result = plan(Problem([ride(1, 9, aid="wheelchair")], drivers))
    assert result.assignments == {} and result.unplanned == {1: reason}


def test_all_busy_when_the_only_capable_driver_is_taken():
    result = plan(Problem([ride(1, 9, aid="wheelchair"), ride(2, 9, 5, aid="wheelchair")],
                          [driver(1, takes=("none", "wheelchair")), driver(2)]))
    assert len(result.assignments) == 1 and list(result.unplanned.values()) == ["all_busy"]


def test_the_nearer_driver_is_chosen_when_all_else_is_equal():
    result = plan(Problem([ride(1, 9)], [driver(1, home=6.0), driver(2, home=1.2)]))
    assert result.assignments == {1: 2}


def test_suggestions_rank_with_reasons():
    problem = Problem([ride(1, 9, rider=7)], [driver(1, home=6.0), driver(2, home=1.2, rides_this_month=4),
                                              driver(3, takes=("none",), home=0.0, past_riders=frozenset({7}))])
    ranked = suggestions(problem, problem.rides[0])
    assert [driver_id for driver_id, _ in ranked][:2] == [3, 2]
    reasons = dict(ranked)[3]
    assert reasons["knows_rider"] is True and reasons["available"] is True and reasons["km_from_home"] == 1.3


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_plan_keeps_every_rule_and_plans_at_least_what_greedy_plans(seed):
    rng = Random(seed)
    day = date(2026, 11, 23)
    problem = Problem(synthetic.day_of_rides(rng, day, 40), synthetic.drivers(rng, day, 10))
    result, baseline = plan(problem, time_limit=10), greedy(problem)
    assert check(problem, result.assignments) == [] and check(problem, baseline.assignments) == []
    assert len(result.unplanned) <= len(baseline.unplanned)
    assert result.gap <= 0.01  # small days are solved to (near) optimality


def test_a_full_day_keeps_every_rule_and_beats_greedy_on_unplanned_rides():
    rng = Random(2026)
    day = date(2026, 11, 23)
    problem = Problem(synthetic.day_of_rides(rng, day, 150), synthetic.drivers(rng, day, 30))
    result, baseline = plan(problem, time_limit=1.5), greedy(problem)
    assert check(problem, result.assignments) == []
    assert len(result.unplanned) <= len(baseline.unplanned)
    assert result.bound <= result.objective + 1e-6  # a bound, never above a solution


def optimum(problem: Problem) -> float:
    """The least objective of any drivable plan, by trying every assignment (tiny days only)."""
    from itertools import pairwise, product

    from plugins.transport.chains import UNPLANNED, Day
    day = Day(problem)
    best = float("inf")
    for owners in product(range(-1, day.n_d), repeat=day.n_r):
        chains = {d: [r for r in range(day.n_r) if owners[r] == d] for d in set(owners) - {-1}}
        if all(day.able[r, d] for d, chain in chains.items() for r in chain) and \
                all(day.follows(i, j, d) for d, chain in chains.items() for i, j in pairwise(chain)):
            value = sum(day.chain_cost(d, chain) for d, chain in chains.items()) + UNPLANNED * owners.count(-1)
            best = min(best, value)
    return best


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_the_bound_is_never_above_the_optimum_and_small_days_are_planned_optimally(seed):
    rng = Random(seed)
    day = date(2026, 11, 23)
    drivers = [d for d in synthetic.drivers(rng, day, 8) if d.checks_valid and not d.on_leave][:3]
    problem = Problem(synthetic.day_of_rides(rng, day, 7), drivers)
    best, result = optimum(problem), plan(problem, time_limit=5)
    assert result.bound <= best + 1e-6
    assert result.objective == pytest.approx(best)


def test_a_plan_comes_back_even_with_almost_no_time():
    rng = Random(7)
    day = date(2026, 11, 23)
    problem = Problem(synthetic.day_of_rides(rng, day, 120), synthetic.drivers(rng, day, 25))
    result = plan(problem, time_limit=0.01)
    assert check(problem, result.assignments) == []
    assert set(result.assignments) | set(result.unplanned) == {r.id for r in problem.rides}
    assert result.bound <= result.objective and 0 <= result.gap <= 1


def test_a_day_without_drivers_or_without_rides_is_planned_at_once():
    no_drivers = plan(Problem([ride(1, 9), ride(2, 11)], []))
    assert no_drivers.assignments == {} and no_drivers.unplanned == {1: "no_capable_driver", 2: "no_capable_driver"}
    assert no_drivers.gap == 0 and no_drivers.status == "nothing to plan"  # no solver started
    no_rides = plan(Problem([], [driver(1)]))
    assert no_rides.assignments == {} and no_rides.unplanned == {} and no_rides.kilometres == 0
