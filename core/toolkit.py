"""The plugin author's toolkit: everything a plugin may use of core, in one stable module.

A plugin imports the hook marker from :mod:`core` and everything else from here::

    from core import hookimpl
    from core.toolkit import MenuItem, Permission, _l, current_session, requires

What is in ``__all__`` keeps its name and meaning within a major version; a change is
announced a release ahead, with the old name still working. The rest of core is
internal and may move. docs/toolkit.md documents every name with an example, and a test
fails when one is missing there.
"""
from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from core.accounts.actors import actor_names
from core.accounts.limits import limit as rate_limit
from core.audit.service import Actor, current_actor
from core.audit.service import record as audit
from core.calendar.feeds import calendar_feed_url
from core.calendar.feeds import carry_over as carry_over_calendar_address
from core.cli.support import (
    fail,
    fail_unless_enabled,
    open_tenant,
    progress,
    tenant_argument,
    tenants_option,
)
from core.errors import NoaberError
from core.hookspecs import (
    CLAIM_COSTS,
    CLAIM_KM,
    BudgetAllocation,
    CalendarEvent,
    Place,
    ReimbursementClaim,
    RideRequest,
    VolunteerHours,
    hookimpl,
)
from core.i18n.text import TIMEZONE, _, _l, dutch_text, ngettext
from core.instance import tenant_context
from core.jobs.service import JobInfo, JobKind, find_job, start_job
from core.mail import send_mail
from core.metrics import Measure, Metric, Month, compute
from core.people.consent import ConsentPurpose, has_consent
from core.people.directory import (
    PersonInfo,
    PlaceOnMap,
    existing_people,
    full_names,
    list_people,
    municipality_codes,
    people,
    person,
    person_labels,
    record_consent,
)
from core.people.geocode import Location, locate_address
from core.people.service import normalise_postcode
from core.places.service import KnownPlaceInfo, known_place, known_places
from core.storage.base import Base, UTCDateTime, utcnow
from core.tenancy.context import current_scope, current_session, current_tenant
from core.web.api import MAX_ID, DecimalString, Id, decimal_from_form
from core.web.api import Blueprint as ApiBlueprint
from core.web.forms import ConfirmForm, ExactAmountField, LatitudeField, LongitudeField
from core.web.links import external_url
from core.web.pagination import Page, paginate
from core.web.permissions import (
    Permission,
    Principal,
    current_principal,
    public,
    requires,
    signed_in,
)
from core.web.problems import problem, refuse
from core.web.shell import MenuItem, Panel

__all__ = [
    # hooks, and the values the cross-plugin hooks pass
    "hookimpl", "Place", "RideRequest", "ReimbursementClaim", "CalendarEvent", "VolunteerHours",
    "BudgetAllocation", "CLAIM_COSTS", "CLAIM_KM",
    # the tenant, its database session, who is asking
    "current_tenant", "current_session", "current_principal", "Principal", "tenant_context", "tenant_hooks",
    # permissions
    "Permission", "requires", "public", "signed_in", "rate_limit",
    # people: read, never change; consent; the audit log
    "PersonInfo", "PlaceOnMap", "person", "people", "existing_people", "list_people", "full_names", "person_labels",
    "municipality_codes",
    "locate_address", "Location", "normalise_postcode", "KnownPlaceInfo", "known_places", "known_place",
    "ConsentPurpose", "has_consent", "record_consent",
    "Actor", "current_actor", "audit", "actor_names",
    # figures for coalitions
    "Metric", "Measure", "Month", "tenant_figures",
    # pages and the API
    "MenuItem", "Panel", "render_page", "render_fragment", "ConfirmForm", "ExactAmountField", "LatitudeField",
    "LongitudeField",
    "Page", "paginate",
    "ApiBlueprint", "Id", "MAX_ID", "DecimalString", "decimal_from_form", "problem", "refuse", "NoaberError",
    # the person's one calendar
    "calendar_feed_url", "carry_over_calendar_address",
    # tables
    "Base", "UTCDateTime", "utcnow",
    # languages
    "_", "_l", "ngettext", "dutch_text", "TIMEZONE",
    # mail, and the links in it
    "send_mail", "external_url",
    # long work, run by a worker
    "JobKind", "JobInfo", "start_job", "find_job",
    # commands
    "tenant_argument", "tenants_option", "fail", "fail_unless_enabled", "open_tenant", "progress",
]


def tenant_hooks():
    """The hooks of the current tenant (its enabled plugins and its own local ones), for a plugin
    that asks others through a cross-plugin hook: ``tenant_hooks().noaber_request_ride(...)``."""
    scope = current_scope()
    return scope.instance.hooks(scope.tenant)


def tenant_figures(month: Month, exclude: tuple[str, ...] = ()) -> list[tuple[Metric, Measure]]:
    """The current tenant's own figures for one month: every metric of core and of its enabled
    plugins but those named in *exclude* (not computed at all), in id order, exactly as a summary
    for a coalition would carry them before any suppression (so only for pages inside the tenant,
    e.g. a funder report's results)."""
    scope = current_scope()
    return compute(scope.instance.plugins, scope.tenant, scope.session, month, exclude)


def render_page(template: str, **context) -> str:
    """A page of yours in the site's shell (navigation, language, sign-in): the template
    extends ``core/base.html`` and fills ``{% block content %}``."""
    return render_template(template, **context)


def render_fragment(template: str, **context) -> Markup:
    """A piece of HTML for a :class:`Panel` body, rendered and marked safe (the template escapes)."""
    return Markup(render_template(template, **context))
