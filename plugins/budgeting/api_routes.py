"""The routes of ``/api/v1/budgeting`` (schemas and helpers in api.py)."""
from __future__ import annotations

from datetime import date

from flask import Response, request
from flask.views import MethodView
from flask_smorest import abort

from core.toolkit import (
    MAX_ID,
    Month,
    NoaberError,
    current_actor,
    current_session,
    current_tenant,
    requires,
    tenant_figures,
    tenant_hooks,
)
from plugins.budgeting import claims, funder, journal, payments, receipts, review, service, statements
from plugins.budgeting.api import (
    BankEntrySchema,
    BatchRequest,
    BatchSchema,
    ClaimSchema,
    CollectedSchema,
    CollectSchema,
    ExpenseAnswerSchema,
    ExpenseSchema,
    GrantSchema,
    ImportedSchema,
    IncomeSchema,
    LineSchema,
    BankMatchSchema,
    NoBookingSchema,
    RejectSchema,
    ReportSchema,
    ReportTextsSchema,
    YearQuery,
    actor,
    blueprint,
    file_answer,
    raw_body,
    settings,
    the_entry,
    the_expense,
    the_grant,
    unprocessable,
)
from plugins.budgeting.models import PaymentBatch
from plugins.budgeting.report import year_report
from plugins.budgeting.report_views import pdf_answer

READ, WRITE, SUBMIT = "budgeting.read", "budgeting.manage", "budgeting.submit"
#: BankMatchSchema as the document shows it, with what its own check adds: exactly one of the two (the fields
#: alone would allow none or both; a schema beside a $ref is not registered, so it is written out)
MATCH_BODY = {"type": "object", "additionalProperties": False, "minProperties": 1, "maxProperties": 1,
              "properties": {name: {"type": "integer", "minimum": 1, "maximum": MAX_ID, "description": what}
                             for name, what in (("expense_id", "an approved or scheduled expense of the same amount"),
                                                ("income_id", "income of the same amount, not yet matched"))}}


@blueprint.route("/lines")
class Lines(MethodView):
    @requires(READ)
    @blueprint.arguments(YearQuery(), location="query")
    @blueprint.response(200, LineSchema(many=True))
    def get(self, query):
        """The budget lines of a year."""
        return service.lines_of(current_session(), query["year"])

    @requires(WRITE)
    @blueprint.arguments(LineSchema())
    @blueprint.response(201, LineSchema)
    def post(self, data):
        """Add a line to a year's budget."""
        if data["category"] not in service.categories(current_tenant()):
            abort(422, errors={"category": ["not a category of this neighbourhood"]})
        line = service.add_line(current_session(), **data)
        current_session().commit()
        return line


@blueprint.route("/grants")
class Grants(MethodView):
    @requires(WRITE)
    @blueprint.arguments(GrantSchema())
    @blueprint.response(201, GrantSchema)
    def post(self, data):
        """Record a grant: funder, reference, amount, period, and the budget lines it pays for."""
        try:
            grant = service.add_grant(current_session(), **data)
        except NoaberError as exc:
            unprocessable(exc, "ends_on" if isinstance(exc, service.PeriodError) else "lines")
        current_session().commit()
        return grant


@blueprint.route("/grants/<int:grant_id>")
class GrantItem(MethodView):
    @requires(READ)
    @blueprint.response(200, GrantSchema)
    def get(self, grant_id):
        """One grant, with the lines it funds and their explanations."""
        return the_grant(grant_id)

    @requires(WRITE)
    @blueprint.arguments(ReportTextsSchema())
    @blueprint.response(200, GrantSchema)
    def patch(self, data, grant_id):
        """Write the goals and, per funded line, the explanation for the funder's report."""
        grant = the_grant(grant_id)
        explanations = {part["line_id"]: part["explanation"] for part in data.get("explanations", ())}
        if stray := sorted(set(explanations) - {part.line_id for part in grant.lines}):
            abort(422, errors={"explanations": [f"this grant does not fund line {stray[0]}"]})
        service.set_report_texts(grant, data.get("goals", grant.goals), explanations)
        current_session().commit()
        return grant


@blueprint.route("/grants/<int:grant_id>/report.pdf")
class GrantReportPdf(MethodView):
    @requires(READ)
    @blueprint.doc(**file_answer("application/pdf", description="the funder's report, as the page shows it"))
    @blueprint.alt_response(404, description="No such grant")
    def get(self, grant_id):
        """The funder's report of a grant as a PDF file: cover, goals and results, lines, funding, expenses."""
        grant = the_grant(grant_id)
        return pdf_answer(funder.funder_report(current_session(), current_tenant(), grant, tenant_figures,
                                               date.today()))


@blueprint.route("/income")
class Incomes(MethodView):
    @requires(WRITE)
    @blueprint.arguments(IncomeSchema())
    @blueprint.response(201, IncomeSchema)
    def post(self, data):
        """Record money in (or money expected, which the bank statement will mark received)."""
        try:
            income = service.add_income(current_session(), **data)
        except NoaberError as exc:
            unprocessable(exc, "payer_iban" if data["payer_iban"] else "grant_id")
        current_session().commit()
        return income


@blueprint.route("/expenses")
class Expenses(MethodView):
    @requires(SUBMIT)
    @blueprint.arguments(ExpenseSchema())
    @blueprint.response(201, ExpenseAnswerSchema)
    def post(self, data):
        """Submit an expense; someone else approves it (four eyes)."""
        try:
            expense = service.submit_expense(current_session(), actor(), **data)
        except NoaberError as exc:
            unprocessable(exc, "payee_iban" if "IBAN" in str(exc) or "bank" in str(exc) else "line_id")
        current_session().commit()
        return expense


@blueprint.route("/expenses/<int:expense_id>")
class ExpenseItem(MethodView):
    @requires(READ)
    @blueprint.response(200, ExpenseAnswerSchema)
    def get(self, expense_id):
        """One expense, with its state."""
        return the_expense(expense_id)


@blueprint.route("/expenses/<int:expense_id>/receipt")
class Receipt(MethodView):
    @requires(READ)
    @blueprint.doc(**file_answer(*receipts.KINDS, description="the receipt as it was sent"))
    @blueprint.alt_response(404, description="No such expense, or it has no receipt")
    def get(self, expense_id):
        """The expense's receipt (PDF, JPEG or PNG)."""
        expense = the_expense(expense_id)
        data = receipts.read(current_tenant(), expense)
        if data is None:
            abort(404, message="This expense has no receipt.")
        return Response(data, mimetype=expense.receipt_type)

    @requires(SUBMIT)
    @blueprint.doc(**raw_body(*receipts.KINDS))
    @blueprint.response(200, ExpenseAnswerSchema)
    @blueprint.alt_response(413, description="Over 10 MB")
    @blueprint.alt_response(415, description="Not a PDF, JPEG or PNG")
    def put(self, expense_id):
        """Put the receipt (the raw file as the body, with its Content-Type); a new one replaces the old."""
        expense = the_expense(expense_id)
        try:
            receipts.store(current_tenant(), expense, request.get_data(), request.content_type)
        except receipts.ReceiptTooLarge as exc:
            abort(413, message=str(exc))
        except receipts.UnsupportedReceipt as exc:
            abort(415, message=str(exc))
        current_session().commit()
        return expense


@blueprint.route("/expenses/<int:expense_id>/approve")
class Approve(MethodView):
    @requires(WRITE)
    @blueprint.response(200, ExpenseAnswerSchema)
    @blueprint.alt_response(409, description="Not submitted, or submitted by the same account or client")
    def post(self, expense_id):
        """Approve a submitted expense; who submitted it cannot (409)."""
        expense = the_expense(expense_id)
        try:
            service.approve(expense, actor())
        except NoaberError as exc:
            abort(409, message=str(exc))
        current_session().commit()
        return expense


@blueprint.route("/expenses/<int:expense_id>/reject")
class Reject(MethodView):
    @requires(WRITE)
    @blueprint.arguments(RejectSchema())
    @blueprint.response(200, ExpenseAnswerSchema)
    @blueprint.alt_response(409, description="Already scheduled, paid or rejected")
    def post(self, data, expense_id):
        """Reject an expense, saying why."""
        expense = the_expense(expense_id)
        try:
            service.reject(expense, actor(), data["reason"])
        except NoaberError as exc:
            abort(409, message=str(exc))
        current_session().commit()
        return expense


@blueprint.route("/claims")
class Claims(MethodView):
    @requires(SUBMIT)
    @blueprint.arguments(ClaimSchema())
    @blueprint.response(201, ClaimSchema)
    def post(self, data):
        """A volunteer's claim: kilometres at the rate, the volunteer allowance within its limits, or costs."""
        try:
            claim = claims.add_claim(current_session(), settings(), actor(), data["person_id"],
                                     Month.parse(data["month"]), data["kind"], data["quantity"], data["description"],
                                     payee_iban=data["payee_iban"])
        except NoaberError as exc:
            unprocessable(exc, "person_id" if "person" in str(exc) else "payee_iban" if "IBAN" in str(exc)
                          else "quantity")
        current_session().commit()
        return claim


@blueprint.route("/reimbursements/collect")
class Collect(MethodView):
    @requires(WRITE)
    @blueprint.arguments(CollectSchema())
    @blueprint.response(200, CollectedSchema)
    def post(self, data):
        """Collect the month's claims other plugins offer (drivers' kilometres…) as submitted expenses, once."""
        session = current_session()
        created = claims.collect(session, tenant_hooks(), current_tenant(), settings(), Month.parse(data["month"]))
        session.commit()
        return {"created": created}


@blueprint.route("/report")
class Report(MethodView):
    @requires(READ)
    @blueprint.arguments(YearQuery(), location="query")
    @blueprint.response(200, ReportSchema)
    def get(self, query):
        """Budget vs actual per line and per grant, income by source, spending by category."""
        return report_answer(year_report(current_session(), query["year"]))


def report_answer(report) -> dict:
    return {"year": report.year,
            "lines": [{"line_id": r.line.id, "category": r.line.category, "name": r.line.name, "budget": r.budget,
                       "actual": r.actual, "pending": r.pending, "difference": r.difference, "percent": r.percent,
                       "decided_by_members": r.line.decided_by_members} for r in report.lines],
            "grants": [{"grant_id": g.grant.id, "funder": g.grant.funder, "reference": g.grant.reference,
                        "granted": g.grant.amount, "received": g.received, "spent": g.spent,
                        "remaining": g.remaining, "flagged_line_ids": [r.line.id for r in g.lines if r.flagged]}
                       for g in report.grants],
            "income_by_source": report.income_by_source, "spent_by_category": report.spent_by_category,
            "decided_by_members": report.decided_by_members, "share_on_activities": report.share_on_activities}


@blueprint.route("/payment-batches")
class Batches(MethodView):
    @requires(WRITE)
    @blueprint.arguments(BatchRequest())
    @blueprint.response(201, BatchSchema)
    def post(self, data):
        """Put every approved expense (with a payee's IBAN) in a payment batch: one SEPA file for the bank."""
        try:
            batch = payments.make_batch(current_session(), settings(), data["execution_date"], actor(), data["schema"])
        except NoaberError as exc:
            unprocessable(exc)
        current_session().commit()
        return batch


@blueprint.route("/payment-batches/<int:batch_id>/pain.001")
class BatchFile(MethodView):
    @requires(WRITE)
    @blueprint.doc(**file_answer("application/xml", description="pain.001.001.03 or .09, checked against its XSD"))
    @blueprint.alt_response(404, description="No such batch")
    def get(self, batch_id):
        """The batch's SEPA credit-transfer file, to upload at the bank."""
        batch = current_session().get(PaymentBatch, batch_id) or abort(404, message=f"No payment batch {batch_id}.")
        return Response(batch.document, mimetype="application/xml", headers={
            "Content-Disposition": f'attachment; filename="betaalbatch-{batch.id}.xml"'})


@blueprint.route("/bank-statements")
class BankStatements(MethodView):
    @requires(WRITE)
    @blueprint.doc(**raw_body("application/octet-stream", "application/xml", "text/plain"))
    @blueprint.response(201, ImportedSchema)
    @blueprint.alt_response(413, description="Over 10 MB")
    def post(self):
        """Import a bank statement (CAMT.053 or MT940, the raw file as the body); the same file twice adds nothing."""
        data = request.get_data()
        if len(data) > receipts.MAX_BYTES:
            abort(413, message="a bank statement is at most 10 MB")
        try:
            answer = statements.import_statement(current_session(), data, actor())
        except NoaberError as exc:
            current_session().rollback()
            unprocessable(exc)
        current_session().commit()
        return answer


@blueprint.route("/bank-entries/review")
class BankReview(MethodView):
    @requires(WRITE)
    @blueprint.response(200, BankEntrySchema(many=True))
    def get(self):
        """The bank bookings no expense or income was found for: to match by hand, or to mark."""
        return statements.review_list(current_session())


@blueprint.route("/bank-entries/<int:entry_id>")
class BankEntryItem(MethodView):
    @requires(WRITE)
    @blueprint.response(200, BankEntrySchema)
    def get(self, entry_id):
        """One bank booking, and what it is matched to."""
        return the_entry(entry_id)


@blueprint.route("/bank-entries/<int:entry_id>/match")
class BankMatch(MethodView):
    @requires(WRITE)
    @blueprint.arguments(BankMatchSchema())
    @blueprint.doc(requestBody={"required": True, "content": {"application/json": {"schema": MATCH_BODY}}})
    @blueprint.response(200, BankEntrySchema)
    @blueprint.alt_response(409, description="The booking, the expense or the income is already matched, or the "
                                             "expense is not approved")
    def post(self, data, entry_id):
        """Match a booking from the review list by hand: to the expense it paid (then paid) or the income it
        brought (then received). The amounts must be the same (422 says by how much they differ)."""
        session, entry = current_session(), the_entry(entry_id)
        field = "expense_id" if "expense_id" in data else "income_id"
        try:
            if field == "expense_id":
                review.link_expense(session, entry, data["expense_id"], current_actor())
            else:
                review.link_income(session, entry, data["income_id"], current_actor())
        except service.Conflict as exc:
            abort(409, message=str(exc))
        except NoaberError as exc:
            unprocessable(exc, field)
        session.commit()
        return entry


@blueprint.route("/bank-entries/<int:entry_id>/no-booking")
class BankNoBooking(MethodView):
    @requires(WRITE)
    @blueprint.arguments(NoBookingSchema())
    @blueprint.response(200, BankEntrySchema)
    @blueprint.alt_response(409, description="The booking is already matched or marked")
    def post(self, data, entry_id):
        """Mark a booking from the review list as needing no booking (bank costs…), with a note why."""
        session, entry = current_session(), the_entry(entry_id)
        try:
            review.mark_no_booking(session, entry, data["note"], current_actor())
        except service.Conflict as exc:
            abort(409, message=str(exc))
        except NoaberError as exc:
            unprocessable(exc, "note")
        session.commit()
        return entry


@blueprint.route("/journal.csv")
class JournalCsv(MethodView):
    @requires(READ)
    @blueprint.arguments(YearQuery(), location="query")
    @blueprint.doc(**file_answer("text/csv", description="the year's bookings, separated by semicolons"))
    def get(self, query):
        """The journal for the bookkeeper as CSV."""
        text = journal.to_csv(journal.rows(current_session(), query["year"]))
        return Response(text, mimetype="text/csv", headers={
            "Content-Disposition": f'attachment; filename="journaal-{query["year"]}.csv"'})


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@blueprint.route("/journal.xlsx")
class JournalXlsx(MethodView):
    @requires(READ)
    @blueprint.arguments(YearQuery(), location="query")
    @blueprint.doc(**file_answer(XLSX, description="the year's bookings, amounts as numbers"))
    def get(self, query):
        """The journal for the bookkeeper as an Excel workbook."""
        data = journal.to_xlsx(journal.rows(current_session(), query["year"]), query["year"])
        return Response(data, mimetype=XLSX, headers={
            "Content-Disposition": f'attachment; filename="journaal-{query["year"]}.xlsx"'})
