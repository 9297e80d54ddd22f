"""The pages: proposals with support, the ballot (with a "bereken" button, no script), the public
page for voting codes, results with a chart and a table, letters to print, the decisions register."""
from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import DecimalField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from core.toolkit import (
    ConfirmForm,
    _,
    _l,
    current_principal,
    current_session,
    current_tenant,
    external_url,
    full_names,
    public,
    rate_limit,
    render_page,
    requires,
)
from plugins.zeggenschap import ballots, explain, jobs, meetings, service
from plugins.zeggenschap.forms import AnswerForm
from plugins.zeggenschap.models import Meeting, Proposal, RollEntry, Vote, VotingCode

blueprint = Blueprint("zeggenschap", __name__, template_folder="templates")


class ProposalForm(FlaskForm):
    title = StringField(_l("What do you propose?"), validators=[DataRequired(), Length(max=160)])
    text = TextAreaField(_l("Explain it"), validators=[Length(max=5000)])
    cost = DecimalField(_l("What will it cost, about? (euros, may stay empty)"), places=2,
                        validators=[Optional(), NumberRange(min=Decimal("0.01"), max=Decimal("9999999999"))])


def own_person() -> int | None:
    account = current_principal().account
    return account.person_id if account is not None else None


def answer_form(proposal: Proposal) -> AnswerForm:
    """The board's answer to one proposal (board_pages.py takes it in)."""
    return AnswerForm(prefix=f"answer-{proposal.id}", formdata=None)


@blueprint.get("/")
@requires("zeggenschap.read")
def overview():
    session = current_session()
    proposals = session.scalars(select(Proposal).order_by(Proposal.id.desc())).all()
    votes = session.scalars(select(Vote).order_by(Vote.opens_at.desc())).all()
    return render_page("zeggenschap/overview.html", proposals=proposals, votes=votes, now=service.now(),
                       supporters={p.id: service.supporters(session, p) for p in proposals},
                       threshold=service.statutes(current_tenant())["support_threshold"],
                       may_take_part=current_principal().can("zeggenschap.take_part") and own_person() is not None,
                       may_manage=current_principal().can("zeggenschap.manage"), form=ConfirmForm(),
                       answer_form=answer_form)


@blueprint.route("/proposals/new", methods=["GET", "POST"])
@requires("zeggenschap.take_part")
def new_proposal():
    form = ProposalForm()
    if own_person() is None:
        flash(_("Your account is not linked to a person of the neighbourhood; ask the coordinator."))
        return redirect(url_for("zeggenschap.overview"))
    if form.validate_on_submit():
        service.propose(current_session(), service.statutes(current_tenant()), own_person(), form.title.data.strip(),
                        (form.text.data or "").strip(), form.cost.data)
        current_session().commit()
        flash(_("Your proposal is made. Others can now support it."))
        return redirect(url_for("zeggenschap.overview"))
    return render_page("zeggenschap/proposal_new.html", form=form), 422 if form.is_submitted() else 200


@blueprint.post("/proposals/<int:proposal_id>/support")
@requires("zeggenschap.take_part")
def support(proposal_id: int):
    proposal = current_session().get(Proposal, proposal_id) or abort(404)
    if not ConfirmForm().validate_on_submit() or own_person() is None:
        abort(400)
    try:
        service.support(current_session(), service.statutes(current_tenant()), proposal, own_person())
        current_session().commit()
        flash(_("Thank you: you support this proposal."))
    except service.NoaberError:
        current_session().rollback()
        flash(_("You support this proposal already, or it has been decided."))
    return redirect(url_for("zeggenschap.overview"))


def chosen_options(vote: Vote) -> list[int]:
    known = {o.id for o in vote.options}
    return [int(v) for v in request.form.getlist("choice") if v.isdigit() and int(v) in known]


def ticked_total(vote: Vote, chosen: list[int]) -> Decimal:
    return sum((o.cost or Decimal(0) for o in vote.options if o.id in chosen), Decimal("0.00"))


@blueprint.route("/votes/<int:vote_id>", methods=["GET", "POST"])
@requires("zeggenschap.read")
def vote_page(vote_id: int):
    session = current_session()
    vote = session.get(Vote, vote_id) or abort(404)
    me = own_person()
    voted = me is not None and session.scalar(select(RollEntry.id).where(RollEntry.vote_id == vote.id,
                                                                         RollEntry.person_id == me)) is not None
    chosen, total, form = chosen_options(vote), None, ConfirmForm()
    if request.method == "POST":
        if not form.validate_on_submit() or me is None or not current_principal().can("zeggenschap.take_part"):
            abort(400)
        if request.form.get("action") == "stem":
            return cast_online(vote, me, chosen)
        total = ticked_total(vote, chosen)
    return result_or_ballot(vote, voted=voted, may_vote=me is not None and not voted, chosen=chosen, total=total,
                            form=form, action=url_for("zeggenschap.vote_page", vote_id=vote.id))


def cast_online(vote: Vote, me: int, chosen: list[int]):
    try:
        ballots.cast(current_session(), service.statutes(current_tenant()), vote, "online", chosen, person_id=me)
    except service.NoaberError as exc:
        current_session().rollback()
        flash(ballot_refusal(exc))
        return redirect(url_for("zeggenschap.vote_page", vote_id=vote.id))
    current_session().commit()
    flash(_("Your vote is in. Thank you for voting. Nobody can see what you chose."))
    return redirect(url_for("zeggenschap.vote_page", vote_id=vote.id))


def ballot_refusal(exc: service.NoaberError) -> str:
    if isinstance(exc, service.Conflict):
        return _("You have voted already; your first vote counts.")
    if getattr(exc, "field", "") == "choices":
        return _("Choose one option (in a budget vote: tick the projects you want) while the vote is open.")
    return _("You cannot vote in this vote.")


def result_or_ballot(vote: Vote, **context):
    result = explain.result_of(vote)
    found = explain.rows(vote, result) if result else []
    money = {"rest": Decimal(result["budget"]) - Decimal(result["allocated"]) if result and result["budget"] else None,
             "turnout": Decimal(result["turnout"]) if result else None}
    status = vote.status_at(service.now())
    counting = jobs.count_progress(current_session(), vote) if status == "counting" else None
    # a count in the background: the page looks again by itself until the result is there, unless asked not to
    refresh = status == "counting" and not (counting and counting.state == "failed") \
        and request.args.get("refresh") != "off"
    return render_page("zeggenschap/vote.html", vote=vote, status=status, result=result, counting=counting,
                       refresh=refresh,
                       rows=found, **money, differences=explain.differences(result, found) if result else [],
                       title_of=explain.title_of, may_manage=current_principal().can("zeggenschap.manage"), **context)


@blueprint.route("/votes/<int:vote_id>/paper", methods=["GET", "POST"])
@requires("zeggenschap.manage")
def paper_ballot(vote_id: int):
    """A teller types in a paper ballot: who handed it in (for the roll) and what is on it (for the box)."""
    session = current_session()
    vote = session.get(Vote, vote_id) or abort(404)
    form, chosen = ConfirmForm(), chosen_options(vote)
    voted = set(session.scalars(select(RollEntry.person_id).where(RollEntry.vote_id == vote.id)))
    voters = [p for p in service.eligible_ids(session, service.statutes(current_tenant()), vote.eligible,
                                              service.today()) if p not in voted]
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        voter = request.form.get("person", "")
        try:
            ballots.cast(session, service.statutes(current_tenant()), vote, "paper", chosen,
                         person_id=int(voter) if voter.isdigit() else None, teller=current_principal().actor)
            session.commit()
            flash(_("The paper ballot is in."))
            return redirect(url_for("zeggenschap.paper_ballot", vote_id=vote.id))
        except service.NoaberError as exc:
            session.rollback()
            flash(ballot_refusal(exc))
    return render_page("zeggenschap/paper.html", vote=vote, form=form, chosen=chosen, title_of=explain.title_of,
                       voters=sorted(full_names(session, voters).items(), key=lambda item: item[1]))


@blueprint.route("/code", methods=["GET", "POST"])
@public
@rate_limit("20 per minute;200 per hour")
def vote_with_code():
    """For a voter without an account: the code from the letter opens the ballot, once."""
    form, code = ConfirmForm(), ballots.normalise_code(request.form.get("code", ""))
    if request.method == "GET" or not form.validate_on_submit():
        return render_page("zeggenschap/code.html", form=form, code="", error=None)
    found = current_session().scalar(select(VotingCode).where(VotingCode.code == code)) if code else None
    if found is None:
        return render_page("zeggenschap/code.html", form=form, code="",
                           error=_("This code is not known. Check the letter and type the code again.")), 422
    vote = current_session().get(Vote, found.vote_id)
    chosen = chosen_options(vote)
    if request.form.get("action") == "stem":
        try:
            ballots.cast(current_session(), service.statutes(current_tenant()), vote, "code", chosen, code=code)
        except service.NoaberError as exc:
            current_session().rollback()
            return render_page("zeggenschap/code.html", form=form, code="", error=ballot_refusal(exc)), 422
        current_session().commit()
        return render_page("zeggenschap/code_done.html", vote=vote)
    total = ticked_total(vote, chosen) if request.form.get("action") == "bereken" else None
    return render_page("zeggenschap/vote.html", vote=vote, status=vote.status_at(service.now()), result=None, rows=[],
                       differences=[], title_of=explain.title_of, voted=False, may_vote=True, chosen=chosen,
                       total=total, form=form, action=url_for("zeggenschap.vote_with_code"),
                       code=ballots.shown_code(code))


@blueprint.route("/votes/<int:vote_id>/letters", methods=["GET", "POST"])
@requires("zeggenschap.manage")
def letters(vote_id: int):
    session = current_session()
    vote = session.get(Vote, vote_id) or abort(404)
    if request.method == "POST":
        if not ConfirmForm().validate_on_submit():
            abort(400)
        try:
            made = ballots.issue_codes(session, service.statutes(current_tenant()), vote, None)
            session.commit()
            flash(_("Everyone who may vote has a code: %(count)d letters.", count=len(made)))
        except service.NoaberError:
            session.rollback()
            flash(_("This vote is closed; no codes can be made for it."))
        return redirect(url_for("zeggenschap.letters", vote_id=vote.id))
    codes = session.scalars(select(VotingCode).where(VotingCode.vote_id == vote.id).order_by(VotingCode.id)).all()
    return render_page("zeggenschap/letters.html", vote=vote, codes=codes, shown=ballots.shown_code, form=ConfirmForm(),
                       names=full_names(session, {c.person_id for c in codes}),
                       address=external_url("zeggenschap.vote_with_code"))


@blueprint.get("/decisions")
@requires("zeggenschap.read")
def decisions():
    session = current_session()
    held = session.scalars(select(Meeting).order_by(Meeting.held_on.desc())).all()
    return render_page("zeggenschap/decisions.html", decisions=meetings.decisions(session), meetings=held,
                       may_manage=current_principal().can("zeggenschap.manage"))
