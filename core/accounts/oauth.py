"""OAuth2 for programs: client credentials at ``/oauth/token``, bearer tokens on ``/api/v1``.

authlib's authorization server runs the token endpoint; the tokens are JWTs (RFC 9068
shape) signed with the tenant's own Ed25519 key, valid for an hour, with the tenant's
API as audience. A token made for one tenant is refused by every other. The client is looked
up on each request: a token of a revoked client stops working at once, and a token grants
only the scopes its client still has, so cutting a client's scopes applies at once too.
"""
from __future__ import annotations

import json
import secrets
import time

from authlib.integrations.flask_oauth2 import AuthorizationServer, ResourceProtector
from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import ClientMixin, TokenMixin, grants
from authlib.oauth2.rfc6750 import BearerTokenValidator
from flask import Blueprint, request
from joserfc import jws, jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, OKPKey
from sqlalchemy import select
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import Unauthorized

from core.accounts import passwords
from core.accounts.limits import SIGN_IN_LIMIT, limit
from core.accounts.models import ApiClient
from core.audit.service import record
from core.tenancy.context import current_scope
from core.tenancy.keys import SigningKey, active_key
from core.web.permissions import Principal, public

TOKEN_LIFETIME = 3600
TOKEN_TYPE = "at+jwt"


def audience(slug: str) -> str:
    return f"urn:noaber:{slug}:api"


def issuer(slug: str) -> str:
    return f"urn:noaber:{slug}"


class Client(ClientMixin):
    """authlib's view of an :class:`ApiClient` row."""

    def __init__(self, row: ApiClient):
        self.row = row

    def get_client_id(self):
        return self.row.client_id

    def check_client_secret(self, client_secret):
        return passwords.verify(self.row.secret_hash, client_secret)

    def check_endpoint_auth_method(self, method, endpoint):
        return method in ("client_secret_basic", "client_secret_post")

    def check_grant_type(self, grant_type):
        return grant_type == "client_credentials"

    def get_allowed_scope(self, scope):
        allowed = self.row.scope_set
        return " ".join(s for s in (scope or "").split() if s in allowed) if scope else " ".join(sorted(allowed))

    def get_default_redirect_uri(self):
        return None

    def check_redirect_uri(self, redirect_uri):
        return False

    def check_response_type(self, response_type):
        return False


def query_client(client_id: str):
    row = current_scope().session.scalar(select(ApiClient).where(ApiClient.client_id == client_id,
                                                                 ApiClient.revoked_at.is_(None)))
    return Client(row) if row is not None else None


def tenant_key(record: SigningKey) -> OKPKey:
    return OKPKey.import_key({**json.loads(record.private_jwk), "kid": record.kid})


def _signing_key(session) -> tuple[str, OKPKey]:
    key = active_key(session)
    return key.kid, tenant_key(key)


def generate_token(grant_type, client, user=None, scope=None, expires_in=None, include_refresh_token=True):
    scope_ = current_scope()
    scope = client.get_allowed_scope(scope)  # none asked for: all the client may have
    kid, key = _signing_key(scope_.session)
    now = int(time.time())
    claims = {"iss": issuer(scope_.tenant.slug), "aud": audience(scope_.tenant.slug), "sub": client.get_client_id(),
              "client_id": client.get_client_id(), "scope": scope or "", "iat": now, "exp": now + TOKEN_LIFETIME,
              "jti": secrets.token_urlsafe(12)}
    token = jwt.encode({"alg": "Ed25519", "typ": TOKEN_TYPE, "kid": kid}, claims, key, algorithms=["Ed25519"])
    return {"access_token": token, "token_type": "Bearer", "expires_in": TOKEN_LIFETIME, "scope": scope or ""}


def save_token(token, request_):
    scope = current_scope()
    record(scope.session, f"client:{request_.client.get_client_id()}", "sign_in", None, "oauth.token")
    scope.session.commit()


class AccessToken(TokenMixin):
    def __init__(self, claims: dict, client: ApiClient | None):
        self.claims, self.client = claims, client

    def check_client(self, client):
        return client.get_client_id() == self.claims["client_id"]

    def get_scope(self):
        return self.claims.get("scope", "")

    def get_expires_in(self):
        return self.claims["exp"] - self.claims["iat"]

    def is_expired(self):
        return self.claims["exp"] <= time.time()

    def is_revoked(self):
        return self.client is None or self.client.revoked_at is not None


#: Ed25519 (RFC 9864); until 2026-12 tokens were signed as ``EdDSA``, the older name of the
#: same signature, which RFC 9864 deprecates. Such a token is valid an hour at most: the old
#: name is accepted for this release only, so an upgrade does not cut off a running client.
ACCEPTED_ALGORITHMS = ["Ed25519", "EdDSA"]


#: (tenant slug, kid) → the tenant's key of that kid, imported once per process. A kid is the
#: thumbprint of its key, so it never names other key material; keys are never deleted (a retired
#: key still verifies what it signed), so nothing here goes stale. Importing the keys on every
#: request was most of the cost of a bearer-token request (issue 21).
_KEYS: dict[tuple[str, str], OKPKey] = {}


def _verifying_key(scope, token_string: str) -> OKPKey | KeySet:
    """The tenant's key that the token names in its header; an empty set if it names none of them."""
    try:
        kid = jws.extract_compact(token_string.encode()).headers().get("kid")
    except (JoseError, ValueError):
        return KeySet([])
    if not isinstance(kid, str):
        return KeySet([])
    cached = _KEYS.get((scope.tenant.slug, kid))
    if cached is None:
        record = scope.session.get(SigningKey, kid)
        if record is None:
            return KeySet([])
        cached = _KEYS[(scope.tenant.slug, kid)] = tenant_key(record)
    return cached


class TenantTokenValidator(BearerTokenValidator):
    """Accept only Ed25519 JWTs signed by this tenant's keys, for this tenant's API, not expired."""

    def authenticate_token(self, token_string):
        scope = current_scope()
        try:
            token = jwt.decode(token_string, _verifying_key(scope, token_string), algorithms=ACCEPTED_ALGORITHMS)
        except (JoseError, ValueError):
            return None
        if token.header.get("typ") != TOKEN_TYPE:
            return None
        try:
            jwt.JWTClaimsRegistry(iss={"essential": True, "value": issuer(scope.tenant.slug)},
                                  aud={"essential": True, "value": audience(scope.tenant.slug)},
                                  exp={"essential": True}, leeway=30).validate(token.claims)
        except JoseError:
            return None
        client = scope.session.scalar(select(ApiClient).where(ApiClient.client_id == token.claims.get("client_id")))
        return AccessToken(token.claims, client)


class ClientCredentials(grants.ClientCredentialsGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]


authorization = AuthorizationServer(query_client=query_client, save_token=save_token)
authorization.register_grant(ClientCredentials)
authorization.register_token_generator("client_credentials", generate_token)
protector = ResourceProtector()
protector.register_token_validator(TenantTokenValidator())

blueprint = Blueprint("oauth", __name__)


@blueprint.post("/oauth/token")
@public
@limit(SIGN_IN_LIMIT)
def token():
    """RFC 6749 §4.4: client credentials, authenticated with HTTP Basic or in the form body."""
    return authorization.create_token_response()


def principal_from_bearer(scope) -> Principal:
    """Anonymous without an Authorization header; a client principal with a valid token; 401 otherwise."""
    if not request.headers.get("Authorization"):
        return Principal()
    try:
        token = protector.acquire_token()
    except OAuth2Error as error:  # as problem+json, with the RFC 6750 challenge
        challenge = dict(error.get_headers()).get("WWW-Authenticate", "Bearer")
        raise Unauthorized("The bearer token is not valid here: expired, revoked, or made for another tenant.",
                           www_authenticate=WWWAuthenticate.from_header(challenge)) from None
    declared = {name for name, (owner, _p) in scope.instance.plugins.permissions.items()
                if owner == "core" or owner in scope.tenant.plugins}
    # what the token says, as far as the client still has it now (issue 23)
    granted = frozenset(set(token.get_scope().split()) & token.client.scope_set & declared)
    return Principal("client", f"client:{token.claims['client_id']}", None, granted)


def init_app(app) -> None:
    authorization.init_app(app)
    app.register_blueprint(blueprint)
