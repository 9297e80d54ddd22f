"""The Flask application: one app, one URL map, every tenant."""
from __future__ import annotations

from flask import Flask, jsonify

from core import api, i18n, permissions, problems, resolve, security, web
from core.accounts import oauth, oidc
from core.errors import PluginError
from core.instance import Instance


def create_app(instance: Instance | None = None, config: dict | None = None) -> Flask:
    """Build the app for *instance* (default: configured from the environment)."""
    instance = instance or Instance()
    app = Flask("core")
    app.config.update(config or {})
    app.json.sort_keys = False
    app.extensions["noaber"] = instance
    app.extensions["noaber.blueprint_owners"] = {}
    problems.init_app(app)
    security.init_app(app, instance.secret)
    i18n.init_app(app, [info.translations_dir for info in instance.plugins.info.values() if info.translations_dir])
    smorest = api.init_app(app)
    api.register_core_blueprints(smorest)
    web.init_app(app)
    oauth.init_app(app)
    oidc.init_app(app)
    _mount_plugins(app, smorest, instance)
    api.freeze_spec(app, smorest)
    app.add_url_rule("/healthz", "healthz", permissions.public(healthz))
    permissions.public(app.view_functions["static"])  # core's CSS; plugin static folders are their blueprints' own
    resolve.init_app(app)
    app.before_request(security.check_csrf)
    app.before_request(permissions.enforce)
    return app


def _mount_plugins(app: Flask, smorest: api.NoaberApi, instance: Instance) -> None:
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
            smorest.register_blueprint(blueprint, url_prefix=f"{api.API_PREFIX}/{impl.plugin_name}")


def _claim(owners: dict, plugin: str, name: str, expected: str) -> None:
    if name != expected:
        raise PluginError(f"plugin {plugin!r}: blueprint must be named {expected!r}, not {name!r}")
    owners[name] = plugin


def healthz():
    """Answer for the instance, not a tenant: is the process up and the database reachable."""
    from flask import current_app
    storage = current_app.extensions["noaber"].storage
    try:
        storage.ping()
    except Exception as exc:  # the point is to report it, whatever it is
        return jsonify(status="error", backend=storage.backend, detail=type(exc).__name__), 503
    return jsonify(status="ok", backend=storage.backend)
