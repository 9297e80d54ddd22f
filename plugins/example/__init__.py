"""Prikbord: a neighbourhood notice board that shows every hook a plugin can implement.

Read this plugin next to docs/plugins.md: it is the reference for how a plugin is laid out.
The hook implementations stay thin; the work is in service.py.
"""
from __future__ import annotations

from core import hookimpl
from core.i18n import _l
from core.people.consent import ConsentPurpose
from core.permissions import Permission
from core.web import MenuItem, Panel

from plugins.example import api, cli, schemas, service, views


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
    from core.metrics import Metric
    return [Metric("example.notices", _l("Notices posted"), unit="notices", counts="events",
                   compute=service.notices_in_month, unit_label=_l("notices"))]


@hookimpl
def noaber_cli_command():
    return cli.example


@hookimpl
def noaber_menu_items(tenant):
    return [MenuItem(tenant.plugin_settings("example")["title"], "example.board", order=50)]


@hookimpl
def noaber_home_panels(tenant, session):
    settings = tenant.plugin_settings("example")
    count = len(service.current_notices(session, settings["max_age_days"]))
    return [Panel(settings["title"], _l("%(count)d notices on the board.", count=count), order=50)]


@hookimpl
def noaber_seed_defaults(tenant, session):
    service.ensure_welcome(session, tenant.name)


@hookimpl
def noaber_demo_data(tenant, session, rng):
    from core.people.models import Person
    from sqlalchemy import select
    service.add_demo_notices(session, rng, session.scalars(select(Person.id)).all())


@hookimpl
def noaber_privacy_export(tenant, session, person_id):
    return service.export_for(session, person_id)


@hookimpl
def noaber_privacy_erase(tenant, session, person_id):
    service.forget_author(session, person_id)
