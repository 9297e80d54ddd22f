"""Volunteers' claims: kilometres, the volunteer allowance within its limits, costs; and the claims
other plugins offer (``noaber_reimbursement_claims``), collected once per source."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from core.toolkit import Month, NoaberError, full_names
from plugins.budgeting.models import Claim, Expense, Line
from plugins.budgeting.money import cents, clean_iban, euro
from plugins.budgeting.service import add_line

#: the line claims go to when none is named: the year's first line for volunteers, made when missing
CLAIMS_LINE = "Onkostenvergoedingen vrijwilligers"


def claims_line(session, year: int) -> Line:
    line = session.scalar(select(Line).where(Line.year == year, Line.category == "volunteers").order_by(Line.id))
    return line or add_line(session, year, "volunteers", CLAIMS_LINE, Decimal("0.00"))


def allowance_left(session, settings, person_id: int, month: Month) -> tuple[Decimal, Decimal]:
    """What the person may still get as volunteer allowance in *month* and in its year."""
    def given(months):
        total = session.scalar(select(func.sum(Claim.amount)).join(Expense).where(
            Claim.person_id == person_id, Claim.kind == "allowance", Claim.month.in_(months),
            Expense.status != "rejected"))
        return Decimal(total or 0)
    year = [f"{month.year}-{m:02d}" for m in range(1, 13)]
    return (Decimal(str(settings["allowance_month"])) - given([f"{month.year}-{month.month:02d}"]),
            Decimal(str(settings["allowance_year"])) - given(year))


def amount_of(session, settings, person_id: int, month: Month, kind: str, quantity: Decimal) -> Decimal:
    if kind == "km":
        return cents(quantity * Decimal(str(settings["km_rate"])))
    if kind == "allowance":
        in_month, in_year = allowance_left(session, settings, person_id, month)
        left = max(min(in_month, in_year), Decimal(0))
        if quantity > left:
            period = "this month" if in_month <= in_year else "this year"
            raise NoaberError(f"over the volunteer allowance: {euro(left)} is left {period}")
    return cents(quantity)


def add_claim(session, settings, actor: str, person_id: int, month: Month, kind: str, quantity: Decimal,
              description: str, source: str | None = None, payee_iban: str = "", known: tuple | None = None) -> Claim:
    """One claim as a submitted expense; *known* is (names, line) when a caller adds many at once."""
    names, line = known or (full_names(session, [person_id]), None)
    if person_id not in names:
        raise NoaberError(f"no person {person_id}")
    amount = amount_of(session, settings, person_id, month, kind, quantity)
    payee_iban = clean_iban(payee_iban) if payee_iban else ""
    if amount <= 0:
        raise NoaberError("a claim of nothing is not paid")
    name = names[person_id][:70]
    expense = Expense(on=month.first_day, amount=amount, line=line or claims_line(session, month.year),
                      description=description or kind, payee_name=name, payee_iban=payee_iban, person_id=person_id,
                      submitted_by=actor, status="submitted", source=source)
    claim = Claim(person_id=person_id, month=f"{month.year}-{month.month:02d}", kind=kind, quantity=quantity,
                  amount=amount, description=description, expense=expense)
    session.add(claim)
    if known is None:
        session.flush()
    return claim


def collect(session, hooks, tenant, settings, month: Month) -> int:
    """Every plugin's claims for *month* as submitted expenses; a source already paid or pending is skipped."""
    offered = [c for found in hooks.noaber_reimbursement_claims(tenant=tenant, session=session, month=month)
               for c in found]
    seen = set(session.scalars(select(Expense.source).where(Expense.source.in_([c.source for c in offered]))))
    fresh = []
    for claim in offered:
        if claim.source not in seen and claim.kind in ("km", "costs"):
            seen.add(claim.source)
            fresh.append(claim)
    if not fresh:
        return 0
    known = (full_names(session, {c.person_id for c in fresh}), claims_line(session, month.year))
    with session.no_autoflush:  # one flush for the month, not one per ride
        for claim in fresh:
            add_claim(session, settings, "system:budgeting", claim.person_id, month, claim.kind,
                      Decimal(claim.quantity), claim.description[:300], source=claim.source[:160], known=known)
    session.flush()
    return len(fresh)
