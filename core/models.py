"""Core's own tables. Every core table starts with ``core_``, as a plugin's starts with its name."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


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


def import_all() -> None:
    """Import every core model, so that metadata and migrations see them all."""
    import core.accounts.models  # noqa: F401
    import core.audit.models  # noqa: F401
    import core.federation.models  # noqa: F401
    import core.people.models  # noqa: F401
