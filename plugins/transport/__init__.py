"""Transport: volunteer rides for residents who cannot travel alone.

Ride requests, drivers with their cars, hours, leave and checks, a planner that assigns a
day's rides at the lowest cost (planner.py and the modules it uses), and each ride's life from request
to outcome. Hooks stay thin; the work is in service.py.
"""
from __future__ import annotations

from core import hookimpl
from core.i18n import _l
from core.people.consent import ConsentPurpose
from core.permissions import Permission
from core.web import MenuItem, Panel
from plugins.transport import (api, api_drivers, calendar, drivers, privacy, reports, schemas,  # noqa: F401  routes
                               series_views, views)

STAFF = ("admin", "coordinator")


@hookimpl
def noaber_settings_schema():
    return schemas.TransportSettings()


@hookimpl
def noaber_permissions():
    return [Permission("transport.plan", _l("Take ride requests and plan rides"), STAFF),
            Permission("transport.drive", _l("See and answer one's own rides as a driver"),
                       ("admin", "coordinator", "volunteer"))]


@hookimpl
def noaber_consent_purposes():
    return [ConsentPurpose("transport.phone_to_driver", _l("Phone number to the driver of one's ride"))]


@hookimpl
def noaber_metrics():
    from plugins.transport.metrics import METRICS
    return METRICS


@hookimpl
def noaber_cli_command():
    from plugins.transport.cli import transport
    return transport


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
            MenuItem(_l("Statements"), "transport.statements_page", order=23, permission="transport.plan"),
            MenuItem(_l("Ride reports"), "transport.reports_page", order=24, permission="transport.plan"),
            MenuItem(_l("My rides"), "transport.my_rides", order=21, permission="transport.drive")]


@hookimpl
def noaber_home_panels(tenant, session):
    from plugins.transport.views import today_panel
    return [Panel(_l("Rides today"), today_panel(session), order=20, permission="transport.plan")]


@hookimpl
def noaber_demo_data(tenant, session, rng):
    from plugins.transport.demo import add_demo_transport, prepare_planner_in_background
    add_demo_transport(session, rng)
    prepare_planner_in_background()


@hookimpl
def noaber_privacy_export(tenant, session, person_id):
    return privacy.export(session, person_id)


@hookimpl
def noaber_privacy_erase(tenant, session, person_id):
    privacy.erase(session, person_id)
