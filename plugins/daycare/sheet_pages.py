"""The attendance sheet of a session: on a phone (a form, late entry allowed) and on paper."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError
from wtforms.fields import SelectChoice

from core.toolkit import ConfirmForm, current_actor, current_session, full_names, list_people, person_labels, requires
from plugins.daycare import attendance, claims
from plugins.daycare.enrolment import Conflict
from plugins.daycare.forms import DAY_NAMES, REASON_LABELS, HelperCostsForm, HelperForm
from plugins.daycare.models import REASONS, Helper, Session
from plugins.daycare.schedule import today
from plugins.daycare.schemas import AttendanceLineSchema
from plugins.daycare.web import blueprint


def _context(s: Session) -> dict:
    db = current_session()
    enrolled = attendance.enrolments_on(db, s)
    helpers = attendance.helpers(db, s)
    names = full_names(db, set(enrolled) | {h.person_id for h in helpers})
    form = HelperForm()
    form.person.choices = [SelectChoice(i, label) for i, label in
                           person_labels(list_people(db, volunteer=True)).items()]
    held = not s.cancelled and s.day <= today()
    costs_forms = {h.id: HelperCostsForm(prefix=f"helper{h.id}", formdata=None, data={
        "costs": h.costs, "description": h.costs_description, "km": h.km}) for h in helpers}
    return {"held": held, "costs_forms": costs_forms,
            "s": s, "people": sorted(enrolled, key=lambda i: names.get(i, "")), "names": names,
            "recorded": {a.person_id: a for a in attendance.sheet(db, s)}, "helpers": helpers, "helper_form": form,
            "reasons": REASONS, "reason_labels": REASON_LABELS, "days": DAY_NAMES, "confirm": ConfirmForm()}


def _entries(people: list[int]) -> tuple[list[dict], dict[int, str]]:
    """The sheet's lines as the API takes them, and per person what is wrong. A person left open is skipped."""
    entries, errors = [], {}
    for person_id in people:
        status = request.form.get(f"status-{person_id}")
        if not status:
            continue
        line = {"person_id": person_id, "status": status, "reason": request.form.get(f"reason-{person_id}") or None,
                "note": request.form.get(f"note-{person_id}", "")}
        if status == "present":
            line["reason"] = None
        try:
            entries.append(AttendanceLineSchema().load(line))
        except ValidationError as exc:
            errors[person_id] = " ".join(m for ms in exc.messages.values() for m in ms)
    return entries, errors


@blueprint.route("/sessions/<int:session_id>", methods=["GET", "POST"])
@requires("daycare.attendance")
def sheet(session_id: int):
    db = current_session()
    s = db.get(Session, session_id) or abort(404)
    context = _context(s)
    if request.method == "POST":
        if not ConfirmForm().validate_on_submit():
            abort(400)
        entries, errors = _entries(context["people"])
        if errors:
            return render_template("daycare/sheet.html", errors=errors, **context), 422
        try:
            attendance.record(db, s, entries, current_actor())
        except Conflict:
            abort(409)
        db.commit()
        flash(_("Attendance saved."))
        return redirect(url_for("daycare.sheet", session_id=s.id), 303)
    return render_template("daycare/sheet.html", errors={}, **context)


@blueprint.get("/sessions/<int:session_id>/paper")
@requires("daycare.attendance")
def paper(session_id: int):
    s = current_session().get(Session, session_id) or abort(404)
    return render_template("daycare/paper.html", **_context(s))


@blueprint.post("/sessions/<int:session_id>/volunteers")
@requires("daycare.attendance")
def add_volunteer(session_id: int):
    db = current_session()
    s = db.get(Session, session_id) or abort(404)
    form = HelperForm()
    form.person.choices = [SelectChoice(p.id, p.full_name) for p in list_people(db, volunteer=True)]
    if not form.validate_on_submit():
        flash(_("Choose a volunteer and give the hours (a quarter to 24)."), "error")
    else:
        try:
            attendance.add_helper(db, s, form.person.data, form.hours.data, current_actor())
            db.commit()
            flash(_("The volunteer is added."))
        except Conflict:
            db.rollback()
            flash(_("This volunteer is at this session already."), "error")
    return redirect(url_for("daycare.sheet", session_id=session_id), 303)


@blueprint.post("/sessions/<int:session_id>/volunteers/<int:helper_id>/costs")
@requires("daycare.attendance")
def volunteer_costs(session_id: int, helper_id: int):
    """What one volunteer claims back for the session held; the treasurer collects it in the budget."""
    db = current_session()
    helper = db.get(Helper, helper_id)
    if helper is None or helper.session_id != session_id:
        abort(404)
    form = HelperCostsForm(prefix=f"helper{helper.id}")
    if not form.validate_on_submit():
        errors = [*form.costs.errors, *form.description.errors, *form.km.errors]
        flash(" ".join([_("The costs were not saved."), *map(str, errors)]), "error")
        return redirect(url_for("daycare.sheet", session_id=session_id), 303)
    try:
        claims.record_costs(db, helper, form.costs.data, form.description.data or "", form.km.data,
                            current_actor())
        db.commit()
        flash(_("The costs are saved; the treasurer collects them in the budget."))
    except claims.NotHeld:
        db.rollback()
        flash(_("Costs are recorded for a session once it is held, not for a cancelled one."), "error")
    return redirect(url_for("daycare.sheet", session_id=session_id), 303)
