""""My buddy": a volunteer's own pairs on a phone, with the introduction meeting, their
calendar, and a quick way to log a contact (which counts as their volunteer hours)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from sqlalchemy import select

from core.toolkit import _, calendar_feed_url, current_principal, current_session, requires
from plugins.maatjes import service
from plugins.maatjes.forms import BuddyContactForm
from plugins.maatjes.models import OPEN, Match, Volunteer
from plugins.maatjes.pages import BUDDY, blueprint, pair_names


def _me() -> Volunteer | None:
    account = current_principal().account
    if account is None or account.person_id is None:
        return None
    return current_session().scalar(select(Volunteer).where(Volunteer.person_id == account.person_id))


def _my_pairs(me: Volunteer | None) -> list[Match]:
    if me is None:
        return []
    return list(current_session().scalars(select(Match).where(Match.volunteer_id == me.id, Match.status.in_(OPEN))
                                          .order_by(Match.proposed_on)))


@blueprint.get("/mine")
@requires(BUDDY)
def mine():
    me = _me()
    pairs = _my_pairs(me)
    return render_template("maatjes/mine.html", me=me, pairs=pairs, names=pair_names(pairs),
                           forms={m.id: BuddyContactForm(prefix=f"pair{m.id}", data={"on": service.today()})
                                  for m in pairs},
                           calendar=calendar_feed_url(current_session(), me.person_id) if me else None)


@blueprint.post("/mine/<int:match_id>/contacts")
@requires(BUDDY)
def log_my_contact(match_id):
    match = current_session().get(Match, match_id)
    me = _me()
    if match is None or me is None or match.volunteer_id != me.id:
        abort(404)  # another buddy's pair is not there for this one
    form = BuddyContactForm(prefix=f"pair{match.id}")
    if not form.validate_on_submit():
        flash(" ".join([_("The contact was not logged: fill in the date, the kind and the minutes."),
                        *form.costs_errors()]))
    else:
        try:
            service.add_contact(match, form.on.data, form.kind.data, form.minutes.data, "", form.costs.data,
                                form.km.data)
            current_session().commit()
            flash(_("The contact is logged."))
        except (service.Invalid, service.Conflict) as exc:
            flash(str(exc))
    return redirect(url_for("maatjes.mine"), 303)
