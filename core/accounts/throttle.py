"""Slowing, then locking, failed sign-ins: per (e-mail address, client address) and per client address.

Never per account alone: then anyone could lock a coordinator out by typing wrong
passwords for her, and an account that exists would be told apart from one that does not
by being locked at all (issue 23, OWASP ASVS V2.2). Keyed by the e-mail address as typed,
an address without an account is slowed exactly like one with. The counts live in the
tenant's database, so they hold across workers and machines; an upsert counts each
failure once even when an attacker sends many at the same moment.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from core.accounts.models import SignInFailures

FIRST_WAIT = timedelta(seconds=30)
LOCK_FOR = timedelta(hours=1)
#: a count starts over when its last failure is this old
FORGET_AFTER = LOCK_FOR
#: stands for "every e-mail address" in the per-address count
EVERY_EMAIL = ""


@dataclass(frozen=True)
class Rule:
    #: failures allowed before each attempt must wait; the first wait doubles with each further one
    free: int
    #: failures after which attempts wait LOCK_FOR
    lock_after: int

    def wait(self, failures: int) -> timedelta | None:
        if failures >= self.lock_after:
            return LOCK_FOR
        excess = failures - self.free
        return min(FIRST_WAIT * 2 ** excess, LOCK_FOR) if excess >= 0 else None


#: one e-mail address tried from one client address
PER_EMAIL = Rule(free=5, lock_after=10)
#: all e-mail addresses tried from one client address: room for a care home's shared line
PER_ADDRESS = Rule(free=30, lock_after=40)


def blocked_for(session: Session, email: str, address: str, now: datetime) -> timedelta | None:
    """How long attempts for *email* from *address* must still wait, or None."""
    until = session.scalar(select(SignInFailures.blocked_until).where(
        SignInFailures.address == address, SignInFailures.email.in_((email, EVERY_EMAIL)),
        SignInFailures.blocked_until > now).order_by(SignInFailures.blocked_until.desc()).limit(1))
    return until - now if until is not None else None


def count_failure(session: Session, email: str, address: str, now: datetime) -> list[str]:
    """Count one failure; return the keys (*email*, or "" for the address) locked by it just now."""
    locked = []
    for key, rule in ((email, PER_EMAIL), (EVERY_EMAIL, PER_ADDRESS)):
        failures = _add_one(session, key, address, now)
        wait = rule.wait(failures)
        if wait is not None:
            session.execute(update(SignInFailures).where(SignInFailures.email == key, SignInFailures.address == address)
                            .values(blocked_until=now + wait))
        if failures == rule.lock_after:
            locked.append(key)
    return locked


def _add_one(session: Session, email: str, address: str, now: datetime) -> int:
    table = SignInFailures.__table__
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    stale = table.c.last_failure_at < now - FORGET_AFTER
    statement = dialect.insert(table).values(email=email, address=address, failures=1, last_failure_at=now)
    statement = statement.on_conflict_do_update(index_elements=["email", "address"], set_={
        "failures": case((stale, 1), else_=table.c.failures + 1), "last_failure_at": now,
        "blocked_until": case((stale, None), else_=table.c.blocked_until)})
    return session.execute(statement.returning(table.c.failures)).scalar_one()


def forget(session: Session, email: str, address: str) -> None:
    """A right password: this e-mail address starts over from this client address."""
    session.execute(delete(SignInFailures).where(SignInFailures.email == email, SignInFailures.address == address))


def unlock(session: Session, email: str) -> None:
    """An administrator lets *email* try again, from every client address."""
    session.execute(delete(SignInFailures).where(SignInFailures.email == email))


def blocked_emails(session: Session, now: datetime) -> set[str]:
    """E-mail addresses that must wait before their next attempt, from some client address."""
    return set(session.scalars(select(SignInFailures.email).where(
        SignInFailures.email != EVERY_EMAIL, SignInFailures.blocked_until > now)))


def clean(session: Session, now: datetime) -> None:
    """Drop counts that would start over anyway, so that e-mail addresses people tried (their
    own, mistyped) are not kept longer than they serve."""
    session.execute(delete(SignInFailures).where(SignInFailures.last_failure_at < now - FORGET_AFTER,
                                                 (SignInFailures.blocked_until.is_(None))
                                                 | (SignInFailures.blocked_until < now)))
