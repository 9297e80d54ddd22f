"""Pages: the treasurer's overview, the budget editor, the expense form, approvals, receipts (the bank is in
bank_views.py, the reports in report_views.py)."""
from __future__ import annotations

import io
import zipfile
from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from core.toolkit import (
    ConfirmForm,
    NoaberError,
    _,
    current_principal,
    current_session,
    current_tenant,
    refuse,
    requires,
)
from plugins.budgeting import receipts, service
from plugins.budgeting.forms import AmendForm, CopyForm, ExpenseForm, LineForm, RejectForm
from plugins.budgeting.labels import STATUS_LABELS, category_label
from plugins.budgeting.models import Expense, Line
from plugins.budgeting.report import year_report

blueprint = Blueprint("budgeting", __name__, template_folder="templates")
blueprint.add_app_template_filter(category_label, "budget_category")
blueprint.add_app_template_filter(lambda s: STATUS_LABELS.get(s, s), "expense_status")


def actor() -> str:
    return current_principal().actor


def chosen_year() -> int:
    text = request.args.get("year", "")
    if not text:
        return date.today().year
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        refuse(400, _("%(year)s is not a year; write it as 2026.", year=text[:10]))
    return int(text)


@blueprint.get("/")
@requires("budgeting.read")
def overview():
    year = chosen_year()
    session = current_session()
    waiting = session.scalars(select(Expense).where(Expense.status == "submitted")).all()
    return render_template("budgeting/overview.html", year=year, report=year_report(session, year),
                           waiting=len(waiting))


@blueprint.route("/budget", methods=["GET", "POST"])
@requires("budgeting.manage")
def budget():
    year, session = chosen_year(), current_session()
    form = LineForm(prefix="line")
    form.category.choices = [(c, category_label(c)) for c in service.categories(current_tenant())]
    if form.validate_on_submit():
        service.add_line(session, year, form.category.data, form.name.data, form.amount.data, form.project.data or "")
        session.commit()
        flash(_("The line is in the budget."))
        return redirect(url_for("budgeting.budget", year=year))
    return render_template("budgeting/budget.html", year=year, lines=service.lines_of(session, year), form=form,
                           amend=AmendForm(prefix="amend"), copy=CopyForm(prefix="copy", from_year=year - 1))


@blueprint.post("/budget/<int:line_id>/amend")
@requires("budgeting.manage")
def amend(line_id):
    line = current_session().get(Line, line_id) or abort(404)
    form = AmendForm(prefix="amend")
    if form.validate_on_submit():
        service.amend_line(line, form.amount.data, form.reason.data, actor())
        current_session().commit()
        flash(_("The amount is changed; the reason is kept with the line."))
    else:
        flash(_("Give the new amount and the reason."))
    return redirect(url_for("budgeting.budget", year=line.year))


@blueprint.post("/budget/copy")
@requires("budgeting.manage")
def copy_year():
    year, form = chosen_year(), CopyForm(prefix="copy")
    if form.validate_on_submit():
        try:
            copied = service.copy_year(current_session(), form.from_year.data, year)
        except NoaberError:
            flash(_("This year already has a budget."))
        else:
            current_session().commit()
            flash(_("%(count)d lines copied.", count=len(copied)))
    return redirect(url_for("budgeting.budget", year=year))


@blueprint.route("/expenses/new", methods=["GET", "POST"])
@requires("budgeting.submit")
def new_expense():
    session = current_session()
    form = ExpenseForm()
    lines = service.lines_of(session, date.today().year)
    form.line.choices = [(line.id, f"{category_label(line.category)}: {line.name}") for line in lines]
    if form.validate_on_submit():
        expense = service.submit_expense(session, actor(), form.on.data, form.amount.data, form.line.data,
                                         form.description.data, form.payee_name.data, form.payee_iban.data)
        upload = form.receipt.data
        if upload:
            try:
                receipts.store(current_tenant(), expense, upload.read(), upload.mimetype)
            except NoaberError:
                session.rollback()
                form.receipt.errors = [_("A receipt is a PDF, JPEG or PNG file of at most 10 MB.")]
                return render_template("budgeting/expense_form.html", form=form), 422
        session.commit()
        flash(_("Thank you: the expense is submitted. Someone else approves it."))
        return redirect(url_for("budgeting.new_expense"))
    return render_template("budgeting/expense_form.html", form=form)


@blueprint.get("/approvals")
@requires("budgeting.manage")
def approvals():
    waiting = current_session().scalars(select(Expense).where(Expense.status == "submitted")
                                        .order_by(Expense.on, Expense.id)).all()
    return render_template("budgeting/approvals.html", waiting=waiting, confirm=ConfirmForm(),
                           reject=RejectForm(prefix="reject"), me=actor())


@blueprint.post("/expenses/<int:expense_id>/approve")
@requires("budgeting.manage")
def approve(expense_id):
    expense = current_session().get(Expense, expense_id) or abort(404)
    if ConfirmForm().validate_on_submit():
        try:
            service.approve(expense, actor())
        except NoaberError:
            flash(_("You submitted this expense yourself, or it was already dealt with: someone else approves it."))
        else:
            current_session().commit()
            flash(_("Approved."))
    return redirect(url_for("budgeting.approvals"))


@blueprint.post("/expenses/<int:expense_id>/reject")
@requires("budgeting.manage")
def reject(expense_id):
    expense = current_session().get(Expense, expense_id) or abort(404)
    form = RejectForm(prefix="reject")
    if form.validate_on_submit():
        try:
            service.reject(expense, actor(), form.reason.data)
        except NoaberError:
            flash(_("This expense can no longer be rejected."))
        else:
            current_session().commit()
            flash(_("Rejected; the reason is kept."))
    else:
        flash(_("Say why the expense is rejected."))
    return redirect(url_for("budgeting.approvals"))


@blueprint.get("/expenses/<int:expense_id>/receipt")
@requires("budgeting.read")
def receipt(expense_id):
    expense = current_session().get(Expense, expense_id) or abort(404)
    data = receipts.read(current_tenant(), expense)
    if data is None:
        abort(404)
    return Response(data, mimetype=expense.receipt_type)


@blueprint.get("/receipts.zip")
@requires("budgeting.read")
def receipts_zip():
    """All receipts of a year as one ZIP, named as the journal names them, for the kascommissie."""
    year = chosen_year()
    from plugins.budgeting.journal import receipt_name
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for expense in current_session().scalars(select(Expense).where(
                Expense.on >= date(year, 1, 1), Expense.on < date(year + 1, 1, 1), Expense.receipt_type != "")):
            data = receipts.read(current_tenant(), expense)
            if data is not None:
                archive.writestr(receipt_name(expense), data)
    return Response(out.getvalue(), mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="bonnen-{year}.zip"'})
