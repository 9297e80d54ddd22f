"""Pages: memberships and their consent, what we shared, and a coalition's dashboard."""
from __future__ import annotations

import csv
import io
from datetime import date

from flask import (
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import select

from core.errors import NoaberError
from core.federation import consent, dashboard, summaries
from core.federation.models import Alert, Membership, Peer
from core.federation.views import blueprint, here
from core.i18n.text import _l
from core.metrics import Month, installed_metrics
from core.tenancy.context import current_scope, current_session
from core.web.forms import ConfirmForm
from core.web.permissions import requires

STATUS_LABELS = {"requested": _l("asked"), "active": _l("active"), "declined": _l("declined"), "ended": _l("ended")}


@blueprint.app_template_filter("membership_status")
def membership_status(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


@blueprint.app_template_filter("metric_label")
def metric_label(metric_id: str) -> str:
    metric = _catalogue().get(metric_id)
    return str(metric.label) if metric else metric_id


def _catalogue() -> dict:
    """Every metric any installed plugin declares, for labels and for what a coalition may ask."""
    return installed_metrics(current_scope().instance.plugins)


def _memberships(side: str) -> list[Membership]:
    return list(current_session().scalars(select(Membership).join(Peer).where(Membership.side == side)
                                          .order_by(Membership.status, Peer.name)))


@blueprint.get("/federation/")
@requires("federation.manage")
def index():
    """A neighbourhood's coalitions (requests to decide, memberships), and a coalition's members."""
    return _index_page()


def _index_page(status: int = 200):
    page = render_template("federation/index.html", coalitions=_memberships("coalition"),
                           members=_memberships("member"), catalogue=_catalogue(), me=here().me,
                           months=_recent_months(), default_since=str(Month.of(date.today()).previous()),
                           alerts=current_session().scalars(select(Alert).where(Alert.seen.is_(False))).all(),
                           confirm=ConfirmForm())
    return page, status


def _refused(exc: NoaberError, prefix=None):
    """The page again with the reason, nothing written (422, as for any other refused form)."""
    current_session().rollback()
    flash(prefix(reason=str(exc)) if prefix else str(exc))
    return _index_page(422)


def _recent_months(count: int = 13) -> list[str]:
    month, months = Month.of(date.today()), []
    for _month in range(count):
        month = month.previous()
        months.append(str(month))
    return months


@blueprint.post("/federation/ask")
@requires("federation.manage")
def ask():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    metrics = [m for m in request.form.getlist("metrics") if m in _catalogue()]
    try:
        consent.ask(here(), request.form.get("url", ""), metrics)
    except NoaberError as exc:
        return _refused(exc, lambda reason: _("Not asked: %(reason)s", reason=reason))
    current_session().commit()
    flash(_("Asked. The neighbourhood sees the request at the next federation run, and decides."))
    return redirect(url_for("federation.index"))


@blueprint.post("/federation/memberships/<int:membership_id>/<action>")
@requires("federation.manage")
def decide(membership_id: int, action: str):
    membership = current_session().get(Membership, membership_id) or abort(404)
    if action not in ("approve", "decline", "end") or not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        if action == "end":
            consent.end(here(), membership)
        else:
            chosen = request.form.getlist("metrics") if action == "approve" else []
            since = Month.parse(request.form.get("since", "")) if chosen else None
            consent.answer(here(), membership, chosen, since)
    except NoaberError as exc:
        return _refused(exc)
    current_session().commit()
    flash({"approve": _("Approved. Figures go out from the next federation run."),
           "decline": _("Declined. Nothing will be shared."), "end": _("Ended. Nothing more will be sent.")}[action])
    return redirect(url_for("federation.index"))


@blueprint.get("/federation/shared")
@requires("federation.read")
def shared():
    """Every summary this tenant ever sent, decoded and byte for byte."""
    return render_template("federation/shared.html", sent=summaries.shared_log(here()), pretty=summaries.pretty,
                           catalogue=_catalogue())


@blueprint.get("/federation/dashboard")
@requires("federation.read")
def dashboard_page():
    view = dashboard.build(current_session(), _catalogue(), _months_param())
    current_session().commit()  # keep the months' totals that build() refreshed
    return render_template("federation/dashboard.html", view=view)


@blueprint.get("/federation/dashboard.csv")
@requires("federation.read")
def dashboard_csv():
    view = dashboard.build(current_session(), _catalogue(), _months_param())
    current_session().commit()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["metric", "period", "value", "reporting", "suppressed", "not_collected", "members",
                     "communities_reporting", "communities"])
    for row in view.rows:
        for period, cell in zip(view.months, row.cells, strict=True):
            if cell is not None:
                writer.writerow([row.metric, period, "" if cell.value is None else cell.value, cell.reporting,
                                 cell.suppressed, cell.not_collected, cell.members, cell.communities_reporting,
                                 cell.communities])
    return Response(buffer.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="coalitie.csv"'})


@blueprint.get("/federation/dataValueSets.json")
@requires("federation.read")
def dhis2():
    """The same figures as a DHIS2 ``dataValueSets`` import (one org unit: this coalition)."""
    view = dashboard.build(current_session(), _catalogue(), _months_param())
    current_session().commit()
    return jsonify(dashboard.data_value_sets(view, here().tenant))


def _months_param() -> int:
    return max(1, min(request.args.get("months", 12, type=int), 36))
