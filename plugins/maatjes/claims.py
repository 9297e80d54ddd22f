"""What a buddy may claim back for a contact: the costs they paid (an outing's tickets, a coffee) and the
kilometres they drove. Budgeting asks for them per month (``noaber_reimbursement_claims``) and pays
each once; the description names no participant, since the treasurer and the bookkeeper read it."""
from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date
from babel.support import Translations
from marshmallow import fields
from sqlalchemy import or_, select

from core.toolkit import Month, ReimbursementClaim
from plugins.maatjes.models import Contact, Match, Volunteer

#: euro with at most two decimals, 0.01 up to 250.00: more is no buddy's outing
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
        super().__init__(places=places, as_string=True, allow_none=True, load_default=None, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str) or not self.pattern.fullmatch(value):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


def costs_field() -> Quantity:
    return Quantity(COSTS, 2, "12.50", "what the buddy paid, in euro, 0.01 to 250.00; null: nothing")


def km_field() -> Quantity:
    return Quantity(KM, 1, "14.5", "kilometres the buddy drove for it, 0.1 to 500; null: none")


def from_form(text: str | None, pattern: str) -> Decimal | None:
    """A form's amount as people here write it (12,50 or 12.50); None when empty; ValueError when wrong."""
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    if not re.fullmatch(pattern, text):
        raise ValueError(text)
    return Decimal(text)


def _description(contact: Contact) -> str:
    if contact.kind == "outing":
        return gettext("Outing with a buddy, %(day)s", day=dutch_day(contact.on))
    return gettext("Contact with a buddy, %(day)s", day=dutch_day(contact.on))


def claims(session, month: Month) -> list[ReimbursementClaim]:
    """Per contact in *month*: its costs and its kilometres, each a claim for the pair's buddy."""
    rows = session.execute(
        select(Contact, Volunteer.person_id).join(Match, Match.id == Contact.match_id)
        .join(Volunteer, Volunteer.id == Match.volunteer_id)
        .where(Contact.on >= month.first_day, Contact.on < month.next().first_day,
               or_(Contact.costs.is_not(None), Contact.km.is_not(None)))
        .order_by(Contact.on, Contact.id)).all()
    found = []
    for contact, person_id in rows:
        said = _description(contact)
        if contact.costs is not None:
            found.append(ReimbursementClaim(person_id, "costs", contact.costs, said,
                                            f"maatjes:contact:{contact.id}:costs", contact.on))
        if contact.km is not None:
            found.append(ReimbursementClaim(person_id, "km", contact.km, said,
                                            f"maatjes:contact:{contact.id}:km", contact.on))
    return found
