"""The members' meeting (issue 29, item 7): attendance in person, online and by proxy (the statutes' cap per
holder, a member once), minutes adopted on a day, its decisions; the 30 days of early voting; the meeting
page with its form for the door, and the proxies page of a vote."""
from __future__ import annotations

import random
import re
from datetime import date, datetime, timedelta, UTC

import pytest
from zeggenschap_hood import STATUTES, make_vote

from core.instance import tenant_context
from core.testing import api_header as bearer
from core.testing import csrf_token
from core.toolkit import TIMEZONE
from plugins.zeggenschap import ballots, meetings, service
from plugins.zeggenschap.models import Meeting, Proxy, Vote

API = "/t/de-es/api/v1/zeggenschap"


@pytest.fixture
def board(hood, cli, client):
    return bearer(cli, client, "zeggenschap.manage,zeggenschap.read,zeggenschap.take_part")


def new_meeting(client, board, agenda=()) -> int:
    made = client.post(f"{API}/meetings", headers=board,
                       json={"held_on": date.today().isoformat(), "title": "ALV", "agenda": list(agenda),
                             "items": ["Opening", "Jaarrekening"]})
    assert made.status_code == 201, made.text
    assert made.get_json()["items"] == ["Opening", "Jaarrekening"]
    return made.get_json()["id"]


def test_attendance_in_person_online_and_by_proxy_up_to_the_cap(hood, client, board):
    meeting = new_meeting(client, board)
    url = f"{API}/meetings/{meeting}/attendance"
    for name, how in (("Anna", "in_person"), ("Bert", "online")):
        assert client.post(url, headers=board, json={"person_id": hood[name], "how": how}).status_code == 201
    by_proxy = client.post(url, headers=board, json={"person_id": hood["Cor"], "how": "proxy",
                                                     "proxy_holder_person_id": hood["Anna"]})
    assert by_proxy.status_code == 201 and by_proxy.get_json()["proxy_holder_person_id"] == hood["Anna"]
    beyond_cap = client.post(url, headers=board, json={"person_id": hood["Dina"], "how": "proxy",
                                                       "proxy_holder_person_id": hood["Anna"]})
    assert beyond_cap.status_code == 422 and "proxy_holder_person_id" in beyond_cap.get_json()["errors"]
    twice = client.post(url, headers=board, json={"person_id": hood["Anna"], "how": "online"})
    assert twice.status_code == 409
    no_holder = client.post(url, headers=board, json={"person_id": hood["Dina"], "how": "proxy"})
    assert no_holder.status_code == 422
    not_a_member = client.post(url, headers=board, json={"person_id": hood["Gijs"], "how": "in_person"})
    assert not_a_member.status_code == 422 and "person_id" in not_a_member.get_json()["errors"]
    found = client.get(f"{API}/meetings/{meeting}", headers=board).get_json()
    assert found["attending"] == {"in_person": 1, "online": 1, "proxy": 1}
    assert {a["person_id"] for a in found["attendance"]} == {hood["Anna"], hood["Bert"], hood["Cor"]}


def test_the_cap_comes_from_the_statutes(hood, instance):
    with tenant_context("de-es", instance) as scope:
        s = scope.session
        meeting = meetings.create_meeting(s, date.today(), "ALV", [])
        two = {**STATUTES, "proxies_per_holder": 2}
        for name in ("Bert", "Cor"):
            meetings.attend(s, two, meeting, hood[name], "proxy", hood["Anna"])
        with pytest.raises(service.Invalid):
            meetings.attend(s, two, meeting, hood["Dina"], "proxy", hood["Anna"])
        with pytest.raises(service.Invalid):  # who is represented holds no proxy
            meetings.attend(s, two, meeting, hood["Dina"], "proxy", hood["Bert"])
        assert meetings.attendance_counts(meeting) == {"in_person": 0, "online": 0, "proxy": 2}


def test_minutes_adopted_on_a_day_and_the_meetings_decisions(hood, client, board):
    meeting = new_meeting(client, board)
    url = f"{API}/meetings/{meeting}/minutes"
    draft = client.put(url, headers=board, json={"text": "De voorzitter opent."})
    assert draft.status_code == 200 and draft.get_json()["minutes_adopted_on"] is None
    early = client.put(url, headers=board, json={"text": "x", "adopted_on": "2000-01-01"})
    assert early.status_code == 422 and "adopted_on" in early.get_json()["errors"]
    day = (date.today() + timedelta(days=60)).isoformat()
    adopted = client.put(url, headers=board, json={"text": "De voorzitter opent.\nDe jaarrekening is vastgesteld.",
                                                   "adopted_on": day})
    assert adopted.get_json()["minutes_adopted_on"] == day
    decided = client.post(f"{API}/meetings/{meeting}/decisions", headers=board,
                          json={"text": "Jaarrekening vastgesteld", "result": "Unaniem", "follow_up": "done"})
    assert decided.status_code == 201 and decided.get_json()["meeting_id"] == meeting
    found = client.get(f"{API}/meetings/{meeting}", headers=board).get_json()
    assert [d["text"] for d in found["decisions"]] == ["Jaarrekening vastgesteld"]
    assert "Jaarrekening vastgesteld" in [d["text"] for d in client.get(f"{API}/decisions", headers=board).get_json()]
    assert client.get(f"{API}/meetings/999", headers=board).status_code == 404


def test_votes_on_the_agenda_open_at_most_thirty_days_before_and_close_by_the_meeting(hood, instance):
    with tenant_context("de-es", instance) as scope:
        s = scope.session
        now = datetime.now(UTC)
        vote = make_vote(s, opens_at=now - timedelta(days=1), closes_at=now + timedelta(hours=1))
        day = service.today()
        opened = vote.opens_at.astimezone(TIMEZONE).date()
        at_thirty = meetings.create_meeting(s, opened + timedelta(days=30), "ALV", [vote.id])
        assert [item.vote_id for item in at_thirty.items] == [vote.id]
        with pytest.raises(service.Invalid, match="30 days"):
            meetings.create_meeting(s, opened + timedelta(days=31), "ALV", [vote.id])
        late = make_vote(s, opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=3))
        with pytest.raises(service.Invalid, match="closes after"):
            meetings.create_meeting(s, day + timedelta(days=1), "ALV", [late.id])
        assert meetings.create_meeting(s, day + timedelta(days=3), "ALV", [late.id]).items[0].vote_id == late.id


# ---------------------------------------------------------------- the pages

@pytest.fixture
def demo_meeting(make_tenant, make_account, instance):
    tenant = make_tenant("de-es", plugins=["zeggenschap"])
    with tenant_context("de-es", instance) as scope:
        instance.hooks(tenant).noaber_demo_data(tenant=tenant, session=scope.session, rng=random.Random(3))
        scope.session.commit()
        meeting = scope.session.query(Meeting).order_by(Meeting.held_on.desc()).first().id
        open_vote = scope.session.query(Vote).filter(Vote.result.is_(None)).one().id
    make_account("de-es", "admin@de-es.nl", ("admin",))
    make_account("de-es", "lid@de-es.nl", ("member",))
    return {"meeting": meeting, "open": open_vote}


def token_on(page: str) -> str:
    return re.search(r'csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_a_member_reads_the_meeting_but_gets_no_forms(demo_meeting, client, sign_in):
    sign_in(client, "de-es", "lid@de-es.nl")
    page = client.get(f"/t/de-es/zeggenschap/meetings/{demo_meeting['meeting']}")
    assert page.status_code == 200
    assert re.search(r"5 [^,]+, 2 [^,]+, 2 [^:]+: 9 ", page.text)  # in person, online, by proxy: in all
    assert "Jaarrekening vorig jaar vastgesteld" in page.text and "Buurtbudget" in page.text
    assert "Notulen van de vorige vergadering" in page.text
    assert client.get("/t/de-es/zeggenschap/decisions").status_code == 200  # the register is the members' too
    assert 'name="attend-person"' not in page.text and 'name="minutes-text"' not in page.text
    token = csrf_token(client, "/t/de-es/zeggenschap/")
    assert client.post(f"/t/de-es/zeggenschap/meetings/{demo_meeting['meeting']}/attendance",
                       data={"attend-csrf_token": token}).status_code == 403
    assert client.get(f"/t/de-es/zeggenschap/votes/{demo_meeting['open']}/proxies").status_code == 403


def test_the_board_records_attendance_at_the_door(demo_meeting, client, sign_in, instance):
    sign_in(client, "de-es", "admin@de-es.nl")
    url = f"/t/de-es/zeggenschap/meetings/{demo_meeting['meeting']}"
    with tenant_context("de-es", instance) as scope:
        meeting = scope.session.get(Meeting, demo_meeting["meeting"])
        holder = next(a.proxy_holder_person_id for a in meeting.attendance if a.how == "proxy")
        listed = {a.person_id for a in meeting.attendance}
        newcomer = min(service.member_ids(scope.session, meeting.held_on) - listed)
    page = client.get(url)
    assert f'<option value="{newcomer}">' in page.text and 'name="attend-how"' in page.text
    form = {"attend-csrf_token": token_on(page.text), "attend-person": newcomer, "attend-how": "proxy",
            "attend-holder": holder}
    beyond_cap = client.post(f"{url}/attendance", data=form)  # the holder holds one proxy: the statutes' cap
    assert beyond_cap.status_code == 422 and 'id="attend-holder-error"' in beyond_cap.text
    in_person = client.post(f"{url}/attendance", data={**form, "attend-how": "in_person", "attend-holder": "0"})
    assert in_person.status_code == 302
    twice = client.post(f"{url}/attendance", data={**form, "attend-how": "online", "attend-holder": "0"})
    assert twice.status_code == 422  # no longer in the list to choose from
    with tenant_context("de-es", instance) as scope:
        meeting = scope.session.get(Meeting, demo_meeting["meeting"])
        assert [a.how for a in meeting.attendance if a.person_id == newcomer] == ["in_person"]


def test_the_board_writes_minutes_and_a_decision(demo_meeting, client, sign_in):
    sign_in(client, "de-es", "admin@de-es.nl")
    url = f"/t/de-es/zeggenschap/meetings/{demo_meeting['meeting']}"
    token = token_on(client.get(url).text)
    saved = client.post(f"{url}/minutes", data={"minutes-csrf_token": token, "minutes-text": "Notulen.\nTweede alinea.",
                                                "minutes-adopted_on": date.today().isoformat()})
    assert saved.status_code == 302
    too_early = client.post(f"{url}/minutes", data={"minutes-csrf_token": token, "minutes-text": "Notulen.",
                                                    "minutes-adopted_on": "2001-01-01"})
    assert too_early.status_code == 422 and 'id="minutes-adopted_on-error"' in too_early.text
    decided = client.post(f"{url}/decisions", data={"decision-csrf_token": token, "decision-text": "Bestuur herbenoemd",
                                                    "decision-result": "Unaniem", "decision-follow_up": "done"})
    assert decided.status_code == 302
    page = client.get(url).text
    assert "<p>Tweede alinea.</p>" in page and "Bestuur herbenoemd" in page


def test_the_proxies_page_records_a_proxy_and_refuses_beyond_the_cap(demo_meeting, client, sign_in, instance):
    sign_in(client, "de-es", "admin@de-es.nl")
    url = f"/t/de-es/zeggenschap/votes/{demo_meeting['open']}/proxies"
    page = client.get(url)
    assert page.status_code == 200 and 'name="giver"' in page.text
    with tenant_context("de-es", instance) as scope:
        s = scope.session
        held = s.query(Proxy).filter_by(vote_id=demo_meeting["open"]).first()
        vote = s.get(Vote, demo_meeting["open"])
        eligible = sorted(service.eligible_ids(s, STATUTES, vote.eligible, service.today()))
        taken = {held.from_person_id, held.to_person_id}
        voted = {e.person_id for e in vote_roll(s, vote)}
        free = [p for p in eligible if p not in taken and p not in voted]
    token = token_on(page.text)
    beyond = client.post(url, data={"csrf_token": token, "giver": free[0], "holder": held.to_person_id})
    assert beyond.status_code == 422 and 'id="holder-error"' in beyond.text
    recorded = client.post(url, data={"csrf_token": token, "giver": free[0], "holder": free[1]})
    assert recorded.status_code == 302
    with tenant_context("de-es", instance) as scope:
        assert scope.session.query(Proxy).filter_by(vote_id=demo_meeting["open"], from_person_id=free[0],
                                                    to_person_id=free[1]).count() == 1
    same_again = client.post(url, data={"csrf_token": token, "giver": free[0], "holder": free[2]})
    assert same_again.status_code == 422


def vote_roll(s, vote):
    from plugins.zeggenschap.models import RollEntry
    return s.query(RollEntry).filter_by(vote_id=vote.id).all()


def test_a_proxy_ballot_needs_the_proxy(hood, instance):
    with tenant_context("de-es", instance) as scope:
        s = scope.session
        vote = make_vote(s)
        ballots.add_proxy(s, STATUTES, vote, hood["Anna"], hood["Bert"])
        with pytest.raises(service.Invalid):
            ballots.cast(s, STATUTES, vote, "proxy", [vote.options[0].id], person_id=hood["Cor"],
                         proxy_for=hood["Anna"])
        ballots.cast(s, STATUTES, vote, "proxy", [vote.options[0].id], person_id=hood["Bert"], proxy_for=hood["Anna"])


def test_the_board_calls_a_meeting_with_its_agenda(demo_meeting, client, sign_in, instance):
    sign_in(client, "de-es", "admin@de-es.nl")
    assert "/zeggenschap/meetings/new" in client.get("/t/de-es/zeggenschap/decisions").text
    url = "/t/de-es/zeggenschap/meetings/new"
    page = client.get(url)
    assert page.status_code == 200 and 'type="checkbox"' in page.text
    token = token_on(page.text)
    day = date.today().isoformat()
    late = client.post(url, data={"csrf_token": token, "held_on": day, "title": "ALV", "agenda": demo_meeting["open"]})
    assert late.status_code == 422 and 'id="agenda-error"' in late.text  # the open vote closes after the meeting
    called = client.post(url, data={"csrf_token": token, "held_on": (date.today() + timedelta(days=14)).isoformat(),
                                    "title": "Extra ALV", "agenda": demo_meeting["open"],
                                    "items": "Opening\n\nRondvraag"})
    assert called.status_code == 302
    meeting_page = client.get(called.headers["Location"]).text  # the tellers enter the meeting's paper ballots
    assert f"/zeggenschap/votes/{demo_meeting['open']}/paper" in meeting_page
    with tenant_context("de-es", instance) as scope:
        meeting = scope.session.query(Meeting).filter_by(title="Extra ALV").one()
        assert [(item.title, item.vote_id) for item in meeting.items][:2] == [("Opening", None), ("Rondvraag", None)]
        assert [item.vote_id for item in meeting.items][2:] == [demo_meeting["open"]]
    assert client.get(called.headers["Location"]).status_code == 200


def test_privacy_covers_attendance_and_proxies_held_at_a_meeting(hood, instance):
    from plugins.zeggenschap import privacy
    from plugins.zeggenschap.models import Attendance
    with tenant_context("de-es", instance) as scope:
        s = scope.session
        meeting = meetings.create_meeting(s, date.today(), "ALV", [])
        meetings.attend(s, STATUTES, meeting, hood["Anna"], "in_person")
        meetings.attend(s, STATUTES, meeting, hood["Bert"], "proxy", hood["Anna"])
        exported = privacy.export_for(s, hood["Anna"])
        assert (exported["meetings_attended"], exported["meeting_proxies_held"]) == (1, 1)
        privacy.erase(s, hood["Anna"])
        s.flush()
        rows = s.query(Attendance).filter_by(meeting_id=meeting.id).all()
        assert [(a.person_id, a.how, a.proxy_holder_person_id) for a in rows] == [(hood["Bert"], "proxy", None)]
