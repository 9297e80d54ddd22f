"""A pair's life, its contacts, the quiet pairs and the waiting list, through the API."""
from __future__ import annotations

from datetime import timedelta

from buddy_town import TODAY, bearer


def day(days_ago: int) -> str:
    return (TODAY - timedelta(days=days_ago)).isoformat()


def test_a_pair_goes_step_by_step_and_never_skips(api, town):
    riet, anna = api.participant(town["Riet"]), api.volunteer(town["Anna"])
    made = api.post("/matches", {"participant_id": riet, "volunteer_id": anna, "planned_months": 12, "on": day(60)})
    assert made.status_code == 201 and made.get_json()["status"] == "proposed"
    pair = made.get_json()["id"]
    assert api.post(f"/matches/{pair}/transition", {"to": "active"}).status_code == 409
    assert api.post(f"/matches/{pair}/transition", {"to": "introduced", "on": day(61)}).status_code == 422
    assert api.post(f"/matches/{pair}/transition", {"to": "introduced", "on": day(-1)}).status_code == 422
    assert api.post(f"/matches/{pair}/transition", {"to": "introduced", "on": day(50)}).status_code == 200
    active = api.post(f"/matches/{pair}/transition", {"to": "active", "on": day(40)})
    assert active.get_json()["status"] == "active" and active.get_json()["quiet"] is True
    assert api.post(f"/matches/{pair}/transition", {"to": "ended"}).status_code == 422  # no reason
    assert api.post(f"/matches/{pair}/contacts", {"on": day(3), "kind": "visit", "minutes": 90,
                                                  "note": "Samen naar de markt"}).status_code == 201
    assert api.get(f"/matches/{pair}").get_json()["quiet"] is False
    ended = api.post(f"/matches/{pair}/transition", {"to": "ended", "reason": "goal_reached"})
    assert ended.get_json()["end_reason"] == "goal_reached" and ended.get_json()["ended_on"] == TODAY.isoformat()
    assert api.post(f"/matches/{pair}/transition", {"to": "active"}).status_code == 409
    assert api.post(f"/matches/{pair}/contacts", {"on": day(0), "kind": "call", "minutes": 5}).status_code == 409


def test_a_proposal_can_be_declined(api, town):
    riet, anna = api.participant(town["Riet"]), api.volunteer(town["Anna"])
    pair = api.post("/matches", {"participant_id": riet, "volunteer_id": anna, "planned_months": 12}).get_json()["id"]
    assert api.post(f"/matches/{pair}/transition", {"to": "ended", "reason": "no_click"}).status_code == 200
    assert [w["participant_id"] for w in api.get("/waiting").get_json()] == [riet]  # wants a buddy still


def test_quiet_pairs_are_listed(api, town):
    riet, gerrit = api.participant(town["Riet"]), api.participant(town["Gerrit"])
    anna, bert = api.volunteer(town["Anna"]), api.volunteer(town["Bert"])
    pairs = []
    for participant, volunteer in ((riet, anna), (gerrit, bert)):
        pair = api.post("/matches", {"participant_id": participant, "volunteer_id": volunteer, "planned_months": 12,
                                     "on": day(90)}).get_json()["id"]
        api.post(f"/matches/{pair}/transition", {"to": "introduced", "on": day(80)})
        api.post(f"/matches/{pair}/transition", {"to": "active", "on": day(70)})
        pairs.append(pair)
    api.post(f"/matches/{pairs[1]}/contacts", {"on": day(28), "kind": "call", "minutes": 20})
    quiet = api.get("/matches?quiet=true").get_json()
    assert [m["id"] for m in quiet] == [pairs[0]]  # 28 days is not more than 28
    assert {m["id"] for m in api.get("/matches?status=active").get_json()} == set(pairs)


def test_the_waiting_list_is_oldest_first_and_leaves_out_who_has_a_pair(api, town):
    riet = api.participant(town["Riet"], waiting_since=day(10))
    gerrit = api.participant(town["Gerrit"], waiting_since=day(40))
    aysel = api.participant(town["Aysel"], waiting_since=day(20))
    anna = api.volunteer(town["Anna"])
    api.post("/matches", {"participant_id": aysel, "volunteer_id": anna, "planned_months": 12})
    waiting = api.get("/waiting").get_json()
    assert [(w["participant_id"], w["waiting_days"]) for w in waiting] == [(gerrit, 40), (riet, 10)]


def test_the_note_is_read_only_by_the_pairs_coordinator(api, town, cli, client):
    riet, anna = api.participant(town["Riet"]), api.volunteer(town["Anna"])
    pair = api.post("/matches", {"participant_id": riet, "volunteer_id": anna, "planned_months": 12}).get_json()["id"]
    api.post(f"/matches/{pair}/transition", {"to": "introduced"})
    mine = api.post(f"/matches/{pair}/contacts", {"on": day(0), "kind": "visit", "minutes": 60, "note": "Moe"})
    assert mine.get_json()["note"] == "Moe"
    other = bearer(cli, client, "maatjes.coordinate,maatjes.restricted")
    theirs = client.post(f"/t/de-es/api/v1/maatjes/matches/{pair}/contacts", headers=other,
                         json={"on": day(0), "kind": "call", "minutes": 10, "note": "Belde terug"})
    assert theirs.status_code == 201 and theirs.get_json()["note"] is None


def test_without_the_permission_nothing_is_reached(town, cli, client):
    other = bearer(cli, client, "maatjes.reports")
    assert client.get("/t/de-es/api/v1/maatjes/waiting", headers=other).status_code == 403
    coordinator = bearer(cli, client, "maatjes.coordinate")
    refused = client.post("/t/de-es/api/v1/maatjes/participants/1/loneliness", headers=coordinator,
                          json={"answers": ["yes"] * 6, "on": day(0)})
    assert refused.status_code == 403


def test_an_intake_is_once_per_person_and_for_a_known_person(api, town):
    riet = api.get(f"/participants/{api.participant(town['Riet'])}").get_json()
    assert riet["person_id"] == town["Riet"] and riet["area"] is None  # the test town has no CBS codes
    assert riet["availability"] == [{"weekday": 1, "part": "afternoon"}]
    assert api.post("/participants", {"person_id": town["Riet"], "languages": ["nl"]}).status_code == 409
    assert api.post("/participants", {"person_id": 99999, "languages": ["nl"]}).status_code == 422
    assert api.post("/volunteers", {"person_id": town["Anna"], "languages": ["xx"]}).status_code == 422


def test_text_with_a_nul_is_a_422_at_its_field(api, town):
    # PostgreSQL cannot store a NUL character: core refuses it at the field before it reaches maatjes
    refused = api.post("/participants", {"person_id": town["Riet"], "languages": ["nl"], "support_question": "a\x00b"})
    assert refused.status_code == 422 and "support_question" in refused.get_json()["errors"]
    refused = api.post("/participants", {"person_id": town["Riet"], "languages": ["nl"], "interests": ["x\x00"]})
    assert refused.status_code == 422 and "interests" in refused.get_json()["errors"]
    riet, anna = api.participant(town["Riet"]), api.volunteer(town["Anna"])
    pair = api.post("/matches", {"participant_id": riet, "volunteer_id": anna, "planned_months": 12}).get_json()["id"]
    api.post(f"/matches/{pair}/transition", {"to": "introduced"})
    refused = api.post(f"/matches/{pair}/contacts", {"on": day(0), "kind": "call", "minutes": 5, "note": "\x00"})
    assert refused.status_code == 422 and "note" in refused.get_json()["errors"]
