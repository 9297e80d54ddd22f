"""Leaving the programme: a participant or volunteer who left waits for nobody, is never
suggested, proposed or planned; with a pair still open it is a 409 that says to end it first."""
from __future__ import annotations

from datetime import timedelta

from buddy_town import TODAY

from core.testing import csrf_token


def day(days_ago: int) -> str:
    return (TODAY - timedelta(days=days_ago)).isoformat()


def test_a_participant_who_left_no_longer_waits_and_is_not_planned(api, town):
    riet = api.participant(town["Riet"], waiting_since=day(30))
    gerrit = api.participant(town["Gerrit"], waiting_since=day(20))
    anna = api.volunteer(town["Anna"])
    left = api.post(f"/participants/{riet}/leave", {"on": day(2), "reason": "moved"})
    assert left.status_code == 200, left.text
    assert (left.get_json()["left_on"], left.get_json()["left_reason"]) == (day(2), "moved")
    assert [w["participant_id"] for w in api.get("/waiting").get_json()] == [gerrit]
    assert api.get(f"/participants/{riet}/suggestions").get_json() == []
    planned = api.post("/plan", {}).get_json()["proposals"]
    assert [(p["participant_id"], p["volunteer_id"]) for p in planned] == [(gerrit, anna)]
    refused = api.post("/matches", {"participant_id": riet, "volunteer_id": anna, "planned_months": 12})
    assert refused.status_code == 422 and "participant_id" in refused.get_json()["errors"]
    assert api.post(f"/participants/{riet}/leave", {"reason": "moved"}).status_code == 409  # left already


def test_a_volunteer_who_left_is_never_suggested_or_proposed(api, town):
    riet = api.participant(town["Riet"])
    anna, bert = api.volunteer(town["Anna"]), api.volunteer(town["Bert"])
    assert api.post(f"/volunteers/{anna}/leave", {"reason": "health"}).get_json()["left_on"] == TODAY.isoformat()
    assert [s["volunteer_id"] for s in api.get(f"/participants/{riet}/suggestions").get_json()] == [bert]
    refused = api.post("/matches", {"participant_id": riet, "volunteer_id": anna, "planned_months": 12})
    assert refused.status_code == 422 and "niet meer mee" in str(refused.get_json()["errors"]["volunteer_id"])
    assert {p["volunteer_id"] for p in api.post("/plan", {}).get_json()["proposals"]} == {bert}


def test_with_a_pair_still_open_leaving_is_a_409_until_the_pair_ended(api, town):
    riet, anna = api.participant(town["Riet"], waiting_since=day(100)), api.volunteer(town["Anna"])
    pair = api.post("/matches", {"participant_id": riet, "volunteer_id": anna, "planned_months": 12,
                                 "on": day(60)}).get_json()["id"]
    api.post(f"/matches/{pair}/transition", {"to": "introduced", "on": day(50)})
    api.post(f"/matches/{pair}/transition", {"to": "active", "on": day(40)})
    for who, row in (("participants", riet), ("volunteers", anna)):
        refused = api.post(f"/{who}/{row}/leave", {"reason": "moved"})
        assert refused.status_code == 409 and "koppel" in refused.get_json()["detail"]
    api.post(f"/matches/{pair}/transition", {"to": "ended", "on": day(10), "reason": "moved"})
    assert api.post(f"/participants/{riet}/leave", {"on": day(11), "reason": "moved"}).status_code == 422
    assert api.post(f"/participants/{riet}/leave", {"on": day(-1), "reason": "moved"}).status_code == 422
    assert api.post(f"/participants/{riet}/leave", {"on": day(10), "reason": "gone"}).status_code == 422
    assert api.post(f"/participants/{riet}/leave", {"on": day(10), "reason": "moved"}).status_code == 200
    assert api.post("/participants/99999/leave", {"reason": "moved"}).status_code == 404


def test_leaving_is_recorded_on_a_page(coordinator, town, api):
    riet = api.participant(town["Riet"])
    form = f"/t/de-es/maatjes/participants/{riet}/leave"
    assert "Vastleggen dat hij of zij gestopt is" in coordinator.get(f"/t/de-es/maatjes/participants/{riet}").text
    token = csrf_token(coordinator, form)
    assert coordinator.post(form, data={"csrf_token": token, "on": TODAY.isoformat(), "reason": ""}).status_code == 422
    done = coordinator.post(form, data={"csrf_token": token, "on": TODAY.isoformat(), "reason": "no_longer_wanted"})
    assert done.status_code == 303 and done.headers["Location"].endswith(f"/maatjes/participants/{riet}")
    shown = coordinator.get(f"/t/de-es/maatjes/participants/{riet}").text
    assert "Gestopt met het maatjesproject op" in shown and "wilde het niet meer" in shown
    assert "Niemand wacht." in coordinator.get("/t/de-es/maatjes/waiting").text


def test_who_left_after_a_pair_can_come_back_and_waits_again_from_that_day(api, town, coordinator):
    riet, anna = api.participant(town["Riet"], waiting_since=day(200)), api.volunteer(town["Anna"])
    pair = api.post("/matches", {"participant_id": riet, "volunteer_id": anna, "planned_months": 12,
                                 "on": day(150)}).get_json()["id"]
    api.post(f"/matches/{pair}/transition", {"to": "introduced", "on": day(140)})
    api.post(f"/matches/{pair}/transition", {"to": "active", "on": day(130)})
    api.post(f"/matches/{pair}/transition", {"to": "ended", "reason": "moved"})  # today, and back today
    api.post(f"/participants/{riet}/leave", {"reason": "moved"})
    assert api.get("/waiting").get_json() == []
    page = f"/t/de-es/maatjes/participants/{riet}"
    back = coordinator.post(f"{page}/rejoin", data={"csrf_token": csrf_token(coordinator, page)})
    assert back.status_code == 303 and "Gestopt met" not in coordinator.get(page).text
    waiting = api.get("/waiting").get_json()
    assert [(w["participant_id"], w["waiting_days"]) for w in waiting] == [(riet, 0)]  # moved back: waits again
    assert api.get(f"/participants/{riet}").get_json()["left_on"] is None


def test_an_erased_person_does_not_come_back(api, town, coordinator, instance):
    from core.instance import tenant_context
    riet = api.participant(town["Riet"])
    with tenant_context("de-es", instance) as scope:
        scope.instance.hooks(scope.tenant).noaber_privacy_erase(tenant=scope.tenant, session=scope.session,
                                                                person_id=town["Riet"])
        scope.session.commit()
    page = f"/t/de-es/maatjes/participants/{riet}"
    coordinator.post(f"{page}/rejoin", data={"csrf_token": csrf_token(coordinator, page)})
    assert api.get(f"/participants/{riet}").get_json()["left_on"] == TODAY.isoformat()
