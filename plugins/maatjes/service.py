"""The buddy programme's work, in plain functions that take a session: intake, proposals,
each pair's life, contacts, the signals (quiet pairs, pairs nearing their end), waiting lists
and loneliness measurements. Views and the API call these and commit."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.toolkit import TIMEZONE, NoaberError, _, people, person
from plugins.maatjes import loneliness, matching
from plugins.maatjes.words import STATUSES as STATUS_WORDS
from plugins.maatjes.models import NEXT, OPEN, Contact, Match, Measurement, Participant, Volunteer

#: a pair that is declined or ended for these reasons leaves the participant wanting a buddy
STILL_WANTS_A_BUDDY = ("no_click", "volunteer_stopped")


class Invalid(NoaberError):
    """A value that cannot be taken, at a field (422)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class Conflict(NoaberError):
    """A step that the pair's state does not allow (409)."""


def today() -> date:
    return datetime.now(TIMEZONE).date()


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


# ---------------------------------------------------------------- intake

def add_intake(session: Session, kind: type[Participant | Volunteer], values: dict) -> Participant | Volunteer:
    """A participant's or volunteer's intake; one per person."""
    if person(session, values["person_id"]) is None:
        raise Invalid("person_id", _("There is no such person."))
    if session.scalar(select(kind.id).where(kind.person_id == values["person_id"])) is not None:
        raise Conflict(_("This person has had an intake already."))
    row = kind(**{**values, "waiting_since": values.get("waiting_since") or today()})
    session.add(row)
    session.flush()
    return row


def update_intake(row: Participant | Volunteer, values: dict) -> None:
    for name, value in values.items():
        if name != "person_id":
            setattr(row, name, value)


def pairs_of(session: Session, row: Participant | Volunteer) -> list[Match]:
    column = Match.participant_id if isinstance(row, Participant) else Match.volunteer_id
    return list(session.scalars(select(Match).where(column == row.id).order_by(Match.proposed_on, Match.id)))


def leave(session: Session, row: Participant | Volunteer, on: date | None, reason: str) -> None:
    """Record that a participant or volunteer left the programme: from that day they wait for
    nobody and are never suggested or planned. A pair still open is ended (or declined) first,
    with its own reason, so that the figures say how each pair ended."""
    if row.left_on is not None:
        raise Conflict(_("They have left the programme already."))
    pairs = pairs_of(session, row)
    if any(m.status in OPEN for m in pairs):
        raise Conflict(_("They still have a pair: end the pair first, then record that they left."))
    ended = [m.ended_on for m in pairs if m.ended_on]
    if on is not None and on < max([row.waiting_since, *ended]):
        raise Invalid("on", _("This day is before their intake or the end of their last pair."))
    row.left_on, row.left_reason = _not_before_or_after(on, None), reason


def rejoin(session: Session, row: Participant | Volunteer) -> None:
    """Someone who left comes back (one intake per person, so it is the same one): they wait
    again from today. An erased person does not come back."""
    if row.left_on is None:
        raise Conflict(_("They are in the programme."))
    if person(session, row.person_id) is None:
        raise Conflict(_("This person's data was erased: take them in anew as another person."))
    row.left_on = row.left_reason = None
    row.waiting_since = today()


# ---------------------------------------------------------------- suggestions and proposals

def open_pairs(session: Session, volunteer_id: int) -> int:
    return session.scalar(select(func.count()).select_from(Match).where(
        Match.volunteer_id == volunteer_id, Match.status.in_(OPEN))) or 0


def open_match_of(session: Session, participant_id: int) -> Match | None:
    return session.scalar(select(Match).where(Match.participant_id == participant_id, Match.status.in_(OPEN)))


def _capacity(session: Session) -> dict[int, int]:
    """Open pairs per volunteer."""
    rows = session.execute(select(Match.volunteer_id, func.count()).where(Match.status.in_(OPEN))
                           .group_by(Match.volunteer_id))
    return dict(rows.all())


def suggestions(session: Session, participant: Participant, on: date | None = None,
                volunteers: list[Volunteer] | None = None) -> list[tuple[Volunteer, matching.Fit]]:
    """Volunteers who may be proposed for *participant*, best first, each with the reasons."""
    on = on or today()
    if participant.left_on is not None:
        return []
    volunteers = volunteers if volunteers is not None else list(session.scalars(select(Volunteer)))
    taken = _capacity(session)
    info = people(session, {participant.person_id, *(v.person_id for v in volunteers)})
    fits = [(v, matching.fit(participant, v, info.get(participant.person_id), info.get(v.person_id)))
            for v in volunteers if matching.refusal(participant, v, taken.get(v.id, 0), on) is None]
    return sorted(fits, key=lambda pair: (-pair[1].score, pair[0].id))


def _not_before_or_after(on: date | None, earliest: date | None) -> date:
    on = on or today()
    if on > today():
        raise Invalid("on", _("This day is still to come."))
    if earliest is not None and on < earliest:
        raise Invalid("on", _("This day is before the pair's previous step."))
    return on


def propose(session: Session, participant: Participant, volunteer: Volunteer, planned_months: int,
            actor: str, on: date | None = None) -> Match:
    """A proposed pair, when the volunteer may be proposed and the participant has no pair yet."""
    on = _not_before_or_after(on, None)
    if participant.left_on is not None:
        raise Invalid("participant_id", _("The participant has left the programme."))
    reason = matching.refusal(participant, volunteer, open_pairs(session, volunteer.id), on)
    if reason:
        raise Invalid("volunteer_id", reason)
    if open_match_of(session, participant.id) is not None:
        raise Conflict(_("This participant has a pair already."))
    info = people(session, {participant.person_id, volunteer.person_id})
    score = matching.fit(participant, volunteer, info.get(participant.person_id), info.get(volunteer.person_id))
    match = Match(participant=participant, volunteer=volunteer, planned_months=planned_months, proposed_on=on,
                  score=score.score, coordinator=actor)
    session.add(match)
    session.flush()
    return match


def transition(session: Session, match: Match, to: str, on: date | None = None, reason: str | None = None) -> None:
    """Take the pair one step on; skipping a step is a Conflict, ending needs a reason."""
    if to not in NEXT[match.status]:
        raise Conflict(_("A pair that is %(now)s cannot become %(to)s: no step may be skipped.",
                         now=STATUS_WORDS[match.status], to=STATUS_WORDS[to]))
    on = _not_before_or_after(on, last_step(match))
    if to == "ended" and not reason:
        raise Invalid("reason", _("Say why the pair ended."))
    match.status = to
    if to == "ended":
        match.ended_on, match.end_reason = on, reason
    else:
        setattr(match, f"{to}_on", on)


def last_step(match: Match) -> date:
    return max(d for d in (match.proposed_on, match.introduced_on, match.active_on, match.ended_on) if d)


def planned_end(match: Match) -> date | None:
    return add_months(match.active_on, match.planned_months) if match.active_on else None


# ---------------------------------------------------------------- contacts and signals

def add_contact(match: Match, on: date, kind: str, minutes: int, note: str = "", costs: Decimal | None = None,
                km: Decimal | None = None) -> Contact:
    if match.status not in ("introduced", "active"):
        raise Conflict(_("Contacts are logged for pairs that have met and not ended."))
    _not_before_or_after(on, match.proposed_on)
    contact = Contact(on=on, kind=kind, minutes=minutes, note=note, costs=costs, km=km)
    match.contacts.append(contact)
    return contact


def last_contact(match: Match) -> date | None:
    return max((c.on for c in match.contacts), default=None)


def quiet_days(match: Match, on: date) -> int | None:
    """Days since the later of activation and the last contact, for an active pair."""
    if match.status != "active" or match.active_on is None:
        return None
    return (on - max(filter(None, (match.active_on, last_contact(match))))).days


def is_quiet(match: Match, on: date, after_days: int) -> bool:
    days = quiet_days(match, on)
    return days is not None and days > after_days


def matches(session: Session, status: str | None = None) -> list[Match]:
    query = select(Match).order_by(Match.proposed_on.desc(), Match.id.desc())
    if status:
        query = query.where(Match.status == status)
    return list(session.scalars(query))


def quiet_pairs(session: Session, on: date, after_days: int) -> list[Match]:
    quiet = [m for m in matches(session, "active") if is_quiet(m, on, after_days)]
    return sorted(quiet, key=lambda m: -quiet_days(m, on))


def nearing_end(session: Session, on: date, within_days: int) -> list[Match]:
    near = [m for m in matches(session, "active") if (planned_end(m) - on).days <= within_days]
    return sorted(near, key=planned_end)


# ---------------------------------------------------------------- waiting lists

def _waiting_since(row, own: list[Match], day: date, wants_again: bool) -> date | None:
    """Since when *row* waits on *day*, or None when it does not (an open pair, or done for good)."""
    if row.waiting_since > day or (row.left_on is not None and row.left_on <= day):
        return None
    known = [m for m in own if m.proposed_on <= day]
    if any(m.ended_on is None or m.ended_on > day for m in known):
        return None
    if not known:
        return row.waiting_since
    latest = max(known, key=lambda m: (m.ended_on, m.id))
    asked_again = row.waiting_since >= latest.ended_on  # came back (even that day), or was put back
    if wants_again and latest.end_reason not in STILL_WANTS_A_BUDDY and not asked_again:
        return None
    return max(row.waiting_since, latest.ended_on)


def waiting(session: Session, kind: type[Participant | Volunteer], on: date) -> list[tuple[object, int]]:
    """Participants (or volunteers) without an open pair on *on*, with their waiting days, longest first.

    A participant whose pair ended for good (goal reached, moved, …) no longer waits, unless
    their waiting_since is that end or later (they came back); one whose pair was declined or
    whose buddy stopped waits again, from that day.
    """
    column = Match.participant_id if kind is Participant else Match.volunteer_id
    pairs: dict[int, list[Match]] = {}
    for match in session.scalars(select(Match)):
        pairs.setdefault(getattr(match, column.key), []).append(match)
    result = []
    for row in session.scalars(select(kind).order_by(kind.id)):
        since = _waiting_since(row, pairs.get(row.id, []), on, kind is Participant)
        if since is not None:
            result.append((row, (on - since).days))
    return sorted(result, key=lambda item: (-item[1], item[0].id))


# ---------------------------------------------------------------- loneliness

def measure(participant: Participant, answers: list[str], on: date) -> Measurement:
    try:
        scored = loneliness.score(answers)
    except ValueError:
        raise Invalid("answers", _("Give six answers, each yes, more or less, or no.")) from None
    _not_before_or_after(on, None)
    row = Measurement(on=on, answers=list(answers), emotional=scored.emotional, social=scored.social,
                      score=scored.score, level=scored.level)
    participant.measurements.append(row)
    return row


# ---------------------------------------------------------------- the plan

def plan(session: Session, participant_ids: list[int] | None = None, volunteer_ids: list[int] | None = None,
         on: date | None = None) -> list[matching.Proposal]:
    """The best set of pairs for the participants who wait (or those given) and the volunteers
    with room for a pair (or those given): see matching.best_pairs."""
    on = on or today()
    waiting_now = {p.id: p for p, _days in waiting(session, Participant, on)}
    participants = _chosen(session, Participant, participant_ids, "participants", waiting_now)
    volunteers = _chosen(session, Volunteer, volunteer_ids, "volunteers", None)
    taken = _capacity(session)
    capacity = {v.id: v.max_pairs - taken.get(v.id, 0) for v in volunteers}
    scores = {(p.id, v.id): fit.score for p in participants for v, fit in suggestions(session, p, on, volunteers)}
    return matching.best_pairs(scores, capacity)


def _chosen(session: Session, kind, ids: list[int] | None, field: str, allowed: dict | None) -> list:
    if ids is None:
        return list(allowed.values()) if allowed is not None else list(session.scalars(select(kind)))
    rows = list(session.scalars(select(kind).where(kind.id.in_(set(ids)))))
    if len(rows) != len(set(ids)):
        raise Invalid(field, _("One of these is not known here."))
    if allowed is not None and any(r.id not in allowed for r in rows):
        raise Invalid(field, _("One of these participants is not waiting for a buddy."))
    return rows


def commit_plan(session: Session, proposals: list[matching.Proposal], planned_months: int, actor: str) -> list[Match]:
    return [propose(session, session.get(Participant, p.participant_id), session.get(Volunteer, p.volunteer_id),
                    planned_months, actor) for p in proposals]
