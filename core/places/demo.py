"""The places a demo neighbourhood goes to (invented names, near its centre)."""
from __future__ import annotations

from random import Random

from sqlalchemy.orm import Session

from core.places.models import KnownPlace

#: (name, kind, street): what a Dutch neighbourhood goes to most
PLACES = [("Huisartsenpraktijk De Linde", "gp", "Lindelaan"), ("Ziekenhuis, polikliniek", "hospital", "Ziekenhuisweg"),
          ("Fysiotherapie Oost", "physio", "Oosterstraat"), ("Dialysecentrum", "hospital", "Zorgplein"),
          ("Tandarts Centrum", "dentist", "Marktstraat"), ("Apotheek Markt", "pharmacy", "Marktstraat"),
          ("Buurthuis De Tulp", "community_centre", "Tulpstraat")]


def add_demo_places(session: Session, rng: Random, centre, digits: str, city: str) -> list[KnownPlace]:
    places = [KnownPlace(name=name, kind=kind, street=street, house_number=rng.randint(1, 60), city=city,
                         postcode=f"{digits}{rng.choice('ABCDEGHJKL')}{rng.choice('ABCDEGHJKL')}",
                         latitude=centre[0] + rng.uniform(-0.02, 0.02), longitude=centre[1] + rng.uniform(-0.03, 0.03),
                         located_by="manual")
              for name, kind, street in PLACES]
    session.add_all(places)
    session.flush()
    return places
