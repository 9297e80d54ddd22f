"""The noaber command: what it creates, and how it refuses bad input (exit 2, one line, nothing made)."""
from __future__ import annotations

import re

import pytest

from core.testing import write_config


def schemas(instance):
    """PostgreSQL schemas of this test (empty set on SQLite)."""
    if not instance.storage.is_postgresql:
        return set()
    from sqlalchemy import text
    with instance.storage._shared_engine().connect() as conn:
        return set(conn.scalars(text("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, :p)"),
                                {"p": instance.storage.schema_prefix}))


def test_init_creates_a_working_tenant(cli, instance):
    result = cli("init", "de-es", "--name", "Zorgcoöperatie De Es", "--plugins", "example",
                 "--host", "de-es.example.org", "--region", "GM0153")
    assert result.code == 0, result.err
    assert "Signing key fingerprint:" in result.out and "noaber serve" in result.out
    tenant = instance.tenants.get("de-es")
    assert (tenant.name, tenant.plugins, tenant.hosts, tenant.region) == \
        ("Zorgcoöperatie De Es", ("example",), ("de-es.example.org",), "GM0153")
    from core.tenancy.keys import active_key
    with instance.storage.session(tenant) as session:
        key = active_key(session)
    assert len(key.kid) == 43  # base64url SHA-256 thumbprint
    assert (key.kid.replace("-", "").replace("_", "")[:4]
            in result.out.replace(" ", "").replace("-", "").replace("_", ""))


@pytest.mark.parametrize("args, message", [
    (["init", "De_Es", "--name", "x"], "'De_Es' is not a tenant name"),
    (["init", "d", "--name", "x"], "'d' is not a tenant name"),
    (["init", "de-es", "--name", "x", "--plugins", "transprot"],
     "unknown plugin 'transprot' (installed: budgeting, example, transport)"),
    (["init", "de-es", "--name", "x", "--kind", "village"], "'village' is not one of 'neighbourhood', 'coalition'"),
    (["init", "de-es", "--name", "   "], "--name must be 1 to 200 printable characters"),
    (["init", "de-es", "--name", "x", "--host", "Bad Host"], "invalid host 'Bad Host'"),
    (["init", "de-es"], "Missing option '--name'"),
    (["migrate", "--tenant", "nergens"], "no tenant 'nergens'"),
    (["example", "post", "nergens", "--title", "x"], "no tenant 'nergens'"),
    (["revision", "ferry", "-m", "x"], "unknown component 'ferry'"),
    (["serve", "--port", "0"], "0 is not in the range 1<=x<=65535"),
    (["frobnicate"], "No such command 'frobnicate'"),
])
def test_bad_arguments_exit_2_with_one_line_and_create_nothing(cli, instance, args, message):
    result = cli(*args)
    assert result.code == 2
    assert message in result.err
    assert result.err.startswith("noaber: ") and result.err.count("\n") == 1
    assert not (instance.tenants_root / "de-es").exists()
    assert schemas(instance) == set()


def test_init_refuses_an_existing_tenant_and_a_taken_host(cli, instance):
    assert cli("init", "de-es", "--name", "De Es", "--host", "buurt.example.org").code == 0
    again = cli("init", "de-es", "--name", "Ander")
    assert again.code == 2 and "already exists" in again.err
    taken = cli("init", "de-linde", "--name", "De Linde", "--host", "buurt.example.org")
    assert taken.code == 2 and "'buurt.example.org' is already served by tenant 'de-es'" in taken.err
    assert not (instance.tenants_root / "de-linde").exists()


def test_failed_init_removes_what_it_made(cli, instance, monkeypatch):
    import core.tenancy.admin

    def broken_migration(*_args):
        raise RuntimeError("disk full")
    monkeypatch.setattr(core.tenancy.admin, "migrate_tenant", broken_migration)
    with pytest.raises(RuntimeError):
        core.tenancy.admin.create_tenant(instance, "de-es", "De Es")
    assert not (instance.tenants_root / "de-es").exists()
    assert schemas(instance) == set()


def test_broken_tenant_toml_gives_exit_2_with_the_reason(cli, instance):
    assert cli("init", "de-es", "--name", "De Es").code == 0
    write_config(instance.tenants_root / "de-es" / "tenant.toml", "name = 'De Es'\nkind = 'dorp'\n")
    result = cli("migrate", "--tenant", "de-es")
    assert result.code == 2 and "kind: Must be one of: neighbourhood, coalition" in result.err
    assert result.err.count("\n") == 1


def test_migrate_all_reports_broken_tenants_and_migrates_the_rest(cli, instance):
    cli("init", "de-es", "--name", "De Es")
    cli("init", "bloemkwartier", "--name", "Bloemkwartier")
    write_config(instance.tenants_root / "bloemkwartier" / "tenant.toml",
                 "name = 'B'\n[plugins]\nenabled = ['nope']\n")
    result = cli("migrate")
    assert result.code == 1
    assert ("Migrated 1 tenant(s)" in result.out and "bloemkwartier" in result.err
            and "unknown plugin 'nope'" in result.err)


def test_tenants_lists_state(cli, instance):
    from core.testing import set_enabled
    cli("init", "de-es", "--name", "De Es", "--plugins", "example", "--host", "de-es.example.org")
    cli("init", "regio-oost", "--name", "Regio Oost", "--kind", "coalition")
    set_enabled(instance.tenants_root / "regio-oost", ["example"])
    out = cli("tenants").out.splitlines()
    assert out[0].split() == ["SLUG", "KIND", "PLUGINS", "HOSTS", "STATE"]
    assert out[1].split() == ["de-es", "neighbourhood", "example", "de-es.example.org", "ok"]
    assert out[2].split()[:2] == ["regio-oost", "coalition"] and "needs migrate (example)" in out[2]
    assert cli("migrate").code == 0
    assert cli("tenants").out.splitlines()[2].endswith("ok")


def test_plugins_lists_users(cli):
    cli("init", "de-es", "--name", "De Es", "--plugins", "example")
    cli("init", "bloemkwartier", "--name", "Bloemkwartier")
    out = cli("plugins", "--hooks").out
    assert re.search(r"^example\s+0\.1\.0\s+de-es\s", out, re.M) and "noaber_demo_data" in out


def test_plugin_command_posts_to_board(cli, instance):
    cli("init", "de-es", "--name", "De Es", "--plugins", "example")
    assert cli("example", "post", "de-es", "--title", "Rommelmarkt zaterdag").code == 0
    from core.instance import tenant_context
    from plugins.example.service import current_notices
    with tenant_context("de-es", instance) as scope:
        assert "Rommelmarkt zaterdag" in [n.title for n in current_notices(scope.session, 30)]
    cli("init", "bloemkwartier", "--name", "Bloemkwartier")
    refused = cli("example", "post", "bloemkwartier", "--title", "x")
    assert refused.code == 2 and "has not enabled plugin 'example'" in refused.err


def test_tenants_root_from_option(cli, tmp_path):
    other = tmp_path / "elders"
    assert cli("init", "de-es", "--name", "De Es", "--tenants", str(other)).code == 0
    assert (other / "de-es" / "tenant.toml").exists()


def test_init_never_adopts_a_leftover_database(cli, instance):
    """A tenant folder removed without its PostgreSQL schema: that schema holds people's data."""
    import shutil
    assert cli("init", "de-es", "--name", "De Es").code == 0
    shutil.rmtree(instance.tenants_root / "de-es")
    result = cli("init", "de-es", "--name", "Nieuw")
    if instance.storage.is_postgresql:
        assert result.code == 2 and "a database for 'de-es' already exists" in result.err
        assert not (instance.tenants_root / "de-es").exists()
    else:  # with SQLite the database went with the folder, and a new one is made
        assert result.code == 0 and instance.tenants.get("de-es").name == "Nieuw"


def test_unreachable_database_is_one_line(cli, monkeypatch):
    monkeypatch.setenv("NOABER_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    result = cli("init", "de-es", "--name", "De Es")
    assert result.code == 1
    assert result.err.startswith("noaber: the database does not answer:") and result.err.count("\n") == 1


def test_tenants_listing_creates_nothing(cli, instance):
    from core.testing import write_config
    folder = instance.tenants_root / "de-es"
    folder.mkdir()
    write_config(folder / "tenant.toml", "name = 'Gekopieerd'\n")
    out = cli("tenants").out
    assert "needs migrate (core)" in out
    assert not (folder / "data").exists() and not instance.storage.exists("de-es", folder)
