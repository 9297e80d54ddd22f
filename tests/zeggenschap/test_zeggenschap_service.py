"""Members, proposals with support, votes and ballots on every channel, on the service level."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from zeggenschap_hood import STATUTES, make_vote
from sqlalchemy import inspect, select

from core.instance import tenant_context
from plugins.zeggenschap import ballots, service
from plugins.zeggenschap.models import Ballot, RollEntry

def test_membership_one_at_a_time_and_ending(hood, instance):
    with tenant_context("de-es", instance) as scope:
        s = scope.session
        with pytest.raises(service.Conflict):
            service.add_member(s, hood["Anna"], date(2024, 1, 1))
        with pytest.raises(service.Invalid):
            service.add_member(s, 999999, date(2024, 1, 1))
        member = service.add_member(s, hood["Gijs"], date(2024, 1, 1))
        assert hood["Gijs"] in service.member_ids(s, date(2025, 1, 1))
        service.end_membership(member, date(2025, 6, 1))
        assert hood["Gijs"] not in service.member_ids(s, date(2025, 6, 1))
        with pytest.raises(service.Conflict):
            service.end_membership(member, date(2025, 7, 1))


def test_support_once_each_puts_a_proposal_on_the_agenda(hood, instance):
    with tenant_context("de-es", instance) as scope:
        s = scope.session
        proposal = service.propose(s, STATUTES, hood["Anna"], "Moestuin", "Een tuin voor iedereen", Decimal("750.00"))
        assert service.support(s, STATUTES, proposal, hood["Bert"]) == 1
        with pytest.raises(service.Conflict):
            service.support(s, STATUTES, proposal, hood["Bert"])
        service.support(s, STATUTES, proposal, hood["Cor"])
        assert proposal.status == "collecting_support"
        assert service.support(s, STATUTES, proposal, hood["Dina"]) == 3
        assert proposal.status == "on_agenda" and proposal.answer_due > proposal.created_on


def test_residents_vote_has_a_minimum_age(hood, instance):
    with tenant_context("de-es", instance) as scope:
        s = scope.session
        residents = service.eligible_ids(s, STATUTES, "residents", date.today())
        members = service.eligible_ids(s, STATUTES, "members", date.today())
        assert hood["Jet"] not in residents and hood["Ids"] in residents and len(members) == 6


def test_one_ballot_per_voter_on_any_channel_and_nothing_links_it(hood, instance):
    with tenant_context("de-es", instance) as scope:
        s = scope.session
        vote = make_vote(s)
        tuin, bankjes = (o.id for o in vote.options)
        ballots.cast(s, STATUTES, vote, "online", [tuin], person_id=hood["Anna"])
        with pytest.raises(service.Conflict):
            ballots.cast(s, STATUTES, vote, "paper", [bankjes], person_id=hood["Anna"], teller="account:1")
        code = ballots.issue_codes(s, STATUTES, vote, [hood["Bert"]])[0].code
        assert len(code) == 10 and not set(code) & set("01OIL5S2Z8B")
        ballots.cast(s, STATUTES, vote, "code", [bankjes], code=ballots.shown_code(code).lower())
        with pytest.raises(service.Conflict):
            ballots.cast(s, STATUTES, vote, "code", [bankjes], code=code)
        with pytest.raises(service.Invalid):
            ballots.cast(s, STATUTES, vote, "online", [bankjes], person_id=hood["Gijs"])  # not a member
        with pytest.raises(service.Invalid):
            ballots.cast(s, STATUTES, vote, "online", [999], person_id=hood["Cor"])
        with pytest.raises(service.Invalid):
            ballots.cast(s, STATUTES, vote, "online", [tuin, bankjes], person_id=hood["Cor"])
        ballot_columns = {c.key for c in inspect(Ballot).columns}
        assert ballot_columns == {"key", "vote_id", "choices"}
        roll = s.scalars(select(RollEntry).where(RollEntry.vote_id == vote.id)).all()
        assert {(r.person_id, r.channel) for r in roll} == {(hood["Anna"], "online"), (hood["Bert"], "code")}
        assert sorted(ballots.ballots_of(s, vote)) == sorted([(tuin,), (bankjes,)])


def test_proxies_up_to_the_statutes_cap(hood, instance):
    with tenant_context("de-es", instance) as scope:
        s = scope.session
        vote = make_vote(s)
        tuin = vote.options[0].id
        ballots.add_proxy(s, STATUTES, vote, hood["Anna"], hood["Bert"])
        with pytest.raises(service.Invalid):  # Bert holds one already
            ballots.add_proxy(s, STATUTES, vote, hood["Cor"], hood["Bert"])
        with pytest.raises(service.Conflict):
            ballots.add_proxy(s, STATUTES, vote, hood["Anna"], hood["Cor"])
        with pytest.raises(service.Invalid):
            ballots.cast(s, STATUTES, vote, "proxy", [tuin], person_id=hood["Cor"], proxy_for=hood["Anna"])
        ballots.cast(s, STATUTES, vote, "proxy", [tuin], person_id=hood["Bert"], proxy_for=hood["Anna"])
        ballots.cast(s, STATUTES, vote, "online", [tuin], person_id=hood["Bert"])  # his own ballot too
        with pytest.raises(service.Conflict):
            ballots.cast(s, STATUTES, vote, "online", [tuin], person_id=hood["Anna"])
        assert ballots.by_channel(s, vote) == {"online": 1, "code": 0, "paper": 0, "proxy": 1}


def test_a_vote_checks_its_kind(hood, instance):
    with tenant_context("de-es", instance) as scope:
        s = scope.session
        assert [o.title for o in make_vote(s, "proposal").options] == ["for", "against", "abstain"]
        with pytest.raises(service.Invalid):
            make_vote(s, "proposal", options=[{"title": "ja"}])
        with pytest.raises(service.Invalid):
            make_vote(s, "budget", budget=None)
        with pytest.raises(service.Invalid):
            make_vote(s, "choice", options=[{"title": "enige"}])
