"""Pages about pairs: the coordinator's overview with its signals, the pairs, one pair with its
timeline and contact log, the waiting lists and the plan. Views stay thin: they call service."""
from __future__ import annotations

from datetime import datetime, time

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from core.toolkit import TIMEZONE, ConfirmForm, _, actor_names, current_session, requires
from plugins.maatjes import service
from plugins.maatjes.access import may_read_notes
from plugins.maatjes.forms import ContactForm, MeetingForm, StepForm
from plugins.maatjes.models import NEXT, STATUSES, Match, Participant, Volunteer
from plugins.maatjes.pages import (
    COORDINATE,
    actor,
    blueprint,
    get_or_404,
    intake_names,
    neighbourhoods,
    pair_names,
    settings,
    status_label,
    tell,
)


@blueprint.get("/")
@requires(COORDINATE)
def overview():
    session, today = current_session(), service.today()
    quiet = service.quiet_pairs(session, today, settings()["quiet_after_days"])
    ending = service.nearing_end(session, today, settings()["ending_soon_days"])
    counts = {status: len(service.matches(session, status)) for status in STATUSES}
    waiting = service.waiting(session, Participant, today)
    return render_template("maatjes/overview.html", quiet=quiet, ending=ending, counts=counts, waiting=waiting,
                           names=pair_names(quiet + ending), today=today, planned_end=service.planned_end,
                           quiet_days=service.quiet_days)


@blueprint.get("/pairs")
@requires(COORDINATE)
def pairs():
    status = request.args.get("status") or None
    if status not in (None, *STATUSES):
        abort(400)
    rows = service.matches(current_session(), status)
    today = service.today()
    return render_template("maatjes/pairs.html", pairs=rows, names=pair_names(rows), status=status,
                           statuses=STATUSES, last_contact=service.last_contact,
                           quiet={m.id for m in rows if service.is_quiet(m, today, settings()["quiet_after_days"])})


@blueprint.get("/pairs/<int:match_id>")
@requires(COORDINATE)
def pair(match_id):
    match = get_or_404(Match, match_id)
    today = service.today()
    return render_template(
        "maatjes/pair.html", pair=match, names=pair_names([match]),
        steps={to: StepForm(prefix=to) for to in NEXT[match.status]},
        contact_form=ContactForm(data={"on": today}), meeting_form=MeetingForm(),
        confirm=ConfirmForm(), notes=may_read_notes(match), planned_end=service.planned_end(match),
        quiet=service.is_quiet(match, today, settings()["quiet_after_days"]),
        coordinator=actor_names(current_session(), [match.coordinator]).get(match.coordinator, ""),
        mine=match.coordinator == actor())


@blueprint.post("/pairs/<int:match_id>/step/<any(introduced, active, ended):to>")
@requires(COORDINATE)
def step(match_id, to):
    match, form = get_or_404(Match, match_id), StepForm(prefix=to)
    if not form.validate_on_submit():
        abort(400)
    try:
        service.transition(current_session(), match, to, form.on.data, form.reason.data or None)
    except (service.Invalid, service.Conflict) as exc:
        tell(exc)
        return redirect(url_for("maatjes.pair", match_id=match.id), 303)
    current_session().commit()
    flash(_("The pair is %(status)s now.", status=status_label(to)))
    return redirect(url_for("maatjes.pair", match_id=match.id), 303)


@blueprint.post("/pairs/<int:match_id>/contacts")
@requires(COORDINATE)
def add_contact(match_id):
    match, form = get_or_404(Match, match_id), ContactForm()
    if form.validate_on_submit():
        try:
            service.add_contact(match, form.on.data, form.kind.data, form.minutes.data, (form.note.data or "").strip(),
                                form.costs.data, form.km.data)
            current_session().commit()
            flash(_("The contact is logged."))
        except (service.Invalid, service.Conflict) as exc:
            tell(exc)
    else:
        flash(" ".join([_("The contact was not logged: fill in the date, the kind and the minutes."),
                        *form.costs_errors()]))
    return redirect(url_for("maatjes.pair", match_id=match.id), 303)


@blueprint.post("/pairs/<int:match_id>/meeting")
@requires(COORDINATE)
def plan_meeting(match_id):
    match, form = get_or_404(Match, match_id), MeetingForm()
    if not form.validate_on_submit():
        flash(_("Give the day and the hour of the introduction meeting."))
    else:
        match.meeting_at = datetime.combine(form.day.data, time(form.hour.data), tzinfo=TIMEZONE)
        current_session().commit()
        flash(_("The introduction meeting is in both calendars."))
    return redirect(url_for("maatjes.pair", match_id=match.id), 303)


@blueprint.post("/pairs/<int:match_id>/coordinate")
@requires(COORDINATE)
def take_over(match_id):
    """A coordinator takes a pair over (a colleague left): from now on they read its notes."""
    match = get_or_404(Match, match_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    match.coordinator = actor()
    current_session().commit()
    flash(_("You coordinate this pair now."))
    return redirect(url_for("maatjes.pair", match_id=match.id), 303)


@blueprint.get("/waiting")
@requires(COORDINATE)
def waiting():
    session, today = current_session(), service.today()
    participants = service.waiting(session, Participant, today)
    volunteers = service.waiting(session, Volunteer, today)
    return render_template("maatjes/waiting.html", participants=participants, volunteers=volunteers,
                           names=intake_names([r for r, _days in participants + volunteers]),
                           areas=neighbourhoods([r for r, _days in participants + volunteers]))


@blueprint.route("/plan", methods=["GET", "POST"])
@requires(COORDINATE)
def plan():
    session, form = current_session(), ConfirmForm()
    proposals = service.plan(session)
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        made = service.commit_plan(session, proposals, 12, actor())
        session.commit()
        flash(_("%(count)d pairs proposed.", count=len(made)))
        return redirect(url_for("maatjes.pairs", status="proposed"), 303)
    people = {p.id: p for p in session.scalars(select(Participant))}
    buddies = {v.id: v for v in session.scalars(select(Volunteer))}
    return render_template("maatjes/plan.html", proposals=proposals, form=form, participants=people,
                           volunteers=buddies, names=intake_names([*people.values(), *buddies.values()]))
