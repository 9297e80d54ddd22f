"""Synthetic residents and volunteers for ``noaber demo`` (invented names, no real people)."""
from __future__ import annotations

from datetime import date
from random import Random

from sqlalchemy.orm import Session

from core.people.models import Address, Consent, Household, Person, PersonNote

GIVEN = ["Anna", "Bep", "Cor", "Dirk", "Els", "Frans", "Gerda", "Henk", "Ineke", "Jan", "Kees", "Lies", "Marja",
         "Nel", "Piet", "Riet", "Sjaak", "Truus", "Wim", "Yvonne", "Ahmed", "Fatima", "Mehmet", "Sevda", "Joost",
         "Sanne", "Daan", "Lotte", "Bram", "Femke"]
FAMILY = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "de Boer", "Bos", "Vos", "Peters",
          "Hendriks", "Dekker", "Brouwer", "Kok", "Kaya", "Yilmaz", "El Amrani", "Wolters", "Hofman", "Kuipers"]
STREETS = ["Lindelaan", "Kastanjestraat", "Beukenhof", "Eikenweg", "Wilgenpad", "Esdoornplein", "Berkenrode"]
#: invented neighbourhood (buurt) names, one per quarter around the centre, so neighbours share one
NEIGHBOURHOODS = ("Dorpskern", "Molenbuurt", "Bloemenwijk", "Het Veld")
NOTES = ["Slechthorend: laat de telefoon lang overgaan.", "Heeft een rollator; liever geen hoge instap.",
         "Dochter belt op dinsdag; zij regelt afspraken.", "Diabetes; neemt zelf iets te eten mee.",
         "Hond in huis, is vriendelijk.", "Spreekt Turks en een beetje Nederlands."]


def add_demo_people(session: Session, rng: Random, centre: tuple[float, float], postcode_digits: str,
                    city: str, count: int = 40) -> list[Person]:
    people = []
    for i in range(count):
        volunteer = i % 4 == 0 or rng.random() < 0.1
        resident = not volunteer or rng.random() < 0.2
        age = rng.randint(25, 75) if volunteer and not resident else rng.randint(66, 96)
        person = Person(given_name=rng.choice(GIVEN), family_name=rng.choice(FAMILY),
                        date_of_birth=date(date.today().year - age, rng.randint(1, 12), rng.randint(1, 28)),
                        phone=f"06-{rng.randint(1000, 9999)} {rng.randint(1000, 9999)}", is_resident=resident,
                        is_volunteer=volunteer, address=_address(rng, centre, postcode_digits, city))
        if volunteer:
            person.email = f"{person.given_name.lower()}.{rng.randint(10, 99)}@example.org"
        if resident and rng.random() < 0.3:
            person.notes.append(PersonNote(text=rng.choice(NOTES), visibility="coordinators"))
        if rng.random() < 0.6:
            person.consents.append(Consent(purpose="core.contact_by_email", granted=rng.random() < 0.8, source="paper"))
        people.append(person)
    _pair_households(rng, people)
    session.add_all(people)
    session.flush()
    return people


def _address(rng: Random, centre, digits: str, city: str) -> Address:
    north, east = rng.uniform(-0.012, 0.012), rng.uniform(-0.02, 0.02)
    return Address(street=rng.choice(STREETS), house_number=rng.randint(1, 180), house_number_suffix="",
                   postcode=f"{digits}{rng.choice('ABCDEGHJKL')}{rng.choice('ABCDEGHJKL')}", city=city,
                   latitude=centre[0] + north, longitude=centre[1] + east, located_by="manual",
                   neighbourhood_name=NEIGHBOURHOODS[2 * (north > 0) + (east > 0)])


def _pair_households(rng: Random, people: list[Person]) -> None:
    """A few older couples share a household and an address."""
    elderly = [p for p in people if p.is_resident]
    for first, second in zip(elderly[0:10:2], elderly[1:10:2], strict=False):
        if rng.random() < 0.6:
            second.family_name = first.family_name
            household = Household(name=f"Fam. {first.family_name}")
            first.household = second.household = household
            second.address = Address(street=first.address.street, house_number=first.address.house_number,
                                     house_number_suffix="", postcode=first.address.postcode, city=first.address.city,
                                     latitude=first.address.latitude, longitude=first.address.longitude,
                                     located_by="manual", neighbourhood_name=first.address.neighbourhood_name)
