"""Suggestions with reasons, the rules that exclude a volunteer, and the optimal plan."""
from __future__ import annotations

from datetime import timedelta

from buddy_town import TODAY

from plugins.maatjes.matching import best_pairs


def test_suggestions_rank_with_reasons_and_leave_out_who_may_not(api, town):
    riet = api.participant(town["Riet"], languages=["nl", "tr"], interests=["wandelen", "koken"])
    anna = api.volunteer(town["Anna"], interests=["koken", "wandelen"])
    bert = api.volunteer(town["Bert"], interests=["schaken"], availability=[])
    api.volunteer(town["Cem"], languages=["en"])                       # no shared language
    api.volunteer(town["Dirk"], vog_valid_until=(TODAY - timedelta(days=1)).isoformat())  # VOG expired
    found = api.get(f"/participants/{riet}/suggestions").get_json()
    assert [s["volunteer_id"] for s in found] == [anna, bert]
    assert found[0]["score"] > found[1]["score"]
    reasons = " ".join(found[0]["reasons"])
    assert "Spreken allebei Nederlands." in reasons and "koken, wandelen" in reasons and "dinsdag middag" in reasons
    assert "km" in reasons
    assert any("Geen" in r or "No" in r for r in found[1]["reasons"])


def test_proposing_one_who_may_not_be_proposed_is_a_422_with_the_reason(api, town):
    riet = api.participant(town["Riet"])
    cem = api.volunteer(town["Cem"], languages=["en"])
    dirk = api.volunteer(town["Dirk"], vog_valid_until=None)
    bert = api.volunteer(town["Bert"], trained=False)
    for volunteer, words in ((cem, "taal"), (dirk, "VOG"), (bert, "training")):
        refused = api.post("/matches", {"participant_id": riet, "volunteer_id": volunteer, "planned_months": 12})
        assert refused.status_code == 422 and words in str(refused.get_json()["errors"]), refused.text


def test_a_volunteer_at_their_pair_limit_is_not_suggested(api, town):
    riet, gerrit = api.participant(town["Riet"]), api.participant(town["Gerrit"])
    anna = api.volunteer(town["Anna"], max_pairs=1)
    assert api.post("/matches", {"participant_id": riet, "volunteer_id": anna, "planned_months": 12}).status_code == 201
    assert api.get(f"/participants/{gerrit}/suggestions").get_json() == []
    again = api.post("/matches", {"participant_id": gerrit, "volunteer_id": anna, "planned_months": 12})
    assert again.status_code == 422


def test_the_plan_pairs_the_most_people_where_greedy_would_not():
    # best-first would give Anna to Riet (90) and leave Gerrit, who can only have Anna, waiting
    scores = {(1, 10): 90.0, (1, 11): 80.0, (2, 10): 30.0}
    assert [(p.participant_id, p.volunteer_id) for p in best_pairs(scores, {10: 1, 11: 1})] == [(1, 11), (2, 10)]


def test_the_plan_then_maximises_the_total_score_and_respects_pair_limits():
    scores = {(1, 10): 50.0, (1, 11): 40.0, (2, 10): 45.0, (2, 11): 10.0, (3, 10): 20.0}
    pairs = best_pairs(scores, {10: 2, 11: 1})
    assert {(p.participant_id, p.volunteer_id) for p in pairs} == {(1, 11), (2, 10), (3, 10)}
    assert best_pairs(scores, {10: 0, 11: 0}) == []


def test_plan_is_a_dry_run_unless_committed(api, town):
    riet, gerrit = api.participant(town["Riet"]), api.participant(town["Gerrit"])
    anna, bert = api.volunteer(town["Anna"]), api.volunteer(town["Bert"])
    dry = api.post("/plan", {})
    assert dry.status_code == 200
    pairs = {(p["participant_id"], p["volunteer_id"]) for p in dry.get_json()["proposals"]}
    assert {p for p, _v in pairs} == {riet, gerrit} and {v for _p, v in pairs} == {anna, bert}
    assert api.get("/matches").get_json() == []
    done = api.post("/plan", {"commit": True, "participants": [riet]})
    assert len(done.get_json()["proposals"]) == 1
    assert [m["status"] for m in api.get("/matches").get_json()] == ["proposed"]
    assert api.post("/plan", {"participants": [riet]}).status_code == 422  # not waiting any more
    assert api.post("/plan", {"volunteers": [999]}).status_code == 422


def test_the_neighbourhood_is_a_reason_and_counts_when_the_distance_is_not_known(api, town, instance):
    from buddy_town import person

    from core.instance import tenant_context
    with tenant_context("de-es", instance) as scope:  # addresses with a neighbourhood, not on the map
        ids = {name: person(scope.session, name, None, None, volunteer=name != "Truus", buurt=buurt)
               for name, buurt in (("Truus", "Stadskern"), ("Els", "Stadskern"), ("Joop", "Molenbuurt"))}
        scope.session.commit()
    truus = api.participant(ids["Truus"])
    els, joop = api.volunteer(ids["Els"]), api.volunteer(ids["Joop"])
    assert api.get(f"/participants/{truus}").get_json()["area"] == "Stadskern"  # a name, never a BU code
    found = {s["volunteer_id"]: s for s in api.get(f"/participants/{truus}/suggestions").get_json()}
    assert list(found) == [els, joop]
    assert "Woont in dezelfde buurt (Stadskern)." in found[els]["reasons"]
    assert any("Molenbuurt" in r for r in found[joop]["reasons"])
    assert found[els]["score"] - found[joop]["score"] == 20  # the same neighbourhood, instead of the distance


def test_where_the_distance_is_known_it_scores_and_the_neighbourhood_is_said_in_words(api, instance):
    from buddy_town import person

    from core.instance import tenant_context
    with tenant_context("de-es", instance) as scope:
        ids = {name: person(scope.session, name, 52.2215, 6.8937 + 0.01 * i, volunteer=i > 0, buurt="Stadskern")
               for i, name in enumerate(("Truus", "Els"))}
        scope.session.commit()
    truus, els = api.participant(ids["Truus"]), api.volunteer(ids["Els"], max_km=5)
    (found,) = api.get(f"/participants/{truus}/suggestions").get_json()
    assert found["volunteer_id"] == els and "Woont in dezelfde buurt (Stadskern)." in found["reasons"]
    assert any("km verderop" in r for r in found["reasons"])
    # language 15, interest 10, moment 10, and 25 × (1 − 0,68 km / 5 km) for the distance: no 20 on top
    assert 35 + 21 < found["score"] < 35 + 22
