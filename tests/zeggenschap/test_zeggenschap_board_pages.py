"""The board works from the pages, without a program: it closes a vote and counts it, and answers a proposal
on the agenda (adopted, rejected or withdrawn, with reasons everyone reads)."""
from __future__ import annotations

import random
import re

import pytest

from core.instance import tenant_context
from core.testing import csrf_token
from plugins.zeggenschap.models import Decision, Proposal, Vote


@pytest.fixture
def demo(make_tenant, make_account, instance):
    tenant = make_tenant("de-es", plugins=["zeggenschap"])
    with tenant_context("de-es", instance) as scope:
        instance.hooks(tenant).noaber_demo_data(tenant=tenant, session=scope.session, rng=random.Random(5))
        scope.session.commit()
        open_vote = scope.session.query(Vote).filter(Vote.result.is_(None)).one().id
        waiting = scope.session.query(Proposal).filter_by(status="on_agenda").one().id
    make_account("de-es", "admin@de-es.nl", ("admin",))
    make_account("de-es", "lid@de-es.nl", ("member",))
    return {"open": open_vote, "proposal": waiting}


def test_the_board_closes_a_vote_from_its_page(demo, client, sign_in, instance):
    sign_in(client, "de-es", "admin@de-es.nl")
    url = f"/t/de-es/zeggenschap/votes/{demo['open']}"
    page = client.get(url).text
    assert f"/zeggenschap/votes/{demo['open']}/close" in page
    closed = client.post(f"{url}/close", data={"csrf_token": csrf_token(client, url)})
    assert closed.status_code == 302
    with tenant_context("de-es", instance) as scope:
        vote = scope.session.get(Vote, demo["open"])
        assert vote.closed_at is not None and vote.result is not None
    assert "<svg" in client.get(url).text  # the result, for everyone
    again = client.post(f"{url}/close", data={"csrf_token": csrf_token(client, url)})
    assert again.status_code == 302  # said so, nothing changes


def test_a_member_neither_closes_nor_answers(demo, client, sign_in):
    sign_in(client, "de-es", "lid@de-es.nl")
    url = f"/t/de-es/zeggenschap/votes/{demo['open']}"
    assert "/close" not in client.get(url).text
    token = csrf_token(client, "/t/de-es/zeggenschap/")
    assert client.post(f"{url}/close", data={"csrf_token": token}).status_code == 403
    assert client.post(f"/t/de-es/zeggenschap/proposals/{demo['proposal']}/answer",
                       data={"csrf_token": token}).status_code == 403


def test_the_board_answers_a_proposal_with_reasons(demo, client, sign_in, instance):
    sign_in(client, "de-es", "admin@de-es.nl")
    overview = client.get("/t/de-es/zeggenschap/").text
    prefix = f"answer-{demo['proposal']}"
    assert f'name="{prefix}-reason"' in overview
    token = re.search(rf'name="{prefix}-csrf_token" type="hidden" value="([^"]+)"', overview).group(1)
    url = f"/t/de-es/zeggenschap/proposals/{demo['proposal']}/answer"
    empty = client.post(url, data={f"{prefix}-csrf_token": token, f"{prefix}-status": "rejected"})
    assert empty.status_code == 302  # no reasons: nothing decided
    with tenant_context("de-es", instance) as scope:
        assert scope.session.get(Proposal, demo["proposal"]).status == "on_agenda"
    adopted = client.post(url, data={f"{prefix}-csrf_token": token, f"{prefix}-status": "adopted",
                                     f"{prefix}-reason": "De ledenvergadering stemde in."})
    assert adopted.status_code == 302
    with tenant_context("de-es", instance) as scope:
        proposal = scope.session.get(Proposal, demo["proposal"])
        assert (proposal.status, proposal.status_reason) == ("adopted", "De ledenvergadering stemde in.")
        assert scope.session.query(Decision).filter_by(text=proposal.title, result="Adopted").count() == 1
    assert f'name="{prefix}-reason"' not in client.get("/t/de-es/zeggenschap/").text
