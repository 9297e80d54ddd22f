"""The tenant's Ed25519 signing keys, made at ``noaber init`` and kept in its own storage."""
from __future__ import annotations

import json

from joserfc.jwk import OKPKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import SigningKey


def create_signing_key(session: Session) -> SigningKey:
    """Generate a key pair; its ``kid`` is the RFC 7638 thumbprint of the public key."""
    key = OKPKey.generate_key("Ed25519")
    record = SigningKey(kid=key.thumbprint(), private_jwk=json.dumps(key.as_dict(private=True)))
    session.add(record)
    return record


def active_key(session: Session) -> SigningKey | None:
    query = select(SigningKey).where(SigningKey.retired_at.is_(None)).order_by(SigningKey.created_at.desc())
    return session.scalars(query).first()


def fingerprint(kid: str) -> str:
    """The thumbprint in groups of four, short enough to compare by phone."""
    return " ".join(kid[i:i + 4] for i in range(0, 24, 4))
