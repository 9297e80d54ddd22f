"""How this process runs a job: in the tenant, inside a request context for the tenant's address.

The app registers this with the instance's job queue, so a job's templates and ``url_for``
(a driver's mail links to their rides) work in the worker as they do in a request.
"""
from __future__ import annotations

from functools import partial

from flask import Flask

from core.instance import Instance, tenant_context
from core.jobs.service import run_job


def init_app(app: Flask, instance: Instance) -> None:
    instance.jobs.serve(instance.plugins.job_kinds, partial(run_in_app, app, instance))


def tenant_address(instance: Instance, tenant) -> str:
    """Where people reach *tenant*: its own host, else ``<public url>/t/<slug>``."""
    if tenant.hosts:
        scheme = instance.public_url.split("://", 1)[0]
        return f"{scheme}://{tenant.hosts[0]}"
    return f"{instance.public_url}/t/{tenant.slug}"


def run_in_app(app: Flask, instance: Instance, slug: str, job_id: str) -> None:
    tenant = instance.tenant(slug)
    # A new app context of its own: a job run at once (``immediate``) inside a request must
    # not see that request's ``g`` (its tenant scope and session).
    with app.app_context(), app.test_request_context("/", base_url=tenant_address(instance, tenant)):
        with tenant_context(slug, instance) as scope:
            run_job(scope.session, scope.tenant, job_id, instance.jobs.kinds)
