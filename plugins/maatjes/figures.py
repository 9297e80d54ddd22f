"""The programme's figures, for the report page and for coalitions (metrics.py): pairs that
started, ran and ended, waiting, contacts, and the change in loneliness, as aggregates only.

Loneliness change is per participant the latest score minus the first (De Jong Gierveld,
0-6; negative is less lonely), and whether their level (not, moderate, severe) went down.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from statistics import mean, median

from sqlalchemy import select
from sqlalchemy.orm import Session

from plugins.maatjes.loneliness import level_rank
from plugins.maatjes.models import Contact, Match, Participant
from plugins.maatjes.service import waiting


def active_on(session: Session, day: date) -> list[Match]:
    """Pairs that were active at the end of *day*."""
    return [m for m in session.scalars(select(Match).where(Match.active_on.is_not(None), Match.active_on <= day))
            if m.ended_on is None or m.ended_on > day]


def started(session: Session, first: date, last: date) -> list[Match]:
    return list(session.scalars(select(Match).where(Match.active_on >= first, Match.active_on <= last)))


def ended(session: Session, first: date, last: date, reason: str | None = None) -> list[Match]:
    query = select(Match).where(Match.ended_on >= first, Match.ended_on <= last)
    if reason:
        query = query.where(Match.end_reason == reason)
    return list(session.scalars(query))


def contacts(session: Session, first: date, last: date) -> list[Contact]:
    return list(session.scalars(select(Contact).where(Contact.on >= first, Contact.on <= last)))


def waiting_days(session: Session, day: date) -> list[int]:
    return [days for _row, days in waiting(session, Participant, day)]


def median_or_zero(values: list[int]) -> float:
    return float(median(values)) if values else 0.0


@dataclass(frozen=True)
class Change:
    """The loneliness change of the participants measured again, with how many they are."""

    persons: int
    mean_change: float
    lower_share: float  # percent of them whose level went down


def loneliness_change(session: Session, first: date, last: date) -> Change:
    """Over the participants whose latest measurement up to *last* falls in [first, last] and is
    not their first one: latest minus first."""
    changes = []
    for participant in session.scalars(select(Participant)):
        upto = [m for m in participant.measurements if m.on <= last]
        if len(upto) >= 2 and upto[-1].on >= first:
            changes.append((upto[-1].score - upto[0].score, level_rank(upto[-1].level) < level_rank(upto[0].level)))
    if not changes:
        return Change(0, 0.0, 0.0)
    return Change(len(changes), round(mean(c for c, _lower in changes), 2),
                  round(100 * sum(lower for _c, lower in changes) / len(changes), 1))
