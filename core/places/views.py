"""Known places: the list, and adding or changing one (coordinators)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for

from core.i18n.text import _
from core.people.geocode import geocoder_for
from core.people.service import normalise_postcode
from core.places import service
from core.places.forms import PlaceForm
from core.places.models import KnownPlace
from core.tenancy.context import current_scope
from core.web.permissions import requires

blueprint = Blueprint("places", __name__, url_prefix="/places")


@blueprint.get("/")
@requires("places.manage")
def index():
    return render_template("places/index.html", places=service.all_places(current_scope().session),
                           kinds=service.KINDS)


@blueprint.route("/new", methods=["GET", "POST"])
@requires("places.manage")
def new():
    return _edit(None)


@blueprint.route("/<int:place_id>", methods=["GET", "POST"])
@requires("places.manage")
def edit(place_id: int):
    return _edit(current_scope().session.get(KnownPlace, place_id) or abort(404))


def _edit(place: KnownPlace | None):
    form = PlaceForm(obj=place)
    if not form.validate_on_submit():
        return render_template("places/edit.html", form=form, place=place), 422 if form.is_submitted() else 200
    scope = current_scope()
    data = {name: field.data for name, field in form._fields.items() if name != "csrf_token"}
    data["postcode"] = normalise_postcode(data["postcode"]) if data["postcode"] else ""
    saved = service.save_place(scope.session, place, data, geocoder_for(scope.tenant))
    scope.session.commit()
    if saved.latitude is None:
        flash(_("%(name)s is saved, but not found on the map: check the postcode and house number.", name=saved.name))
    else:
        flash(_("%(name)s is saved.", name=saved.name))
    return redirect(url_for("places.index"))
