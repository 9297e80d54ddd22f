"""Making and changing activity groups; what a change means for sessions, rides and the waiting list."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session as Db

from core.toolkit import Actor, NoaberError, audit, current_tenant, known_place
from plugins.daycare import rides, schedule
from plugins.daycare.enrolment import promote
from plugins.daycare.models import Enrolment, Group, Session

#: fields a group takes as they are
PLAIN = ("name", "description", "capacity", "requires_approval", "starts_on", "ends_on", "location_text",
         "location_lat", "location_lon", "coordinator_person_id")


def session_weeks() -> int:
    return current_tenant().plugin_settings("daycare")["session_weeks"]


def _place(db: Db, group: Group, place_id: int | None) -> None:
    """A known place gives the group its name, address and point (pages pick one, never coordinates)."""
    group.place_id = place_id
    if place_id is None:
        return
    known = known_place(db, place_id)
    if known is None:
        raise NoaberError("there is no such place")
    group.location_text = f"{known.name}, {known.address}" if known.address else known.name
    group.location_lat, group.location_lon = known.point if known.point else (None, None)


def _check_period(group: Group) -> None:
    if group.ends_on is not None and group.ends_on < group.starts_on:
        raise NoaberError("the group ends before it starts")


def create(db: Db, data: dict, actor: Actor, weeks: int | None = None) -> Group:
    group = Group(**{k: data[k] for k in PLAIN if k in data})
    _check_period(group)
    schedule.set_schedule(group, data["slots"])
    _place(db, group, data.get("place_id"))
    db.add(group)
    db.flush()
    schedule.make_sessions(db, group, weeks or session_weeks())
    audit(db, actor.actor, "daycare.group", None, actor.via, f"group {group.id}")
    return group


def change(db: Db, group: Group, data: dict, actor: Actor) -> list[Enrolment]:
    """Change a group (its row locked by the caller); returns who got a place when capacity rose."""
    for key in PLAIN:
        if key in data:
            setattr(group, key, data[key])
    _check_period(group)
    if "place_id" in data:
        _place(db, group, data["place_id"])
    if "slots" in data:
        schedule.set_schedule(group, data["slots"])
    db.flush()
    if {"slots", "starts_on", "ends_on"} & data.keys():
        _reschedule(db, group)
    return promote(db, group, actor)


def _reschedule(db: Db, group: Group) -> None:
    gone = schedule.stale(db, group, session_weeks())
    for s in gone:
        rides.cancel_session(db, s, "the group no longer meets then")
    schedule.drop(db, gone)
    schedule.make_sessions(db, group, session_weeks())
    for enrolment in db.scalars(select(Enrolment).where(Enrolment.group_id == group.id,
                                                        Enrolment.status == "enrolled")):
        rides.ask_for(db, enrolment)


def cancel_session(db: Db, s: Session, actor: Actor) -> int:
    """Cancel one session (a holiday); its rides are cancelled. Returns how many rides were."""
    if s.cancelled:
        return 0
    s.cancelled = True
    db.flush()
    audit(db, actor.actor, "daycare.cancelled", None, actor.via, f"session {s.id}")
    return rides.cancel_session(db, s, "the session is cancelled")


def extend(db: Db) -> tuple[int, int]:
    """The daily run: sessions up to the horizon, and rides inside the window. (sessions, rides) added."""
    made = sum(schedule.make_sessions(db, g, session_weeks()) for g in db.scalars(select(Group)))
    return made, rides.extend_all(db)
