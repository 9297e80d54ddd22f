"""People pages: list and search, details, adding and changing, notes and consents."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from wtforms.fields import SelectChoice

from core.audit.service import current_actor
from core.errors import NoaberError
from core.people import service
from core.people.consent import current_consents, declared_purposes
from core.people.forms import ConsentForm, NoteForm, PersonForm, SearchForm
from core.people.geocode import geocoder_for
from core.people.models import Household
from core.tenancy.context import current_scope
from core.web.pagination import paginate
from core.web.permissions import current_principal, requires
from core.web.shell import visible

blueprint = Blueprint("people", __name__, url_prefix="/people")
PER_PAGE = 25


def person_or_404(person_id: int, logged: bool = False):
    scope = current_scope()
    person = (service.read(scope.session, person_id, current_actor()) if logged
              else service.get(scope.session, person_id))
    if person is None:
        abort(404)
    return person


@blueprint.get("/")
@requires("people.read")
def index():
    form = SearchForm(request.args)
    form.validate()
    who = form.who.data
    query = service.search(form.q.data if not form.q.errors else None,
                           volunteer=True if who == "volunteers" else None,
                           resident=True if who == "residents" else None)
    page = paginate(current_scope().session, query, request.args.get("page", 1, type=int), PER_PAGE, clamp=True)
    return render_template("people/index.html", form=form, page=page)


@blueprint.route("/new", methods=["GET", "POST"])
@requires("people.write")
def new():
    form = person_form()
    if form.validate_on_submit():
        person = save(None, form)
        if person is not None:
            return redirect(url_for("people.show", person_id=person.id))
    return render_template("people/edit.html", form=form, person=None), 422 if form.is_submitted() else 200


@blueprint.route("/<int:person_id>/edit", methods=["GET", "POST"])
@requires("people.write")
def edit(person_id: int):
    person = person_or_404(person_id)
    form = person_form(person)
    if form.validate_on_submit():
        if save(person, form) is not None:
            return redirect(url_for("people.show", person_id=person.id))
    return render_template("people/edit.html", form=form, person=person), 422 if form.is_submitted() else 200


def form_data(person) -> dict:
    """What the edit form starts with: the person's details; coordinates only if typed in."""
    data = {f: getattr(person, f) for f in service.PERSON_FIELDS}
    data["household_id"] = person.household_id or 0
    if person.address is not None:
        data.update({f: getattr(person.address, f) for f in service.ADDRESS_FIELDS})
        if person.address.located_by == "manual":
            data.update(latitude=person.address.latitude, longitude=person.address.longitude)
    return data


def person_form(person=None) -> PersonForm:
    form = PersonForm(data=form_data(person)) if request.method == "GET" and person else PersonForm()
    households = current_scope().session.scalars(select(Household).order_by(Household.name)).all()
    form.household_id.choices = [SelectChoice(0, _("None"))] + [SelectChoice(h.id, h.name) for h in households]
    return form


def save(person, form: PersonForm):
    scope = current_scope()
    data = {name: field.data for name, field in form._fields.items() if name not in ("csrf_token", "new_household")}
    try:
        if data.get("postcode"):
            data["postcode"] = service.normalise_postcode(data["postcode"])
        if form.new_household.data:
            data["household_id"] = service.new_household(scope.session, form.new_household.data).id
        data["household_id"] = data.get("household_id") or None
        person, _changed = service.save(scope.session, person, data, geocoder_for(scope.tenant), current_actor())
    except NoaberError as exc:
        form.postcode.errors.append(str(exc))
        scope.session.rollback()
        return None
    scope.session.commit()
    if person.address and person.address.latitude is None:
        flash(_("Saved. The address could not be located; you can fill in the coordinates by hand."))
    else:
        flash(_("Saved."))
    return person


@blueprint.get("/<int:person_id>")
@requires("people.read")
def show(person_id: int):
    person = person_or_404(person_id, logged=True)
    current_scope().session.commit()  # the audit record of this reading
    return render_person(person)


def render_person(person, note_form=None, consent_form=None, status=200):
    scope, principal = current_scope(), current_principal()
    purposes = declared_purposes(scope.instance.plugins, scope.tenant.plugins)
    consent_form = consent_form or ConsentForm()
    consent_form.purpose.choices = [SelectChoice(name, purpose.label) for name, purpose in purposes.items()]
    notes = service.visible_notes(person, principal.can("people.notes.restricted")) \
        if principal.can("people.notes") else None
    return render_template("people/show.html", person=person, notes=notes, note_form=note_form or NoteForm(),
                           consent_form=consent_form, consents=current_consents(person), purposes=purposes,
                           panels=person_panels(person.id)), status


def person_panels(person_id: int) -> list:
    """Each enabled plugin's part of the person's page, as far as the viewer may see it."""
    scope = current_scope()
    found = scope.instance.hooks(scope.tenant).noaber_person_panels(tenant=scope.tenant, session=scope.session,
                                                                     person_id=person_id)
    return visible((panel for panels in found for panel in panels or ()), lambda panel: panel.title)


@blueprint.post("/<int:person_id>/notes")
@requires("people.notes")
def add_note(person_id: int):
    person = person_or_404(person_id)
    form = NoteForm()
    if form.visibility.data == "admins" and not current_principal().can("people.notes.restricted"):
        form.visibility.errors = [_("Only administrators may write notes for administrators.")]
    elif form.validate_on_submit():
        service.add_note(current_scope().session, person, form.text.data, form.visibility.data, current_actor())
        current_scope().session.commit()
        flash(_("The note is added."))
        return redirect(url_for("people.show", person_id=person.id) + "#notes")
    return render_person(person, note_form=form, status=422)


@blueprint.post("/<int:person_id>/consents")
@requires("people.write")
def add_consent(person_id: int):
    person = person_or_404(person_id)
    scope = current_scope()
    form = ConsentForm()
    form.purpose.choices = [SelectChoice(name, p.label)
                            for name, p in declared_purposes(scope.instance.plugins, scope.tenant.plugins).items()]
    if not form.validate_on_submit():
        return render_person(person, consent_form=form, status=422)
    service.record_consent(scope.session, person, form.purpose.data, form.granted.data == "yes", form.source.data,
                           current_actor())
    scope.session.commit()
    flash(_("The answer is recorded."))
    return redirect(url_for("people.show", person_id=person.id) + "#consents")
