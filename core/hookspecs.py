"""Every hook a noaber plugin can implement.

Two kinds:

* **Process-wide** hooks are called once on all installed plugins, when the process
  starts (routes, commands, settings schemas). A tenant that has not enabled the
  plugin still never sees the result: core answers 404 for the plugin's routes there.
* **Tenant-scoped** hooks are called for one tenant, only on the plugins that tenant
  enabled (and on its own local plugins in ``<tenant>/plugins/*.py``).

Implement a hook with the marker from :mod:`core`::

    from core import hookimpl

    @hookimpl
    def noaber_menu_items(tenant):
        return [MenuItem("Prikbord", "example.board")]

docs/hooks.md documents each hook with the same signature; a test keeps them equal.
"""
from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("noaber")

#: names of the hooks that are called per tenant, on that tenant's enabled plugins only
TENANT_SCOPED: set[str] = set()


def tenant_scoped(func):
    TENANT_SCOPED.add(func.__name__)
    return func


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
    """Return a ``flask_smorest.Blueprint`` with this plugin's API, or ``None``.

    Called once when the app is created. Core mounts it at ``/api/v1/<plugin>/`` and adds
    its operations to each enabling tenant's OpenAPI document. Its name must be the
    plugin's name.

        @hookimpl
        def noaber_api_blueprint():
            return api.blueprint
    """


@hookspec
def noaber_permissions():
    """Return a list of :class:`core.permissions.Permission` this plugin's routes need.

    Called once at start-up. Names start with the plugin's name and a dot; ``roles`` says
    which of admin, coordinator, volunteer, treasurer and member hold it. API clients can
    be given the same names as scopes.

        @hookimpl
        def noaber_permissions():
            return [Permission("example.post", "Berichten plaatsen", ("admin", "coordinator"))]
    """


@hookspec
def noaber_consent_purposes():
    """Return a list of :class:`core.people.consent.ConsentPurpose` this plugin asks consent for.

    Called once at start-up. Names start with the plugin's name and a dot. Coordinators
    record, per person, whether consent was given; the plugin checks it with
    ``core.people.consent.has_consent(session, person_id, name)`` before sharing anything.

        @hookimpl
        def noaber_consent_purposes():
            return [ConsentPurpose("transport.phone_to_driver", _l("Phone number to the driver"))]
    """


@hookspec
def noaber_metrics():
    """Return a list of :class:`core.metrics.Metric` this plugin can share with coalitions.

    Called once at start-up. Ids start with the plugin's name and a dot. Each metric says
    what it counts (``events``, ``persons``, ``money`` or a ``quantity`` such as km) and how
    coalitions combine it (``sum`` by default); its ``compute(tenant, session, month)`` returns a
    :class:`core.metrics.Measure`: the month's value and the number of distinct persons it
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


# ---------------------------------------------------------------- tenant-scoped: pages

@hookspec
@tenant_scoped
def noaber_menu_items(tenant):
    """Return a list of :class:`core.web.MenuItem` for the tenant's navigation.

    Called on every page render, for the plugins the tenant enabled.

        @hookimpl
        def noaber_menu_items(tenant):
            return [MenuItem(label="Prikbord", endpoint="example.board", order=50)]
    """


@hookspec
@tenant_scoped
def noaber_home_panels(tenant, session):
    """Return a list of :class:`core.web.Panel` shown on the tenant's home page.

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
