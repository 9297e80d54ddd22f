"""The job queue: huey, with SQLite storage in the tenants root or Redis.

The queue carries only ``(tenant slug, job id)``; what a job does and how far it got is in
the tenant's own database (``core_job``). ``NOABER_JOBS_URL``:

* unset: a SQLite file, ``<tenants root>/.noaber-jobs.sqlite3``, for one machine;
* ``redis://host:6379/0``: Redis, for app servers and workers on several machines (the
  queue's keys start with ``NOABER_REDIS_PREFIX``, default ``noaber``: instances sharing one
  Redis each need their own);
* ``immediate``: run each job at once in the process that starts it (tests; no worker).
"""
from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from core.jobs.service import JobKind

if TYPE_CHECKING:
    from huey import Huey

QUEUE_NAME = "noaber"
JOBS_FILE = ".noaber-jobs.sqlite3"


@contextmanager
def _without_psycopg():
    """Import huey without psycopg (with libpq, some 8 MB in a web worker; issue 22): huey's storage
    module imports it, if installed, for a PostgreSQL storage we never use. Where something else
    already loaded it (our own storage, on PostgreSQL) it stays; the block is lifted afterwards, so
    importing psycopg later works as usual. (The Redis client, imported the same way, cannot be
    left out: huey binds it into its Redis storage class as the module loads.)"""
    blocked = "psycopg" not in sys.modules
    if blocked:
        sys.modules["psycopg"] = None  # makes `import psycopg` raise ImportError, which huey expects
    try:
        yield
    finally:
        if blocked and sys.modules.get("psycopg", False) is None:
            del sys.modules["psycopg"]


class JobQueue:
    """One process's view of the queue: made lazily, so that a process that never starts or
    runs a job (most commands) opens nothing."""

    def __init__(self, url: str | None, tenants_root: Path):
        self.url = url or None
        self.tenants_root = tenants_root
        self.kinds: Mapping[str, JobKind] = {}
        self._huey: Huey | None = None
        self._task = None
        self._runner: Callable[[str, str], None] | None = None

    @property
    def immediate(self) -> bool:
        return self.url == "immediate"

    @property
    def huey(self) -> Huey:
        return self._made()[0]

    def _made(self):
        """The huey instance and our one task on it, made on first use."""
        if self._huey is None:
            self._huey = self._make()
            self._task = self._huey.task(name="noaber.run_job", retries=0)(self._run)
        return self._huey, self._task

    @property
    def uses_redis(self) -> bool:
        return bool(self.url) and self.url.startswith(("redis://", "rediss://", "unix://"))

    def _make(self) -> Huey:
        # loaded when this process first starts or runs a job: most requests and commands never do
        with _without_psycopg():
            from huey import Huey, RedisHuey, SqliteHuey
        if self.immediate:
            return Huey(QUEUE_NAME, immediate=True, results=False)
        if self.uses_redis:
            return RedisHuey(os.environ.get("NOABER_REDIS_PREFIX", QUEUE_NAME), url=self.url, results=False,
                             blocking=True)
        if self.url:
            raise ValueError("NOABER_JOBS_URL must be redis://…, immediate, or unset (a SQLite file)")
        return SqliteHuey(QUEUE_NAME, filename=str(self.tenants_root / JOBS_FILE), results=False)

    def serve(self, kinds: Mapping[str, JobKind], runner: Callable[[str, str], None]) -> None:
        """Say which kinds exist and how a job is run here (registered from above, by the app)."""
        self.kinds, self._runner = dict(kinds), runner

    def enqueue(self, slug: str, job_id: str) -> None:
        _huey, task = self._made()
        task(slug, job_id)

    def _run(self, slug: str, job_id: str) -> None:
        if self._runner is None:
            raise RuntimeError("this process runs no jobs: start `noaber worker`")
        self._runner(slug, job_id)

    def consumer(self, workers: int):
        """The huey consumer that ``noaber worker`` runs: threads for one worker, processes for more
        (the planner is compiled code and NumPy; processes keep one job from slowing another)."""
        return self.huey.create_consumer(workers=workers, worker_type="thread" if workers == 1 else "process",
                                         initial_delay=0.05, backoff=1.5, max_delay=0.5, periodic=False)
