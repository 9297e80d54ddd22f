"""The coordinator's pages: intake, suggestions with reasons, a pair's life, contacts, the
loneliness measurement, waiting list and plan; and who may not see them."""
from __future__ import annotations

import re
from datetime import timedelta

from buddy_town import TODAY, VOG

from core.testing import csrf_token
from plugins.maatjes import service


def intake(client, kind, person_id, **extra):
    token = csrf_token(client, f"/t/de-es/maatjes/{kind}/new")
    data = {"csrf_token": token, "person": person_id, "support_question": "Samen wandelen",
            "interests": "Wandelen, koken", "languages": ["nl"], "availability": ["1-afternoon", "3-morning"],
            "gender": "", "buddy_gender": "any", "referred_by": "gp", **extra}
    return client.post(f"/t/de-es/maatjes/{kind}/new", data=data)


def test_from_intake_to_a_pair_with_contacts(coordinator, town):
    made = intake(coordinator, "participants", town["Riet"])
    assert made.status_code == 303
    participant_page = made.headers["Location"]
    made = intake(coordinator, "volunteers", town["Anna"], vog_valid_until=VOG, trained="y", max_pairs=1, max_km="5")
    assert made.status_code == 303, made.text
    page = coordinator.get(participant_page).text
    assert "Voorgestelde maatjes" in page and "Spreken allebei Nederlands." in page
    assert "Gedeelde interesses: koken, wandelen." in page and "dinsdag middag, donderdag ochtend" in page
    propose = re.search(r'action="([^"]+/propose/\d+)"', page).group(1)
    proposed = coordinator.post(propose, data={"csrf_token": csrf_token(coordinator, participant_page),
                                               "planned_months": 12})
    assert proposed.status_code == 303
    pair = proposed.headers["Location"]
    token = csrf_token(coordinator, pair)
    assert coordinator.post(f"{pair}/step/active", data={"active-csrf_token": token}).status_code == 303
    assert "kan niet actief worden" in coordinator.get(pair).text  # no step skipped
    for to in ("introduced", "active"):
        coordinator.post(f"{pair}/step/{to}", data={f"{to}-csrf_token": token})
    logged = coordinator.post(f"{pair}/contacts", data={"csrf_token": token, "on": TODAY.isoformat(),
                                                        "kind": "visit", "minutes": 90, "note": "Naar de markt"})
    assert logged.status_code == 303
    page = coordinator.get(pair).text
    assert "Actief sinds" in page and "bezoek" in page and "Naar de markt" in page  # the coordinator's own pair
    ended = coordinator.post(f"{pair}/step/ended", data={"ended-csrf_token": token, "ended-reason": ""})
    assert ended.status_code == 303 and "Zeg waarom" in coordinator.get(pair).text
    coordinator.post(f"{pair}/step/ended", data={"ended-csrf_token": token, "ended-reason": "goal_reached"})
    assert "doel bereikt" in coordinator.get(pair).text


def test_a_colleagues_notes_stay_hidden_until_one_takes_the_pair_over(coordinator, town, instance):
    from core.instance import tenant_context
    from plugins.maatjes.models import Participant, Volunteer
    with tenant_context("de-es", instance) as scope:
        s = scope.session
        p = service.add_intake(s, Participant, {"person_id": town["Riet"], "languages": ["nl"]})
        v = service.add_intake(s, Volunteer, {"person_id": town["Anna"], "languages": ["nl"], "trained": True,
                                              "vog_valid_until": TODAY + timedelta(days=30)})
        match = service.propose(s, p, v, 12, "account:999")
        service.transition(s, match, "introduced")
        service.add_contact(match, TODAY, "call", 15, "Vertrouwelijk")
        s.commit()
        pair = f"/t/de-es/maatjes/pairs/{match.id}"
    assert "Vertrouwelijk" not in coordinator.get(pair).text
    coordinator.post(f"{pair}/coordinate", data={"csrf_token": csrf_token(coordinator, pair)})
    assert "Vertrouwelijk" in coordinator.get(pair).text


def test_loneliness_is_measured_on_a_page_and_shown_to_the_coordinator(coordinator, town):
    participant_page = intake(coordinator, "participants", town["Riet"]).headers["Location"]
    form = f"{participant_page}/loneliness"
    page = coordinator.get(form).text
    assert "Ik ervaar een leegte om me heen" in page and "min of meer" in page
    answers = {f"item{n}": a for n, a in enumerate(["yes", "yes", "more_or_less", "no", "no", "yes"], start=1)}
    saved = coordinator.post(form, data={"csrf_token": csrf_token(coordinator, form), "on": TODAY.isoformat(),
                                         **answers})
    assert saved.status_code == 303
    assert "ernstig eenzaam" in coordinator.get(participant_page).text
    half = coordinator.post(form, data={"csrf_token": csrf_token(coordinator, form), "on": TODAY.isoformat(),
                                        "item1": "yes"})
    assert half.status_code == 422


def test_waiting_list_plan_and_overview(coordinator, town):
    intake(coordinator, "participants", town["Riet"], waiting_since=(TODAY - timedelta(days=12)).isoformat())
    intake(coordinator, "volunteers", town["Anna"], vog_valid_until=VOG, trained="y", max_pairs=1, max_km="5")
    waiting = coordinator.get("/t/de-es/maatjes/waiting").text
    assert "Riet Test" in waiting and "<td>12</td>" in waiting
    plan = coordinator.get("/t/de-es/maatjes/plan").text
    assert "Riet Test" in plan and "Anna Test" in plan
    token = csrf_token(coordinator, "/t/de-es/maatjes/plan")
    made = coordinator.post("/t/de-es/maatjes/plan", data={"csrf_token": token})
    assert made.status_code == 303
    assert "Niemand wacht." in coordinator.get("/t/de-es/maatjes/waiting").text
    assert "Voorgesteld: 1" in coordinator.get("/t/de-es/maatjes/").text
    assert "Maatjes" in coordinator.get("/t/de-es/").text
    assert "Deelnemer aan het maatjesproject" in coordinator.get(f"/t/de-es/people/{town['Riet']}").text


def test_a_volunteer_or_a_stranger_does_not_reach_the_pages(town, make_account, app, sign_in):
    make_account("de-es", "volunteer@de-es.nl", ("volunteer",))
    client = app.test_client()
    assert client.get("/t/de-es/maatjes/").status_code in (302, 401, 403)
    sign_in(client, "de-es", "volunteer@de-es.nl")
    for path in ("/", "/pairs", "/waiting", "/plan", "/participants", "/participants/new"):
        assert client.get(f"/t/de-es/maatjes{path}").status_code == 403, path


def test_a_buddy_sees_and_logs_only_their_own_pair(town, instance, make_account, app, sign_in):
    from core.instance import tenant_context
    from plugins.maatjes.models import Participant, Volunteer
    with tenant_context("de-es", instance) as scope:
        s, pairs = scope.session, []
        for participant, volunteer in (("Riet", "Anna"), ("Gerrit", "Bert")):
            p = service.add_intake(s, Participant, {"person_id": town[participant], "languages": ["nl"]})
            v = service.add_intake(s, Volunteer, {"person_id": town[volunteer], "languages": ["nl"], "trained": True,
                                                  "vog_valid_until": TODAY + timedelta(days=30)})
            match = service.propose(s, p, v, 12, "t")
            service.transition(s, match, "introduced")
            pairs.append(match.id)
        s.commit()
    make_account("de-es", "anna@de-es.nl", ("volunteer",), person_id=town["Anna"])
    client = app.test_client()
    sign_in(client, "de-es", "anna@de-es.nl")
    page = client.get("/t/de-es/maatjes/mine").text
    assert "Riet Test" in page and "Gerrit Test" not in page
    token = re.search(r'name="pair\d+-csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    logged = client.post(f"/t/de-es/maatjes/mine/{pairs[0]}/contacts",
                         data={f"pair{pairs[0]}-csrf_token": token, f"pair{pairs[0]}-on": TODAY.isoformat(),
                               f"pair{pairs[0]}-kind": "call", f"pair{pairs[0]}-minutes": 25})
    assert logged.status_code == 303 and "Het contact is opgeslagen." in client.get("/t/de-es/maatjes/mine").text
    other = client.post(f"/t/de-es/maatjes/mine/{pairs[1]}/contacts", data={"csrf_token": token})
    assert other.status_code == 404
    assert client.get(f"/t/de-es/maatjes/pairs/{pairs[0]}").status_code == 403
