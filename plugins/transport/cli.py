"""``noaber transport …``: the ride planner's upkeep from the command line."""
from __future__ import annotations

import click


@click.group(help="Volunteer rides (transport plugin).")
def transport():
    pass


@transport.command("prepare")
def prepare_command():
    """Compile the ride planner's code, or check that it is compiled.

    Run it after installing or upgrading (systemd's ExecStartPre does): the first time
    takes some 15-30 s, and a job should not have to wait for that.
    """
    # the planner's compiled code loads here, in this command, not whenever the plugin loads
    from plugins.transport.planner import prepare
    click.echo("Preparing the ride planner (the first time after installing: 15-30 s)…")
    seconds = prepare()
    click.echo(f"The ride planner is ready ({seconds:.1f} s).")
