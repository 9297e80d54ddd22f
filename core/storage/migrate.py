"""Alembic, driven from code: per tenant, core first, then each enabled plugin.

Each component (core, or one plugin) has its own revisions folder and its own version
table (``alembic_version`` for core, ``alembic_version_<plugin>``), so plugins evolve
independently and a tenant only gets the tables of the plugins it enabled. There is no
``env.py``: :func:`upgrade_component` sets up Alembic's environment itself.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Iterator

from alembic.autogenerate import (
    compare_metadata,
    produce_migrations,
    render_python_code,
)
from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import rev_id as new_rev_id
from sqlalchemy import Connection, create_engine

import migrations as core_migrations
from core.errors import NoaberError
from core.storage.base import Base, UTCDateTime

TEMPLATE_DIR = Path(core_migrations.__file__).parent


@dataclass(frozen=True)
class Component:
    """Core or one plugin: where its revisions are, which table records them, what it owns."""

    name: str
    versions_dir: Path
    tables: frozenset[str]

    def owns(self, table: str, reflected: bool) -> bool:
        """A table of ours: one our models declare, or (found in the database) one with our
        prefix whose model was removed, so that the revision drops it."""
        prefix = "core_" if self.name == "core" else f"{self.name}_"
        return table in self.tables or (reflected and table.startswith(prefix))

    @property
    def version_table(self) -> str:
        return "alembic_version" if self.name == "core" else f"alembic_version_{self.name}"

    def script(self) -> ScriptDirectory:
        return ScriptDirectory(str(TEMPLATE_DIR), version_locations=[str(self.versions_dir)],
                               file_template="%(year)d_%(month).2d_%(day).2d_%(rev)s_%(slug)s")


def core_component() -> Component:
    tables = frozenset(t for t in Base.metadata.tables if t.startswith("core_"))
    return Component("core", TEMPLATE_DIR / "versions", tables)


def components(instance, plugin_names) -> list[Component]:
    """Core, then the given plugins that have a ``migrations/`` folder, in that order."""
    result = [core_component()]
    for name in plugin_names:
        info = instance.plugins.info[name]
        if info.migrations_dir is not None:
            result.append(Component(name, info.migrations_dir, frozenset(info.tables)))
    return result


@contextmanager
def migration_connection(instance, tenant, prepare: bool = True) -> Iterator[Connection]:
    """One transaction for the whole tenant: all components migrate, or none does."""
    storage = instance.storage
    if prepare:
        storage.prepare(tenant)
    with storage.engine(tenant).begin() as conn:
        if storage.is_postgresql:
            # Alembic and reflection resolve unqualified names through search_path. SET LOCAL
            # ends with this transaction, so the pooled connection goes back unchanged.
            conn.exec_driver_sql(f'SET LOCAL search_path TO "{storage.schema_for(tenant.slug)}"')
        yield conn


def _environment(conn: Connection, component: Component, fn, target: str) -> EnvironmentContext:
    script = component.script()
    env = EnvironmentContext(Config(), script, fn=fn, destination_rev=target)
    env.configure(connection=conn, target_metadata=Base.metadata, version_table=component.version_table,
                  render_as_batch=conn.dialect.name == "sqlite")
    return env


def upgrade_component(conn: Connection, component: Component, target: str = "heads") -> None:
    script = component.script()
    with _environment(conn, component, lambda rev, _ctx: script._upgrade_revs(target, rev), target) as env:
        env.run_migrations()


def current_heads(conn: Connection, component: Component) -> set[str]:
    ctx = MigrationContext.configure(conn, opts={"version_table": component.version_table})
    return set(ctx.get_current_heads())


def migrate_tenant(instance, tenant) -> list[str]:
    """Upgrade core and each enabled plugin of *tenant* to its newest revision.

    Returns the names of the components that changed.
    """
    changed = []
    with migration_connection(instance, tenant) as conn:
        for component in components(instance, tenant.plugins):
            before = current_heads(conn, component)
            upgrade_component(conn, component)
            if current_heads(conn, component) != before:
                changed.append(component.name)
    return changed


def pending(instance, tenant) -> list[str]:
    """Components of *tenant* whose database is behind their newest revision (all, if it has none)."""
    parts = components(instance, tenant.plugins)
    if not instance.storage.exists(tenant.slug, tenant.folder):
        return [c.name for c in parts]
    behind = []
    with migration_connection(instance, tenant, prepare=False) as conn:
        for component in parts:
            if current_heads(conn, component) != set(component.script().get_heads()):
                behind.append(component.name)
    return behind


def schema_differences(instance, tenant) -> list:
    """What Alembic autogenerate finds between the models and the migrated database."""
    expected = set().union(*(c.tables for c in components(instance, tenant.plugins)))
    expected |= {t for name in tenant.plugins for t in instance.plugins.info[name].tables}
    # A disabled plugin's tables stay in the database on purpose; anything else unknown is reported.
    plugin_tables = set().union(*(info.tables for info in instance.plugins.info.values()))

    def include(obj, name, type_, reflected, compare_to):
        if type_ != "table":
            return True
        if name.startswith("alembic_version"):
            return False
        return name in expected or (reflected and name not in plugin_tables)

    with migration_connection(instance, tenant, prepare=False) as conn:
        ctx = MigrationContext.configure(conn, opts={"include_object": include, "compare_type": True})
        return compare_metadata(ctx, Base.metadata)


def make_revision(instance, component: Component, message: str) -> Path:
    """Write a new revision for *component* with what autogenerate finds missing.

    It compares the models with a scratch SQLite database migrated to the current head,
    so it needs no tenant; review the file before committing it.
    """
    engine = create_engine("sqlite://")
    with engine.begin() as conn:
        if component.name != "core":
            upgrade_component(conn, core_component())
        upgrade_component(conn, component)
        ctx = MigrationContext.configure(conn, opts={
            "include_object": lambda obj, name, type_, reflected, c: (type_ != "table"
                                                                      or component.owns(name, reflected)),
            "render_as_batch": True, "target_metadata": Base.metadata})
        script_ops = produce_migrations(ctx, Base.metadata)
    script = component.script()
    if script_ops.upgrade_ops.is_empty():
        raise NoaberError(f"{component.name}: the models match the migrations; nothing to write")
    revision = script.generate_revision(
        new_rev_id(), message, head="heads" if script.get_heads() else "base", refresh=True,
        upgrades=render_python_code(script_ops.upgrade_ops, render_as_batch=True, render_item=_render_item),
        downgrades=render_python_code(script_ops.downgrade_ops, render_as_batch=True, render_item=_render_item))
    return Path(revision.path)


def _render_item(type_, obj, _autogen_context):
    """Migrations name plain SQLAlchemy types, so they never import our code."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False
