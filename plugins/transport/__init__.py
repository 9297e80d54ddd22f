"""Transport: volunteer rides for residents who cannot travel alone.

Ride requests, drivers with their cars, hours, leave and checks, a planner that assigns a
day's rides at the lowest cost (planner.py and the modules it uses), and each ride's life from request
to outcome. Other plugins ask for rides, and read drivers' kilometres and hours, through the
cross-plugin hooks (together.py). Hooks stay thin; the work is in service.py.
"""
from __future__ import annotations

from datetime import datetime

from core import hookimpl
from core.toolkit import (
    TIMEZONE,
    ConsentPurpose,
    MenuItem,
    Panel,
    Permission,
    _l,
    render_fragment,
)
from plugins.transport import (  # noqa: F401  routes
    api,
    api_drivers,
    calendar,
    drivers,
    jobs,
    privacy,
    reports,
    schemas,
    series_views,
    service,
    together,
    views,
)
from plugins.transport.cli import transport
from plugins.transport.demo import add_demo_transport, prepare_planner_in_background
from plugins.transport.metrics import METRICS
from plugins.transport.views import today_panel

STAFF = ("admin", "coordinator")


@hookimpl
def noaber_settings_schema():
    return schemas.TransportSettings()


@hookimpl
def noaber_permissions():
    return [Permission("transport.plan", _l("Take ride requests and plan rides"), STAFF),
            Permission("transport.drive", _l("See and answer one's own rides as a driver"),
                       ("admin", "coordinator", "volunteer")),
            Permission("transport.reports", _l("Read the monthly statements and ride reports"),
                       (*STAFF, "treasurer"))]


@hookimpl
def noaber_consent_purposes():
    return [ConsentPurpose("transport.phone_to_driver", _l("Phone number to the driver of one's ride"))]


@hookimpl
def noaber_metrics():
    return METRICS


@hookimpl
def noaber_cli_command():
    return transport


@hookimpl
def noaber_job_kinds():
    return jobs.KINDS


@hookimpl
def noaber_web_blueprint():
    return views.blueprint


@hookimpl
def noaber_api_blueprint():
    return api.blueprint


@hookimpl
def noaber_menu_items(tenant):
    return [MenuItem(_l("Rides"), "transport.board", order=20, permission="transport.plan"),
            MenuItem(_l("Week"), "transport.week", order=20, permission="transport.plan"),
            MenuItem(_l("Standing orders"), "transport.series_list", order=22, permission="transport.plan"),
            MenuItem(_l("Drivers"), "transport.drivers", order=22, permission="transport.plan"),
            MenuItem(_l("Statements"), "transport.statements_page", order=23, permission="transport.reports"),
            MenuItem(_l("Ride reports"), "transport.reports_page", order=24, permission="transport.reports"),
            MenuItem(_l("My rides"), "transport.my_rides", order=21, permission="transport.drive")]


@hookimpl
def noaber_home_panels(tenant, session):
    return [Panel(_l("Rides today"), today_panel(session), order=20, permission="transport.plan")]


@hookimpl
def noaber_demo_data(tenant, session, rng):
    add_demo_transport(session, rng)
    prepare_planner_in_background()


@hookimpl
def noaber_privacy_export(tenant, session, person_id):
    return privacy.export(session, person_id)


@hookimpl
def noaber_privacy_erase(tenant, session, person_id):
    privacy.erase(session, person_id)


# ---------------------------------------------------------------- working with other plugins

@hookimpl
def noaber_request_ride(tenant, session, request):
    return together.ride_for(session, service.roads_for(tenant), request).id


@hookimpl
def noaber_cancel_rides(tenant, session, source_prefix, reason):
    return together.cancel_by_source(session, source_prefix, reason)


@hookimpl
def noaber_reimbursement_claims(tenant, session, month):
    if not tenant.plugin_settings("transport")["reimburse_drivers"]:
        return []
    return together.claims(session, service.roads_for(tenant), month)


@hookimpl
def noaber_volunteer_hours(tenant, session, month):
    return together.hours(session, service.roads_for(tenant), month)


@hookimpl
def noaber_calendar_events(tenant, session, person_id, start, end):
    return together.events(session, service.roads_for(tenant), person_id, start, end)


@hookimpl
def noaber_person_panels(tenant, session, person_id):
    summary = together.person_summary(session, person_id, datetime.now(TIMEZONE))
    body = render_fragment("transport/person_panel.html", summary=summary, person_id=person_id)
    return [Panel(_l("Rides"), body, order=20, permission="transport.plan")]
