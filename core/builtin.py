"""Core's own contributions, made through the same hooks a plugin uses (as Datasette does)."""
from __future__ import annotations

from flask import render_template, url_for
from markupsafe import Markup
from sqlalchemy import func, select

from core.calendar.feeds import calendar_feed_url
from core.hookspecs import hookimpl
from core.i18n.text import _l
from core.people.consent import ConsentPurpose
from core.people.demo import add_demo_people
from core.people.models import Person
from core.places.demo import add_demo_places
from core.privacy.core_data import noaber_privacy_erase, noaber_privacy_export  # noqa: F401  core's part, same hooks
from core.volunteers import hours
from core.web.forms import ConfirmForm
from core.web.permissions import Permission
from core.web.shell import MenuItem, Panel

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
        Permission("federation.manage", _l("Decide what is shared with coalitions, and with whom"), ("admin",)),
        Permission("federation.read", _l("See what was shared and the coalition's figures"), STAFF + ("treasurer",)),
        Permission("privacy.manage", _l("Export and erase a person's data"), ("admin",)),
        Permission("places.manage", _l("Keep the list of known places"), STAFF),
        Permission("volunteers.read", _l("See volunteer hours and what they are worth"), STAFF + ("treasurer",)),
    ]


@hookimpl
def noaber_metrics():
    return hours.METRICS


@hookimpl
def noaber_consent_purposes():
    return [ConsentPurpose("core.contact_by_email", _l("May receive the neighbourhood's news by e-mail"))]


@hookimpl
def noaber_menu_items(tenant):
    return [MenuItem(_l("Home"), "core.home", order=0),
            MenuItem(_l("People"), "people.index", order=10, permission="people.read"),
            MenuItem(_l("Volunteer hours"), "volunteers.hours", order=780, permission="volunteers.read"),
            MenuItem(_l("Known places"), "places.index", order=790, permission="places.manage"),
            MenuItem(_l("Accounts"), "admin_accounts.index", order=900, permission="accounts.manage"),
            MenuItem(_l("Audit log"), "audit.index", order=910, permission="audit.read"),
            MenuItem(_l("Coalition figures") if tenant.kind == "coalition" else _l("Shared figures"),
                     "federation.dashboard_page" if tenant.kind == "coalition" else "federation.shared", order=800,
                     permission="federation.read"),
            MenuItem(_l("Members") if tenant.kind == "coalition" else _l("Coalitions"), "federation.index", order=810,
                     permission="federation.manage")]


@hookimpl
def noaber_person_panels(tenant, session, person_id):
    """The person's calendar address, for a coordinator to make, send or stop."""
    person = session.get(Person, person_id)
    if person is None or person.erased_at is not None:
        return []
    body = render_template("calendar/_feed.html", calendar_url=calendar_feed_url(session, person_id),
                           confirm=ConfirmForm(),
                           renew_action=url_for("calendar.for_person", person_id=person_id, action="renew"),
                           stop_action=url_for("calendar.for_person", person_id=person_id, action="stop"))
    return [Panel(_l("Calendar"), Markup(body), order=900, permission="people.write")]


@hookimpl
def noaber_home_panels(tenant, session):
    body = Markup(render_template("core/about_panel.html", tenant=tenant, kind=KIND_LABELS[tenant.kind]))
    return [Panel(_l("About this site"), body, order=1000),
            Panel(_l("People"), Markup(render_template("people/panel.html", counts=people_counts(session))),
                  order=10, permission="people.read")]


def people_counts(session) -> dict[str, int]:
    alive = Person.erased_at.is_(None)
    count = lambda *where: session.scalar(select(func.count()).select_from(Person).where(alive, *where))
    return {"residents": count(Person.is_resident.is_(True)), "volunteers": count(Person.is_volunteer.is_(True))}


#: where each demo neighbourhood lies: centre, postcode digits, place
DEMO_PLACES = {"de-es": ((52.2215, 6.8937), "7511", "Enschede"),
               "bloemkwartier": ((52.0907, 5.1214), "3581", "Utrecht")}


@hookimpl(tryfirst=True)  # people first: plugins' demo data refers to them
def noaber_demo_data(tenant, session, rng):
    if tenant.kind != "neighbourhood":
        return
    centre, digits, city = DEMO_PLACES.get(tenant.slug, ((52.37, 4.89), "1011", "Amsterdam"))
    add_demo_people(session, rng, centre, digits, city)
    add_demo_places(session, rng, centre, digits, city)
