"""Report pages: the members' report (also public, if the neighbourhood wants), a funder's report per grant
(a page and a PDF), and the goals and explanations the treasurer writes for the funder."""
from __future__ import annotations

from datetime import date

from flask import Response, abort, flash, redirect, render_template, url_for

from core.toolkit import _, current_principal, current_session, current_tenant, public, requires, tenant_figures
from plugins.budgeting import funder, service
from plugins.budgeting.charts import bars
from plugins.budgeting.forms import texts_form
from plugins.budgeting.labels import SOURCE_LABELS, category_label
from plugins.budgeting.models import Grant
from plugins.budgeting.report import year_report
from plugins.budgeting.results import HOW
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


def the_report(grant_id: int):
    session = current_session()
    grant = session.get(Grant, grant_id) or abort(404)
    return funder.funder_report(session, current_tenant(), grant, tenant_figures, date.today())


@blueprint.get("/grants/<int:grant_id>")
@requires("budgeting.read")
def funder_report(grant_id):
    report = the_report(grant_id)
    return render_template("budgeting/funder.html", report=report, grant=report.grant, how=HOW,
                           texts=texts_form(report.grant) if current_principal().can("budgeting.manage") else None)


@blueprint.get("/grants/<int:grant_id>/funder-report.pdf")
@requires("budgeting.read")
def funder_report_pdf(grant_id):
    return pdf_answer(the_report(grant_id))


def pdf_answer(report) -> Response:
    # fpdf2 brings NumPy with it when it is installed: loaded only when a PDF is asked for, not in every web worker
    from plugins.budgeting.funder_pdf import funder_pdf
    name = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "-" for c in report.grant.reference)
    return Response(funder_pdf(report), mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="verslag-{name}.pdf"'})


@blueprint.post("/grants/<int:grant_id>/texts")
@requires("budgeting.manage")
def funder_report_texts(grant_id):
    """The goals and the explanations of lines that differ from their budget, written for the funder."""
    grant = current_session().get(Grant, grant_id) or abort(404)
    form = texts_form(grant)
    if form.validate_on_submit():
        service.set_report_texts(grant, form.goals.data, {part.line_id: form[f"explanation_{part.line_id}"].data
                                                          for part in grant.lines})
        current_session().commit()
        flash(_("The goals and explanations are saved."))
    else:
        flash(_("At most 2,000 characters in each text."))
    return redirect(url_for("budgeting.funder_report", grant_id=grant.id))
