"""Volunteer hours over all plugins (``noaber_volunteer_hours``), per month.

Funders and municipalities ask one figure of a care cooperative more than any other: how
many hours volunteers gave, by how many volunteers, and what that is worth. Each plugin
knows its own part (driving, buddy visits, activities); core adds them up, and values them
at the tenant's ``[volunteers] hourly_rate``.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy.orm import Session

from core.hookspecs import VolunteerHours
from core.i18n.text import _l
from core.metrics import Measure, Metric, Month

CENT = Decimal("0.01")
TENTH = Decimal("0.1")


@dataclass
class Summary:
    """One month's volunteer hours: per kind, per volunteer, and in total."""

    month: Month
    by_kind: dict[str, Decimal] = field(default_factory=dict)
    by_person: dict[int, Decimal] = field(default_factory=dict)
    #: what people read for each kind
    labels: dict[str, str] = field(default_factory=dict)
    #: euro per hour, or None when the tenant set none
    rate: Decimal | None = None

    @property
    def hours(self) -> Decimal:
        return sum(self.by_kind.values(), Decimal(0))

    @property
    def volunteers(self) -> int:
        return len(self.by_person)

    @property
    def value(self) -> Decimal | None:
        return None if self.rate is None else (self.hours * self.rate).quantize(CENT, ROUND_HALF_UP)


def gathered(hooks, tenant, session: Session, month: Month) -> list[VolunteerHours]:
    """What every enabled plugin reports for *month*."""
    found = hooks.noaber_volunteer_hours(tenant=tenant, session=session, month=month)
    return [row for rows in found for row in rows or ()]


def summary(hooks, tenant, session: Session, month: Month) -> Summary:
    by_kind: dict[str, Decimal] = defaultdict(Decimal)
    by_person: dict[int, Decimal] = defaultdict(Decimal)
    labels: dict[str, str] = {}
    for row in gathered(hooks, tenant, session, month):
        hours = Decimal(row.hours)
        by_kind[row.kind] += hours
        by_person[row.person_id] += hours
        labels.setdefault(row.kind, str(row.label or row.kind))
    return Summary(month, dict(sorted(by_kind.items())), dict(by_person), labels, tenant.volunteers["hourly_rate"])


def _hours(tenant, session, month, hooks) -> Measure:
    found = summary(hooks, tenant, session, month)
    return Measure(float(found.hours.quantize(TENTH, ROUND_HALF_UP)), found.volunteers)


def _volunteers(tenant, session, month, hooks) -> Measure:
    found = summary(hooks, tenant, session, month)
    return Measure(found.volunteers, found.volunteers)


def _value(tenant, session, month, hooks) -> Measure:
    found = summary(hooks, tenant, session, month)
    if found.value is None:
        return Measure(0, 0)  # no rate: from nobody, so disclosure control never lets it out
    return Measure(float(found.value), found.volunteers)


METRICS = [
    Metric("core.volunteer_hours", _l("Volunteer hours"), "hours", "quantity", _hours, needs_hooks=True,
           description=_l("Hours volunteers gave, over every part of the site (driving, buddies, activities).")),
    Metric("core.volunteers", _l("Volunteers who gave time"), "persons", "persons", _volunteers, needs_hooks=True,
           description=_l("Distinct volunteers with hours in the month.")),
    Metric("core.volunteer_value", _l("Value of volunteer hours"), "euro", "money", _value, needs_hooks=True,
           description=_l("Volunteer hours at the neighbourhood's hourly rate.")),
]
