"""The review list by hand: the treasurer links a bank booking the import could not match to the expense
it paid (which is then paid) or to the income it brought, or marks it as needing no booking, with a note.

Each is checked before anything changes, so a refusal leaves everything as it was; the caller commits the
change together with its line in the audit log."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import exists, select

from core.toolkit import Actor, NoaberError, audit
from plugins.budgeting.models import BankEntry, Expense, Income
from plugins.budgeting.service import Conflict

#: expenses a bank booking may pay: in a payment batch, or approved and paid by hand in internet banking
PAYABLE = ("approved", "scheduled")


class AmountsDiffer(NoaberError):
    """The booking and the expense or income are not the same amount (an answer 422 that says by how much)."""

    def __init__(self, booked: Decimal, expected: Decimal):
        self.booked, self.expected, self.difference = booked, expected, abs(booked - expected)
        super().__init__(f"the amounts differ by {self.difference} euro: the bank booked {booked}, "
                         f"the booking it is linked to is {expected}")


class NotFound(NoaberError):
    """No such expense or income (an answer 422 at its field: it is a value in the request)."""


def open_entry(entry: BankEntry) -> None:
    if entry.handled:
        raise Conflict("this bank booking is already matched or marked as needing no booking")


def expense_taken(session, expense: Expense) -> bool:
    return expense.status == "paid" or session.scalar(select(exists().where(BankEntry.expense_id == expense.id)))


def income_taken(session, income: Income) -> bool:
    return session.scalar(select(exists().where(BankEntry.income_id == income.id)))


def link_expense(session, entry: BankEntry, expense_id: int, who: Actor) -> Expense:
    """The booking paid this expense: the expense is paid on the booking's date."""
    open_entry(entry)
    expense = session.get(Expense, expense_id)
    if expense is None:
        raise NotFound(f"no expense {expense_id}")
    if expense_taken(session, expense) or expense.status not in PAYABLE:
        raise Conflict(f"this expense is {expense.status}" + (" and already matched" if expense.status == "paid"
                                                               else "; only an approved expense can be paid"))
    if entry.amount >= 0:
        raise NoaberError("money came in with this booking: link it to income, not to an expense")
    if -entry.amount != expense.amount:
        raise AmountsDiffer(-entry.amount, expense.amount)
    entry.expense_id, expense.status, expense.paid_on = expense.id, "paid", entry.booked_on
    audit(session, who.actor, "budgeting.matched", expense.person_id, who.via,
          f"bank booking {entry.id} paid expense {expense.id}")
    return expense


def link_income(session, entry: BankEntry, income_id: int, who: Actor) -> Income:
    """The booking brought this income: it is received on the booking's date."""
    open_entry(entry)
    income = session.get(Income, income_id)
    if income is None:
        raise NotFound(f"no income {income_id}")
    if income_taken(session, income):
        raise Conflict("this income is already matched to a bank booking")
    if entry.amount <= 0:
        raise NoaberError("money went out with this booking: link it to an expense, not to income")
    if entry.amount != income.amount:
        raise AmountsDiffer(entry.amount, income.amount)
    entry.income_id, income.received, income.on = income.id, True, entry.booked_on
    audit(session, who.actor, "budgeting.matched", None, who.via,
          f"bank booking {entry.id} brought income {income.id}")
    return income


def mark_no_booking(session, entry: BankEntry, note: str, who: Actor) -> BankEntry:
    """Bank costs, a payment and its return: nothing to book, and the note says why."""
    open_entry(entry)
    if not note.strip():
        raise NoaberError("say why this bank booking needs no booking")
    entry.no_booking, entry.note = True, note.strip()[:300]
    audit(session, who.actor, "budgeting.no_booking", None, who.via, f"bank booking {entry.id}: {entry.note}")
    return entry


def candidates(session, entry: BankEntry) -> list[Expense | Income]:
    """What the booking may be linked to, those of the same amount first."""
    if entry.amount < 0:
        found = session.scalars(select(Expense).where(
            Expense.status.in_(PAYABLE), ~exists().where(BankEntry.expense_id == Expense.id))
            .order_by(Expense.on, Expense.id)).all()
        return sorted(found, key=lambda e: e.amount != -entry.amount)
    found = session.scalars(select(Income).where(
        Income.received.is_(False), ~exists().where(BankEntry.income_id == Income.id))
        .order_by(Income.on, Income.id)).all()
    return sorted(found, key=lambda i: i.amount != entry.amount)
