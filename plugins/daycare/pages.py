"""Pages for groups: the overview, one group, making and changing a group, enrolments."""
from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from wtforms.fields import SelectChoice

from core.toolkit import (
    ConfirmForm,
    NoaberError,
    current_actor,
    current_principal,
    current_session,
    full_names,
    known_places,
    list_people,
    person_labels,
    requires,
)
from plugins.daycare import groups, rides, schedule
from plugins.daycare import enrolment as service
from plugins.daycare.forms import DAY_NAMES, SLOTS, EndForm, EnrolForm, ExtraSessionForm, GroupForm
from plugins.daycare.models import ACTIVE, Enrolment, Group, Session
from plugins.daycare.notify import tell_promoted
from plugins.daycare.web import blueprint

#: promotions shown to the coordinator on the group page
RECENT = timedelta(days=30)


@blueprint.get("/", endpoint="groups")
@requires("daycare.attendance")
def groups_page():
    db = current_session()
    rows = db.scalars(select(Group).order_by(Group.name, Group.id)).all()
    counts = {g.id: (schedule.enrolled_count(db, g.id), len(service.waiting_list(db, g.id))) for g in rows}
    return render_template("daycare/groups.html", groups=rows, counts=counts, days=DAY_NAMES,
                           can_manage=current_principal().can("daycare.manage"))


def _choices(form: GroupForm) -> None:
    db = current_session()
    form.place.choices = [SelectChoice(p.id, p.name) for p in known_places(db)]
    labels = person_labels(list_people(db))
    form.coordinator.choices = [SelectChoice(0, "—"), *(SelectChoice(i, label) for i, label in labels.items())]


def _data(form: GroupForm) -> dict:
    return {"name": form.name.data, "description": form.description.data or "", "capacity": form.capacity.data,
            "requires_approval": form.requires_approval.data, "starts_on": form.starts_on.data,
            "ends_on": form.ends_on.data, "place_id": form.place.data, "slots": form.slots(),
            "coordinator_person_id": form.coordinator.data or None}


@blueprint.route("/groups/new", methods=["GET", "POST"])
@requires("daycare.manage")
def new_group():
    form = GroupForm()
    _choices(form)
    if form.validate_on_submit():
        group = groups.create(current_session(), _data(form), current_actor())
        current_session().commit()
        flash(_("The group is made, with its sessions."))
        return redirect(url_for("daycare.group", group_id=group.id), 303)
    return render_template("daycare/group_form.html", form=form, group=None, slots=SLOTS), \
        422 if form.is_submitted() else 200


@blueprint.route("/groups/<int:group_id>/edit", methods=["GET", "POST"])
@requires("daycare.manage")
def edit_group(group_id: int):
    db = current_session()
    group = db.get(Group, group_id) or abort(404)
    form = GroupForm(obj=group) if request.method == "GET" else GroupForm()
    _choices(form)
    if request.method == "GET":
        form.place.data, form.coordinator.data = group.place_id, group.coordinator_person_id or 0
        for n, slot in enumerate(group.slots[:SLOTS], start=1):
            getattr(form, f"slot_{n}").form.process(None, obj=slot)
    if form.validate_on_submit():
        group = service.locked_group(db, group_id)
        promoted = groups.change(db, group, _data(form), current_actor())
        for enrolment in promoted:
            rides.ask_for(db, enrolment)
        db.commit()
        tell_promoted(db, promoted)
        flash(_("Saved."))
        return redirect(url_for("daycare.group", group_id=group.id), 303)
    return render_template("daycare/group_form.html", form=form, group=group, slots=SLOTS), \
        422 if form.is_submitted() else 200


@blueprint.get("/groups/<int:group_id>")
@requires("daycare.attendance")
def group(group_id: int):
    db = current_session()
    group = db.get(Group, group_id) or abort(404)
    enrolments = db.scalars(select(Enrolment).where(Enrolment.group_id == group_id, Enrolment.status.in_(ACTIVE))
                            .order_by(Enrolment.enrolled_at, Enrolment.id)).all()
    waiting = service.waiting_list(db, group_id)
    today = schedule.today()
    sessions = schedule.sessions_between(db, group_id, today - timedelta(days=14), today + timedelta(days=28))
    names = full_names(db, {e.person_id for e in enrolments} | ({group.coordinator_person_id} - {None}))
    promoted = [e for e in enrolments if e.promoted_at and e.promoted_at > service.utcnow() - RECENT]
    form = EnrolForm()
    taken = {e.person_id for e in enrolments}
    form.person.choices = [SelectChoice(i, label) for i, label in person_labels(list_people(db, resident=True)).items()
                           if i not in taken]
    return render_template(
        "daycare/group.html", group=group, days=DAY_NAMES, names=names, waiting=waiting, promoted=promoted,
        enrolled=[e for e in enrolments if e.status == "enrolled"],
        pending=[e for e in enrolments if e.status == "pending_approval"],
        sessions=sessions, today=today, free=service.free_places(db, group),
        problems=rides.rides_problems(db, group_id),
        form=form, end_form=EndForm(), extra=ExtraSessionForm(), confirm=ConfirmForm(),
        can_manage=current_principal().can("daycare.manage"))


@blueprint.post("/groups/<int:group_id>/enrolments")
@requires("daycare.manage")
def enrol(group_id: int):
    db = current_session()
    group = service.locked_group(db, group_id) or abort(404)
    form = EnrolForm()
    form.person.choices = [SelectChoice(p.id, p.full_name) for p in list_people(db)]
    if not form.validate_on_submit():
        flash(_("Choose who to enrol."), "error")
        return redirect(url_for("daycare.group", group_id=group_id), 303)
    try:
        enrolment = service.enrol(db, group, form.person.data, form.needs_transport.data, current_actor())
    except service.Conflict:
        db.rollback()
        flash(_("This person is enrolled in this group already."), "error")
        return redirect(url_for("daycare.group", group_id=group_id), 303)
    rides.ask_for(db, enrolment)
    db.commit()
    flash({"enrolled": _("Enrolled."), "waiting": _("The group is full: on the waiting list."),
           "pending_approval": _("Enrolled, waiting for approval.")}[enrolment.status])
    return redirect(url_for("daycare.group", group_id=group_id), 303)


def _locked(enrolment_id: int) -> tuple[Enrolment, Group]:
    db = current_session()
    enrolment = db.get(Enrolment, enrolment_id) or abort(404)
    return enrolment, service.locked_group(db, enrolment.group_id)


@blueprint.post("/enrolments/<int:enrolment_id>/approve")
@requires("daycare.manage")
def approve(enrolment_id: int):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    enrolment, group = _locked(enrolment_id)
    try:
        service.approve(current_session(), group, enrolment, current_actor())
    except service.Conflict:
        abort(409)
    rides.ask_for(current_session(), enrolment)
    current_session().commit()
    flash(_("Approved: enrolled.") if enrolment.status == "enrolled" else _("Approved: on the waiting list."))
    return redirect(url_for("daycare.group", group_id=group.id), 303)


@blueprint.post("/enrolments/<int:enrolment_id>/end")
@requires("daycare.manage")
def end(enrolment_id: int):
    form = EndForm()
    enrolment, group = _locked(enrolment_id)
    if not form.validate_on_submit():
        flash(_("Say why it ends."), "error")
        return redirect(url_for("daycare.group", group_id=group.id), 303)
    db = current_session()
    try:
        outcome = service.end(db, group, enrolment, form.reason.data, current_actor())
    except service.Conflict:
        abort(409)
    rides.cancel(db, enrolment.id, None, "enrolment ended")
    for promoted in outcome.promoted:
        rides.ask_for(db, promoted)
    db.commit()
    tell_promoted(db, outcome.promoted)
    names = full_names(db, {e.person_id for e in outcome.promoted})
    flash(_("Stopped.") + "".join(" " + _("%(name)s gets the place from the waiting list.", name=names[e.person_id])
                                   for e in outcome.promoted))
    return redirect(url_for("daycare.group", group_id=group.id), 303)


@blueprint.post("/sessions/<int:session_id>/cancel")
@requires("daycare.manage")
def cancel_session(session_id: int):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    s = current_session().get(Session, session_id) or abort(404)
    groups.cancel_session(current_session(), s, current_actor())
    current_session().commit()
    flash(_("The session is cancelled; rides for it are cancelled too."))
    return redirect(url_for("daycare.group", group_id=s.group_id), 303)


@blueprint.post("/groups/<int:group_id>/sessions")
@requires("daycare.manage")
def extra_session(group_id: int):
    group = current_session().get(Group, group_id) or abort(404)
    form = ExtraSessionForm()
    if form.validate_on_submit():
        try:
            schedule.add_extra(current_session(), group, form.day.data, form.starts.data, form.ends.data)
            current_session().commit()
            flash(_("The extra session is added."))
        except NoaberError:
            flash(_("The group meets at that time already."), "error")
    else:
        flash(_("Give the date and the times of the extra session."), "error")
    return redirect(url_for("daycare.group", group_id=group_id), 303)
