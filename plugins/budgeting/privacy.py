"""A volunteer's claims and the expenses paid to them: exported, or erased as far as the law allows.

Bookings are kept seven years (fiscale bewaarplicht), so erasing keeps amount, date, line and
receipt of what was paid; the name and IBAN go from every expense no longer waiting for the bank, and
from the bank's booking that paid it.
"""
from __future__ import annotations

from sqlalchemy import select

from plugins.budgeting import receipts
from plugins.budgeting.models import BankEntry, Claim, Expense

#: the bank still needs the account of an expense in a payment batch not yet paid
WAITING = ("scheduled",)


def export(session, person_id: int) -> dict | None:
    expenses = session.scalars(select(Expense).where(Expense.person_id == person_id).order_by(Expense.on)).all()
    if not expenses:
        return None
    kinds = {c.expense_id: (c.kind, str(c.quantity)) for c in session.scalars(
        select(Claim).where(Claim.person_id == person_id))}
    return {"expenses": [{"id": e.id, "on": e.on.isoformat(), "amount": str(e.amount), "description": e.description,
                          "status": e.status, "payee_name": e.payee_name, "payee_iban": e.payee_iban,
                          "receipt": e.has_receipt, "claim": kinds.get(e.id)} for e in expenses]}


def erase(tenant, session, person_id: int) -> None:
    for expense in session.scalars(select(Expense).where(Expense.person_id == person_id)):
        if expense.status == "rejected":  # never booked: nothing to keep
            receipts.remove(tenant, expense)
        if expense.status not in WAITING:
            expense.payee_name, expense.payee_iban, expense.person_id = "", "", None
            for entry in session.scalars(select(BankEntry).where(BankEntry.expense_id == expense.id)):
                entry.counterparty_name, entry.counterparty_iban = "", ""  # the bank's booking of it: the same
    for claim in session.scalars(select(Claim).where(Claim.person_id == person_id)):
        if claim.expense.person_id is None:
            claim.person_id, claim.description = None, ""
