"""Kilometres and contributions: what riders pay per kilometre, paid on to their drivers.

As with ANWB AutoMaatje the rider pays for the kilometres the driver drives for the ride,
from the driver's home and back, at the tenant's rate per kilometre. Counted for completed
rides: the kilometres the driver recorded, or else the planner's estimate.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.toolkit import full_names
from plugins.transport.geo import Roads
from plugins.transport.models import Ride
from plugins.transport.service import day_range, home_of

CENT = Decimal("0.01")


@dataclass
class Line:
    """One row of a statement: a driver's or a rider's month."""

    person_id: int
    name: str
    rides: int = 0
    km: Decimal = Decimal("0.0")
    amount: Decimal = Decimal("0.00")


def month_range(month: date):
    first = month.replace(day=1)
    following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return day_range(first)[0], day_range(following)[0]


def ride_km(session: Session, roads: Roads, ride: Ride) -> Decimal:
    if ride.km_driven is not None:
        return Decimal(str(ride.km_driven))
    home, _ = home_of(session, ride.driver.person_id)
    pickup, destination = (ride.pickup_lat, ride.pickup_lon), (ride.destination_lat, ride.destination_lon)
    estimate = roads.km(home, pickup) + roads.km(pickup, destination) + roads.km(destination, home)
    return Decimal(str(round(estimate, 1)))


def statements(session: Session, roads: Roads, rate: Decimal, month: date):
    """Per driver and per rider: completed rides, kilometres and money, for one month."""
    start, end = month_range(month)
    rides = session.scalars(select(Ride).where(Ride.status == "completed", Ride.pickup_at >= start,
                                               Ride.pickup_at < end, Ride.driver_id.is_not(None))).all()
    names = full_names(session, {r.rider_person_id for r in rides} | {r.driver.person_id for r in rides})
    drivers: dict[int, Line] = {}
    riders: dict[int, Line] = {}
    for ride in rides:
        km = ride_km(session, roads, ride)
        amount = (km * rate).quantize(CENT, ROUND_HALF_UP)
        driver_person = ride.driver.person_id
        for lines, person_id in ((drivers, driver_person), (riders, ride.rider_person_id)):
            line = lines.setdefault(person_id, Line(person_id, names.get(person_id, str(person_id))))
            line.rides, line.km, line.amount = line.rides + 1, line.km + km, line.amount + amount
    order = lambda lines: sorted(lines.values(), key=lambda line: line.name)  # noqa: E731
    return order(drivers), order(riders)


def as_csv(lines: list[Line], month: date) -> str:
    """For the treasurer's spreadsheet: semicolons and decimal commas, as Dutch Excel expects."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["maand", "naam", "ritten", "km", "bedrag"])
    for line in lines:
        writer.writerow([month.strftime("%Y-%m"), line.name, line.rides, str(line.km).replace(".", ","),
                         str(line.amount).replace(".", ",")])
    return out.getvalue()
