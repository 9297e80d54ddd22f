"""Enrolment and the waiting list.

A place that frees (an enrolment ends, the capacity is raised, an approval) goes to the first
person waiting, by waiting since, **who is not enrolled in another group that meets at an
overlapping time**: such a person keeps their place on the list and is passed over. CiviCRM
promotes by order alone. Everything here runs in the caller's transaction, with the group's row
locked first (``locked_group``), so two places freeing at once never give one place twice.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session as Db

from core.toolkit import Actor, NoaberError, audit, utcnow
from plugins.daycare.models import ACTIVE, Enrolment, Group, Slot
from plugins.daycare.schedule import enrolled_count, today


class Conflict(NoaberError):
    """The state does not allow it (a 409 in the API)."""


@dataclass
class Outcome:
    """What a change did: the enrolment it was about, and who got a place from the waiting list."""

    enrolment: Enrolment | None = None
    promoted: list[Enrolment] = field(default_factory=list)


def locked_group(db: Db, group_id: int) -> Group | None:
    """The group, its row locked until the transaction ends, so that the places counted next are
    still free at commit. A write, not ``SELECT … FOR UPDATE``: PostgreSQL locks the row, and
    SQLite (which ignores FOR UPDATE) takes its one write lock here, before anything is counted."""
    db.execute(update(Group).where(Group.id == group_id).values(capacity=Group.capacity)
               .execution_options(synchronize_session=False))
    return db.get(Group, group_id, populate_existing=True)


def free_places(db: Db, group: Group) -> int:
    return max(0, group.capacity - enrolled_count(db, group.id))


def waiting_list(db: Db, group_id: int) -> list[Enrolment]:
    return list(db.scalars(select(Enrolment).where(Enrolment.group_id == group_id, Enrolment.status == "waiting")
                           .order_by(Enrolment.waiting_since, Enrolment.id)))


def position(db: Db, enrolment: Enrolment) -> int | None:
    if enrolment.status != "waiting":
        return None
    return [e.id for e in waiting_list(db, enrolment.group_id)].index(enrolment.id) + 1


def _periods_overlap(a: Group, b: Group) -> bool:
    far = date.max
    return a.starts_on <= (b.ends_on or far) and b.starts_on <= (a.ends_on or far)


def _slots_overlap(a: list[Slot], b: list[Slot]) -> bool:
    return any(x.weekday == y.weekday and x.starts < y.ends and y.starts < x.ends for x in a for y in b)


def conflicting_group(db: Db, person_id: int, group: Group) -> Group | None:
    """Another group the person is enrolled in that meets at a time overlapping *group*'s, or None."""
    others = db.scalars(select(Group).join(Enrolment, Enrolment.group_id == Group.id)
                        .where(Enrolment.person_id == person_id, Enrolment.status == "enrolled",
                               Group.id != group.id))
    for other in others:
        if _periods_overlap(group, other) and _slots_overlap(group.slots, other.slots):
            return other
    return None


def promote(db: Db, group: Group, actor: Actor) -> list[Enrolment]:
    """Fill the free places from the waiting list, passing over who is booked elsewhere then."""
    free, promoted = free_places(db, group), []
    for waiting in waiting_list(db, group.id) if free else []:
        if len(promoted) == free:
            break
        elsewhere = conflicting_group(db, waiting.person_id, group)
        if elsewhere is not None:
            audit(db, actor.actor, "daycare.passed_over", waiting.person_id, actor.via,
                  f"group {group.id}: enrolled in group {elsewhere.id} at the same time")
            continue
        now = utcnow()
        waiting.status, waiting.enrolled_at, waiting.promoted_at = "enrolled", now, now
        audit(db, actor.actor, "daycare.promoted", waiting.person_id, actor.via,
              f"group {group.id}, enrolment {waiting.id}: from the waiting list")
        db.flush()  # the next one's check (here or in another group) sees this place taken
        promoted.append(waiting)
    return promoted


def _take_place_or_wait(db: Db, group: Group, enrolment: Enrolment, now: datetime) -> None:
    """A place if one is free, else the end of the waiting list. A free place with people waiting
    means all of them are booked elsewhere at that time (``promote`` passed them over)."""
    if free_places(db, group) > 0:
        enrolment.status, enrolment.enrolled_at = "enrolled", now
    else:
        enrolment.status = "waiting"
        enrolment.waiting_since = enrolment.waiting_since or now


def enrol(db: Db, group: Group, person_id: int, needs_transport: bool, actor: Actor) -> Enrolment:
    """Enrol a person: enrolled, waiting, or pending approval. Twice in one group is a Conflict."""
    if db.scalar(select(Enrolment.id).where(Enrolment.group_id == group.id, Enrolment.person_id == person_id,
                                            Enrolment.status.in_(ACTIVE))) is not None:
        raise Conflict("this person is enrolled in this group already")
    now = utcnow()
    enrolment = Enrolment(group_id=group.id, person_id=person_id, needs_transport=needs_transport, created_at=now)
    if group.requires_approval:
        enrolment.status = "pending_approval"
    else:
        _take_place_or_wait(db, group, enrolment, now)
    db.add(enrolment)
    db.flush()
    audit(db, actor.actor, "daycare.enrolled", person_id, actor.via,
          f"group {group.id}, enrolment {enrolment.id}: {enrolment.status}")
    return enrolment


def approve(db: Db, group: Group, enrolment: Enrolment, actor: Actor) -> Enrolment:
    if enrolment.status != "pending_approval":
        raise Conflict("only an enrolment waiting for approval can be approved")
    _take_place_or_wait(db, group, enrolment, utcnow())
    db.flush()
    audit(db, actor.actor, "daycare.approved", enrolment.person_id, actor.via,
          f"group {group.id}, enrolment {enrolment.id}: {enrolment.status}")
    return enrolment


def end(db: Db, group: Group, enrolment: Enrolment, reason: str, actor: Actor, on: date | None = None) -> Outcome:
    """End an enrolment (any state but ended) and give a freed place to the waiting list."""
    if enrolment.status == "ended":
        raise Conflict("this enrolment has ended already")
    had_place = enrolment.status == "enrolled"
    enrolment.status, enrolment.end_reason, enrolment.ended_on = "ended", reason, on or today()
    db.flush()
    audit(db, actor.actor, "daycare.ended", enrolment.person_id, actor.via,
          f"group {group.id}, enrolment {enrolment.id}: {reason}")
    promoted = promote(db, group, actor) if had_place else []
    if had_place:  # the person may have blocked their own promotion in a group that meets at the same time
        promoted += promote_where_waiting(db, enrolment.person_id, actor)
    return Outcome(enrolment, promoted)


def promote_where_waiting(db: Db, person_id: int, actor: Actor) -> list[Enrolment]:
    """Run the waiting lists this person is on: a place they were passed over for may be theirs now."""
    ids = sorted(db.scalars(select(Enrolment.group_id).where(Enrolment.person_id == person_id,
                                                             Enrolment.status == "waiting")))
    promoted = []
    for group_id in ids:  # locked in id order, so two requests never wait for each other
        promoted += promote(db, locked_group(db, group_id), actor)
    return promoted
