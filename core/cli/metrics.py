"""``noaber metrics``: a tenant's figures for one month, as a coalition would receive them."""
from __future__ import annotations

import json
from datetime import date

import click

from core.cli.support import open_tenant, print_table, tenant_argument, tenants_option
from core.metrics import Month, compute


@click.command()
@tenant_argument
@click.option("--period", metavar="YYYY-MM", help="The month (default: last month).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@tenants_option
def metrics(slug, period, as_json):
    """Print the metrics of tenant SLUG's enabled plugins for one month, before disclosure control."""
    month = Month.parse(period) if period else Month.of(date.today()).previous()
    instance, tenant = open_tenant(slug)
    with instance.storage.session(tenant) as session:
        results = compute(instance.plugins, tenant, session, month)
    if as_json:
        click.echo(json.dumps({"tenant": slug, "period": month.interval(), "values": [
            {"metric": m.id, "value": v.value, "unit": m.unit, "counts": m.counts, "persons": v.persons}
            for m, v in results]}, indent=2))
        return
    click.echo(f"{tenant.name}, {month} ({month.interval()})")
    rows = [("METRIC", "VALUE", "UNIT", "COUNTS", "PERSONS", "LABEL")]
    rows += [(m.id, f"{v.value:g}", m.unit, m.counts, v.persons, str(m.label)) for m, v in results]
    print_table(rows)
