"""Browser sessions, one per tenant: signed with a key of that tenant, scoped to its path.

A session cookie made for one tenant does not verify at another (the signing key is
derived per tenant) and is not even sent there by a browser (the cookie's path is the
tenant's prefix, or its own host).
"""
from __future__ import annotations

from flask import current_app, request
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer

COOKIE_NAME = "noaber_session"


def request_tenant_slug() -> str | None:
    """The tenant of this request as far as it is known before routing: prefix or own host."""
    slug = request.environ.get("noaber.slug")
    if slug is None:
        slug = current_app.extensions["noaber"].tenants.claimed(request.host)
    return slug


class TenantSessionInterface(SecureCookieSessionInterface):
    salt = "noaber-session"

    def open_session(self, app, request_):
        # Most requests (the API, first visits) carry no cookie: skip finding the signing key.
        if not request_.cookies.get(COOKIE_NAME):
            return self.session_class()
        return super().open_session(app, request_)

    def get_signing_serializer(self, app):
        slug = request_tenant_slug()
        if slug is None:
            return None  # no tenant, no session: the request will be a 404
        key = app.extensions["noaber"].key_for("session", slug)
        return URLSafeTimedSerializer(key, salt=self.salt, serializer=self.serializer,
                                      signer_kwargs={"key_derivation": "hmac", "digest_method": self.digest_method})

    def get_cookie_name(self, app) -> str:
        return COOKIE_NAME

    def get_cookie_path(self, app) -> str:
        return (request.script_root or "") + "/"

    def get_cookie_secure(self, app) -> bool:
        # Behind TLS (with NOABER_PROXY_FIX when a proxy terminates it) cookies are Secure;
        # NOABER_COOKIE_SECURE=always forces it even for plain HTTP.
        return request.is_secure or app.config["NOABER_COOKIE_SECURE"] == "always"

    def get_cookie_samesite(self, app) -> str:
        return "Lax"

    def get_cookie_httponly(self, app) -> bool:
        return True


def init_app(app) -> None:
    app.session_interface = TenantSessionInterface()
    app.config.setdefault("NOABER_COOKIE_SECURE", "auto")
    app.config.setdefault("PERMANENT_SESSION_LIFETIME", 60 * 60 * 12)
