"""What the issue names and the other test files did not yet prove: dates and reasons of a
pair's steps, the signals a coordinator sees (pairs nearing their end, quiet pairs on the start
page), both waiting lists, who is never suggested, the plan through the API, who reads scores,
and that the figures leave a neighbourhood with small counts suppressed."""
from __future__ import annotations

from datetime import timedelta

from buddy_town import TODAY

from core.federation.disclosure import Policy, protect
from core.instance import tenant_context
from core.metrics import Month
from core.toolkit import tenant_figures


def day(days_ago: int) -> str:
    return (TODAY - timedelta(days=days_ago)).isoformat()


def active_pair(api, participant, volunteer, months=12, days_ago=90):
    pair = api.post("/matches", {"participant_id": participant, "volunteer_id": volunteer, "planned_months": months,
                                 "on": day(days_ago)}).get_json()["id"]
    api.post(f"/matches/{pair}/transition", {"to": "introduced", "on": day(days_ago - 5)})
    assert api.post(f"/matches/{pair}/transition", {"to": "active", "on": day(days_ago - 10)}).status_code == 200
    return pair


def test_a_proposal_dated_to_come_and_an_ending_without_a_listed_reason_are_refused(api, town):
    riet, anna = api.participant(town["Riet"]), api.volunteer(town["Anna"])
    future = api.post("/matches", {"participant_id": riet, "volunteer_id": anna, "planned_months": 12,
                                   "on": day(-1)})
    assert future.status_code == 422 and "on" in future.get_json()["errors"]
    pair = api.post("/matches", {"participant_id": riet, "volunteer_id": anna, "planned_months": 12}).get_json()["id"]
    for reason in ("bored", "", None):
        refused = api.post(f"/matches/{pair}/transition", {"to": "ended", "reason": reason})
        assert refused.status_code == 422 and "reason" in refused.get_json()["errors"], reason
    for reason in ("goal_reached", "planned_period_over", "moved", "participant_health", "volunteer_stopped",
                   "no_click", "other"):
        assert reason in api.client.get("/t/de-es/api/v1/openapi.json").text
    assert api.post(f"/matches/{pair}/transition", {"to": "ended", "reason": "no_click"}).status_code == 200


def test_the_coordinator_sees_pairs_nearing_their_planned_end(api, town, coordinator):
    riet, gerrit = api.participant(town["Riet"]), api.participant(town["Gerrit"])
    anna, bert = api.volunteer(town["Anna"]), api.volunteer(town["Bert"])
    ending = active_pair(api, riet, anna, months=3, days_ago=80)    # planned end in about three weeks
    active_pair(api, gerrit, bert, months=12, days_ago=80)
    assert api.get(f"/matches/{ending}").get_json()["planned_end"] is not None
    page = coordinator.get("/t/de-es/maatjes/").text
    part = page[page.index("Koppels die het geplande einde naderen"):]
    assert f"/maatjes/pairs/{ending}" in part and "Riet Test" in part and "Gerrit Test" not in part
    assert "1 koppel nadert het geplande einde." in coordinator.get("/t/de-es/").text  # and on the start page


def test_quiet_pairs_are_a_signal_on_the_start_page(api, town, coordinator):
    riet, anna = api.participant(town["Riet"]), api.volunteer(town["Anna"])
    pair = active_pair(api, riet, anna, days_ago=90)
    assert "1 koppel is stil gevallen." in coordinator.get("/t/de-es/").text
    assert [m["id"] for m in api.get("/matches?quiet=true").get_json()] == [pair]
    api.post(f"/matches/{pair}/contacts", {"on": day(1), "kind": "visit", "minutes": 60})
    assert "stil gevallen" not in coordinator.get("/t/de-es/").text
    assert api.get("/matches?quiet=true").get_json() == []


def test_volunteers_without_a_pair_wait_longest_first_too(api, town, coordinator):
    anna = api.volunteer(town["Anna"], waiting_since=day(5))
    bert = api.volunteer(town["Bert"], waiting_since=day(50))
    cem = api.volunteer(town["Cem"], waiting_since=day(20))
    api.post("/matches", {"participant_id": api.participant(town["Riet"]), "volunteer_id": cem, "planned_months": 12})
    waiting = api.get("/waiting/volunteers").get_json()
    assert [(w["volunteer_id"], w["waiting_days"]) for w in waiting] == [(bert, 50), (anna, 5)]
    page = coordinator.get("/t/de-es/maatjes/waiting").text
    buddies = page[page.index("Maatjes zonder koppel"):]
    assert buddies.index("Bert Test") < buddies.index("Anna Test") and "Cem Test" not in buddies


def test_untrained_or_without_a_vog_is_never_suggested_and_proposing_says_why(api, town):
    riet = api.participant(town["Riet"])
    anna = api.volunteer(town["Anna"])
    bert = api.volunteer(town["Bert"], trained=False)
    cem = api.volunteer(town["Cem"], vog_valid_until=None)
    dirk = api.volunteer(town["Dirk"], vog_valid_until=day(1))
    assert [s["volunteer_id"] for s in api.get(f"/participants/{riet}/suggestions").get_json()] == [anna]
    for volunteer, words in ((bert, "training"), (cem, "geen verklaring"), (dirk, "verlopen")):
        refused = api.post("/matches", {"participant_id": riet, "volunteer_id": volunteer, "planned_months": 12})
        assert refused.status_code == 422, refused.text
        assert words in refused.get_json()["errors"]["volunteer_id"][0], refused.text


def test_the_plan_through_the_api_pairs_everyone_where_best_first_would_leave_one_waiting(api, town):
    # Riet fits Anna best, but Gerrit speaks only Turkish, like Anna: best first would pair Riet
    # with Anna and leave Gerrit waiting; the plan gives Riet Bert and Gerrit Anna
    riet = api.participant(town["Riet"], languages=["nl", "tr"], interests=["wandelen", "koken", "schaken"])
    gerrit = api.participant(town["Gerrit"], languages=["tr"], interests=[])
    anna = api.volunteer(town["Anna"], languages=["nl", "tr"], interests=["wandelen", "koken", "schaken"])
    bert = api.volunteer(town["Bert"], languages=["nl"], interests=[])
    best = api.get(f"/participants/{riet}/suggestions").get_json()
    assert [s["volunteer_id"] for s in best] == [anna, bert]  # what best first would take
    plan = api.post("/plan", {}).get_json()["proposals"]
    assert {(p["participant_id"], p["volunteer_id"]) for p in plan} == {(riet, bert), (gerrit, anna)}
    assert api.get("/matches").get_json() == []  # a dry run


def test_scores_are_read_only_with_the_restricted_permission(api, town, make_account, app, sign_in, coordinator):
    riet = api.participant(town["Riet"])
    assert api.post(f"/participants/{riet}/loneliness", {"answers": ["yes"] * 6, "on": day(0)}).status_code == 201
    make_account("de-es", "admin@de-es.nl", ("admin",))  # coordinates, but without maatjes.restricted
    admin = app.test_client()
    sign_in(admin, "de-es", "admin@de-es.nl")
    page = admin.get(f"/t/de-es/maatjes/participants/{riet}")
    assert page.status_code == 200 and "Emotioneel" not in page.text and "Eenzaamheid meten" not in page.text
    assert admin.get(f"/t/de-es/maatjes/participants/{riet}/loneliness").status_code == 403
    assert "Emotioneel" in coordinator.get(f"/t/de-es/maatjes/participants/{riet}").text


def test_figures_from_fewer_than_k_participants_never_leave_the_neighbourhood(api, town, instance, app):
    riet, gerrit = api.participant(town["Riet"]), api.participant(town["Gerrit"])
    anna, bert = api.volunteer(town["Anna"]), api.volunteer(town["Bert"])
    for participant, volunteer in ((riet, anna), (gerrit, bert)):
        active_pair(api, participant, volunteer, days_ago=300)
        api.post(f"/participants/{participant}/loneliness", {"answers": ["yes"] * 6, "on": day(280)})
        api.post(f"/participants/{participant}/loneliness", {"answers": ["no"] * 3 + ["yes"] * 3, "on": day(0)})
    month = Month.parse(TODAY.strftime("%Y-%m"))
    with app.test_request_context("/t/de-es/"), tenant_context("de-es", instance):
        results = [(m, v) for m, v in tenant_figures(month) if m.id.startswith("maatjes.")]
    measures = {metric.id: measure for metric, measure in results}
    assert (measures["maatjes.loneliness_change"].value, measures["maatjes.loneliness_change"].persons) == (-3, 2)
    assert measures["maatjes.active_pairs"].persons == 2
    cells = {c["metric"]: c for c in protect(results, Policy(5))}
    for shown in ("maatjes.active_pairs", "maatjes.loneliness_change", "maatjes.loneliness_lower_level"):
        assert cells[shown] == {"metric": shown, "value": None, "status": "suppressed"}
    assert {c["status"] for c in cells.values()} <= {"suppressed", "zero"}
