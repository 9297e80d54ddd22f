"""The figures transport shares with coalitions, per month (``noaber_metrics``).

A ride belongs to the month of its pickup. Ride counts come with the distinct riders behind
them, kilometres and hours with the distinct drivers, so that disclosure control can suppress
a month in which too few people rode or drove.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.toolkit import Measure, Metric, Month, _l
from plugins.transport import service
from plugins.transport.models import Ride
from plugins.transport.money import ride_km
from plugins.transport.reports import driver_hours

CANCELLED = ("cancelled", "late_cancel", "no_show")


def _rides(session: Session, month: Month, statuses) -> list[Ride]:
    return list(session.scalars(select(Ride).where(Ride.pickup_at >= month.start, Ride.pickup_at < month.end,
                                                   Ride.status.in_(statuses))))


def _counting(*statuses):
    """Rides that ended in one of *statuses*, with the distinct riders they were for."""
    def compute(_tenant, session, month):
        rides = _rides(session, month, statuses)
        return Measure(len(rides), len({r.rider_person_id for r in rides}))
    return compute


def _riders(_tenant, session, month):
    riders = {r.rider_person_id for r in _rides(session, month, ("completed",))}
    return Measure(len(riders), len(riders))


def _drivers(_tenant, session, month):
    drivers = {r.driver_id for r in _rides(session, month, ("completed",)) if r.driver_id is not None}
    return Measure(len(drivers), len(drivers))


def _driven(per_ride):
    """A quantity summed over completed rides, with the distinct drivers who drove them."""
    def compute(tenant, session, month):
        roads = service.roads_for(tenant)
        rides = [r for r in _rides(session, month, ("completed",)) if r.driver is not None]
        total = sum(per_ride(roads, ride_km(session, roads, r)) for r in rides)
        return Measure(round(float(total), 1), len({r.driver_id for r in rides}))
    return compute


OUTCOME_METRICS = ("transport.rides_completed", "transport.rides_turned_down", "transport.unmet_need",
                   "transport.cancellations")

RIDES = _l("rides")

METRICS = [
    Metric("transport.ride_requests", _l("Ride requests dealt with"), "rides", "events",
           _counting("completed", "turned_down", "unmet_need", *CANCELLED), parts=OUTCOME_METRICS, unit_label=RIDES,
           description=_l("Requests with an outcome: completed, turned down, unmet need or cancelled.")),
    Metric("transport.rides_completed", _l("Rides completed"), "rides", "events", _counting("completed"),
           unit_label=RIDES, description=_l("Rides driven, with the pickup in the month.")),
    Metric("transport.rides_turned_down", _l("Rides turned down"), "rides", "events", _counting("turned_down"),
           unit_label=RIDES,
           description=_l("Requests the service turned down (not its kind of ride).")),
    Metric("transport.unmet_need", _l("Unmet need"), "rides", "events", _counting("unmet_need"),
           unit_label=RIDES, description=_l("Requests nobody could drive.")),
    Metric("transport.cancellations", _l("Cancellations"), "rides", "events", _counting(*CANCELLED),
           unit_label=RIDES, description=_l("Rides cancelled, cancelled late, or with the rider not there.")),
    Metric("transport.riders", _l("Distinct riders"), "persons", "persons", _riders,
           description=_l("Residents with at least one completed ride.")),
    Metric("transport.active_drivers", _l("Active drivers"), "persons", "persons", _drivers,
           description=_l("Volunteers who drove at least one ride.")),
    Metric("transport.driver_hours", _l("Volunteer driver hours"), "hours", "quantity",
           _driven(lambda roads, km: driver_hours(roads, km)),
           description=_l("Time behind the wheel at the average speed, plus helping in and out.")),
    Metric("transport.km", _l("Kilometres driven"), "km", "quantity", _driven(lambda _roads, km: km),
           description=_l("Kilometres of completed rides, from the driver's home and back.")),
]
