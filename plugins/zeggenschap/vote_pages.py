"""Calling a vote from a page: the board needs no program for it. The options are typed one a line; a
budget vote's project ends in its cost, in euros as people write them ("4000", "4.000", "1250,50")."""
from __future__ import annotations

import re
from decimal import Decimal

from flask import flash, redirect, url_for
from sqlalchemy import select
from wtforms.fields import SelectChoice

from core.toolkit import TIMEZONE, _, current_session, current_tenant, render_page, requires
from plugins.zeggenschap import service
from plugins.zeggenschap.forms import NOBODY, VoteForm
from plugins.zeggenschap.models import Proposal
from plugins.zeggenschap.views import blueprint

#: a project's line: its name, then (after a space, ";" or ":") the cost, with or without "€"
PROJECT_LINE = re.compile(r"^(?P<title>.+?)[\s;:]+€?\s*(?P<cost>[\d.,]+)\s*$")
#: "4.000" and "4.000,50" (Dutch), "4000,50", or "4000.50"
AMOUNTS = ((re.compile(r"^\d{1,3}(\.\d{3})+(,\d{1,2})?$"), lambda t: t.replace(".", "").replace(",", ".")),
           (re.compile(r"^\d{1,10}(,\d{1,2})?$"), lambda t: t.replace(",", ".")),
           (re.compile(r"^\d{1,10}(\.\d{1,2})?$"), lambda t: t))
CENT, MOST = Decimal("0.01"), Decimal("9999999999")


class OptionsError(ValueError):
    pass


def euros(text: str) -> Decimal | None:
    for pattern, plain in AMOUNTS:
        if pattern.match(text):
            amount = Decimal(plain(text)).quantize(CENT)
            return amount if CENT <= amount <= MOST else None
    return None


def read_options(text: str, kind: str) -> list[dict]:
    """The options from the lines typed; a budget vote's lines must each end in a cost."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if kind != "budget":
        return [{"title": line[:160]} for line in lines]
    options = []
    for number, line in enumerate(lines, start=1):
        found = PROJECT_LINE.match(line)
        cost = euros(found.group("cost")) if found else None
        if cost is None:
            raise OptionsError(_("Line %(number)d has no cost at its end (for example: Speeltuin 4000).",
                                 number=number))
        options.append({"title": found.group("title").strip()[:160], "cost": cost})
    return options


def proposal_choices() -> list[SelectChoice]:
    open_ones = current_session().scalars(select(Proposal).where(
        Proposal.status.in_(("collecting_support", "on_agenda"))).order_by(Proposal.title))
    return [SelectChoice(NOBODY, "—"), *(SelectChoice(p.id, p.title) for p in open_ones)]


def vote_data(form: VoteForm) -> dict:
    """The fields the service takes, as the API would give them."""
    return {"title": form.title.data.strip(), "kind": form.kind.data, "eligible": form.eligible.data,
            "opens_at": form.opens_at.data.replace(tzinfo=TIMEZONE),
            "closes_at": form.closes_at.data.replace(tzinfo=TIMEZONE),
            "options": [] if form.kind.data == "proposal" else read_options(form.options.data, form.kind.data),
            "budget": form.budget.data.quantize(CENT) if form.budget.data is not None else None,
            "proposal_id": form.proposal.data if form.proposal.data != NOBODY else None}


@blueprint.route("/votes/new", methods=["GET", "POST"])
@requires("zeggenschap.manage")
def new_vote():
    form = VoteForm()
    form.proposal.choices = proposal_choices()
    if not form.validate_on_submit():
        return render_page("zeggenschap/vote_new.html", form=form), 422 if form.is_submitted() else 200
    session = current_session()
    fields = {"closes_at": form.closes_at, "budget": form.budget, "options": form.options,
              "proposal_id": form.proposal}
    try:
        vote = service.create_vote(session, service.statutes(current_tenant()), vote_data(form))
    except OptionsError as exc:
        form.options.errors = [*form.options.errors, str(exc)]
        return render_page("zeggenschap/vote_new.html", form=form), 422
    except service.Invalid as exc:
        session.rollback()
        field = fields.get(exc.field, form.options)
        field.errors = [*field.errors, refusal(exc.field)]
        return render_page("zeggenschap/vote_new.html", form=form), 422
    session.commit()
    flash(_("The vote is called. Print the letters with codes for members without an account."))
    return redirect(url_for("zeggenschap.vote_page", vote_id=vote.id))


def refusal(field: str) -> str:
    return {"closes_at": _("A vote closes after it opens."),
            "budget": _("A budget vote needs the budget to share out."),
            "proposal_id": _("Only a vote on a proposal decides a proposal; leave it empty for other votes."),
            }.get(field, _("A choice needs at least two options, a budget vote at least one project; a vote on a "
                           "proposal has its own options (for, against, abstain): leave them empty."))
