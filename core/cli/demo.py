"""``noaber demo``: a throw-away world of neighbourhoods and coalitions, federated and served at once.

Every feature extends the demo through the ``noaber_demo_data`` hook, so a newcomer
sees it running with realistic synthetic data (never real people's).
"""
from __future__ import annotations

import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

import click
from sqlalchemy import select

from core.accounts.clients import create_client, declared_scopes
from core.accounts.models import Account
from core.accounts.service import create_account
from core.cli.demo_chain import print_chain, run_chain
from core.cli.support import fail, progress
from core.cli.worker import worker_beside
from core.instance import Instance, tenant_context
from core.people.models import Address, Person
from core.server.gunicorn import serve
from core.tenancy.admin import create_tenant

MARKER = ".noaber-demo"
SEED = 2026

#: (slug, name, kind, plugins, region); hosts are <slug>.localhost, which resolves to this machine
TENANTS = [
    ("de-es", "Zorgcoöperatie De Es", "neighbourhood",
     ["example", "transport", "daycare", "maatjes", "budgeting", "zeggenschap"], "BU01530110"),
    ("bloemkwartier", "Bewonersinitiatief Bloemkwartier", "neighbourhood",
     ["transport", "daycare", "maatjes", "budgeting", "zeggenschap"], "BU02000310"),
    ("regio-oost", "Coalitie Zorgzame Gemeenschappen Oost", "coalition", [], "PV23"),
    ("nederland", "Landelijk Netwerk Zorgzame Buurten", "coalition", [], "NL01"),
]

#: a tenant-local plugin, to show that a neighbourhood can add something of its own
LOCAL_PLUGIN = '''"""Opening hours of the Bloemkwartier community centre (a tenant-local plugin)."""
from core import hookimpl
from core.toolkit import Panel


@hookimpl
def noaber_home_panels(tenant, session):
    return [Panel("Buurthuis De Tulp", "Open maandag tot en met vrijdag, 9 tot 17 uur. Koffie staat klaar.", order=10)]
'''


#: every role gets an account in each neighbourhood; the passwords are for this demo only
ROLES_SHOWN = ("admin", "coordinator", "volunteer", "treasurer", "member")


def demo_logins(slug: str) -> list[tuple[str, str, str]]:
    return [(role, f"{role}@{slug}.example", f"demo-{role}-{slug}") for role in ROLES_SHOWN]


def add_accounts(instance, tenant) -> None:
    with instance.storage.session(tenant) as session:
        for role, email, password in demo_logins(tenant.slug):
            create_account(session, email, password, (role,))
        session.commit()


def link_volunteer_login(session) -> None:
    """The demo's volunteer login is the tenant's first volunteer with a located address
    (lowest id), so that plugins' demo data can make that person a driver, a buddy, a helper."""
    first = session.scalar(select(Person.id).join(Address, Person.address_id == Address.id)
                           .where(Person.is_volunteer.is_(True), Person.erased_at.is_(None),
                                  Address.latitude.is_not(None)).order_by(Person.id).limit(1))
    account = session.scalar(select(Account).where(Account.email.like("volunteer@%")))
    if first is not None and account is not None:
        account.person_id = first


def value_volunteer_hours(tenant) -> None:
    """The neighbourhoods put a value on an hour of volunteer work, as their funders ask."""
    path = tenant.folder / "tenant.toml"
    path.write_text(path.read_text(encoding="utf-8") + '\n[volunteers]\nhourly_rate = "15.00"\n', encoding="utf-8")


#: the association's bank account per neighbourhood, so the treasurer can make payment files (made-up numbers)
BANK_ACCOUNTS = {"de-es": ("Zorgcooperatie De Es", "NL44RABO0123456789", "RABONL2U"),
                 "bloemkwartier": ("Bewonersinitiatief Bloemkwartier", "NL20INGB0001234567", "INGBNL2A")}


def keep_books(tenant) -> None:
    """A neighbourhood with budgeting pays from its own account: ``[plugins.budgeting]`` in its tenant.toml."""
    name, iban, bic = BANK_ACCOUNTS[tenant.slug]
    path = tenant.folder / "tenant.toml"
    path.write_text(path.read_text(encoding="utf-8") + f'\n[plugins.budgeting]\naccount_name = "{name}"\n'
                    f'iban = "{iban}"\nbic = "{bic}"\nkvk = "12345678"\npublic_report = true\n', encoding="utf-8")


def add_noise(tenant) -> None:
    """Bloemkwartier wants a formal guarantee: OpenDP noise on its counts, where OpenDP is installed."""
    import importlib.util
    if importlib.util.find_spec("opendp") is None:
        return  # pip install "noaber[noise]" to see it; the demo runs without
    path = tenant.folder / "tenant.toml"
    path.write_text(path.read_text(encoding="utf-8") + '\n[federation]\nnoise = "laplace"\nepsilon = 1.0\n',
                    encoding="utf-8")


def prepare_root(root: str | None) -> tuple[Path, bool]:
    """The demo's tenants root, and whether we made it (and so remove it afterwards)."""
    if root is None:
        return Path(tempfile.mkdtemp(prefix="noaber-demo-")), True
    path = Path(root).resolve()
    if path.exists() and any(path.iterdir()):
        if not (path / MARKER).exists():
            fail(f"{path} is not empty and not an earlier demo; give an empty or new folder")
        shutil.rmtree(path)
    path.mkdir(parents=True, exist_ok=True)
    return path, False


def add_api_client(instance, tenant) -> tuple[str, str]:
    """A program's way in for a newcomer to the API: a client holding every scope of De Es."""
    with instance.storage.session(tenant) as session:
        client, secret = create_client(session, "demo", sorted(declared_scopes(instance, tenant)),
                                       declared_scopes(instance, tenant))
        session.commit()
        return client.client_id, secret


def build(root: Path) -> tuple[list, tuple[str, str]]:
    """Create the demo tenants, fill them through each plugin's ``noaber_demo_data``, and make
    an API client for the first; returns the tenants and the client's id and secret."""
    (root / MARKER).write_text("made by noaber demo; removed and rebuilt by it\n")
    instance = Instance(tenants_root=root)
    built = []
    with progress(TENANTS, "Building demo") as bar:
        for slug, name, kind, plugins, region in bar:
            instance.storage.drop(slug)  # PostgreSQL: start from an empty schema
            tenant = create_tenant(instance, slug, name, kind, plugins, [f"{slug}.localhost"], region)
            if kind == "neighbourhood":
                value_volunteer_hours(tenant)
            if "budgeting" in plugins:
                keep_books(tenant)
            if slug == "bloemkwartier":  # the server process reads it when it loads the tenant
                (tenant.folder / "plugins").mkdir()
                (tenant.folder / "plugins" / "openingstijden.py").write_text(LOCAL_PLUGIN)
                add_noise(tenant)
            add_accounts(instance, tenant)
            # in the tenant's context: a plugin's demo may ask the others (daycare: rides; budgeting: claims)
            with tenant_context(slug, instance) as scope:
                instance.hooks(scope.tenant).noaber_demo_data(tenant=scope.tenant, session=scope.session,
                                                              rng=random.Random(f"{SEED}-{slug}"))
                link_volunteer_login(scope.session)
                scope.session.commit()
            built.append(tenant)
    client = add_api_client(instance, built[0])
    instance.storage.dispose()
    return built, client


def print_welcome(tenants, port: int, root: Path, client: tuple[str, str]) -> None:
    click.echo("\nnoaber demo — synthetic data, nothing here is about real people.\n")
    click.echo(f"  Tenants folder: {root}\n")
    for tenant in tenants:
        click.echo(f"  {tenant.name} ({tenant.kind})")
        click.echo(f"    http://127.0.0.1:{port}/t/{tenant.slug}/   or   http://{tenant.slug}.localhost:{port}/")
    base = f"http://127.0.0.1:{port}/t/{tenants[0].slug}"
    click.echo(f"\n  API document: {base}/api/v1/openapi.json")
    click.echo(f"  API client of {tenants[0].name} (every scope): id {client[0]}  secret {client[1]}")
    click.echo(f"    curl -s -u {client[0]}:{client[1]} -d grant_type=client_credentials {base}/oauth/token")
    click.echo(f"  Coalition figures: http://127.0.0.1:{port}/t/regio-oost/federation/dashboard "
               f"and http://127.0.0.1:{port}/t/nederland/federation/dashboard")
    click.echo(f"  What De Es shared: http://127.0.0.1:{port}/t/de-es/federation/shared")
    click.echo("\n  Logins (the same pattern in every tenant):")
    for role, email, password in demo_logins(tenants[0].slug):
        click.echo(f"    {role:<12} {email:<32} {password}")
    click.echo("")


def federate(root: Path, port: int) -> list[str]:
    instance = Instance(tenants_root=root)
    try:
        return run_chain(instance, port)
    finally:
        instance.storage.dispose()


def run_demo(port: int, root: str | None) -> None:
    path, made = prepare_root(root)  # first: a refused folder leaves the environment as it was
    # The demo drops and rebuilds its schemas: never let it reach an instance's real ones.
    os.environ["NOABER_SCHEMA_PREFIX"] = "demo_" + os.environ.get("NOABER_SCHEMA_PREFIX", "")
    os.environ["NOABER_PUBLIC_URL"] = f"http://127.0.0.1:{port}"  # the tenants' identities for federation
    os.environ["NOABER_ALLOW_PRIVATE_PEERS"] = "1"  # its tenants federate on this machine
    os.environ["NOABER_TENANTS"] = str(path)
    os.environ["NOABER_TENANT_DIRECTORY"] = "1"  # its address lists the tenants built
    try:
        tenants, client = build(path)
        report = federate(path, port)
        print_welcome(tenants, port, path, client)
        print_chain(report)

        def ready():
            click.echo(f"noaber demo ready at http://127.0.0.1:{port}/  (Ctrl+C stops it)")
            sys.stdout.flush()
        with worker_beside(Instance(tenants_root=path)):  # the jobs its pages start: planning rides
            serve(f"127.0.0.1:{port}", workers=2, on_ready=ready, quiet=True)
    finally:
        if made:
            shutil.rmtree(path, ignore_errors=True)
