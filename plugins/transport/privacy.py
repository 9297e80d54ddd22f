"""A person's rides and driving, exported or erased; the rides stay counted, without the person."""
from __future__ import annotations

from sqlalchemy import delete, select

from plugins.transport.models import (
    OPEN,
    Availability,
    Check,
    Driver,
    Leave,
    Ride,
    RideEvent,
)


def _ride(ride: Ride) -> dict:
    return {"id": ride.id, "from": ride.pickup_text, "to": ride.destination_text,
            "appointment_at": ride.appointment_at.isoformat(), "status": ride.status, "aid": ride.aid,
            "driver_notes": ride.driver_notes, "km_driven": ride.km_driven}


def export(session, person_id: int) -> dict | None:
    rides = session.scalars(select(Ride).where(Ride.rider_person_id == person_id).order_by(Ride.appointment_at)).all()
    driver = session.scalar(select(Driver).where(Driver.person_id == person_id))
    driven = session.scalars(select(Ride).where(Ride.driver_id == driver.id)).all() if driver else []
    if not rides and driver is None:
        return None
    return {"rides_as_rider": [_ride(r) for r in rides],
            "driver": None if driver is None else {
                "vehicle": driver.vehicle, "seats": driver.seats, "max_km": driver.max_km,
                "checks": [{"kind": c.kind, "expires_on": c.expires_on.isoformat()} for c in driver.checks],
                "rides_driven": [{"id": r.id, "appointment_at": r.appointment_at.isoformat(), "status": r.status,
                                  "km_driven": r.km_driven} for r in driven]}}


def erase(session, person_id: int) -> None:
    """Rides keep date, status and kilometres (the figures); addresses, places and notes go."""
    for ride in session.scalars(select(Ride).where(Ride.rider_person_id == person_id)):
        if ride.status in OPEN:  # rides still to come will not happen now
            ride.status = "cancelled"
            ride.events.append(RideEvent(kind="cancelled", actor="system", note="rider erased"))
        ride.pickup_text = ride.destination_text = ride.driver_notes = ""
        ride.pickup_lat = ride.pickup_lon = ride.destination_lat = ride.destination_lon = 0.0
    driver = session.scalar(select(Driver).where(Driver.person_id == person_id))
    if driver is not None:
        for table in (Availability, Leave, Check):
            session.execute(delete(table).where(table.driver_id == driver.id))
        driver.vehicle, driver.active = "", False
