"""Closing a vote: the count is made once, fixed as the vote's result, written in the decisions
register, and a budget decision goes into the year's budget through ``noaber_allocate_budget``."""
from __future__ import annotations

import json
import secrets
import time
from dataclasses import replace
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.toolkit import BudgetAllocation
from plugins.zeggenschap import counting
from plugins.zeggenschap.ballots import ballots_of, by_channel
from plugins.zeggenschap.models import Ballot, Decision, Proposal, Vote
from plugins.zeggenschap.service import Conflict, eligible_ids, now, set_status, today


#: more ballots than this are counted by the job worker: Equal Shares with Add1 over 10,000 ballots and
#: 50 projects takes about 1.0–1.1 s of processor time here, and the whole POST /close 1.2–1.6 s
#: (benchmarks/zeggenschap_count.py), beyond what a request should take
COUNT_IN_REQUEST = 2000
#: a budget vote may take long with fewer ballots too: Add1 runs Equal Shares once per euro of share, and a
#: small electorate with a large budget can need a thousand runs (1,000 ballots sharing 600,000 euro: 10 s).
#: No cheap bound foretells it, so a count in a request stops after this long and leaves it to the job worker
SECONDS_IN_REQUEST = 1.0


class TakesTooLong(Exception):
    """A count in a request went past :data:`SECONDS_IN_REQUEST`."""


def close(session: Session, settings: dict, vote: Vote, tenant=None, hooks=None, *, may_defer: bool = False) -> bool:
    """Close *vote* (early, if it is still open); 409 when closed already. Counts it at once and returns True,
    or, when it *may defer* and the count is long (many ballots, or past :data:`SECONDS_IN_REQUEST`),
    leaves it to :func:`finish` in a job (False)."""
    if vote.closed_at is not None:
        raise Conflict("This vote is closed already.")
    moment = now()
    vote.closed_at = moment
    if vote.closes_at > moment:
        vote.closes_at = max(moment, vote.opens_at)
    if may_defer and ballot_count(session, vote) > COUNT_IN_REQUEST:
        session.flush()
        return False
    try:
        finish(session, settings, vote, tenant, hooks, _within(SECONDS_IN_REQUEST) if may_defer else None)
    except TakesTooLong:  # nothing is written before the count is made: the vote stays closed, uncounted
        session.flush()
        return False
    return True


def _within(seconds: float):
    """A count's progress that stops it once *seconds* have passed."""
    until = time.monotonic() + seconds

    def progress(_spent: int, _budget: int) -> None:
        if time.monotonic() > until:
            raise TakesTooLong
    return progress


def finish(session: Session, settings: dict, vote: Vote, tenant=None, hooks=None, progress=None) -> dict:
    """Count a closed vote once, keep the result, write the decision and carry it out. A budget vote's count
    tells *progress(spent, budget)* what each run of Equal Shares spends before Add1 raises the share."""
    result = count(session, settings, vote, secrets.token_hex(8), progress)
    vote.result = json.dumps(result)
    session.add(Decision(decided_on=today(), text=vote.title, result=summary(vote, result), vote_id=vote.id))
    if result["quorum_met"]:
        _carry_out(session, vote, result, tenant, hooks)
    session.flush()
    return result


def ballot_count(session: Session, vote: Vote) -> int:
    return session.scalar(select(func.count()).select_from(Ballot).where(Ballot.vote_id == vote.id))


def count(session: Session, settings: dict, vote: Vote, seed: str, progress=None) -> dict:
    ballots = ballots_of(session, vote)
    eligible = len(eligible_ids(session, settings, vote.eligible, vote.closes_at.date()))
    turnout = (Decimal(100 * len(ballots)) / eligible).quantize(Decimal("0.1")) if eligible else Decimal(0)
    quorum_met = vote.quorum_percent is None or (eligible > 0 and 100 * len(ballots) >= vote.quorum_percent * eligible)
    option_ids = [o.id for o in vote.options]
    result = {"eligible": eligible, "ballots": len(ballots), "turnout": str(turnout),
              "by_channel": by_channel(session, vote), "quorum_met": quorum_met, "seed": seed,
              "budget": None, "allocated": None, "greedy_selected": [], "sharing": {}}
    votes = counting.tally(option_ids, ballots)
    if vote.kind == "budget":
        selected = _budget(vote, ballots, seed, result, progress)
    elif vote.kind == "proposal":
        by_title = {o.title: votes[o.id] for o in vote.options}
        adopted = counting.proposal_adopted(by_title, vote.majority)
        selected = {o.id for o in vote.options if o.title == "for"} if adopted else set()
        result["method"] = f"majority_{vote.majority}"
    else:
        winner = counting.choice_winner(votes, counting.lot_order(option_ids, seed))
        selected = {winner} if winner is not None else set()
        result["method"] = "plurality"
    if not quorum_met:
        selected = set()
    result["options"] = [{"id": o.id, "title": o.title, "votes": votes[o.id],
                          "cost": money_text(o.cost),
                          "selected": o.id in selected} for o in vote.options]
    if vote.kind == "budget":
        result["allocated"] = str(sum((o.cost for o in vote.options if o.id in selected), Decimal("0.00")))
    return result


def _budget(vote: Vote, ballots, seed: str, result: dict, progress=None) -> set[int]:
    projects = [counting.Project(o.id, o.cost) for o in vote.options]
    outcome = counting.count_budget(projects, ballots, vote.budget, seed, progress=progress)
    result.update(method="equal_shares_add1", budget=money_text(vote.budget), greedy_selected=outcome.greedy,
                  share=str(outcome.share),
                  sharing={str(k): {"payers": s.payers, "least": str(s.least), "most": str(s.most)}
                           for k, s in outcome.sharing.items()})
    return set(outcome.selected)


def money_text(amount: Decimal | None) -> str | None:
    return None if amount is None else str(Decimal(amount).quantize(Decimal("0.01")))


def summary(vote: Vote, result: dict) -> str:
    """One line for the decisions register, in plain words (English; the page translates the parts)."""
    if not result["quorum_met"]:
        return "No quorum"
    chosen = [o["title"] for o in result["options"] if o["selected"]]
    if vote.kind == "proposal":
        return "Adopted" if chosen else "Rejected"
    return ", ".join(chosen) or "Nothing chosen"


def _carry_out(session: Session, vote: Vote, result: dict, tenant, hooks) -> None:
    """An adopted proposal is adopted; chosen projects and proposals with a cost go into the budget."""
    chosen = {o["id"] for o in result["options"] if o["selected"]}
    if vote.proposal_id is not None:
        proposal = session.get(Proposal, vote.proposal_id)
        if proposal is not None:
            set_status(proposal, "adopted" if chosen else "rejected", f"Vote: {vote.title}")
            if chosen and proposal.cost:
                allocate(session, tenant, hooks, BudgetAllocation(
                    vote.opens_at.year, proposal.category, proposal.title, proposal.cost,
                    f"zeggenschap:proposal:{proposal.id}", f"/zeggenschap/votes/{vote.id}"))
    if vote.kind != "budget":
        return
    for option in vote.options:
        if option.id in chosen:
            allocate(session, tenant, hooks, BudgetAllocation(
                vote.year, vote.category, option.title, option.cost,
                f"zeggenschap:vote:{vote.id}:option:{option.id}", f"/zeggenschap/votes/{vote.id}"))
            if option.proposal_id and (proposal := session.get(Proposal, option.proposal_id)) is not None:
                set_status(proposal, "adopted", f"Chosen in: {vote.title}")


def allocate(session: Session, tenant, hooks, allocation: BudgetAllocation):
    """Ask the budget (whichever plugin keeps it) to add the line; without one, the decision stands alone."""
    if hooks is None or tenant is None:
        return None
    allocation = replace(allocation, amount=Decimal(allocation.amount).quantize(Decimal("0.01")))
    return hooks.noaber_allocate_budget(tenant=tenant, session=session, allocation=allocation)


def adopt_proposal(session: Session, proposal: Proposal, reason: str, tenant=None, hooks=None) -> None:
    """The board (or the meeting) adopts a proposal without a vote of its own."""
    if proposal.status in ("adopted", "rejected", "withdrawn"):
        raise Conflict("This proposal has been decided already.")
    set_status(proposal, "adopted", reason)
    session.add(Decision(decided_on=today(), text=proposal.title, result="Adopted"))
    if proposal.cost:
        allocate(session, tenant, hooks, BudgetAllocation(
            today().year, proposal.category, proposal.title, proposal.cost, f"zeggenschap:proposal:{proposal.id}",
            f"/zeggenschap/proposals/{proposal.id}"))
