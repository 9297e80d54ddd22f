"""The shell every page is shown in (navigation, panels, formats), and the types plugins use
to add to it."""
from __future__ import annotations

from dataclasses import dataclass

from flask import g
from flask_babel import (
    format_currency,
    format_date,
    format_datetime,
    format_decimal,
    get_locale,
)
from markupsafe import Markup

from core.metrics import Month
from core.tenancy.context import current_scope
from core.web.permissions import PUBLIC, current_principal
from core.web.roles import role_label


@dataclass(frozen=True)
class MenuItem:
    """One entry in the navigation; ``endpoint`` is a Flask endpoint such as ``example.board``.

    Shown only to people who hold ``permission``.
    """

    label: str
    endpoint: str
    order: int = 100
    permission: str = PUBLIC


@dataclass(frozen=True)
class Panel:
    """A block on the home page (the dashboard). ``body`` is escaped unless it is ``Markup``.

    Shown only to people who hold ``permission``.
    """

    title: str
    body: str | Markup
    order: int = 100
    permission: str = PUBLIC


def tenant_hooks():
    scope = current_scope()
    return scope.instance.hooks(scope.tenant)


def visible(items, name):
    """The items the current principal may see, by order and then by *name* (a function)."""
    principal = current_principal()
    return sorted((item for item in items if principal.can(item.permission)),
                  key=lambda item: (item.order, str(name(item))))


def navigation() -> list[MenuItem]:
    scope = current_scope()
    items = (item for items in tenant_hooks().noaber_menu_items(tenant=scope.tenant) for item in items)
    return visible(items, lambda item: item.label)


def page_context():
    scope = g.get("noaber_scope")
    if scope is None:
        return {"tenant": None, "menu": [], "principal": None}
    return {"tenant": scope.tenant, "menu": navigation(), "principal": current_principal()}


def field_attrs(field, hint=None) -> dict:
    """ARIA attributes that tie a field to its hint and its error message."""
    described = ([f"{field.id}-hint"] if hint else []) + ([f"{field.id}-error"] if field.errors else [])
    attrs = {"aria-describedby": " ".join(described)} if described else {}
    if field.errors:
        attrs["aria-invalid"] = "true"
    if field.flags.required:
        attrs["required"] = True
    return attrs


def _month(value) -> Month:
    """A ``Month``, or a period as stored (``2026-10``)."""
    return value if isinstance(value, Month) else Month.parse(str(value)[:7])


def init_app(app) -> None:
    """Formats and helpers every template can use, and the navigation on every page."""
    app.context_processor(page_context)
    app.jinja_env.filters["format_datetime"] = lambda value: format_datetime(value, "short")
    # for a person planning their day: "maandag 7 december, 14:43", not "07-12-2026, 14:43"
    app.jinja_env.filters["format_day_time"] = lambda value: format_datetime(value, "EEEE d MMMM, HH:mm")
    app.jinja_env.filters["format_decimal"] = format_decimal
    app.jinja_env.filters["format_currency"] = format_currency
    app.jinja_env.globals["current_language"] = lambda: str(get_locale() or "nl")
    app.jinja_env.filters["format_date"] = lambda value: format_date(value, "medium")
    app.jinja_env.filters["month_name"] = lambda month: format_date(_month(month).first_day, "LLLL y")
    app.jinja_env.filters["month_short"] = lambda month: format_date(_month(month).first_day, "LLL")
    app.jinja_env.filters["role_label"] = role_label
    app.jinja_env.globals["field_attrs"] = field_attrs
