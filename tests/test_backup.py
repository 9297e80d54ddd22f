"""``noaber backup`` and ``noaber restore``: what they refuse, in one line, changing nothing."""
from __future__ import annotations

import io
import json
import tarfile

import pytest

from core.backup.archive import sha256_of


def rewrite(source, target, change_manifest=None, change_files=None, rehash=True):
    """Copy a backup, changing its manifest and files, with checksums made again (or not)."""
    with tarfile.open(source, "r:gz") as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    manifest = json.loads(members.pop("manifest.json"))
    (change_files or (lambda files: None))(members)
    if rehash:
        import hashlib
        manifest["files"] = {name: {"sha256": hashlib.sha256(body).hexdigest(), "size": len(body)}
                             for name, body in members.items()}
    (change_manifest or (lambda m: None))(manifest)
    with tarfile.open(target, "w:gz") as tar:
        for name, body in [("manifest.json", json.dumps(manifest).encode()), *members.items()]:
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    return target


@pytest.fixture
def backed_up(cli, make_tenant, tmp_path):
    make_tenant("de-es", plugins=["example"])
    file = tmp_path / "de-es.tar.gz"
    assert cli("backup", "de-es", "--to", str(file)).code == 0
    return file


def nothing_changed(instance):
    return sorted(p.name for p in instance.tenants_root.iterdir() if not p.name.startswith(".noaber"))


def one_line(result, text):
    assert result.code == 2 and result.out == "" and len(result.err.strip().splitlines()) == 1, result
    assert text in result.err, result.err


def test_the_manifest_lists_every_file_with_its_checksum(backed_up, tmp_path):
    with tarfile.open(backed_up, "r:gz") as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
        tar.extractall(tmp_path / "out", filter="data")
    assert names[0] == "manifest.json" and set(names[1:]) == set(manifest["files"])
    assert {"tenant/tenant.toml", manifest["database"]} <= set(manifest["files"])
    assert all(sha256_of(tmp_path / "out" / name) == entry["sha256"] for name, entry in manifest["files"].items())
    assert manifest["slug"] == "de-es" and set(manifest["heads"]) == {"core", "example"}
    assert oct(backed_up.stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize("case, message", [
    ("junk", "is not a valid noaber backup: not a gzip'd tar file"),
    ("checksum", "tenant/tenant.toml does not match its checksum"),
    ("escape", "'tenant/../../evil.py' is not one of its files"),
    ("newer", "made by noaber 99.0, newer than this"),
    ("revision", "revision ffffffffffff of core, unknown to this installation"),
    ("backend", "restore it on an instance like the one it came from"),
    ("plugin", "uses plugin 'lending', which is not installed here"),
])
def test_a_bad_backup_is_refused_and_changes_nothing(backed_up, cli, instance, tmp_path, case, message):
    other = "sqlite" if instance.storage.is_postgresql else "postgresql"
    bad = tmp_path / "bad.tar.gz"
    if case == "junk":
        bad.write_bytes(b"not a backup at all")
    elif case == "checksum":
        rewrite(backed_up, bad, change_files=lambda f: f.update({"tenant/tenant.toml": b'name = "Evil"\n'}),
                rehash=False)
    elif case == "escape":
        rewrite(backed_up, bad, change_files=lambda f: f.update({"tenant/../../evil.py": b"print(1)"}))
    else:
        change = {"newer": lambda m: m.update(noaber="99.0"),
                  "revision": lambda m: m["heads"].update(core=["ffffffffffff"]),
                  "backend": lambda m: m.update(backend=other, schema="t_de_es"),
                  "plugin": lambda m: m["heads"].update(lending=["abc"])}[case]
        rewrite(backed_up, bad, change_manifest=change)
    before = nothing_changed(instance)
    one_line(cli("restore", str(bad), "--replace"), message)
    assert nothing_changed(instance) == before and not (tmp_path.parent / "evil.py").exists()


def test_backup_refuses_what_it_cannot_do(backed_up, cli, tmp_path):
    one_line(cli("backup", "de-es", "--to", str(backed_up)), "exists already")
    one_line(cli("backup", "de-linde", "--to", str(tmp_path / "x.tar.gz")), "no tenant 'de-linde'")
    one_line(cli("backup", "--to", str(tmp_path / "x.tar.gz")), "give a tenant SLUG or --all")
    one_line(cli("backup", "--all", "--to", str(tmp_path / "nergens")), "is not a folder")


def test_backup_all_writes_a_file_per_tenant(backed_up, cli, make_tenant, tmp_path):
    make_tenant("de-linde")
    (tmp_path / "nightly").mkdir()
    result = cli("backup", "--all", "--to", str(tmp_path / "nightly"))
    assert result.code == 0
    assert sorted(p.name.split("-2")[0] for p in (tmp_path / "nightly").iterdir()) == ["de-es", "de-linde"]


def test_a_backup_with_a_host_served_here_by_another_tenant_is_refused(backed_up, cli, make_tenant, tmp_path):
    bad = rewrite(backed_up, tmp_path / "host.tar.gz", change_files=lambda f: f.update(
        {"tenant/tenant.toml": f["tenant/tenant.toml"].replace(b"hosts = []", b'hosts = ["linde.example.org"]')}))
    make_tenant("de-linde", hosts=["linde.example.org"])
    one_line(cli("restore", str(bad), "--replace"), "host 'linde.example.org' of the backup is served here by")


def test_a_missing_pg_dump_is_one_line(cli, make_tenant, tmp_path, monkeypatch, instance):
    from core.backup.database import pg_program
    from core.errors import NoaberError
    monkeypatch.setenv("NOABER_PG_BIN", str(tmp_path))
    with pytest.raises(NoaberError, match="pg_dump was not found in NOABER_PG_BIN=.*postgresql-client"):
        pg_program("pg_dump")
    if instance.storage.is_postgresql:  # and the command says so, writing nothing
        make_tenant("de-es")
        one_line(cli("backup", "de-es", "--to", str(tmp_path / "x.tar.gz")), "pg_dump was not found")
        assert not (tmp_path / "x.tar.gz").exists()


def downgrade_core_once(instance, tenant) -> str:
    """Take the tenant's core tables one revision back, as a backup from the release before would be."""
    from alembic.config import Config
    from alembic.runtime.environment import EnvironmentContext

    from core.storage.base import Base
    from core.storage.migrate import core_component, migration_connection
    script = core_component().script()
    with migration_connection(instance, tenant, prepare=False) as conn:
        env = EnvironmentContext(Config(), script, fn=lambda rev, _ctx: script._downgrade_revs("-1", rev),
                                 destination_rev="-1")
        env.configure(connection=conn, target_metadata=Base.metadata, version_table="alembic_version",
                      render_as_batch=conn.dialect.name == "sqlite")
        with env:
            env.run_migrations()
    return script.get_revision(script.get_current_head()).down_revision


def test_a_backup_from_an_older_release_is_migrated(cli, make_tenant, instance, tmp_path, noaber_database_url):
    from servers import isolated_instance

    from core.storage.migrate import pending
    tenant = make_tenant("de-es", plugins=["example"])
    older = downgrade_core_once(instance, tenant)
    assert pending(instance, tenant) == ["core"]
    file = tmp_path / "older.tar.gz"
    assert cli("backup", "de-es", "--to", str(file)).code == 0
    with tarfile.open(file, "r:gz") as tar:
        assert json.loads(tar.extractfile("manifest.json").read())["heads"]["core"] == [older]
    with isolated_instance(tmp_path / "elsewhere", noaber_database_url) as elsewhere:
        restored = cli("restore", str(file))
        assert restored.code == 0 and "Upgraded: core." in restored.out, restored
        assert pending(elsewhere, elsewhere.tenants.get("de-es")) == []
