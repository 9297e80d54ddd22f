"""Creating and migrating tenants: what ``noaber init`` and ``noaber migrate`` do."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from core.errors import NoaberError
from core.storage.migrate import migrate_tenant
from core.tenancy.keys import create_signing_key
from core.tenancy.tenants import CONFIG_FILE, KINDS, check_host, check_slug
from core.tenancy.tenants import require_tenant as require_tenant


def toml_string(value: str) -> str:
    # A JSON string is a valid TOML basic string once DEL and control characters are excluded.
    return json.dumps(value, ensure_ascii=False)


def render_config(name: str, kind: str, hosts: list[str], plugins: list[str], region: str | None) -> str:
    lines = [
        "# This neighbourhood's configuration; see tenants/README.md for every setting.",
        f"name = {toml_string(name)}",
        f"kind = {toml_string(kind)}",
        f"hosts = [{', '.join(map(toml_string, hosts))}]",
    ]
    if region:
        lines.append(f"region = {toml_string(region)}")
    lines += ["", "[plugins]", f"enabled = [{', '.join(map(toml_string, plugins))}]", ""]
    return "\n".join(lines)


def check_new_tenant(instance, slug, name, kind, plugins, hosts) -> Path:
    """Everything that can be wrong with an ``init``, found before anything is written."""
    check_slug(slug)
    if not name.strip() or not name.isprintable() or len(name) > 200:
        raise NoaberError("--name must be 1 to 200 printable characters")
    if kind not in KINDS:
        raise NoaberError(f"--kind must be one of {', '.join(KINDS)}, not {kind!r}")
    unknown = [p for p in plugins if p not in instance.plugins.info]
    if unknown:
        raise NoaberError(f"unknown plugin {unknown[0]!r} (installed: {', '.join(instance.plugins.names) or 'none'})")
    for host in hosts:
        check_host(host)
        owner = instance.tenants.host_owner(host)
        if owner:
            raise NoaberError(f"host {host!r} is already served by tenant {owner!r}")
    folder = instance.tenants_root / slug
    if folder.exists():
        raise NoaberError(f"{folder} already exists; choose another name or remove that folder")
    if instance.storage.exists(slug, folder):
        # A schema left by a removed tenant holds its people's data: never adopt it silently.
        raise NoaberError(f"a database for {slug!r} already exists (schema {instance.storage.schema_for(slug)}); "
                          "restore that tenant's folder, or drop the schema first")
    return folder


def create_tenant(instance, slug: str, name: str, kind: str = "neighbourhood", plugins=(), hosts=(),
                  region: str | None = None):
    """Make the folder, tenant.toml, database and signing key; on any failure, undo all of it."""
    plugins, hosts = list(dict.fromkeys(plugins)), list(dict.fromkeys(hosts))
    folder = check_new_tenant(instance, slug, name, kind, plugins, hosts)
    instance.storage.forget(slug)  # an engine of an earlier tenant of that name points at a removed file
    folder.mkdir(parents=True)
    try:
        (folder / CONFIG_FILE).write_text(render_config(name, kind, hosts, plugins, region), encoding="utf-8")
        tenant = instance.load_tenant(folder)
        migrate_and_seed(instance, tenant)
        with instance.storage.session(tenant) as session:
            create_signing_key(session)
            session.commit()
        return instance.tenants.get(slug)
    except BaseException:
        instance.storage.drop(slug)
        shutil.rmtree(folder, ignore_errors=True)
        raise


def migrate_and_seed(instance, tenant) -> list[str]:
    """Upgrade the tenant's tables, then let its plugins add the rows they need."""
    changed = migrate_tenant(instance, tenant)
    with instance.storage.session(tenant) as session:
        instance.hooks(tenant).noaber_seed_defaults(tenant=tenant, session=session)
        session.commit()
    return changed
