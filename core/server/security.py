"""Browser-facing protections: sessions per tenant, CSRF on every form, rate limits, proxies."""
from __future__ import annotations

import os

from flask import request
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from core.accounts import sessions

csrf = CSRFProtect()
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


def check_csrf() -> None:
    """before_request: every form post carries a valid CSRF token.

    The API is exempt because it accepts no cookies at all (bearer tokens only), and so
    are the OAuth token endpoint, which authenticates the client itself, and the federation
    inbox, where every envelope carries its own signature.
    """
    if request.method in SAFE_METHODS or request.path.startswith("/api/") or \
            request.path in ("/oauth/token", "/federation/inbox"):
        return
    csrf.protect()


def init_app(app, secret: bytes) -> None:
    app.secret_key = secret
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)  # checked in check_csrf, after the tenant is known
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", 60 * 60 * 8)
    sessions.init_app(app)
    csrf.init_app(app)
    app.config.setdefault("RATELIMIT_ENABLED", True)
    if os.environ.get("NOABER_PROXY_FIX"):
        # Behind a proxy that terminates TLS: trust one hop for client address, scheme and host.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
