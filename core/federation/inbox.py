"""Receiving: verify against the pinned key, check the chain, store verbatim, then act.

Answers (HTTP status, as ActivityPub inboxes do): 202 accepted, 200 an exact duplicate, 409
the same seq with other content (equivocation; the admin is alerted) or out of order, and a
4xx with the reason for anything refused. Only a membership request may come from a tenant
we do not know yet: then we fetch its keys from its own address and pin them.
"""
from __future__ import annotations

import json
import time
import uuid

from joserfc.jwk import OKPKey
from sqlalchemy import delete, select

from core.errors import NoaberError
from core.federation import envelope, http
from core.federation.envelope import Refused
from core.federation.models import Alert, Figure, Membership, Message, Peer
from core.federation.outbox import Here, next_in_seq, now


def receive(here: Here, text: str) -> tuple[int, str]:
    """Take one envelope; returns (status, what happened). Commits on success only."""
    header, claimed = envelope.unverified(text)
    if claimed.get("type") not in envelope.CHAINED:
        raise Refused(f"unknown message type {claimed.get('type')!r}")
    if claimed.get("aud") != here.me:
        raise Refused(f"addressed to {claimed.get('aud')!r}, not to {here.me}", 403)
    peer = here.session.scalar(select(Peer).where(Peer.url == claimed.get("iss")))
    if peer is None:
        peer = _first_contact(here, claimed)
    _header, payload = envelope.verify(text, peer.keys)
    try:
        duplicate = _check_chain(here, peer, payload, text)
    except Gap as gap:
        return _fill_gap(here, peer, payload, text, gap)
    if duplicate:
        return 200, "already received"
    message = Message(direction="in", peer_id=peer.id, type=payload["type"], seq=payload["seq"],
                      sha256=envelope.sha256(text), envelope=text, delivered_at=now())
    ACTIONS[payload["type"]](here, peer, payload, message)
    here.session.add(message)
    here.session.commit()
    return 202, "accepted"


class Gap(Refused):
    """Messages before this one have not arrived (yet)."""


def _fill_gap(here: Here, peer: Peer, payload: dict, text: str, gap: Gap) -> tuple[int, str]:
    """Fetch what is missing from the sender's outbox; that brings this message too, in order."""
    here.session.rollback()
    if not set(m.status for m in peer.memberships) & {"requested", "active"}:
        raise gap  # we only ever call out to peers of a membership
    try:
        pulled = pull(here, peer)
    except NoaberError:  # unreachable, or what it sent was refused: the sender retries later
        here.session.rollback()
        raise gap from None
    stored = here.session.scalar(select(Message.sha256).where(Message.direction == "in", Message.peer_id == peer.id,
                                                              Message.seq == payload["seq"]))
    if stored != envelope.sha256(text):
        raise gap
    return 202, f"accepted after fetching {pulled - 1} missing"


def _first_contact(here: Here, claimed: dict) -> Peer:
    if claimed.get("type") != "membership-request":
        raise Refused(f"{claimed.get('iss')!r} is not a peer of this tenant", 403)
    try:
        metadata, keys = http.fetch_peer(str(claimed.get("iss")))
    except Exception as exc:  # noqa: BLE001  any failure to fetch means we cannot check the signature
        raise Refused(f"could not fetch the keys of {claimed.get('iss')!r}: {exc}", 400) from None
    if metadata.get("kind") != "coalition":
        raise Refused("only a coalition can ask for a membership", 403)
    peer = Peer(url=metadata["id"], name=str(metadata.get("name", ""))[:200], kind="coalition",
                region=metadata.get("region"), inbox=metadata["inbox"], outbox=metadata["outbox"])
    peer.keys = keys
    here.session.add(peer)
    here.session.flush()
    return peer


def _check_chain(here: Here, peer: Peer, payload: dict, text: str) -> bool:
    """True for an exact duplicate; refuses equivocation, gaps and a broken hash chain."""
    seq = payload["seq"]
    last = here.session.execute(select(Message.seq, Message.sha256).where(
        Message.direction == "in", Message.peer_id == peer.id).order_by(Message.seq.desc()).limit(1)).first()
    expected = last.seq + 1 if last else 1
    if seq < expected:
        stored = here.session.scalar(select(Message.sha256).where(Message.direction == "in",
                                                                  Message.peer_id == peer.id, Message.seq == seq))
        if stored == envelope.sha256(text):
            return True
        here.session.rollback()
        here.session.add(Alert(peer_id=peer.id, kind="equivocation",
                               detail=f"{peer.url} sent seq {seq} twice with different content"))
        here.session.commit()
        raise Refused(f"seq {seq} was already received with other content", 409)
    if seq > expected:
        raise Gap(f"out of order: expected seq {expected}, got {seq}", 409)
    if seq > 1 and payload["prev"] != last.sha256:
        raise Refused(f"broken hash chain: prev of seq {seq} is not the hash of seq {seq - 1}", 409)
    return False


def _membership(here: Here, peer: Peer, side: str) -> Membership | None:
    return here.session.scalar(select(Membership).where(Membership.peer_id == peer.id, Membership.side == side))


def _on_request(here: Here, peer: Peer, payload: dict, _message) -> None:
    membership = _membership(here, peer, "coalition") or Membership(peer_id=peer.id, side="coalition")
    if membership.status == "active":
        raise Refused("already a member", 409)
    peer.name = payload["name"]
    membership.status, membership.asked_json = "requested", json.dumps(payload["metrics"])
    membership.requested_at, membership.decided_at, membership.ended_at = now(), None, None
    here.session.add(membership)


def _on_answer(here: Here, peer: Peer, payload: dict, _message) -> None:
    membership = _membership(here, peer, "member")
    if membership is None or membership.status != "requested":
        raise Refused("no open membership request to this peer", 409)
    unasked = {m["id"] for m in payload["metrics"]} - set(membership.asked)
    if unasked:
        raise Refused(f"approved metrics that were not asked for: {sorted(unasked)}", 422)
    membership.status = "active" if payload["approved"] else "declined"
    membership.shared_json = json.dumps([m["id"] for m in payload["metrics"]])
    membership.since = payload["since"][:7] if payload["since"] else None
    membership.decided_at = now()


def _on_end(here: Here, peer: Peer, _payload: dict, _message) -> None:
    ended = False
    for membership in peer.memberships:
        if membership.status in ("requested", "active"):
            membership.status, membership.ended_at, ended = "ended", now(), True
    if not ended:
        raise Refused("no membership to end", 409)


def _on_summary(here: Here, peer: Peer, payload: dict, message: Message) -> None:
    membership = _membership(here, peer, "member")
    if membership is None or membership.status != "active":
        raise Refused("no active membership: summaries are not accepted", 403)
    extra = {v["metric"] for v in payload["values"]} - set(membership.shared)
    if extra:
        raise Refused(f"metrics outside the membership: {sorted(extra)}", 422)
    message.period, message.revision = payload["period"][:7], payload["revision"]
    # a later seq is always a later revision: its snapshot replaces the month's figures whole
    here.session.execute(delete(Figure).where(Figure.peer_id == peer.id, Figure.period == message.period))
    here.session.execute(Figure.__table__.insert(), [{"peer_id": peer.id, "period": message.period, "metric": v["metric"],
                                           "value": v["value"], "status": v["status"]} for v in payload["values"]])


def _on_rotation(here: Here, peer: Peer, payload: dict, _message) -> None:
    """A new key, announced under the old one (already verified): pin it too."""
    jwk = payload["jwk"]
    try:
        kid = OKPKey.import_key(jwk).thumbprint()
    except Exception:  # noqa: BLE001  whatever joserfc refuses is not an Ed25519 public key
        raise Refused("the announced key is not an Ed25519 public key", 422) from None
    if jwk.get("kid") != kid or jwk.get("crv") != "Ed25519" or "d" in jwk:
        raise Refused("the announced key's kid must be its RFC 7638 thumbprint", 422)
    peer.keys = [k for k in peer.keys if k.get("kid") != kid] + [jwk]


ACTIONS = {"membership-request": _on_request, "membership-answer": _on_answer, "membership-end": _on_end,
           "summary": _on_summary, "key-rotation": _on_rotation}


#: how far a pull request's clock may be off ours (a day of skew must still work)
PULL_SKEW = 2 * 24 * 3600


def pull(here: Here, peer: Peer) -> int:
    """Fetch from a member's outbox what we missed, and take it as if it had been posted."""
    from core.keys import active_key
    key = active_key(here.session)
    token = envelope.sign({"v": 1, "type": "pull", "iss": here.me, "aud": peer.url, "jti": str(uuid.uuid4()),
                           "iat": int(time.time())}, key.private_jwk, key.kid)
    taken = 0
    for text in http.pull_outbox(peer.outbox, token, next_in_seq(here.session, peer) - 1):
        status, _ = receive(here, text)
        taken += status == 202
    return taken


def check_pull(here: Here, token: str) -> Peer:
    """The peer behind a pull request, if it signed it for us just now and has a membership."""
    _header, claimed = envelope.unverified(token)
    peer = here.session.scalar(select(Peer).where(Peer.url == claimed.get("iss")))
    if peer is None:
        raise Refused("unknown peer", 401)
    _header, payload = envelope.verify(token, peer.keys)
    if payload["type"] != "pull" or payload["aud"] != here.me:
        raise Refused("not a pull request for this tenant", 401)
    if abs(time.time() - payload["iat"]) > PULL_SKEW:
        raise Refused("the pull request is too old or from the future", 401)
    return peer


def outbox_for(here: Here, peer: Peer, after: int) -> list[str]:
    """Envelopes to *peer* after seq *after* that it may still receive, oldest first."""
    from core.federation.outbox import may_receive
    messages = here.session.scalars(select(Message).where(Message.direction == "out", Message.peer_id == peer.id,
                                                          Message.seq > after).order_by(Message.seq)).all()
    allowed = []
    for message in messages:
        if not may_receive(here.session, peer, message):
            break  # keep the chain whole: stop at the first one it may not have
        allowed.append(message.envelope)
    return allowed
