"""What plugins may read of people: plain values, not the ORM rows.

A plugin refers to a person by ``core_person.id`` and reads them through these functions,
so core can change its tables without breaking a plugin, and no plugin changes a person
by accident. Erased people are left out: their row stays for past figures, nothing more.

    rider = person(session, ride.rider_person_id)
    if rider and rider.address and rider.address.point:
        ...
"""
from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from core.audit.service import Actor
from core.people.models import Address, Person
from core.people.service import record_consent as _record


@dataclass(frozen=True)
class PlaceOnMap:
    """A person's address as a plugin sees it."""

    street: str
    house_number: int
    house_number_suffix: str
    #: four digits and two capitals, e.g. "7511AB"
    postcode: str
    city: str
    #: CBS codes when the geocoder knew them, for figures per municipality or neighbourhood
    municipality_code: str | None
    neighbourhood_code: str | None
    latitude: float | None
    longitude: float | None
    #: the neighbourhood (buurt) by name, e.g. "Stadskern", for pages and matching; None when unknown
    neighbourhood_name: str | None = None

    @property
    def point(self) -> tuple[float, float] | None:
        """(latitude, longitude), or None while the address is not located."""
        return None if self.latitude is None or self.longitude is None else (self.latitude, self.longitude)

    def one_line(self) -> str:
        """``Lindelaan 12 A, 7511 AB Enschede``"""
        suffix = f" {self.house_number_suffix}" if self.house_number_suffix else ""
        return f"{self.street} {self.house_number}{suffix}, {self.postcode[:4]} {self.postcode[4:]} {self.city}"


@dataclass(frozen=True)
class PersonInfo:
    """One person, as plugins read them."""

    id: int
    given_name: str
    family_name: str
    email: str | None
    phone: str | None
    is_resident: bool
    is_volunteer: bool
    #: enough to tell two people of the same name apart, never the whole date
    year_of_birth: int | None
    address: PlaceOnMap | None

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


def _info(row: Person) -> PersonInfo:
    address = row.address
    return PersonInfo(
        id=row.id, given_name=row.given_name, family_name=row.family_name, email=row.email, phone=row.phone,
        is_resident=row.is_resident, is_volunteer=row.is_volunteer,
        year_of_birth=row.date_of_birth.year if row.date_of_birth else None,
        address=None if address is None else PlaceOnMap(
            address.street, address.house_number, address.house_number_suffix, address.postcode, address.city,
            address.municipality_code, address.neighbourhood_code, address.latitude, address.longitude,
            address.neighbourhood_name))


def _alive():
    return select(Person).where(Person.erased_at.is_(None)).options(selectinload(Person.address))


def person(session: Session, person_id: int) -> PersonInfo | None:
    """The person with this id, or None if there is none (or they were erased)."""
    row = session.scalar(_alive().where(Person.id == person_id))
    return None if row is None else _info(row)


def people(session: Session, ids: Iterable[int]) -> dict[int, PersonInfo]:
    """The people with these ids that exist, by id."""
    wanted = set(ids)
    if not wanted:
        return {}
    return {row.id: _info(row) for row in session.scalars(_alive().where(Person.id.in_(wanted)))}


def existing_people(session: Session, ids: Iterable[int]) -> set[int]:
    """Those of *ids* who are in the register (not erased), without reading them: for counting many."""
    wanted = set(ids)
    if not wanted:
        return set()
    return set(session.scalars(select(Person.id).where(Person.erased_at.is_(None), Person.id.in_(wanted))))


def list_people(session: Session, resident: bool | None = None, volunteer: bool | None = None) -> list[PersonInfo]:
    """Everyone (or only residents, or only volunteers), by family name and given name."""
    query = _alive().order_by(Person.family_name, Person.given_name, Person.id)
    if resident is not None:
        query = query.where(Person.is_resident.is_(resident))
    if volunteer is not None:
        query = query.where(Person.is_volunteer.is_(volunteer))
    return [_info(row) for row in session.scalars(query)]


def full_names(session: Session, ids: Iterable[int]) -> dict[int, str]:
    """``{id: "Anna de Vries"}`` for the given ids (erased people keep their pseudonym)."""
    wanted = set(ids)
    if not wanted:
        return {}
    rows = session.execute(select(Person.id, Person.given_name, Person.family_name).where(Person.id.in_(wanted)))
    return {person_id: f"{given} {family}".strip() for person_id, given, family in rows}


def municipality_codes(session: Session, ids: Iterable[int]) -> dict[int, str | None]:
    """The CBS municipality code of each person's address (None where unknown)."""
    wanted = set(ids)
    if not wanted:
        return {}
    rows = session.execute(select(Person.id, Address.municipality_code)
                           .join(Address, Person.address_id == Address.id, isouter=True).where(Person.id.in_(wanted)))
    return dict(rows.all())


def record_consent(session: Session, person_id: int, purpose: str, granted: bool, source: str, by: Actor) -> None:
    """Add a person's answer on *purpose* (how they gave it: phone, paper, in_person, web); logged."""
    row = session.get(Person, person_id)
    if row is None or row.erased_at is not None:
        raise LookupError(f"no person {person_id}")
    _record(session, row, purpose, granted, source, by)


def person_labels(found: Iterable[PersonInfo], family_first: bool = True) -> dict[int, str]:
    """How to name each person in a list or a picker: "Bakker, Truus", and where two share a name,
    what tells them apart: "Bakker, Truus (Lindelaan 12, 1938)"."""
    found = list(found)
    name = (lambda p: f"{p.family_name}, {p.given_name}") if family_first else (lambda p: p.full_name)
    seen: dict[str, int] = {}
    for info in found:
        seen[name(info)] = seen.get(name(info), 0) + 1
    return {info.id: name(info) if seen[name(info)] == 1 else f"{name(info)} ({_tell_apart(info)})" for info in found}


def _tell_apart(info: PersonInfo) -> str:
    parts = []
    if info.address is not None:
        suffix = f" {info.address.house_number_suffix}" if info.address.house_number_suffix else ""
        parts.append(f"{info.address.street} {info.address.house_number}{suffix}".strip())
    if info.year_of_birth:
        parts.append(str(info.year_of_birth))
    return ", ".join(parts) or f"nr. {info.id}"
