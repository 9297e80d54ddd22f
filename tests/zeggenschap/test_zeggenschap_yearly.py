"""The yearly reminders on the board's start page (issue 29, item 7): the annual accounts within the legal
term (art. 2:58 BW) and board appointments when a term ends (art. 2:37 BW), from the member register."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.instance import tenant_context
from core.testing import api_header as bearer
from plugins.zeggenschap import yearly
from plugins.zeggenschap.models import Decision, Member

API = "/t/de-es/api/v1/zeggenschap"


@pytest.fixture
def board(hood, cli, client):
    return bearer(cli, client, "zeggenschap.manage,zeggenschap.read")


def member_id(instance, person_id: int) -> int:
    with tenant_context("de-es", instance) as scope:
        return scope.session.query(Member).filter_by(person_id=person_id).one().id


def test_the_annual_accounts_until_adopted_and_late_after_june(hood, instance):
    with tenant_context("de-es", instance) as scope:
        s = scope.session
        january = yearly.reminders(s, date(2027, 1, 10))
        accounts = next(r for r in january if r.kind == "accounts")
        assert (accounts.year, accounts.due, accounts.extended, accounts.overdue) == (
            2026, date(2027, 6, 30), date(2027, 10, 31), False)
        assert next(r for r in yearly.reminders(s, date(2027, 7, 1)) if r.kind == "accounts").overdue
        s.add(Decision(decided_on=date(2026, 5, 1), text="Jaarrekening 2025 vastgesteld"))  # last year's: not it
        s.flush()
        assert any(r.kind == "accounts" for r in yearly.reminders(s, date(2027, 3, 1)))
        s.add(Decision(decided_on=date(2027, 5, 1), text="Jaarrekening 2026 vastgesteld"))
        s.flush()
        assert not any(r.kind == "accounts" for r in yearly.reminders(s, date(2027, 5, 2)))


def test_board_terms_from_the_member_register(hood, client, board, instance):
    with tenant_context("de-es", instance) as scope:
        assert [r.kind for r in yearly.reminders(scope.session, date.today()) if r.kind != "accounts"] == [
            "board_unknown"]
    today = date.today()
    anna, bert, cor = (member_id(instance, hood[name]) for name in ("Anna", "Bert", "Cor"))
    appointed = date(today.year - 3, today.month, min(today.day, 28)) + timedelta(days=30)
    soon = client.put(f"{API}/members/{anna}/board", headers=board,
                      json={"appointed_on": appointed.isoformat(), "term_years": 3})
    assert soon.status_code == 200 and soon.get_json()["board_term_years"] == 3
    assert soon.get_json()["board_term_ends"] == date(appointed.year + 3, appointed.month, appointed.day).isoformat()
    client.put(f"{API}/members/{bert}/board", headers=board,
               json={"appointed_on": date(2020, 3, 1).isoformat(), "term_years": 2})  # ended in 2022
    client.put(f"{API}/members/{cor}/board", headers=board,
               json={"appointed_on": today.isoformat(), "term_years": 4})  # far off: no reminder
    with tenant_context("de-es", instance) as scope:
        due = [r for r in yearly.reminders(scope.session, today) if r.kind == "board_term"]
    assert [(r.who, r.overdue) for r in due] == [("Bert Test", True), ("Anna Test", False)]
    before = client.put(f"{API}/members/{anna}/board", headers=board,
                        json={"appointed_on": "2019-01-01", "term_years": 3})
    assert before.status_code == 422 and "appointed_on" in before.get_json()["errors"]
    assert client.put(f"{API}/members/{anna}/board", headers=board,
                      json={"appointed_on": today.isoformat(), "term_years": 0}).status_code == 422
    assert client.delete(f"{API}/members/{bert}/board", headers=board).status_code == 200
    assert client.delete(f"{API}/members/{bert}/board", headers=board).status_code == 409
    assert client.put(f"{API}/members/999/board", headers=board,
                      json={"appointed_on": today.isoformat(), "term_years": 3}).status_code == 404


def test_the_board_sees_the_reminders_on_its_start_page_and_a_member_does_not(hood, client, board, instance,
                                                                               make_account, sign_in):
    anna = member_id(instance, hood["Anna"])
    client.put(f"{API}/members/{anna}/board", headers=board,
               json={"appointed_on": date(2020, 3, 1).isoformat(), "term_years": 2})
    make_account("de-es", "coordinator@de-es.nl", ("coordinator",))
    make_account("de-es", "lid@de-es.nl", ("member",))
    sign_in(client, "de-es", "coordinator@de-es.nl")
    start = client.get("/t/de-es/").text
    assert "Anna Test" in start and "2:58 BW" in start and "2:37 BW" in start
    client.post("/t/de-es/sign-out")
    member = client.application.test_client()
    sign_in(member, "de-es", "lid@de-es.nl")
    assert "2:58 BW" not in member.get("/t/de-es/").text


def test_a_persons_page_says_they_are_on_the_board(hood, instance, app):
    from plugins.zeggenschap import panels, service
    with tenant_context("de-es", instance) as scope, app.test_request_context("/t/de-es/"):
        s = scope.session
        member = s.query(Member).filter_by(person_id=hood["Anna"]).one()
        assert "2021" not in str(panels.person(s, hood["Anna"])[0].body)
        service.appoint_to_board(member, date(2021, 6, 1), 4)
        assert "2021" in str(panels.person(s, hood["Anna"])[0].body)


def test_the_demo_shows_the_board_a_term_ending(make_tenant, make_account, instance, client, sign_in):
    import random
    tenant = make_tenant("de-es", plugins=["zeggenschap"])
    with tenant_context("de-es", instance) as scope:
        instance.hooks(tenant).noaber_demo_data(tenant=tenant, session=scope.session, rng=random.Random(1))
        scope.session.commit()
        due = [r for r in yearly.reminders(scope.session) if r.kind == "board_term"]
    assert len(due) == 1 and not due[0].overdue
    make_account("de-es", "coordinator@de-es.nl", ("coordinator",))
    sign_in(client, "de-es", "coordinator@de-es.nl")
    assert due[0].who in client.get("/t/de-es/").text
