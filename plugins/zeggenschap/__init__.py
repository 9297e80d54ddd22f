"""Zeggenschap: members decide together — proposals, secret votes on every channel, a
neighbourhood budget shared fairly (Method of Equal Shares), the members' meeting.

The hook implementations stay thin; the work is in service.py, counting.py and ballots.py.
"""
from __future__ import annotations

from core import hookimpl
from core.toolkit import JobKind, MenuItem, Permission, _l
from plugins.zeggenschap import api, demo, jobs, metrics, models, panels, privacy, schemas, views  # noqa: F401  (models: the tables, for migrations)
from plugins.zeggenschap import board_pages, meeting_pages, vote_pages  # noqa: F401  (their pages join views' blueprint)


@hookimpl
def noaber_settings_schema():
    return schemas.Statutes()


@hookimpl
def noaber_api_blueprint():
    return api.blueprint


@hookimpl
def noaber_permissions():
    everyone = ("admin", "coordinator", "volunteer", "treasurer", "member")
    return [Permission("zeggenschap.read", _l("See proposals, votes, results and decisions"), everyone),
            Permission("zeggenschap.take_part", _l("Propose, support and vote"), everyone),
            Permission("zeggenschap.manage", _l("Keep the member register, call votes, count paper ballots"),
                       ("admin", "coordinator"))]


@hookimpl
def noaber_demo_data(tenant, session, rng):
    if tenant.kind == "neighbourhood":
        demo.add_demo(session, rng)


@hookimpl
def noaber_web_blueprint():
    return views.blueprint


@hookimpl
def noaber_menu_items(tenant):
    return [MenuItem(_l("Have your say"), "zeggenschap.overview", order=70, permission="zeggenschap.read")]


@hookimpl
def noaber_metrics():
    return metrics.metrics()


@hookimpl
def noaber_home_panels(tenant, session):
    return panels.home(session)


@hookimpl
def noaber_person_panels(tenant, session, person_id):
    return panels.person(session, person_id)


@hookimpl
def noaber_privacy_export(tenant, session, person_id):
    return privacy.export_for(session, person_id)


@hookimpl
def noaber_privacy_erase(tenant, session, person_id):
    privacy.erase(session, person_id)


@hookimpl
def noaber_job_kinds():
    return [JobKind(jobs.COUNT, jobs.count_vote)]
