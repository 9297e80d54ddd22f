"""Bank statements in: CAMT.053 (pycamt) and MT940 (mt-940), de-duplicated on the bank's reference,
matched to scheduled expenses (end-to-end id, then IBAN + amount) and expected income (reference, then
IBAN + amount). Only a unique candidate is matched; the rest waits on the review list."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

import mt940
from pycamt.parser import Camt053Parser
from sqlalchemy import select

from core.toolkit import NoaberError
from plugins.budgeting.models import BankEntry, Expense, Income, Statement

#: the tags Dutch banks put in MT940's :86: (SEPA style): /EREF/…/IBAN/…/NAME/…/REMI/…
TAG_86 = re.compile(r"/(EREF|IBAN|NAME|REMI|CNTP|TRTP|BIC|ORDP|BENM|MARF|CSID|ID)/")


@dataclass
class Booking:
    reference: str
    booked_on: date
    amount: Decimal
    name: str = ""
    iban: str = ""
    end_to_end_id: str = ""
    remittance: str = ""


def read(data: bytes) -> tuple[str, list[Booking]]:
    """The format and the bookings of a bank file, or a NoaberError when it is none."""
    text = data.lstrip()[:200]
    try:
        if text.startswith(b"<"):
            return "camt.053", camt_bookings(data)
        if b":20:" in data and b":61:" in data:
            return "mt940", mt940_bookings(data.decode("latin-1"))
    except NoaberError:
        raise
    except Exception as exc:  # a parser meeting something it cannot read: the file is no statement
        raise NoaberError(f"this file cannot be read as a bank statement ({type(exc).__name__})") from None
    raise NoaberError("this is no bank statement: send a CAMT.053 (XML) or MT940 file from the bank")


def camt_bookings(data: bytes) -> list[Booking]:
    parser = Camt053Parser(data)
    if not str(parser.version or "").startswith("camt.053"):
        raise NoaberError("this XML is no CAMT.053 bank statement")
    bookings = []
    for index, row in enumerate(parser.get_transactions()):
        amount = Decimal(row["Amount"])
        outgoing = row.get("CreditDebitIndicator") == "DBIT"
        party = "Creditor" if outgoing else "Debtor"
        e2e = row.get("EndToEndId") or ""
        e2e = "" if e2e == "NOTPROVIDED" else e2e
        reference = row.get("TransactionID") or digest(row)
        bookings.append(Booking(f"{reference}/{e2e or index}"[:120], date.fromisoformat(row["BookingDate"][:10]),
                                -amount if outgoing else amount, (row.get(f"{party}Name") or "")[:140],
                                (row.get(f"{party}IBAN") or "")[:34], e2e[:35],
                                (row.get("RemittanceInformationFull") or row.get("RemittanceInformation") or "")[:300]))
    return bookings


def mt940_bookings(text: str) -> list[Booking]:
    statement = mt940.parse(text)
    if not len(statement):
        raise NoaberError("this MT940 file has no bookings")
    return [mt940_booking(t.data, index) for index, t in enumerate(statement)]


def mt940_booking(data: dict, index: int) -> Booking:
    details = " ".join(str(data.get("transaction_details") or "").split())
    tags = split_86(details)
    iban = tags.get("IBAN") or tags.get("CNTP", "").split("/")[0]
    name = tags.get("NAME") or (tags.get("CNTP", "").split("/") + ["", ""])[2]
    reference = data.get("bank_reference") or digest({**{k: str(v) for k, v in data.items()}, "index": index})
    return Booking(str(reference)[:120], data["date"], Decimal(data["amount"].amount), name[:140], iban[:34],
                   tags.get("EREF", "").strip()[:35] if tags.get("EREF") != "NOTPROVIDED" else "",
                   (tags.get("REMI") or details)[:300])


def split_86(details: str) -> dict[str, str]:
    parts = TAG_86.split(details)
    return {parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}


def digest(row: dict) -> str:
    return hashlib.sha256(repr(sorted(row.items())).encode()).hexdigest()[:40]


def import_statement(session, data: bytes, actor: str) -> dict:
    """Book a bank file's entries once; answer what was new, what was matched, what needs review."""
    try:
        kind, bookings = read(data)
    except (InvalidOperation, KeyError, ValueError) as exc:
        raise NoaberError(f"this file cannot be read as a bank statement ({type(exc).__name__})") from None
    known = set(session.scalars(select(BankEntry.bank_reference)
                                .where(BankEntry.bank_reference.in_([b.reference for b in bookings]))))
    statement = Statement(format=kind, imported_by=actor)
    session.add(statement)
    session.flush()
    new = matched = 0
    for booking in bookings:
        if booking.reference in known:
            continue
        known.add(booking.reference)
        entry = BankEntry(statement_id=statement.id, bank_reference=booking.reference, booked_on=booking.booked_on,
                          amount=booking.amount, counterparty_name=booking.name, counterparty_iban=booking.iban,
                          end_to_end_id=booking.end_to_end_id, remittance=booking.remittance)
        session.add(entry)
        new += 1
        matched += match(session, entry)
    statement.entries = new
    session.flush()
    return {"entries": len(bookings), "new": new, "duplicates": len(bookings) - new, "matched": matched,
            "review": new - matched}


def match(session, entry: BankEntry) -> bool:
    if entry.amount < 0:
        expense = expense_for(session, entry)
        if expense is not None:
            entry.expense_id, expense.status, expense.paid_on = expense.id, "paid", entry.booked_on
        return expense is not None
    income = income_for(session, entry)
    if income is not None:
        entry.income_id, income.received, income.on = income.id, True, entry.booked_on
    return income is not None


def only(candidates) -> object | None:
    found = list(candidates)
    return found[0] if len(found) == 1 else None


def expense_for(session, entry: BankEntry) -> Expense | None:
    scheduled = select(Expense).where(Expense.status == "scheduled")
    if entry.end_to_end_id:
        found = session.scalar(scheduled.where(Expense.end_to_end_id == entry.end_to_end_id))
        if found is not None:
            return found
    if not entry.counterparty_iban:
        return None
    return only(session.scalars(scheduled.where(Expense.payee_iban == entry.counterparty_iban,
                                                Expense.amount == -entry.amount)))


def income_for(session, entry: BankEntry) -> Income | None:
    expected = list(session.scalars(select(Income).where(Income.received.is_(False))))
    if entry.remittance:
        by_reference = only(i for i in expected if i.reference and i.reference in entry.remittance)
        if by_reference is not None:
            return by_reference
    return only(i for i in expected if i.payer_iban and i.payer_iban == entry.counterparty_iban
                and i.amount == entry.amount)


def review_list(session) -> list[BankEntry]:
    return list(session.scalars(select(BankEntry).where(BankEntry.expense_id.is_(None), BankEntry.income_id.is_(None),
                                                        BankEntry.no_booking.is_(False))
                                .order_by(BankEntry.booked_on, BankEntry.id)))
