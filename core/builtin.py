"""Core's own contributions, made through the same hooks a plugin uses (as Datasette does)."""
from __future__ import annotations

from flask import render_template_string
from markupsafe import Markup

from core.plugins import hookimpl
from core.web import MenuItem, Panel

KIND_LABELS = {"neighbourhood": "Buurt", "coalition": "Coalitie"}

ABOUT = """<p>{{ kind }}{% if tenant.region %} · CBS-gebied {{ tenant.region }}{% endif %}</p>
<p>Onderdelen aan: {{ tenant.plugins | join(", ") if tenant.plugins else "alleen de basis" }}.</p>"""


@hookimpl
def noaber_menu_items(tenant):
    return [MenuItem("Start", "core.home", order=0)]


@hookimpl
def noaber_home_panels(tenant, session):
    body = Markup(render_template_string(ABOUT, tenant=tenant, kind=KIND_LABELS[tenant.kind]))
    return [Panel("Over deze omgeving", body, order=1000)]
