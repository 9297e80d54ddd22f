"""Payments out: approved expenses as one SEPA credit-transfer file (pain.001.001.03, or the newer .09), made
by sepaxml and checked against the ISO 20022 schema it bundles before anyone can download it."""
from __future__ import annotations

import functools
from datetime import date
from pathlib import Path

import sepaxml
import xmlschema
from sepaxml import SepaTransfer
from sqlalchemy import select

from core.toolkit import NoaberError
from plugins.budgeting.models import Expense, PaymentBatch
from plugins.budgeting.money import clean_iban

#: .03 every Dutch bank accepts; .09 (ISO 20022 of 2019) is what banks move to
SCHEMAS = ("pain.001.001.03", "pain.001.001.09")
SCHEMA = SCHEMAS[0]


@functools.cache  # reading the XSD takes seconds; the schema does not change
def xsd(schema: str = SCHEMA) -> xmlschema.XMLSchema:
    """The ISO 20022 schema of *schema*, as sepaxml bundles it."""
    return xmlschema.XMLSchema(str(Path(sepaxml.__file__).parent / "schemas" / f"{schema}.xsd"))


def valid(document: bytes, schema: str = SCHEMA) -> bytes:
    """The document, or a NoaberError when the schema refuses it (then nothing is scheduled)."""
    errors = list(xsd(schema).iter_errors(document.decode()))
    if errors:
        raise NoaberError(f"the payment file does not meet the SEPA schema: {errors[0].reason}")
    return document


def debtor(settings) -> dict:
    """The association's account from the settings, or a NoaberError naming what is missing."""
    missing = [name for name in ("account_name", "iban") if not settings.get(name)]
    if missing:
        raise NoaberError(f"set {' and '.join(missing)} under [plugins.budgeting] in tenant.toml first")
    account = {"name": settings["account_name"], "IBAN": clean_iban(settings["iban"]), "batch": True,
               "currency": "EUR"}
    if settings.get("bic"):
        account["BIC"] = settings["bic"]
    return account


def end_to_end_id(expense: Expense) -> str:
    """Unique per expense and short enough for SEPA (35): the bank statement gives it back."""
    return f"NOABER-EXP-{expense.id}"


def payable(session) -> list[Expense]:
    """Approved expenses that can be paid: with the payee's IBAN and name."""
    return list(session.scalars(select(Expense).where(Expense.status == "approved", Expense.payee_iban != "",
                                                      Expense.payee_name != "").order_by(Expense.id)))


def make_batch(session, settings, execution_date: date, actor: str, schema: str = SCHEMA) -> PaymentBatch:
    if schema not in SCHEMAS:
        raise NoaberError(f"a payment file is {' or '.join(SCHEMAS)}, not {schema}")
    expenses = payable(session)
    if not expenses:
        raise NoaberError("no approved expense with a payee's name and IBAN to pay")
    sepa = SepaTransfer(debtor(settings), schema=schema, clean=True)
    for expense in expenses:
        expense.end_to_end_id = end_to_end_id(expense)
        sepa.add_payment({"name": expense.payee_name, "IBAN": expense.payee_iban,
                          "amount": int(expense.amount * 100), "execution_date": execution_date,
                          "description": expense.description[:140], "endtoend_id": expense.end_to_end_id})
    document = valid(sepa.export(validate=False), schema)
    batch = PaymentBatch(execution_date=execution_date, created_by=actor, count=len(expenses),
                         total=sum(e.amount for e in expenses), document=document)
    session.add(batch)
    session.flush()
    for expense in expenses:
        expense.status, expense.batch_id = "scheduled", batch.id
    return batch
