"""Plugin loading, naming rules, hook scoping and tenant-local plugins."""
from __future__ import annotations

import inspect
import textwrap

import pytest

from core import hookspecs
from core.errors import PluginError, TenantConfigError
from core.instance import load_plugins
from core.testing import write_config
from datetime import UTC

GROUP = "noaber.test_plugins"  # where the fake_plugin fixture installs


def test_example_plugin_implements_every_hook():
    from core.instance import installed_plugins
    specs = {name for name, _ in inspect.getmembers(hookspecs, inspect.isfunction) if name.startswith("noaber_")}
    assert installed_plugins().hookimpls_by_plugin()["example"] and \
        set(installed_plugins().hookimpls_by_plugin()["example"]) == specs


def test_misspelt_hook_fails_at_start_up(fake_plugin):
    fake_plugin("nb_typo", """
        from core import hookimpl

        @hookimpl
        def noaber_menu_item(tenant):
            return []
    """)
    with pytest.raises(PluginError, match="noaber_menu_item"):
        load_plugins(group=GROUP)


def test_misspelt_hook_stops_the_command_with_exit_2(fake_plugin, run_noaber):
    site = fake_plugin("nb_typo2", """
        from core import hookimpl

        @hookimpl
        def noaber_home_panel(tenant, session):
            return []
    """, group="noaber.plugins")
    result = run_noaber("plugins", env={"PYTHONPATH": str(site)})
    assert result.code == 2
    assert result.err.count("\n") == 1 and "noaber_home_panel" in result.err and "nb_typo2" in result.err


def test_plugin_tables_must_carry_its_name(fake_plugin):
    from core.storage.base import Base
    fake_plugin("nb_tables", """
        from sqlalchemy import Column, Integer, Table
        from core.storage.base import Base
        rides = Table("rides", Base.metadata, Column("id", Integer, primary_key=True))
    """)
    try:
        with pytest.raises(PluginError, match="'rides': a plugin's tables start with 'nb_tables_'"):
            load_plugins(group=GROUP)
    finally:
        Base.metadata.remove(Base.metadata.tables["rides"])


@pytest.mark.parametrize("name", ["core", "Transport", "x", "enabled"])
def test_plugin_names_are_checked(fake_plugin, tmp_path, name):
    site = fake_plugin("nb_named", "")
    (site / "nb_named-0.1.dist-info" / "entry_points.txt").write_text(f"[{GROUP}]\n{name} = nb_named\n")
    with pytest.raises(PluginError, match="is not allowed"):
        load_plugins(group=GROUP)


def test_blueprint_must_carry_the_plugin_name(fake_plugin, instance):
    from core.instance import Instance
    from core.server.app import create_app
    fake_plugin("nb_bp", """
        from flask import Blueprint
        from core import hookimpl

        @hookimpl
        def noaber_web_blueprint():
            return Blueprint("something_else", __name__)
    """)
    with pytest.raises(PluginError, match="blueprint must be named 'nb_bp'"):
        create_app(Instance(plugins=load_plugins(group=GROUP)))


def write_local_plugin(instance, slug, source):
    folder = instance.tenants_root / slug / "plugins"
    folder.mkdir(exist_ok=True)
    (folder / "eigen.py").write_text(textwrap.dedent(source))
    config = instance.tenants_root / slug / "tenant.toml"
    write_config(config, config.read_text() + "\n")  # a touched tenant.toml reloads its local plugins


def test_local_plugin_serves_only_its_own_tenant(make_tenant, instance, client):
    make_tenant("de-es")
    make_tenant("bloemkwartier")
    write_local_plugin(instance, "bloemkwartier", """
        from core import hookimpl
        from core.toolkit import Panel

        @hookimpl
        def noaber_home_panels(tenant, session):
            return [Panel("Buurthuis De Tulp", "Open op maandag.")]
    """)
    assert "Buurthuis De Tulp" in client.get("/t/bloemkwartier/").text
    assert "Buurthuis De Tulp" not in client.get("/t/de-es/").text


def test_local_plugin_with_misspelt_hook_is_refused(make_tenant, instance):
    make_tenant("de-es")
    write_local_plugin(instance, "de-es", """
        from core import hookimpl

        @hookimpl
        def noaber_home_panel(tenant, session):
            return []
    """)
    with pytest.raises(TenantConfigError, match="noaber_home_panel"):
        instance.tenants.get("de-es")


def test_local_plugin_cannot_add_routes(make_tenant, instance):
    make_tenant("de-es")
    write_local_plugin(instance, "de-es", """
        from core import hookimpl

        @hookimpl
        def noaber_web_blueprint():
            return None
    """)
    with pytest.raises(TenantConfigError, match="noaber_web_blueprint is process-wide"):
        instance.tenants.get("de-es")


def test_tenant_hooks_reach_only_enabled_plugins(make_tenant, instance):
    with_board = make_tenant("de-es", plugins=["example"])
    without = make_tenant("bloemkwartier")
    endpoints = lambda t: sorted(i.endpoint for items in instance.hooks(t).noaber_menu_items(tenant=t) for i in items)
    core_items = endpoints(without)
    assert "example.board" not in core_items and "core.home" in core_items
    assert endpoints(with_board) == sorted(core_items + ["example.board"])


def test_process_wide_hooks_are_not_offered_per_tenant(make_tenant, instance):
    tenant = make_tenant("de-es", plugins=["example"])
    with pytest.raises(AttributeError, match="not a tenant-scoped hook"):
        _ = instance.hooks(tenant).noaber_web_blueprint


def test_a_tenants_own_plugin_answers_a_first_result_hook_before_installed_ones(make_tenant, instance):
    from datetime import datetime

    from core.toolkit import Place, RideRequest
    make_tenant("de-es", plugins=["example"])
    write_local_plugin(instance, "de-es", """
        from core import hookimpl

        @hookimpl
        def noaber_request_ride(tenant, session, request):
            return 77 if request.person_id == 1 else None
    """)
    tenant = instance.tenants.get("de-es")
    ask = lambda person_id: instance.hooks(tenant).noaber_request_ride(  # noqa: E731
        tenant=tenant, session=None, request=RideRequest(person_id, Place("De Tulp"), datetime.now(UTC), "t:1"))
    assert ask(1) == 77
    with instance.storage.session(tenant) as session:  # the local plugin passes: the notice board answers None
        assert instance.hooks(tenant).noaber_request_ride(
            tenant=tenant, session=session,
            request=RideRequest(2, Place("De Tulp"), datetime.now(UTC), "t:2")) is None


def test_every_installed_plugins_tables_map_together():
    """All plugins share one declarative registry: a relationship written by class name (or an annotation
    under ``from __future__ import annotations``) must find one class only. Two plugins with a class
    ``Attendance`` broke every mapper until one of them named its target by its full path."""
    from sqlalchemy.orm import configure_mappers

    from core.instance import installed_plugins
    installed_plugins()  # imports every plugin, and so its models
    configure_mappers()
