"""Report pages: the members' report (also public, if the neighbourhood wants), a funder's report per grant."""
from __future__ import annotations

from flask import abort, render_template
from sqlalchemy import select

from core.toolkit import _, current_session, current_tenant, public, requires
from plugins.budgeting.charts import bars
from plugins.budgeting.labels import SOURCE_LABELS, category_label
from plugins.budgeting.models import Expense, Grant
from plugins.budgeting.report import grant_row, year_report
from plugins.budgeting.views import blueprint, chosen_year


def members_page(year: int, public_page: bool):
    report = year_report(current_session(), year)
    income = {str(SOURCE_LABELS.get(k, k)): v for k, v in report.income_by_source.items()}
    spent = {category_label(k): v for k, v in report.spent_by_category.items() if v}
    return render_template("budgeting/members.html", year=year, report=report, public_page=public_page,
                           income=income, spent=spent, income_chart=bars(income, _("Where the money came from")),
                           spent_chart=bars(spent, _("What the money went to")))


@blueprint.get("/members")
@requires("budgeting.members_report")
def members_report():
    return members_page(chosen_year(), False)


@blueprint.get("/public")
@public
def public_report():
    if not current_tenant().plugin_settings("budgeting").get("public_report"):
        abort(404)
    return members_page(chosen_year(), True)


@blueprint.get("/grants/<int:grant_id>")
@requires("budgeting.read")
def funder_report(grant_id):
    session = current_session()
    grant = session.get(Grant, grant_id) or abort(404)
    row = grant_row(session, grant)
    line_ids = [part.line_id for part in grant.lines]
    expenses = session.scalars(select(Expense).where(
        Expense.line_id.in_(line_ids), Expense.on >= grant.starts_on, Expense.on <= grant.ends_on,
        Expense.status.in_(("approved", "scheduled", "paid"))).order_by(Expense.on, Expense.id)).all()
    advance = grant.amount * grant.advance_percent / 100 if grant.advance_percent else None
    return render_template("budgeting/funder.html", grant=grant, row=row, expenses=expenses, advance=advance,
                           settings=current_tenant().plugin_settings("budgeting"),
                           settle=min(row.spent, grant.amount) - row.received)
