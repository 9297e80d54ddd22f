"""API clients: made and revoked by administrators, from the command line."""
from __future__ import annotations

import json
import secrets

import click
from sqlalchemy import select

from core.accounts import passwords
from core.accounts.models import ApiClient
from core.audit.service import record
from core.cli_support import fail, open_tenant, tenant_argument, tenants_option
from core.models import utcnow


def create_client(session, name: str, scopes: list[str], declared: set[str]) -> tuple[ApiClient, str]:
    unknown = sorted(set(scopes) - declared)
    if unknown:
        fail(f"unknown scope {unknown[0]!r}: scopes are permissions of this tenant ({', '.join(sorted(declared))})")
    if not name.strip() or len(name) > 120:
        fail("NAME must be 1 to 120 characters")
    secret = secrets.token_urlsafe(32)
    client = ApiClient(client_id=f"nbr_{secrets.token_hex(12)}", secret_hash=passwords.hash_password(secret),
                       name=name.strip(), scopes=" ".join(sorted(set(scopes))))
    session.add(client)
    return client, secret


@click.group(help="API clients (OAuth2 client credentials) of a tenant.")
def client():
    pass


def _declared(instance, tenant) -> set[str]:
    return {n for n, (owner, _p) in instance.plugins.permissions.items() if owner == "core" or owner in tenant.plugins}


@client.command("add")
@tenant_argument
@click.argument("name")
@click.option("--scopes", required=True, metavar="A,B", help="Permissions the client may use, comma-separated.")
@click.option("--json", "as_json", is_flag=True, help="Print {client_id, client_secret} as JSON.")
@tenants_option
def add(slug, name, scopes, as_json):
    """Make a client for program NAME; prints its id and secret, once."""
    from core.context import tenant_context
    instance, tenant = open_tenant(slug)
    with tenant_context(slug, instance) as scope:
        row, secret = create_client(scope.session, name, [s.strip() for s in scopes.split(",") if s.strip()],
                                    _declared(instance, tenant))
        record(scope.session, "cli", "create", None, "noaber client add", f"client {row.client_id}")
        scope.session.commit()
        client_id = row.client_id
    if as_json:
        click.echo(json.dumps({"client_id": client_id, "client_secret": secret}))
    else:
        click.echo(f"client_id:     {client_id}\nclient_secret: {secret}\n(The secret is shown only now.)")


@client.command("revoke")
@tenant_argument
@click.argument("client_id")
@tenants_option
def revoke(slug, client_id):
    """Stop CLIENT_ID: its tokens are refused from now on."""
    from core.context import tenant_context
    instance, _tenant = open_tenant(slug)
    with tenant_context(slug, instance) as scope:
        row = scope.session.scalar(select(ApiClient).where(ApiClient.client_id == client_id))
        if row is None:
            fail(f"no client {client_id!r} in tenant {slug!r}")
        row.revoked_at = utcnow()
        record(scope.session, "cli", "update", None, "noaber client revoke", f"client {client_id} revoked")
        scope.session.commit()
    click.echo(f"Revoked {client_id}.")
