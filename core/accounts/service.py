"""Accounts: creating them, signing in (slowed by ``throttle``), and changing passwords."""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, object_session

from core.accounts import passwords, throttle
from core.accounts.models import Account, AccountRole, AccountSession
from core.audit.service import record
from core.errors import NoaberError
from core.storage.base import utcnow
from core.web.roles import ROLES


class SignInRefused(Exception):
    """Sign-in failed. ``retry_after`` is set while attempts must wait (``throttle``)."""

    def __init__(self, retry_after: timedelta | None = None):
        super().__init__("sign-in refused")
        self.retry_after = retry_after


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(session: Session, email: str) -> Account | None:
    return session.scalar(select(Account).where(Account.email == normalise_email(email)))


def create_account(session: Session, email: str, password: str | None, roles, person_id=None) -> Account:
    """Add an account; raises NoaberError (one readable sentence) for bad input."""
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise NoaberError(f"{email!r} is not an e-mail address")
    unknown = set(roles) - set(ROLES)
    if unknown or not roles:
        raise NoaberError(f"roles must be among {', '.join(ROLES)}; got {', '.join(sorted(roles)) or 'none'}")
    if find_by_email(session, email) is not None:
        raise NoaberError(f"an account for {email} already exists")
    if password is not None and (problem := passwords.weakness(password, email)):
        raise NoaberError(str(problem))
    account = Account(email=email, person_id=person_id,
                      password_hash=passwords.hash_password(password) if password else None)
    account.set_roles(roles)
    session.add(account)
    return account


def generate_password() -> str:
    """A password for a script or a first admin: 20 url-safe characters."""
    return secrets.token_urlsafe(15)


def sign_in(session: Session, email: str, password: str, address: str = "-", now: datetime | None = None) -> Account:
    """Check the password of *email*, tried from client *address*, slowed as ``throttle`` says.

    An unknown or switched-off address takes the same path as a known one: a password is
    verified (against a dummy hash), the failure counted, the same answer given, in the
    same time (issue 23).
    """
    now = now or utcnow()
    email = normalise_email(email)
    throttle.clean(session, now)
    wait = throttle.blocked_for(session, email, address, now)
    if wait is not None:
        raise SignInRefused(wait)
    account = find_by_email(session, email)
    usable = account is not None and account.active
    if not passwords.verify(account.password_hash if usable else None, password) or not usable:
        for key in throttle.count_failure(session, email, address, now):
            _record_lock(session, key, account, address)
        raise SignInRefused()
    throttle.forget(session, email, address)
    account.last_login_at = now
    if passwords.needs_rehash(account.password_hash):
        account.password_hash = passwords.hash_password(password)
    return account


def _record_lock(session: Session, key: str, account: Account | None, address: str) -> None:
    """An attack, or a forgetful person: the administrators see it in the audit log."""
    if key == throttle.EVERY_EMAIL:
        what = "every e-mail address"
    else:
        what = f"account {account.id}" if account is not None else "an e-mail address without account"
    record(session, f"address:{address}", "sign_in_locked", None, "accounts.sign_in",
           f"{what} locked for {throttle.LOCK_FOR} after failed sign-ins from {address}")


def set_password(account: Account, password: str) -> None:
    if problem := passwords.weakness(password, account.email):
        raise NoaberError(str(problem))
    account.password_hash = passwords.hash_password(password)
    throttle.unlock(object_session(account), account.email)
    sign_out_everywhere(account)


def sign_out_everywhere(account: Account) -> None:
    """End every session of this account, on every device."""
    object_session(account).execute(delete(AccountSession).where(AccountSession.account_id == account.id))


def count_admins(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AccountRole).where(AccountRole.role == "admin"))
