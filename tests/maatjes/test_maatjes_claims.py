"""A buddy's costs and kilometres of a contact: logged through the API and the pair page, shown in the
contact log and the person's export, and offered to the budget as claims (unless the tenant says not)."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from core.instance import tenant_context
from core.metrics import Month
from core.testing import csrf_token, write_config
from core.toolkit import tenant_hooks
from plugins.maatjes.models import Contact

#: a day in the pair's active time, which is in the past; proposal, introduction and start before it
OUTING = date(2026, 10, 14)


@pytest.fixture
def pair(api, town):
    riet, anna = api.participant(town["Riet"]), api.volunteer(town["Anna"])
    made = api.post("/matches", {"participant_id": riet, "volunteer_id": anna, "planned_months": 12,
                                 "on": "2026-09-01"}).get_json()["id"]
    assert api.post(f"/matches/{made}/transition", {"to": "introduced", "on": "2026-09-08"}).status_code == 200
    assert api.post(f"/matches/{made}/transition", {"to": "active", "on": "2026-09-15"}).status_code == 200
    return made


def offered(instance, month: Month) -> list:
    with tenant_context("de-es", instance) as scope:
        found = tenant_hooks().noaber_reimbursement_claims(tenant=scope.tenant, session=scope.session, month=month)
        return [claim for claims in found for claim in claims]


def contacts(instance) -> list[tuple]:
    with tenant_context("de-es", instance) as scope:
        return [(c.kind, c.costs, c.km) for c in scope.session.query(Contact).order_by(Contact.id)]


def test_an_outing_s_costs_and_kilometres_are_claims_of_the_buddy(api, pair, town, instance):
    outing = api.post(f"/matches/{pair}/contacts", {"on": OUTING.isoformat(), "kind": "outing", "minutes": 180,
                                                    "costs": "12.50", "km": "14.5"})
    assert outing.status_code == 201, outing.text
    assert outing.get_json() | {"costs": "12.50", "km": "14.5"} == outing.get_json()
    visit = api.post(f"/matches/{pair}/contacts", {"on": "2026-10-20", "kind": "visit", "minutes": 60})
    assert visit.get_json()["costs"] is None and visit.get_json()["km"] is None
    api.post(f"/matches/{pair}/contacts", {"on": "2026-11-02", "kind": "visit", "minutes": 60, "costs": "3.20"})
    claims = offered(instance, Month(2026, 10))
    number = outing.get_json()["id"]
    assert [(c.person_id, c.kind, c.quantity, c.source, c.day) for c in claims] == [
        (town["Anna"], "costs", Decimal("12.50"), f"maatjes:contact:{number}:costs", OUTING),
        (town["Anna"], "km", Decimal("14.5"), f"maatjes:contact:{number}:km", OUTING)]
    assert claims[0].description == "Uitje met maatje, 14 oktober"
    assert all("Riet" not in c.description for c in claims)  # the participant's name is care data
    assert [c.quantity for c in offered(instance, Month(2026, 11))] == [Decimal("3.20")]
    assert offered(instance, Month(2026, 9)) == []


@pytest.mark.parametrize("wrong", [{"costs": "12.505"}, {"costs": "0.00"}, {"costs": "-5.00"}, {"costs": 12.5},
                                   {"costs": "250.01"}, {"costs": "1e2"}, {"km": "0"}, {"km": "12.25"},
                                   {"km": "500.1"}, {"km": 14}])
def test_wrong_costs_or_kilometres_are_a_422_and_log_nothing(api, pair, instance, wrong):
    refused = api.post(f"/matches/{pair}/contacts", {"on": OUTING.isoformat(), "kind": "outing", "minutes": 60,
                                                     **wrong})
    assert refused.status_code == 422 and refused.mimetype == "application/problem+json"
    assert list(wrong) == list(refused.get_json()["errors"])
    assert contacts(instance) == []


def test_the_highest_costs_and_kilometres_are_taken(api, pair, instance):
    made = api.post(f"/matches/{pair}/contacts", {"on": OUTING.isoformat(), "kind": "outing", "minutes": 60,
                                                  "costs": "250.00", "km": "500"})
    assert made.status_code == 201 and contacts(instance) == [("outing", Decimal("250.00"), Decimal("500.0"))]


def test_a_tenant_that_does_not_reimburse_outings_offers_no_claims(api, pair, instance):
    api.post(f"/matches/{pair}/contacts", {"on": OUTING.isoformat(), "kind": "outing", "minutes": 60,
                                           "costs": "8.00", "km": "10"})
    assert len(offered(instance, Month(2026, 10))) == 2
    path = instance.tenants.get("de-es").folder / "tenant.toml"
    write_config(path, path.read_text(encoding="utf-8") + "\n[plugins.maatjes]\nreimburse_outings = false\n")
    assert offered(instance, Month(2026, 10)) == []


def test_the_pair_page_logs_and_shows_costs_and_kilometres(coordinator, api, pair, instance):
    page = f"/t/de-es/maatjes/pairs/{pair}"
    token = csrf_token(coordinator, page)
    wrong = coordinator.post(f"{page}/contacts", data={"csrf_token": token, "on": OUTING.isoformat(),
                                                       "kind": "outing", "minutes": 120, "costs": "12,505"})
    assert wrong.status_code == 303 and contacts(instance) == []
    assert "ten hoogste 250" in coordinator.get(page).text
    logged = coordinator.post(f"{page}/contacts", data={"csrf_token": token, "on": OUTING.isoformat(),
                                                        "kind": "outing", "minutes": 120, "costs": "12,50",
                                                        "km": "14,5"})
    assert logged.status_code == 303
    assert contacts(instance) == [("outing", Decimal("12.50"), Decimal("14.5"))]
    shown = coordinator.get(page).text
    assert "<td>€\xa012,50</td><td>14,5</td>" in shown and "Kosten" in shown and "Kilometers" in shown


def test_the_buddy_s_export_has_the_costs_and_kilometres(api, pair, town, instance):
    api.post(f"/matches/{pair}/contacts", {"on": OUTING.isoformat(), "kind": "outing", "minutes": 60,
                                           "costs": "7.75", "km": "3.5"})
    with tenant_context("de-es", instance) as scope:
        exported = tenant_hooks().noaber_privacy_export(tenant=scope.tenant, session=scope.session,
                                                        person_id=town["Anna"])
    [ours] = [part for part in exported if part and "volunteer" in part]  # the tenant's people, then maatjes
    [contact] = [c for p in ours["volunteer"]["pairs"] for c in p["contacts"]]
    assert contact | {"costs": "7.75", "km": "3.5"} == contact


def test_a_buddy_logs_what_they_paid_on_their_own_page(api, pair, town, instance, make_account, app, sign_in):
    make_account("de-es", "anna@de-es.nl", ("volunteer",), person_id=town["Anna"])
    buddy = app.test_client()
    sign_in(buddy, "de-es", "anna@de-es.nl")
    page = buddy.get("/t/de-es/maatjes/mine").text
    assert f'for="pair{pair}-costs"' in page and f'for="pair{pair}-km"' in page
    token = re.search(r'name="pair\d+-csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    fields = {f"pair{pair}-csrf_token": token, f"pair{pair}-on": OUTING.isoformat(), f"pair{pair}-kind": "outing",
              f"pair{pair}-minutes": 150}
    wrong = buddy.post(f"/t/de-es/maatjes/mine/{pair}/contacts", data={**fields, f"pair{pair}-km": "-3"})
    assert wrong.status_code == 303 and contacts(instance) == []
    logged = buddy.post(f"/t/de-es/maatjes/mine/{pair}/contacts",
                        data={**fields, f"pair{pair}-costs": "9,80", f"pair{pair}-km": "6"})
    assert logged.status_code == 303 and contacts(instance) == [("outing", Decimal("9.80"), Decimal("6.0"))]
    assert [c.person_id for c in offered(instance, Month(2026, 10))] == [town["Anna"]] * 2
