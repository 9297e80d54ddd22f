"""Keeping the known places, and what plugins read of them."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.hookspecs import Place
from core.i18n.text import _l
from core.places.models import KnownPlace

KINDS = {"gp": _l("GP's practice"), "hospital": _l("Hospital"), "physio": _l("Physiotherapist"),
         "pharmacy": _l("Pharmacy"), "dentist": _l("Dentist"), "community_centre": _l("Community centre"),
         "day_care": _l("Day activities"), "other": _l("Other")}
ADDRESS = ("street", "house_number", "house_number_suffix", "postcode", "city")


@dataclass(frozen=True)
class KnownPlaceInfo:
    """A known place as plugins read it: its id (to keep a choice), name, kind, address and location."""

    id: int
    name: str
    kind: str
    address: str
    latitude: float | None
    longitude: float | None

    @property
    def point(self) -> tuple[float, float] | None:
        return None if self.latitude is None or self.longitude is None else (self.latitude, self.longitude)

    def as_place(self) -> Place:
        """The value a cross-plugin hook takes (a ride asked for to here)."""
        return Place(self.name, self.address, self.latitude, self.longitude)


def _info(row: KnownPlace) -> KnownPlaceInfo:
    return KnownPlaceInfo(row.id, row.name, row.kind, row.one_line(), row.latitude, row.longitude)


def known_places(session: Session) -> list[KnownPlaceInfo]:
    """The places in use, by name."""
    rows = session.scalars(select(KnownPlace).where(KnownPlace.active.is_(True)).order_by(KnownPlace.name))
    return [_info(row) for row in rows]


def known_place(session: Session, place_id: int) -> KnownPlaceInfo | None:
    row = session.get(KnownPlace, place_id)
    return None if row is None or not row.active else _info(row)


def all_places(session: Session) -> list[KnownPlace]:
    return list(session.scalars(select(KnownPlace).order_by(KnownPlace.active.desc(), KnownPlace.name)))


def save_place(session: Session, place: KnownPlace | None, data: dict, geocoder) -> KnownPlace:
    """Create (place None) or change a place; locate it by postcode and number unless the
    coordinates were given (under "advanced")."""
    place = place or KnownPlace()
    moved = any(getattr(place, f, None) != data.get(f) for f in ("postcode", "house_number"))
    for field in ("name", "kind", "active", *ADDRESS):
        if field in data:
            setattr(place, field, data[field] if data[field] is not None or field == "house_number" else "")
    if data.get("latitude") is not None and data.get("longitude") is not None:
        place.latitude, place.longitude, place.located_by = data["latitude"], data["longitude"], "manual"
    elif moved or place.latitude is None:
        _locate(place, geocoder)
    session.add(place)
    session.flush()
    return place


def _locate(place: KnownPlace, geocoder) -> None:
    found = geocoder.locate(place.postcode, place.house_number) if place.postcode and place.house_number else None
    if found is None:
        place.latitude = place.longitude = place.located_by = None
        return
    place.latitude, place.longitude, place.located_by = found.latitude, found.longitude, "pdok"
    place.street = place.street or found.street
    place.city = place.city or found.city
