"""The tenant's Ed25519 signing keys, made at ``noaber init`` and kept in its own storage."""
from __future__ import annotations

import json
from datetime import datetime

from joserfc.jwk import OKPKey
from sqlalchemy import String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.storage.base import Base, UTCDateTime, utcnow


class SigningKey(Base):
    """An Ed25519 key pair with which the tenant signs what it federates."""

    __tablename__ = "core_signing_key"

    #: RFC 7638 thumbprint of the public key, also its JWS ``kid``
    kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: the private key as a JWK (JSON); it never leaves the tenant's storage
    private_jwk: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: set when rotated out; retired keys stay published so old summaries still verify
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)

    def __repr__(self) -> str:
        return f"<SigningKey {self.kid[:12]}… retired={self.retired_at is not None}>"


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
