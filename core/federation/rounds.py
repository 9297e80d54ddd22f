"""One federation round for one tenant: what the ``noaber federate`` timer does every night."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from core.federation import aggregate, inbox, outbox, summaries
from core.federation.models import Membership


def federate_tenant(instance, tenant, today: date | None = None) -> dict:
    """One round for one tenant: summaries for its coalitions, delivery, catching up on members."""
    with instance.storage.session(tenant) as session:
        here = outbox.Here(instance, tenant, session)
        counts = {"queued": summaries.publish(here, today or date.today())}
        session.commit()
        counts.update(outbox.deliver(here))
        members = session.scalars(select(Membership.peer_id).where(
            Membership.side == "member", Membership.status.in_(("requested", "active")))).all()
        counts["pulled"] = inbox.pull_members(here, members)
        if tenant.kind == "coalition":
            aggregate.refresh_received(session)
            session.commit()
        return counts
