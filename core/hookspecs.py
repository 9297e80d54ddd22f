"""Every hook a noaber plugin can implement.

Two kinds:

* **Process-wide** hooks are called once on all installed plugins, when the process
  starts (routes, commands, settings schemas). A tenant that has not enabled the
  plugin still never sees the result: core answers 404 for the plugin's routes there.
* **Tenant-scoped** hooks are called for one tenant, only on the plugins that tenant
  enabled (and on its own local plugins in ``<tenant>/plugins/*.py``).

Implement a hook with the marker from :mod:`core`; everything else a hook returns or
receives comes from :mod:`core.toolkit`::

    from core import hookimpl
    from core.toolkit import MenuItem

    @hookimpl
    def noaber_menu_items(tenant):
        return [MenuItem("Prikbord", "example.board")]

The **cross-plugin hooks** at the end let plugins work together without importing each
other: one asks (daycare asks for a ride), another answers (transport plans it). Their
values are the plain dataclasses below, re-exported by the toolkit.

docs/hooks.md documents each hook with the same signature; a test keeps them equal.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import pluggy

hookspec = pluggy.HookspecMarker("noaber")
#: the marker of a hook implementation; plugins take it as ``from core import hookimpl``
hookimpl = pluggy.HookimplMarker("noaber")

#: names of the hooks that are called per tenant, on that tenant's enabled plugins only
TENANT_SCOPED: set[str] = set()


def tenant_scoped(func):
    TENANT_SCOPED.add(func.__name__)
    return func


# ---------------------------------------------------------------- values the cross-plugin hooks pass

@dataclass(frozen=True)
class Place:
    """Where something is: the name people read, the address as text, and where it lies if known."""

    name: str
    address: str = ""
    latitude: float | None = None
    longitude: float | None = None

    @property
    def point(self) -> tuple[float, float] | None:
        return None if self.latitude is None or self.longitude is None else (self.latitude, self.longitude)


@dataclass(frozen=True)
class RideRequest:
    """A ride asked for on a person's behalf, to *to* in time for *arrive_at*, and back at *return_at*.

    *source* is a stable key of what asked, such as ``daycare:enrolment:12:session:40``:
    asking again with the same key gives the same ride, and ``noaber_cancel_rides`` with a
    prefix of it cancels what it asked for.
    """

    person_id: int
    to: Place
    #: when the person must be there (timezone-aware)
    arrive_at: datetime
    source: str
    #: when to be picked up again for the way home (None: one way)
    return_at: datetime | None = None
    #: what the person travels with: none, walker, folding_wheelchair, wheelchair
    aid: str = "none"
    companion: bool = False
    #: for the driver, e.g. "bel aan bij de zijdeur"
    notes: str = ""


@dataclass(frozen=True)
class ReimbursementClaim:
    """What a volunteer may claim back for one thing done: kilometres driven, or costs made."""

    person_id: int
    #: "km" (quantity in kilometres) or "costs" (quantity in euro)
    kind: str
    quantity: Decimal
    description: str
    #: stable key of what it is for, e.g. ``transport:ride:812``, so a claim is paid once
    source: str
    day: date | None = None


#: what a volunteer may claim for one thing done: euro with at most two decimals, 0.01 to 250.00
CLAIM_COSTS = r"^(0\.(0[1-9]|[1-9][0-9]?)|([1-9][0-9]?|1[0-9]{2}|2[0-4][0-9])(\.[0-9]{1,2})?|250(\.00?)?)$"
#: and kilometres with at most one decimal, 0.1 to 500
CLAIM_KM = r"^(0\.[1-9]|([1-9][0-9]?|[1-4][0-9]{2})(\.[0-9])?|500(\.0)?)$"


@dataclass(frozen=True)
class CalendarEvent:
    """One event in a person's calendar (a ride, an activity, a visit)."""

    #: stable and unique across plugins, e.g. ``transport-ride-812``; calendars update by it
    uid: str
    summary: str
    start: datetime
    end: datetime
    location: str = ""
    description: str = ""
    #: a cancelled event stays in the feed as cancelled, so calendars remove it
    cancelled: bool = False


@dataclass(frozen=True)
class VolunteerHours:
    """Hours one volunteer gave in a month, of one kind (``driving``, ``buddy``, ``activities``)."""

    person_id: int
    #: a short code that figures are kept by, e.g. ``driving``
    kind: str
    hours: Decimal
    #: the kind as people read it, e.g. ``_l("Driving")``
    label: str = ""


@dataclass(frozen=True)
class BudgetAllocation:
    """Money the members decided to spend: one line for the year's budget.

    *source* is a stable key of the decision, such as ``zeggenschap:vote:7:option:3``:
    allocating again with the same key changes nothing (the line is there once).
    """

    year: int
    #: the budget category as people read it (``Activiteiten``), or "" for none
    category: str
    #: what the money is for, e.g. the project's title
    name: str
    #: in euro, exact
    amount: Decimal
    source: str
    #: where people read the decision (a path in the tenant, e.g. ``/zeggenschap/votes/7``), or ""
    decision_url: str = ""


# ---------------------------------------------------------------- process-wide: set-up

@hookspec(firstresult=True)
def noaber_settings_schema():
    """Return a marshmallow ``Schema`` instance for this plugin's ``[plugins.<name>]`` settings.

    Called when a tenant.toml is read, only on the plugin whose section is checked. The
    loaded (validated) settings reach the plugin as ``tenant.plugin_settings(name)``.
    Return ``None`` (or do not implement) when the plugin takes no settings.

        @hookimpl
        def noaber_settings_schema():
            return BoardSettings()
    """


@hookspec
def noaber_web_blueprint():
    """Return a ``flask.Blueprint`` with this plugin's pages, or ``None``.

    Called once when the app is created. Core mounts it at ``/<plugin>/`` under every
    tenant and answers 404 for it under tenants that have not enabled the plugin.
    The blueprint's name must be the plugin's name.

        @hookimpl
        def noaber_web_blueprint():
            return views.blueprint
    """


@hookspec
def noaber_api_blueprint():
    """Return a :class:`core.toolkit.ApiBlueprint` (flask-smorest) with this plugin's API, or ``None``.

    Called once when the app is created. Core mounts it at ``/api/v1/<plugin>/`` and adds
    its operations to each enabling tenant's OpenAPI document. Name it ``<plugin>_api``.

        @hookimpl
        def noaber_api_blueprint():
            return api.blueprint
    """


@hookspec
def noaber_permissions():
    """Return a list of :class:`core.toolkit.Permission` this plugin's routes need.

    Called once at start-up. Names start with the plugin's name and a dot; ``roles`` says
    which of admin, coordinator, volunteer, treasurer and member hold it. API clients can
    be given the same names as scopes.

        @hookimpl
        def noaber_permissions():
            return [Permission("example.post", "Berichten plaatsen", ("admin", "coordinator"))]
    """


@hookspec
def noaber_consent_purposes():
    """Return a list of :class:`core.toolkit.ConsentPurpose` this plugin asks consent for.

    Called once at start-up. Names start with the plugin's name and a dot. Coordinators
    record, per person, whether consent was given; the plugin checks it with
    ``core.toolkit.has_consent(session, person_id, name)`` before sharing anything.

        @hookimpl
        def noaber_consent_purposes():
            return [ConsentPurpose("transport.phone_to_driver", _l("Phone number to the driver"))]
    """


@hookspec
def noaber_metrics():
    """Return a list of :class:`core.toolkit.Metric` this plugin can share with coalitions.

    Called once at start-up. Ids start with the plugin's name and a dot. Each metric says
    what it counts (``events``, ``persons``, ``money`` or a ``quantity`` such as km) and how
    coalitions combine it (``sum`` by default); its ``compute(tenant, session, month)`` returns a
    :class:`core.toolkit.Measure`: the month's value and the number of distinct persons it
    comes from, which disclosure control uses to suppress small cells. Only aggregate
    figures: never names, free text or identifiers.

        @hookimpl
        def noaber_metrics():
            return [Metric("example.notices", _l("Notices posted"), unit="notices", counts="events",
                           compute=notices_in_month)]
    """


@hookspec
def noaber_cli_command():
    """Return a ``click.Command`` (usually a group) added to the ``noaber`` command, or ``None``.

    Called once when the CLI starts. Name it after the plugin: ``noaber example …``.

        @hookimpl
        def noaber_cli_command():
            return cli.example
    """


@hookspec
def noaber_job_kinds():
    """Return a list of :class:`core.toolkit.JobKind`: the long work this plugin hands to a worker.

    Called once at start-up. Names start with the plugin's name and a dot. A page or API
    call starts one with ``core.toolkit.start_job(name, params, actor)``; ``noaber worker``
    runs it with ``run(tenant, session, params, actor, progress)`` and keeps what it returns
    (a JSON-able dict) as the job's result. Import heavy code inside ``run``'s module only,
    so that it loads in the worker and not in the web process.

        @hookimpl
        def noaber_job_kinds():
            return [JobKind("transport.plan_day", jobs.plan_day)]
    """


# ---------------------------------------------------------------- tenant-scoped: pages

@hookspec
@tenant_scoped
def noaber_menu_items(tenant):
    """Return a list of :class:`core.toolkit.MenuItem` for the tenant's navigation.

    Called on every page render, for the plugins the tenant enabled.

        @hookimpl
        def noaber_menu_items(tenant):
            return [MenuItem(label="Prikbord", endpoint="example.board", order=50)]
    """


@hookspec
@tenant_scoped
def noaber_home_panels(tenant, session):
    """Return a list of :class:`core.toolkit.Panel` shown on the tenant's home page.

    ``session`` is the tenant's SQLAlchemy session; read only.

        @hookimpl
        def noaber_home_panels(tenant, session):
            return [Panel(title="Prikbord", body=f"{count(session)} berichten")]
    """


# ---------------------------------------------------------------- tenant-scoped: data

@hookspec
@tenant_scoped
def noaber_seed_defaults(tenant, session):
    """Add the rows this plugin needs to work, after each ``noaber migrate`` of the tenant.

    Must be idempotent: it runs again on every migrate. Core commits afterwards.

        @hookimpl
        def noaber_seed_defaults(tenant, session):
            ensure_default_categories(session)
    """


@hookspec
@tenant_scoped
def noaber_demo_data(tenant, session, rng):
    """Fill the tenant with realistic synthetic data for ``noaber demo``.

    ``rng`` is a seeded ``random.Random``, so the demo is the same every time.
    Core commits afterwards. Never use real people's data.

        @hookimpl
        def noaber_demo_data(tenant, session, rng):
            session.add_all(make_notices(rng))
    """


# ---------------------------------------------------------------- tenant-scoped: privacy

@hookspec
@tenant_scoped
def noaber_privacy_export(tenant, session, person_id):
    """Return everything this plugin holds about one person, as JSON-ready data (or None).

    Called when an admin exports a person's data (AVG/GDPR right of access). The result is
    placed under the plugin's name in the export. Every plugin with tables that refer to
    ``core_person`` must implement this and ``noaber_privacy_erase``; a test checks it.

        @hookimpl
        def noaber_privacy_export(tenant, session, person_id):
            return [ride_as_dict(r) for r in rides_of(session, person_id)]
    """


@hookspec
@tenant_scoped
def noaber_privacy_erase(tenant, session, person_id):
    """Remove or pseudonymise this plugin's rows about one person (right to erasure).

    Keep what past figures need (a ride happened, its kilometres) and drop what identifies
    the person (notes, free text). Core erases its own data afterwards and commits once,
    so an erasure happens completely or not at all.

        @hookimpl
        def noaber_privacy_erase(tenant, session, person_id):
            forget_rider(session, person_id)
    """


# ---------------------------------------------------------------- tenant-scoped: working together

@hookspec(firstresult=True)
@tenant_scoped
def noaber_request_ride(tenant, session, request):
    """Plan a ride for a person (a :class:`RideRequest`); return the ride's id, or None if you do not do rides.

    The first plugin that returns an id answers. Asking again with the same ``request.source``
    returns the same ride (it is not booked twice). Raise ``NoaberError`` with a sentence
    when the ride cannot be taken (say, the person's address is not located yet). Do not
    commit: the caller commits, so the ride and what asked for it are saved together.

        @hookimpl
        def noaber_request_ride(tenant, session, request):
            return service.ride_for(session, request).id
    """


@hookspec
@tenant_scoped
def noaber_cancel_rides(tenant, session, source_prefix, reason):
    """Cancel the open rides asked for with a ``source`` that starts with *source_prefix*.

    Return how many were cancelled (or None). Rides already driven stay as they are. Do not
    commit. Called, for instance, when an enrolment ends or an activity is cancelled.

        @hookimpl
        def noaber_cancel_rides(tenant, session, source_prefix, reason):
            return service.cancel_by_source(session, source_prefix, reason)
    """


@hookspec
@tenant_scoped
def noaber_reimbursement_claims(tenant, session, month):
    """Return the :class:`ReimbursementClaim` list volunteers may make for *month* (a ``Month``).

    Only for what your plugin knows was done (rides driven, costs made). The budget asks every
    plugin and pays each ``source`` once.

        @hookimpl
        def noaber_reimbursement_claims(tenant, session, month):
            return [ReimbursementClaim(r.driver_person_id, "km", r.km, r.summary, f"transport:ride:{r.id}")
                    for r in driven_in(session, month)]
    """


@hookspec
@tenant_scoped
def noaber_calendar_events(tenant, session, person_id, start, end):
    """Return the :class:`CalendarEvent` list of one person between *start* and *end* (aware datetimes).

    Core serves one iCalendar feed per person with every plugin's events; read only.

        @hookimpl
        def noaber_calendar_events(tenant, session, person_id, start, end):
            return [ride_event(r) for r in rides_of(session, person_id, start, end)]
    """


@hookspec
@tenant_scoped
def noaber_person_panels(tenant, session, person_id):
    """Return a list of :class:`core.toolkit.Panel`: your plugin's part of a person's page.

    Shown to people who hold each panel's ``permission``, below core's details. Read only.

        @hookimpl
        def noaber_person_panels(tenant, session, person_id):
            return [Panel("Ritten", render_fragment("transport/person_panel.html", ...), permission="transport.plan")]
    """


@hookspec
@tenant_scoped
def noaber_volunteer_hours(tenant, session, month):
    """Return the :class:`VolunteerHours` list for *month*: the hours volunteers gave through your plugin.

    Core adds them up over all plugins into the tenant's volunteer hours, the number of
    volunteers and their value at the tenant's hourly rate: figures funders ask for.

        @hookimpl
        def noaber_volunteer_hours(tenant, session, month):
            return [VolunteerHours(person_id, "driving", hours) for person_id, hours in hours_by_driver(session, month)]
    """


@hookspec(firstresult=True)
@tenant_scoped
def noaber_allocate_budget(tenant, session, allocation):
    """Put a :class:`BudgetAllocation` the members decided into the year's budget; return the line's id, or None.

    The first plugin that returns an id answers (budgeting adds a line marked "decided by
    members"). The same ``allocation.source`` twice gives the same line. Do not commit: the
    caller commits, so the decision and its budget line are saved together. Without a
    budgeting plugin nobody answers and the decision stands on its own.

        @hookimpl
        def noaber_allocate_budget(tenant, session, allocation):
            return service.line_for_allocation(session, allocation).id
    """
