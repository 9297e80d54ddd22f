"""Counting a vote: pure functions on option ids and anonymous ballots, no database.

A budget vote is counted with the Method of Equal Shares (equalshares.net) as implemented by
``pabutools``, with exact fractions: cost utilities, completed by raising each voter's share
one whole euro at a time ("Add1", as Wieliczka 2023 and equalshares.net do). Greedy (the most
approved projects that still fit, as Amsterdam's Buurtbudget counts) is counted beside it, so
the result page can show where they differ. Ties: lower cost, then more approvals, then a
lot drawn from the published seed.
"""
from __future__ import annotations

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


def count_budget(projects: list[Project], ballots: list[tuple[int, ...]], budget: Decimal, seed: str, *,
                 progress=None, reference: bool = False) -> BudgetCount:
    """Equal Shares (Add1) and greedy over the same approval ballots, exactly.

    *progress(spent, budget)* hears, in whole euros, what each run of the rule spent when Add1 goes on to
    raise the voters' share. With *reference*, pabutools counts the whole box with its own Add1 loop: the
    yardstick of the tests and the benchmark's baseline. Without it, Add1 is driven from here
    (:func:`_add1`), to the same outcome, quicker."""
    approvals = tally([p.id for p in projects], ballots)
    if not ballots or not projects:
        return BudgetCount([], [], approvals)
    from pabutools.election import Cost_Sat, Instance
    from pabutools.election import Project as PbProject
    from pabutools.fractions import str_as_frac
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares
    from pabutools.tiebreaking import TieBreakingRule

    by_id = {p.id: PbProject(str(p.id), str_as_frac(str(p.cost))) for p in projects}
    instance = Instance(by_id.values(), budget_limit=str_as_frac(str(budget)))
    box = Counter(ballots)
    lot = lot_order(list(by_id), seed)
    ties = TieBreakingRule(lambda _i, _p, project: (project.cost, -approvals[int(project.name)],
                                                    lot[int(project.name)]))
    if reference:
        profile = _profile(by_id, box)
        equal_shares = method_of_equal_shares(instance, profile, sat_class=Cost_Sat, tie_breaking=ties,
                                              voter_budget_increment=1, analytics=True)
        greedy = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat, tie_breaking=ties)
        share = _first_share(equal_shares.details)
    else:
        equal_shares, share = _add1(by_id, box, approvals, instance.budget_limit, ties,
                                    progress or (lambda _spent, _budget: None))
        # greedy weighs a project by its approvals alone (with cost utilities a voter's worth of a project is its
        # cost), so it chooses the same over one ballot per project cast by as many voters as approved it
        by_approvals = Counter({(option,): times for option, times in approvals.items() if times})
        greedy = greedy_utilitarian_welfare(instance, _profile(by_id, by_approvals), sat_class=Cost_Sat,
                                            tie_breaking=ties)
    count = BudgetCount(sorted(int(p.name) for p in equal_shares), sorted(int(p.name) for p in greedy), approvals,
                        share=to_money(share))
    _payments(equal_shares.details, count)
    return count


def _profile(by_id: dict, box: Counter, within: frozenset[int] | None = None):
    """The box as pabutools' profile: one entry per different ballot, with how many voters cast it (the rule's
    work grows with the entries). With *within*, each ballot keeps only those projects, and a ballot left
    with none is left out; without, blank ballots stay (they count among the voters)."""
    from pabutools.election import ApprovalMultiProfile, FrozenApprovalBallot

    profile = ApprovalMultiProfile()
    for ballot, voters in box.items():
        kept = [by_id[option] for option in ballot if within is None or option in within]
        if kept or within is None:
            profile[FrozenApprovalBallot(kept)] += voters
    return profile


def _add1(by_id: dict, box: Counter, approvals: dict[int, int], limit, ties, progress) -> tuple:
    """Equal Shares completed by Add1 as pabutools' ``method_of_equal_shares(..., voter_budget_increment=1)``
    completes it, each run pabutools' own rule, but given only what that run can afford. Returns the outcome
    and each voter's share in it.

    Add1 runs the rule with each voter's share at budget ÷ voters, then a euro more, and so on, until the
    outcome is exhaustive (that outcome counts) or costs more than the budget (then the one before counts).
    A run at share *s* never chooses a project whose supporters together hold less than its cost (approvals
    × *s*): pabutools drops it unchosen, and it changes nothing else. So each run gets only the projects
    within reach and the ballots that approve one of them, merged where they then read the same; a voter who
    approves none of them would pay nothing. Over 10,000 ballots and 50 projects that leaves a few hundred
    to 1,500 different ballots per run instead of 5,317 (docs/benchmarks.md). Whether an outcome is
    exhaustive is judged over every project someone approved, as pabutools judges it."""
    from pabutools.election import Cost_Sat, Instance
    from pabutools.fractions import frac
    from pabutools.rules import BudgetAllocation, method_of_equal_shares

    approved = [p for p in by_id.values() if approvals[int(p.name)]]
    considered = [p for p in approved if p.cost > 0]  # pabutools chooses a free project at once
    share = frac(limit, box.total())
    profiles: dict[frozenset, tuple] = {}  # the projects within reach change a few times only
    previous = BudgetAllocation()
    while True:
        within = frozenset(int(p.name) for p in approved if approvals[int(p.name)] * share >= p.cost)
        if within not in profiles:
            profile = _profile(by_id, box, within)
            profiles[within] = profile, profile.as_sat_profile(Cost_Sat)
        profile, satisfaction = profiles[within]
        instance = Instance((by_id[option] for option in within), budget_limit=share * profile.num_ballots())
        outcome = method_of_equal_shares(instance, profile, sat_profile=satisfaction, tie_breaking=ties,
                                         analytics=True)
        spent = sum((p.cost for p in outcome), 0)
        if spent > limit:
            return previous, share - 1
        if all(p in outcome or spent + p.cost > limit for p in considered):
            return outcome, share
        progress(int(spent), int(limit))
        previous, share = outcome, share + 1


def _first_share(details):
    """Each voter's share in the run that counted, as pabutools recorded it."""
    if details is None or not details.iterations or not details.iterations[0].voters_budget:
        return 0
    return details.iterations[0].voters_budget[0]


def _payments(details, count: BudgetCount) -> None:
    """Who paid what for each chosen project, read from the rule's own record of the voters' money."""
    if details is None or not details.iterations:
        return
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
