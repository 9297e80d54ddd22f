"""The demo programme: pairs in every state, quiet ones, a waiting list, measurements twice,
and people who left the programme."""
from __future__ import annotations

import random

from sqlalchemy import select

from core.instance import tenant_context
from plugins.maatjes import service
from plugins.maatjes.models import Match, Participant, Volunteer


def test_the_demo_has_a_whole_programme(make_tenant, instance):
    tenant = make_tenant("de-es", plugins=["maatjes"])
    with instance.storage.session(tenant) as session:
        instance.hooks(tenant).noaber_demo_data(tenant=tenant, session=session, rng=random.Random(3))
        session.commit()
    with tenant_context("de-es", instance) as scope:
        s, today = scope.session, service.today()
        matches = list(s.scalars(select(Match)))
        assert {m.status for m in matches} == {"proposed", "introduced", "active", "ended"}
        assert len(service.quiet_pairs(s, today, 28)) >= 2
        assert service.nearing_end(s, today, 42)
        assert len(service.waiting(s, Participant, today)) >= 4
        assert service.waiting(s, Volunteer, today)
        left = [r.left_reason for kind in (Participant, Volunteer) for r in s.scalars(select(kind)) if r.left_on]
        assert sorted(left) == ["health", "moved"]
        followed = [p for p in s.scalars(select(Participant)) if len(p.measurements) == 2]
        assert followed and all(p.measurements[1].score <= p.measurements[0].score for p in followed)
        for match in matches:  # the demo keeps the rules the API keeps
            assert match.volunteer.trained and match.volunteer.vog_valid_until > today
            steps = [d for d in (match.proposed_on, match.introduced_on, match.active_on, match.ended_on) if d]
            assert steps == sorted(steps) and steps[-1] <= today
