"""Members, proposals and votes: plain functions that take a session.

Errors a caller can act on are :class:`Invalid` (a field is wrong: 422) and :class:`Conflict`
(the state does not allow it: 409), both a ``NoaberError`` with one readable sentence.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, UTC
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.toolkit import TIMEZONE, NoaberError, existing_people, list_people
from core.toolkit import person as find_person
from plugins.zeggenschap.models import FOR_AGAINST, Member, Option, Proposal, Support, Vote


class Invalid(NoaberError):
    """A value the caller sent is wrong (422 at *field*)."""

    def __init__(self, field: str, message: str, reason: str = ""):
        super().__init__(message)
        #: a word a page can tell the refusal by ("cap": a proxy holder holds the most the statutes allow)
        self.field, self.reason = field, reason


def refuse_beyond_cap(settings: dict, held: int, field: str) -> None:
    """A holder already holding the statutes' number of proxies (for a vote, or at a meeting) takes no more."""
    if held >= settings["proxies_per_holder"]:
        raise Invalid(field, f"A member may hold at most {settings['proxies_per_holder']} proxies.", "cap")


class Conflict(NoaberError):
    """The state does not allow it (409)."""


def today() -> date:
    return datetime.now(TIMEZONE).date()


def statutes(tenant) -> dict:
    return tenant.plugin_settings("zeggenschap")


# ---------------------------------------------------------------- members

def require_person(session: Session, person_id: int, field: str = "person_id") -> None:
    if find_person(session, person_id) is None:
        raise Invalid(field, f"There is no person {person_id}.")


def add_member(session: Session, person_id: int, since: date) -> Member:
    require_person(session, person_id)
    if person_id in member_ids(session, max(since, today())):
        raise Conflict("This person is a member already.")
    member = Member(person_id=person_id, since=since)
    session.add(member)
    session.flush()
    return member


def end_membership(member: Member, on: date) -> Member:
    if member.until is not None:
        raise Conflict("This membership has ended already.")
    if on < member.since:
        raise Invalid("on", "A membership cannot end before it began.")
    member.until = on
    return member


def appoint_to_board(member: Member, appointed_on: date, term_years: int) -> Member:
    """The members' meeting appoints (or re-appoints) a member to the board for a term (art. 2:37 BW)."""
    if member.until is not None:
        raise Conflict("This membership has ended.")
    if appointed_on < member.since:
        raise Invalid("appointed_on", "A board member is appointed while a member.")
    member.board_appointed_on, member.board_term_years = appointed_on, term_years
    return member


def leave_board(member: Member) -> Member:
    if member.board_appointed_on is None:
        raise Conflict("This member is not on the board.")
    member.board_appointed_on = member.board_term_years = None
    return member


def member_ids(session: Session, on: date) -> set[int]:
    """Members on *on*: their membership began, and did not end, by then."""
    rows = session.scalars(select(Member.person_id).where(
        Member.since <= on, (Member.until.is_(None)) | (Member.until > on)))
    return set(rows)


def eligible_ids(session: Session, settings: dict, eligible: str, on: date) -> set[int]:
    """Who may vote: the members on that day, or the residents of at least the minimum age."""
    if eligible == "members":
        return existing_people(session, member_ids(session, on))
    return {p.id for p in list_people(session, resident=True) if old_enough(settings, p, on)}


def may_vote(session: Session, settings: dict, eligible: str, on: date, person_id: int) -> bool:
    """One person's eligibility, without reading everyone's (a ballot is checked by this)."""
    found = find_person(session, person_id)
    if found is None:
        return False
    if eligible == "members":
        return session.scalar(select(Member.id).where(
            Member.person_id == person_id, Member.since <= on,
            (Member.until.is_(None)) | (Member.until > on)).limit(1)) is not None
    return found.is_resident and old_enough(settings, found, on)


def old_enough(settings: dict, found, on: date) -> bool:
    """An unknown year of birth does not keep a resident from voting."""
    return found.year_of_birth is None or found.year_of_birth <= on.year - settings["minimum_age"]


# ---------------------------------------------------------------- proposals

def propose(session: Session, settings: dict, person_id: int, title: str, text: str = "",
            cost: Decimal | None = None, category: str = "") -> Proposal:
    require_person(session, person_id)
    day = today()
    proposal = Proposal(person_id=person_id, title=title, text=text, cost=cost, category=category,
                        status="collecting_support", created_on=day, status_on=day)
    session.add(proposal)
    session.flush()
    return proposal


def supporters(session: Session, proposal: Proposal) -> int:
    return session.scalar(select(func.count()).select_from(Support).where(Support.proposal_id == proposal.id))


def support(session: Session, settings: dict, proposal: Proposal, person_id: int) -> int:
    """A person supports a proposal, once; at the threshold it goes on the agenda. Returns the supporters."""
    require_person(session, person_id)
    if proposal.status not in ("collecting_support", "on_agenda"):
        raise Conflict("This proposal has been decided; it takes no more support.")
    if session.scalar(select(Support.id).where(Support.proposal_id == proposal.id, Support.person_id == person_id)):
        raise Conflict("This person supports this proposal already.")
    session.add(Support(proposal_id=proposal.id, person_id=person_id))
    session.flush()
    count = supporters(session, proposal)
    if proposal.status == "collecting_support" and count >= settings["support_threshold"]:
        set_status(proposal, "on_agenda", "Enough supporters.")
        proposal.answer_due = today() + timedelta(weeks=settings["answer_weeks"])
    return count


def set_status(proposal: Proposal, status: str, reason: str = "") -> None:
    proposal.status, proposal.status_on, proposal.status_reason = status, today(), reason


def overdue_proposals(session: Session) -> list[Proposal]:
    """On the agenda past the day the board should have answered."""
    return list(session.scalars(select(Proposal).where(Proposal.status == "on_agenda", Proposal.answer_due < today())
                                .order_by(Proposal.answer_due)))


# ---------------------------------------------------------------- votes

def create_vote(session: Session, settings: dict, data: dict) -> Vote:
    """A vote from the API's fields (already validated for shape); checks what depends on the kind."""
    if data["closes_at"] <= data["opens_at"]:
        raise Invalid("closes_at", "A vote closes after it opens.")
    vote = Vote(title=data["title"], kind=data["kind"], eligible=data["eligible"],
                quorum_percent=data.get("quorum_percent", settings["quorum_percent"]),
                majority=data.get("majority") or settings["majority"], opens_at=data["opens_at"],
                closes_at=data["closes_at"], category=data.get("category") or "")
    vote.options = _options(session, data)
    if vote.kind == "budget":
        if data.get("budget") is None:
            raise Invalid("budget", "A budget vote needs a budget.")
        vote.budget = data["budget"]
        vote.year = data.get("year") or data["opens_at"].astimezone(TIMEZONE).year
    vote.proposal_id = _proposal_of(session, vote, data.get("proposal_id"))
    session.add(vote)
    session.flush()
    return vote


def _options(session: Session, data: dict) -> list[Option]:
    given = data.get("options") or []
    if data["kind"] == "proposal":
        if given:
            raise Invalid("options", "A proposal vote has its own options: for, against, abstain.")
        return [Option(title=title) for title in FOR_AGAINST]
    if len(given) < (1 if data["kind"] == "budget" else 2):
        raise Invalid("options", "Give the options to choose from (at least two; a budget vote, one project).")
    if data["kind"] == "budget" and any(o.get("cost") is None for o in given):
        raise Invalid("options", "Every project of a budget vote has a cost.")
    for option in given:
        if option.get("proposal_id") is not None and session.get(Proposal, option["proposal_id"]) is None:
            raise Invalid("options", f"There is no proposal {option['proposal_id']}.")
    return [Option(title=o["title"], cost=o.get("cost"), proposal_id=o.get("proposal_id")) for o in given]


def _proposal_of(session: Session, vote: Vote, proposal_id: int | None) -> int | None:
    if proposal_id is None:
        return None
    proposal = session.get(Proposal, proposal_id)
    if proposal is None:
        raise Invalid("proposal_id", f"There is no proposal {proposal_id}.")
    if vote.kind != "proposal" or proposal.status in ("adopted", "rejected", "withdrawn"):
        raise Invalid("proposal_id", "Only a proposal vote decides a proposal that is still open.")
    return proposal_id


def now() -> datetime:
    return datetime.now(UTC)
