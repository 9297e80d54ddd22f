"""Sending: every message is written to the outbox first, then delivered in order.

``send`` numbers and signs a message in the caller's transaction, so that the message and
what it announces (an approval, a month's figures) are written together or not at all.
``deliver`` posts waiting messages per peer, oldest first, and stops at a peer's first
failure so that order is kept; network errors, 5xx, 408 and 429 are retried with growing
back-off, anything else waits for an admin. Nothing is ever dropped.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta, UTC

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.federation import envelope, http
from core.federation.models import Alert, Membership, Message, Peer
from core.tenancy.keys import active_key

RETRYABLE = {0, 408, 429}
#: a peer that has not answered for this long is flagged; delivery still goes on
UNREACHABLE_AFTER = timedelta(days=7)
#: what may still go to a peer whose membership ended or was declined: the closing word
CLOSING = ("membership-answer", "membership-end")


@dataclass
class Here:
    """One tenant's side of federation: who we are, our storage, our key."""

    instance: object
    tenant: object
    session: Session

    @property
    def me(self) -> str:
        return self.instance.base_url(self.tenant)


def now() -> datetime:
    return datetime.now(UTC)


def send(here: Here, peer: Peer, kind: str, fields: dict, period: str | None = None,
         revision: int | None = None, key=None) -> Message:
    """Number, sign (with *key*, default the active one) and queue one message to *peer*."""
    last = here.session.scalar(select(Message).where(Message.direction == "out", Message.peer_id == peer.id)
                               .order_by(Message.seq.desc()).limit(1))
    seq = last.seq + 1 if last else 1
    payload = {**envelope.new_header(kind, here.me, peer.url, seq, last.sha256 if last else None), **fields}
    key = key or active_key(here.session)
    signed = envelope.sign(payload, key.private_jwk, key.kid)
    message = Message(direction="out", peer_id=peer.id, type=kind, seq=seq, sha256=envelope.sha256(signed),
                      envelope=signed, period=period, revision=revision)
    here.session.add(message)
    here.session.flush()
    return message


def backoff(attempts: int) -> timedelta:
    """min(6 h, 15 s + n⁴ s), plus up to 10 % jitter so that peers are not hit all at once."""
    seconds = min(6 * 3600, 15 + attempts ** 4)
    return timedelta(seconds=seconds * (1 + random.random() / 10))


def may_receive(session: Session, peer: Peer, message: Message) -> bool:
    """Only peers of a membership hear from us; after it ends, only its closing word."""
    states = set(session.scalars(select(Membership.status).where(Membership.peer_id == peer.id)))
    return bool(states & {"requested", "active"}) or message.type in CLOSING


def waiting(session: Session) -> list[Message]:
    return list(session.scalars(select(Message).where(Message.direction == "out", Message.delivered_at.is_(None))
                                .order_by(Message.peer_id, Message.seq)))


def deliver(here: Here, at: datetime | None = None) -> dict[str, int]:
    """Post every waiting message that is due; returns counts by outcome."""
    at = at or now()
    counts = {"delivered": 0, "waiting": 0, "withheld": 0}
    stopped: set[int] = set()
    for message in waiting(here.session):
        peer = message.peer
        if peer.id in stopped or (message.next_attempt_at and message.next_attempt_at > at):
            stopped.add(peer.id)
            counts["waiting"] += 1
            continue
        if not may_receive(here.session, peer, message):
            counts["withheld"] += 1  # consent ended: kept, never sent
            continue
        if not _post(here, peer, message, at):
            stopped.add(peer.id)
            counts["waiting"] += 1
            continue
        counts["delivered"] += 1
    here.session.commit()
    return counts


def _post(here: Here, peer: Peer, message: Message, at: datetime) -> bool:
    status, detail = http.post_envelope(peer.inbox, message.envelope)
    message.attempts += 1
    if status in (200, 202):
        message.delivered_at, message.last_error, message.next_attempt_at = at, "", None
        peer.last_contact_at, peer.failing_since, peer.unreachable = at, None, False
        return True
    message.last_error = f"HTTP {status}: {detail}" if status else f"no answer: {detail}"
    if status in RETRYABLE or status >= 500:
        message.next_attempt_at = at + backoff(message.attempts)
        peer.failing_since = peer.failing_since or at
        peer.unreachable = at - _aware(peer.failing_since) >= UNREACHABLE_AFTER
    else:  # refused: retrying will not help until someone looks; keep it, try again much later
        message.next_attempt_at = at + timedelta(hours=6)
        here.session.add(Alert(peer_id=peer.id, kind="refused",
                               detail=f"seq {message.seq}: {message.last_error}"[:500]))
    return False


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

