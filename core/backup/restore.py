"""Putting a backup back: every check first, then the database and the folder swapped in.

The backup is unpacked into a hidden staging folder in the tenants root (a PostgreSQL dump
into a staging schema), migrated there when it is older than this installation, and only
then swapped in: a SQLite database is copied into the live file with SQLite's backup API
(servers holding it open see the new content at once), a PostgreSQL schema is renamed into
place in one transaction. Anything that fails before the swap leaves everything as it was.
"""
from __future__ import annotations

import shutil
import tempfile
import uuid
from importlib.metadata import version
from pathlib import Path

from alembic.util import CommandError
from packaging.version import InvalidVersion, Version

from core.backup.archive import read_archive
from core.backup.database import copy_sqlite, load_schema
from core.backup.take import FOLDERS
from core.errors import NoaberError
from core.instance import Instance
from core.storage.migrate import components, core_component
from core.tenancy.admin import migrate_and_seed
from core.tenancy.tenants import CONFIG_FILE, Tenant, check_slug


def _check_version(manifest: dict) -> None:
    here = version("noaber")
    try:
        newer = Version(manifest["noaber"]) > Version(here)
    except InvalidVersion:
        raise NoaberError(f"the backup names no noaber version ({manifest['noaber']!r})") from None
    if newer:
        raise NoaberError(f"the backup was made by noaber {manifest['noaber']}, newer than this {here}: "
                          "upgrade noaber first")


def _check_heads(instance: Instance, manifest: dict) -> None:
    """Every revision in the backup is one this installation knows (else a newer noaber made it)."""
    for name, revisions in manifest["heads"].items():
        if name != "core" and name not in instance.plugins.info:
            raise NoaberError(f"the backup's tenant uses plugin {name!r}, which is not installed here")
        part = core_component() if name == "core" else next(
            (c for c in components(instance, [name]) if c.name == name), None)
        for revision in revisions:
            try:
                known = part.script().get_revision(revision) if part is not None else None
            except CommandError:
                known = None
            if known is None:
                raise NoaberError(f"the backup holds revision {revision} of {name}, unknown to this installation "
                                  f"(noaber {version('noaber')}); upgrade noaber or the plugin first")


def _check_place(instance: Instance, tenant: Tenant, replace: bool) -> None:
    live = instance.tenants_root / tenant.slug
    if not replace and (live.exists() or instance.storage.exists(tenant.slug, live)):
        raise NoaberError(f"tenant {tenant.slug!r} exists here; add --replace to put the backup in its place")
    for host in tenant.hosts:
        owner = instance.tenants.host_owner(host)
        if owner not in (None, tenant.slug):
            raise NoaberError(f"host {host!r} of the backup is served here by tenant {owner!r}")


def restore_backup(instance: Instance, file: Path, replace: bool = False) -> tuple[Tenant, list[str], dict]:
    """Restore the tenant in *file*; returns it, the components migrated, and the manifest."""
    root = instance.tenants_root
    root.mkdir(parents=True, exist_ok=True)
    staging_root = Path(tempfile.mkdtemp(prefix=".restore-", dir=root))
    staging = Instance(tenants_root=staging_root, database_url=instance.storage.database_url or "",
                       plugins=instance.plugins, schema_prefix=f"r{uuid.uuid4().hex[:8]}_")
    staged_schema = None
    try:
        manifest = read_archive(file, staging_root)
        folder = staging_root / check_slug(manifest["slug"])
        (staging_root / "tenant").rename(folder)
        if manifest["backend"] != instance.storage.backend:
            raise NoaberError(f"the backup holds a {manifest['backend']} database and this instance uses "
                              f"{instance.storage.backend}; restore it on an instance like the one it came from")
        _check_version(manifest)
        _check_heads(instance, manifest)
        tenant = instance.load_tenant(folder)
        _check_place(instance, tenant, replace)
        staged_schema = _stage_database(staging, tenant, staging_root / manifest["database"], manifest)
        migrated = migrate_and_seed(staging, staging.load_tenant(folder))
        staging.storage.dispose()
        _swap_in(instance, folder, staged_schema)
        staged_schema = None
        return instance.tenants.get(tenant.slug), migrated, manifest
    finally:
        staging.storage.dispose()
        if staged_schema is not None:
            instance.storage.drop_schema(staged_schema)
        shutil.rmtree(staging_root, ignore_errors=True)


def _stage_database(staging: Instance, tenant: Tenant, database: Path, manifest: dict) -> str | None:
    """Put the backup's database where *staging* finds it; returns the staging schema (PostgreSQL)."""
    if not staging.storage.is_postgresql:
        (staging.tenants_root / tenant.slug / "data").mkdir(exist_ok=True)
        database.rename(staging.tenants_root / tenant.slug / "data" / "noaber.sqlite3")
        return None
    schema = staging.storage.schema_for(tenant.slug)
    load_schema(staging.storage.database_url, database, manifest["schema"], schema)
    return schema


def _swap_in(instance: Instance, folder: Path, staged_schema: str | None) -> None:
    """The staged tenant becomes the live one: database first, then the folder's files."""
    slug, live = folder.name, instance.tenants_root / folder.name
    staged_file, live_file = folder / "data" / "noaber.sqlite3", live / "data" / "noaber.sqlite3"
    if staged_schema is not None:
        instance.storage.swap_schema(staged_schema, slug)
    elif live_file.exists():
        copy_sqlite(staged_file, live_file)
    elif live.exists():
        live_file.parent.mkdir(exist_ok=True)
        staged_file.rename(live_file)
    instance.storage.forget(slug)
    if not live.exists():
        folder.rename(live)
        return
    for name in FOLDERS:
        if (live / name).exists():
            (live / name).rename(folder / f".old-{name}")
        if (folder / name).exists():
            (folder / name).rename(live / name)
    (folder / CONFIG_FILE).replace(live / CONFIG_FILE)
