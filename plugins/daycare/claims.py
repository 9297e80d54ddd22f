"""What a volunteer may claim back for a session they helped at: the costs they paid (groceries for the
lunch) and the kilometres they drove. Budgeting asks for them per month (``noaber_reimbursement_claims``)
and pays each once; the description names the activity and the day, never a participant."""
from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date
from babel.support import Translations
from marshmallow import fields
from sqlalchemy import or_, select
from sqlalchemy.orm import Session as Db

from core.toolkit import Actor, Month, NoaberError, ReimbursementClaim, audit
from plugins.daycare.models import Helper, Session
from plugins.daycare.schedule import today

#: euro with at most two decimals, 0.01 up to 250.00: more is not a volunteer's shopping for a session
COSTS = r"^(0\.(0[1-9]|[1-9][0-9]?)|([1-9][0-9]?|1[0-9]{2}|2[0-4][0-9])(\.[0-9]{1,2})?|250(\.00?)?)$"
#: kilometres with at most one decimal, 0.1 up to 500
KM = r"^(0\.[1-9]|([1-9][0-9]?|[1-4][0-9]{2})(\.[0-9])?|500(\.0)?)$"


@lru_cache(maxsize=1)
def _dutch() -> Translations:
    return Translations.load(str(Path(__file__).parent / "translations"), ["nl"])


def gettext(message: str, **values) -> str:
    """*message* in Dutch: what goes into the books is in the tenant's language, whoever collects, and
    also where there is no request (the demo, a job)."""
    return _dutch().gettext(message) % values


def dutch_day(day) -> str:
    return format_date(day, "d MMMM", locale="nl")


class Quantity(fields.Decimal):
    """A Decimal read only from a string matching *pattern* (never a float), written as a string."""

    def __init__(self, pattern: str, places: int, example: str, description: str, **kwargs):
        self.pattern = re.compile(pattern)
        kwargs["error_messages"] = {"invalid": f"a decimal string, e.g. \"{example}\": {description}"}
        kwargs["metadata"] = {"type": "string", "pattern": pattern, "example": example, "description": description}
        super().__init__(places=places, as_string=True, allow_none=True, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str) or not self.pattern.fullmatch(value):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


def from_form(text: str | None, pattern: str) -> Decimal | None:
    """A form's amount as people here write it (12,50 or 12.50); None when empty; ValueError when wrong."""
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    if not re.fullmatch(pattern, text):
        raise ValueError(text)
    return Decimal(text)


class NotHeld(NoaberError):
    """Costs for a session that was cancelled or is still to come (a 409)."""


def record_costs(db: Db, helper: Helper, costs: Decimal | None, description: str, km: Decimal | None,
                 actor: Actor) -> Helper:
    """Set (or replace) what the volunteer claims for the session; only for a session held."""
    s = helper.session
    if s.cancelled:
        raise NotHeld("this session was cancelled")
    if s.day > today():
        raise NotHeld("this session is still to come: costs are recorded once it is held")
    helper.costs, helper.km = costs, km
    helper.costs_description = description.strip() if costs is not None else ""
    db.flush()
    audit(db, actor.actor, "daycare.costs", helper.person_id, actor.via, f"session {s.id}")
    return helper


def claims(db: Db, month: Month) -> list[ReimbursementClaim]:
    """Per volunteer at a session held in *month*: their costs and their kilometres, each a claim."""
    rows = db.scalars(
        select(Helper).join(Session, Session.id == Helper.session_id)
        .where(Session.day >= month.first_day, Session.day < month.next().first_day, Session.cancelled.is_(False),
               or_(Helper.costs.is_not(None), Helper.km.is_not(None)))
        .order_by(Session.day, Helper.id)).all()
    found = []
    for helper in rows:
        activity, day = helper.session.group.name, dutch_day(helper.session.day)
        if helper.costs is not None:
            found.append(ReimbursementClaim(
                helper.person_id, "costs", helper.costs,
                gettext("%(activity)s, %(day)s: %(what)s", activity=activity, day=day, what=helper.costs_description),
                f"daycare:helper-costs:{helper.id}", helper.session.day))
        if helper.km is not None:
            found.append(ReimbursementClaim(
                helper.person_id, "km", helper.km,
                gettext("%(activity)s, %(day)s: kilometres driven", activity=activity, day=day),
                f"daycare:helper-costs:{helper.id}:km", helper.session.day))
    return found

