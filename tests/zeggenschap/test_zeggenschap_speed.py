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
