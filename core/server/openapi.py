"""``/api/v1``: the API mounted in the app, and one OpenAPI document per tenant."""
from __future__ import annotations

import copy
import re

import flask_smorest
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow import resolver as plain_name
from flask import current_app, jsonify, request
from marshmallow import Schema, fields

from core.accounts.api import blueprint as accounts_api
from core.people.api import blueprint as people_api
from core.server import links
from core.tenancy.context import current_scope
from core.web import problems
from core.web.api import API_PREFIX, NO_NUL_PATTERN, Blueprint, JobIdConverter, ProblemSchema
from core.web.permissions import PUBLIC, SIGNED_IN, public


class NoaberApi(flask_smorest.Api):
    ERROR_SCHEMA = ProblemSchema

    def handle_http_exception(self, error):
        return problems.handle_http_exception(error)


def component_name(schema) -> str:
    """A schema's name in the document: core's as they are (``Person``), a plugin's after its plugin
    (``MaatjesProposal``, ``ZeggenschapProposal``), so that two plugins may each have a ``Proposal``
    without one being renamed ``Proposal1`` depending on which loaded first."""
    cls = schema if isinstance(schema, type) else type(schema)
    parts = cls.__module__.split(".")
    name = plain_name(schema)
    if parts[0] in ("core", "marshmallow", "flask_smorest") or len(parts) < 2:
        return name
    package = parts[1] if parts[0] == "plugins" else parts[0]  # plugins.maatjes.schemas, noaber_lending.api
    prefix = "".join(word.capitalize() for word in package.split("_"))
    return name if name.startswith(prefix) else prefix + name


def text_without_nul(self, field, ret, **_kwargs) -> dict:
    """Every string the API takes is documented as holding no NUL character, as
    ``core.web.api.TextParser`` refuses one: what the document allows is what validation takes."""
    takes_text = isinstance(field, fields.String) and not field.dump_only
    return {"pattern": NO_NUL_PATTERN} if takes_text and not {"pattern", "enum", "format"} & set(ret) else {}


class TenantSchema(Schema):
    slug = fields.String(metadata={"description": "The tenant's name in URLs"})
    name = fields.String()
    kind = fields.String(metadata={"description": "neighbourhood or coalition"})
    region = fields.String(allow_none=True, metadata={"description": "CBS region code (BU…, WK…, GM…, PV…, NL01)"})
    plugins = fields.List(fields.String(), metadata={"description": "Enabled plugins"})


tenant_api = Blueprint("tenant", __name__, description="The tenant this API belongs to")


@tenant_api.route("")
@tenant_api.response(200, TenantSchema)
@public
def tenant_info():
    """Describe this neighbourhood or coalition."""
    return current_scope().tenant


@public
def openapi_document():
    """The OpenAPI 3 document of this tenant: core's operations and those of its enabled plugins."""
    tenant = current_scope().tenant
    spec = current_app.extensions["noaber.openapi"]
    owners = current_app.extensions["noaber.blueprint_owners"]
    doc = copy.deepcopy(spec)
    doc["info"]["title"] = f"noaber API — {tenant.name}"
    doc["servers"] = [{"url": request.script_root or "/"}]
    doc["paths"] = {path: ops for path, ops in spec["paths"].items() if _visible(ops, owners, tenant)}
    used = {tag for ops in doc["paths"].values() for op in ops.values() if isinstance(op, dict)
            for tag in op.get("tags", ())}
    doc["tags"] = [tag for tag in spec.get("tags", []) if tag["name"] in used]
    doc["components"] = _used_components(doc["paths"], spec.get("components", {}))
    doc["components"]["securitySchemes"] = _security_schemes(spec, tenant)
    return jsonify(doc)


def _security_schemes(spec: dict, tenant) -> dict:
    """The OAuth2 scheme with this tenant's token URL and its permissions as scopes."""
    schemes = copy.deepcopy(spec["components"]["securitySchemes"])
    flow = schemes["oauth2"]["flows"]["clientCredentials"]
    flow["tokenUrl"] = (request.script_root or "") + "/oauth/token"
    plugins = current_app.extensions["noaber"].plugins
    flow["scopes"] = {name: str(permission.label) for name, (owner, permission) in sorted(plugins.permissions.items())
                      if owner == "core" or owner in tenant.plugins}
    return schemes


def _used_components(paths: dict, components: dict) -> dict:
    """Only the components that the visible paths refer to, directly or through each other."""
    kept: dict[str, dict] = {}
    pending = _refs(paths)
    while pending:
        _, _, section, name = pending.pop().split("/", 3)
        if name not in kept.setdefault(section, {}) and name in components.get(section, {}):
            kept[section][name] = components[section][name]
            pending |= _refs(components[section][name])
    return {section: items for section, items in kept.items() if items}


def _refs(node) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        return found.union(*(_refs(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(_refs(value) for value in node))
    return set()


def _visible(operations: dict, owners: dict, tenant) -> bool:
    for op in operations.values():
        for tag in op.get("tags", ()) if isinstance(op, dict) else ():
            owner = owners.get(tag)
            if owner is not None and owner not in tenant.plugins:
                return False
    return True


def init_app(app) -> NoaberApi:
    app.config.setdefault("API_TITLE", "noaber API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.1.0")
    marshmallow = MarshmallowPlugin(schema_name_resolver=component_name)
    api = NoaberApi(app, spec_kwargs={"marshmallow_plugin": marshmallow})
    marshmallow.converter.add_attribute_function(text_without_nul)
    api.register_converter(JobIdConverter, lambda converter: dict(converter.schema))
    api.register_blueprint(tenant_api, url_prefix=f"{API_PREFIX}/tenant")
    app.add_url_rule(f"{API_PREFIX}/openapi.json", "openapi", openapi_document)
    return api


def register_core_blueprints(api: NoaberApi) -> None:
    api.register_blueprint(people_api, url_prefix=f"{API_PREFIX}/people")
    api.register_blueprint(accounts_api, url_prefix=f"{API_PREFIX}/accounts")


def freeze_spec(app, api: NoaberApi) -> None:
    """Render the process-wide document once; each tenant gets a filtered copy."""
    api.spec.components.security_scheme("oauth2", {
        "type": "oauth2", "description": "Client credentials; each scope is a permission (noaber client add).",
        "flows": {"clientCredentials": {"tokenUrl": "/oauth/token", "scopes": {}}}})  # per tenant: see below
    spec = api.spec.to_dict()
    for path, method, permission in _api_permissions(app):
        operation = spec["paths"].get(path, {}).get(method)
        if operation is not None and permission != PUBLIC:
            operation["security"] = [{"oauth2": [permission] if permission != SIGNED_IN else []}]
    links.add_links(spec)
    app.extensions["noaber.openapi"] = spec


def _api_permissions(app):
    """(OpenAPI path, method, permission) of every API operation, from the views' declarations."""
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(API_PREFIX):
            continue
        view = app.view_functions[rule.endpoint]
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            handler = getattr(getattr(view, "view_class", None), method.lower(), view)
            yield path, method.lower(), getattr(handler, "noaber_permission", None)
