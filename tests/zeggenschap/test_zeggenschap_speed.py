"""The quicker count (issue 29, item 10) counts exactly as pabutools' own Add1 loop over the whole box: the
same winners, the same greedy choice, the same sharing of each cost and the same final share, on many
profiles: costs with cents, ties, blank ballots, a project nobody approved, budgets from tight to ample."""
from __future__ import annotations

import random
from decimal import Decimal

import pytest

from plugins.zeggenschap import counting


def profile(seed: int, most_ballots: int = 150) -> tuple[list[counting.Project], list[tuple[int, ...]], Decimal]:
    rng = random.Random(seed)
    projects = [counting.Project(n, Decimal(rng.randrange(100, 5000, 25)) / (100 if n % 4 == 0 else 1))
                for n in range(1, rng.randint(3, 14) + 1)]
    if seed % 3 == 0:  # two projects of the same cost: the tie-breaking is compared too
        projects[1] = counting.Project(2, projects[0].cost)
    ids = [p.id for p in projects][: -1 if seed % 5 == 0 else None]  # sometimes the last one is approved by nobody
    weights = [1 / rank for rank in range(1, len(ids) + 1)]
    ballots = [tuple(sorted(set(rng.choices(ids, weights, k=rng.randint(1, 5)))))
               for _ in range(rng.randint(5, most_ballots))]
    if seed % 4 == 1:
        ballots += [()] * rng.randint(1, 20)  # blank ballots count among the voters, and lower everyone's share
    budget = (sum(p.cost for p in projects) * Decimal(rng.randint(5, 120)) / 100).quantize(Decimal("1"))
    return projects, ballots, budget


def same_count(projects, ballots, budget, seed) -> counting.BudgetCount:
    quick = counting.count_budget(projects, ballots, budget, f"lot-{seed}")
    own = counting.count_budget(projects, ballots, budget, f"lot-{seed}", reference=True)
    assert (quick.selected, quick.greedy, quick.share, quick.approvals) == (own.selected, own.greedy, own.share,
                                                                             own.approvals)
    assert quick.sharing == own.sharing
    return quick


@pytest.mark.parametrize("seed", range(60))
def test_the_quicker_count_counts_as_pabutools_own_add1(seed):
    same_count(*profile(seed), seed)


@pytest.mark.parametrize("seed", range(3))
def test_the_quicker_count_counts_a_large_box_as_pabutools_own_add1(seed):
    """Thousands of ballots: many merge once each run keeps only the projects within reach."""
    projects, ballots, budget = profile(1000 + seed, most_ballots=3000)
    count = same_count(projects, ballots, budget, seed)
    assert count.selected


def test_the_count_tells_what_each_round_shares_out():
    projects, ballots, budget = profile(7)
    reports = []
    count = counting.count_budget(projects, ballots, budget, "lot",
                                  progress=lambda spent, total: reports.append((spent, total)))
    first = budget / len(ballots)
    assert len(reports) > 100  # this box needs its share raised 238 euros: a report for each round Add1 went on from
    # the last round is the share that counted, or one beyond it when that round went over the budget
    assert len(reports) - (count.share - first).quantize(Decimal("1")) in (0, 1)
    assert all(total == int(budget) and 0 < spent <= total for spent, total in reports)
    assert reports[-1][0] <= sum(p.cost for p in projects if p.id in count.selected)


def test_a_short_count_is_made_at_once_and_a_long_one_left_to_the_job_worker(hood, instance, monkeypatch):
    from zeggenschap_hood import STATUTES, make_vote

    from core.instance import tenant_context
    from plugins.zeggenschap import ballots, closing
    with tenant_context("de-es", instance) as scope:
        s = scope.session
        votes = [make_vote(s, "budget") for _ in range(2)]
        for vote in votes:  # Anna's garden (600 of 1,000) is in reach after a hundred raises of her share
            ballots.cast(s, STATUTES, vote, "online", [vote.options[0].id], person_id=hood["Anna"])
            ballots.cast(s, STATUTES, vote, "online", [vote.options[1].id], person_id=hood["Bert"])
        short, long = votes
        assert closing.close(s, STATUTES, short, may_defer=True) and short.result is not None
        monkeypatch.setattr(closing, "SECONDS_IN_REQUEST", 0)
        assert not closing.close(s, STATUTES, long, may_defer=True)
        assert long.result is None and long.closed_at is not None
        # without leave to defer (the job worker, the demo) a count is always made
        closing.finish(s, STATUTES, long)
        assert long.result is not None
