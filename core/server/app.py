"""The Flask application: one app, one URL map, every tenant.

This is where core's parts are put together: each registers its pages and hooks into
the request here, so no part has to import another to be found.
"""
from __future__ import annotations

from flask import Flask, current_app, jsonify, request
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge

from core.accounts import admin as accounts_admin
from core.accounts import oauth, oidc, principal, reset
from core.accounts import views as accounts_views
from core.audit import views as audit_views
from core.calendar import views as calendar_views
from core.errors import PluginError
from core.federation import pages as federation_pages
from core.instance import Instance
from core.people import views as people_views
from core.places import views as places_views
from core.privacy import views as privacy_views
from core.server import home, jobs, language, openapi, resolve, security
from core.volunteers import views as volunteers_views
from core.web import forms, permissions, problems, shell
from core.web.api import API_PREFIX, IdConverter, JobIdConverter

MAX_BODY = 1024 * 1024

#: the pages of core's parts, in the order their routes are matched
CORE_PAGES = (home.blueprint, accounts_views.blueprint, reset.blueprint, people_views.blueprint,
              privacy_views.blueprint, audit_views.blueprint, accounts_admin.blueprint, federation_pages.blueprint,
              calendar_views.blueprint, volunteers_views.blueprint, places_views.blueprint)


def create_app(instance: Instance | None = None, config: dict | None = None) -> Flask:
    """Build the app for *instance* (default: configured from the environment)."""
    instance = instance or Instance()
    app = Flask("core")
    #: no form or API body is bigger; uploads (receipts) get their own, larger limit per route
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    app.config.update(config or {})
    app.json.sort_keys = False
    app.url_map.converters["int"] = IdConverter  # before any route: every <int:…> is a bounded id
    app.url_map.converters["job"] = JobIdConverter
    app.extensions["noaber"] = instance
    app.extensions["noaber.blueprint_owners"] = {}
    problems.init_app(app)
    security.init_app(app, instance.secret)
    language.init_app(app, [info.translations_dir for info in instance.plugins.info.values() if info.translations_dir])
    principal.init_app(app)
    smorest = openapi.init_app(app)
    openapi.register_core_blueprints(smorest)
    shell.init_app(app)
    forms.init_app(app)
    for blueprint in CORE_PAGES:
        app.register_blueprint(blueprint)
    oauth.init_app(app)
    oidc.init_app(app)
    _mount_plugins(app, smorest, instance)
    openapi.freeze_spec(app, smorest)
    app.add_url_rule("/healthz", "healthz", permissions.public(healthz))
    permissions.public(app.view_functions["static"])  # core's CSS; plugin static folders are their blueprints' own
    app.before_request(_refuse_big_bodies)
    app.before_request(_refuse_nul_in_pages)
    resolve.init_app(app)
    app.before_request(security.check_csrf)
    app.before_request(permissions.enforce)
    jobs.init_app(app, instance)
    return app


def _mount_plugins(app: Flask, smorest: openapi.NoaberApi, instance: Instance) -> None:
    hooks = instance.plugins.pm.hook
    owners = app.extensions["noaber.blueprint_owners"]
    for impl in hooks.noaber_web_blueprint.get_hookimpls():
        blueprint = impl.function()
        if blueprint is not None:
            _claim(owners, impl.plugin_name, blueprint.name, impl.plugin_name)
            app.register_blueprint(blueprint, url_prefix=f"/{impl.plugin_name}")
    for impl in hooks.noaber_api_blueprint.get_hookimpls():
        blueprint = impl.function()
        if blueprint is not None:
            _claim(owners, impl.plugin_name, blueprint.name, f"{impl.plugin_name}_api")
            smorest.register_blueprint(blueprint, url_prefix=f"{API_PREFIX}/{impl.plugin_name}")


def _claim(owners: dict, plugin: str, name: str, expected: str) -> None:
    if name != expected:
        raise PluginError(f"plugin {plugin!r}: blueprint must be named {expected!r}, not {name!r}")
    owners[name] = plugin


def _refuse_big_bodies() -> None:
    """before_request: a body over the limit is refused before anything reads it (or asks who sent it)."""
    limit = request.max_content_length
    if request.content_length is not None and limit is not None and request.content_length > limit:
        raise RequestEntityTooLarge(f"A request body is at most {limit // 1024} kB.")


def _refuse_nul_in_pages() -> None:
    """before_request: a page's form or query with a NUL character is a 400 and changes nothing.

    No person types one and PostgreSQL cannot store one (it was a 500 there). The API refuses it
    at the field instead (``core.web.api.TextParser``), so API paths are left to it."""
    if f"{API_PREFIX}/" in request.path:
        return
    for fields in (request.args, request.form):
        if any("\x00" in value for _name, values in fields.lists() for value in values):
            raise BadRequest("A field held a NUL character (U+0000), which cannot be stored; nothing was changed.")


def healthz():
    """Answer for the instance, not a tenant: is the process up and the database reachable."""
    storage = current_app.extensions["noaber"].storage
    try:
        storage.ping()
    except Exception as exc:  # the point is to report it, whatever it is
        return jsonify(status="error", backend=storage.backend, detail=type(exc).__name__), 503
    return jsonify(status="ok", backend=storage.backend)
