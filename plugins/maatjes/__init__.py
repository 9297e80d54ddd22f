"""Maatjes: buddy pairs from intake to ending, with loneliness measured as an outcome.

Intake of participants and volunteers, suggestions ranked with reasons and an optimal plan
(matching.py), each pair's life from proposal to ending, contacts and the pairs that went
quiet, waiting lists, and the De Jong Gierveld loneliness scale (loneliness.py). Core and
other plugins read its hours, calendar events and person panels through the hooks
(together.py). Hooks stay thin; the work is in service.py.
"""
from __future__ import annotations

from core import hookimpl
from core.toolkit import MenuItem, Panel, Permission, _l, render_fragment
from plugins.maatjes import (  # noqa: F401  routes
    api,
    buddy_views,
    claims,
    intake_views,
    privacy,
    reports,
    schemas,
    together,
    views,
)
from plugins.maatjes.demo import add_demo_maatjes
from plugins.maatjes.metrics import METRICS
from plugins.maatjes.pages import blueprint

STAFF = ("admin", "coordinator")


@hookimpl
def noaber_settings_schema():
    return schemas.MaatjesSettings()


@hookimpl
def noaber_permissions():
    return [Permission("maatjes.coordinate", _l("Take in participants and buddies, and pair them"), STAFF),
            Permission("maatjes.restricted", _l("Read loneliness scores and the notes of one's own pairs"),
                       ("coordinator",)),
            Permission("maatjes.reports", _l("Read the buddy programme's reports"), (*STAFF, "treasurer")),
            Permission("maatjes.buddy", _l("See one's own pairs as a buddy and log their contacts"),
                       (*STAFF, "volunteer"))]


@hookimpl
def noaber_metrics():
    return METRICS


@hookimpl
def noaber_web_blueprint():
    return blueprint


@hookimpl
def noaber_api_blueprint():
    return api.blueprint


@hookimpl
def noaber_menu_items(tenant):
    return [MenuItem(_l("Buddies"), "maatjes.overview", order=30, permission="maatjes.coordinate"),
            MenuItem(_l("Buddy report"), "maatjes.report", order=31, permission="maatjes.reports"),
            MenuItem(_l("My buddy"), "maatjes.mine", order=32, permission="maatjes.buddy")]


@hookimpl
def noaber_home_panels(tenant, session):
    figures = together.start_page_figures(session, tenant.plugin_settings("maatjes"))
    return [Panel(_l("Buddies"), render_fragment("maatjes/panel.html", **figures), order=30,
                  permission="maatjes.coordinate")]


@hookimpl
def noaber_demo_data(tenant, session, rng):
    add_demo_maatjes(session, rng)


@hookimpl
def noaber_privacy_export(tenant, session, person_id):
    return privacy.export(session, person_id)


@hookimpl
def noaber_privacy_erase(tenant, session, person_id):
    privacy.erase(session, person_id)


# ---------------------------------------------------------------- working with other plugins

@hookimpl
def noaber_volunteer_hours(tenant, session, month):
    return together.hours(session, month)


@hookimpl
def noaber_reimbursement_claims(tenant, session, month):
    if not tenant.plugin_settings("maatjes")["reimburse_outings"]:
        return []
    return claims.claims(session, month)


@hookimpl
def noaber_calendar_events(tenant, session, person_id, start, end):
    return together.events(session, person_id, start, end)


@hookimpl
def noaber_person_panels(tenant, session, person_id):
    roles = together.person_roles(session, person_id)
    if not roles:
        return []
    body = render_fragment("maatjes/person_panel.html", roles=roles, names=together.role_names(session, roles))
    return [Panel(_l("Buddies"), body, order=30, permission="maatjes.coordinate")]
