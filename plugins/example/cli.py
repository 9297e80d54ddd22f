"""``noaber example …``: post to a tenant's notice board from a script."""
from __future__ import annotations

import click

from core.toolkit import fail_unless_enabled, tenant_argument, tenant_context
from plugins.example import service


@click.group(help="The notice board (prikbord) of the example plugin.")
def example():
    pass


@example.command("post")
@tenant_argument
@click.option("--title", required=True, help="Short title, at most 120 characters.")
@click.option("--body", default="", help="The message.")
def post(slug, title, body):
    """Put a notice on SLUG's board."""
    if not 1 <= len(title) <= 120:
        raise click.BadParameter("use 1 to 120 characters", param_hint="--title")
    with tenant_context(slug) as scope:
        fail_unless_enabled(scope.tenant, "example")
        notice = service.post_notice(scope.session, title, body)
        scope.session.commit()
        click.echo(f"Posted notice {notice.id} on {scope.tenant.name}.")
