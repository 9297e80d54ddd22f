"""``noaber user …`` and ``noaber client …``: accounts and API clients from the command line,
for the first admin and for scripts."""
from __future__ import annotations

import json

import click

from core.accounts import clients, service
from core.accounts.passwords import weakness
from core.audit.service import record
from core.cli.support import open_tenant, tenant_argument, tenants_option
from core.errors import NoaberError
from core.instance import tenant_context
from core.web.roles import ROLES


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
    if problem := weakness(password, email):
        raise NoaberError(str(problem))
    return password


@click.group(help="API clients (OAuth2 client credentials) of a tenant.")
def client():
    pass


@client.command("add")
@tenant_argument
@click.argument("name")
@click.option("--scopes", required=True, metavar="A,B", help="Permissions the client may use, comma-separated.")
@click.option("--json", "as_json", is_flag=True, help="Print {client_id, client_secret} as JSON.")
@tenants_option
def add_client(slug, name, scopes, as_json):
    """Make a client for program NAME; prints its id and secret, once."""
    instance, tenant = open_tenant(slug)
    with tenant_context(slug, instance) as scope:
        wanted = [s.strip() for s in scopes.split(",") if s.strip()]
        row, secret = clients.create_client(scope.session, name, wanted, clients.declared_scopes(instance, tenant))
        record(scope.session, "cli", "create", None, "noaber client add", f"client {row.client_id}")
        scope.session.commit()
        client_id = row.client_id
    if as_json:
        click.echo(json.dumps({"client_id": client_id, "client_secret": secret}))
    else:
        click.echo(f"client_id:     {client_id}\nclient_secret: {secret}\n(The secret is shown only now.)")


@client.command("scopes")
@tenant_argument
@click.argument("client_id")
@click.option("--scopes", required=True, metavar="A,B", help="The permissions the client may use from now on.")
@tenants_option
def client_scopes(slug, client_id, scopes):
    """Change what CLIENT_ID may do; its tokens follow at once."""
    instance, tenant = open_tenant(slug)
    with tenant_context(slug, instance) as scope:
        wanted = [s.strip() for s in scopes.split(",") if s.strip()]
        row = clients.set_scopes(scope.session, client_id, wanted, clients.declared_scopes(instance, tenant))
        record(scope.session, "cli", "update", None, "noaber client scopes", f"client {client_id}: {row.scopes}")
        scope.session.commit()
    click.echo(f"{client_id} may now use: {', '.join(wanted) or 'nothing'}.")


@client.command("revoke")
@tenant_argument
@click.argument("client_id")
@tenants_option
def revoke_client(slug, client_id):
    """Stop CLIENT_ID: its tokens are refused from now on."""
    instance, _tenant = open_tenant(slug)
    with tenant_context(slug, instance) as scope:
        clients.revoke_client(scope.session, client_id)
        record(scope.session, "cli", "update", None, "noaber client revoke", f"client {client_id} revoked")
        scope.session.commit()
    click.echo(f"Revoked {client_id}.")
