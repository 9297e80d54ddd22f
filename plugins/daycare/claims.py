"""What a volunteer may claim back for a session they helped at: the costs they paid (groceries for the
lunch) and the kilometres they drove. Budgeting asks for them per month (``noaber_reimbursement_claims``)
and pays each once; the description names the activity and the day, never a participant."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from babel.dates import format_date
from sqlalchemy import or_, select
from sqlalchemy.orm import Session as Db

from core.toolkit import Actor, Month, NoaberError, ReimbursementClaim, audit, dutch_text
from plugins.daycare.models import Helper, Session
from plugins.daycare.schedule import today

#: descriptions go into the books: in Dutch, with or without a request (the demo collects too)
gettext = dutch_text(Path(__file__).parent / "translations")


def dutch_day(day) -> str:
    return format_date(day, "d MMMM", locale="nl")


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

