"""Taking a backup of one tenant while it is served."""
from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from sqlalchemy import create_engine

from core.backup.archive import FORMAT, write_archive
from core.backup.database import copy_sqlite, dump_schema
from core.errors import NoaberError
from core.instance import Instance
from core.storage.migrate import components, current_heads, migration_connection
from core.tenancy.tenants import CONFIG_FILE, Tenant

#: the tenant folder's own files that travel with it; ``data/`` is the database, taken apart
FOLDERS = ("plugins", "files")


def tenant_files(folder: Path) -> dict[str, Path]:
    """``{name in the archive: path}`` for tenant.toml, its local plugins and its uploaded files."""
    found = {f"tenant/{CONFIG_FILE}": folder / CONFIG_FILE}
    for name in FOLDERS:
        for path in sorted((folder / name).rglob("*")):
            if path.is_file() and not path.is_symlink() and "__pycache__" not in path.parts:
                found[f"tenant/{path.relative_to(folder).as_posix()}"] = path
    return found


def _heads(conn, parts) -> dict[str, list[str]]:
    return {part.name: sorted(current_heads(conn, part)) for part in parts}


def _database(instance: Instance, tenant: Tenant, work: Path) -> tuple[str, dict, dict]:
    """Copy the database into *work*: its name in the archive, the migration heads, what the manifest adds."""
    parts = components(instance, tenant.plugins)
    (work / "database").mkdir()
    storage = instance.storage
    if storage.is_postgresql:
        schema = storage.schema_for(tenant.slug)
        with migration_connection(instance, tenant, prepare=False) as conn:
            heads = _heads(conn, parts)
        dump_schema(storage.database_url, schema, work / "database" / "schema.sql")
        return "database/schema.sql", heads, {"schema": schema}
    copy = work / "database" / "noaber.sqlite3"
    copy_sqlite(storage.sqlite_path(tenant), copy)
    engine = create_engine(f"sqlite:///{copy}")
    try:
        with engine.connect() as conn:  # the heads of the copy itself: they and the data agree
            heads = _heads(conn, parts)
    finally:
        engine.dispose()
    return "database/noaber.sqlite3", heads, {}


def take_backup(instance: Instance, tenant: Tenant, target: Path) -> dict:
    """Write tenant's backup to *target*; returns its manifest."""
    if target.exists():
        raise NoaberError(f"{target} exists already; choose another name")
    if not target.parent.is_dir():
        raise NoaberError(f"{target.parent} does not exist")
    if not instance.storage.exists(tenant.slug, tenant.folder):
        raise NoaberError(f"tenant {tenant.slug!r} has no database yet; run `noaber migrate --tenant {tenant.slug}`")
    with tempfile.TemporaryDirectory(prefix=".noaber-backup-", dir=target.parent) as work:
        name, heads, extra = _database(instance, tenant, Path(work))
        files = {**tenant_files(tenant.folder), name: Path(work) / name}
        manifest = {"format": FORMAT, "noaber": version("noaber"), "created_at": datetime.now(UTC).isoformat(),
                    "slug": tenant.slug, "name": tenant.name, "kind": tenant.kind,
                    "backend": instance.storage.backend, "database": name, "heads": heads, **extra}
        write_archive(target, manifest, files)
    return manifest
