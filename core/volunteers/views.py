"""The volunteer hours page: a month's hours per kind and per volunteer, and the half year before."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template, request

from core.errors import NoaberError
from core.metrics import Month
from core.people.directory import full_names
from core.tenancy.context import current_scope
from core.volunteers.hours import summary
from core.web.permissions import requires

blueprint = Blueprint("volunteers", __name__, url_prefix="/volunteers")
#: months in the trend, the chosen one last
TREND = 6


def chosen_month() -> Month:
    try:
        return Month.parse(request.args.get("month", ""))
    except NoaberError:  # none chosen, or not a month: this month
        return Month.of(date.today())


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
