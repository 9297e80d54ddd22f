"""Browser-facing protections: security headers, sessions per tenant, CSRF on every form,
rate limits, proxies."""
from __future__ import annotations

import os

from flask import current_app, request
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from core.accounts import sessions

csrf = CSRFProtect()
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}

#: Everything from this server only: no inline script or style (the pages need none, and
#: the browser tests would see a blocked one), no plugins, never inside another site's frame.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "object-src": "'none'",
}
#: features no page uses, switched off
PERMISSIONS_POLICY = {"camera": "()", "microphone": "()", "geolocation": "()", "payment": "()"}


def headers(app) -> Talisman:
    """The security headers on every answer, pages and API alike (flask-talisman).

    HSTS only over HTTPS (behind a proxy: with NOABER_PROXY_FIX); nothing is redirected to
    HTTPS here, the proxy in front does that. Cookies are left to whoever sets them: the
    session (core.accounts.sessions) and the language cookie set HttpOnly, SameSite=Lax
    and, over HTTPS, Secure themselves.
    """
    return Talisman(app, force_https=False, content_security_policy=CONTENT_SECURITY_POLICY,
                    frame_options="DENY", referrer_policy="same-origin", permissions_policy=PERMISSIONS_POLICY,
                    strict_transport_security=True, strict_transport_security_max_age=365 * 24 * 60 * 60,
                    strict_transport_security_include_subdomains=False,
                    session_cookie_secure=False, x_xss_protection=False)


def secure_cookies() -> bool:
    """Whether a cookie set now is marked Secure: over HTTPS, or always with NOABER_COOKIE_SECURE=always."""
    return request.is_secure or current_app.config.get("NOABER_COOKIE_SECURE") == "always"


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
    headers(app)
    sessions.init_app(app)
    csrf.init_app(app)
    app.config.setdefault("RATELIMIT_ENABLED", True)
    if os.environ.get("NOABER_PROXY_FIX"):
        # Behind a proxy that terminates TLS: trust one hop for client address, scheme and host.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
