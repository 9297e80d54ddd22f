"""E-mail to drivers when a ride is offered to them, or a ride of theirs changes."""
from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from core.toolkit import external_url, send_mail
from core.toolkit import person as find_person
from plugins.transport.models import Ride


def tell_drivers(session: Session, tenant, rides: list[Ride], what: str) -> int:
    """One message per driver about *rides* (what: "offered" or "changed"); returns how many were sent."""
    by_driver: dict[int, list[Ride]] = {}
    for ride in rides:
        if ride.driver is not None:
            by_driver.setdefault(ride.driver.person_id, []).append(ride)
    sent = 0
    for person_id, theirs in by_driver.items():
        person = find_person(session, person_id)
        if person is None or not person.email:
            continue
        subject = _("Rides offered to you") if what == "offered" else _("A ride of yours changed")
        body = render_template("transport/mail.txt", person=person, rides=theirs, what=what, tenant=tenant,
                               link=external_url("transport.my_rides"))
        sent += send_mail(person.email, f"{tenant.name}: {subject}", body, tenant.name)
    return sent
