"""Signing in through the tenant's own OpenID Connect provider (authlib's Flask client).

Configured per tenant in tenant.toml::

    [oidc]
    issuer = "https://login.example.org"
    client_id = "noaber-de-es"
    client_secret_env = "DE_ES_OIDC_SECRET"     # or client_secret = "…" (not in git!)
    label = "Inloggen met Buurtaccount"

An OpenID sign-in finds an existing account, by the provider's subject once linked, or
the first time by a verified e-mail address. It never creates accounts: administrators
decide who has one.
"""
from __future__ import annotations

import hashlib
import os

from flask import Blueprint, abort, current_app, flash, redirect, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from core.accounts import service
from core.accounts.models import Account
from core.accounts.principal import start_session
from core.audit.service import record
from core.storage.base import utcnow
from core.tenancy.context import current_scope
from core.web.links import external_url
from core.web.permissions import public

blueprint = Blueprint("oidc", __name__)


def _oauth():
    """authlib's OAuth registry of this app, made at the first OpenID sign-in. Most tenants have no
    provider: a web worker that never meets one does not load authlib's client and requests
    (some 10 MB; issue 22)."""
    registry = current_app.extensions.get("noaber.oidc")
    if registry is None:
        from authlib.integrations.flask_client import OAuth
        registry = current_app.extensions["noaber.oidc"] = OAuth(current_app._get_current_object())
    return registry


def provider_for(tenant):
    """authlib's client for the tenant's provider; a changed configuration gets a client of its own."""
    config = tenant.oidc
    if not config:
        abort(404)
    fingerprint = hashlib.sha256(repr(sorted(config.items())).encode()).hexdigest()[:12]
    name = f"{tenant.slug.replace('-', '_')}_{fingerprint}"
    oauth = _oauth()
    client = oauth.create_client(name)
    if client is None:
        client = oauth.register(
            name, client_id=config["client_id"],
            client_secret=config["client_secret"] or os.environ.get(config["client_secret_env"], ""),
            server_metadata_url=config["issuer"].rstrip("/") + "/.well-known/openid-configuration",
            client_kwargs={"scope": "openid email profile", "code_challenge_method": "S256"})
    return client


@blueprint.get("/sign-in/oidc")
@public
def start():
    scope = current_scope()
    return provider_for(scope.tenant).authorize_redirect(external_url("oidc.callback"))


@blueprint.get("/sign-in/oidc/callback")
@public
def callback():
    scope = current_scope()
    client = provider_for(scope.tenant)
    from authlib.integrations.base_client import OAuthError  # loaded with the client, just above
    try:
        token = client.authorize_access_token()
        claims = dict(token.get("userinfo") or {})
        if "email" not in claims:
            claims.update(client.userinfo(token=token))
    except OAuthError as exc:
        return _refused(_("The sign-in service said no: %(reason)s", reason=exc.description or exc.error))
    account = match_account(scope.session, claims)
    if account is None:
        return _refused(_("There is no account here for %(email)s. Ask an administrator.",
                          email=claims.get("email") or claims.get("sub")))
    account.last_login_at = utcnow()
    record(scope.session, f"account:{account.id}", "sign_in", None, "oidc.callback")
    start_session(scope, account)
    scope.session.commit()
    return redirect(url_for("core.home"))


def match_account(session, claims: dict) -> Account | None:
    """By subject when linked; else by a verified e-mail address, and link it from then on."""
    subject = f"{claims.get('iss', '')}|{claims['sub']}"
    account = session.scalar(select(Account).where(Account.oidc_subject == subject))
    if account is None and claims.get("email") and claims.get("email_verified") is True:
        account = service.find_by_email(session, claims["email"])
        if account is not None and account.oidc_subject is None:
            account.oidc_subject = subject
        elif account is not None:
            account = None  # linked to another subject already: do not take it over
    return account if account is not None and account.active else None


def _refused(message: str):
    flash(message)
    return redirect(url_for("accounts.sign_in"))


def init_app(app) -> None:
    app.register_blueprint(blueprint)
