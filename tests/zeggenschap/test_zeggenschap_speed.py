"""The quicker count (issue 29, item 10) counts exactly as pabutools' own Cost_Sat does: the same winners,
the same greedy choice, the same sharing of each cost and the same final share, on many profiles, costs
with cents among them, and ties."""
from __future__ import annotations

import random
from decimal import Decimal

import pytest

from plugins.zeggenschap import counting


def profile(seed: int) -> tuple[list[counting.Project], list[tuple[int, ...]], Decimal]:
    rng = random.Random(seed)
    projects = [counting.Project(n, Decimal(rng.randrange(100, 5000, 25)) / (100 if n % 4 == 0 else 1))
                for n in range(1, rng.randint(3, 12) + 1)]
    if seed % 3 == 0:  # two projects of the same cost: the tie-breaking is compared too
        projects[1] = counting.Project(2, projects[0].cost)
    ids = [p.id for p in projects]
    weights = [1 / rank for rank in range(1, len(ids) + 1)]
    ballots = [tuple(sorted(set(rng.choices(ids, weights, k=rng.randint(1, 4))))) for _ in range(rng.randint(5, 150))]
    budget = (sum(p.cost for p in projects) * Decimal(rng.randint(20, 70)) / 100).quantize(Decimal("1"))
    return projects, ballots, budget


@pytest.mark.parametrize("seed", range(24))
def test_the_quicker_satisfaction_counts_as_cost_sat(seed):
    from pabutools.election import Cost_Sat
    projects, ballots, budget = profile(seed)
    quick = counting.count_budget(projects, ballots, budget, f"lot-{seed}")
    own = counting.count_budget(projects, ballots, budget, f"lot-{seed}", sat_class=Cost_Sat)
    assert (quick.selected, quick.greedy, quick.share, quick.approvals) == (own.selected, own.greedy, own.share,
                                                                             own.approvals)
    assert quick.sharing == own.sharing


@pytest.mark.parametrize("seed", range(24))
def test_the_bound_on_the_work_holds(seed):
    """Add1 never runs Equal Shares more often than add1_work says (its runs: the final share minus the first)."""
    projects, ballots, budget = profile(seed)
    count = counting.count_budget(projects, ballots, budget, f"lot-{seed}")
    runs = count.share - budget / len(ballots)
    assert runs <= counting.add1_work(projects, ballots, budget) / len(set(ballots))


def test_a_small_budget_vote_is_counted_at_once_and_a_heavy_one_by_the_job_worker(hood, instance):
    from datetime import UTC, datetime, timedelta

    from zeggenschap_hood import STATUTES, make_vote

    from core.instance import tenant_context
    from plugins.zeggenschap import ballots, closing
    with tenant_context("de-es", instance) as scope:
        s = scope.session
        small = make_vote(s, "budget")
        ballots.cast(s, STATUTES, small, "online", [small.options[0].id], person_id=hood["Anna"])
        assert closing.close(s, STATUTES, small, in_request=False) and small.result is not None
        now = datetime.now(UTC)
        heavy = make_vote(s, "budget", budget=Decimal("1000"), opens_at=now - timedelta(hours=1),
                          closes_at=now + timedelta(days=1),
                          options=[{"title": "Brug", "cost": Decimal("900000")},
                                   {"title": "Bank", "cost": Decimal("400")}])
        ballots.cast(s, STATUTES, heavy, "online", [heavy.options[0].id], person_id=hood["Anna"])
        ballots.cast(s, STATUTES, heavy, "online", [heavy.options[1].id], person_id=hood["Bert"])
        # one voter would need 900,000 euro: up to that many runs of Equal Shares, too many for a request
        assert not closing.close(s, STATUTES, heavy, in_request=False) and heavy.result is None
