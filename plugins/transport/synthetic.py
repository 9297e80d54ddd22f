"""A synthetic day of rides and drivers, for the demo and the planner benchmark (no real people)."""
from __future__ import annotations

from datetime import UTC, date, datetime, time
from random import Random

from plugins.transport.problem import PlanDriver, PlanRide

CENTRE = (52.2215, 6.8937)


def around(rng: Random, centre=CENTRE, km: float = 5.0) -> tuple[float, float]:
    """A point within roughly *km* of the centre."""
    return (centre[0] + rng.uniform(-km, km) / 111.0, centre[1] + rng.uniform(-km, km) / 68.0)


def day_of_rides(rng: Random, day: date, count: int, centre=CENTRE) -> list[PlanRide]:
    """Appointments between 8:00 and 16:30, often at the same clinics, so they overlap."""
    clinics = [around(rng, centre, 4.0) for _ in range(8)]
    rides = []
    for i in range(count):
        minute = rng.randint(8 * 60, 16 * 60 + 30)
        start = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=UTC)
        aid = rng.choices(["none", "walker", "folding_wheelchair", "wheelchair"], weights=[62, 20, 12, 6])[0]
        destination = rng.choice(clinics) if rng.random() < 0.7 else around(rng, centre, 6.0)
        rides.append(PlanRide(id=i + 1, rider_id=rng.randint(1, count // 2), pickup=around(rng, centre, 5.0),
                              destination=destination, start=start, aid=aid, seats=2 if rng.random() < 0.15 else 1))
    return rides


def drivers(rng: Random, day: date, count: int, centre=CENTRE) -> list[PlanDriver]:
    """Volunteers with their cars, hours, leave and checks, as a real pool has them."""
    result = []
    for i in range(count):
        takes = {"none", "walker"}
        if rng.random() < 0.35:
            takes.add("folding_wheelchair")
        if rng.random() < 0.12:
            takes |= {"folding_wheelchair", "wheelchair"}
        shape = rng.choice(["morning", "afternoon", "day", "day"])
        hours = {"morning": (7, 13), "afternoon": (12, 18), "day": (7, 18)}[shape]
        window = (datetime.combine(day, time(hours[0]), tzinfo=UTC),
                  datetime.combine(day, time(hours[1]), tzinfo=UTC))
        result.append(PlanDriver(
            id=i + 1, home=around(rng, centre, 6.0), takes=frozenset(takes), seats=rng.choice([2, 3, 3, 4]),
            max_km=rng.choice([8.0, 10.0, 12.0, 15.0, 20.0]), available=(window,),
            on_leave=rng.random() < 0.08, checks_valid=rng.random() > 0.05,
            rides_this_month=rng.randint(0, 12)))
    return result
