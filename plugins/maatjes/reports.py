"""The report page: what the programme did over the last twelve months, as aggregates only,
with the same small-count suppression as the figures that go to coalitions."""
from __future__ import annotations

from collections import Counter
from datetime import timedelta

from core.toolkit import current_session, current_tenant, requires
from flask import render_template

from plugins.maatjes import figures, service
from plugins.maatjes.models import END_REASONS
from plugins.maatjes.pages import REPORTS, blueprint


@blueprint.get("/report")
@requires(REPORTS)
def report():
    session, today = current_session(), service.today()
    first = today - timedelta(days=365)
    ended = figures.ended(session, first, today)
    days = figures.waiting_days(session, today)
    active = figures.active_on(session, today)
    change = figures.loneliness_change(session, first, today)
    return render_template(
        "maatjes/report.html", first=first, today=today, active=len(active),
        started=len(figures.started(session, first, today)), ended=len(ended),
        reasons=[(r, n) for r, n in Counter(m.end_reason for m in ended).most_common() if r in END_REASONS],
        waiting=len(days), median_wait=figures.median_or_zero(days),
        contacts=len(figures.contacts(session, first, today)), change=change,
        k=current_tenant().federation["k"])
