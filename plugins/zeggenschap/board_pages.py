"""What the board does from the pages, so that it needs no program: close a vote and count it, and
answer a proposal on the agenda (adopt, reject with reasons, withdraw)."""
from __future__ import annotations

from flask import abort, flash, redirect, url_for

from core.toolkit import (
    ConfirmForm,
    NoaberError,
    _,
    current_principal,
    current_session,
    current_tenant,
    requires,
    tenant_hooks,
)
from plugins.zeggenschap import closing, jobs, service
from plugins.zeggenschap.forms import AnswerForm
from plugins.zeggenschap.models import Proposal, Vote
from plugins.zeggenschap.views import blueprint


@blueprint.post("/votes/<int:vote_id>/close")
@requires("zeggenschap.manage")
def close_vote(vote_id: int):
    """Close now (also a vote still open) and count; a large box is counted by the job worker."""
    session = current_session()
    vote = session.get(Vote, vote_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        counted = closing.close(session, service.statutes(current_tenant()), vote, current_tenant(), tenant_hooks(),
                                may_defer=True)
    except service.Conflict:
        session.rollback()
        flash(_("This vote is closed already."))
        return redirect(url_for("zeggenschap.vote_page", vote_id=vote_id))
    session.commit()
    if counted:
        flash(_("The vote is closed and counted; the result is below."))
    else:
        try:
            jobs.start_count(session, vote, current_principal().actor)
            flash(_("The vote is closed. So many ballots are counted in the background; the result comes here."))
        except NoaberError:
            flash(_("The vote is closed, but the count could not start; ask the administrator about the jobs."))
    return redirect(url_for("zeggenschap.vote_page", vote_id=vote_id))


@blueprint.post("/proposals/<int:proposal_id>/answer")
@requires("zeggenschap.manage")
def answer_proposal(proposal_id: int):
    """The board's answer to a proposal: adopted (a cost goes into the budget), rejected, or withdrawn."""
    session = current_session()
    proposal = session.get(Proposal, proposal_id) or abort(404)
    form = AnswerForm(prefix=f"answer-{proposal.id}")
    if not form.validate_on_submit():
        flash(_("Give the board's answer and its reasons."))
        return redirect(url_for("zeggenschap.overview", _anchor=f"proposal-{proposal.id}"))
    if proposal.status not in ("collecting_support", "on_agenda"):
        flash(_("This proposal has been decided already."))
    elif form.status.data == "adopted":
        closing.adopt_proposal(session, proposal, form.reason.data.strip(), current_tenant(), tenant_hooks())
    else:
        service.set_status(proposal, form.status.data, form.reason.data.strip())
    session.commit()
    return redirect(url_for("zeggenschap.overview", _anchor=f"proposal-{proposal.id}"))
