"""The members' meeting (ALV): its agenda, attendance, minutes, and the decisions register."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.toolkit import TIMEZONE
from plugins.zeggenschap.models import ATTENDING, Attendance, Decision, Meeting, MeetingItem, Vote
from plugins.zeggenschap.service import Conflict, Invalid, member_ids, refuse_beyond_cap

#: art. 2:38 lid 8 BW: electronic votes cast up to 30 days before the meeting count as cast at it
EARLY_VOTING_DAYS = 30


def create_meeting(session: Session, held_on: date, title: str, agenda: list[int], items: list[str] = ()) -> Meeting:
    """A meeting with its agenda: the items to discuss (opening, last minutes, ...) first, then the votes."""
    meeting = Meeting(held_on=held_on, title=title)
    meeting.items.extend(MeetingItem(title=item) for item in items)
    for vote_id in agenda:
        vote = session.get(Vote, vote_id)
        if vote is None:
            raise Invalid("agenda", f"There is no vote {vote_id}.")
        check_counts_at(vote, held_on)
        meeting.items.append(MeetingItem(vote_id=vote.id, title=vote.title))
    session.add(meeting)
    session.flush()
    return meeting


def check_counts_at(vote: Vote, held_on: date) -> None:
    """A vote on the agenda counts as held at the meeting: its ballots come in from at most 30 days
    before (electronically, art. 2:38 lid 8 BW) until the meeting itself (paper, by the tellers)."""
    opens, closes = (moment.astimezone(TIMEZONE).date() for moment in (vote.opens_at, vote.closes_at))
    if (held_on - opens).days > EARLY_VOTING_DAYS:
        raise Invalid("agenda", f"Vote {vote.id} opens more than {EARLY_VOTING_DAYS} days before the meeting; "
                                "its ballots would not count as cast at it.")
    if closes > held_on:
        raise Invalid("agenda", f"Vote {vote.id} closes after the meeting; ballots cast after it would not "
                                "count as cast at it.")


def attend(session: Session, settings: dict, meeting: Meeting, person_id: int, how: str,
           holder: int | None = None) -> Attendance:
    """A member on the attendance list, once: in person, online, or represented by a member holding their
    written proxy (at most the statutes' number of proxies per holder)."""
    members = member_ids(session, meeting.held_on)
    if person_id not in members:
        raise Invalid("person_id", "Only members attend the members' meeting.")
    if any(a.person_id == person_id for a in meeting.attendance):
        raise Conflict("This member is on the attendance list already.")
    if how == "proxy":
        check_holder(settings, meeting, person_id, holder, members)
    elif holder is not None:
        raise Invalid("proxy_holder_person_id", "Only a member who is represented by proxy has a proxy holder.")
    entry = Attendance(meeting_id=meeting.id, person_id=person_id, how=how, proxy_holder_person_id=holder)
    meeting.attendance.append(entry)
    session.flush()
    return entry


def check_holder(settings: dict, meeting: Meeting, person_id: int, holder: int | None, members: set[int]) -> None:
    field = "proxy_holder_person_id"
    if holder is None:
        raise Invalid(field, "Say which member holds the proxy.")
    if holder == person_id or holder not in members:
        raise Invalid(field, "The proxy is held by another member.")
    if any(a.person_id == holder and a.how == "proxy" for a in meeting.attendance):
        raise Invalid(field, "A member who is represented by proxy cannot hold one.")
    refuse_beyond_cap(settings, sum(1 for a in meeting.attendance if a.proxy_holder_person_id == holder), field)


def attendance_counts(meeting: Meeting) -> dict[str, int]:
    """How many members were there in person, online, and by proxy."""
    counts = dict.fromkeys(ATTENDING, 0)
    for entry in meeting.attendance:
        counts[entry.how] += 1
    return counts


def set_minutes(meeting: Meeting, text: str, adopted_on: date | None) -> Meeting:
    """The minutes; *adopted_on* once the meeting (usually the next one) has adopted them."""
    if adopted_on is not None and adopted_on < meeting.held_on:
        raise Invalid("adopted_on", "Minutes are adopted on or after the day of the meeting.")
    meeting.minutes, meeting.minutes_adopted_on = text, adopted_on
    return meeting


def decide(session: Session, meeting: Meeting, text: str, result: str, follow_up: str = "to_do") -> Decision:
    """A decision the meeting took without a vote of the plugin (a show of hands, by acclamation)."""
    decision = Decision(decided_on=meeting.held_on, text=text, result=result, follow_up=follow_up,
                        meeting_id=meeting.id)
    session.add(decision)
    session.flush()
    return decision


def meeting_decisions(session: Session, meeting: Meeting) -> list[Decision]:
    """What the meeting decided: its own decisions and those of the votes on its agenda."""
    votes = [item.vote_id for item in meeting.items if item.vote_id is not None]
    return list(session.scalars(select(Decision).where(
        (Decision.meeting_id == meeting.id) | Decision.vote_id.in_(votes)).order_by(Decision.id)))


def decisions(session: Session) -> list[Decision]:
    return list(session.scalars(select(Decision).order_by(Decision.decided_on.desc(), Decision.id.desc())))
