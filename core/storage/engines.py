"""Per-tenant storage: a SQLite file in the tenant folder, or a PostgreSQL schema.

SQLite is the embedded default and needs nothing but Python. With a PostgreSQL URL all
tenants share one engine (one pool); each session translates the default schema to the
tenant's own schema with ``schema_translate_map`` rather than ``search_path``, which
would leak between tenants on pooled connections.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session


def _sqlite_pragmas(dbapi_connection, _record):
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    # every commit waits for the WAL to reach the disk: an acknowledged write survives a crash of
    # the process and of the machine (NORMAL would survive only the process; see relax_durability)
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def relax_durability(session) -> None:
    """Let this transaction's commit return before it reaches the disk.

    Only for what a peer keeps and sends again: summaries a coalition receives stay in the
    member's outbox, and the coalition pulls what it lacks on every federation run. A power
    cut may then lose the last commits, never consistency. PostgreSQL: ``synchronous_commit``
    off for this transaction. SQLite (WAL): ``synchronous=NORMAL`` until the connection goes
    back to the pool; it can only change between transactions, so inside one this does nothing.
    """
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")
        return
    fairy = connection.connection
    if not fairy.dbapi_connection.in_transaction and "synchronous" not in fairy.info:
        fairy.info["synchronous"] = fairy.dbapi_connection.execute("PRAGMA synchronous").fetchone()[0]
        fairy.dbapi_connection.execute("PRAGMA synchronous=NORMAL")


def _durable_again(dbapi_connection, record) -> None:
    """Back in the pool (rolled back, so between transactions): the usual durability again."""
    level = record.info.pop("synchronous", None)
    if level is not None:
        dbapi_connection.execute(f"PRAGMA synchronous={int(level)}")


class Storage:
    """Engines for tenants, created lazily and kept in a bounded LRU cache."""

    def __init__(self, database_url: str | None = None, cache_size: int = 512, schema_prefix: str = "t_"):
        self.database_url = database_url or None
        self.cache_size = max(1, cache_size)
        self.schema_prefix = schema_prefix
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        self._lock = threading.Lock()
        self._shared: Engine | None = None
        if self.database_url and not self.database_url.startswith("postgresql"):
            raise ValueError("NOABER_DATABASE_URL must be a postgresql+psycopg:// URL (or unset for SQLite)")

    @property
    def is_postgresql(self) -> bool:
        return self.database_url is not None

    @property
    def backend(self) -> str:
        return "postgresql" if self.is_postgresql else "sqlite"

    def schema_for(self, slug: str) -> str:
        return self.schema_prefix + slug.replace("-", "_")

    def sqlite_path(self, tenant) -> Path:
        return tenant.data_dir / "noaber.sqlite3"

    def engine(self, tenant) -> Engine:
        """The engine (SQLite) or schema-translating view of the shared engine (PostgreSQL)."""
        engine = self._engines.get(tenant.slug)
        if engine is not None:
            try:
                self._engines.move_to_end(tenant.slug)
            except KeyError:  # evicted by another thread meanwhile; the engine still works
                pass
            return engine
        with self._lock:
            engine = self._engines.get(tenant.slug) or self._create(tenant)
            self._engines[tenant.slug] = engine
            while len(self._engines) > self.cache_size:
                _, evicted = self._engines.popitem(last=False)
                if not self.is_postgresql:
                    evicted.dispose()
        return engine

    def _create(self, tenant) -> Engine:
        if self.is_postgresql:
            return self._shared_engine().execution_options(
                schema_translate_map={None: self.schema_for(tenant.slug)})
        # A small pool: one process may hold hundreds of these; gunicorn workers are single-threaded.
        engine = create_engine(f"sqlite:///{self.sqlite_path(tenant)}", pool_size=2, max_overflow=3,
                               query_cache_size=100)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "checkin", _durable_again)
        return engine

    def _shared_engine(self) -> Engine:
        if self._shared is None:
            self._shared = create_engine(self.database_url, pool_size=5, max_overflow=10, pool_pre_ping=True)
        return self._shared

    def session(self, tenant, expire_on_commit: bool = True) -> Session:
        return Session(bind=self.engine(tenant), expire_on_commit=expire_on_commit)

    def prepare(self, tenant) -> None:
        """Create the place the tenant's tables live in: data folder, or PostgreSQL schema."""
        tenant.data_dir.mkdir(parents=True, exist_ok=True)
        if self.is_postgresql:
            with self._shared_engine().begin() as conn:
                conn.exec_driver_sql(f'CREATE SCHEMA IF NOT EXISTS "{self.schema_for(tenant.slug)}"')
        else:
            self.sqlite_path(tenant).touch(mode=0o600, exist_ok=True)

    def exists(self, slug: str, folder: Path) -> bool:
        """Whether the tenant's database (SQLite file or PostgreSQL schema) is already there."""
        if not self.is_postgresql:
            return (folder / "data" / "noaber.sqlite3").exists()
        with self._shared_engine().connect() as conn:
            found = conn.scalar(text("SELECT 1 FROM pg_namespace WHERE nspname = :name"),
                                {"name": self.schema_for(slug)})
        return found is not None

    def drop(self, slug: str) -> None:
        """Remove a tenant's PostgreSQL schema (used to undo a failed ``noaber init``)."""
        self.forget(slug)
        if self.is_postgresql:
            with self._shared_engine().begin() as conn:
                conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{self.schema_for(slug)}" CASCADE')

    def swap_schema(self, staged: str, slug: str) -> None:
        """Make schema *staged* the tenant's, in one transaction; the tenant's old schema, if any, goes.

        Pooled connections name schemas in each statement (``schema_translate_map``), so every
        server sees the new tables from its next statement on.
        """
        target = self.schema_for(slug)
        with self._shared_engine().begin() as conn:
            if conn.scalar(text("SELECT 1 FROM pg_namespace WHERE nspname = :name"), {"name": target}):
                conn.exec_driver_sql(f'ALTER SCHEMA "{target}" RENAME TO "{staged}_old"')
                conn.exec_driver_sql(f'ALTER SCHEMA "{staged}" RENAME TO "{target}"')
                conn.exec_driver_sql(f'DROP SCHEMA "{staged}_old" CASCADE')
            else:
                conn.exec_driver_sql(f'ALTER SCHEMA "{staged}" RENAME TO "{target}"')

    def drop_schema(self, name: str) -> None:
        """Remove a schema by its full name (a restore's staging schema that was not swapped in)."""
        with self._shared_engine().begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')

    def forget(self, slug: str) -> None:
        with self._lock:
            engine = self._engines.pop(slug, None)
        if engine is not None and not self.is_postgresql:
            engine.dispose()

    def ping(self) -> None:
        """Check the shared database answers (PostgreSQL only; SQLite has nothing shared)."""
        if self.is_postgresql:
            with self._shared_engine().connect() as conn:
                conn.execute(text("SELECT 1"))

    def dispose(self) -> None:
        for slug in list(self._engines):
            self.forget(slug)
        if self._shared is not None:
            self._shared.dispose()
            self._shared = None
