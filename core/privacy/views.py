"""The privacy page of a person: export everything, or erase it."""
from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms.validators import DataRequired

from core.audit.service import current_actor
from core.i18n.text import _l
from core.people.views import person_or_404
from core.privacy.service import erase_person, export_person
from core.tenancy.context import current_scope
from core.web.permissions import requires

blueprint = Blueprint("privacy", __name__, url_prefix="/people/<int:person_id>/privacy")


class EraseForm(FlaskForm):
    confirm = BooleanField(_l("I understand that this cannot be undone."), validators=[DataRequired()])


class ExportForm(FlaskForm):
    pass


@blueprint.get("/")
@requires("privacy.manage")
def confirm(person_id: int):
    return render_template("people/privacy.html", person=person_or_404(person_id), form=EraseForm(),
                           export_form=ExportForm())


@blueprint.post("/export")
@requires("privacy.manage")
def export(person_id: int):
    person = person_or_404(person_id)
    if not ExportForm().validate_on_submit():
        abort(400)
    scope = current_scope()
    data = export_person(scope.instance, scope.tenant, scope.session, person.id, current_actor())
    scope.session.commit()
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="person-{person.id}.json"', "Cache-Control": "no-store"})


@blueprint.post("/erase")
@requires("privacy.manage")
def erase(person_id: int):
    person = person_or_404(person_id)
    form = EraseForm()
    if not form.validate_on_submit():
        return render_template("people/privacy.html", person=person, form=form, export_form=ExportForm()), 422
    scope = current_scope()
    erase_person(scope.instance, scope.tenant, scope.session, person.id, current_actor())
    scope.session.commit()
    flash(_("The person's data is erased. Figures from the past stay correct."))
    return redirect(url_for("people.index"))
