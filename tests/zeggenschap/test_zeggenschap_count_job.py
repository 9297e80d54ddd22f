"""A large box is counted by the job worker, and the vote's page and the API show how far it got: what the
last round of Equal Shares shared out, of the budget (issue 29, item 10)."""
from __future__ import annotations

import json
from decimal import Decimal
from uuid import uuid4

import pytest
from zeggenschap_hood import STATUTES, make_vote

from core.instance import tenant_context
from core.jobs.models import Job
from core.testing import api_header
from plugins.zeggenschap import ballots, jobs, service

PAGE = "/t/de-es/zeggenschap/votes/{}"


def a_hundred_raises(s, hood):
    """Anna wants the garden (600), Bert the benches (400), of 1,000: each starts with 500, so the garden is
    within Anna's reach only after a hundred raises of a euro."""
    vote = make_vote(s, "budget")
    garden, benches = (o.id for o in vote.options)
    ballots.cast(s, STATUTES, vote, "online", [garden], person_id=hood["Anna"])
    ballots.cast(s, STATUTES, vote, "online", [benches], person_id=hood["Bert"])
    vote.closed_at = service.now()
    s.commit()
    return vote


def test_the_count_job_reports_what_the_rounds_share_out(hood, instance):
    reports = []
    with tenant_context("de-es", instance) as scope:
        vote = a_hundred_raises(scope.session, hood)
        answer = jobs.count_vote(scope.tenant, scope.session, {"vote_id": vote.id}, "test",
                                 lambda done, total: reports.append((done, total)))
        assert answer["counted"] and vote.result is not None
        assert all(o["selected"] for o in json.loads(vote.result)["options"])
    # a hundred rounds share out the benches' 400 of 1,000: said once, then the count is done
    assert reports == [(0, 1000), (400, 1000), (1000, 1000)]


def test_reports_come_once_per_whole_percent():
    reports = []
    step = jobs.by_percent(lambda done, total: reports.append(done))
    for done in range(1, 1001):
        step(done, 1000)
    # the first raise says the count is going; then one report as each next percent is reached
    assert reports == [1, *range(10, 1001, 10)]


@pytest.fixture
def counting_vote(hood, instance):
    """A closed vote whose count the worker is busy with: its last round shared out 400 of 1,000 euros."""
    with tenant_context("de-es", instance) as scope:
        s = scope.session
        vote = a_hundred_raises(s, hood)
        job = Job(id=uuid4().hex, kind=jobs.COUNT, params=f'{{"vote_id": {vote.id}}}', state="running", done=400,
                  total=1000, requested_by="test")
        s.add(job)
        vote.count_job = job.id
        s.commit()
        return vote.id, job.id


def test_the_vote_page_shows_the_count_going_and_looks_again(counting_vote, make_account, client, sign_in):
    make_account("de-es", "lid@de-es.nl", ("member",))
    sign_in(client, "de-es", "lid@de-es.nl")
    vote_id, _ = counting_vote
    page = client.get(PAGE.format(vote_id))
    assert page.status_code == 200
    assert '<progress id="how-far" value="400" max="1000">' in page.text
    assert "400,00 van" in page.text and "1.000,00" in page.text  # in Dutch, amounts the Dutch way
    assert '<meta http-equiv="refresh" content="5">' in page.text
    calm = client.get(PAGE.format(vote_id) + "?refresh=off")
    assert "<progress" in calm.text and 'http-equiv="refresh"' not in calm.text


def test_before_the_first_round_the_page_says_the_count_is_going(counting_vote, instance, make_account, client,
                                                                   sign_in):
    vote_id, job_id = counting_vote
    with tenant_context("de-es", instance) as scope:
        scope.session.get(Job, job_id).done = 0
        scope.session.commit()
    make_account("de-es", "lid@de-es.nl", ("member",))
    sign_in(client, "de-es", "lid@de-es.nl")
    page = client.get(PAGE.format(vote_id))
    assert "<progress" not in page.text and "op de achtergrond geteld" in page.text
    assert 'http-equiv="refresh"' in page.text


def test_a_failed_count_says_so_and_stops_looking(counting_vote, instance, make_account, client, sign_in):
    vote_id, job_id = counting_vote
    with tenant_context("de-es", instance) as scope:
        scope.session.get(Job, job_id).state = "failed"
        scope.session.commit()
    make_account("de-es", "lid@de-es.nl", ("member",))
    sign_in(client, "de-es", "lid@de-es.nl")
    page = client.get(PAGE.format(vote_id))
    assert 'class="error"' in page.text and 'http-equiv="refresh"' not in page.text


def test_the_api_shows_how_far_the_count_got(counting_vote, cli, client):
    vote_id, _ = counting_vote
    header = api_header(cli, client, "zeggenschap.read")
    body = client.get(f"/t/de-es/api/v1/zeggenschap/votes/{vote_id}", headers=header).get_json()
    assert body["status"] == "counting"
    assert body["counting"] == {"state": "running", "done": 400, "total": 1000}


def test_a_counted_vote_has_no_count_going(hood, instance, cli, client):
    with tenant_context("de-es", instance) as scope:
        vote = make_vote(scope.session, "budget", budget=Decimal("1000"))
        scope.session.commit()
        vote_id = vote.id
    header = api_header(cli, client, "zeggenschap.read")
    assert client.get(f"/t/de-es/api/v1/zeggenschap/votes/{vote_id}", headers=header).get_json()["counting"] is None
