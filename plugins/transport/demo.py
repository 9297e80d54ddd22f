"""Four realistic months of rides for ``noaber demo``: drivers from the demo volunteers, rides for residents."""
from __future__ import annotations

import functools
import subprocess
import sys
from datetime import date, datetime, time, timedelta
from random import Random

from core.toolkit import TIMEZONE, Actor, PersonInfo, known_places, list_people, record_consent
from plugins.transport import series, service
from plugins.transport.geo import Roads
from plugins.transport.models import Availability, Check, Driver, Leave

DEMO = Actor("demo", "noaber demo")


@functools.cache  # started once per demo
def prepare_planner_in_background() -> subprocess.Popen:
    """Compile the ride planner while the demo starts (``noaber transport prepare``).

    On a fresh machine that takes 15-30 s, which the demo's first "plan the day" should
    not wait for, nor meet gunicorn's 30 s worker timeout with. A child process, not a
    thread: the demo's server forks its workers from this process, and threads do not
    survive a fork. Returns the child.
    """
    return subprocess.Popen([sys.executable, "-m", "core", "transport", "prepare"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def add_demo_transport(session, rng: Random) -> None:
    people = sorted(list_people(session), key=lambda p: p.id)
    volunteers = [p for p in people if p.is_volunteer and p.address and p.address.point]
    riders = [p for p in people if p.is_resident and not p.is_volunteer and p.address and p.address.point]
    if not volunteers or not riders:
        return
    today = datetime.now(TIMEZONE).date()
    # the first volunteer drives: the demo's volunteer login is the tenant's first located volunteer
    drivers = [_driver(session, person, rng, today) for person in volunteers[:12]]
    for rider in riders:
        if rng.random() < 0.5:
            record_consent(session, rider.id, "transport.phone_to_driver", True, "phone", DEMO)
    session.flush()
    _months_of_rides(session, rng, riders, drivers, today)
    _standing_orders(session, riders, today)


def _standing_orders(session, riders, today: date) -> None:
    """Dialysis three times a week and weekly physiotherapy, one of them with a holiday skipped."""
    roads, monday = Roads(), today - timedelta(days=today.weekday())
    places = {p.name: p for p in known_places(session) if p.point}
    hospital, physio = places.get("Dialysecentrum"), places.get("Fysiotherapie Oost")
    if hospital is None or physio is None:
        return
    dialysis = series.create_series(session, roads, riders[1].id, hospital.point, hospital.name, [0, 2, 4],
                                    time(8, 30), monday, "demo", return_at=time(12, 45), aid="walker", today=today)
    series.create_series(session, roads, riders[2].id, physio.point, physio.name, [1], time(10), monday, "demo",
                         last_day=monday + timedelta(weeks=12), return_at=time(11), waits=True, today=today)
    series.skip(session, dialysis, monday + timedelta(weeks=2), "vakantie", "demo")


def _driver(session, person: PersonInfo, rng: Random, today: date) -> Driver:
    driver = Driver(person_id=person.id,
                    vehicle=rng.choice(["Toyota Yaris", "VW Golf", "Opel Zafira", "Renault Kangoo"]),
                    takes_folding_wheelchair=rng.random() < 0.4, takes_wheelchair=rng.random() < 0.15,
                    seats=rng.choice([2, 3, 4]), max_km=rng.choice([10.0, 15.0, 20.0]))
    for weekday in rng.sample(range(5), k=rng.randint(2, 5)):
        morning = rng.random() < 0.5
        driver.availability.append(Availability(weekday=weekday, starts=time(8 if morning else 12),
                                                ends=time(13 if morning else 17)))
    for kind in ("licence", "vog", "insurance"):
        driver.checks.append(Check(kind=kind, expires_on=today + timedelta(days=rng.randint(20, 900))))
    if rng.random() < 0.15:
        start = today + timedelta(days=rng.randint(0, 10))
        driver.leave.append(Leave(first_day=start, last_day=start + timedelta(days=rng.randint(3, 14))))
    session.add(driver)
    return driver


#: days of history: enough finished months for the coalitions' trend charts
HISTORY = 120


def _months_of_rides(session, rng: Random, riders, drivers, today: date) -> None:
    roads, places = Roads(), [p for p in known_places(session) if p.point]
    if not places:
        return
    for offset in range(-HISTORY, 8):
        day = today + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for _ in range(rng.randint(4, 8)):
            rider, place = rng.choice(riders), rng.choice(places)
            at = datetime.combine(day, time(rng.randint(9, 15), rng.choice([0, 15, 30, 45])), tzinfo=TIMEZONE)
            back = at + timedelta(hours=1, minutes=30) if rng.random() < 0.6 else None
            rides = service.request_ride(session, roads, rider.id, place.point, f"{place.name}, {place.address}", at,
                                         "demo", aid=rng.choices(["none", "walker", "folding_wheelchair", "wheelchair"],
                                                                 [60, 25, 10, 5])[0],
                                         companion=rng.random() < 0.15, return_at=back, place_id=place.id)
            for ride in rides:
                _outcome(ride, rng, drivers, offset)


def _outcome(ride, rng: Random, drivers, offset: int) -> None:
    """Past rides have an outcome; today's and later ones are still open, some already planned."""
    if offset >= 0:  # the demo's volunteer login (the first driver) has rides this week
        if offset <= 6 and rng.random() < 0.5:
            service.offer(ride, drivers[0] if rng.random() < 0.4 else rng.choice(drivers), "demo")
            service.accept(ride, "demo")
        return
    roll = rng.random()
    if roll < 0.80:
        service.offer(ride, rng.choice(drivers), "demo")
        service.accept(ride, "demo")
        service.complete(ride, round(rng.uniform(4, 25), 1), "demo")
    elif roll < 0.87:
        service.close(ride, "cancelled", "demo", "afspraak verzet")
    elif roll < 0.90:
        service.close(ride, "late_cancel", "demo")
    elif roll < 0.92:
        service.close(ride, "no_show", "demo")
    elif roll < 0.95:
        service.close(ride, "turned_down", "demo", "buiten ons gebied")
    else:
        service.close(ride, "unmet_need", "demo", "geen chauffeur vrij")
