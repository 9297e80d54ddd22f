"""Core's own contributions, made through the same hooks a plugin uses (as Datasette does)."""
from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from core.i18n import _l
from core.permissions import Permission
from core.plugins import hookimpl
from core.web import MenuItem, Panel

KIND_LABELS = {"neighbourhood": _l("Neighbourhood"), "coalition": _l("Coalition")}

STAFF = ("admin", "coordinator")


@hookimpl
def noaber_permissions():
    return [
        Permission("people.read", _l("See people and their details"), STAFF),
        Permission("people.write", _l("Add and change people"), STAFF),
        Permission("people.notes", _l("Read and write notes about people"), STAFF),
        Permission("people.notes.restricted", _l("Read notes for administrators only"), ("admin",)),
        Permission("accounts.manage", _l("Manage accounts and roles"), ("admin",)),
        Permission("audit.read", _l("Read the audit log"), ("admin",)),
        Permission("privacy.manage", _l("Export and erase a person's data"), ("admin",)),
    ]


@hookimpl
def noaber_menu_items(tenant):
    return [MenuItem(_l("Home"), "core.home", order=0)]


@hookimpl
def noaber_home_panels(tenant, session):
    body = Markup(render_template("core/about_panel.html", tenant=tenant, kind=KIND_LABELS[tenant.kind]))
    return [Panel(_l("About this site"), body, order=1000)]
