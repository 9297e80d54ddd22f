"""Counting a large box in the job worker (``noaber_job_kinds``)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from core.toolkit import tenant_hooks
from plugins.zeggenschap import closing, service
from plugins.zeggenschap.models import Vote

COUNT = "zeggenschap.count"


def count_vote(tenant, session: Session, params: dict, actor: str, progress) -> dict:
    vote = session.get(Vote, params["vote_id"])
    if vote is None or vote.closed_at is None or vote.result is not None:
        return {"vote_id": params["vote_id"], "counted": False}
    progress(0, 1)
    result = closing.finish(session, service.statutes(tenant), vote, tenant, tenant_hooks())
    progress(1, 1)
    return {"vote_id": vote.id, "counted": True, "ballots": result["ballots"]}
