"""A person's intake, pairs, contacts and measurements are in their export; erased, only what
past figures need stays (pairs' dates and contacts' minutes), never answers, notes or scores."""
from __future__ import annotations

from datetime import timedelta

from buddy_town import TODAY
from sqlalchemy import func, select

from core.instance import tenant_context
from plugins.maatjes import privacy, service
from plugins.maatjes.models import Contact, Match, Measurement, Participant, Volunteer


def _programme(s, town):
    riet = service.add_intake(s, Participant, {"person_id": town["Riet"], "languages": ["nl"],
                                               "support_question": "Iemand om mee te wandelen"})
    anna = service.add_intake(s, Volunteer, {"person_id": town["Anna"], "languages": ["nl"], "trained": True,
                                             "vog_valid_until": TODAY + timedelta(days=30)})
    match = service.propose(s, riet, anna, 12, "t")
    service.transition(s, match, "introduced")
    service.add_contact(match, TODAY, "visit", 60, "Gezellig")
    service.measure(riet, ["yes"] * 6, TODAY)
    s.commit()


def test_export_and_erase_cover_everything(town, instance):
    with tenant_context("de-es", instance) as scope:
        s, hooks = scope.session, scope.instance.hooks(scope.tenant)
        _programme(s, town)
        mine = privacy.export(s, town["Riet"])["participant"]
        assert mine["support_question"] == "Iemand om mee te wandelen" and mine["loneliness"][0]["score"] == 3
        assert mine["pairs"][0]["contacts"][0]["note"] == "Gezellig"
        buddy = privacy.export(s, town["Anna"])
        assert buddy["volunteer"]["trained"] is True and buddy["volunteer"]["pairs"][0]["status"] == "introduced"
        hooks.noaber_privacy_erase(tenant=scope.tenant, session=s, person_id=town["Riet"])
        s.commit()
        count = lambda table: s.scalar(select(func.count()).select_from(table))  # noqa: E731
        assert [count(t) for t in (Participant, Match, Contact, Measurement)] == [1, 1, 1, 0]  # the figures stay
        left = privacy.export(s, town["Riet"])["participant"]
        assert left["support_question"] == "" and left["loneliness"] == [] and left["left_on"] == TODAY.isoformat()
        assert left["left_reason"] == "other"
        assert left["pairs"][0]["status"] == "ended" and left["pairs"][0]["contacts"][0]["note"] == ""
        assert service.waiting(s, Participant, TODAY) == []
        assert service.waiting(s, Volunteer, TODAY)[0][0].person_id == town["Anna"]  # free again
