"""Where a tenant is reached from outside: the base of every link that leaves the page.

A link in a mail, a calendar feed address, the OpenID Connect redirect and the federation
identity are all built on :func:`base_url`, never on the Host of the request that made
them: a Host is whatever the client says it is (issue 23).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from core.errors import NoaberError

#: names of this machine; ``*.localhost`` too (RFC 6761), as the demo's tenants use
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def is_loopback(name: str) -> bool:
    """Whether host *name* (without port or brackets) can only be this machine."""
    return name in LOOPBACK or name.endswith(".localhost")


def own_hosts(tenant) -> list[str]:
    """The tenant's hosts that others can reach (a ``.localhost`` name only works on this machine)."""
    return [host for host in tenant.hosts if not is_loopback(host)]


def base_url(public_url: str, tenant, scheme: str = "https") -> str:
    """``<scheme>://<first own host>`` for a tenant with hosts of its own, else ``<public_url>/t/<slug>``."""
    hosts = own_hosts(tenant)
    if hosts:
        return f"{scheme}://{hosts[0]}"
    return f"{public_url}/t/{tenant.slug}"


def check_public_url(url: str) -> str:
    """*url* as an instance's public URL (``https://zorg.example.org``), without a trailing slash."""
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment \
            or parts.username or parts.password:
        raise NoaberError(f"NOABER_PUBLIC_URL={url!r} is not a base URL such as https://zorg.example.org")
    return url


def host_name(url: str) -> str:
    """The host name of *url*, lower case, without port or brackets."""
    return (urlsplit(url).hostname or "").rstrip(".")
