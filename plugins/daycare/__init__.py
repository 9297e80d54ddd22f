"""Dagbesteding: day activities in groups, with a waiting list that never double-books.

Groups with a weekly schedule make sessions; people enrol (or wait, or wait for approval); a
freed place goes to the first person waiting who is not booked elsewhere at that time
(enrolment.py). Attendance, volunteers and their hours per session; rides through the
cross-plugin hooks (rides.py), never an import of transport. Hooks stay thin.
"""
from __future__ import annotations

from core import hookimpl
from core.toolkit import MenuItem, Panel, Permission, _l
from plugins.daycare import api, claims, cli, privacy, together, views
from plugins.daycare.metrics import METRICS
from plugins.daycare.settings import DaycareSettings

STAFF = ("admin", "coordinator")


@hookimpl
def noaber_settings_schema():
    return DaycareSettings()


@hookimpl
def noaber_permissions():
    return [Permission("daycare.manage", _l("Run day activities: groups, enrolments and the waiting list"), STAFF),
            Permission("daycare.attendance", _l("Fill in attendance and volunteers of day activities"),
                       (*STAFF, "volunteer")),
            Permission("daycare.reports", _l("Read the day activities reports"), (*STAFF, "treasurer"))]


@hookimpl
def noaber_metrics():
    return METRICS


@hookimpl
def noaber_cli_command():
    return cli.daycare


@hookimpl
def noaber_web_blueprint():
    return views.blueprint


@hookimpl
def noaber_api_blueprint():
    return api.blueprint


@hookimpl
def noaber_menu_items(tenant):
    return [MenuItem(_l("Day activities"), "daycare.groups", order=30, permission="daycare.attendance"),
            MenuItem(_l("Day activities report"), "daycare.report", order=31, permission="daycare.reports")]


@hookimpl
def noaber_home_panels(tenant, session):
    return [Panel(_l("Day activities"), together.home_panel(session), order=30, permission="daycare.attendance")]


@hookimpl
def noaber_demo_data(tenant, session, rng):
    from plugins.daycare.demo import add_demo_daycare
    add_demo_daycare(tenant, session, rng)


@hookimpl
def noaber_privacy_export(tenant, session, person_id):
    return privacy.export(session, person_id)


@hookimpl
def noaber_privacy_erase(tenant, session, person_id):
    privacy.erase(session, person_id)


@hookimpl
def noaber_volunteer_hours(tenant, session, month):
    return together.hours(session, month)


@hookimpl
def noaber_reimbursement_claims(tenant, session, month):
    return claims.claims(session, month)


@hookimpl
def noaber_calendar_events(tenant, session, person_id, start, end):
    return together.events(session, person_id, start, end)


@hookimpl
def noaber_person_panels(tenant, session, person_id):
    body = together.person_panel(session, person_id)
    return [Panel(_l("Day activities"), body, order=30, permission="daycare.attendance")] if body else []
