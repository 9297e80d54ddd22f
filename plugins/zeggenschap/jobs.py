"""Counting a large box in the job worker (``noaber_job_kinds``)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from core.toolkit import JobInfo, find_job, start_job, tenant_hooks
from plugins.zeggenschap import closing, service
from plugins.zeggenschap.models import Vote

COUNT = "zeggenschap.count"


def start_count(session: Session, vote: Vote, actor: str) -> None:
    """Queue the count of *vote*'s large box, and remember the job on the vote for its progress."""
    job = start_job(COUNT, {"vote_id": vote.id}, actor)
    vote.count_job = job.id
    session.commit()


def count_progress(session: Session, vote: Vote) -> JobInfo | None:
    """The job counting *vote*, while its result is not there yet."""
    if vote.result is not None or vote.count_job is None:
        return None
    return find_job(session, vote.count_job, (COUNT,))


def count_vote(tenant, session: Session, params: dict, actor: str, progress) -> dict:
    vote = session.get(Vote, params["vote_id"])
    if vote is None or vote.closed_at is None or vote.result is not None:
        return {"vote_id": params["vote_id"], "counted": False}
    # a budget vote's progress is what the rounds of Equal Shares share out, of the budget (whole euros)
    total = int(vote.budget) if vote.kind == "budget" and vote.budget else 1
    progress(0, total)
    result = closing.finish(session, service.statutes(tenant), vote, tenant, tenant_hooks(), by_percent(progress))
    progress(total, total)
    return {"vote_id": vote.id, "counted": True, "ballots": result["ballots"]}


def by_percent(progress):
    """A count's progress passed on to the job's once per whole percent: each report is a write, and a count
    can raise the voters' share thousands of times."""
    shown = None

    def step(done: int, most: int) -> None:
        nonlocal shown
        percent = 100 * done // max(most, 1)
        if percent != shown:
            shown = percent
            progress(done, most)
    return step
