"""Accounts: creating them, signing in with slowing and locking, and changing passwords."""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.accounts import passwords
from core.accounts.models import Account, AccountRole
from core.errors import NoaberError
from core.storage.base import utcnow
from core.web.roles import ROLES

#: failures allowed before each attempt must wait
FREE_ATTEMPTS = 5
#: the first wait; it doubles with each further failure
FIRST_WAIT = timedelta(seconds=30)
#: failures after which the account is locked
LOCK_AFTER = 10
LOCK_FOR = timedelta(hours=1)


class SignInRefused(Exception):
    """Sign-in failed. ``retry_after`` is set when the account is slowed or locked."""

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


def sign_in(session: Session, email: str, password: str, now: datetime | None = None) -> Account:
    """Check the password; count failures; slow, then lock, an account under attack."""
    now = now or utcnow()
    account = find_by_email(session, email)
    if account is not None and account.blocked_until is not None and account.blocked_until > now:
        raise SignInRefused(account.blocked_until - now)
    if account is None or not account.active or not passwords.verify(account.password_hash, password):
        if account is not None:
            _count_failure(account, now)
        raise SignInRefused()
    account.failed_logins, account.blocked_until, account.last_login_at = 0, None, now
    if passwords.needs_rehash(account.password_hash):
        account.password_hash = passwords.hash_password(password)
    return account


def _count_failure(account: Account, now: datetime) -> None:
    account.failed_logins += 1
    excess = account.failed_logins - FREE_ATTEMPTS
    if account.failed_logins >= LOCK_AFTER:
        account.blocked_until = now + LOCK_FOR
    elif excess >= 0:
        account.blocked_until = now + FIRST_WAIT * 2 ** excess


def set_password(account: Account, password: str) -> None:
    if problem := passwords.weakness(password, account.email):
        raise NoaberError(str(problem))
    account.password_hash = passwords.hash_password(password)
    account.failed_logins, account.blocked_until = 0, None
    sign_out_everywhere(account)


def sign_out_everywhere(account: Account) -> None:
    """Void every session of this account, on every device."""
    account.session_version += 1


def count_admins(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AccountRole).where(AccountRole.role == "admin"))
