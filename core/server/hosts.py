"""Trusted hosts: a request must be addressed to a tenant's own host or to the public URL's.

Links out are built from the public URL (``core/web/links.py``), so a forged Host can no
longer put itself in a mail; refusing it as well keeps every page, redirect and error
about hosts this instance really serves. Behind ``NOABER_PROXY_FIX`` the Host seen here is
the forwarded one, and it gets the same check. Until a public URL is configured (a first
``noaber serve``, the demo, the tests), or while it is one of this machine's own names,
this machine's names (127.0.0.1, localhost, ::1, ``*.localhost``, any port) are trusted too.
"""
from __future__ import annotations

import re

from flask import current_app, request
from flask_babel import gettext as _

from core.tenancy.addresses import host_name, is_loopback
from core.web.problems import page_abort

#: a Host header: a name or an address, or an IPv6 address in brackets, and maybe a port
HOST_HEADER = re.compile(r"(?P<name>[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?\.?|\[(?P<ipv6>[0-9a-f:.]+)\])(?::\d{1,5})?")

#: load balancers ask by the machine's address: the health check names no tenant and makes no link
ANY_HOST = {"healthz"}


def requested_name(host: str) -> str | None:
    """The host name in a Host header, lower case, or None if it is not one."""
    match = HOST_HEADER.fullmatch(host.lower())
    if match is None:
        return None
    return match["ipv6"] or match["name"].rstrip(".")


def trusted(instance, host: str) -> bool:
    """Whether *host* (a Host header) names this instance's public URL or a tenant of its own."""
    name = requested_name(host)
    if name is None:
        return False
    public = host_name(instance.public_url)
    if name == public or (is_loopback(name) and (not instance.public_url_given or is_loopback(public))):
        return True
    return instance.tenants.claimed(name) is not None or instance.tenants.by_host(name) is not None


def check_host() -> None:
    """before_request: refuse (400) a request to a host that this instance does not serve."""
    if request.endpoint in ANY_HOST or trusted(current_app.extensions["noaber"], request.host):
        return
    host = request.host[:100]
    page_abort(400, f"This server does not answer for the host {host!r}: it serves the host of "
                    "NOABER_PUBLIC_URL and the hosts in its tenants' tenant.toml.",
               _("This server does not serve the address %(host)s.", host=host))
