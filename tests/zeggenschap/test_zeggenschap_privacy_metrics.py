"""Privacy export and erase (that someone voted, never what; the anonymous ballot stays), the figures for
coalitions, the board's reminders, and the 30 days of early voting before a members' meeting."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from zeggenschap_hood import STATUTES, make_vote

from core.instance import tenant_context
from core.toolkit import Month
from plugins.zeggenschap import ballots, closing, meetings, metrics, panels, privacy, service, yearly
from plugins.zeggenschap.models import Ballot, Decision, Proposal, RollEntry


def test_export_says_that_someone_voted_and_erasing_keeps_the_ballot(hood, instance):
    with tenant_context("de-es", instance) as scope:
        s = scope.session
        vote = make_vote(s)
        proposal = service.propose(s, STATUTES, hood["Anna"], "Moestuin", "Anna van nummer 3 wil een tuin")
        service.support(s, STATUTES, proposal, hood["Bert"])
        ballots.add_proxy(s, STATUTES, vote, hood["Cor"], hood["Anna"])
        ballots.cast(s, STATUTES, vote, "online", [vote.options[1].id], person_id=hood["Anna"])
        ballots.cast(s, STATUTES, vote, "proxy", [vote.options[0].id], person_id=hood["Anna"], proxy_for=hood["Cor"])
        exported = privacy.export_for(s, hood["Anna"])
        assert exported["voted_in"] == [{"vote": "Stemming", "channel": "online"}]
        assert exported["proposals"][0]["title"] == "Moestuin" and exported["memberships"]
        assert exported["proxies"] == [{"vote": "Stemming", "given": False}]
        assert str(vote.options[1].id) not in json.dumps(exported["voted_in"])
        privacy.erase(s, hood["Anna"])
        s.flush()
        assert privacy.export_for(s, hood["Anna"]) is None
        assert s.scalar(select(Proposal.text).where(Proposal.id == proposal.id)) == ""
        assert len(s.scalars(select(Ballot).where(Ballot.vote_id == vote.id)).all()) == 2
        roll = s.scalars(select(RollEntry).where(RollEntry.vote_id == vote.id)).all()
        assert sorted((r.person_id or 0, r.by) for r in roll) == sorted([(0, ""), (hood["Cor"], "")])
        assert privacy.export_for(s, hood["Gijs"]) is None


def test_figures_for_coalitions_count_never_name(hood, instance):
    with tenant_context("de-es", instance) as scope:
        s = scope.session
        vote = make_vote(s, "budget")
        for name in ("Anna", "Bert", "Cor"):
            ballots.cast(s, STATUTES, vote, "online", [vote.options[1].id], person_id=hood[name])
        service.propose(s, STATUTES, hood["Dina"], "Bankje")
        closing.close(s, STATUTES, vote)
        s.flush()
        month = Month.of(date.today())
        found = {m.id: m.compute(scope.tenant, s, month) for m in metrics.metrics()}
        assert found["zeggenschap.members"].value == 6
        assert found["zeggenschap.votes_held"].value == 1 and found["zeggenschap.ballots_cast"].value == 3
        assert found["zeggenschap.eligible_voters"].value == 6
        assert found["zeggenschap.euros_allocated"].value == 400.0
        assert found["zeggenschap.proposals_made"].value == 1


def test_the_board_is_reminded_of_overdue_proposals_and_the_yearly_items(hood, instance, app):
    with tenant_context("de-es", instance) as scope, app.test_request_context("/t/de-es/"):
        s = scope.session
        proposal = service.propose(s, STATUTES, hood["Anna"], "AED bij de supermarkt")
        service.set_status(proposal, "on_agenda")
        proposal.answer_due = date.today() - timedelta(days=1)
        assert service.overdue_proposals(s) == [proposal]
        assert len(yearly.reminders(s)) == 2
        s.add(Decision(decided_on=date.today(), text="Jaarrekening vastgesteld", result="Aangenomen"))
        s.flush()
        assert len(yearly.reminders(s)) == 1
        assert any("AED" in str(panel.body) for panel in panels.home(s))


def test_a_meeting_takes_votes_opened_at_most_thirty_days_before(hood, instance):
    with tenant_context("de-es", instance) as scope:
        s = scope.session
        vote = make_vote(s)
        soon = date.today() + timedelta(days=20)
        assert meetings.create_meeting(s, soon, "ALV", [vote.id]).items[0].vote_id == vote.id
        with pytest.raises(service.Invalid):
            meetings.create_meeting(s, date.today() + timedelta(days=40), "ALV", [vote.id])
        meeting = meetings.create_meeting(s, date.today(), "ALV", [])
        meetings.attend(s, STATUTES, meeting, hood["Anna"], "in_person")
        with pytest.raises(service.Conflict):
            meetings.attend(s, STATUTES, meeting, hood["Anna"], "online")
        with pytest.raises(service.Invalid):
            meetings.attend(s, STATUTES, meeting, hood["Gijs"], "online")
