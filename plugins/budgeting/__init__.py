"""Budgeting: transparent money. A year's budget per line, grants and income, expenses with receipts and
four-eyes approval, volunteers' claims (also those other plugins offer), budget vs actual per line and per
grant, SEPA payment files out and bank statements in, and reports for members, funders and the bookkeeper.
Hooks stay thin; the work is in service.py and the modules beside it."""
from __future__ import annotations

from core import hookimpl
from core.toolkit import MenuItem, Permission, _l
from plugins.budgeting import (  # noqa: F401  routes
    api,
    api_routes,
    bank_views,
    privacy,
    report_views,
    schemas,
    service,
    views,
)
from plugins.budgeting.demo import add_demo_budgeting
from plugins.budgeting.metrics import METRICS

MANAGERS = ("admin", "treasurer")


@hookimpl
def noaber_settings_schema():
    return schemas.BudgetingSettings()


@hookimpl
def noaber_permissions():
    return [Permission("budgeting.read", _l("See the budget, the expenses and the money reports"),
                       (*MANAGERS, "coordinator")),
            Permission("budgeting.manage", _l("Keep the books: budget, grants, approvals, payments, bank"), MANAGERS),
            Permission("budgeting.submit", _l("Submit expenses and volunteers' claims"),
                       (*MANAGERS, "coordinator", "volunteer")),
            Permission("budgeting.members_report", _l("Read the members' report on the money"),
                       (*MANAGERS, "coordinator", "volunteer", "member"))]


@hookimpl
def noaber_api_blueprint():
    return api.blueprint


@hookimpl
def noaber_web_blueprint():
    return views.blueprint


@hookimpl
def noaber_menu_items(tenant):
    return [MenuItem(_l("Money"), "budgeting.overview", order=50, permission="budgeting.read"),
            MenuItem(_l("Submit an expense"), "budgeting.new_expense", order=51, permission="budgeting.submit"),
            MenuItem(_l("Our money"), "budgeting.members_report", order=52, permission="budgeting.members_report")]


@hookimpl
def noaber_metrics():
    return METRICS


@hookimpl(trylast=True)  # after the other plugins' demo data, so their claims are there to collect
def noaber_demo_data(tenant, session, rng):
    add_demo_budgeting(tenant, session, rng, hooks=_hooks_if_any())


def _hooks_if_any():
    from core.toolkit import tenant_hooks
    try:
        return tenant_hooks()
    except RuntimeError:  # demo data made outside a tenant's context (as the tests do): nobody to ask
        return None


@hookimpl
def noaber_privacy_export(tenant, session, person_id):
    return privacy.export(session, person_id)


@hookimpl
def noaber_privacy_erase(tenant, session, person_id):
    privacy.erase(tenant, session, person_id)


# ---------------------------------------------------------------- working with other plugins

@hookimpl
def noaber_allocate_budget(tenant, session, allocation):
    return service.line_for_allocation(session, allocation).id
