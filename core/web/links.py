"""Links out of a page: in a mail, a feed, to a provider.

Built from what the instance knows, never from what the request claims: a link out
starts at the tenant's public base URL, not at the request's Host (issue 23).
"""
from __future__ import annotations

from flask import current_app

from core.tenancy.context import current_scope


def external_url(endpoint: str, **values) -> str:
    """The full address of *endpoint* of the current tenant, for a mail or another site.

    ``external_url("transport.my_rides")`` → ``https://de-es.example.org/transport/mine``;
    works in a request and in a job (``tenant_context``) alike.
    """
    scope = current_scope()
    path = current_app.url_map.bind("", script_name="/").build(endpoint, values)
    return scope.instance.base_url(scope.tenant) + path
