"""``noaber transport …``: the ride planner's upkeep from the command line."""
from __future__ import annotations

import click

from plugins.transport.planner import prepare


@click.group(help="Volunteer rides (transport plugin).")
def transport():
    pass


@transport.command("prepare")
def prepare_command():
    """Compile the ride planner's code, or check that it is compiled.

    Run it after installing or upgrading (systemd's ExecStartPre does): the first time
    takes some 15-30 s, and a web request should not have to wait for that.
    """
    click.echo("Preparing the ride planner (the first time after installing: 15-30 s)…")
    seconds = prepare()
    click.echo(f"The ride planner is ready ({seconds:.1f} s).")
