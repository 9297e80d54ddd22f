"""Receiving: verify against the pinned key, check the chain, store verbatim, then act.

Answers (HTTP status, as ActivityPub inboxes do): 202 accepted, 200 an exact duplicate, 409
the same seq with other content (equivocation; the admin is alerted) or out of order, and a
4xx with the reason for anything refused. Only a membership request may come from a tenant
we do not know yet: then we fetch its keys from its own address and pin them.
"""
from __future__ import annotations

import json
import logging
import time
import uuid

from joserfc.jwk import OKPKey
from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import IntegrityError

from core.errors import NoaberError
from core.federation import envelope, http, limits
from core.federation.envelope import Refused
from core.federation.models import Alert, Membership, Message, Peer
from core.federation.outbox import Here, may_receive, now
from core.storage.engines import relax_durability
from core.tenancy.keys import active_key

log = logging.getLogger("noaber.federation")


def receive(here: Here, text: str, address: str | None = None) -> tuple[int, str]:
    """Take one envelope in a transaction of its own (a POST); returns (status, what happened).

    With the client's *address*, the inbox's rate limits apply (``limits``).
    """
    intake = Intake(here, address)
    try:
        result = intake.take(text)
        if any(m["type"] == "summary" for m in intake.messages):  # the sender keeps it (relax_durability)
            relax_durability(here.session)
        intake.write()
    except Equivocation as equivocation:
        _alert(here, equivocation)
        raise
    except Gap as gap:
        return _fill_gap(here, gap)
    except Refused:
        here.session.rollback()
        raise
    here.session.commit()
    return result


def receive_batch(here: Here, texts: list[str], intake: Intake | None = None, peer: Peer | None = None) -> int:
    """Envelopes pulled from *peer* (if given, all must be its own), oldest first, in one
    transaction, with the *intake* that already looked the peer up, if any; returns how many
    were new.

    Each envelope is checked completely before anything of it is written, so a refused one
    leaves nothing behind: those before it are kept, and the refusal is raised.
    """
    intake = intake or Intake(here)
    relax_durability(here.session)  # what we pulled stays in the peer's outbox, to pull again
    try:
        intake.take_all(texts, peer)
    except Equivocation as equivocation:
        intake.write()
        here.session.commit()
        _alert(here, equivocation)
        raise
    except Refused:
        intake.write()
        here.session.commit()
        raise
    intake.write()
    here.session.commit()
    return intake.taken


PEER_BY_URL = select(Peer).where(Peer.url == bindparam("url"))
CHAIN_END = (select(Message.seq, Message.sha256).where(Message.direction == "in", Message.peer_id == bindparam("peer"))
             .order_by(Message.seq.desc()).limit(1))
MEMBERSHIP = select(Membership).where(Membership.peer_id == bindparam("peer"), Membership.side == bindparam("side"))
#: a member with its membership and the end of its chain, in one round trip (Intake.load)
MEMBER_AT_ONCE = (
    select(Peer, Membership,
           select(func.max(Message.seq)).where(Message.direction == "in", Message.peer_id == Peer.id)
           .correlate(Peer).scalar_subquery(),
           select(Message.sha256).where(Message.direction == "in", Message.peer_id == Peer.id)
           .order_by(Message.seq.desc()).limit(1).correlate(Peer).scalar_subquery())
    .outerjoin(Membership, (Membership.peer_id == Peer.id) & (Membership.side == "member"))
    .where(Peer.id.in_(bindparam("peers", expanding=True))).order_by(Peer.id))


class Intake:
    """One run of receiving: looks peers, chain ends and memberships up once and writes what
    it took in one insert, so that a pulled year costs little more than its signatures
    (docs/benchmarks.md)."""

    def __init__(self, here: Here, address: str | None = None):
        self.here, self.session = here, here.session
        #: the client address of a POST, which the rate limits count; None for what we pulled
        self.address = address
        self.peers: dict[str, Peer] = {}
        self.ends: dict[int, tuple[int, str | None]] = {}
        self.memberships: dict[tuple[int, str], Membership | None] = {}
        self.metrics: dict[int, frozenset[str]] = {}
        #: rows of ``core_message`` taken but not yet written (one insert for all: docs/benchmarks.md)
        self.messages: list[dict] = []
        #: how many were new
        self.taken = 0

    def take(self, text: str, issuer: str | None = None) -> tuple[int, str]:
        """Verify, check the chain, act and store one envelope (not committed); pulled from
        *issuer*'s outbox, it must be the issuer's own (so no other address is ever called)."""
        decoded = _header, claimed = envelope.unverified(text)
        if claimed.get("type") not in envelope.CHAINED:
            raise Refused(f"unknown message type {claimed.get('type')!r}")
        if issuer is not None and claimed.get("iss") != issuer:
            raise Refused(f"pulled from {issuer}, but issued by {claimed.get('iss')!r}", 400)
        if claimed.get("aud") != self.here.me:
            raise Refused(f"addressed to {claimed.get('aud')!r}, not to {self.here.me}", 403)
        iss = str(claimed.get("iss"))
        # per client address too: a flood that only claims to be a member must not hold up the member
        if self.address is not None and not limits.allowed(limits.PER_SENDER, f"sender {iss} at {self.address}"):
            raise Refused("too many envelopes from this sender; wait a minute", 429)
        peer = self.peer(iss)
        if peer is None:
            peer = self.peers[iss] = _first_contact(self.here, claimed, self.address)
        _header, payload = envelope.verify(text, peer.keys, decoded)
        if self.check_chain(peer, payload, text):
            return 200, "already received"
        message = {"direction": "in", "peer_id": peer.id, "type": payload["type"], "seq": payload["seq"],
                   "sha256": envelope.sha256(text), "envelope": text, "delivered_at": now(), "period": None,
                   "revision": None}
        ACTIONS[payload["type"]](self, peer, payload, message)
        self.messages.append(message)
        self.ends[peer.id] = (message["seq"], message["sha256"])
        self.taken += 1
        peer.last_contact_at, peer.failing_since, peer.unreachable = message["delivered_at"], None, False
        return 202, "accepted"

    def load(self, peer_ids: list[int]) -> list[Peer]:
        """Members we are about to pull from, with their memberships and chain ends."""
        peers = []
        for peer, membership, seq, sha256 in self.session.execute(MEMBER_AT_ONCE, {"peers": peer_ids}):
            self.peers[peer.url], self.memberships[(peer.id, "member")] = peer, membership
            self.ends[peer.id] = (seq or 0, sha256)
            peers.append(peer)
        return peers

    def take_all(self, texts: list[str], peer: Peer | None = None) -> None:
        """Take envelopes oldest first (all *peer*'s own, if given)."""
        for text in texts:
            self.take(text, peer.url if peer else None)

    def peer(self, url: str) -> Peer | None:
        if url not in self.peers:
            self.peers[url] = self.session.scalar(PEER_BY_URL, {"url": url})
        return self.peers[url]

    def membership(self, peer: Peer, side: str) -> Membership | None:
        if (peer.id, side) not in self.memberships:
            self.memberships[(peer.id, side)] = self.session.scalar(MEMBERSHIP, {"peer": peer.id, "side": side})
        return self.memberships[(peer.id, side)]

    def shared(self, membership: Membership) -> frozenset[str]:
        """The metrics a member agreed to share, read once per run."""
        if membership.id not in self.metrics:
            self.metrics[membership.id] = frozenset(membership.shared)
        return self.metrics[membership.id]

    def check_chain(self, peer: Peer, payload: dict, text: str) -> bool:
        """True for an exact duplicate; refuses equivocation, gaps and a broken hash chain."""
        if peer.id not in self.ends:
            last = self.session.execute(CHAIN_END, {"peer": peer.id}).first()
            self.ends[peer.id] = (last.seq, last.sha256) if last else (0, None)
        last_seq, last_sha = self.ends[peer.id]
        seq = payload["seq"]
        if seq <= last_seq:
            taken = [m["sha256"] for m in self.messages if m["peer_id"] == peer.id and m["seq"] == seq]
            stored = taken[0] if taken else self.session.scalar(select(Message.sha256).where(
                Message.direction == "in", Message.peer_id == peer.id, Message.seq == seq))
            if stored == envelope.sha256(text):
                return True
            raise Equivocation(peer, seq)
        if seq > last_seq + 1:
            raise Gap(peer, last_seq + 1, seq, text)
        if seq > 1 and payload["prev"] != last_sha:
            raise Refused(f"broken hash chain: prev of seq {seq} is not the hash of seq {seq - 1}", 409)
        return False

    def write(self) -> None:
        """What was taken (the months' totals notice it themselves: ``aggregate.refresh``)."""
        self.session.flush()
        if self.messages:
            self.session.execute(Message.__table__.insert(), self.messages)
            self.messages.clear()


class Equivocation(Refused):
    """The same seq again with other content: kept out, and the admin is told."""

    def __init__(self, peer: Peer, seq: int):
        super().__init__(f"seq {seq} was already received with other content", 409)
        self.peer_id, self.detail = peer.id, f"{peer.url} sent seq {seq} twice with different content"


def _alert(here: Here, equivocation: Equivocation) -> None:
    here.session.rollback()
    here.session.add(Alert(peer_id=equivocation.peer_id, kind="equivocation", detail=equivocation.detail))
    here.session.commit()


class Gap(Refused):
    """Messages before this one have not arrived (yet)."""

    def __init__(self, peer: Peer, expected: int, seq: int, text: str):
        super().__init__(f"out of order: expected seq {expected}, got {seq}", 409)
        self.peer_id, self.seq, self.sha256 = peer.id, seq, envelope.sha256(text)


def _fill_gap(here: Here, gap: Gap) -> tuple[int, str]:
    """Fetch what is missing from the sender's outbox; that brings this message too, in order."""
    here.session.rollback()
    peer = here.session.get(Peer, gap.peer_id)
    if not set(m.status for m in peer.memberships) & {"requested", "active"}:
        raise gap  # we only ever call out to peers of a membership
    try:
        pulled = pull(here, peer.id)
    except NoaberError:  # unreachable, or what it sent was refused: the sender retries later
        here.session.rollback()
        raise gap from None
    stored = here.session.scalar(select(Message.sha256).where(Message.direction == "in", Message.peer_id == peer.id,
                                                              Message.seq == gap.seq))
    if stored != gap.sha256:
        raise gap
    return 202, f"accepted after fetching {pulled - 1} missing"


def _first_contact(here: Here, claimed: dict, address: str | None) -> Peer:
    """A membership request from a stranger: fetch its keys from its own address (then check them)."""
    if claimed.get("type") != "membership-request":
        raise Refused(f"{claimed.get('iss')!r} is not a peer of this tenant", 403)
    if address is not None and not limits.allowed(limits.FIRST_CONTACT, f"stranger {address}"):
        raise Refused("too many membership requests from this address; wait a minute", 429)
    try:
        metadata, keys = http.fetch_peer(str(claimed.get("iss")))
    except Exception as exc:  # whatever failed, we cannot check the signature: refuse, never a 500
        # What went wrong stays in our log: told to the sender, it would map our network for it.
        log.info("membership request from %r: its keys could not be fetched: %s", claimed.get("iss"), exc)
        raise Refused(f"could not fetch the keys of {claimed.get('iss')!r} from its own address", 400) from None
    if metadata.get("kind") != "coalition":
        raise Refused("only a coalition can ask for a membership", 403)
    peer = Peer(url=metadata["id"], name=str(metadata.get("name", ""))[:200], kind="coalition",
                region=metadata.get("region"), inbox=metadata["inbox"], outbox=metadata["outbox"])
    peer.keys = keys
    here.session.add(peer)
    here.session.flush()
    return peer


def _on_request(intake: Intake, peer: Peer, payload: dict, _message) -> None:
    membership = intake.membership(peer, "coalition") or Membership(peer_id=peer.id, side="coalition")
    if membership.status == "active":
        raise Refused("already a member", 409)
    peer.name = payload["name"]
    membership.status, membership.asked_json = "requested", json.dumps(payload["metrics"])
    membership.requested_at, membership.decided_at, membership.ended_at = now(), None, None
    intake.session.add(membership)
    intake.memberships[(peer.id, "coalition")] = membership


def _on_answer(intake: Intake, peer: Peer, payload: dict, _message) -> None:
    membership = intake.membership(peer, "member")
    if membership is None or membership.status != "requested":
        raise Refused("no open membership request to this peer", 409)
    unasked = {m["id"] for m in payload["metrics"]} - set(membership.asked)
    if unasked:
        raise Refused(f"approved metrics that were not asked for: {sorted(unasked)}", 422)
    membership.status = "active" if payload["approved"] else "declined"
    membership.shared_json = json.dumps([m["id"] for m in payload["metrics"]])
    membership.since = payload["since"][:7] if payload["since"] else None
    membership.decided_at = now()


def _on_end(_intake: Intake, peer: Peer, _payload: dict, _message) -> None:
    open_ones = [m for m in peer.memberships if m.status in ("requested", "active")]
    if not open_ones:
        raise Refused("no membership to end", 409)
    for membership in open_ones:
        membership.status, membership.ended_at = "ended", now()


def _on_summary(intake: Intake, peer: Peer, payload: dict, message: dict) -> None:
    membership = intake.membership(peer, "member")
    if membership is None or membership.status != "active":
        raise Refused("no active membership: summaries are not accepted", 403)
    extra = {v["metric"] for v in payload["values"]} - intake.shared(membership)
    if extra:
        raise Refused(f"metrics outside the membership: {sorted(extra)}", 422)
    # a later seq is always a later revision: its snapshot replaces the month's figures whole
    message["period"], message["revision"] = payload["period"][:7], payload["revision"]


def _on_rotation(_intake: Intake, peer: Peer, payload: dict, _message) -> None:
    """A new key, announced under the old one (already verified): pin it too."""
    jwk = payload["jwk"]
    try:
        kid = OKPKey.import_key(jwk).thumbprint()
    except Exception:  # noqa: BLE001  whatever joserfc refuses is not an Ed25519 public key
        raise Refused("the announced key is not an Ed25519 public key", 422) from None
    if jwk.get("kid") != kid or jwk.get("crv") != "Ed25519" or "d" in jwk:
        raise Refused("the announced key's kid must be its RFC 7638 thumbprint", 422)
    peer.keys = [jwk] + [k for k in peer.keys if k.get("kid") != kid]  # newest first


ACTIONS = {"membership-request": _on_request, "membership-answer": _on_answer, "membership-end": _on_end,
           "summary": _on_summary, "key-rotation": _on_rotation}


#: how far a pull request's clock may be off ours (a day of skew must still work)
PULL_SKEW = 2 * 24 * 3600


def pull(here: Here, peer_id: int, fetch=None) -> int:
    """Fetch from a member's outbox what we missed, and take it as if it had been posted.

    *fetch(here, peer, after)* returns the member's envelopes after seq *after*
    (``fetch_outbox``, over HTTP; the ingest benchmark hands over envelopes it has at hand).
    """
    intake = Intake(here)
    (peer,) = intake.load([peer_id])
    return receive_batch(here, (fetch or fetch_outbox)(here, peer, intake.ends[peer.id][0]), intake, peer)


def fetch_outbox(here: Here, peer: Peer, after: int) -> list[str]:
    """What *peer*'s outbox holds for us after seq *after*, asked for with a signed pull request."""
    key = active_key(here.session)
    token = envelope.sign({"v": 1, "type": "pull", "iss": here.me, "aud": peer.url, "jti": str(uuid.uuid4()),
                           "iat": int(time.time())}, key.private_jwk, key.kid)
    return http.pull_outbox(peer.outbox, token, after)


#: members pulled in one transaction: one lookup, one insert and one commit for them all
#: (docs/benchmarks.md); few enough that the session never holds many peers (each commit
#: expires them all)
PULL_GROUP = 50


def pull_members(here: Here, peer_ids: list[int], fetch=None) -> int:
    """Catch up on members' outboxes, *PULL_GROUP* members to a transaction; returns how many
    envelopes were new. A member that is down counts 0, and one that sent something refused
    keeps what came before it: its own delivery, or the next run, catches up.
    """
    fetch, taken = fetch or fetch_outbox, 0
    for start in range(0, len(peer_ids), PULL_GROUP):
        taken += _pull_group(here, peer_ids[start:start + PULL_GROUP], fetch)
    return taken


def _pull_group(here: Here, peer_ids: list[int], fetch) -> int:
    intake = Intake(here)
    pulled = []
    for peer in intake.load(peer_ids):
        try:
            pulled.append((peer, fetch(here, peer, intake.ends[peer.id][0])))
        except (http.Unreachable, NoaberError):
            continue
    relax_durability(here.session)  # what we pulled stays in the members' outboxes, to pull again
    alerts, ids = [], [peer.id for peer, _texts in pulled]
    for peer, texts in pulled:
        try:
            intake.take_all(texts, peer)
        except Equivocation as equivocation:
            alerts.append(Alert(peer_id=equivocation.peer_id, kind="equivocation", detail=equivocation.detail))
        except Refused:
            continue
    try:
        intake.write()
        here.session.add_all(alerts)
        here.session.commit()
    except IntegrityError:  # a member's own delivery stored a seq we pulled meanwhile: one by one
        here.session.rollback()
        return sum(_pull_again(here, peer_id, texts) for peer_id, (_peer, texts) in zip(ids, pulled, strict=True))
    return intake.taken


def _pull_again(here: Here, peer_id: int, texts: list[str]) -> int:
    """One member of a group that could not be stored together, on its own."""
    try:
        return pull(here, peer_id, lambda *_: texts)
    except (NoaberError, IntegrityError):  # still racing its own delivery: the next run catches up
        here.session.rollback()
        return 0


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
    messages = here.session.scalars(select(Message).where(Message.direction == "out", Message.peer_id == peer.id,
                                                          Message.seq > after).order_by(Message.seq)).all()
    allowed = []
    for message in messages:
        if not may_receive(here.session, peer, message):
            break  # keep the chain whole: stop at the first one it may not have
        allowed.append(message.envelope)
    return allowed
