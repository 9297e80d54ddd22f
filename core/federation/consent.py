"""Consent (zeggenschap): a coalition asks, the neighbourhood decides, either side can end it.

Every step is a signed message in the outbox, written in the same transaction as the
membership it changes.
"""
from __future__ import annotations

import json

from sqlalchemy import select

from core.errors import NoaberError
from core.federation.identity import check_peer_url
from core.federation.models import Membership, Peer
from core.federation.outbox import Here, now, send
from core.metrics import Month, declared_metrics, installed_metrics


def ask(here: Here, url: str, metrics: list[str]) -> Membership:
    """The coalition asks the tenant at *url* to share *metrics* (fetches and pins its keys)."""
    if here.tenant.kind != "coalition":
        raise NoaberError("only a coalition asks for members")
    url = check_peer_url(url)
    if url == here.me:
        raise NoaberError("a coalition cannot be its own member")
    if not metrics:
        raise NoaberError("ask for at least one metric")
    peer = here.session.scalar(select(Peer).where(Peer.url == url))
    if peer is None:
        # the HTTP client (requests, hardened) only when a coalition asks: a web worker that only
        # serves pages does not load it (issue 22)
        from core.federation import http
        metadata, keys = http.fetch_peer(url)
        peer = Peer(url=url, name=str(metadata.get("name", url))[:200], kind=str(metadata.get("kind", ""))[:20],
                    region=metadata.get("region"), inbox=metadata["inbox"], outbox=metadata["outbox"])
        peer.keys = keys
        here.session.add(peer)
        here.session.flush()
    membership = here.session.scalar(select(Membership).where(Membership.peer_id == peer.id,
                                                              Membership.side == "member"))
    if membership is not None and membership.status in ("requested", "active"):
        raise NoaberError(f"{url} is already {'asked' if membership.status == 'requested' else 'a member'}")
    membership = membership or Membership(peer_id=peer.id, side="member")
    membership.status, membership.asked_json, membership.shared_json = "requested", json.dumps(sorted(metrics)), "[]"
    membership.requested_at, membership.decided_at, membership.ended_at = now(), None, None
    here.session.add(membership)
    here.session.flush()
    send(here, peer, "membership-request", {"name": here.tenant.name, "metrics": sorted(metrics)})
    return membership


def answer(here: Here, membership: Membership, metrics: list[str] | None, since: Month | None = None) -> None:
    """The neighbourhood approves *metrics* (a subset of those asked), or declines with None or []."""
    if membership.side != "coalition" or membership.status != "requested":
        raise NoaberError("there is no open request to answer")
    chosen = sorted(set(metrics or ()))
    unasked = set(chosen) - set(membership.asked)
    if unasked:
        raise NoaberError(f"not asked for: {', '.join(sorted(unasked))}")
    if here.tenant.kind == "coalition":  # it passes on what its members share: any metric installed here
        catalogue = installed_metrics(here.instance.plugins)
    else:
        catalogue = {m.id: m for m in declared_metrics(here.instance.plugins, here.tenant.plugins)}
        unknown = [m for m in chosen if m not in catalogue]
        if unknown:
            raise NoaberError(f"this neighbourhood does not collect: {', '.join(unknown)}")
    approved = bool(chosen)
    membership.status = "active" if approved else "declined"
    membership.shared_json = json.dumps(chosen)
    membership.since = str(since) if approved and since else None
    membership.decided_at = now()
    offers = [_offer(catalogue.get(m), m) for m in chosen]
    send(here, membership.peer, "membership-answer",
         {"approved": approved, "metrics": offers, "since": since.interval() if approved and since else None})


def _offer(metric, metric_id: str) -> dict:
    if metric is None:  # a coalition passes on a metric its members share that this instance does not know
        return {"id": metric_id, "unit": "", "counts": "events", "aggregation": "sum"}
    return {"id": metric.id, "unit": metric.unit, "counts": metric.counts, "aggregation": metric.aggregation}


def end(here: Here, membership: Membership) -> None:
    """End a membership from either side; nothing more is sent under it."""
    if membership.status not in ("requested", "active"):
        raise NoaberError("this membership has already ended")
    membership.status, membership.ended_at = "ended", now()
    send(here, membership.peer, "membership-end", {})
