"""The report page: the funders' figures over a period, a CSV of them, and attendance per week
as an accessible SVG chart with the same figures in a table beside it."""
from __future__ import annotations

from datetime import date

from flask import Response, render_template, request
from flask_babel import gettext as _

from core.toolkit import current_session, refuse, requires
from plugins.daycare.forms import REASON_LABELS
from plugins.daycare.models import REASONS
from plugins.daycare.reports import as_csv, report, weekly
from plugins.daycare.schedule import today
from plugins.daycare.web import blueprint

#: the chart's drawing area, in SVG units
WIDTH, HEIGHT, BAR_GAP = 600, 200, 4


def _day(name: str, default: date) -> date:
    text = request.args.get(name)
    if not text:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        refuse(400, _("%(day)s is not a date; write it as 2026-10-31.", day=text))


def _period() -> tuple[date, date]:
    now = today()
    first = _day("from", now.replace(day=1))
    last = _day("until", now)
    if last < first or (last - first).days > 731:
        refuse(400, _("Choose a period of at most two years that ends after it starts."))
    return first, last


def bars(weeks: list[tuple[date, int, int]]) -> list[dict]:
    """Per week a bar of those present on top of those absent, scaled to the drawing area."""
    top = max((present + absent for _monday, present, absent in weeks), default=0) or 1
    width = WIDTH / max(len(weeks), 1)
    shapes = []
    for n, (monday, present, absent) in enumerate(weeks):
        present_h, absent_h = HEIGHT * present / top, HEIGHT * absent / top
        shapes.append({"x": round(n * width + BAR_GAP / 2, 1), "width": round(width - BAR_GAP, 1), "monday": monday,
                       "present": present, "absent": absent, "present_y": round(HEIGHT - present_h, 1),
                       "present_h": round(present_h, 1), "absent_y": round(HEIGHT - present_h - absent_h, 1),
                       "absent_h": round(absent_h, 1)})
    return shapes


@blueprint.get("/report", endpoint="report")
@requires("daycare.reports")
def report_page():
    first, last = _period()
    total, per_group = report(current_session(), first, last)
    return render_template("daycare/report.html", first=first, last=last, total=total, groups=per_group,
                           bars=bars(weekly(current_session(), first, last)), reasons=REASONS,
                           reason_labels=REASON_LABELS, width=WIDTH, height=HEIGHT)


@blueprint.get("/report.csv")
@requires("daycare.reports")
def report_csv():
    first, last = _period()
    total, per_group = report(current_session(), first, last)
    labels = {"name": _("Group"), "participants": _("Participants"), "sessions": _("Sessions held"),
              "attendance_rate": _("Attendance rate"), "care_hours": _("Care hours"),
              "volunteer_hours": _("Volunteer hours"), "total": _("Total"),
              **{f"absent_{r}": _("Absent: %(reason)s", reason=REASON_LABELS[r]) for r in REASONS}}
    name = f"dagbesteding-{first.isoformat()}-{last.isoformat()}.csv"
    return Response("\ufeff" + as_csv(total, per_group, labels), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
