"""``noaber daycare …``: the daily run (from cron or a systemd timer)."""
from __future__ import annotations

import click

from core.toolkit import fail_unless_enabled, open_tenant, tenant_argument, tenant_context, tenants_option


@click.group(help="Day activities (daycare plugin).")
def daycare():
    pass


@daycare.command("daily")
@tenant_argument
@tenants_option
def daily(slug):
    """Make the sessions up to the horizon and ask the rides that came inside the ride window.

    Run it once a day: rides for an enrolment are asked at once when it is made, this only
    extends the window by a day.
    """
    from plugins.daycare.groups import extend
    instance, tenant = open_tenant(slug)
    fail_unless_enabled(tenant, "daycare")
    with tenant_context(slug, instance) as scope:
        sessions, rides = extend(scope.session)
        scope.session.commit()
    click.echo(f"{sessions} sessions made, {rides} rides asked for.")
