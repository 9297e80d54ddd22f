"""``noaber backup`` and ``noaber restore``: a tenant's consistent copy, taken while it is served, and put back."""
from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from core.backup.restore import restore_backup
from core.backup.take import take_backup
from core.cli.support import current_instance, fail, tenants_option
from core.errors import NoaberError
from core.tenancy.tenants import SLUG_RE, require_tenant


def _size(path: Path) -> str:
    return f"{path.stat().st_size / 1e6:.1f} MB"


@click.command()
@click.argument("slug", metavar="[SLUG]", required=False)
@click.option("--all", "every", is_flag=True, help="Every tenant, each into a file of its own in the folder --to.")
@click.option("--to", "target", required=True, metavar="FILE|DIR", type=click.Path(path_type=Path),
              help="The backup file (for --all: the folder, where each is <slug>-<UTC time>.tar.gz).")
@tenants_option
def backup(slug, every, target):
    """Take a consistent copy of tenant SLUG (or --all) while it is served: database, tenant.toml,
    local plugins, uploaded files, and a manifest with checksums."""
    instance = current_instance()
    if every == (slug is not None):
        fail("give a tenant SLUG or --all, not both or neither")
    if not every:
        if not SLUG_RE.fullmatch(slug):
            fail(f"{slug!r} is not a tenant name: use 2 to 40 characters a-z, 0-9 and '-'")
        take_backup(instance, require_tenant(instance, slug), target)
        click.echo(f"Backed up {slug} to {target} ({_size(target)}).")
        return
    if not target.is_dir():
        fail(f"{target} is not a folder; create it, or give an existing one")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    failed = []
    for name, tenant in instance.tenants.all():
        try:
            if isinstance(tenant, Exception):
                raise tenant
            path = target / f"{name}-{stamp}.tar.gz"
            take_backup(instance, tenant, path)
            click.echo(f"{name}: {path} ({_size(path)})")
        except NoaberError as exc:
            failed.append(f"{name}: {exc}")
    if failed:
        click.echo("Not backed up:\n  " + "\n  ".join(failed), err=True)
        sys.exit(1)


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--replace", is_flag=True, help="Put the backup in the place of a tenant of that name that exists.")
@tenants_option
def restore(file, replace):
    """Restore a tenant from backup FILE; its checks pass before anything changes."""
    instance = current_instance()
    tenant, migrated, manifest = restore_backup(instance, file, replace)
    click.echo(f"Restored {tenant.slug} ({tenant.name}) from {file}, taken {manifest.get('created_at', '?')} "
               f"by noaber {manifest['noaber']}.")
    if migrated:
        click.echo(f"Upgraded: {', '.join(migrated)}.")
