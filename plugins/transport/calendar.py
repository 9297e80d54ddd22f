"""Drivers' calendars: their rides are in the one calendar feed core serves per person.

Transport gives core the events (``noaber_calendar_events``, see together.py). Before
there was one feed per person, transport served its own at ``/transport/calendar/<token>.ics``;
those addresses keep working: the same secret becomes the person's feed, and the old
address redirects there, until the person renews or stops their calendar.
"""
from __future__ import annotations

from flask import abort, redirect
from sqlalchemy import select

from core.toolkit import (
    calendar_feed_url,
    carry_over_calendar_address,
    current_session,
    public,
)
from plugins.transport.models import Driver
from plugins.transport.pages import blueprint


@blueprint.get("/calendar/<token>.ics")
@public  # the secret token is the key; anyone without it gets 404
def calendar_feed(token: str):
    session = current_session()
    driver = session.scalar(select(Driver).where(Driver.calendar_token == token)) if len(token) >= 32 else None
    if driver is None or not carry_over_calendar_address(session, driver.person_id, token):
        abort(404)
    session.commit()
    return redirect(calendar_feed_url(session, driver.person_id), 301)
