"""``noaber federate`` (run it from cron or a timer) and ``noaber membership …`` for admins."""
from __future__ import annotations

import sys
from datetime import date

import click
from sqlalchemy import select

from core.cli.support import (
    current_instance,
    fail,
    open_tenant,
    print_table,
    progress,
    split,
    tenant_argument,
    tenants_option,
)
from core.federation import consent, outbox
from core.federation.models import Membership, Peer
from core.federation.rotation import rotate as rotate_key
from core.federation.rounds import federate_tenant
from core.metrics import Month
from core.tenancy.keys import SigningKey, fingerprint


@click.command()
@click.option("--tenant", "slug", metavar="SLUG", help="Only this tenant (default: all).")
@tenants_option
def federate(slug):
    """Send summaries to coalitions, deliver the outbox, and fetch what members' deliveries missed."""
    instance = current_instance()
    tenants = [(slug, instance.tenants.get(slug))] if slug else instance.tenants.all()
    totals = {"queued": 0, "delivered": 0, "waiting": 0, "withheld": 0, "pulled": 0}
    broken = []
    with progress(tenants, "Federating") as bar:
        for name, tenant in bar:
            if isinstance(tenant, Exception):
                broken.append(name)
                continue
            for key, value in federate_tenant(instance, tenant).items():
                totals[key] += value
    click.echo(", ".join(f"{value} {key}" for key, value in totals.items()))
    if broken:
        click.echo(f"Not federated, configuration errors: {', '.join(broken)}", err=True)
        sys.exit(1)


@click.group()
def membership():
    """See and decide memberships of coalitions (what is shared with whom)."""


@membership.command("list")
@tenant_argument
@tenants_option
def list_memberships(slug):
    """Memberships of SLUG, both as a member and as a coalition."""
    instance, tenant = open_tenant(slug)
    with instance.storage.session(tenant) as session:
        rows = [("ID", "SIDE", "STATUS", "PEER", "FINGERPRINT", "METRICS")]
        for m in session.scalars(select(Membership).order_by(Membership.id)):
            rows.append((m.id, m.side, m.status, m.peer.url, m.peer.fingerprint,
                         ",".join(m.shared or m.asked)))
    print_table(rows)


@membership.command()
@tenant_argument
@click.argument("url")
@click.option("--metrics", required=True, metavar="A,B", help="Metric ids to ask for.")
@tenants_option
def ask(slug, url, metrics):
    """Coalition SLUG asks the tenant at URL to share METRICS."""
    instance, tenant = open_tenant(slug)
    with instance.storage.session(tenant) as session:
        membership = consent.ask(outbox.Here(instance, tenant, session), url, split(metrics))
        session.commit()
        click.echo(f"Asked {url} (membership {membership.id}); it is delivered at the next `noaber federate`.")


@membership.command()
@tenant_argument
@click.argument("coalition_url")
@click.option("--metrics", metavar="A,B", help="Share only these (default: all that were asked).")
@click.option("--since", metavar="YYYY-MM", help="First month to share (default: last month).")
@tenants_option
def approve(slug, coalition_url, metrics, since):
    """SLUG approves the coalition at COALITION_URL's request."""
    instance, tenant = open_tenant(slug)
    with instance.storage.session(tenant) as session:
        found = _open_request(session, coalition_url)
        chosen = split(metrics) if metrics else found.asked
        consent.answer(outbox.Here(instance, tenant, session), found, chosen,
                       Month.parse(since) if since else Month.of(date.today()).previous())
        session.commit()
        click.echo(f"Sharing {', '.join(chosen)} with {coalition_url}.")


def _open_request(session, url) -> Membership:
    found = session.scalar(select(Membership).join(Peer).where(Peer.url == url.rstrip("/"),
                                                               Membership.side == "coalition"))
    if found is None:
        fail(f"no request from {url}; it arrives at this tenant's inbox when the coalition asks")
    return found


@click.group()
def keys():
    """The tenant's signing keys (what peers check its messages against)."""


@keys.command("list")
@tenant_argument
@tenants_option
def list_keys(slug):
    """Every key SLUG ever signed with, newest first; retired ones stay published."""
    instance, tenant = open_tenant(slug)
    with instance.storage.session(tenant) as session:
        rows = [("FINGERPRINT", "CREATED", "RETIRED")]
        for key in session.scalars(select(SigningKey).order_by(SigningKey.created_at.desc())):
            rows.append((fingerprint(key.kid), f"{key.created_at:%Y-%m-%d}",
                         f"{key.retired_at:%Y-%m-%d}" if key.retired_at else "-"))
    print_table(rows)


@keys.command()
@tenant_argument
@tenants_option
def rotate(slug):
    """Give SLUG a new key; peers learn it from a message signed with the old one."""
    instance, tenant = open_tenant(slug)
    with instance.storage.session(tenant) as session:
        new, peers = rotate_key(outbox.Here(instance, tenant, session))
        session.commit()
        click.echo(f"New key {fingerprint(new.kid)}; announced to {len(peers)} peer(s) at the next `noaber federate`.")
