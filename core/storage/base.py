"""What every table is built on, core's and plugins': one declarative base with one naming
convention, and moments in time that are always UTC and timezone-aware."""
from __future__ import annotations

from datetime import datetime, UTC

from sqlalchemy import DateTime, MetaData, event
from sqlalchemy.orm import DeclarativeBase, Mapper
from sqlalchemy.types import TypeDecorator

#: one naming convention, so migrations on SQLite and PostgreSQL name constraints alike
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """A moment in time, stored as UTC and always read back timezone-aware.

    SQLite keeps no offset, so without this the same column would read back naive on
    SQLite and aware on PostgreSQL.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime given; use an aware one (UTC)")
            value = value.astimezone(UTC)
        return value

    def process_result_value(self, value: datetime | None, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    """Declarative base of every table, core's and plugins'."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    return datetime.now(UTC)


@event.listens_for(Mapper, "mapper_configured")
def _utc_on_assignment(mapper, class_) -> None:
    """A moment given to a ``UTCDateTime`` attribute is made UTC at once, not only on its way to
    the database: an object kept after a commit (a request's session keeps them) then answers
    what a fresh read would, ``…+00:00``, not the offset it was given in."""
    if not issubclass(class_, Base):
        return
    for prop in mapper.column_attrs:
        if any(isinstance(column.type, UTCDateTime) for column in prop.columns):
            event.listen(getattr(class_, prop.key), "set", _as_utc, retval=True, propagate=True)


def _as_utc(_target, value, _old, _initiator):
    return value.astimezone(UTC) if isinstance(value, datetime) and value.tzinfo is not None else value
