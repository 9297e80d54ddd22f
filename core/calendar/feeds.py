"""A person's calendar feed: its secret address, and the events every plugin gives for it.

The address is the key: whoever has it sees the events, so it is long, random, shown only
to the person and to coordinators, and renewed (the old one stops at once) or stopped at
any time. Plugins add events through ``noaber_calendar_events``; core keeps none of its own.
"""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from icalendar import Calendar, Event
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.calendar.models import CalendarFeed
from core.hookspecs import CalendarEvent
from core.i18n.text import TIMEZONE
from core.web.links import external_url

#: what the feed shows: yesterday's events stay a while, and the year ahead
HISTORY = timedelta(days=14)
AHEAD = timedelta(days=366)
#: shorter tokens are never looked up (a token is 43 characters)
MIN_TOKEN = 32


def feed_of(session: Session, person_id: int) -> CalendarFeed | None:
    return session.scalar(select(CalendarFeed).where(CalendarFeed.person_id == person_id))


def by_token(session: Session, token: str) -> CalendarFeed | None:
    if len(token) < MIN_TOKEN:
        return None
    return session.scalar(select(CalendarFeed).where(CalendarFeed.token == token))


def renew(session: Session, person_id: int) -> CalendarFeed:
    """Give the person a (new) address; an old one stops working at once."""
    feed = feed_of(session, person_id) or CalendarFeed(person_id=person_id)
    feed.token = secrets.token_urlsafe(32)
    feed.created_at = datetime.now(TIMEZONE)
    session.add(feed)
    return feed


def stop(session: Session, person_id: int) -> None:
    feed = feed_of(session, person_id)
    if feed is not None:
        session.delete(feed)


def carry_over(session: Session, person_id: int, token: str) -> bool:
    """Let a plugin's own older feed address live on as the person's feed (the same secret).

    True if *token* is, or now becomes, the person's feed token; False if the person has
    since renewed or stopped their feed, so that an address they revoked stays revoked.
    """
    feed = feed_of(session, person_id)
    if feed is None:
        session.add(CalendarFeed(person_id=person_id, token=token))
        return True
    return secrets.compare_digest(feed.token, token)


def calendar_feed_url(session: Session, person_id: int) -> str | None:
    """The address of the person's feed (for a page or a mail), or None if they have none."""
    feed = feed_of(session, person_id)
    return None if feed is None else external_url("calendar.feed", token=feed.token)


def events_of(hooks, tenant, session: Session, person_id: int, now: datetime) -> list[CalendarEvent]:
    """Every enabled plugin's events of the person around *now*, in order of start."""
    found = hooks.noaber_calendar_events(tenant=tenant, session=session, person_id=person_id,
                                         start=now - HISTORY, end=now + AHEAD)
    return sorted((event for events in found for event in events or ()), key=lambda event: event.start)


def as_ical(events: list[CalendarEvent], name: str, now: datetime) -> bytes:
    """RFC 5545, for any calendar app; cancelled events stay in, marked cancelled."""
    calendar = Calendar()
    calendar.add("prodid", "-//noaber//calendar//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for item in events:
        event = Event()
        event.add("uid", f"{item.uid}@noaber")
        event.add("dtstamp", now)
        event.add("dtstart", item.start)
        event.add("dtend", item.end)
        event.add("summary", item.summary)
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
