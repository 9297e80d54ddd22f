"""A calendar feed per driver (iCalendar, RFC 5545) at a secret URL the driver can renew.

The feed shows the driver's offered and planned rides, with pickup, destination, aid and
notes; never the rider's phone number or anything the rider did not agree to share.
"""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask import Response, abort, flash, redirect, url_for
from flask_babel import gettext as _
from icalendar import Calendar, Event
from sqlalchemy import select

from core import current_session, current_tenant
from core.accounts.forms import ConfirmForm
from core.i18n import TIMEZONE
from core.permissions import public, requires
from plugins.transport import service
from plugins.transport.models import Driver, Ride
from plugins.transport.views import _my_driver, blueprint

#: how far back the feed reaches, so yesterday's ride is still there
HISTORY = timedelta(days=14)


def new_token(driver: Driver) -> str:
    driver.calendar_token = secrets.token_urlsafe(32)
    return driver.calendar_token


def feed(driver: Driver, rides: list[Ride], tenant_name: str, roads) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//noaber//transport//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{tenant_name}: {_('My rides')}")
    for ride in rides:
        event = Event()
        event.add("uid", f"ride-{ride.id}@noaber")
        event.add("dtstamp", datetime.now(TIMEZONE))
        event.add("dtstart", ride.pickup_at)
        event.add("dtend", ride.pickup_at + roads.travel((ride.pickup_lat, ride.pickup_lon),
                                                         (ride.destination_lat, ride.destination_lon)) + 2 * roads.boarding)
        event.add("summary", _("Ride to %(place)s", place=ride.destination_text))
        event.add("location", ride.pickup_text)
        event.add("description", "\n".join(filter(None, [ride.driver_notes, _("Status: %(status)s", status=ride.status)])))
        event.add("status", "CONFIRMED" if ride.status == "planned" else "TENTATIVE")
        calendar.add_component(event)
    return calendar.to_ical()


@blueprint.get("/calendar/<token>.ics")
@public  # the secret token is the key; anyone without it gets 404
def calendar_feed(token: str):
    session = current_session()
    driver = session.scalar(select(Driver).where(Driver.calendar_token == token)) if len(token) >= 32 else None
    if driver is None or not driver.active:
        abort(404)
    rides = session.scalars(select(Ride).where(Ride.driver_id == driver.id, Ride.status.in_(("offered", "planned")),
                                               Ride.pickup_at >= datetime.now(TIMEZONE) - HISTORY)
                            .order_by(Ride.pickup_at)).all()
    body = feed(driver, rides, current_tenant().name, service.roads_for(current_tenant()))
    return Response(body, mimetype="text/calendar", headers={"Cache-Control": "private, max-age=300"})


@blueprint.post("/my/calendar")
@requires("transport.drive")
def renew_calendar():
    """Make a (new) feed address; the old one stops working at once."""
    driver = _my_driver()
    if driver is None or not ConfirmForm().validate_on_submit():
        abort(400)
    new_token(driver)
    current_session().commit()
    flash(_("Your calendar address is new; the old one no longer works."))
    return redirect(url_for("transport.my_rides"))


def feed_url(driver: Driver | None) -> str | None:
    if driver is None or driver.calendar_token is None:
        return None
    return url_for("transport.calendar_feed", token=driver.calendar_token, _external=True)
