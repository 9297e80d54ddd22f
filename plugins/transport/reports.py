"""Reports for coordinators and funders: rides by outcome, kilometres, volunteer hours, riders per municipality."""
from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask import Response, render_template
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.toolkit import current_session, current_tenant, people, requires
from plugins.transport import service
from plugins.transport.geo import Roads
from plugins.transport.models import OUTCOMES, Ride
from plugins.transport.money import month_range, ride_km
from plugins.transport.pages import blueprint, chosen_month


@dataclass
class MonthReport:
    month: date
    by_status: Counter = field(default_factory=Counter)
    kilometres: Decimal = Decimal("0")
    driver_hours: float = 0.0
    riders: int = 0
    #: municipality code (GM…, or "?" when unknown) → distinct riders
    riders_by_municipality: Counter = field(default_factory=Counter)
    #: what people call each municipality code: the place most of its riders live in
    municipality_names: dict = field(default_factory=dict)


def driver_hours(roads: Roads, km) -> float:
    """Time behind the wheel at the average speed, plus helping in and out at both ends."""
    return float(km) / roads.speed_kmh + 2 * roads.boarding.total_seconds() / 3600


def month_report(session: Session, roads: Roads, month: date) -> MonthReport:
    start, end = month_range(month)
    rides = session.scalars(select(Ride).where(Ride.pickup_at >= start, Ride.pickup_at < end)).all()
    report = MonthReport(month, Counter(ride.status for ride in rides))
    for ride in (r for r in rides if r.status == "completed" and r.driver is not None):
        km = ride_km(session, roads, ride)
        report.kilometres += km
        report.driver_hours += driver_hours(roads, km)
    rider_ids = {r.rider_person_id for r in rides if r.status == "completed"}
    report.riders = len(rider_ids)
    if rider_ids:
        found = people(session, rider_ids)
        report.riders_by_municipality = Counter(_municipality(found.get(i)) for i in rider_ids)
        report.municipality_names = _places_of(found.values())
    return report


def _municipality(rider) -> str:
    """The rider's municipality code, or "?" (erased, or the address never located)."""
    return (rider.address.municipality_code if rider and rider.address else None) or "?"


def _places_of(riders) -> dict[str, str]:
    """Per municipality code, the place its riders mostly live in (a name people know)."""
    cities: dict[str, Counter] = {}
    for rider in riders:
        if rider.address and rider.address.municipality_code and rider.address.city:
            cities.setdefault(rider.address.municipality_code, Counter())[rider.address.city] += 1
    return {code: counted.most_common(1)[0][0] for code, counted in cities.items()}


@blueprint.get("/reports")
@requires("transport.reports")
def reports_page():
    report = month_report(current_session(), service.roads_for(current_tenant()), chosen_month())
    return render_template("transport/reports.html", report=report,
                           outcomes=("requested", "offered", "planned", *OUTCOMES))


@blueprint.get("/reports.csv")
@requires("transport.reports")
def reports_csv():
    report = month_report(current_session(), service.roads_for(current_tenant()), chosen_month())
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["maand", "soort", "sleutel", "waarde"])
    month = report.month.strftime("%Y-%m")
    for status, count in sorted(report.by_status.items()):
        writer.writerow([month, "ritten", status, count])
    writer.writerow([month, "kilometers", "gereden", str(report.kilometres).replace(".", ",")])
    writer.writerow([month, "uren", "chauffeurs", f"{report.driver_hours:.1f}".replace(".", ",")])
    writer.writerow([month, "passagiers", "totaal", report.riders])
    for code, count in sorted(report.riders_by_municipality.items()):
        name = report.municipality_names.get(code, "")
        writer.writerow([month, "passagiers per gemeente", f"{code} {name}".strip(), count])
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="ritten-rapport-{month}.csv"'})
