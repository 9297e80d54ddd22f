"""Prikbord: a neighbourhood notice board that shows every hook a plugin can implement.

Read this plugin next to docs/plugins.md: it is the reference for how a plugin is laid out.
The hook implementations stay thin; the work is in service.py.
"""
from __future__ import annotations

from core import hookimpl
from core.toolkit import (
    ConsentPurpose,
    JobKind,
    MenuItem,
    Metric,
    Panel,
    Permission,
    _l,
    list_people,
    render_fragment,
)
from plugins.example import api, cli, schemas, service, together, views


@hookimpl
def noaber_settings_schema():
    return schemas.BoardSettings()


@hookimpl
def noaber_web_blueprint():
    return views.blueprint


@hookimpl
def noaber_api_blueprint():
    return api.blueprint


@hookimpl
def noaber_permissions():
    return [Permission("example.post", _l("Post notices on the board"), ("admin", "coordinator"))]


@hookimpl
def noaber_consent_purposes():
    return [ConsentPurpose(service.NAME_ON_BOARD, _l("First name may be shown with own notices"))]


@hookimpl
def noaber_metrics():
    return [Metric("example.notices", _l("Notices posted"), unit="notices", counts="events",
                   compute=service.notices_in_month, unit_label=_l("notices"))]


@hookimpl
def noaber_cli_command():
    return cli.example


@hookimpl
def noaber_job_kinds():
    return [JobKind("example.notices_by_month", service.notices_by_month)]


@hookimpl
def noaber_menu_items(tenant):
    return [MenuItem(service.board_title(tenant), "example.board", order=50)]


@hookimpl
def noaber_home_panels(tenant, session):
    settings = tenant.plugin_settings("example")
    count = len(service.current_notices(session, settings["max_age_days"]))
    return [Panel(service.board_title(tenant), _l("%(count)d notices on the board.", count=count), order=50)]


@hookimpl
def noaber_seed_defaults(tenant, session):
    service.ensure_welcome(session, tenant.name)


@hookimpl
def noaber_demo_data(tenant, session, rng):
    service.add_demo_notices(session, rng, sorted(person.id for person in list_people(session)))


@hookimpl
def noaber_privacy_export(tenant, session, person_id):
    return service.export_for(session, person_id)


@hookimpl
def noaber_privacy_erase(tenant, session, person_id):
    service.forget_author(session, person_id)


# ---------------------------------------------------------------- working with other plugins

@hookimpl
def noaber_request_ride(tenant, session, request):
    together.ride_wanted(session, request)
    return None  # a notice, not a ride: transport answers first where it is enabled


@hookimpl
def noaber_cancel_rides(tenant, session, source_prefix, reason):
    return together.withdraw(session, source_prefix)


@hookimpl
def noaber_reimbursement_claims(tenant, session, month):
    return together.claims(session, month)


@hookimpl
def noaber_volunteer_hours(tenant, session, month):
    return together.hours(session, month)


@hookimpl
def noaber_calendar_events(tenant, session, person_id, start, end):
    return together.events(session, person_id, start, end)


@hookimpl
def noaber_person_panels(tenant, session, person_id):
    notices = together.by_author(session, person_id)
    if not notices:
        return []
    return [Panel(service.board_title(tenant),
                  render_fragment("example/person_panel.html", notices=notices), order=60)]


@hookimpl
def noaber_allocate_budget(tenant, session, allocation):
    return None  # a notice board keeps no budget: the budgeting plugin answers where it is enabled
