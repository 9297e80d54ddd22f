"""Counting a vote: pure functions on option ids and anonymous ballots, no database.

A budget vote is counted with the Method of Equal Shares (equalshares.net) as implemented by
``pabutools``, with exact fractions: cost utilities, completed by raising each voter's share
one whole euro at a time ("Add1", as Wieliczka 2023 and equalshares.net do). Greedy (the most
approved projects that still fit, as Amsterdam's Buurtbudget counts) is counted beside it, so
the result page can show where they differ. Ties: lower cost, then more approvals, then a
lot drawn from the published seed.
"""
from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Project:
    id: int
    cost: Decimal


@dataclass
class Sharing:
    """How a chosen project's cost was paid: by how many supporters, the least and most one paid."""

    payers: int
    least: Decimal
    most: Decimal


@dataclass
class BudgetCount:
    selected: list[int]
    greedy: list[int]
    approvals: dict[int, int]
    sharing: dict[int, Sharing] = field(default_factory=dict)
    #: what each voter had to spend in the end, after Add1 raised it
    share: Decimal = Decimal(0)


def tally(option_ids: list[int], ballots: list[tuple[int, ...]]) -> dict[int, int]:
    """Votes (or approvals) per option."""
    counts = Counter(choice for ballot in ballots for choice in ballot)
    return {option: counts.get(option, 0) for option in option_ids}


def lot_order(option_ids: list[int], seed: str) -> dict[int, int]:
    """Each option's place in the lot drawn from *seed*: the same seed always draws the same order."""
    order = sorted(option_ids)
    random.Random(seed).shuffle(order)
    return {option: place for place, option in enumerate(order)}


def proposal_adopted(votes: dict[str, int], majority: str) -> bool:
    """For against against: abstentions count for turnout, not for the majority."""
    cast = votes["for"] + votes["against"]
    if cast == 0:
        return False
    if majority == "two_thirds":
        return 3 * votes["for"] >= 2 * cast
    return 2 * votes["for"] > cast


def choice_winner(votes: dict[int, int], lot: dict[int, int]) -> int | None:
    """The option with the most votes; a tie goes by the lot."""
    if not votes or max(votes.values()) == 0:
        return None
    return min(votes, key=lambda option: (-votes[option], lot[option]))


def to_money(amount) -> Decimal:
    """An exact fraction (gmpy2 or Python) as euros and cents, for showing."""
    exact = Fraction(int(amount.numerator), int(amount.denominator))
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(CENT, ROUND_HALF_UP)


def add1_work(projects: list[Project], ballots: list[tuple[int, ...]], budget: Decimal) -> int:
    """A bound on the count's work, to know beforehand whether it fits in a request: the different ballots
    (the rule's voters) times the runs of Equal Shares that Add1 can make.

    Add1 raises each voter's share a euro at a time from budget ÷ voters. Once a voter's share covers, for
    every project they approved, an equal part of its cost among its supporters (cost ÷ approvals), every
    project is paid for whatever was chosen before, so the outcome is exhaustive or over the budget and
    Add1 stops: that share, over all voters, bounds the runs."""
    if not ballots:
        return 0
    approvals = tally([p.id for p in projects], ballots)
    part = {p.id: Fraction(int(p.cost * 100), 100 * approvals[p.id]) for p in projects if approvals[p.id]}
    distinct = set(ballots)
    most = max((sum((part[option] for option in ballot), Fraction(0)) for ballot in distinct), default=Fraction(0))
    start = Fraction(int(budget * 100), 100 * len(ballots))
    return len(distinct) * (max(0, math.ceil(most - start)) + 1)


def cost_satisfaction():
    """pabutools' ``Cost_Sat`` (a project is worth its cost to whoever approved it, nothing to others), read
    from a set of the approved projects' names.

    The rule and its arithmetic stay pabutools' own; only the lookup is quicker. ``Cost_Sat`` finds a
    project's worth in a dict keyed by pabutools' ``Project``, whose hash and equality are Python methods,
    and the rule asks it about a million times in a count of 10,000 ballots (Add1 runs the rule once per
    euro of share); a name is a ``str``, whose hash Python keeps. A test compares both on many profiles.
    """
    from pabutools.election import Cost_Sat

    class CostSatByName(Cost_Sat):
        def __init__(self, instance, profile, ballot):
            super().__init__(instance, profile, ballot)
            self.approved = frozenset(project.name for project in ballot)

        def sat_project(self, project):
            return project.cost if project.name in self.approved else 0

        get_project_sat = sat_project

    return CostSatByName


def count_budget(projects: list[Project], ballots: list[tuple[int, ...]], budget: Decimal, seed: str,
                 sat_class=None) -> BudgetCount:
    """Equal Shares (Add1) and greedy over the same approval ballots, exactly. *sat_class* is for the test
    that compares :func:`cost_satisfaction` with pabutools' own ``Cost_Sat``."""
    approvals = tally([p.id for p in projects], ballots)
    if not ballots or not projects:
        return BudgetCount([], [], approvals)
    from pabutools.election import ApprovalBallot, ApprovalMultiProfile, Instance
    from pabutools.election import Project as PbProject
    from pabutools.fractions import str_as_frac
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares
    from pabutools.tiebreaking import TieBreakingRule

    by_id = {p.id: PbProject(str(p.id), str_as_frac(str(p.cost))) for p in projects}
    instance = Instance(by_id.values(), budget_limit=str_as_frac(str(budget)))
    sat_class = sat_class or cost_satisfaction()
    # one entry per different ballot, with how many voters cast it: the rule's work grows with the entries
    profile = ApprovalMultiProfile(instance=instance)
    for ballot in ballots:
        profile.append(ApprovalBallot(by_id[option] for option in ballot).frozen())
    lot = lot_order(list(by_id), seed)
    ties = TieBreakingRule(lambda _i, _p, project: (project.cost, -approvals[int(project.name)],
                                                    lot[int(project.name)]))
    equal_shares = method_of_equal_shares(instance, profile, sat_class=sat_class, tie_breaking=ties,
                                          voter_budget_increment=1, analytics=True)
    greedy = greedy_utilitarian_welfare(instance, profile, sat_class=sat_class, tie_breaking=ties)
    count = BudgetCount(sorted(int(p.name) for p in equal_shares), sorted(int(p.name) for p in greedy), approvals)
    _payments(equal_shares.details, count)
    return count


def _payments(details, count: BudgetCount) -> None:
    """Who paid what for each chosen project, read from the rule's own record of the voters' money."""
    if details is None or not details.iterations:
        return
    first = details.iterations[0].voters_budget
    count.share = to_money(first[0]) if first else count.share
    for iteration in details.iterations:
        if iteration.selected_project is None:
            continue
        paid = [(before - after, times) for before, after, times in
                zip(iteration.voters_budget, iteration.voters_budget_after_selection, details.voter_multiplicity,
                    strict=False)
                if before != after]
        if paid:
            count.sharing[int(iteration.selected_project.name)] = Sharing(
                sum(times for _, times in paid), to_money(min(p for p, _ in paid)), to_money(max(p for p, _ in paid)))
