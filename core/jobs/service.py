"""Starting a job, reading how far it got, and running it: plain functions over the job table."""
from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from core.errors import NoaberError
from core.jobs.models import Job
from core.storage.base import utcnow
from core.tenancy.context import current_scope

log = logging.getLogger("noaber.jobs")

#: a job still "running" this long after it started lost its worker (killed, machine restarted)
LOST_AFTER = timedelta(hours=1)


@dataclass(frozen=True)
class JobKind:
    """What a plugin's job does: ``run(tenant, session, params, actor, progress)`` returns a
    JSON-able dict, the job's result. ``progress(done, total)`` records how far it got and
    commits the session (so call it where what was done so far may stay)."""

    name: str
    run: Callable[..., dict]


@dataclass(frozen=True)
class JobInfo:
    """A job as pages and the API show it."""

    id: str
    kind: str
    state: str
    done: int
    total: int
    params: Mapping[str, Any]
    result: Mapping[str, Any] | None
    error: str | None
    requested_by: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")


def info(job: Job) -> JobInfo:
    state, error = job.state, job.error
    if state == "running" and job.started_at is not None and utcnow() - job.started_at > LOST_AFTER:
        state, error = "failed", "the worker stopped during this job"
    return JobInfo(job.id, job.kind, state, job.done, job.total, json.loads(job.params),
                   json.loads(job.result) if job.result is not None else None, error, job.requested_by,
                   job.created_at, job.started_at, job.finished_at)


def start_job(kind: str, params: Mapping[str, Any], actor: str) -> JobInfo:
    """Start a job of *kind* for the current tenant; it runs in a worker.

    Commits the current session (the worker must see the job's row), then puts the job on
    the queue. When the queue cannot be reached the job is marked failed and a
    :class:`NoaberError` says so.
    """
    scope = current_scope()
    queue = scope.instance.jobs
    if kind not in queue.kinds:
        raise ValueError(f"no job kind {kind!r}; a plugin declares it in noaber_job_kinds")
    session = scope.session
    job = Job(id=uuid.uuid4().hex, kind=kind, params=json.dumps(dict(params)), requested_by=actor,
              created_at=utcnow())
    session.add(job)
    session.commit()
    try:
        queue.enqueue(scope.tenant.slug, job.id)
    except Exception as exc:  # Redis down, the SQLite file unwritable: whatever stops the queue
        log.exception("job %s could not be queued", job.id)
        _fail(session, job.id, "the job queue does not answer")
        raise NoaberError("the job queue does not answer; try again later") from exc
    return info(job)


def find_job(session: Session, job_id: str, kinds: tuple[str, ...] | None = None) -> JobInfo | None:
    """The job *job_id* of this tenant (of one of *kinds*, when given), or None."""
    job = session.get(Job, job_id) if isinstance(job_id, str) and len(job_id) <= 32 else None
    if job is None or (kinds is not None and job.kind not in kinds):
        return None
    return info(job)


def run_job(session: Session, tenant, job_id: str, kinds: Mapping[str, JobKind]) -> None:
    """Run one queued job to its end: done with its result, or failed with one line."""
    job = session.get(Job, job_id)
    if job is None or job.state != "queued":
        log.warning("job %s of %s is not waiting to run; skipped", job_id, tenant.slug)
        return
    kind = kinds.get(job.kind)
    if kind is None:
        _fail(session, job_id, f"no job kind {job.kind!r} is installed")
        return
    job.state, job.started_at = "running", utcnow()
    params, actor, name = json.loads(job.params), job.requested_by, job.kind
    session.commit()
    try:
        result = kind.run(tenant=tenant, session=session, params=params, actor=actor,
                          progress=_progress(session, job_id))
    except NoaberError as exc:
        session.rollback()
        _fail(session, job_id, str(exc))
    except Exception:
        log.exception("job %s (%s) of %s stopped on an error", job_id, name, tenant.slug)
        session.rollback()
        _fail(session, job_id, "")
    else:
        job = session.get(Job, job_id)
        job.state, job.result, job.finished_at = "done", json.dumps(result), utcnow()
        session.commit()


def _progress(session: Session, job_id: str) -> Callable[[int, int], None]:
    def progress(done: int, total: int) -> None:
        job = session.get(Job, job_id)
        job.done, job.total = done, total
        session.commit()
    return progress


def _fail(session: Session, job_id: str, error: str) -> None:
    job = session.get(Job, job_id)
    job.state, job.error, job.finished_at = "failed", error, utcnow()
    session.commit()
