"""Jobs: a row in the tenant's database, run by a worker; failures end in one readable line."""
from __future__ import annotations

from datetime import timedelta

import pytest
from servers import free_port

from core.errors import NoaberError
from core.instance import tenant_context
from core.jobs.models import Job
from core.jobs.queue import JobQueue
from core.jobs.service import JobKind, find_job, start_job
from core.storage.base import utcnow


def counting(tenant, session, params, actor, progress):
    for n in range(params["steps"]):
        progress(n + 1, params["steps"])
    return {"tenant": tenant.slug, "by": actor}


def refusing(tenant, session, params, actor, progress):
    session.add(Job(id="x" * 32, kind="test.half", requested_by=actor))  # rolled back with the failure
    raise NoaberError("no rides on that day")


def breaking(tenant, session, params, actor, progress):
    raise KeyError("a bug")


@pytest.fixture
def kinds(app, instance):
    instance.jobs.kinds = {**instance.jobs.kinds, **{k.name: k for k in (
        JobKind("test.count", counting), JobKind("test.refuse", refusing), JobKind("test.break", breaking))}}
    return app


def start(app, instance, slug, kind, params=None):
    with app.app_context(), tenant_context(slug, instance):
        return start_job(kind, params or {}, "account:1")


def test_a_job_runs_to_its_result_and_only_its_tenant_finds_it(kinds, instance, make_tenant):
    make_tenant("de-es")
    make_tenant("de-linde")
    job = start(kinds, instance, "de-es", "test.count", {"steps": 3})
    with tenant_context("de-es", instance) as scope:
        found = find_job(scope.session, job.id)
        assert (found.state, found.done, found.total) == ("done", 3, 3)
        assert found.result == {"tenant": "de-es", "by": "account:1"} and found.finished_at is not None
        assert find_job(scope.session, job.id, ("test.refuse",)) is None
        assert find_job(scope.session, "../" * 20) is None
    with tenant_context("de-linde", instance) as scope:
        assert find_job(scope.session, job.id) is None


def test_a_job_that_refuses_keeps_its_reason_and_writes_nothing(kinds, instance, make_tenant):
    make_tenant("de-es")
    job = start(kinds, instance, "de-es", "test.refuse")
    with tenant_context("de-es", instance) as scope:
        found = find_job(scope.session, job.id)
        assert (found.state, found.error) == ("failed", "no rides on that day")
        assert scope.session.get(Job, "x" * 32) is None


def test_a_job_that_breaks_is_failed_and_logged(kinds, instance, make_tenant, caplog):
    make_tenant("de-es")
    job = start(kinds, instance, "de-es", "test.break")
    with tenant_context("de-es", instance) as scope:
        assert (find_job(scope.session, job.id).state, find_job(scope.session, job.id).error) == ("failed", "")
    assert "stopped on an error" in caplog.text and "a bug" in caplog.text


def test_a_job_whose_worker_died_shows_as_failed(kinds, instance, make_tenant):
    make_tenant("de-es")
    with tenant_context("de-es", instance) as scope:
        scope.session.add(Job(id="d" * 32, kind="test.count", state="running", requested_by="account:1",
                              started_at=utcnow() - timedelta(hours=2)))
        scope.session.commit()
        found = find_job(scope.session, "d" * 32)
        assert (found.state, found.error) == ("failed", "the worker stopped during this job")


def test_an_unknown_kind_is_refused(kinds, instance, make_tenant):
    make_tenant("de-es")
    with pytest.raises(ValueError, match="no job kind 'test.nothing'"):
        start(kinds, instance, "de-es", "test.nothing")


def test_a_queue_that_does_not_answer_fails_the_job_with_one_line(kinds, instance, make_tenant):
    make_tenant("de-es")
    queue = JobQueue(f"redis://127.0.0.1:{free_port()}/0", instance.tenants_root)
    queue.serve(instance.jobs.kinds, lambda slug, job_id: None)
    instance.jobs = queue
    with pytest.raises(NoaberError, match="the job queue does not answer"):
        start(kinds, instance, "de-es", "test.count", {"steps": 1})
    with tenant_context("de-es", instance) as scope:
        assert [job.state for job in scope.session.query(Job)] == ["failed"]


def test_a_plugin_may_declare_only_its_own_kinds(fake_plugin):
    from core.errors import PluginError
    from core.instance import load_plugins
    fake_plugin("nb_jobs", """
        from core import hookimpl
        from core.toolkit import JobKind

        @hookimpl
        def noaber_job_kinds():
            return [JobKind("transport.plan_day", lambda **kw: {})]
    """)
    with pytest.raises(PluginError, match="job kind 'transport.plan_day' must start with 'nb_jobs.'"):
        load_plugins(group="noaber.test_plugins")  # where fake_plugin installs


def test_a_plugins_job_kind_runs(kinds, instance, make_tenant):
    make_tenant("de-es", plugins=["example"])
    job = start(kinds, instance, "de-es", "example.notices_by_month")
    with tenant_context("de-es", instance) as scope:
        found = find_job(scope.session, job.id)
    assert found.state == "done" and list(found.result.values()) == [1]  # the welcome notice


def test_a_process_using_the_sqlite_queue_loads_no_postgresql_driver(tmp_path):
    """huey's storage module imports every driver it finds; a web worker on SQLite needs no psycopg (issue 22)."""
    import subprocess
    import sys
    script = ("import sys; from pathlib import Path; from core.jobs.queue import JobQueue; "
              f"JobQueue(None, Path({str(tmp_path)!r})).huey; "
              "print(sorted(m for m in ('psycopg', 'huey') if m in sys.modules))")
    shown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert shown.strip() == "['huey']"


def test_a_postgresql_storage_and_a_redis_queue_work_after_a_sqlite_queue_in_the_same_process(tmp_path):
    import redis
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/15").ping()
    except redis.ConnectionError:
        pytest.fail("Redis does not answer at 127.0.0.1:6379 (CI starts it; start it with redis-server)")
    assert JobQueue(None, tmp_path).huey is not None
    import psycopg  # the block was lifted
    assert psycopg.connect is not None
    queue = JobQueue("redis://127.0.0.1:6379/15", tmp_path)
    assert queue.huey.storage.conn.ping() is True
    with pytest.raises(redis.ConnectionError):  # a Redis that does not answer is told as before
        JobQueue(f"redis://127.0.0.1:{free_port()}/0", tmp_path).enqueue("de-es", "f" * 32)
