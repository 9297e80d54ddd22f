"""Calling a vote from a page (no program needed): a choice, a budget whose projects end in their cost as
people write it, a vote on a proposal; what does not fit its kind is a form error at its field."""
from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from core.instance import tenant_context
from core.testing import csrf_token
from core.toolkit import TIMEZONE
from plugins.zeggenschap import service
from plugins.zeggenschap.models import Vote
from plugins.zeggenschap.vote_pages import OptionsError, euros, read_options

URL = "/t/de-es/zeggenschap/votes/new"


@pytest.fixture
def board(hood, make_account, client, sign_in):
    make_account("de-es", "admin@de-es.nl", ("admin",))
    sign_in(client, "de-es", "admin@de-es.nl")
    return client


def moments(days: int = 7) -> dict:
    start = datetime.now(TIMEZONE).replace(second=0, microsecond=0) - timedelta(hours=1)
    return {"opens_at": start.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (start + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")}


def test_amounts_as_people_write_them():
    assert [euros(t) for t in ("4000", "4.000", "4.000,50", "1250,5", "1250.50", "0", "4,000.5")] == [
        Decimal("4000.00"), Decimal("4000.00"), Decimal("4000.50"), Decimal("1250.50"), Decimal("1250.50"), None, None]
    assert read_options("Speeltuin € 4.000\n\nBankjes; 1250,50", "budget") == [
        {"title": "Speeltuin", "cost": Decimal("4000.00")}, {"title": "Bankjes", "cost": Decimal("1250.50")}]
    with pytest.raises(OptionsError):
        read_options("Speeltuin\nBankjes 400", "budget")


def test_the_board_calls_a_budget_vote_on_a_page(board, instance):
    page = board.get(URL)
    assert page.status_code == 200 and 'name="kind"' in page.text
    called = board.post(URL, data={"csrf_token": csrf_token(board, URL), "title": "Buurtbudget", "kind": "budget",
                                   "eligible": "members", **moments(), "budget": "1000",
                                   "options": "Tuin 600\nBankjes 400,00\nSpeeltuin € 400"})
    assert called.status_code == 302
    with tenant_context("de-es", instance) as scope:
        vote = scope.session.query(Vote).one()
        assert (vote.kind, vote.budget, [(o.title, o.cost) for o in vote.options]) == (
            "budget", Decimal("1000.00"), [("Tuin", Decimal("600.00")), ("Bankjes", Decimal("400.00")),
                                           ("Speeltuin", Decimal("400.00"))])
        assert vote.status_at(service.now()) == "open"


def test_what_does_not_fit_is_an_error_at_its_field(board, instance):
    token = csrf_token(board, URL)
    base = {"csrf_token": token, "title": "Buurtbudget", "eligible": "members", **moments()}
    no_budget = board.post(URL, data={**base, "kind": "budget", "options": "Tuin 600"})
    assert no_budget.status_code == 422 and 'id="budget-error"' in no_budget.text
    no_cost = board.post(URL, data={**base, "kind": "budget", "budget": "1000", "options": "Tuin\nBankjes 400"})
    assert no_cost.status_code == 422 and 'id="options-error"' in no_cost.text
    one_choice = board.post(URL, data={**base, "kind": "choice", "options": "Dinsdag"})
    assert one_choice.status_code == 422 and 'id="options-error"' in one_choice.text
    backwards = board.post(URL, data={**base, "kind": "choice", "options": "Dinsdag\nDonderdag",
                                      "closes_at": moments()["opens_at"], "opens_at": moments()["closes_at"]})
    assert backwards.status_code == 422 and 'id="closes_at-error"' in backwards.text
    with tenant_context("de-es", instance) as scope:
        assert scope.session.query(Vote).count() == 0


def test_a_vote_on_a_proposal_has_its_own_options(board, hood, instance):
    with tenant_context("de-es", instance) as scope:
        proposal = service.propose(scope.session, {}, hood["Anna"], "AED bij de supermarkt")
        scope.session.commit()
        proposal_id = proposal.id
    called = board.post(URL, data={"csrf_token": csrf_token(board, URL), "title": "AED", "kind": "proposal",
                                   "eligible": "members", **moments(), "proposal": proposal_id})
    assert called.status_code == 302
    with tenant_context("de-es", instance) as scope:
        vote = scope.session.query(Vote).one()
        assert (vote.proposal_id, [o.title for o in vote.options]) == (proposal_id, ["for", "against", "abstain"])


def test_a_member_may_not_call_a_vote(hood, make_account, client, sign_in):
    make_account("de-es", "lid@de-es.nl", ("member",))
    sign_in(client, "de-es", "lid@de-es.nl")
    assert client.get(URL).status_code == 403
