"""The yearly items a cooperative must not forget, as reminders on the board's start page.

- **The annual accounts** (art. 2:58 BW): the board draws them up within six months after the
  financial year (here the calendar year), so by 30 June; the members' meeting may extend that by
  at most four months for special circumstances, so to 31 October; the meeting adopts them. The
  reminder stands from 1 January until this year's decisions register has a decision about the
  annual accounts ("jaarrekening").
- **Board appointments** (art. 2:37 BW): the meeting appoints the board for the term the statutes
  set. A board member in the member register (appointed on, term in years) is due for
  (re-)appointment when the term ends; the reminder comes three months before, in time for a
  meeting's agenda. Without any board data the reminder asks for it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.toolkit import full_names
from plugins.zeggenschap.models import Decision, Member
from plugins.zeggenschap.service import today

#: words that mark the decision adopting the annual accounts, in the register's two languages
ACCOUNTS_WORDS = ("jaarrekening", "annual accounts")
#: a term ending within this many days is on the board's start page
BOARD_NOTICE = timedelta(days=91)


@dataclass(frozen=True)
class Reminder:
    #: ``accounts``, ``board_term`` or ``board_unknown``; the start page words each kind
    kind: str
    due: date | None = None
    overdue: bool = False
    #: the annual accounts: the financial year; a board term: the board member's name
    year: int | None = None
    who: str = ""
    #: the annual accounts: the latest day if the meeting extends the term by four months
    extended: date | None = None


def term_ends(appointed_on: date, years: int) -> date:
    try:
        return appointed_on.replace(year=appointed_on.year + years)
    except ValueError:  # appointed on 29 February
        return appointed_on.replace(year=appointed_on.year + years, day=28)


def accounts_reminder(session: Session, on: date) -> list[Reminder]:
    texts = session.scalars(select(Decision.text).where(Decision.decided_on >= date(on.year, 1, 1),
                                                        Decision.decided_on <= date(on.year, 12, 31)))
    if any(word in text.lower() for text in texts for word in ACCOUNTS_WORDS):
        return []
    due, extended = date(on.year, 6, 30), date(on.year, 10, 31)
    return [Reminder("accounts", due, on > due, on.year - 1, extended=extended)]


def board_reminders(session: Session, on: date) -> list[Reminder]:
    seats = session.scalars(select(Member).where(Member.board_appointed_on.is_not(None), Member.since <= on,
                                                 (Member.until.is_(None)) | (Member.until > on))).all()
    if not seats:
        return [Reminder("board_unknown")]
    names = full_names(session, {m.person_id for m in seats})
    due = [(term_ends(m.board_appointed_on, m.board_term_years), names.get(m.person_id, "")) for m in seats]
    return [Reminder("board_term", ends, ends <= on, who=name)
            for ends, name in sorted(due) if ends - on <= BOARD_NOTICE]


def reminders(session: Session, on: date | None = None) -> list[Reminder]:
    """What the board must see to: the annual accounts while not adopted this year, board terms ending."""
    on = on or today()
    return accounts_reminder(session, on) + board_reminders(session, on)
