"""Who a tenant is to its peers: its base URL, its metadata, and its public keys.

The identity is the tenant's base URL (``Instance.base_url``): ``https://<host>`` for a tenant
with a host of its own, else ``<NOABER_PUBLIC_URL>/t/<slug>``. Hosts under ``.localhost`` only
name the tenant on this machine's browser (the demo's), so they never become an identity.
Everything a peer needs hangs under it: ``/.well-known/noaber`` (metadata) and
``/.well-known/jwks.json`` (keys, retired ones included, so that old envelopes keep verifying).
"""
from __future__ import annotations

import json
from urllib.parse import urlsplit

from joserfc.jwk import OKPKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import NoaberError
from core.tenancy.addresses import LOOPBACK
from core.tenancy.keys import SigningKey

PROTOCOL_VERSION = 1


def metadata(instance, tenant, metrics) -> dict:
    """What ``/.well-known/noaber`` answers; *metrics* are the tenant's declared metrics."""
    base = instance.base_url(tenant)
    document = {"noaber": PROTOCOL_VERSION, "id": base, "name": tenant.name, "kind": tenant.kind,
                "inbox": f"{base}/federation/inbox", "outbox": f"{base}/federation/outbox",
                "jwks_uri": f"{base}/.well-known/jwks.json",
                "metrics": [{"id": m.id, "unit": m.unit, "counts": m.counts, "aggregation": m.aggregation,
                             "label": str(m.label)} for m in metrics]}
    if tenant.region:
        document["region"] = tenant.region
    return document


def public_jwk(record: SigningKey) -> dict:
    public = OKPKey.import_key(json.loads(record.private_jwk)).as_dict(private=False)
    return {**public, "kid": record.kid, "use": "sig", "alg": "Ed25519"}


def jwks(session: Session) -> dict:
    """Every key the tenant ever signed with, newest first."""
    records = session.scalars(select(SigningKey).order_by(SigningKey.created_at.desc())).all()
    return {"keys": [public_jwk(record) for record in records]}


def check_peer_url(url: str) -> str:
    """A peer's base URL, normalised; refuses what cannot be one (and plain http off this machine)."""
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname or parts.query or parts.fragment or parts.username:
        raise NoaberError(f"{url!r} is not a base URL such as https://buurt.example.org or https://host/t/de-es")
    if parts.scheme == "http" and parts.hostname not in LOOPBACK:  # plain http: this machine only (demo, tests)
        raise NoaberError(f"{url!r}: peers are reached over https only")
    return url
