"""Per-tenant storage: engines in a bounded cache, sessions per scope, times in UTC."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone, UTC

import pytest
from sqlalchemy import text

from core.instance import tenant_context
from core.tenancy.context import current_session, current_tenant
from plugins.example import service


def test_engine_cache_is_bounded_and_evicted_tenants_still_work(make_tenant, instance):
    instance.storage.cache_size = 2
    tenants = [make_tenant(slug, plugins=["example"]) for slug in ("een", "twee", "drie")]
    for tenant in tenants:
        with instance.storage.session(tenant) as session:
            assert service.current_notices(session, 30)
    assert list(instance.storage._engines) == ["twee", "drie"]
    with instance.storage.session(tenants[0]) as session:  # made again on demand
        assert service.current_notices(session, 30)[0].title == service.WELCOME
    assert list(instance.storage._engines) == ["drie", "een"]


def test_connections_are_set_up_for_the_backend(make_tenant, instance):
    tenant = make_tenant("de-es")
    engine = instance.storage.engine(tenant)
    if instance.storage.is_postgresql:
        assert engine.get_execution_options()["schema_translate_map"][None] == instance.storage.schema_for("de-es")
        with engine.connect() as conn:  # the pool's search_path is never touched
            assert conn.exec_driver_sql("SHOW search_path").scalar() == '"$user", public'
        return
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def test_tenant_context_gives_the_tenant_and_its_session(make_tenant, instance):
    make_tenant("de-es", plugins=["example"])
    make_tenant("bloemkwartier", plugins=["example"])
    with tenant_context("de-es", instance) as scope:
        service.post_notice(current_session(), "Alleen De Es")
        current_session().commit()
        assert current_tenant().slug == "de-es" and scope.session is current_session()
    with tenant_context("bloemkwartier", instance):
        assert "Alleen De Es" not in [n.title for n in service.current_notices(current_session(), 30)]
    with pytest.raises(RuntimeError, match="no current tenant"):
        current_session()


def test_times_read_back_aware_and_in_utc(make_tenant, instance):
    make_tenant("de-es", plugins=["example"])
    amsterdam = timezone(timedelta(hours=1))
    with tenant_context("de-es", instance) as scope:
        notice = service.post_notice(scope.session, "Markt", posted_at=datetime(2026, 11, 20, 9, 0, tzinfo=amsterdam))
        scope.session.commit()
        notice_id = notice.id
    with tenant_context("de-es", instance) as scope:
        from plugins.example.models import Notice
        posted = scope.session.get(Notice, notice_id).posted_at
    assert posted == datetime(2026, 11, 20, 8, 0, tzinfo=UTC) and posted.tzinfo is not None


def test_naive_times_are_refused(make_tenant, instance):
    make_tenant("de-es", plugins=["example"])
    with tenant_context("de-es", instance) as scope:
        service.post_notice(scope.session, "Markt", posted_at=datetime(2026, 11, 20, 9, 0))
        with pytest.raises(Exception, match="naive datetime"):
            scope.session.flush()


def _durability(session, raw=None) -> str:
    """How the connection commits: SQLite's synchronous level, PostgreSQL's synchronous_commit."""
    if session.get_bind().dialect.name == "postgresql":
        return session.execute(text("SHOW synchronous_commit")).scalar()
    raw = raw or session.connection().connection.dbapi_connection
    return {1: "off", 2: "on"}[raw.execute("PRAGMA synchronous").fetchone()[0]]


def test_relaxed_durability_lasts_one_transaction(make_tenant, instance):
    from core.storage.engines import relax_durability
    tenant = make_tenant("de-es", plugins=["example"])
    with instance.storage.session(tenant) as session:
        assert _durability(session) == "on"
        relax_durability(session)
        raw = session.connection().connection.dbapi_connection
        assert _durability(session) == "off"
        service.post_notice(session, "Koffie", "Om tien uur")
        session.commit()
        assert "Koffie" in [notice.title for notice in service.current_notices(session, 30)]
        if instance.storage.is_postgresql:
            assert _durability(session) == "on"  # SET LOCAL: gone with the transaction
        else:
            assert _durability(session, raw) == "on"  # reset when the connection went back to the pool


def test_relaxing_once_writes_began_relaxes_postgresql_and_leaves_sqlite_durable(make_tenant, instance):
    from core.storage.engines import relax_durability
    tenant = make_tenant("de-es")
    with instance.storage.session(tenant) as session:
        session.execute(text("CREATE TEMP TABLE scratch (n INTEGER)"))
        session.execute(text("INSERT INTO scratch VALUES (1)"))  # a transaction is open now
        relax_durability(session)  # SQLite refuses the change here; durability stays as it was
        expected = "off" if instance.storage.is_postgresql else "on"
        assert _durability(session) == expected
