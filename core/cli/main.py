"""The ``noaber`` command."""
from __future__ import annotations

import os
import sys

import click
from sqlalchemy.exc import OperationalError

from core.cli.accounts import client, user
from core.cli.backup import backup, restore
from core.cli.demo import run_demo
from core.cli.federation import federate, keys, membership
from core.cli.metrics import metrics
from core.cli.support import (
    current_instance,
    fail,
    print_table,
    progress,
    split,
    tenant_argument,
    tenants_option,
)
from core.cli.translations import translations
from core.cli.worker import worker, worker_beside
from core.errors import NoaberError
from core.instance import installed_plugins
from core.server.gunicorn import default_workers
from core.server.gunicorn import serve as run_server
from core.storage.migrate import components, core_component, make_revision, pending
from core.tenancy.admin import create_tenant, migrate_and_seed, require_tenant
from core.tenancy.keys import active_key, fingerprint
from core.tenancy.tenants import KINDS


@click.group(help="noaber: a neighbourhood runs its own care and welfare, and shares only figures.")
@click.version_option(package_name="noaber", prog_name="noaber")
def cli():
    pass


@cli.command()
@tenant_argument
@click.option("--name", required=True, help="Full name, e.g. 'Zorgcoöperatie De Es'.")
@click.option("--kind", type=click.Choice(KINDS), default="neighbourhood", show_default=True)
@click.option("--plugins", "plugins", metavar="A,B", help="Plugins to enable, comma-separated.")
@click.option("--host", "hosts", multiple=True, metavar="HOST", help="A host name of its own (repeatable).")
@click.option("--region", metavar="CODE", help="CBS region code, e.g. PV23, GM0153 or BU01530000.")
@tenants_option
def init(slug, name, kind, plugins, hosts, region):
    """Create tenant SLUG: folder, tenant.toml, database, signing key."""
    instance = current_instance()
    tenant = create_tenant(instance, slug, name, kind, split(plugins), hosts, region)
    with instance.storage.session(tenant) as session:
        kid = active_key(session).kid
    click.echo(f"Created {tenant.kind} {tenant.name!r} in {tenant.folder}")
    click.echo(f"Signing key fingerprint: {fingerprint(kid)}")
    click.echo("Next steps:")
    click.echo(f"  noaber serve{_root_hint(instance)}          # then open http://127.0.0.1:8000/t/{slug}/")
    click.echo(f"  edit {tenant.folder / 'tenant.toml'} to enable plugins, then: noaber migrate --tenant {slug}")


def _root_hint(instance) -> str:
    return f" --tenants {instance.tenants_root}" if os.environ.get("NOABER_TENANTS") else ""


@cli.command()
@click.option("--tenant", "slug", metavar="SLUG", help="Only this tenant (default: all).")
@tenants_option
def migrate(slug):
    """Upgrade core and each enabled plugin's tables, for one tenant or all."""
    instance = current_instance()
    if slug is not None:
        tenant = require_tenant(instance, slug)
        changed = migrate_and_seed(instance, tenant)
        click.echo(f"{slug}: {'upgraded ' + ', '.join(changed) if changed else 'up to date'}")
        return
    broken = []
    entries = instance.tenants.all()
    with progress(entries, "Migrating") as bar:
        for name, tenant in bar:
            if isinstance(tenant, Exception):
                broken.append(f"{name}: {tenant}")
            else:
                migrate_and_seed(instance, tenant)
    click.echo(f"Migrated {len(entries) - len(broken)} tenant(s) in {instance.tenants_root}.")
    if broken:
        click.echo("Not migrated, configuration errors:\n  " + "\n  ".join(broken), err=True)
        sys.exit(1)


@cli.command()
@tenants_option
def tenants():
    """List tenants with their kind, plugins, hosts and state."""
    instance = current_instance()
    rows = [("SLUG", "KIND", "PLUGINS", "HOSTS", "STATE")]
    for slug, tenant in instance.tenants.all():
        if isinstance(tenant, Exception):
            rows.append((slug, "?", "", "", f"error: {tenant}"))
            continue
        behind = pending(instance, tenant)
        state = f"needs migrate ({', '.join(behind)})" if behind else "ok"
        rows.append((slug, tenant.kind, ",".join(tenant.plugins) or "-", ",".join(tenant.hosts) or "-", state))
    print_table(rows)


@cli.command()
@click.option("--hooks", is_flag=True, help="Also list the hooks each plugin implements.")
@tenants_option
def plugins(hooks):
    """List installed plugins and which tenants use them."""
    instance = current_instance()
    users: dict[str, list[str]] = {name: [] for name in instance.plugins.names}
    for slug, tenant in instance.tenants.all():
        for name in getattr(tenant, "plugins", ()):
            users[name].append(slug)
    implemented = instance.plugins.hookimpls_by_plugin()
    rows = [("PLUGIN", "VERSION", "TENANTS", "DESCRIPTION")]
    for name in instance.plugins.names:
        info = instance.plugins.info[name]
        rows.append((name, info.version, ",".join(users[name]) or "-", info.description))
        if hooks:
            rows.append(("", "", "hooks:", ", ".join(sorted(implemented.get(name, [])))))
    print_table(rows)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", type=click.IntRange(1, 64),
              help="gunicorn worker processes (default: $NOABER_WORKERS or 2).")
@click.option("--jobs/--no-jobs", "with_jobs", default=True, show_default=True,
              help="Also run `noaber worker` (--no-jobs when the worker runs as a service of its own).")
@tenants_option
def serve(host, port, workers, with_jobs):
    """Serve every tenant with gunicorn (and run their jobs beside it)."""
    instance = current_instance()
    if not instance.tenants_root.is_dir():
        fail(f"tenants root {instance.tenants_root} does not exist; create a tenant with `noaber init`")
    instance.storage.ping()
    if not os.environ.get("NOABER_PUBLIC_URL") and host in ("127.0.0.1", "localhost"):
        os.environ["NOABER_PUBLIC_URL"] = f"http://{host}:{port}"  # links in mails lead here until one is set
    if not with_jobs:
        run_server(f"{host}:{port}", workers or default_workers())
        return
    with worker_beside(instance):
        run_server(f"{host}:{port}", workers or default_workers())


@cli.command()
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--tenants", "root", metavar="DIR", help="Where to build the demo (default: a new temporary folder).")
def demo(port, root):
    """Build neighbourhoods and a coalition with synthetic data, and serve them."""
    run_demo(port, root)


@cli.command()
@click.argument("component", metavar="COMPONENT")
@click.option("-m", "--message", required=True, help="What the revision changes.")
def revision(component, message):
    """Write a migration for COMPONENT ('core' or a plugin) from its models (for developers)."""
    instance = current_instance()
    if component == "core":
        target = core_component()
    elif component in instance.plugins.info:
        found = [c for c in components(instance, [component]) if c.name == component]
        if not found:
            fail(f"plugin {component!r} has no migrations/ folder; create it first")
        target = found[0]
    else:
        fail(f"unknown component {component!r}: use 'core' or one of {', '.join(instance.plugins.names)}")
    click.echo(f"Wrote {make_revision(instance, target, message)}")


def _add_commands(group: click.Group) -> None:
    for command in (user, client, metrics, federate, membership, keys, translations, worker, backup, restore):
        group.add_command(command)
    for command in installed_plugins().pm.hook.noaber_cli_command():
        if command is not None:
            group.add_command(command)


def main(argv=None) -> None:
    """Entry point: every user error is one line on stderr and exit code 2."""
    try:
        _add_commands(cli)
        cli.main(args=argv, prog_name="noaber", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("noaber: aborted", err=True)
        sys.exit(1)
    except click.UsageError as exc:
        hint = f" (see: {exc.ctx.command_path} --help)" if exc.ctx else ""
        click.echo(f"noaber: {exc.format_message()}{hint}", err=True)
        sys.exit(2)
    except (click.ClickException, NoaberError) as exc:
        message = exc.format_message() if isinstance(exc, click.ClickException) else str(exc)
        click.echo(f"noaber: {message}", err=True)
        sys.exit(2)
    except OperationalError as exc:
        click.echo(f"noaber: the database does not answer: {str(exc.orig).strip().splitlines()[0]}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
