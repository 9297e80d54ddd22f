"""Counting: Equal Shares against greedy, quorum and majorities, the budget hook, the Pabulib file."""
from __future__ import annotations

import json
import os
import time
from decimal import Decimal

import pytest
from zeggenschap_hood import STATUTES, make_vote, open_window

from core.instance import tenant_context
from plugins.zeggenschap import ballots, closing, counting, pabulib, service
from plugins.zeggenschap.models import Decision, Proposal


def test_equal_shares_gives_the_minority_its_share_where_greedy_gives_the_majority_all():
    # six voters want the garden and the benches, four want the playground; 1000 euro
    projects = [counting.Project(1, Decimal("600")), counting.Project(2, Decimal("400")),
                counting.Project(3, Decimal("400"))]
    count = counting.count_budget(projects, [(1, 2)] * 6 + [(3,)] * 4, Decimal("1000"), "seed")
    assert count.greedy == [1, 2] and count.selected == [2, 3]
    assert count.sharing[3].payers == 4 and count.sharing[3].least == Decimal("100.00")
    assert count.sharing[2].payers == 6 and count.sharing[2].most == Decimal("66.67")


def test_ties_go_to_the_lower_cost_then_the_lot_of_the_seed():
    projects = [counting.Project(1, Decimal("500")), counting.Project(2, Decimal("400"))]
    assert counting.count_budget(projects, [(1,), (2,)], Decimal("500"), "x").selected == [2]
    assert counting.choice_winner({1: 3, 2: 3}, counting.lot_order([1, 2], "a")) == \
        counting.choice_winner({1: 3, 2: 3}, counting.lot_order([1, 2], "a"))


@pytest.mark.parametrize(("votes", "majority", "adopted"), [
    ({"for": 2, "against": 1, "abstain": 9}, "simple", True),
    ({"for": 1, "against": 1, "abstain": 0}, "simple", False),
    ({"for": 2, "against": 1, "abstain": 0}, "two_thirds", True),
    ({"for": 3, "against": 2, "abstain": 0}, "two_thirds", False),
])
def test_abstentions_do_not_count_for_the_majority(votes, majority, adopted):
    assert counting.proposal_adopted(votes, majority) is adopted


#: stands in for the budgeting plugin: a local plugin of the test's tenant only, writing down the lines it is given
BUDGET_KEEPER = """
from pathlib import Path
from core import hookimpl

@hookimpl
def noaber_allocate_budget(tenant, session, allocation):
    kept = Path(__file__).with_name("kept.txt")
    with kept.open("a") as out:
        fields = (allocation.name, allocation.amount, allocation.year, allocation.category, allocation.source)
        out.write(";".join(map(str, fields)) + "\\n")
    return len(kept.read_text().splitlines())
"""


def with_budget_keeper(instance, tenant):
    (tenant.folder / "plugins").mkdir(exist_ok=True)
    (tenant.folder / "plugins" / "budget_keeper.py").write_text(BUDGET_KEEPER)
    (tenant.folder / "tenant.toml").touch()
    os.utime(tenant.folder / "tenant.toml", (time.time() + 5, time.time() + 5))
    return instance.tenants.get(tenant.slug), tenant.folder / "plugins" / "kept.txt"


def budget_vote_with_ballots(s, hood):
    vote = make_vote(s, "budget", options=[{"title": "Tuin", "cost": Decimal("600")},
                                           {"title": "Bankjes", "cost": Decimal("400")},
                                           {"title": "Speeltuin", "cost": Decimal("400")}], year=2027,
                     category="Buurtbudget")
    tuin, bankjes, speeltuin = (o.id for o in vote.options)
    for name in ("Anna", "Bert", "Cor"):
        ballots.cast(s, STATUTES, vote, "online", [tuin, bankjes], person_id=hood[name])
    for name in ("Dina", "Evert"):
        ballots.cast(s, STATUTES, vote, "online", [speeltuin], person_id=hood[name])
    return vote


def test_closing_a_budget_vote_sends_its_winners_to_the_budget_once(hood, instance):
    with tenant_context("de-es", instance) as scope:
        s = scope.session
        tenant, kept = with_budget_keeper(instance, scope.tenant)
        hooks = instance.hooks(tenant)
        vote = budget_vote_with_ballots(s, hood)
        assert closing.close(s, STATUTES, vote, tenant, hooks)
        result = json.loads(vote.result)
        with pytest.raises(service.Conflict):
            closing.close(s, STATUTES, vote, tenant, hooks)
        assert result["quorum_met"] and result["eligible"] == 6 and result["ballots"] == 5
        assert result["turnout"] == "83.3" and result["by_channel"]["online"] == 5
        chosen = [o["title"] for o in result["options"] if o["selected"]]
        assert chosen == ["Bankjes", "Speeltuin"] and result["allocated"] == "800.00"
        assert [o.title for o in vote.options if o.id in result["greedy_selected"]] == ["Tuin", "Bankjes"]
        bankjes, speeltuin = vote.options[1].id, vote.options[2].id
        assert kept.read_text().splitlines() == [
            f"Bankjes;400.00;2027;Buurtbudget;zeggenschap:vote:{vote.id}:option:{bankjes}",
            f"Speeltuin;400.00;2027;Buurtbudget;zeggenschap:vote:{vote.id}:option:{speeltuin}"]
        assert s.query(Decision).filter_by(vote_id=vote.id).one().result == "Bankjes, Speeltuin"


def test_without_a_budget_plugin_the_result_stands_on_its_own(hood, instance):
    with tenant_context("de-es", instance) as scope:
        s = scope.session
        vote = budget_vote_with_ballots(s, hood)
        closing.close(s, STATUTES, vote, scope.tenant, instance.hooks(scope.tenant))
        s.commit()
        assert json.loads(vote.result)["allocated"] == "800.00"


def test_no_quorum_is_recorded_and_chooses_nothing(hood, instance):
    with tenant_context("de-es", instance) as scope:
        s = scope.session
        vote = make_vote(s, quorum_percent=50)
        ballots.cast(s, STATUTES, vote, "online", [vote.options[0].id], person_id=hood["Anna"])
        closing.close(s, STATUTES, vote)
        result = json.loads(vote.result)
        assert not result["quorum_met"] and not any(o["selected"] for o in result["options"])


def test_an_adopted_proposal_vote_adopts_the_proposal(hood, instance):
    with tenant_context("de-es", instance) as scope:
        s = scope.session
        proposal = service.propose(s, STATUTES, hood["Anna"], "Bankje bij de kerk", cost=Decimal("350.00"))
        vote = make_vote(s, "proposal", proposal_id=proposal.id)
        yes, no, _abstain = (o.id for o in vote.options)
        for name, choice in (("Anna", yes), ("Bert", yes), ("Cor", no)):
            ballots.cast(s, STATUTES, vote, "online", [choice], person_id=hood[name])
        closing.close(s, STATUTES, vote)
        assert s.get(Proposal, proposal.id).status == "adopted"


def test_the_pabulib_file_passes_the_checker_and_recounts_the_same(hood, instance, tmp_path):
    from pabulib.checker import Checker
    from pabutools.election import Cost_Sat, parse_pabulib
    from pabutools.rules import method_of_equal_shares
    from pabutools.tiebreaking import min_cost_tie_breaking

    with tenant_context("de-es", instance) as scope:
        s = scope.session
        vote = budget_vote_with_ballots(s, hood)
        closing.close(s, STATUTES, vote)
        text = pabulib.pb_file(vote, ballots.ballots_of(s, vote), "De Es")
    checked = Checker().process_files([text])
    assert checked["metadata"] == {"processed": 1, "valid": 1, "invalid": 0} and not checked["summary"], checked
    path = tmp_path / "vote.pb"
    path.write_text(text)
    election, profile = parse_pabulib(str(path))
    recount = method_of_equal_shares(election, profile, sat_class=Cost_Sat, voter_budget_increment=1,
                                     tie_breaking=min_cost_tie_breaking)  # lower cost first, as ours
    assert sorted(p.name for p in recount) == sorted(str(o.id) for o in vote.options[1:])
    assert text.count("\n") == 2 + 13 + 2 + 3 + 2 + 5 and open_window()
