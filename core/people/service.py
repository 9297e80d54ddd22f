"""People: finding, saving, notes and consents. Plain functions that take a session.

Every read of one person's details and every change is written to the audit log by the
function that does it, in the same transaction.
"""
from __future__ import annotations

import re

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, joinedload

from core.audit.service import Actor, record, record_reading
from core.errors import NoaberError
from core.people.models import Address, Consent, Household, Person, PersonNote

POSTCODE = re.compile(r"([1-9][0-9]{3}) ?([A-Za-z]{2})")
PERSON_FIELDS = ("given_name", "family_name", "date_of_birth", "email", "phone", "is_resident", "is_volunteer")
ADDRESS_FIELDS = ("street", "house_number", "house_number_suffix", "postcode", "city")


def normalise_postcode(value: str) -> str:
    match = POSTCODE.fullmatch(value.strip())
    if match is None:
        raise NoaberError(f"{value!r} is not a Dutch postcode such as 7511 JM")
    return (match.group(1) + match.group(2)).upper()


def search(q: str | None = None, volunteer: bool | None = None, resident: bool | None = None,
           postcode: str | None = None) -> Select:
    """People matching all the filters given, by family name; erased people never.

    Each with their address in the same query: every list shows it.
    """
    query = select(Person).options(joinedload(Person.address)).where(Person.erased_at.is_(None))
    if q:
        like = f"%{q.strip()}%"
        query = query.where(or_(Person.given_name.ilike(like), Person.family_name.ilike(like),
                                Person.email.ilike(like), Person.phone.ilike(like)))
    if volunteer is not None:
        query = query.where(Person.is_volunteer.is_(volunteer))
    if resident is not None:
        query = query.where(Person.is_resident.is_(resident))
    if postcode:
        query = query.join(Person.address).where(Address.postcode.startswith(postcode.replace(" ", "").upper()))
    return query.order_by(Person.family_name, Person.given_name, Person.id)


def get(session: Session, person_id: int) -> Person | None:
    person = session.get(Person, person_id)
    return None if person is None or person.erased_at is not None else person


def read(session: Session, person_id: int, by: Actor) -> Person | None:
    """Get a person for showing their details; the reading is logged."""
    person = get(session, person_id)
    if person is not None:
        record_reading(session, by.actor, "read", person.id, by.via)
    return person


def save(session: Session, person: Person | None, data: dict, geocoder, by: Actor) -> tuple[Person, list[str]]:
    """Create (person None) or update a person from validated *data*; return it and what changed."""
    created = person is None
    person = person or Person()
    changed = [f for f in PERSON_FIELDS if f in data and getattr(person, f, None) != data[f]]
    for field in changed:
        setattr(person, field, data[field])
    if "household_id" in data and person.household_id != data["household_id"]:
        person.household = session.get(Household, data["household_id"]) if data["household_id"] else None
        changed.append("household")
    if any(data.get(f) for f in ADDRESS_FIELDS):
        changed += _save_address(person, data, geocoder)
    if created:
        session.add(person)
    session.flush()
    if created or changed:
        record(session, by.actor, "create" if created else "update", person.id, by.via, ", ".join(changed))
    return person, changed


def _save_address(person: Person, data: dict, geocoder) -> list[str]:
    address = person.address or Address()
    wanted = {f: (data.get(f) if f == "house_number" else (data.get(f) or "").strip()) for f in ADDRESS_FIELDS}
    fields = [f for f, value in wanted.items() if getattr(address, f, None) != value]
    for field in fields:
        setattr(address, field, wanted[field])
    if {"postcode", "house_number"} & set(fields):
        # a new address: the old one's neighbourhood no longer applies until the geocoder says
        address.municipality_code = address.neighbourhood_code = address.neighbourhood_name = None
    manual = data.get("latitude") is not None and data.get("longitude") is not None
    if manual:
        if (address.latitude, address.longitude) != (data["latitude"], data["longitude"]):
            address.latitude, address.longitude, address.located_by = data["latitude"], data["longitude"], "manual"
            fields.append("coordinates")
    elif {"postcode", "house_number"} & set(fields) or address.latitude is None:
        _locate(address, geocoder)
    person.address = address
    return ["address"] if fields else []


def _locate(address: Address, geocoder) -> None:
    found = geocoder.locate(address.postcode, address.house_number, address.house_number_suffix)
    if found is None:
        address.latitude = address.longitude = address.located_by = None
        return
    address.latitude, address.longitude, address.located_by = found.latitude, found.longitude, "pdok"
    address.municipality_code, address.neighbourhood_code = found.municipality_code, found.neighbourhood_code
    address.neighbourhood_name = found.neighbourhood_name
    address.street = address.street or found.street
    address.city = address.city or found.city


def new_household(session: Session, name: str) -> Household:
    household = Household(name=name.strip())
    session.add(household)
    session.flush()
    return household


def add_note(session: Session, person: Person, text: str, visibility: str, by: Actor) -> PersonNote:
    note = PersonNote(person=person, text=text.strip(), visibility=visibility, author_account_id=by.account_id)
    session.add(note)
    session.flush()
    record(session, by.actor, "update", person.id, by.via, f"note {note.id} added")
    return note


def visible_notes(person: Person, may_read_restricted: bool) -> list[PersonNote]:
    return [n for n in person.notes if n.visibility == "coordinators" or may_read_restricted]


def record_consent(session: Session, person: Person, purpose: str, granted: bool, source: str, by: Actor) -> Consent:
    """Add what the person said; earlier records stay, so the history is kept."""
    consent = Consent(person=person, purpose=purpose, granted=granted, source=source,
                      recorded_by_account_id=by.account_id)
    session.add(consent)
    session.flush()
    record(session, by.actor, "update", person.id, by.via, f"consent {purpose}: {'yes' if granted else 'no'}")
    return consent
