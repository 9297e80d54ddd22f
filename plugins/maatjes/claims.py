"""What a buddy may claim back for a contact: the costs they paid (an outing's tickets, a coffee) and the
kilometres they drove. Budgeting asks for them per month (``noaber_reimbursement_claims``) and pays
each once; the description names no participant, since the treasurer and the bookkeeper read it."""
from __future__ import annotations

from pathlib import Path

from babel.dates import format_date
from sqlalchemy import or_, select

from core.toolkit import CLAIM_COSTS, CLAIM_KM, DecimalString, Month, ReimbursementClaim, dutch_text
from plugins.maatjes.models import Contact, Match, Volunteer

#: descriptions go into the books: in Dutch, with or without a request (the demo collects too)
gettext = dutch_text(Path(__file__).parent / "translations")


def dutch_day(day) -> str:
    return format_date(day, "d MMMM", locale="nl")


def costs_field() -> DecimalString:
    return DecimalString(CLAIM_COSTS, 2, "12.50", "what the buddy paid, in euro, 0.01 to 250.00; null: nothing",
                         allow_none=True, load_default=None)


def km_field() -> DecimalString:
    return DecimalString(CLAIM_KM, 1, "14.5", "kilometres the buddy drove for it, 0.1 to 500; null: none",
                         allow_none=True, load_default=None)


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
