"""``/api/v1/zeggenschap``: the contract of issue 29, as a program sees it, and who may do what."""
from __future__ import annotations

from datetime import date, datetime, timedelta, UTC

import pytest

from core.testing import api_header as bearer


@pytest.fixture
def board(hood, cli, client):
    return bearer(cli, client, "zeggenschap.manage,zeggenschap.read,zeggenschap.take_part")


API = "/t/de-es/api/v1/zeggenschap"


def window():
    start = datetime.now(UTC) - timedelta(minutes=5)
    return start.isoformat(), (start + timedelta(days=3)).isoformat()


def test_members_and_proposals(hood, client, board):
    made = client.post(f"{API}/members", headers=board, json={"person_id": hood["Gijs"], "since": "2026-01-01"})
    assert made.status_code == 201 and made.get_json()["active"]
    assert client.post(f"{API}/members", headers=board,
                       json={"person_id": hood["Gijs"], "since": "2026-01-01"}).status_code == 409
    assert len(client.get(f"{API}/members", headers=board).get_json()) == 7
    ended = client.post(f"{API}/members/{made.get_json()['id']}/end", headers=board, json={"on": "2026-02-01"})
    assert ended.status_code == 200 and ended.get_json()["until"] == "2026-02-01"
    proposal = client.post(f"{API}/proposals", headers=board, json={
        "person_id": hood["Anna"], "title": "Jeu-de-boulesbaan", "text": "Achter het buurthuis", "cost": "1250.50"})
    assert proposal.status_code == 201
    body = proposal.get_json()
    assert body["status"] == "collecting_support" and body["supporters"] == 0 and body["cost"] == "1250.50"
    support = client.post(f"{API}/proposals/{body['id']}/support", headers=board, json={"person_id": hood["Bert"]})
    assert support.status_code == 200 and support.get_json() == {"supporters": 1, "status": "collecting_support"}
    again = client.post(f"{API}/proposals/{body['id']}/support", headers=board, json={"person_id": hood["Bert"]})
    assert again.status_code == 409 and again.content_type == "application/problem+json"
    bad = client.post(f"{API}/proposals", headers=board, json={"person_id": hood["Anna"], "title": "x", "cost": 12.5})
    assert bad.status_code == 422


def test_a_budget_vote_from_call_to_result(hood, client, board):
    opens, closes = window()
    made = client.post(f"{API}/votes", headers=board, json={
        "title": "Buurtbudget 2027", "kind": "budget", "budget": "1000.00", "year": 2027, "eligible": "members",
        "opens_at": opens, "closes_at": closes,
        "options": [{"title": "Tuin", "cost": "600.00"}, {"title": "Bankjes", "cost": "400.00"},
                    {"title": "Speeltuin", "cost": "400.00"}]})
    assert made.status_code == 201 and made.get_json()["status"] == "open"
    vote_id = made.get_json()["id"]
    vote = client.get(f"{API}/votes/{vote_id}", headers=board).get_json()
    tuin, bankjes, speeltuin = (o["id"] for o in vote["options"])
    assert vote["kind"] == "budget" and vote["options"][0]["cost"] == "600.00"
    codes = client.post(f"{API}/votes/{vote_id}/codes", headers=board, json={"person_ids": [hood["Cor"]]})
    assert codes.status_code == 201 and codes.get_json()["issued"] == 1
    code = codes.get_json()["codes"][0]["code"]
    assert client.get(f"{API}/votes/{vote_id}/result", headers=board).status_code == 409
    assert client.post(f"{API}/votes/{vote_id}/proxies", headers=board,
                       json={"from_person_id": hood["Evert"], "to_person_id": hood["Dina"]}).status_code == 201
    for ballot in ({"channel": "paper", "person_id": hood["Anna"], "choices": [tuin, bankjes]},
                   {"channel": "paper", "person_id": hood["Bert"], "choices": [tuin, bankjes]},
                   {"channel": "code", "code": code, "choices": [tuin, bankjes]},
                   {"channel": "paper", "person_id": hood["Dina"], "choices": [speeltuin]},
                   {"channel": "proxy", "person_id": hood["Dina"], "proxy_for_person_id": hood["Evert"],
                    "choices": [speeltuin]}):
        cast = client.post(f"{API}/votes/{vote_id}/ballots", headers=board, json=ballot)
        assert cast.status_code == 201, cast.get_json()
        assert set(cast.get_json()) == {"receipt"}
    twice = client.post(f"{API}/votes/{vote_id}/ballots", headers=board,
                        json={"channel": "code", "code": code, "choices": [speeltuin]})
    assert twice.status_code == 409
    unknown = client.post(f"{API}/votes/{vote_id}/ballots", headers=board,
                          json={"channel": "paper", "person_id": hood["Fien"], "choices": [99999]})
    assert unknown.status_code == 422 and "choices" in unknown.get_json()["errors"]
    assert client.post(f"{API}/votes/{vote_id}/close", headers=board).status_code == 200
    assert client.post(f"{API}/votes/{vote_id}/close", headers=board).status_code == 409
    late = client.post(f"{API}/votes/{vote_id}/ballots", headers=board,
                       json={"channel": "paper", "person_id": hood["Fien"], "choices": [tuin]})
    assert late.status_code == 422
    result = client.get(f"{API}/votes/{vote_id}/result", headers=board).get_json()
    assert result["eligible"] == 6 and result["ballots"] == 5 and result["quorum_met"]
    assert result["by_channel"] == {"online": 0, "code": 1, "paper": 3, "proxy": 1}
    assert [o["id"] for o in result["options"] if o["selected"]] == [bankjes, speeltuin]
    assert result["greedy_selected"] == [tuin, bankjes] and result["allocated"] == "800.00"
    assert result["method"] == "equal_shares_add1" and result["budget"] == "1000.00"
    pb = client.get(f"{API}/votes/{vote_id}/ballots.pb", headers=board)
    assert pb.status_code == 200 and pb.mimetype == "text/plain" and pb.text.startswith("META\n")
    decisions = client.get(f"{API}/decisions", headers=board).get_json()
    assert decisions[0]["vote_id"] == vote_id and decisions[0]["follow_up"] == "to_do"
    meeting = client.post(f"{API}/meetings", headers=board, json={
        "held_on": (date.today() + timedelta(days=3)).isoformat(), "title": "Algemene ledenvergadering",
        "agenda": [vote_id]})
    assert meeting.status_code == 201 and meeting.get_json()["agenda"] == [vote_id]


def test_votes_refuse_what_does_not_fit_their_kind(hood, client, board):
    opens, closes = window()
    base = {"title": "Voorstel", "eligible": "members", "opens_at": opens, "closes_at": closes}
    assert client.post(f"{API}/votes", headers=board, json={**base, "kind": "proposal"}).status_code == 201
    with_options = client.post(f"{API}/votes", headers=board,
                               json={**base, "kind": "proposal", "options": [{"title": "ja"}]})
    assert with_options.status_code == 422 and "options" in with_options.get_json()["errors"]
    assert client.post(f"{API}/votes", headers=board, json={**base, "kind": "budget", "options": [
        {"title": "Tuin", "cost": "10.00"}]}).status_code == 422
    assert client.post(f"{API}/votes", headers=board, json={**base, "closes_at": opens,
                                                            "kind": "choice"}).status_code == 422


def test_permissions(hood, client, cli):
    reader = bearer(cli, client, "zeggenschap.read")
    assert client.get(f"{API}/votes", headers=reader).status_code == 200
    assert client.post(f"{API}/members", headers=reader,
                       json={"person_id": hood["Gijs"], "since": "2026-01-01"}).status_code == 403
    voter = bearer(cli, client, "zeggenschap.take_part")
    opens, closes = window()
    manager = bearer(cli, client, "zeggenschap.manage,zeggenschap.read")
    vote_id = client.post(f"{API}/votes", headers=manager, json={
        "title": "Kleur bankjes", "kind": "choice", "eligible": "members", "opens_at": opens, "closes_at": closes,
        "options": [{"title": "Groen"}, {"title": "Blauw"}]}).get_json()["id"]
    option = client.get(f"{API}/votes/{vote_id}", headers=manager).get_json()["options"][0]["id"]
    # nor propose or support in someone's name: support counts once per person
    board = bearer(cli, client, "zeggenschap.manage,zeggenschap.take_part")
    proposal = client.post(f"{API}/proposals", headers=board, json={"person_id": hood["Anna"], "title": "Bankje"})
    assert client.post(f"{API}/proposals/{proposal.get_json()['id']}/support", headers=voter,
                       json={"person_id": hood["Bert"]}).status_code == 403
    assert client.post(f"{API}/proposals", headers=voter, json={"person_id": hood["Bert"], "title": "x"}
                       ).status_code == 403
    # a program without the teller's permission cannot put a ballot in for someone
    assert client.post(f"{API}/votes/{vote_id}/ballots", headers=voter, json={
        "channel": "paper", "person_id": hood["Anna"], "choices": [option]}).status_code == 403
    assert client.get(f"{API}/votes/{vote_id}").status_code in (401, 403)


def test_a_large_box_is_counted_by_the_job_worker(hood, client, board, monkeypatch):
    from plugins.zeggenschap import closing
    monkeypatch.setattr(closing, "COUNT_IN_REQUEST", 1)
    opens, closes = window()
    vote_id = client.post(f"{API}/votes", headers=board, json={
        "title": "Kleur bankjes", "kind": "choice", "eligible": "members", "opens_at": opens, "closes_at": closes,
        "options": [{"title": "Groen"}, {"title": "Blauw"}]}).get_json()["id"]
    green = client.get(f"{API}/votes/{vote_id}", headers=board).get_json()["options"][0]["id"]
    for name in ("Anna", "Bert"):
        client.post(f"{API}/votes/{vote_id}/ballots", headers=board,
                    json={"channel": "paper", "person_id": hood[name], "choices": [green]})
    closed = client.post(f"{API}/votes/{vote_id}/close", headers=board)
    # tests run jobs at once, in the process that starts them: the count is there when the answer comes
    assert closed.status_code == 200 and closed.get_json()["status"] in ("counting", "closed")
    result = client.get(f"{API}/votes/{vote_id}/result", headers=board)
    assert result.status_code == 200 and result.get_json()["options"][0]["selected"]


def test_the_follow_up_of_a_decision(hood, client, board, instance):
    from core.instance import tenant_context
    from plugins.zeggenschap.models import Decision
    with tenant_context("de-es", instance) as scope:
        scope.session.add(Decision(decided_on=date.today(), text="Jaarrekening vastgesteld"))
        scope.session.commit()
    changed = client.patch(f"{API}/decisions/1", headers=board, json={"follow_up": "under_way"})
    assert changed.status_code == 200 and changed.get_json()["follow_up"] == "under_way"
    assert client.patch(f"{API}/decisions/1", headers=board, json={"follow_up": "later"}).status_code == 422
    assert client.get(f"{API}/decisions/2", headers=board).status_code == 404
