"""Tables for accounts, their roles, and API clients."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.storage.base import Base, UTCDateTime, utcnow


class Account(Base):
    """Someone who signs in to this tenant; may be linked to a person."""

    __tablename__ = "core_account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: lower case; unique within the tenant
    email: Mapped[str] = mapped_column(String(254), unique=True)
    #: argon2id; None for accounts that sign in through OpenID Connect only
    password_hash: Mapped[str | None] = mapped_column(String(200), default=None)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("core_person.id", ondelete="SET NULL"),
                                                  default=None, unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: the OpenID Connect subject this account is linked to, if any
    oidc_subject: Mapped[str | None] = mapped_column(String(255), default=None, unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)

    role_rows: Mapped[list[AccountRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    @property
    def roles(self) -> set[str]:
        return {row.role for row in self.role_rows}

    def set_roles(self, roles) -> None:
        wanted = set(roles)
        self.role_rows = [row for row in self.role_rows if row.role in wanted] + [
            AccountRole(role=role) for role in sorted(wanted - self.roles)]

    def __repr__(self) -> str:
        return f"<Account {self.id}>"


class AccountRole(Base):
    __tablename__ = "core_account_role"

    account_id: Mapped[int] = mapped_column(ForeignKey("core_account.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)

    def __repr__(self) -> str:
        return f"<AccountRole {self.account_id} {self.role}>"


class AccountSession(Base):
    """A browser signed in to an account. Its cookie names the row: without the row, no session.

    Signing out deletes the row, so a copied cookie is refused from then on (issue 23);
    signing out everywhere deletes all rows of the account.
    """

    __tablename__ = "core_account_session"

    #: random, 43 characters; the cookie carries it, signed with the tenant's key
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("core_account.id", ondelete="CASCADE"), index=True)
    #: a session lasts as long as its cookie (PERMANENT_SESSION_LIFETIME) from here
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"<AccountSession of account {self.account_id}>"


class SignInFailures(Base):
    """Failed sign-ins from one client address: for one e-mail address, or (``email`` "") for all.

    Keyed by the e-mail address as typed (normalised), not by account, so that an address
    without an account is slowed exactly like one with (issue 23).
    """

    __tablename__ = "core_sign_in_failures"

    #: normalised e-mail address, or "" for every address tried from *address*
    email: Mapped[str] = mapped_column(String(254), primary_key=True)
    #: the client's IP address
    address: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    #: no attempt is checked before this moment (slowing, then locking)
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    #: the count starts over when the last failure is old enough
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"<SignInFailures {self.failures} from {self.address}>"


class ApiClient(Base):
    """A program that signs in with OAuth2 client credentials."""

    __tablename__ = "core_api_client"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[str] = mapped_column(String(48), unique=True)
    #: argon2id of the secret; the secret itself is shown once, at creation
    secret_hash: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(120))
    #: space-separated permissions this client may ask for
    scopes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)

    @property
    def scope_set(self) -> set[str]:
        return set(self.scopes.split())

    def __repr__(self) -> str:
        return f"<ApiClient {self.client_id}>"
