"""Small pieces every ``noaber`` command (core's or a plugin's) shares."""
from __future__ import annotations

import os
import sys

import click

from core.errors import NoaberError
from core.instance import Instance, instance_from_environment
# from tenants, not admin: plugins reach this module through the toolkit, and admin brings
# Alembic (making and migrating tenants), which a web process never needs
from core.tenancy.tenants import SLUG_RE, require_tenant


def current_instance() -> Instance:
    """The instance of this command: the tenants root and database from the environment
    (``--tenants`` sets the root before the command runs)."""
    return instance_from_environment()


def fail(message: str) -> None:
    """Stop the command: one readable line on stderr, exit code 2, nothing changed."""
    raise NoaberError(message)


def _check_slug(_ctx, _param, value):
    if value is not None and not SLUG_RE.fullmatch(value):
        raise click.BadParameter(f"{value!r} is not a tenant name: use 2 to 40 characters a-z, 0-9 and '-'")
    return value


tenant_argument = click.argument("slug", metavar="SLUG", callback=_check_slug)


def _set_tenants_root(_ctx, _param, value):
    if value is not None:
        os.environ["NOABER_TENANTS"] = value  # read by Instance(), also in gunicorn workers
    return value


tenants_option = click.option(
    "--tenants", "tenants_root", metavar="DIR", expose_value=False, is_eager=True, callback=_set_tenants_root,
    help="Tenants root folder (default: $NOABER_TENANTS or ./tenants).")


def fail_unless_enabled(tenant, plugin: str) -> None:
    if plugin not in tenant.plugins:
        fail(f"tenant {tenant.slug!r} has not enabled plugin {plugin!r}")


def progress(items, label: str):
    """A progress bar on stderr when a person is watching; silent in scripts and logs."""
    return click.progressbar(items, label=label, file=sys.stderr, show_pos=True,
                             item_show_func=lambda item: (getattr(item, "slug", None)
                                                          or (item if isinstance(item, str) else None)))


def open_tenant(slug: str):
    """The instance and tenant *slug* for a command; exits 2 with one line if there is none."""
    instance = current_instance()
    return instance, require_tenant(instance, slug)


def split(value: str | None) -> list[str]:
    """``"a, b,,c"`` → ``["a", "b", "c"]``: what a comma-separated option holds."""
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def print_table(rows) -> None:
    """Rows in columns as wide as their widest cell; the last column runs on."""
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [str(cell).ljust(width) for cell, width in zip(row, widths, strict=False)] + [str(row[-1])]
        click.echo("  ".join(cells).rstrip())
