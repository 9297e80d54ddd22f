"""Finding coordinates and CBS codes for a Dutch address.

The real geocoder is PDOK Locatieserver (the government's free address service). Only
the postcode and house number are sent, never a name. When PDOK cannot be reached,
nothing breaks: the address is saved without coordinates, which can also be typed in.
A tenant turns it off with ``geocoder = "off"`` in its tenant.toml.
"""
from __future__ import annotations

import json
import logging
import os
import re
import urllib.parse
import urllib.request
from dataclasses import dataclass

from core.people.service import normalise_postcode

log = logging.getLogger("noaber.geocode")
PDOK_URL = "https://api.pdok.nl/bzk/locatieserver/search/v3_1"
POINT = re.compile(r"POINT\(([-\d.]+) ([-\d.]+)\)")


@dataclass(frozen=True)
class Location:
    latitude: float
    longitude: float
    street: str
    city: str
    #: CBS codes: GM0153, BU01530110
    municipality_code: str | None
    neighbourhood_code: str | None
    #: the buurt's name, e.g. "Stadskern"
    neighbourhood_name: str | None = None


class PdokGeocoder:
    """PDOK Locatieserver ``free`` search, restricted to addresses."""

    def __init__(self, base_url: str | None = None, timeout: float = 4.0):
        self.base_url = (base_url or os.environ.get("NOABER_PDOK_URL") or PDOK_URL).rstrip("/")
        self.timeout = timeout

    def query_url(self, postcode: str, house_number: int) -> str:
        query = urllib.parse.urlencode({"q": f"postcode:{postcode} and huisnummer:{house_number}",
                                        "fq": "type:adres", "rows": "1"})
        return f"{self.base_url}/free?{query}"

    def locate(self, postcode: str, house_number: int, suffix: str = "") -> Location | None:
        try:
            with urllib.request.urlopen(self.query_url(postcode, house_number), timeout=self.timeout) as response:
                body = json.load(response)
        except (OSError, ValueError) as exc:  # unreachable, timed out, or not JSON: carry on without
            log.warning("PDOK Locatieserver did not answer (%r); address saved without coordinates", exc)
            return None
        return parse(body)


def parse(body: dict) -> Location | None:
    """The first address in a Locatieserver answer, or None."""
    docs = body.get("response", {}).get("docs", [])
    if not docs:
        return None
    doc = docs[0]
    match = POINT.match(doc.get("centroide_ll", ""))
    if match is None:
        return None
    code = doc.get("gemeentecode")
    return Location(latitude=float(match.group(2)), longitude=float(match.group(1)),
                    street=doc.get("straatnaam", ""), city=doc.get("woonplaatsnaam", ""),
                    municipality_code=f"GM{code}" if code else None, neighbourhood_code=doc.get("buurtcode"),
                    neighbourhood_name=doc.get("buurtnaam"))


class NoGeocoder:
    """For tenants that keep addresses entirely to themselves."""

    def locate(self, postcode: str, house_number: int, suffix: str = "") -> Location | None:
        return None


def geocoder_for(tenant):
    return NoGeocoder() if tenant.geocoder == "off" else PdokGeocoder()


def locate_address(tenant, postcode: str, house_number: int, suffix: str = "") -> Location | None:
    """Where a Dutch address lies (and its CBS codes), or None when it is not found or the
    geocoder cannot be reached. The postcode may be written ``7511 ab``; a postcode that is
    not one is a ``NoaberError``."""
    return geocoder_for(tenant).locate(normalise_postcode(postcode), house_number, suffix)
