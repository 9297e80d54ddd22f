"""Find the tenant of each request: by path prefix ``/t/<slug>/`` or by Host header.

The prefix is moved from PATH_INFO into SCRIPT_NAME before Flask routes the request, so
one URL map serves every tenant and ``url_for`` keeps the prefix by itself.
"""
from __future__ import annotations

from flask import abort, current_app, g, redirect, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core.errors import TenantConfigError, UnknownTenant
from core.server.hosts import check_host
from core.tenancy.context import TenantScope
from core.tenancy.tenants import SLUG_RE
from core.web.problems import page_abort

#: endpoints that belong to the instance, not to a tenant
INSTANCE_ENDPOINTS = {"healthz", "static"}


class PrefixMiddleware:
    """WSGI: ``/t/<slug>/rest`` becomes SCRIPT_NAME ``…/t/<slug>``, PATH_INFO ``/rest``."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith("/t/"):
            slug, slash, rest = path[3:].partition("/")
            environ["noaber.slug"] = slug
            environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + "/t/" + slug
            environ["PATH_INFO"] = slash + rest
        return self.wsgi_app(environ, start_response)


def find_tenant():
    """before_request: set ``g.noaber_scope`` or answer 404 with what was not found."""
    slug = request.environ.get("noaber.slug")
    if slug is None and request.endpoint in INSTANCE_ENDPOINTS:
        return None
    if slug is not None and request.environ["PATH_INFO"] == "":
        return redirect(request.script_root + "/", 308)
    if slug is not None and slug != slug.lower() and SLUG_RE.fullmatch(slug.lower()):
        return _lower_case(slug)
    instance = current_app.extensions["noaber"]
    if slug is not None and instance.tenants.claimed(request.host) not in (None, slug):
        _no_tenant_called(slug)  # a tenant's own host serves that tenant only
    tenant = _by_slug(instance, slug) if slug is not None else instance.tenants.by_host(request.host)
    if tenant is None and slug is None and request.path == "/" and instance.tenant_directory:
        return directory(instance)
    if tenant is None:
        _not_found(_l("There is no neighbourhood or coalition at %(host)s. A neighbourhood has an address "
                      "of its own, or is found under /t/<name>/."), host=request.host)
    g.noaber_scope = TenantScope(instance, tenant)
    _hide_disabled_plugins(tenant)
    return None


def directory(instance):
    """The instance's own address, when ``NOABER_TENANT_DIRECTORY`` is set: its tenants that
    load, by name, each linked under ``/t/<slug>/`` (the demo sets it, so its address leads
    somewhere)."""
    tenants = sorted((tenant for _slug, tenant in instance.tenants.all() if not isinstance(tenant, Exception)),
                     key=lambda tenant: (tenant.kind != "neighbourhood", tenant.name.casefold()))
    return render_template("core/directory.html", tenants=tenants)


def _by_slug(instance, slug: str):
    try:
        return instance.tenants.get(slug)
    except UnknownTenant:
        _no_tenant_called(slug)
    except TenantConfigError as exc:
        if not SLUG_RE.fullmatch(slug):
            _no_tenant_called(slug)
        current_app.logger.error("tenant %s cannot load: %s", slug, exc)
        page_abort(503, "This neighbourhood's configuration has an error; its administrator can see "
                        "which in `noaber tenants`.",
                   _("The settings of this neighbourhood have an error. Its administrator can see which "
                     "with `noaber tenants`."))


def _no_tenant_called(slug: str):
    _not_found(_l("There is no neighbourhood or coalition called %(name)s here."), name=repr(slug))


def _not_found(message, **values):
    """404: the page in the reader's language; the API's detail in English and Dutch, since a
    program that asks for a tenant that is not here tells no language."""
    with force_locale("en"):
        english = str(message) % values
    with force_locale("nl"):
        dutch = str(message) % values
    page_abort(404, english if english == dutch else f"{english} / {dutch}", str(message) % values)


def _lower_case(slug: str):
    """``/t/DE-ES/…`` is ``/t/de-es/…``: people type names as they say them."""
    root = request.script_root[: len(request.script_root) - len(slug)] + slug.lower()
    query = f"?{request.query_string.decode()}" if request.query_string else ""
    return redirect(root + request.path + query, 308)


def _hide_disabled_plugins(tenant) -> None:
    owner = current_app.extensions["noaber.blueprint_owners"].get(request.blueprint)
    if owner is not None and owner not in tenant.plugins:
        abort(404)


def close_scope(_exc=None) -> None:
    scope = g.pop("noaber_scope", None)
    if scope is not None:
        scope.close()


def init_app(app) -> None:
    app.wsgi_app = PrefixMiddleware(app.wsgi_app)
    app.before_request(check_host)  # first: nothing is done for a host this instance does not serve
    app.before_request(find_tenant)
    app.teardown_request(close_scope)
