"""The bank page: payment files out, statements in, and the review list, where the treasurer links a booking
the import could not match to its expense or income by hand, or marks it as needing no booking."""
from __future__ import annotations

from datetime import date, timedelta

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import format_currency, format_date
from sqlalchemy import select
from wtforms.fields import SelectChoice

from core.toolkit import NoaberError, _, current_actor, current_session, current_tenant, requires
from plugins.budgeting import payments, review, service, statements
from plugins.budgeting.forms import BatchForm, MatchForm, NoBookingForm, StatementForm
from plugins.budgeting.labels import SOURCE_LABELS
from plugins.budgeting.models import BankEntry, Expense, PaymentBatch
from plugins.budgeting.views import actor, blueprint


@blueprint.route("/bank", methods=["GET", "POST"])
@requires("budgeting.manage")
def bank():
    session = current_session()
    form = StatementForm(prefix="statement")
    if form.validate_on_submit():
        try:
            result = statements.import_statement(session, form.statement.data.read(), actor())
        except NoaberError:
            session.rollback()
            form.statement.errors = [_("This file is no bank statement. Download a CAMT.053 or MT940 file "
                                       "from the bank and try again.")]
        else:
            session.commit()
            flash(_("%(new)d new bookings, %(matched)d matched, %(review)d to look at; %(duplicates)d were "
                    "already in.", **result))
            return redirect(url_for("budgeting.bank"))
    batches = session.scalars(select(PaymentBatch).order_by(PaymentBatch.id.desc())).all()
    return render_template("budgeting/bank.html", form=form, review=[review_forms(session, entry)
                                                                      for entry in statements.review_list(session)],
                           batches=batches, payable=payments.payable(session),
                           batch=BatchForm(prefix="batch", execution_date=date.today() + timedelta(days=1)))


def review_forms(session, entry: BankEntry):
    """A booking on the review list with its two forms: link it, or say why it needs no booking."""
    match = MatchForm(prefix=f"match-{entry.id}")
    match.target.choices = [SelectChoice("", _("Choose…"))] + [SelectChoice(f"{kind(found)}:{found.id}",
                                                                          candidate_label(found))
                                                             for found in review.candidates(session, entry)]
    return entry, match, NoBookingForm(prefix=f"note-{entry.id}")


def kind(found) -> str:
    return "expense" if isinstance(found, Expense) else "income"


def candidate_label(found) -> str:
    amount = format_currency(found.amount, "EUR")
    if isinstance(found, Expense):
        return f"{format_date(found.on)} · {found.description} · {found.payee_name} · {amount}"
    return f"{format_date(found.on)} · {found.description or SOURCE_LABELS.get(found.source, found.source)} · {amount}"


@blueprint.post("/bank/entries/<int:entry_id>/match")
@requires("budgeting.manage")
def match_entry(entry_id):
    session = current_session()
    entry = session.get(BankEntry, entry_id) or abort(404)
    form = MatchForm(prefix=f"match-{entry.id}")
    target_kind, _sep, target_id = (form.target.data or "").partition(":")
    if not form.validate_on_submit() or target_kind not in ("expense", "income") or not target_id.isdigit():
        flash(_("Choose the expense or the income this booking belongs to."))
        return redirect(url_for("budgeting.bank"))
    link = review.link_expense if target_kind == "expense" else review.link_income
    try:
        link(session, entry, int(target_id), current_actor())
    except review.AmountsDiffer as exc:
        flash(_("Not linked: the amounts differ by %(difference)s (the bank booked %(booked)s, you chose "
                "%(expected)s).", difference=format_currency(exc.difference, "EUR"),
                booked=format_currency(exc.booked, "EUR"), expected=format_currency(exc.expected, "EUR")))
    except service.Conflict:
        flash(_("Not linked: the booking or what you chose is already matched."))
    except NoaberError:
        flash(_("Not linked: money out goes with an expense, money in with income."))
    else:
        session.commit()
        flash(_("Linked; the expense is paid or the income received."))
    return redirect(url_for("budgeting.bank"))


@blueprint.post("/bank/entries/<int:entry_id>/no-booking")
@requires("budgeting.manage")
def no_booking(entry_id):
    session = current_session()
    entry = session.get(BankEntry, entry_id) or abort(404)
    form = NoBookingForm(prefix=f"note-{entry.id}")
    if not form.validate_on_submit():
        flash(_("Say why this booking needs no booking."))
        return redirect(url_for("budgeting.bank"))
    try:
        review.mark_no_booking(session, entry, form.note.data, current_actor())
    except NoaberError:
        flash(_("This booking is already matched."))
    else:
        session.commit()
        flash(_("Marked: no booking needed."))
    return redirect(url_for("budgeting.bank"))


@blueprint.post("/payment-batches")
@requires("budgeting.manage")
def make_batch():
    form = BatchForm(prefix="batch")
    if form.validate_on_submit():
        try:
            payments.make_batch(current_session(), current_tenant().plugin_settings("budgeting"),
                                form.execution_date.data, actor(), form.schema.data)
        except NoaberError as exc:
            current_session().rollback()
            flash(_("No payment file made: %(why)s", why=str(exc)))
        else:
            current_session().commit()
            flash(_("The payment file is ready; upload it at the bank."))
    return redirect(url_for("budgeting.bank"))


@blueprint.get("/payment-batches/<int:batch_id>/pain.001.xml")
@requires("budgeting.manage")
def batch_file(batch_id):
    batch = current_session().get(PaymentBatch, batch_id) or abort(404)
    return Response(batch.document, mimetype="application/xml",
                    headers={"Content-Disposition": f'attachment; filename="betaalbatch-{batch.id}.xml"'})
