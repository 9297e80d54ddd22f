"""Rides and drivers: requesting, planning, offering, accepting, completing. Plain functions."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.toolkit import TIMEZONE, NoaberError, _, full_names, person
from plugins.transport.geo import Roads
from plugins.transport.models import OPEN, OUTCOMES, Driver, Ride, RideEvent
from plugins.transport.problem import PlanDriver, PlanRide, Problem
from plugins.transport.suggest import suggestions

#: arrive this long before the appointment
MARGIN = timedelta(minutes=10)
#: the drive assumed while a destination is not found yet (the pickup moves when it is)
UNKNOWN_TRAVEL = timedelta(minutes=20)
#: what may follow what; declining puts a ride back to "requested" for the planner
CLOSED_UNDRIVEN = set(OUTCOMES) - {"completed"}
TRANSITIONS = {
    "requested": {"offered", *CLOSED_UNDRIVEN},
    "offered": {"planned", "requested", *CLOSED_UNDRIVEN},
    "planned": {"requested", *OUTCOMES},  # only a planned ride can be driven
}


def roads_for(tenant) -> Roads:
    settings = tenant.plugin_settings("transport")
    return Roads(detour_factor=settings["detour_factor"], speed_kmh=settings["speed_kmh"])


def home_of(session: Session, person_id: int) -> tuple[tuple[float, float], str]:
    found = person(session, person_id)
    if found is None:
        raise NoaberError(f"no person {person_id}")
    if found.address is None or found.address.point is None:
        raise NoaberError("this person's address has no coordinates yet; fill them in on their page")
    return found.address.point, found.address.one_line()


def request_ride(session: Session, roads: Roads, rider_id: int, destination: tuple[float, float] | None,
                 destination_text: str, appointment_at: datetime, actor: str, aid: str = "none",
                 companion: bool = False, driver_notes: str = "", return_at: datetime | None = None,
                 waits: bool = False, to_find: tuple[str, int] | None = None,
                 place_id: int | None = None) -> list[Ride]:
    """The outward ride, and the return ride when a return time is given.

    A *destination* of None is not found on the map yet: the rides are taken all the same,
    with the postcode and number *to_find* (if known), and planned once it is found.
    """
    home, home_text = home_of(session, rider_id)
    if return_at is not None and return_at <= appointment_at:
        raise NoaberError(_("The return trip must be after the appointment."))
    point = destination or (None, None)
    outward = Ride(rider_person_id=rider_id, pickup_text=home_text, pickup_lat=home[0], pickup_lon=home[1],
                   destination_text=destination_text, destination_lat=point[0], destination_lon=point[1],
                   appointment_at=appointment_at, pickup_at=appointment_at, aid=aid, companion=companion,
                   driver_notes=driver_notes, waits=waits, destination_place_id=place_id)
    outward.destination_postcode, outward.destination_number = to_find or (None, None)
    outward.pickup_at = _pickup_for(outward, roads)
    rides = [outward]
    if return_at is not None:
        rides.append(Ride(rider_person_id=rider_id, pickup_text=destination_text, pickup_lat=point[0],
                          pickup_lon=point[1], destination_text=home_text, destination_lat=home[0],
                          destination_lon=home[1], appointment_at=return_at, pickup_at=return_at, aid=aid,
                          companion=companion, driver_notes=driver_notes, waits=waits, return_of=outward))
    for ride in rides:
        session.add(ride)
        _event(ride, "requested", actor)
    session.flush()
    return rides


def _pickup_for(outward: Ride, roads: Roads) -> datetime:
    """In time for the appointment: the drive (a guess while the destination is not found), boarding, a margin."""
    home, there = (outward.pickup_lat, outward.pickup_lon), (outward.destination_lat, outward.destination_lon)
    travel = roads.travel(home, there) if None not in there else UNKNOWN_TRAVEL
    return outward.appointment_at - travel - roads.boarding - MARGIN


def place_destination(session: Session, roads: Roads, outward: Ride, point: tuple[float, float], text: str,
                      actor: str, place_id: int | None = None) -> None:
    """The destination found (or picked): both rides of the trip get it, the pickup time follows."""
    if outward.status not in OPEN:
        raise NoaberError(_("Only a ride that is still open can get another destination."))
    outward.destination_lat, outward.destination_lon = point
    outward.destination_text, outward.destination_place_id = text[:200], place_id
    outward.pickup_at = _pickup_for(outward, roads)
    for back in session.scalars(select(Ride).where(Ride.return_of_id == outward.id)):
        back.pickup_lat, back.pickup_lon, back.pickup_text = point[0], point[1], text[:200]
    _event(outward, "located", actor, note=text)


def find_destinations(session: Session, roads: Roads, day: date, locate) -> int:
    """Try again to find the day's destinations that were not found when the ride was taken
    (the address service was away); *locate(postcode, number)* gives a point or None."""
    start, end = day_range(day)
    waiting = session.scalars(select(Ride).where(
        Ride.appointment_at >= start, Ride.appointment_at < end, Ride.return_of_id.is_(None),
        Ride.destination_lat.is_(None), Ride.destination_postcode.is_not(None), Ride.status.in_(OPEN))).all()
    found = 0
    for ride in waiting:
        point = locate(ride.destination_postcode, ride.destination_number)
        if point is not None:
            place_destination(session, roads, ride, point, ride.destination_text, "planner")
            found += 1
    return found


def last_ride(session: Session, rider_id: int) -> Ride | None:
    """For "as last time": the rider's most recent outward ride."""
    return session.scalar(select(Ride).where(Ride.rider_person_id == rider_id, Ride.return_of_id.is_(None))
                          .order_by(Ride.appointment_at.desc()).limit(1))


def _event(ride: Ride, kind: str, actor: str, driver_id: int | None = None, note: str = "") -> None:
    ride.events.append(RideEvent(kind=kind, actor=actor, driver_id=driver_id, note=note[:200]))


def move(ride: Ride, status: str, actor: str, note: str = "", event: str | None = None) -> None:
    """Change a ride's status if that step is allowed, and record it."""
    if status not in TRANSITIONS.get(ride.status, set()):
        raise NoaberError(f"a ride that is {ride.status} cannot become {status}")
    ride.status = status
    _event(ride, event or status, actor, ride.driver_id, note)


def offer(ride: Ride, driver: Driver, actor: str) -> None:
    if not ride.located:
        raise NoaberError(_("The destination is not found on the map yet: pick a known place or give its postcode "
                            "and house number first."))
    ride.driver = driver
    ride.driver_id = driver.id
    move(ride, "offered", actor)


def accept(ride: Ride, actor: str) -> None:
    move(ride, "planned", actor, event="accepted")


def decline(ride: Ride, actor: str, reason: str = "") -> None:
    """The driver cannot: the ride goes back to the planner."""
    driver_id = ride.driver_id
    move(ride, "requested", actor, reason, event="declined")
    ride.events[-1].driver_id = driver_id
    ride.driver, ride.driver_id = None, None


def complete(ride: Ride, km: float, actor: str) -> None:
    if not 0 <= km <= 500:
        raise NoaberError("kilometres must be between 0 and 500")
    move(ride, "completed", actor)
    ride.km_driven = km


def close(ride: Ride, outcome: str, actor: str, reason: str = "") -> None:
    if outcome not in OUTCOMES or outcome == "completed":
        raise NoaberError(f"{outcome!r} is not an outcome; use one of {', '.join(OUTCOMES[1:])}")
    move(ride, outcome, actor, reason)


def day_range(day: date) -> tuple[datetime, datetime]:
    """A day as the neighbourhood lives it (Dutch time), as moments."""
    start = datetime.combine(day, time(), tzinfo=TIMEZONE)
    return start, datetime.combine(day + timedelta(days=1), time(), tzinfo=TIMEZONE)


def rides_on(session: Session, day: date, statuses=None) -> list[Ride]:
    start, end = day_range(day)
    query = select(Ride).where(Ride.pickup_at >= start, Ride.pickup_at < end)
    if statuses:
        query = query.where(Ride.status.in_(statuses))
    return list(session.scalars(query.order_by(Ride.pickup_at, Ride.id)))


def plan_driver(session: Session, driver: Driver, day: date, month_counts: dict[int, int],
                past: dict[int, set[int]]) -> PlanDriver:
    home, _text = home_of(session, driver.person_id)
    windows = tuple((datetime.combine(day, a.starts, tzinfo=TIMEZONE), datetime.combine(day, a.ends, tzinfo=TIMEZONE))
                    for a in driver.availability if a.weekday == day.weekday())
    on_leave = any(leave.first_day <= day <= leave.last_day for leave in driver.leave)
    checks_valid = {c.kind for c in driver.checks if c.expires_on >= day} >= {"licence", "vog", "insurance"}
    return PlanDriver(id=driver.id, home=home, takes=driver.takes(), seats=driver.seats, max_km=driver.max_km,
                      available=windows, on_leave=on_leave, checks_valid=checks_valid,
                      rides_this_month=month_counts.get(driver.id, 0), past_riders=frozenset(past.get(driver.id, ())))


def problem_for(session: Session, roads: Roads, day: date, rides: list[Ride]) -> Problem:
    """The day's rides and every active driver with a home, as the planner sees them."""
    month_start = day.replace(day=1)
    counts = dict(session.execute(select(Ride.driver_id, func.count()).where(
        Ride.driver_id.is_not(None), Ride.pickup_at >= day_range(month_start)[0],
        Ride.status.in_(("offered", "planned", "completed")))
        .group_by(Ride.driver_id)).all())
    past: dict[int, set[int]] = {}
    for driver_id, rider_id in session.execute(select(Ride.driver_id, Ride.rider_person_id).where(
            Ride.status == "completed", Ride.driver_id.is_not(None))).all():
        past.setdefault(driver_id, set()).add(rider_id)
    drivers = []
    for driver in session.scalars(select(Driver).where(Driver.active.is_(True)).order_by(Driver.id)):
        try:
            drivers.append(plan_driver(session, driver, day, counts, past))
        except NoaberError:
            continue  # no home coordinates: cannot be planned until they are filled in
    plan_rides = [PlanRide(id=r.id, rider_id=r.rider_person_id, pickup=(r.pickup_lat, r.pickup_lon),
                           destination=(r.destination_lat, r.destination_lon), start=r.pickup_at, aid=r.aid,
                           seats=r.seats) for r in rides if r.located]
    return Problem(plan_rides, drivers, roads)


def with_busy_drivers(problem: Problem, busy: list[Ride], roads: Roads) -> Problem:
    """Take out of each driver's availability the time of rides they already have."""
    if not busy:
        return problem
    taken: dict[int, list[tuple[datetime, datetime]]] = {}
    for ride in busy:
        if ride.driver_id is not None:
            end = ride.pickup_at + roads.travel((ride.pickup_lat, ride.pickup_lon),
                                                (ride.destination_lat, ride.destination_lon)) + 2 * roads.boarding
            taken.setdefault(ride.driver_id, []).append((ride.pickup_at - timedelta(minutes=30),
                                                         end + timedelta(minutes=30)))
    drivers = []
    for driver in problem.drivers:
        windows = list(driver.available)
        for start, end in taken.get(driver.id, []):
            windows = [part for window in windows for part in _cut(window, start, end)]
        drivers.append(PlanDriver(**{**driver.__dict__, "available": tuple(windows)}))
    return Problem(problem.rides, drivers, problem.roads)


def _cut(window, start, end):
    begin, finish = window
    if end <= begin or start >= finish:
        return [window]
    return [part for part in ((begin, start), (end, finish)) if part[0] < part[1]]


def suggest(session: Session, roads: Roads, ride: Ride, limit: int = 5):
    """Drivers for one ride, best first, with the reasons a coordinator weighs."""
    day = ride.pickup_at.astimezone(TIMEZONE).date()
    busy = [r for r in rides_on(session, day, ("offered", "planned")) if r.id != ride.id]
    problem = with_busy_drivers(problem_for(session, roads, day, [ride]), busy, roads)
    return suggestions(problem, problem.rides[0], limit=limit)


def check_driver_person(session: Session, person_id: int, driver: Driver | None = None) -> None:
    """A driver is a volunteer who is not a driver already."""
    found = person(session, person_id)
    if found is None or not found.is_volunteer:
        raise NoaberError(f"person {person_id} is not a volunteer here")
    other = session.scalar(select(Driver).where(Driver.person_id == person_id))
    if other is not None and other is not driver:
        raise NoaberError(f"person {person_id} is already driver {other.id}")


def driver_names(session: Session) -> dict[int, str]:
    """``{driver id: "Anna de Vries"}`` for every driver."""
    drivers = dict(session.execute(select(Driver.id, Driver.person_id)).all())
    names = full_names(session, drivers.values())
    return {driver_id: names.get(person_id, "") for driver_id, person_id in drivers.items()}
