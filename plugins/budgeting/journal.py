"""The journal for the bookkeeper: every booking of a year as rows, to CSV and to XLSX (numbers as numbers)."""
from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from plugins.budgeting.models import SPENT, BankEntry, Expense, Grant, GrantLine, Income

COLUMNS = ("booking", "date", "journal", "ledger_account", "description", "debit", "credit", "counterparty",
           "iban", "budget_line", "grant", "bank_reference", "receipt_file")
#: ledger accounts as a small association's chart of accounts has them (income 8xxx, costs 4xxx)
LEDGER = {"municipality": "8000", "wmo": "8010", "fund": "8020", "membership": "8100", "gift": "8200",
          "other": "8900"}
COSTS = {"activities": "4000", "volunteers": "4100", "transport": "4200", "housing": "4300",
         "communication": "4400", "organisation": "4500", "other": "4900"}


def rows(session, year: int) -> list[dict]:
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    grants = {g.id: g.reference for g in session.scalars(select(Grant))}
    line_grant = {gl.line_id: grants.get(gl.grant_id, "") for gl in session.scalars(select(GrantLine))}
    bank = {e.expense_id: e.bank_reference for e in session.scalars(select(BankEntry).where(
        BankEntry.expense_id.is_not(None)))}
    bank_in = {e.income_id: e.bank_reference for e in session.scalars(select(BankEntry).where(
        BankEntry.income_id.is_not(None)))}
    found = []
    for income in session.scalars(select(Income).where(Income.on >= start, Income.on < end,
                                                       Income.received.is_(True))):
        found.append({"date": income.on, "journal": "income", "ledger_account": LEDGER.get(income.source, "8900"),
                      "description": income.description, "debit": Decimal("0.00"), "credit": income.amount,
                      "counterparty": "", "iban": income.payer_iban, "budget_line": "",
                      "grant": grants.get(income.grant_id, ""), "bank_reference": bank_in.get(income.id, ""),
                      "receipt_file": ""})
    for expense in session.scalars(select(Expense).where(Expense.on >= start, Expense.on < end,
                                                         Expense.status.in_(SPENT))):
        found.append({"date": expense.on, "journal": "bank" if expense.status == "paid" else "purchases",
                      "ledger_account": COSTS.get(expense.line.category, "4900"),
                      "description": expense.description, "debit": expense.amount, "credit": Decimal("0.00"),
                      "counterparty": expense.payee_name, "iban": expense.payee_iban,
                      "budget_line": expense.line.name, "grant": line_grant.get(expense.line_id, ""),
                      "bank_reference": bank.get(expense.id, ""),
                      "receipt_file": receipt_name(expense)})
    found.sort(key=lambda r: (r["date"], r["journal"], r["description"]))
    return [{"booking": number, **row} for number, row in enumerate(found, start=1)]


def receipt_name(expense) -> str:
    if not expense.receipt_type:
        return ""
    return f"receipt-{expense.id}.{expense.receipt_type.split('/')[1].replace('jpeg', 'jpg')}"


def to_csv(rows_: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, delimiter=";")
    writer.writeheader()
    for row in rows_:
        writer.writerow({**row, "date": row["date"].isoformat(), "debit": f"{row['debit']:.2f}",
                         "credit": f"{row['credit']:.2f}"})
    return out.getvalue()


def to_xlsx(rows_: list[dict], year: int) -> bytes:
    # openpyxl brings NumPy with it: loaded only when a journal is asked for, not in every web worker
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.title = f"Journaal {year}"
    sheet.append(COLUMNS)
    for row in rows_:
        sheet.append([row[c] for c in COLUMNS])
        for column in (6, 7):  # debit, credit: numbers with two decimals, so the sheet sums them
            sheet.cell(row=sheet.max_row, column=column).number_format = "#,##0.00"
        sheet.cell(row=sheet.max_row, column=2).number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
