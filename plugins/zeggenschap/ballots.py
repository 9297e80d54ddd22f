"""Casting a secret ballot on every channel, proxies, and voting codes.

The roll (who voted, how) and the ballot (what) are written in the same transaction, but
share nothing: the ballot's key is random and it has no person, no time, no number.
"""
from __future__ import annotations

import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from plugins.zeggenschap.models import Ballot, Proxy, RollEntry, Vote, VotingCode
from plugins.zeggenschap.service import (
    Conflict,
    Invalid,
    eligible_ids,
    may_vote,
    now,
    refuse_beyond_cap,
    require_person,
    today,
)

#: no 0/O, 1/I/L, 5/S, 2/Z, 8/B: what is read off a letter is typed in right
CODE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
#: 25**10 is 2**46: more than the 40 bits the issue asks
CODE_LENGTH = 10


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def shown_code(code: str) -> str:
    """In groups of five, as printed on the letter."""
    return f"{code[:5]}-{code[5:]}"


def issue_codes(session: Session, settings: dict, vote: Vote, person_ids: list[int] | None) -> list[VotingCode]:
    """A code for each eligible person asked for (or everyone eligible); a person keeps the code issued before."""
    if vote.closed_at is not None:
        raise Conflict("This vote is closed.")
    eligible = eligible_ids(session, settings, vote.eligible, today())
    wanted = sorted(set(person_ids)) if person_ids is not None else sorted(eligible)
    for person_id in wanted:
        if person_id not in eligible:
            raise Invalid("person_ids", f"Person {person_id} may not vote in this vote.")
    existing = {c.person_id: c for c in session.scalars(select(VotingCode).where(VotingCode.vote_id == vote.id))}
    codes = []
    for person_id in wanted:
        if person_id not in existing:
            existing[person_id] = VotingCode(vote_id=vote.id, person_id=person_id, code=new_code())
            session.add(existing[person_id])
        codes.append(existing[person_id])
    session.flush()
    return codes


def add_proxy(session: Session, settings: dict, vote: Vote, from_id: int, to_id: int) -> Proxy:
    """A member authorises another for this vote; a holder holds at most the statutes' number."""
    require_person(session, from_id, "from_person_id")
    require_person(session, to_id, "to_person_id")
    if vote.closed_at is not None:
        raise Conflict("This vote is closed.")
    if from_id == to_id:
        raise Invalid("to_person_id", "A voter cannot be their own proxy.", "self")
    for field, person_id in (("from_person_id", from_id), ("to_person_id", to_id)):
        if not may_vote(session, settings, vote.eligible, today(), person_id):
            raise Invalid(field, f"Person {person_id} may not vote in this vote.")
    if session.scalar(select(Proxy.id).where(Proxy.vote_id == vote.id, Proxy.from_person_id == from_id)):
        raise Conflict("This voter has given a proxy for this vote already.")
    held = session.scalar(select(func.count()).select_from(Proxy).where(Proxy.vote_id == vote.id,
                                                                        Proxy.to_person_id == to_id))
    refuse_beyond_cap(settings, held, "to_person_id")
    proxy = Proxy(vote_id=vote.id, from_person_id=from_id, to_person_id=to_id)
    session.add(proxy)
    session.flush()
    return proxy


def voter_for(session: Session, vote: Vote, channel: str, person_id: int | None, code: str | None,
              proxy_for: int | None) -> tuple[int, str]:
    """Whose ballot this is, and what the roll says about how it came in."""
    if channel == "code":
        found = session.scalar(select(VotingCode).where(VotingCode.vote_id == vote.id,
                                                        VotingCode.code == normalise_code(code or "")))
        if found is None:
            raise Invalid("code", "This code is not valid for this vote.")
        return found.person_id, ""
    if person_id is None:
        raise Invalid("person_id", "Say who votes.")
    if channel != "proxy":
        return person_id, ""
    if proxy_for is None:
        raise Invalid("proxy_for_person_id", "Say for whom the proxy votes.")
    if not session.scalar(select(Proxy.id).where(Proxy.vote_id == vote.id, Proxy.from_person_id == proxy_for,
                                                 Proxy.to_person_id == person_id)):
        raise Invalid("proxy_for_person_id", "There is no such proxy for this vote.")
    return proxy_for, str(person_id)


def check_choices(vote: Vote, choices: list[int]) -> list[int]:
    known = {option.id for option in vote.options}
    chosen = sorted(set(choices))
    if any(choice not in known for choice in chosen):
        raise Invalid("choices", "One of the choices is not an option of this vote.")
    if vote.kind != "budget" and len(chosen) != 1:
        raise Invalid("choices", "Choose exactly one option.")
    return chosen


def cast(session: Session, settings: dict, vote: Vote, channel: str, choices: list[int], *, person_id=None,
         code=None, proxy_for=None, teller: str = "") -> str:
    """Put a ballot in the box; returns a receipt that links to nothing (a confirmation for the voter)."""
    if vote.status_at(now()) != "open":
        raise Invalid("choices", "This vote is not open.")
    voter, by = voter_for(session, vote, channel, person_id, code, proxy_for)
    chosen = check_choices(vote, choices)
    if not may_vote(session, settings, vote.eligible, today(), voter):
        raise Invalid("person_id", "This person may not vote in this vote.")
    if session.scalar(select(RollEntry.id).where(RollEntry.vote_id == vote.id, RollEntry.person_id == voter)):
        raise Conflict("This person has voted already.")
    session.add(RollEntry(vote_id=vote.id, person_id=voter, channel=channel, by=teller if channel == "paper" else by))
    session.add(Ballot(key=secrets.token_hex(16), vote_id=vote.id, choices=",".join(map(str, chosen))))
    session.flush()
    return secrets.token_hex(8)


def ballots_of(session: Session, vote: Vote) -> list[tuple[int, ...]]:
    """The anonymous ballots, in the order of their random keys."""
    rows = session.scalars(select(Ballot.choices).where(Ballot.vote_id == vote.id).order_by(Ballot.key))
    return [tuple(int(c) for c in row.split(",") if c) for row in rows]


def by_channel(session: Session, vote: Vote) -> dict[str, int]:
    rows = session.execute(select(RollEntry.channel, func.count()).where(RollEntry.vote_id == vote.id)
                           .group_by(RollEntry.channel))
    counts = dict.fromkeys(("online", "code", "paper", "proxy"), 0)
    counts.update({channel: n for channel, n in rows})
    return counts
