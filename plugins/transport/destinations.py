"""Where a ride goes, from what a coordinator filled in: a known place, or an address that the
address service finds. Coordinates are never asked for; a destination the service cannot find
now is kept as its text (and postcode), and the planner looks for it again."""
from __future__ import annotations

from dataclasses import dataclass

from wtforms.fields import SelectChoice

from core.toolkit import (
    NoaberError,
    _,
    current_session,
    current_tenant,
    known_place,
    known_places,
    locate_address,
    normalise_postcode,
)
from plugins.transport.forms import DestinationForm


@dataclass(frozen=True)
class Destination:
    text: str
    #: (latitude, longitude), or None while it is not found
    point: tuple[float, float] | None = None
    #: the postcode and house number to look for again, when the service did not find them now
    to_find: tuple[str, int] | None = None
    place_id: int | None = None


def place_choices(form: DestinationForm) -> None:
    form.place.choices = [SelectChoice(0, _("— another address —"))] + [
        SelectChoice(place.id, place.name) for place in known_places(current_session())]


def destination_of(form: DestinationForm) -> Destination:
    """The destination filled in; a NoaberError names what is missing, at its field."""
    if form.place.data:
        return _known(form.place.data)
    name = (form.destination.data or "").strip()
    if not name:
        raise FieldError("destination", _("Pick a known place, or give the destination's name and address."))
    if form.latitude.data is not None and form.longitude.data is not None:
        return Destination(name, (form.latitude.data, form.longitude.data))
    if not (form.destination_postcode.data and form.destination_number.data):
        return Destination(name)  # only a name: a coordinator completes it before it can be planned
    return _by_address(name, form.destination_postcode.data, form.destination_number.data)


def _known(place_id: int) -> Destination:
    place = known_place(current_session(), place_id)
    if place is None:
        raise FieldError("place", _("Pick a place from the list."))
    text = ", ".join(part for part in (place.name, place.address) if part)
    return Destination(text[:200], place.point, place_id=place.id)


def _by_address(name: str, postcode: str, number: int) -> Destination:
    try:
        postcode = normalise_postcode(postcode)
    except NoaberError:
        raise FieldError("destination_postcode", _("Use a Dutch postcode such as 7511 JM.")) from None
    found = locate_address(current_tenant(), postcode, number)
    if found is None:
        return Destination(name, to_find=(postcode, number))
    return Destination(name, (found.latitude, found.longitude))


class FieldError(NoaberError):
    """A problem with what was filled in, to be shown at the field it is about."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def locator(tenant=None):
    """For the planner: a destination's point by postcode and number, through the tenant's address service."""
    tenant = tenant or current_tenant()

    def locate(postcode: str, number: int) -> tuple[float, float] | None:
        found = locate_address(tenant, postcode, number)
        return None if found is None else (found.latitude, found.longitude)
    return locate
