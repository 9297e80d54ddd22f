"""``noaber user …``: accounts from the command line, for the first admin and for scripts."""
from __future__ import annotations

import json

import click

from core.accounts import service
from core.accounts.models import ROLES
from core.audit.service import record
from core.cli_support import open_tenant, tenant_argument, tenants_option
from core.errors import NoaberError


@click.group(help="Accounts of a tenant.")
def user():
    pass


@user.command("add")
@tenant_argument
@click.argument("email")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(ROLES),
              help="A role (repeatable).")
@click.option("--json", "as_json", is_flag=True,
              help='Generate a password and print {"email", "password"} as JSON, once.')
@tenants_option
def add(slug, email, roles, as_json):
    """Create an account for EMAIL in tenant SLUG."""
    from core.context import tenant_context
    instance, _tenant = open_tenant(slug)
    password = service.generate_password() if as_json else _ask_password(email)
    with tenant_context(slug, instance) as scope:
        account = service.create_account(scope.session, email, password, roles)
        scope.session.flush()
        record(scope.session, "cli", "create", None, "noaber user add", f"account {account.id}")
        scope.session.commit()
        email = account.email
    if as_json:
        click.echo(json.dumps({"email": email, "password": password}))
    else:
        click.echo(f"Created account {email} ({', '.join(roles)}) in {slug}.")


def _ask_password(email: str) -> str:
    password = click.prompt("Password", hide_input=True, confirmation_prompt=True, err=True)
    from core.accounts.passwords import weakness
    if problem := weakness(password, email):
        raise NoaberError(str(problem))
    return password
