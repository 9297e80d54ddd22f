"""The federation's public face: ``/.well-known/noaber``, ``/.well-known/jwks.json``."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from core.federation import identity, inbox
from core.federation.envelope import Refused
from core.federation.outbox import Here
from core.metrics import declared_metrics
from core.tenancy.context import current_scope, current_session, current_tenant
from core.web.permissions import public
from core.web.problems import problem

#: a summary of 500 metrics is about 40 kB; nothing honest is bigger
MAX_ENVELOPE = 256 * 1024

blueprint = Blueprint("federation", __name__)


@blueprint.get("/.well-known/noaber")
@public
def well_known():
    """Name, kind, region, inbox, outbox, keys and metrics of this tenant, for peers."""
    instance, tenant = current_scope().instance, current_tenant()
    document = identity.metadata(instance, tenant, declared_metrics(instance.plugins, tenant.plugins))
    return _cached(jsonify(document))


@blueprint.get("/.well-known/jwks.json")
@public
def jwks():
    """The tenant's public keys, retired ones too, so that every envelope it ever sent still verifies."""
    return _cached(jsonify(identity.jwks(current_session())))


def _cached(response):
    response.headers["Cache-Control"] = "public, max-age=300"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def here() -> Here:
    scope = current_scope()
    return Here(scope.instance, scope.tenant, scope.session)


@blueprint.post("/federation/inbox")
@public  # every envelope is checked against its sender's pinned key instead
def receive():
    """Take one envelope (``application/jose``): 202 new, 200 duplicate, else a problem with the reason."""
    if request.content_length is None or request.content_length > MAX_ENVELOPE:
        return problem(413, "Too large", f"an envelope is at most {MAX_ENVELOPE} bytes")
    text = request.get_data(as_text=True).strip()
    address = (request.remote_addr or "-") if current_app.config.get("RATELIMIT_ENABLED", True) else None
    try:
        status, detail = inbox.receive(here(), text, address)
    except Refused as refused:
        current_session().rollback()
        return problem(refused.status, "Envelope refused", refused.reason)
    return jsonify({"status": detail}), status


@blueprint.get("/federation/outbox")
@public  # the caller proves who it is with a signed pull request
def outbox():
    """Envelopes addressed to the caller after ``?after=<seq>``, for a coalition that missed some."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    after = request.args.get("after", "0")
    if scheme != "Noaber" or not token:
        return problem(401, "Unauthorised", "send a signed pull request: Authorization: Noaber <compact JWS>")
    if not after.isdigit():
        return problem(400, "Bad request", "after must be a sequence number", {"after": ["Not a number."]})
    try:
        peer = inbox.check_pull(here(), token.strip())
    except Refused as refused:
        return problem(refused.status, "Pull refused", refused.reason)
    return jsonify({"envelopes": inbox.outbox_for(here(), peer, int(after))})
