"""Tables of zeggenschap; every name starts with ``zeggenschap_``.

The secret ballot lives in two tables that share nothing but the vote: ``zeggenschap_roll``
says *who* voted and by which channel, ``zeggenschap_ballot`` says *what* was chosen. A ballot
has no person, no timestamp and no running number: its key is random, and ballots are always
read in the order of that key, so neither the database nor an export gives away the order in
which they came in.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.toolkit import Base, UTCDateTime, utcnow

PROPOSAL_STATES = ("collecting_support", "on_agenda", "adopted", "rejected", "withdrawn")
KINDS = ("proposal", "choice", "budget")
#: a large box is counted by the job worker: the vote is "counting" until its result is there
VOTE_STATES = ("planned", "open", "ended", "counting", "closed")
ELIGIBLE = ("members", "residents")
MAJORITIES = ("simple", "two_thirds")
CHANNELS = ("online", "code", "paper", "proxy")
FOLLOW_UP = ("to_do", "under_way", "done")
#: how a member is at the members' meeting
ATTENDING = ("in_person", "online", "proxy")
#: a proposal vote's own options, in this order
FOR_AGAINST = ("for", "against", "abstain")
MONEY = Numeric(12, 2)


class Member(Base):
    """A member of the cooperative or association: one member, one vote."""

    __tablename__ = "zeggenschap_member"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("core_person.id", ondelete="CASCADE"), index=True)
    since: Mapped[date] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date, default=None)
    #: a board member: appointed (or last re-appointed) by the members' meeting on this day (art. 2:37 BW)
    board_appointed_on: Mapped[date | None] = mapped_column(Date, default=None)
    #: for this many years, as the statutes' schedule says; the meeting appoints again when it ends
    board_term_years: Mapped[int | None] = mapped_column(Integer, default=None)


class Proposal(Base):
    """A proposal from a member or resident (right of initiative)."""

    __tablename__ = "zeggenschap_proposal"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: who proposed it; None once that person is erased (the proposal stays)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("core_person.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(160))
    text: Mapped[str] = mapped_column(Text, default="")
    cost: Mapped[Decimal | None] = mapped_column(MONEY, default=None)
    category: Mapped[str] = mapped_column(String(80), default="")
    status: Mapped[str] = mapped_column(String(20), default="collecting_support")
    created_on: Mapped[date] = mapped_column(Date)
    #: the day of the last change of status, and why
    status_on: Mapped[date] = mapped_column(Date)
    status_reason: Mapped[str] = mapped_column(Text, default="")
    #: on the agenda: the board answers (a vote or reasons) before this day
    answer_due: Mapped[date | None] = mapped_column(Date, default=None)
    supports: Mapped[list[Support]] = relationship(back_populates="proposal", cascade="all, delete-orphan")


class Support(Base):
    __tablename__ = "zeggenschap_support"
    __table_args__ = (UniqueConstraint("proposal_id", "person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("zeggenschap_proposal.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("core_person.id", ondelete="CASCADE"), index=True)
    proposal: Mapped[Proposal] = relationship(back_populates="supports")


class Vote(Base):
    __tablename__ = "zeggenschap_vote"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(160))
    kind: Mapped[str] = mapped_column(String(10))
    eligible: Mapped[str] = mapped_column(String(10))
    quorum_percent: Mapped[int | None] = mapped_column(Integer, default=None)
    majority: Mapped[str] = mapped_column(String(12), default="simple")
    budget: Mapped[Decimal | None] = mapped_column(MONEY, default=None)
    year: Mapped[int | None] = mapped_column(Integer, default=None)
    category: Mapped[str] = mapped_column(String(80), default="")
    #: a proposal vote decides this proposal
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("zeggenschap_proposal.id", ondelete="SET NULL"))
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    #: the count, fixed at closing (JSON), with the seed of its lot
    result: Mapped[str | None] = mapped_column(Text, default=None)
    #: the job counting a large box, for its progress on the vote's page (core_job's id)
    count_job: Mapped[str | None] = mapped_column(String(32), default=None)
    options: Mapped[list[Option]] = relationship(back_populates="vote", order_by="Option.id",
                                                 cascade="all, delete-orphan")

    def status_at(self, now: datetime) -> str:
        if self.closed_at is not None:
            return "closed" if self.result is not None else "counting"
        if now < self.opens_at:
            return "planned"
        return "open" if now < self.closes_at else "ended"


class Option(Base):
    __tablename__ = "zeggenschap_option"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("zeggenschap_vote.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(160))
    cost: Mapped[Decimal | None] = mapped_column(MONEY, default=None)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("zeggenschap_proposal.id", ondelete="SET NULL"))
    vote: Mapped[Vote] = relationship(back_populates="options")


class RollEntry(Base):
    """That a person voted, and how; never what (that is a :class:`Ballot`, with nothing that links them)."""

    __tablename__ = "zeggenschap_roll"
    __table_args__ = (UniqueConstraint("vote_id", "person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("zeggenschap_vote.id", ondelete="CASCADE"), index=True)
    #: None once the person is erased: the roll still counts them
    person_id: Mapped[int | None] = mapped_column(ForeignKey("core_person.id", ondelete="SET NULL"), index=True)
    channel: Mapped[str] = mapped_column(String(10))
    #: paper: the teller (an actor, ``account:3``); proxy: the holder's person id as text
    by: Mapped[str] = mapped_column(String(80), default="")


class Ballot(Base):
    """What one voter chose, anonymous: a random key, the vote, the option ids. Nothing else."""

    __tablename__ = "zeggenschap_ballot"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("zeggenschap_vote.id", ondelete="CASCADE"), index=True)
    #: the chosen option ids, comma-separated, ascending
    choices: Mapped[str] = mapped_column(Text, default="")


class Proxy(Base):
    """A member authorises another member to cast their ballot in one vote (art. 2:38 lid 4–5 BW)."""

    __tablename__ = "zeggenschap_proxy"
    __table_args__ = (UniqueConstraint("vote_id", "from_person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("zeggenschap_vote.id", ondelete="CASCADE"), index=True)
    from_person_id: Mapped[int] = mapped_column(ForeignKey("core_person.id", ondelete="CASCADE"), index=True)
    to_person_id: Mapped[int] = mapped_column(ForeignKey("core_person.id", ondelete="CASCADE"), index=True)


class VotingCode(Base):
    """A single-use code on a letter, for a voter without an account."""

    __tablename__ = "zeggenschap_code"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("zeggenschap_vote.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("core_person.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)


class Meeting(Base):
    """A members' meeting (algemene ledenvergadering)."""

    __tablename__ = "zeggenschap_meeting"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    held_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(160))
    minutes: Mapped[str] = mapped_column(Text, default="")
    #: the day the minutes were adopted (usually at the next meeting); None while they are a draft
    minutes_adopted_on: Mapped[date | None] = mapped_column(Date, default=None)
    items: Mapped[list[MeetingItem]] = relationship(back_populates="meeting", order_by="MeetingItem.id",
                                                    cascade="all, delete-orphan")
    # by its full path: daycare has a mapped class named Attendance too, in the same registry
    attendance: Mapped[list[Attendance]] = relationship("plugins.zeggenschap.models.Attendance",
                                                        cascade="all, delete-orphan")


class MeetingItem(Base):
    """One item on the agenda: a vote, or something to discuss."""

    __tablename__ = "zeggenschap_meeting_item"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("zeggenschap_meeting.id", ondelete="CASCADE"), index=True)
    vote_id: Mapped[int | None] = mapped_column(ForeignKey("zeggenschap_vote.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(160), default="")
    meeting: Mapped[Meeting] = relationship(back_populates="items")


class Attendance(Base):
    __tablename__ = "zeggenschap_attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("zeggenschap_meeting.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("core_person.id", ondelete="CASCADE"), index=True)
    #: in_person, online or proxy
    how: Mapped[str] = mapped_column(String(10))
    #: by proxy: the member who holds the written proxy and votes for this one (art. 2:38 lid 4 BW);
    #: None once that person is erased
    proxy_holder_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("core_person.id", ondelete="SET NULL"), default=None, index=True)


class Decision(Base):
    """One line of the decisions register (besluitenlijst)."""

    __tablename__ = "zeggenschap_decision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decided_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    result: Mapped[str] = mapped_column(Text, default="")
    follow_up: Mapped[str] = mapped_column(String(10), default="to_do")
    vote_id: Mapped[int | None] = mapped_column(ForeignKey("zeggenschap_vote.id", ondelete="SET NULL"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("zeggenschap_meeting.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
