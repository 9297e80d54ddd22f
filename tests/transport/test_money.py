"""Per month: statements per driver and rider, reports, and the metrics shared with coalitions."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from ride_town import CLINIC, at

from core.i18n.text import TIMEZONE
from core.instance import tenant_context
from plugins.transport import service
from plugins.transport.geo import Roads
from plugins.transport.models import Driver


@pytest.fixture
def month_of_rides(town, instance):
    with tenant_context("de-es", instance) as scope:
        henk = scope.session.get(Driver, town["Henk"])
        for hour, km in ((9, 12.0), (11, 8.5)):
            (ride,) = service.request_ride(scope.session, Roads(), town["rider"], CLINIC, "Fysio", at(hour), "test")
            service.offer(ride, henk, "t")
            service.accept(ride, "t")
            service.complete(ride, km, "t")
        (cancelled,) = service.request_ride(scope.session, Roads(), town["rider"], CLINIC, "Fysio", at(14), "test")
        service.close(cancelled, "cancelled", "t")
        scope.session.commit()


def test_statements_count_completed_rides_at_the_tenants_rate(month_of_rides, town, instance):
    from plugins.transport.money import statements
    with tenant_context("de-es", instance) as scope:
        drivers, riders = statements(scope.session, Roads(), Decimal("0.33"), at(9).date())
    assert [(line.rides, line.km, line.amount) for line in drivers] == [(2, Decimal("20.5"), Decimal("6.77"))]
    assert [(line.rides, line.amount) for line in riders] == [(2, Decimal("6.77"))]


def test_statement_page_and_csv(month_of_rides, make_account, app, sign_in):
    make_account("de-es", "coordinator@de-es.nl", ("coordinator",))
    client = app.test_client()
    sign_in(client, "de-es", "coordinator@de-es.nl")
    page = client.get("/t/de-es/transport/statements?month=2030-06").text
    assert "Henk Test" in page and "Riet Test" in page and "6,77" in page
    csv = client.get("/t/de-es/transport/statements/drivers.csv?month=2030-06")
    assert csv.content_type.startswith("text/csv")
    assert csv.text.splitlines() == ["maand;naam;ritten;km;bedrag", "2030-06;Henk Test;2;20,5;6,77"]
    assert client.get("/t/de-es/transport/statements/nobody.csv").status_code == 404


def test_month_report_counts_outcomes_km_hours_and_riders_per_municipality(month_of_rides, instance):
    from plugins.transport.reports import month_report
    with tenant_context("de-es", instance) as scope:
        report = month_report(scope.session, Roads(), at(9).date())
    assert report.by_status == {"completed": 2, "cancelled": 1}
    assert report.kilometres == Decimal("20.5") and report.riders == 1
    assert report.driver_hours == pytest.approx(20.5 / 35 + 2 * 2 * 5 / 60)
    assert report.riders_by_municipality == {"?": 1}  # the test address was typed in, without a CBS code


def test_report_page_and_csv(month_of_rides, make_account, app, sign_in):
    make_account("de-es", "coordinator@de-es.nl", ("coordinator",))
    client = app.test_client()
    sign_in(client, "de-es", "coordinator@de-es.nl")
    page = client.get("/t/de-es/transport/reports?month=2030-06").text
    assert "Ritten per afloop" in page and "gereden" in page and "geannuleerd" in page
    rows = client.get("/t/de-es/transport/reports.csv?month=2030-06").text.splitlines()
    assert "2030-06;ritten;completed;2" in rows and "2030-06;kilometers;gereden;20,5" in rows


def test_riders_per_municipality_are_shown_by_place_and_kept_by_code_in_the_export(month_of_rides, town, instance,
                                                                                   make_account, app, sign_in):
    from core.people.models import Person
    with tenant_context("de-es", instance) as scope:
        scope.session.get(Person, town["rider"]).address.municipality_code = "GM0153"
        scope.session.commit()
    make_account("de-es", "penningmeester@de-es.nl", ("treasurer",))
    client = app.test_client()
    sign_in(client, "de-es", "penningmeester@de-es.nl")
    page = client.get("/t/de-es/transport/reports?month=2030-06").text
    assert "<td>Enschede</td><td>1</td>" in page and "GM0153" not in page
    rows = client.get("/t/de-es/transport/reports.csv?month=2030-06").text.splitlines()
    assert "2030-06;passagiers per gemeente;GM0153 Enschede;1" in rows


def test_metrics_count_a_month_with_the_persons_behind_each_value(month_of_rides, town, instance):
    from core.metrics import Month, compute
    with tenant_context("de-es", instance) as scope:
        # just after midnight on 1 July in Dutch time is still 30 June in UTC: it is July's
        (july,) = service.request_ride(scope.session, Roads(), town["rider"], CLINIC, "Fysio",
                                       datetime(2030, 7, 1, 0, 40, tzinfo=TIMEZONE), "test")
        service.close(july, "unmet_need", "t")
        tenant = instance.tenants.get("de-es")
        june = {m.id: (v.value, v.persons) for m, v in compute(instance.plugins, tenant, scope.session, Month(2030, 6))}
        july_values = {m.id: v.value for m, v in compute(instance.plugins, tenant, scope.session, Month(2030, 7))}
    assert june["transport.rides_completed"] == (2, 1)
    assert june["transport.ride_requests"] == (3, 1)  # completed and cancelled; the total of the outcomes
    assert june["transport.cancellations"] == (1, 1)
    assert june["transport.unmet_need"] == (0, 0)
    assert june["transport.riders"] == (1, 1) and june["transport.active_drivers"] == (1, 1)
    assert june["transport.km"] == (20.5, 1)
    assert june["transport.driver_hours"][0] == pytest.approx(round(20.5 / 35 + 2 * 2 * 5 / 60, 1), abs=0.05)
    assert july_values["transport.unmet_need"] == 1 and july_values["transport.rides_completed"] == 0


def test_the_rate_per_km_is_exact_whether_set_or_not():
    """Money is a Decimal: the default rate was the string "0.33" (marshmallow does not load a default)."""
    from plugins.transport.schemas import TransportSettings
    assert TransportSettings().load({})["rate_per_km"] == Decimal("0.33")
    assert isinstance(TransportSettings().load({})["rate_per_km"], Decimal)
    assert TransportSettings().load({"rate_per_km": "0.30"})["rate_per_km"] == Decimal("0.30")
