"""Migrations on the backend under test: per component, per tenant, and in step with the models."""
from __future__ import annotations

from sqlalchemy import inspect

from core.storage.migrate import (
    components,
    make_revision,
    migrate_tenant,
    pending,
    schema_differences,
)


def table_names(instance, tenant) -> set[str]:
    engine = instance.storage.engine(tenant)
    schema = instance.storage.schema_for(tenant.slug) if instance.storage.is_postgresql else None
    with engine.connect() as conn:
        return set(inspect(conn).get_table_names(schema=schema))


def test_init_migrates_core_and_enabled_plugins_only(make_tenant, instance):
    es = make_tenant("de-es", plugins=["example"])
    bloem = make_tenant("bloemkwartier")
    assert ({"core_signing_key", "example_notice", "alembic_version", "alembic_version_example"}
            <= table_names(instance, es))
    assert "example_notice" not in table_names(instance, bloem)
    assert "alembic_version_example" not in table_names(instance, bloem)


def test_models_and_migrations_agree(make_tenant, instance):
    tenant = make_tenant("de-es", plugins=["example"])
    assert schema_differences(instance, tenant) == []
    assert pending(instance, tenant) == []


def test_differences_are_found_when_a_migration_is_missing(make_tenant, instance):
    tenant = make_tenant("de-es", plugins=["example"])
    engine = instance.storage.engine(tenant)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE example_notice" if not instance.storage.is_postgresql else
                             f'DROP TABLE "{instance.storage.schema_for("de-es")}".example_notice')
    diffs = schema_differences(instance, tenant)
    assert diffs[0][0] == "add_table" and diffs[0][1].name == "example_notice"
    assert {d[0] for d in diffs} == {"add_table", "add_index"}


def test_enabling_a_plugin_creates_its_tables_and_leaves_other_tenants_alone(make_tenant, instance, enable_plugins):
    make_tenant("de-es")
    other = make_tenant("bloemkwartier")
    before_other = table_names(instance, other)
    tenant = enable_plugins("de-es", "example")
    assert "example_notice" in table_names(instance, tenant)
    assert table_names(instance, other) == before_other


def test_disabling_a_plugin_keeps_its_data(make_tenant, instance):
    from core.testing import set_enabled
    tenant = make_tenant("de-es", plugins=["example"])
    set_enabled(tenant.folder, [])
    tenant = instance.tenants.get("de-es")
    assert migrate_tenant(instance, tenant) == []
    assert "example_notice" in table_names(instance, tenant)
    assert schema_differences(instance, tenant) == []  # a disabled plugin's tables are expected


def test_migrate_is_idempotent(make_tenant, instance):
    tenant = make_tenant("de-es", plugins=["example"])
    assert migrate_tenant(instance, tenant) == []


def test_pending_reports_components_behind(make_tenant, instance):
    tenant = make_tenant("de-es", plugins=["example"])
    with instance.storage.engine(tenant).begin() as conn:
        table = "alembic_version_example" if not instance.storage.is_postgresql else \
            f'"{instance.storage.schema_for("de-es")}".alembic_version_example'
        conn.exec_driver_sql(f"DELETE FROM {table}")
        conn.exec_driver_sql(f"DROP TABLE {table.replace('alembic_version_example', 'example_notice')}")
    assert pending(instance, tenant) == ["example"]
    assert migrate_tenant(instance, tenant) == ["example"]
    assert pending(instance, tenant) == []


def test_revision_writes_what_the_models_add(instance, tmp_path, monkeypatch):
    """A plugin author's new model becomes a migration file that creates it, and nothing else."""
    from sqlalchemy import Column, Integer, String, Table

    from core.storage.base import Base
    from core.storage.migrate import Component
    example = [c for c in components(instance, ["example"]) if c.name == "example"][0]
    versions = tmp_path / "versions"
    versions.mkdir()
    for path in example.versions_dir.glob("*.py"):
        (versions / path.name).write_text(path.read_text())

    from core.storage.base import UTCDateTime
    tags = Table("example_tag", Base.metadata, Column("id", Integer, primary_key=True), Column("label", String(40)),
                 Column("made_at", UTCDateTime()))
    try:
        component = Component("example", versions, example.tables | {"example_tag"})
        path = make_revision(instance, component, "add tags")
        text = path.read_text()
        assert "op.create_table('example_tag'" in text and "example_notice" not in text
        assert f"down_revision = {example.script().get_current_head()!r}" in text
        assert "core.db" not in text  # migrations name plain SQLAlchemy types
    finally:
        Base.metadata.remove(tags)


def test_revision_drops_the_table_of_a_removed_model(instance, tmp_path):
    """A model taken out of a plugin becomes a migration that drops its table."""
    from core.storage.base import Base
    from core.storage.migrate import Component
    example = [c for c in components(instance, ["example"]) if c.name == "example"][0]
    versions = tmp_path / "versions"
    versions.mkdir()
    for path in example.versions_dir.glob("*.py"):
        (versions / path.name).write_text(path.read_text())
    notice = Base.metadata.tables["example_notice"]
    Base.metadata.remove(notice)
    try:
        text = make_revision(instance, Component("example", versions, example.tables - {"example_notice"}),
                             "notices go").read_text()
        assert "op.drop_table('example_notice')" in text
        assert "drop_table('core_" not in text and "create_table('core_" not in text  # core's are core's business
    finally:
        Base.metadata._add_table(notice.name, notice.schema, notice)  # as it was, for the other tests
