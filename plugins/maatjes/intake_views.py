"""Pages for intake: participants and volunteers, a participant with their suggestions and
loneliness measurements, and proposing a pair."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from wtforms.fields import SelectChoice

from core.toolkit import ConfirmForm, _, audit, current_actor, current_session, list_people, person_labels, requires
from plugins.maatjes import service
from plugins.maatjes.access import RESTRICTED, may_read_scores
from plugins.maatjes.forms import IntakeForm, LeaveForm, ProposeForm, VolunteerIntakeForm, loneliness_form
from plugins.maatjes.loneliness import ANSWER_LABELS, ITEMS, LEVEL_LABELS
from plugins.maatjes.models import OPEN, Match, Participant, Volunteer
from plugins.maatjes.pages import (
    COORDINATE,
    actor,
    blueprint,
    get_or_404,
    intake_names,
    neighbourhoods,
    pair_names,
    tell,
)

KINDS = {"participants": (Participant, IntakeForm), "volunteers": (Volunteer, VolunteerIntakeForm)}
VOLUNTEER_ONLY = ("vog_valid_until", "trained", "max_pairs", "max_km")
SHARED = ("support_question", "gender", "buddy_gender", "smokes", "minds_smoking", "has_pets", "minds_pets",
          "referred_by")


def _values(form, volunteer: bool) -> dict:
    """What the form says, as the intake's columns."""
    values = {name: getattr(form, name).data for name in SHARED}
    values["interests"] = [w.strip().lower()[:40] for w in form.interests.data.split(",") if w.strip()][:20]
    values["languages"] = list(form.languages.data)
    values["availability"] = [{"weekday": int(d), "part": p} for d, p in (m.split("-") for m in form.availability.data)]
    if form.waiting_since.data:
        values["waiting_since"] = form.waiting_since.data
    if volunteer:
        values |= {name: getattr(form, name).data for name in VOLUNTEER_ONLY}
        values["max_km"] = float(values["max_km"])
    return values


def _form_data(row) -> dict:
    data = {name: getattr(row, name) for name in (*SHARED, "languages", "waiting_since")}
    data["interests"] = ", ".join(row.interests)
    data["availability"] = [f"{m['weekday']}-{m['part']}" for m in row.availability]
    if isinstance(row, Volunteer):
        data |= {name: getattr(row, name) for name in VOLUNTEER_ONLY}
    return data


@blueprint.get("/<any(participants, volunteers):kind>")
@requires(COORDINATE)
def intakes(kind):
    model = KINDS[kind][0]
    rows = list(current_session().scalars(select(model)))
    names = intake_names(rows)
    rows.sort(key=lambda r: names.get(r.person_id, ""))
    return render_template("maatjes/intakes.html", kind=kind, rows=rows, names=names, areas=neighbourhoods(rows))


@blueprint.route("/<any(participants, volunteers):kind>/new", methods=["GET", "POST"])
@blueprint.route("/<any(participants, volunteers):kind>/<int:row_id>/edit", methods=["GET", "POST"])
@requires(COORDINATE)
def intake(kind, row_id=None):
    model, form_class = KINDS[kind]
    row = get_or_404(model, row_id) if row_id else None
    form = form_class(data=_form_data(row) if row else None)
    wanted = {"resident": True} if model is Participant else {"volunteer": True}
    form.person.choices = [SelectChoice(pid, label) for pid, label in
                           person_labels(list_people(current_session(), **wanted)).items()]
    if row:
        form.person.data = row.person_id
    if form.validate_on_submit():
        try:
            row = _save(model, row, form)
        except (service.Invalid, service.Conflict) as exc:
            form.person.errors = [str(exc)]
        else:
            current_session().commit()
            flash(_("The intake is saved."))
            target = "maatjes.participant" if model is Participant else "maatjes.intakes"
            return redirect(url_for(target, **({"row_id": row.id} if model is Participant else {"kind": kind})), 303)
    name = intake_names([row]).get(row.person_id, "") if row else ""
    return render_template("maatjes/intake.html", form=form, kind=kind, row=row, name=name, confirm=ConfirmForm()), \
        422 if form.errors else 200


def _save(model, row, form):
    values = _values(form, model is Volunteer)
    if row is None:
        return service.add_intake(current_session(), model, {"person_id": form.person.data, **values})
    service.update_intake(row, values)
    return row


@blueprint.route("/<any(participants, volunteers):kind>/<int:row_id>/leave", methods=["GET", "POST"])
@requires(COORDINATE)
def leave(kind, row_id):
    """Record that someone left the programme: they no longer wait and are never suggested."""
    row = get_or_404(KINDS[kind][0], row_id)
    form = LeaveForm(data={"on": service.today()} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            service.leave(current_session(), row, form.on.data, form.reason.data)
        except service.Invalid as exc:
            form.on.errors = [str(exc)]
        except service.Conflict as exc:
            form.form_errors.append(str(exc))
        else:
            current_session().commit()
            flash(_("Recorded that they left the programme."))
            return redirect(_page_of(kind, row), 303)
    open_pairs = [m for m in service.pairs_of(current_session(), row) if m.status in OPEN]
    name = intake_names([row]).get(row.person_id, "")
    return render_template("maatjes/leave.html", form=form, kind=kind, row=row, name=name, open_pairs=open_pairs,
                           back=_page_of(kind, row)), 422 if form.errors or form.form_errors else 200


@blueprint.post("/<any(participants, volunteers):kind>/<int:row_id>/rejoin")
@requires(COORDINATE)
def rejoin(kind, row_id):
    """Someone who left comes back: on the waiting list again from today."""
    row = get_or_404(KINDS[kind][0], row_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        service.rejoin(current_session(), row)
    except service.Conflict as exc:
        tell(exc)
    else:
        current_session().commit()
        flash(_("They are back in the programme, waiting from today."))
    return redirect(_page_of(kind, row), 303)


def _page_of(kind: str, row) -> str:
    if kind == "participants":
        return url_for("maatjes.participant", row_id=row.id)
    return url_for("maatjes.intake", kind=kind, row_id=row.id)


@blueprint.get("/participants/<int:row_id>")
@requires(COORDINATE)
def participant(row_id):
    session = current_session()
    row = get_or_404(Participant, row_id)
    pairs = list(session.scalars(select(Match).where(Match.participant_id == row.id).order_by(Match.proposed_on)))
    open_pair = service.open_match_of(session, row.id)
    found = [] if open_pair else service.suggestions(session, row)[:5]
    scores = may_read_scores()
    if scores and row.measurements:
        who = current_actor()
        audit(session, who.actor, "read", row.person_id, who.via, "loneliness scores")
        session.commit()
    names = pair_names(pairs) | intake_names([row, *(v for v, _fit in found)])
    return render_template("maatjes/participant.html", row=row, pairs=pairs, open_pair=open_pair, found=found,
                           names=names, scores=scores, propose=ProposeForm(), levels=LEVEL_LABELS,
                           areas=neighbourhoods([row, *(v for v, _fit in found)]), confirm=ConfirmForm())


@blueprint.post("/participants/<int:row_id>/propose/<int:volunteer_id>")
@requires(COORDINATE)
def propose(row_id, volunteer_id):
    row, volunteer, form = get_or_404(Participant, row_id), get_or_404(Volunteer, volunteer_id), ProposeForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        match = service.propose(current_session(), row, volunteer, form.planned_months.data, actor())
    except (service.Invalid, service.Conflict) as exc:
        tell(exc)
        return redirect(url_for("maatjes.participant", row_id=row.id), 303)
    current_session().commit()
    flash(_("The pair is proposed. Plan the introduction meeting."))
    return redirect(url_for("maatjes.pair", match_id=match.id), 303)


@blueprint.route("/participants/<int:row_id>/loneliness", methods=["GET", "POST"])
@requires(RESTRICTED)
def measure(row_id):
    row = get_or_404(Participant, row_id)
    form = loneliness_form(data={"on": service.today()})
    if form.validate_on_submit():
        answers = [getattr(form, f"item{n}").data for n in range(1, len(ITEMS) + 1)]
        try:
            made = service.measure(row, answers, form.on.data)
        except service.Invalid as exc:
            form.on.errors = [str(exc)]
        else:
            current_session().commit()
            flash(_("Score %(score)d of 6: %(level)s.", score=made.score, level=LEVEL_LABELS[made.level]))
            return redirect(url_for("maatjes.participant", row_id=row.id), 303)
    name = intake_names([row]).get(row.person_id, "")
    return render_template("maatjes/loneliness.html", form=form, row=row, name=name, answers=ANSWER_LABELS), \
        422 if form.errors else 200
