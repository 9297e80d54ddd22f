"""Maatjes: buddy pairs from intake to ending, with loneliness measured as an outcome.

Intake of participants and volunteers, suggestions ranked with reasons and an optimal plan
(matching.py), each pair's life from proposal to ending, contacts and the pairs that went
quiet, waiting lists, and the De Jong Gierveld loneliness scale (loneliness.py). Other
plugins and core read its hours, calendar events and person panels through the hooks
(together.py). Hooks stay thin; the work is in service.py.
"""
from __future__ import annotations

from core import hookimpl
from core.toolkit import Permission, _l
from plugins.maatjes import api, privacy, schemas
from plugins.maatjes.demo import add_demo_maatjes

STAFF = ("admin", "coordinator")


@hookimpl
def noaber_settings_schema():
    return schemas.MaatjesSettings()


@hookimpl
def noaber_permissions():
    return [Permission("maatjes.coordinate", _l("Take in participants and buddies, and pair them"), STAFF),
            Permission("maatjes.restricted", _l("Read loneliness scores and the notes of one's own pairs"),
                       ("coordinator",)),
            Permission("maatjes.reports", _l("Read the buddy programme's reports"), (*STAFF, "treasurer"))]


@hookimpl
def noaber_api_blueprint():
    return api.blueprint


@hookimpl
def noaber_privacy_export(tenant, session, person_id):
    return privacy.export(session, person_id)


@hookimpl
def noaber_privacy_erase(tenant, session, person_id):
    privacy.erase(session, person_id)


@hookimpl
def noaber_demo_data(tenant, session, rng):
    add_demo_maatjes(session, rng)
