"""``/api/v1/people``: people for programs, with the same rules and audit as the pages."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import abort

from core.audit.service import current_actor, record_reading
from core.errors import NoaberError
from core.people import service
from core.people.geocode import geocoder_for
from core.people.models import Household
from core.people.schemas import PeopleQuery, PersonChangeSchema, PersonSchema
from core.tenancy.context import current_scope
from core.web.api import Blueprint
from core.web.pagination import paginate
from core.web.permissions import requires

blueprint = Blueprint("people_api", __name__, description="Residents and volunteers")


def _save(person, data: dict):
    scope = current_scope()
    address = data.pop("address", None)
    if address:
        address["postcode"] = service.normalise_postcode(address["postcode"])
        data.update(address)
    if data.get("household_id") is not None and scope.session.get(Household, data["household_id"]) is None:
        abort(422, errors={"household_id": ["No such household."]})
    try:
        person, _changed = service.save(scope.session, person, data, geocoder_for(scope.tenant), current_actor())
    except NoaberError as exc:
        abort(422, errors={"address": [str(exc)]})
    scope.session.commit()
    return person


@blueprint.route("")
class People(MethodView):
    @requires("people.read")
    @blueprint.arguments(PeopleQuery(), location="query")
    @blueprint.response(200, PersonSchema(many=True))
    @blueprint.paginate()
    def get(self, query, pagination_parameters):
        """List people, by family name; filter by text, role or postcode."""
        scope = current_scope()
        page = paginate(scope.session, service.search(**query), pagination_parameters.page,
                        pagination_parameters.page_size)
        pagination_parameters.item_count = page.total
        record_reading(scope.session, current_actor().actor, "list", None, current_actor().via,
                       f"{len(page.items)} people")
        scope.session.commit()
        return page.items

    @requires("people.write")
    @blueprint.arguments(PersonSchema())
    @blueprint.response(201, PersonSchema)
    def post(self, data):
        """Add a person. With an address and no coordinates, the geocoder locates it."""
        return _save(None, data)


@blueprint.route("/<int:person_id>")
class PersonItem(MethodView):
    @requires("people.read")
    @blueprint.response(200, PersonSchema)
    def get(self, person_id):
        """One person; the reading is logged."""
        scope = current_scope()
        person = service.read(scope.session, person_id, current_actor())
        if person is None:
            abort(404, message=f"No person {person_id}.")
        scope.session.commit()
        return person

    @requires("people.write")
    @blueprint.arguments(PersonChangeSchema())
    @blueprint.response(200, PersonSchema)
    def patch(self, data, person_id):
        """Change the fields sent; leave the rest."""
        person = service.get(current_scope().session, person_id)
        if person is None:
            abort(404, message=f"No person {person_id}.")
        return _save(person, data)
