"""The members' meeting page: agenda, attendance with a form for the door (tablet, no script), minutes
and decisions; and the page where the board records proxies for a vote."""
from __future__ import annotations

import json

from flask import abort, flash, redirect, url_for
from wtforms.fields import SelectChoice
from sqlalchemy import select

from core.toolkit import _, current_principal, current_session, current_tenant, full_names, render_page, requires
from plugins.zeggenschap import ballots, meetings, service
from plugins.zeggenschap.forms import (
    NOBODY,
    AttendanceForm,
    DecisionForm,
    MeetingForm,
    MinutesForm,
    ProxyForm,
    people_choices,
)
from plugins.zeggenschap.models import Meeting, Proxy, Vote
from plugins.zeggenschap.views import blueprint


def meeting_or_404(meeting_id: int) -> Meeting:
    return current_session().get(Meeting, meeting_id) or abort(404)


def agenda(meeting: Meeting) -> list[dict]:
    """Each vote on the agenda with its status, and once counted the ballots per channel (paper: at the meeting)."""
    now, rows = service.now(), []
    for item in meeting.items:
        vote = current_session().get(Vote, item.vote_id) if item.vote_id is not None else None
        result = json.loads(vote.result) if vote is not None and vote.result else None
        rows.append({"title": item.title, "vote": vote, "status": vote.status_at(now) if vote else None,
                     "by_channel": result["by_channel"] if result else None})
    return rows


def attendance_form(meeting: Meeting, names: dict[int, str]) -> AttendanceForm:
    form = AttendanceForm(prefix="attend")
    listed = {a.person_id for a in meeting.attendance}
    represented = {a.person_id for a in meeting.attendance if a.how == "proxy"}
    form.person.choices = people_choices({p: n for p, n in names.items() if p not in listed})
    form.holder.choices = people_choices({p: n for p, n in names.items() if p not in represented}, "—")
    return form


def render_meeting(meeting: Meeting, status: int = 200, **forms):
    session = current_session()
    members = service.member_ids(session, meeting.held_on)
    names = full_names(session, members | {a.person_id for a in meeting.attendance}
                       | {a.proxy_holder_person_id for a in meeting.attendance if a.proxy_holder_person_id})
    may_manage = current_principal().can("zeggenschap.manage")
    if may_manage:
        forms.setdefault("attend", attendance_form(meeting, {p: names[p] for p in members if p in names}))
        forms.setdefault("minutes", MinutesForm(prefix="minutes", text=meeting.minutes,
                                                adopted_on=meeting.minutes_adopted_on))
        forms.setdefault("decision", DecisionForm(prefix="decision"))
    attendance = sorted(meeting.attendance, key=lambda a: names.get(a.person_id, ""))
    return render_page("zeggenschap/meeting.html", meeting=meeting, agenda=agenda(meeting), names=names,
                       attendance=attendance, counts=meetings.attendance_counts(meeting),
                       decisions=meetings.meeting_decisions(session, meeting), may_manage=may_manage,
                       forms=forms), status


@blueprint.route("/meetings/new", methods=["GET", "POST"])
@requires("zeggenschap.manage")
def new_meeting():
    """Call a members' meeting: its day, its name, and the votes on its agenda."""
    session = current_session()
    form = MeetingForm()
    votes = session.scalars(select(Vote).order_by(Vote.opens_at.desc())).all()
    form.agenda.choices = [SelectChoice(vote.id, vote.title) for vote in votes]
    if not form.validate_on_submit():
        return render_page("zeggenschap/meeting_new.html", form=form), 422 if form.is_submitted() else 200
    try:
        items = [line.strip()[:160] for line in (form.items.data or "").splitlines() if line.strip()]
        meeting = meetings.create_meeting(session, form.held_on.data, form.title.data.strip(), form.agenda.data or [],
                                          items)
    except service.Invalid:
        session.rollback()
        form.agenda.errors = [*form.agenda.errors, _(
            "A vote on the agenda opens at most 30 days before the meeting and closes by the end of its day.")]
        return render_page("zeggenschap/meeting_new.html", form=form), 422
    session.commit()
    flash(_("The meeting is called. Put the members on the attendance list at the door."))
    return redirect(url_for("zeggenschap.meeting_page", meeting_id=meeting.id))


@blueprint.get("/meetings/<int:meeting_id>")
@requires("zeggenschap.read")
def meeting_page(meeting_id: int):
    return render_meeting(meeting_or_404(meeting_id))


@blueprint.post("/meetings/<int:meeting_id>/attendance")
@requires("zeggenschap.manage")
def record_attendance(meeting_id: int):
    meeting = meeting_or_404(meeting_id)
    names = full_names(current_session(), service.member_ids(current_session(), meeting.held_on))
    form = attendance_form(meeting, names)
    if not form.validate_on_submit():
        return render_meeting(meeting, 422, attend=form)
    holder = form.holder.data if form.holder.data != NOBODY else None
    try:
        meetings.attend(current_session(), service.statutes(current_tenant()), meeting, form.person.data,
                        form.how.data, holder)
    except service.NoaberError as exc:
        current_session().rollback()
        field = form.holder if getattr(exc, "field", "") == "proxy_holder_person_id" else form.person
        field.errors = [*field.errors, attendance_refusal(exc)]
        return render_meeting(meeting_or_404(meeting_id), 422, attend=form)
    current_session().commit()
    flash(_("%(name)s is on the attendance list.", name=names.get(form.person.data, "")))
    return redirect(url_for("zeggenschap.meeting_page", meeting_id=meeting.id, _anchor="attendance"))


def attendance_refusal(exc: service.NoaberError) -> str:
    if isinstance(exc, service.Conflict):
        return _("This member is on the attendance list already.")
    if getattr(exc, "field", "") != "proxy_holder_person_id":
        return _("Only members attend the members' meeting.")
    if getattr(exc, "reason", "") == "cap":
        return cap_reached()
    return _("Choose the member who holds the proxy: another member, present themselves.")


@blueprint.post("/meetings/<int:meeting_id>/minutes")
@requires("zeggenschap.manage")
def write_minutes(meeting_id: int):
    meeting = meeting_or_404(meeting_id)
    form = MinutesForm(prefix="minutes")
    if not form.validate_on_submit():
        return render_meeting(meeting, 422, minutes=form)
    try:
        meetings.set_minutes(meeting, form.text.data.strip(), form.adopted_on.data)
    except service.Invalid:
        current_session().rollback()
        form.adopted_on.errors = [*form.adopted_on.errors, _("Minutes are adopted on or after the day of the meeting.")]
        return render_meeting(meeting_or_404(meeting_id), 422, minutes=form)
    current_session().commit()
    flash(_("The minutes are saved."))
    return redirect(url_for("zeggenschap.meeting_page", meeting_id=meeting.id, _anchor="minutes"))


@blueprint.post("/meetings/<int:meeting_id>/decisions")
@requires("zeggenschap.manage")
def record_decision(meeting_id: int):
    meeting = meeting_or_404(meeting_id)
    form = DecisionForm(prefix="decision")
    if not form.validate_on_submit():
        return render_meeting(meeting, 422, decision=form)
    meetings.decide(current_session(), meeting, form.text.data.strip(), (form.result.data or "").strip(),
                    form.follow_up.data)
    current_session().commit()
    flash(_("The decision is in the decisions register."))
    return redirect(url_for("zeggenschap.meeting_page", meeting_id=meeting.id, _anchor="decisions"))


# ---------------------------------------------------------------- proxies for a vote

def proxy_form(vote: Vote) -> tuple[ProxyForm, dict[int, str]]:
    session = current_session()
    eligible = service.eligible_ids(session, service.statutes(current_tenant()), vote.eligible, service.today())
    names = full_names(session, eligible)
    form = ProxyForm()
    form.giver.choices = people_choices(names)
    form.holder.choices = people_choices(names)
    return form, names


def render_proxies(vote: Vote, form: ProxyForm, status: int = 200):
    session = current_session()
    given = session.scalars(select(Proxy).where(Proxy.vote_id == vote.id).order_by(Proxy.id)).all()
    names = full_names(session, {p.from_person_id for p in given} | {p.to_person_id for p in given})
    return render_page("zeggenschap/proxies.html", vote=vote, form=form, proxies=given, names=names,
                       cap=service.statutes(current_tenant())["proxies_per_holder"],
                       closed=vote.closed_at is not None), status


@blueprint.route("/votes/<int:vote_id>/proxies", methods=["GET", "POST"])
@requires("zeggenschap.manage")
def proxies(vote_id: int):
    """The board records a written (or electronic) proxy: from one member, to another, for this vote."""
    vote = current_session().get(Vote, vote_id) or abort(404)
    form, names = proxy_form(vote)
    if not form.validate_on_submit():
        return render_proxies(vote, form, 422 if form.is_submitted() else 200)
    try:
        ballots.add_proxy(current_session(), service.statutes(current_tenant()), vote, form.giver.data,
                          form.holder.data)
    except service.NoaberError as exc:
        current_session().rollback()
        field = form.giver if getattr(exc, "field", "") == "from_person_id" else form.holder
        field.errors = [*field.errors, proxy_refusal(exc)]
        return render_proxies(current_session().get(Vote, vote_id), form, 422)
    current_session().commit()
    flash(_("The proxy is recorded: %(holder)s votes for %(giver)s.", holder=names.get(form.holder.data, ""),
            giver=names.get(form.giver.data, "")))
    return redirect(url_for("zeggenschap.proxies", vote_id=vote.id))


def proxy_refusal(exc: service.NoaberError) -> str:
    if isinstance(exc, service.Conflict):
        return _("This member has given a proxy for this vote already, or the vote is closed.")
    if getattr(exc, "reason", "") == "cap":
        return cap_reached()
    if getattr(exc, "reason", "") == "self":
        return _("Choose two different members.")
    return _("This member may not vote in this vote.")


def cap_reached() -> str:
    return _("This member holds the most proxies the statutes allow (%(count)d).",
             count=service.statutes(current_tenant())["proxies_per_holder"])
