"""The budget, grants, income and expenses: plain functions on a session (the hooks and views stay thin)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from core.toolkit import NoaberError
from plugins.budgeting.models import (
    CATEGORIES,
    Amendment,
    Expense,
    Grant,
    GrantLine,
    Income,
    Line,
)
from plugins.budgeting.money import clean_iban

#: Dutch and English words a decision may use for a category (``BudgetAllocation.category``)
CATEGORY_WORDS = {"activiteiten": "activities", "vrijwilligers": "volunteers", "vervoer": "transport",
                  "wonen": "housing", "huisvesting": "housing", "communicatie": "communication",
                  "organisatie": "organisation", "overig": "other", "overige": "other"}


#: a grant's period at most (the funder's report adds up the figures of each of its months)
MAX_GRANT_MONTHS = 60


class Conflict(NoaberError):
    """The thing is not in a state that allows this (an answer 409)."""


class PeriodError(NoaberError):
    """A grant's period that cannot be (an answer 422 at its end date)."""


def categories(tenant) -> tuple[str, ...]:
    return (*CATEGORIES, *tenant.plugin_settings("budgeting").get("categories", ()))


def add_line(session, year: int, category: str, name: str, amount: Decimal, project: str = "") -> Line:
    line = Line(year=year, category=category, name=name, amount=amount, project=project)
    session.add(line)
    session.flush()
    return line


def lines_of(session, year: int) -> list[Line]:
    return list(session.scalars(select(Line).where(Line.year == year).order_by(Line.category, Line.name, Line.id)))


def amend_line(line: Line, amount: Decimal, reason: str, actor: str) -> Line:
    """Change a line's amount; the old amount, the reason and who changed it stay in its log."""
    if not reason.strip():
        raise NoaberError("say why the budget changes")
    line.amendments.append(Amendment(old_amount=line.amount, new_amount=amount, reason=reason.strip(), actor=actor))
    line.amount = amount
    return line


def copy_year(session, from_year: int, to_year: int) -> list[Line]:
    """Last year's lines as this year's starting point (lines the members decided are theirs to decide again)."""
    if lines_of(session, to_year):
        raise Conflict(f"{to_year} already has a budget")
    return [add_line(session, to_year, old.category, old.name, old.amount, old.project)
            for old in lines_of(session, from_year) if not old.decided_by_members]


def line_for_allocation(session, allocation) -> Line:
    """The line for money the members decided to spend; the same decision twice is the same line."""
    line = session.scalar(select(Line).where(Line.source == allocation.source))
    if line is not None:
        return line
    word = allocation.category.strip().lower()
    category = word if word in CATEGORIES else CATEGORY_WORDS.get(word, "other")
    line = Line(year=allocation.year, category=category, name=allocation.name[:120], amount=allocation.amount,
                decided_by_members=True, source=allocation.source, decision_url=allocation.decision_url[:200])
    session.add(line)
    session.flush()
    return line


def add_grant(session, funder: str, reference: str, amount: Decimal, starts_on: date, ends_on: date,
              lines: list[dict], **conditions) -> Grant:
    if ends_on < starts_on:
        raise PeriodError("the grant ends before it starts")
    if (ends_on.year - starts_on.year) * 12 + ends_on.month - starts_on.month >= MAX_GRANT_MONTHS:
        raise PeriodError("a grant runs at most five years")
    line_ids = [part["line_id"] for part in lines]
    if len(set(line_ids)) != len(line_ids):
        raise NoaberError("a line is funded twice by this grant")
    known = set(session.scalars(select(Line.id).where(Line.id.in_(line_ids)))) if line_ids else set()
    if missing := [i for i in line_ids if i not in known]:
        raise NoaberError(f"no budget line {missing[0]}")
    if sum((part["amount"] for part in lines), Decimal(0)) > amount:
        raise NoaberError("the lines get more than the grant is")
    grant = Grant(funder=funder, reference=reference, amount=amount, starts_on=starts_on, ends_on=ends_on,
                  lines=[GrantLine(line_id=p["line_id"], amount=p["amount"], explanation=p.get("explanation", ""))
                         for p in lines], **conditions)
    session.add(grant)
    session.flush()
    return grant


def set_report_texts(grant: Grant, goals: str, explanations: dict[int, str]) -> Grant:
    """The grant's goals and, per funded line, why it differs from its budget (both for the funder's report)."""
    grant.goals = goals.strip()
    for part in grant.lines:
        if part.line_id in explanations:
            part.explanation = explanations[part.line_id].strip()
    return grant


def add_income(session, on: date, amount: Decimal, source: str, description: str = "", grant_id: int | None = None,
               **extra) -> Income:
    if grant_id is not None and session.get(Grant, grant_id) is None:
        raise NoaberError(f"no grant {grant_id}")
    if extra.get("payer_iban"):
        extra["payer_iban"] = clean_iban(extra["payer_iban"])
    income = Income(on=on, amount=amount, source=source, description=description, grant_id=grant_id, **extra)
    session.add(income)
    session.flush()
    return income


def submit_expense(session, actor: str, on: date, amount: Decimal, line_id: int, description: str,
                   payee_name: str = "", payee_iban: str = "", **extra) -> Expense:
    if session.get(Line, line_id) is None:
        raise NoaberError(f"no budget line {line_id}")
    expense = Expense(on=on, amount=amount, line_id=line_id, description=description, payee_name=payee_name,
                      payee_iban=clean_iban(payee_iban) if payee_iban else "", submitted_by=actor,
                      status="submitted", **extra)
    session.add(expense)
    session.flush()
    return expense


def approve(expense: Expense, actor: str) -> Expense:
    """Four eyes: whoever submitted an expense does not approve it."""
    if expense.status != "submitted":
        raise Conflict(f"this expense is {expense.status}, not submitted")
    if expense.submitted_by == actor:
        raise Conflict("four eyes: someone else than who submitted an expense approves it")
    expense.status, expense.decided_by = "approved", actor
    return expense


def reject(expense: Expense, actor: str, reason: str) -> Expense:
    if expense.status not in ("submitted", "approved"):
        raise Conflict(f"this expense is {expense.status}; it can no longer be rejected")
    expense.status, expense.decided_by, expense.rejected_reason = "rejected", actor, reason
    return expense


def spent_per_line(session, start: date, end: date, statuses) -> dict[int, Decimal]:
    """Expenses in *statuses* dated from *start* up to (not including) *end*, summed per line."""
    rows = session.execute(select(Expense.line_id, func.sum(Expense.amount))
                           .where(Expense.on >= start, Expense.on < end, Expense.status.in_(statuses))
                           .group_by(Expense.line_id))
    return {line_id: Decimal(total) for line_id, total in rows}
