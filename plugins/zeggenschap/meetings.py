"""The members' meeting (ALV), its decisions register, and the yearly items a cooperative must not forget."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.toolkit import TIMEZONE, _l
from plugins.zeggenschap.models import Attendance, Decision, Meeting, MeetingItem, Vote
from plugins.zeggenschap.service import Conflict, Invalid, member_ids, today

#: what every year's meetings must hold: words the register is searched for, and the reminder shown. The
#: board draws up the annual accounts within six months (extendable by four) and the ALV adopts them (2:58)
YEARLY = (("jaarrekening", _l("Adopt last year's annual accounts (art. 2:58 BW), before 1 July.")),
          ("bestuur", _l("Appoint or re-appoint board members (art. 2:37 BW), as the statutes' schedule says.")))
#: art. 2:38 lid 8 BW: electronic votes cast up to 30 days before the meeting count as cast at it
EARLY_VOTING_DAYS = 30


def create_meeting(session: Session, held_on: date, title: str, agenda: list[int]) -> Meeting:
    meeting = Meeting(held_on=held_on, title=title)
    for vote_id in agenda:
        vote = session.get(Vote, vote_id)
        if vote is None:
            raise Invalid("agenda", f"There is no vote {vote_id}.")
        if (held_on - vote.opens_at.astimezone(TIMEZONE).date()).days > EARLY_VOTING_DAYS:
            raise Invalid("agenda", f"Vote {vote_id} opens more than {EARLY_VOTING_DAYS} days before the meeting; "
                                    "its ballots would not count as cast at it.")
        meeting.items.append(MeetingItem(vote_id=vote.id, title=vote.title))
    session.add(meeting)
    session.flush()
    return meeting


def attend(session: Session, meeting: Meeting, person_id: int, how: str) -> Attendance:
    if person_id not in member_ids(session, meeting.held_on):
        raise Invalid("person_id", "Only members attend the members' meeting.")
    if any(a.person_id == person_id for a in meeting.attendance):
        raise Conflict("This member is on the attendance list already.")
    entry = Attendance(meeting_id=meeting.id, person_id=person_id, how=how)
    meeting.attendance.append(entry)
    return entry


def decisions(session: Session) -> list[Decision]:
    return list(session.scalars(select(Decision).order_by(Decision.decided_on.desc(), Decision.id.desc())))


def reminders(session: Session, on: date | None = None) -> list[str]:
    """The yearly items not yet in this year's decisions register."""
    on = on or today()
    this_year = [d.text.lower() for d in decisions(session) if d.decided_on.year == on.year]
    return [reminder for word, reminder in YEARLY if not any(word in text for text in this_year)]
