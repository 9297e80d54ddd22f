"""Core's part of privacy rights, through the same hooks as every plugin's."""
from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select

from core.accounts.models import Account
from core.audit.models import AuditEvent
from core.calendar.models import CalendarFeed
from core.hookspecs import hookimpl
from core.people.models import Consent, Person, PersonNote
from core.storage.base import utcnow

ERASED_NAME = "(gewist)"


def _iso(value):
    return value.isoformat() if value is not None else None


@hookimpl
def noaber_privacy_export(tenant, session, person_id):
    person = session.get(Person, person_id)
    if person is None:
        return None
    return {
        "person": {f: _iso(v) if isinstance(v, date) else v for f, v in (
            ("given_name", person.given_name), ("family_name", person.family_name),
            ("date_of_birth", person.date_of_birth), ("email", person.email), ("phone", person.phone),
            ("is_resident", person.is_resident), ("is_volunteer", person.is_volunteer),
            ("created_at", person.created_at), ("updated_at", person.updated_at))},
        "address": _address(person),
        "household": person.household.name if person.household else None,
        "notes": [{"text": n.text, "visibility": n.visibility, "created_at": _iso(n.created_at)} for n in person.notes],
        "consents": [{"purpose": c.purpose, "granted": c.granted, "source": c.source,
                      "recorded_at": _iso(c.recorded_at)}
                     for c in person.consents],
        "accounts": [{"email": a.email, "roles": sorted(a.roles), "created_at": _iso(a.created_at),
                      "last_login_at": _iso(a.last_login_at)}
                     for a in session.scalars(select(Account).where(Account.person_id == person_id))],
        "calendar_feed": [{"created_at": _iso(f.created_at)}  # the secret address itself is not personal data
                          for f in session.scalars(select(CalendarFeed).where(CalendarFeed.person_id == person_id))],
        "access_log": [{"at": _iso(e.at), "actor": e.actor, "action": e.action, "via": e.via}
                       for e in session.scalars(select(AuditEvent).where(AuditEvent.person_id == person_id)
                                                .order_by(AuditEvent.at))],
    }


def _address(person):
    a = person.address
    if a is None:
        return None
    return {"street": a.street, "house_number": a.house_number, "house_number_suffix": a.house_number_suffix,
            "postcode": a.postcode, "city": a.city, "latitude": a.latitude, "longitude": a.longitude}


@hookimpl
def noaber_privacy_erase(tenant, session, person_id):
    """Keep the row (plugins' figures refer to it) with nothing left that identifies the person."""
    person = session.get(Person, person_id)
    if person is None:
        return
    person.given_name, person.family_name = "", ERASED_NAME
    person.email = person.phone = None
    # The year of birth stays, for age groups in reports; day and month go.
    person.date_of_birth = date(person.date_of_birth.year, 1, 1) if person.date_of_birth else None
    person.household = None
    if person.address is not None:  # the neighbourhood codes stay, for figures per area
        a = person.address
        a.street, a.house_number, a.house_number_suffix, a.postcode, a.city = "", 0, "", "", ""
        a.latitude = a.longitude = a.located_by = None
    session.execute(delete(PersonNote).where(PersonNote.person_id == person_id))
    session.execute(delete(Consent).where(Consent.person_id == person_id))
    session.execute(delete(CalendarFeed).where(CalendarFeed.person_id == person_id))
    for account in session.scalars(select(Account).where(Account.person_id == person_id)):
        session.delete(account)
    person.erased_at = utcnow()
