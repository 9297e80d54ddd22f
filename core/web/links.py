"""Links out of a page (in a mail, a feed, to a provider) and back targets into it.

Both are built from what the instance knows, never from what the request claims: a link
out starts at the tenant's public base URL, not at the request's Host, and a back target
(``next``) is parsed and kept only when it is a path on this site (issue 23).
"""
from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit, urlunsplit

from flask import current_app

from core.tenancy.context import current_scope

#: C0 controls, DEL and C1 controls: browsers drop some (tab, newline) and then read what is left
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def external_url(endpoint: str, **values) -> str:
    """The full address of *endpoint* of the current tenant, for a mail or another site.

    ``external_url("transport.my_rides")`` → ``https://de-es.example.org/transport/mine``;
    works in a request and in a job (``tenant_context``) alike.
    """
    scope = current_scope()
    path = current_app.url_map.bind("", script_name="/").build(endpoint, values)
    return scope.instance.base_url(scope.tenant) + path


def local_target(target: str | None, under: str = "") -> str | None:
    """*target* as a path on this site (under *under*, if given), or None if it is anything else.

    Control characters go first, as a browser would drop them (``/\\t/evil.example`` is
    ``//evil.example`` to it); then the target must parse as a path without scheme or host,
    without backslashes, empty or dot segments or encoded control characters, that starts
    with *under*.
    """
    parts = urlsplit(CONTROL.sub("", target or "").strip())
    path, plain = parts.path, unquote(parts.path)
    if parts.scheme or parts.netloc or not path.startswith("/") or "//" in plain or "\\" in plain:
        return None
    if CONTROL.search(plain) or any(segment in (".", "..") for segment in plain.split("/")):
        return None
    if under and path != under and not path.startswith(under.rstrip("/") + "/"):
        return None
    return urlunsplit(("", "", path, parts.query, parts.fragment))
