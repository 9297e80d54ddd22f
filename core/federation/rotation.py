"""Key rotation: a new key, announced to every peer under the old one, which then retires.

Peers pin the announced key next to the old one, so envelopes signed before the rotation
keep verifying; the retired key stays in our JWKS for anyone who checks later.
"""
from __future__ import annotations

from sqlalchemy import select

from core.errors import NoaberError
from core.federation.identity import public_jwk
from core.federation.models import Membership, Peer
from core.federation.outbox import Here, now, send
from core.tenancy.keys import active_key, create_signing_key


def rotate(here: Here):
    """Make a new signing key, queue its announcement to each peer of a membership, retire the old one."""
    old = active_key(here.session)
    if old is None:
        raise NoaberError("this tenant has no signing key to rotate")
    new = create_signing_key(here.session)
    here.session.flush()
    peers = here.session.scalars(select(Peer).join(Membership).where(Membership.status.in_(("requested", "active")))
                                 .distinct().order_by(Peer.id)).all()
    for peer in peers:
        send(here, peer, "key-rotation", {"jwk": public_jwk(new)}, key=old)
    old.retired_at = now()
    return new, peers
