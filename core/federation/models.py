"""Federation tables: peers with their pinned keys, memberships, every message sent or received."""
from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import (
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.storage.base import Base, UTCDateTime, utcnow
from core.tenancy.keys import fingerprint

#: the peer is a coalition we are a member of (we send) / a member of ours (we receive)
SIDES = ("coalition", "member")
MEMBERSHIP_STATES = ("requested", "active", "declined", "ended")


class Peer(Base):
    """Another tenant, anywhere, known by its base URL; its keys are pinned at first contact."""

    __tablename__ = "core_peer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(300), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    region: Mapped[str | None] = mapped_column(String(12), default=None)
    inbox: Mapped[str] = mapped_column(String(300))
    outbox: Mapped[str] = mapped_column(String(300))
    #: public JWKs (JSON list) this peer signs with; grows by signed key rotation only
    keys_json: Mapped[str] = mapped_column(Text, default="[]")
    pinned_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: delivery: last success, first failure since then, and whether we gave up hoping
    last_contact_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    failing_since: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    unreachable: Mapped[bool] = mapped_column(Boolean, default=False)

    memberships: Mapped[list[Membership]] = relationship(back_populates="peer")

    @property
    def keys(self) -> list[dict]:
        """Pinned public keys, newest first (as a JWKS lists them)."""
        return json.loads(self.keys_json)

    @property
    def fingerprint(self) -> str:
        """The current key's fingerprint, for people to compare by phone."""
        keys = self.keys
        return fingerprint(keys[0]["kid"]) if keys else "—"

    @keys.setter
    def keys(self, value: list[dict]) -> None:
        self.keys_json = json.dumps(value, sort_keys=True)

    def __repr__(self) -> str:
        return f"<Peer {self.url}>"


class Membership(Base):
    """A neighbourhood's consent to share chosen metrics with a coalition, seen from either side."""

    __tablename__ = "core_membership"
    __table_args__ = (UniqueConstraint("peer_id", "side"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    peer_id: Mapped[int] = mapped_column(ForeignKey("core_peer.id", ondelete="CASCADE"), index=True)
    side: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default="requested")
    #: JSON lists of metric ids: what the coalition asked, what the neighbourhood agreed to
    asked_json: Mapped[str] = mapped_column(Text, default="[]")
    shared_json: Mapped[str] = mapped_column(Text, default="[]")
    #: the first month shared (YYYY-MM)
    since: Mapped[str | None] = mapped_column(String(7), default=None)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)

    peer: Mapped[Peer] = relationship(back_populates="memberships", lazy="joined")

    @property
    def asked(self) -> list[str]:
        return json.loads(self.asked_json)

    @property
    def shared(self) -> list[str]:
        return json.loads(self.shared_json)

    def __repr__(self) -> str:
        return f"<Membership {self.side} {self.peer_id} {self.status}>"


class Message(Base):
    """One envelope, exactly as signed, sent to a peer (``out``) or received from one (``in``).

    Outgoing rows are the outbox: written in the same transaction as what they announce,
    delivered in ``seq`` order per peer, never deleted.
    """

    __tablename__ = "core_message"
    #: the second index answers "latest month per member" for the dashboard without reading envelopes
    __table_args__ = (UniqueConstraint("direction", "peer_id", "seq"),
                      Index("ix_core_message_latest_period", "direction", "type", "peer_id", "period"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    direction: Mapped[str] = mapped_column(String(3))
    peer_id: Mapped[int] = mapped_column(ForeignKey("core_peer.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(30))
    seq: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    envelope: Mapped[str] = mapped_column(Text)
    #: for summaries: the month (YYYY-MM) and its revision
    period: Mapped[str | None] = mapped_column(String(7), default=None, index=True)
    revision: Mapped[int | None] = mapped_column(Integer, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    last_error: Mapped[str] = mapped_column(String(300), default="")

    peer: Mapped[Peer] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<Message {self.direction} {self.type} peer={self.peer_id} seq={self.seq}>"


class Alert(Base):
    """Something a peer did that an admin must look at: equivocation, a broken chain."""

    __tablename__ = "core_federation_alert"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    peer_id: Mapped[int | None] = mapped_column(ForeignKey("core_peer.id", ondelete="CASCADE"), default=None)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    kind: Mapped[str] = mapped_column(String(30))
    detail: Mapped[str] = mapped_column(String(500))
    seen: Mapped[bool] = mapped_column(Boolean, default=False)


class PeriodTotal(Base):
    """A month's figures added up per metric and status (coalitions): the dashboard reads these.

    Added up from the members' latest summaries for the month, decoded from the stored
    envelopes (the record), so that taking a summary in writes one row, not one per value.

    Rebuilt for a month when its ``basis`` no longer matches: a summary for the month arrived,
    or the active membership changed (see ``aggregate.refresh``).
    """

    __tablename__ = "core_federation_period_total"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period: Mapped[str] = mapped_column(String(7), index=True)
    metric: Mapped[str] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(15))
    count: Mapped[int] = mapped_column(Integer)
    total: Mapped[float | None] = mapped_column(Float, default=None)
    biggest: Mapped[float | None] = mapped_column(Float, default=None)
    smallest: Mapped[float | None] = mapped_column(Float, default=None)
    communities: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    communities_reporting: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class PeriodState(Base):
    """What a month's totals were computed from: the active membership and the newest summary
    for the month. Nobody marks a month stale: a recount compares this with the tables now."""

    __tablename__ = "core_federation_period_state"

    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    basis: Mapped[str] = mapped_column(String(100), default="")


class Release(Base):
    """A noised count as released for a month, and the true value it came from (noise policy).

    Kept so that an unchanged month goes out with the same noise again (see ``noise``); the
    true value is this tenant's own figure and never leaves it.
    """

    __tablename__ = "core_federation_release"
    __table_args__ = (UniqueConstraint("period", "metric"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period: Mapped[str] = mapped_column(String(7))
    metric: Mapped[str] = mapped_column(String(80))
    true_value: Mapped[float] = mapped_column(Float)
    released: Mapped[int] = mapped_column(Integer)
