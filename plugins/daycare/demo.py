"""A realistic month of day activities for ``noaber demo``: three groups at the community centre,
one full with a waiting list (and someone on it passed over: booked elsewhere at that time), one
that approves enrolments first; attendance with absences, volunteers with their hours (two with costs
for the budget to collect: groceries for the lunch and kilometres, paint and brushes), and rides for
those who need transport where the tenant runs transport."""
from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal
from random import Random

from core.toolkit import Actor, known_places, list_people
from plugins.daycare import attendance, claims, groups, rides, schedule
from plugins.daycare import enrolment as service
from plugins.daycare.models import Enrolment

DEMO = Actor("demo", "noaber demo")
#: (name, what it does, capacity, needs approval, weekly slots (weekday, start, end))
GROUPS = [
    ("Creatief atelier", "Schilderen, kaarten maken en handwerken, met koffie en een warme lunch.", 8, False,
     [(1, time(10), time(15))]),
    ("Geheugentraining en soos", "Spelletjes, geheugenoefeningen en een praatje, voor wie wat vergeetachtig wordt.",
     6, True, [(3, time(13, 30), time(16))]),
    ("Bewegen op muziek", "Stoelgym en wandelen in de buurt, op het tempo van de groep.", 10, False,
     [(1, time(14), time(16)), (4, time(10), time(12))]),
]
#: why people were absent, and how often (transport failing is common, say funders)
ABSENCES = [("ill", 5), ("holiday", 2), ("transport", 2), ("other", 1)]


def add_demo_daycare(tenant, session, rng: Random) -> None:
    people = sorted(list_people(session, resident=True), key=lambda p: p.id)
    residents = [p for p in people if not p.is_volunteer]
    volunteers = [p for p in list_people(session, volunteer=True)]
    place = next((p for p in known_places(session) if p.kind == "community_centre"), None)
    if len(residents) < 12 or not volunteers:
        return
    weeks = tenant.plugin_settings("daycare").get("session_weeks", 13)
    today = schedule.today()
    start = today - timedelta(days=today.weekday() + 35)  # a Monday five weeks ago
    made = [groups.create(session, {"name": name, "description": text, "capacity": capacity,
                                    "requires_approval": approval, "starts_on": start, "ends_on": None,
                                    "place_id": place.id if place else None, "location_text": "Buurthuis",
                                    "slots": [{"weekday": d, "starts": s, "ends": e} for d, s, e in slots]},
                          DEMO, weeks)
            for name, text, capacity, approval, slots in GROUPS]
    _enrol(session, rng, made, residents)
    _month(session, rng, made, volunteers, today)
    _costs(session, made[0], today)


#: what volunteers paid for the atelier's latest sessions held, latest first: (costs, for what, km)
COSTS = [(Decimal("23.40"), "boodschappen voor de lunch", Decimal("12.0")),
         (Decimal("8.75"), "verf en kwasten", None)]


def _costs(session, group, today) -> None:
    """Costs of the first volunteer at the atelier's latest sessions held (no random draw: the rest stays)."""
    held = [s for s in schedule.sessions_between(session, group.id, today - timedelta(days=35),
                                                 today - timedelta(days=1)) if not s.cancelled]
    helped = [h for s in reversed(held) for h in attendance.helpers(session, s)[:1]]
    for helper, (costs, what, km) in zip(helped, COSTS, strict=False):
        claims.record_costs(session, helper, costs, what, km, DEMO)


def _helpers(rng: Random, volunteers) -> list:
    """Two volunteers at a session; one of them always the first volunteer with a located address (lowest
    id), whom `noaber demo` signs in as its volunteer login: so that login has activities too."""
    located = sorted((v for v in volunteers if v.address and v.address.latitude is not None), key=lambda v: v.id)
    regular = located[0] if located else volunteers[0]
    others = [v for v in volunteers if v.id != regular.id]
    return [regular, *rng.sample(others, min(1, len(others)))]


def _enrol(session, rng: Random, made, residents) -> None:
    atelier, memory, moving = made
    pool = residents[:]
    rng.shuffle(pool)
    for person in pool[:11]:  # eight places, three waiting
        service.enrol(session, atelier, person.id, rng.random() < 0.35, DEMO)
    # the first on the waiting list moves on Tuesday afternoon: booked elsewhere at that time
    first_waiting = service.waiting_list(session, atelier.id)[0]
    service.enrol(session, moving, first_waiting.person_id, False, DEMO)
    for person in pool[11:17]:
        service.enrol(session, moving, person.id, rng.random() < 0.3, DEMO)
    for n, person in enumerate(pool[17:23] or pool[:4]):
        pending = service.enrol(session, memory, person.id, False, DEMO)
        if n < 4:
            service.approve(session, memory, pending, DEMO)
    session.flush()
    for e in session.query(Enrolment).filter(Enrolment.status.in_(("enrolled", "waiting"))):
        # as if they joined before the groups started, in the order they did
        e.created_at = e.created_at - timedelta(days=70 - e.id)
        if e.waiting_since:
            e.waiting_since = e.created_at
        if e.enrolled_at:
            e.enrolled_at = e.created_at
    # one place freed a week ago: the waiting list moved on, past who was booked elsewhere
    leaving = session.query(Enrolment).filter_by(group_id=atelier.id, status="enrolled").first()
    service.end(session, atelier, leaving, "verhuisd naar een verpleeghuis", DEMO,
                on=schedule.today() - timedelta(days=7))
    for e in session.query(Enrolment).filter_by(status="enrolled"):
        rides.ask_for(session, e)


def _month(session, rng: Random, made, volunteers, today) -> None:
    reasons = [r for r, weight in ABSENCES for _ in range(weight)]
    for group in made:
        for s in schedule.sessions_between(session, group.id, today - timedelta(days=35), today - timedelta(days=1)):
            if rng.random() < 0.06:  # a holiday
                s.cancelled = True
                continue
            lines = []
            for person_id in attendance.enrolments_on(session, s):
                if rng.random() < 0.86:
                    lines.append({"person_id": person_id, "status": "present"})
                else:
                    reason = rng.choice(reasons)
                    lines.append({"person_id": person_id, "status": "absent", "reason": reason,
                                  "note": "naar de huisarts" if reason == "other" else ""})
            attendance.record(session, s, lines, DEMO)
            for helper in _helpers(rng, volunteers):
                attendance.add_helper(session, s, helper.id, schedule.hours(s) + Decimal("0.5"), DEMO)
