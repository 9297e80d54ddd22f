"""The volunteer hours page: a month's hours per kind and per volunteer, and the half year before."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template, request

from core.errors import NoaberError
from core.i18n.text import _
from core.metrics import Month
from core.people.directory import full_names
from core.tenancy.context import current_scope
from core.volunteers.hours import summary
from core.web.permissions import requires
from core.web.problems import refuse

blueprint = Blueprint("volunteers", __name__, url_prefix="/volunteers")
#: months in the trend, the chosen one last
TREND = 6


def chosen_month() -> Month:
    """The month in the address (this month when there is none); one that is not a month is a 400."""
    text = request.args.get("month")
    if not text:
        return Month.of(date.today())
    try:
        return Month.parse(text)
    except NoaberError:
        refuse(400, _("%(month)s is not a month; write it as 2026-10.", month=text[:20]))


@blueprint.get("/hours")
@requires("volunteers.read")
def hours():
    scope, month = current_scope(), chosen_month()
    hooks = scope.instance.hooks(scope.tenant)
    months = [month]
    while len(months) < TREND:
        months.insert(0, months[0].previous())
    trend = [summary(hooks, scope.tenant, scope.session, m) for m in months]
    chosen = trend[-1]
    names = full_names(scope.session, chosen.by_person)
    people = sorted(chosen.by_person.items(), key=lambda item: (-item[1], names.get(item[0], "")))
    return render_template("volunteers/hours.html", month=month, chosen=chosen, trend=trend, names=names,
                           people=people, biggest=max((s.hours for s in trend), default=0) or 1)
