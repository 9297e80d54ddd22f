"""The pages: overview with proposals and support, the ballot with its "bereken" button, the code page,
the result with chart, table and the Equal Shares explanation, letters, the decisions register."""
from __future__ import annotations

import random
import re

import pytest

from core.instance import tenant_context
from core.testing import csrf_token
from plugins.zeggenschap.models import Vote, VotingCode


@pytest.fixture
def demo_hood(make_tenant, make_account, instance):
    tenant = make_tenant("de-es", plugins=["zeggenschap"])
    with tenant_context("de-es", instance) as scope:
        instance.hooks(tenant).noaber_demo_data(tenant=tenant, session=scope.session, rng=random.Random(3))
        scope.session.commit()
        member = scope.session.query(VotingCode).first().person_id
        open_vote = scope.session.query(Vote).filter(Vote.result.is_(None)).one().id
        closed_vote = scope.session.query(Vote).filter(Vote.result.is_not(None)).one().id
    make_account("de-es", "admin@de-es.nl", ("admin",))
    make_account("de-es", "lid@de-es.nl", ("member",), person_id=member)
    return {"open": open_vote, "closed": closed_vote, "member": member}


def test_member_supports_and_votes_with_a_sum_first(demo_hood, client, sign_in):
    sign_in(client, "de-es", "lid@de-es.nl")
    page = client.get("/t/de-es/zeggenschap/")
    assert page.status_code == 200 and "Defibrillator" in page.text
    vote_url = f"/t/de-es/zeggenschap/votes/{demo_hood['open']}"
    ballot = client.get(vote_url)
    assert 'type="radio"' in ballot.text
    option = re.search(r'name="choice" value="(\d+)"', ballot.text).group(1)
    token = csrf_token(client, vote_url)
    cast = client.post(vote_url, data={"csrf_token": token, "choice": option, "action": "stem"})
    assert cast.status_code == 302
    again = client.get(vote_url)
    assert 'type="radio"' not in again.text


def test_budget_result_explains_equal_shares_against_greedy(demo_hood, client, sign_in):
    sign_in(client, "de-es", "admin@de-es.nl")
    page = client.get(f"/t/de-es/zeggenschap/votes/{demo_hood['closed']}")
    assert page.status_code == 200
    assert "<svg" in page.text and "<table>" in page.text and "Speelplek met schommel" in page.text
    assert "Moestuin achter het buurthuis" in page.text and "€" in page.text
    letters = client.get(f"/t/de-es/zeggenschap/votes/{demo_hood['open']}/letters")
    assert letters.status_code == 200 and re.search(r"[A-Z0-9]{5}-[A-Z0-9]{5}", letters.text)
    assert client.get("/t/de-es/zeggenschap/decisions").status_code == 200


def test_code_page_opens_the_ballot_once(demo_hood, client, instance):
    with tenant_context("de-es", instance) as scope:
        code = scope.session.query(VotingCode).filter_by(vote_id=demo_hood["open"]).first().code
    token = csrf_token(client, "/t/de-es/zeggenschap/code")
    opened = client.post("/t/de-es/zeggenschap/code", data={"csrf_token": token, "code": code.lower()})
    assert opened.status_code == 200 and 'type="radio"' in opened.text
    option = re.search(r'name="choice" value="(\d+)"', opened.text).group(1)
    done = client.post("/t/de-es/zeggenschap/code", data={"csrf_token": token, "code": code, "choice": option,
                                                          "action": "stem"})
    assert done.status_code == 200
    twice = client.post("/t/de-es/zeggenschap/code", data={"csrf_token": token, "code": code, "choice": option,
                                                           "action": "stem"})
    assert twice.status_code == 422
    wrong = client.post("/t/de-es/zeggenschap/code", data={"csrf_token": token, "code": "AAAAA-AAAAA"})
    assert wrong.status_code == 422


def test_a_member_may_not_print_letters(demo_hood, client, sign_in):
    sign_in(client, "de-es", "lid@de-es.nl")
    assert client.get(f"/t/de-es/zeggenschap/votes/{demo_hood['open']}/letters").status_code in (403, 404)
    assert client.get("/t/de-es/zeggenschap/").status_code == 200


def test_a_teller_enters_a_paper_ballot(demo_hood, client, sign_in, instance):
    sign_in(client, "de-es", "admin@de-es.nl")
    url = f"/t/de-es/zeggenschap/votes/{demo_hood['open']}/paper"
    page = client.get(url)
    voter = re.search(r'<option value="(\d+)"', page.text).group(1)
    option = re.search(r'name="choice" value="(\d+)"', page.text).group(1)
    entered = client.post(url, data={"csrf_token": csrf_token(client, url), "person": voter, "choice": option})
    assert entered.status_code == 302
    assert f'<option value="{voter}"' not in client.get(url).text
    with tenant_context("de-es", instance) as scope:
        from plugins.zeggenschap.models import RollEntry
        entry = scope.session.query(RollEntry).filter_by(vote_id=demo_hood["open"], person_id=int(voter)).one()
        assert entry.channel == "paper" and entry.by.startswith("account:")
