"""The demo's federation chain, over real HTTP on the demo's own port, before gunicorn takes over.

A small threaded server answers on the port while the chain runs (a coalition fetches a
neighbourhood's keys while that neighbourhood posts to it), and stops before gunicorn
forks its workers. Each step is what an admin does on the consent page, and what the
``noaber federate`` timer does every night.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from datetime import date

import click
from werkzeug.serving import WSGIRequestHandler, make_server

from core.federation import consent, outbox
from core.federation.models import Membership
from core.federation.outbox import Here
from core.federation.rounds import federate_tenant
from core.metrics import Month, declared_metrics
from core.server.app import create_app

#: (coalition, member): who asks whom
ASKS = [("regio-oost", "de-es"), ("regio-oost", "bloemkwartier"), ("nederland", "regio-oost")]
#: what Bloemkwartier keeps to itself: its few drivers' kilometres and hours
KEPT_BY = {"bloemkwartier": {"transport.km", "transport.driver_hours"}}
#: summaries start with this month, so the dashboards show a trend of three months
MONTHS_BACK = 3


class _Quiet(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):  # the chain reports its own steps
        pass


@contextmanager
def serving(instance, port: int):
    server = make_server("127.0.0.1", port, create_app(instance), threaded=True, request_handler=_Quiet)
    thread = threading.Thread(target=server.serve_forever, name="demo-federation", daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        thread.join()


def run_chain(instance, port: int, today: date | None = None) -> list[str]:
    """Ask, approve, publish and deliver along the chain; returns what happened, line by line."""
    today = today or date.today()
    since = Month.of(today)
    for _ in range(MONTHS_BACK):
        since = since.previous()
    asked = sorted(instance.plugins.metrics)
    report = []
    with serving(instance, port):
        for coalition, member in ASKS:
            with _here(instance, coalition) as here:
                consent.ask(here, f"{instance.public_url}/t/{member}", asked)
                here.session.commit()
                outbox.deliver(here)
        for _coalition, member in ASKS:
            with _here(instance, member) as here:
                report.append(_approve(here, since))
        for slug in ("de-es", "bloemkwartier", "regio-oost", "nederland"):
            counts = federate_tenant(instance, instance.tenants.get(slug), today)
            if counts["queued"]:
                report.append(f"{slug}: {counts['queued']} monthly summaries signed and delivered "
                              f"({counts['delivered']} messages)")
    return report


@contextmanager
def _here(instance, slug: str):
    tenant = instance.tenants.get(slug)
    with instance.storage.session(tenant) as session:
        yield Here(instance, tenant, session)


def _approve(here, since: Month) -> str:
    """The member's admin approves the request, keeping back what it does not want to share."""
    from sqlalchemy import select

    request = here.session.scalar(select(Membership).where(Membership.side == "coalition",
                                                           Membership.status == "requested"))
    collected = {m.id for m in declared_metrics(here.instance.plugins, here.tenant.plugins)}
    if here.tenant.kind == "coalition":
        collected = set(request.asked)  # it passes on what its members share
    chosen = sorted(set(request.asked) & collected - KEPT_BY.get(here.tenant.slug, set()))
    consent.answer(here, request, chosen, since)
    here.session.commit()
    outbox.deliver(here)
    noised = " (counts with OpenDP noise)" if here.tenant.federation["noise"] == "laplace" else ""
    return (f"{here.tenant.slug} shares {len(chosen)} of the {len(request.asked)} figures "
            f"{request.peer.name} asked for{noised}")


def print_chain(report: list[str]) -> None:
    click.echo("\n  Federation, over HTTP between the tenants:")
    for line in report:
        click.echo(f"    {line}")
