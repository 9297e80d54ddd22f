"""``/api/v1/transport/…``: rides, drivers and planning for programs (scopes transport.plan)."""
from __future__ import annotations

from flask import url_for
from flask.views import MethodView
from flask_smorest import abort
from marshmallow import Schema, fields, pre_dump, validate

from core.toolkit import (
    ApiBlueprint,
    Id,
    NoaberError,
    current_principal,
    current_session,
    current_tenant,
    find_job,
    requires,
    start_job,
)
from plugins.transport import jobs, service
from plugins.transport.models import AIDS, OPEN, OUTCOMES, Ride

blueprint = ApiBlueprint("transport_api", __name__, description="Volunteer rides: requests, drivers, planning")


class RideSchema(Schema):
    id = Id(dump_only=True)
    rider_person_id = Id(required=True)
    pickup_text = fields.String(dump_only=True)
    destination_text = fields.String(required=True, validate=validate.Length(min=1, max=200))
    destination_lat = fields.Float(required=True, validate=validate.Range(50.7, 53.6))
    destination_lon = fields.Float(required=True, validate=validate.Range(3.3, 7.3))
    appointment_at = fields.AwareDateTime(required=True)
    return_at = fields.AwareDateTime(load_only=True, load_default=None, allow_none=True)
    pickup_at = fields.AwareDateTime(dump_only=True)
    aid = fields.String(load_default="none", validate=validate.OneOf(AIDS))
    companion = fields.Boolean(load_default=False)
    waits = fields.Boolean(load_default=False)
    driver_notes = fields.String(load_default="", validate=validate.Length(max=500))
    status = fields.String(dump_only=True)
    driver_id = Id(dump_only=True, allow_none=True)
    return_of_id = Id(dump_only=True, allow_none=True)
    km_driven = fields.Float(dump_only=True, allow_none=True)


class RideAnswerSchema(RideSchema):
    """A ride as answered: its destination may still be to be found (taken on a page while the
    address service was away), and then has no coordinates until it is."""

    destination_lat = fields.Float(allow_none=True)
    destination_lon = fields.Float(allow_none=True)
    located = fields.Boolean(dump_only=True, metadata={"description": "Both ends are on the map, so it can be planned"})


class RidesQuery(Schema):
    day = fields.Date(required=True, metadata={"description": "Rides picked up on this day (Dutch time)"})
    status = fields.String(load_default=None, validate=validate.OneOf((*OPEN, *OUTCOMES)))


class OutcomeSchema(Schema):
    outcome = fields.String(required=True, validate=validate.OneOf([o for o in OUTCOMES if o != "completed"]))
    reason = fields.String(load_default="", validate=validate.Length(max=200))


class DriverSchema(Schema):
    id = Id()
    person_id = Id()
    takes = fields.Method("aids", metadata={"description": "Aids the car takes"})
    seats = fields.Integer()
    max_km = fields.Float()
    active = fields.Boolean()
    availability = fields.Method("windows")

    def aids(self, driver):
        return sorted(driver.takes())

    def windows(self, driver):
        return [{"weekday": a.weekday, "from": a.starts.strftime("%H:%M"), "until": a.ends.strftime("%H:%M")}
                for a in driver.availability]


class PlanRequest(Schema):
    day = fields.Date(required=True)
    seconds = fields.Float(load_default=2.0, validate=validate.Range(0.2, 10), metadata={
        "description": "the planner's time limit; with more time a large day is planned nearer the bound "
                       "(on a day of 300 rides, 10 s leaves time for the dive: 0.6-1.0 % above the bound "
                       "where 2 s gives 0.8-1.8 %)"})


class PlanSchema(Schema):
    """What planning a day came to (before planning became a job, the answer of ``POST /plan``)."""

    offered = fields.Dict(keys=fields.String(), values=Id(),
                          metadata={"description": "ride id → driver id"})
    unplanned = fields.Dict(keys=fields.String(), values=fields.String(), metadata={"description": "ride id → reason"})
    kilometres = fields.Float()
    gap = fields.Float(metadata={"description": "relative gap to the bound the solver proved"})


class ProgressSchema(Schema):
    done = fields.Integer()
    total = fields.Integer()


class PlanJobSchema(Schema):
    id = fields.String(metadata={"description": "the job's id, unguessable"})
    state = fields.String(metadata={"enum": ["queued", "running", "done", "failed"]})
    progress = fields.Nested(ProgressSchema, metadata={
        "description": "steps done of the steps the job has (0 of 0 before it says)"})
    result = fields.Nested(PlanSchema, allow_none=True, metadata={"description": "the plan, once done"})
    error = fields.String(allow_none=True, metadata={"description": "why it failed, when it did"})
    created_at = fields.AwareDateTime()
    finished_at = fields.AwareDateTime(allow_none=True)

    @pre_dump
    def with_progress(self, job, **_kwargs):
        return {**job.__dict__, "progress": {"done": job.done, "total": job.total}}


@blueprint.route("/rides")
class Rides(MethodView):
    @requires("transport.plan")
    @blueprint.arguments(RidesQuery(), location="query")
    @blueprint.response(200, RideAnswerSchema(many=True))
    def get(self, query):
        """The rides of one day, by pickup time."""
        rides = service.rides_on(current_session(), query["day"])
        return [r for r in rides if query["status"] in (None, r.status)]

    @requires("transport.plan")
    @blueprint.arguments(RideSchema())
    @blueprint.response(201, RideAnswerSchema(many=True))
    def post(self, data):
        """Request a ride (and its return trip when ``return_at`` is given); pickup is the rider's home."""
        session = current_session()
        try:
            rides = service.request_ride(
                session, service.roads_for(current_tenant()), data["rider_person_id"],
                (data["destination_lat"], data["destination_lon"]), data["destination_text"], data["appointment_at"],
                current_principal().actor, aid=data["aid"], companion=data["companion"],
                driver_notes=data["driver_notes"], return_at=data["return_at"], waits=data["waits"])
        except NoaberError as exc:
            abort(422, errors={"rider_person_id": [str(exc)]})
        session.commit()
        return rides


@blueprint.route("/rides/<int:ride_id>")
class RideItem(MethodView):
    @requires("transport.plan")
    @blueprint.response(200, RideAnswerSchema)
    def get(self, ride_id):
        """One ride."""
        return current_session().get(Ride, ride_id) or abort(404, message=f"No ride {ride_id}.")


@blueprint.route("/rides/<int:ride_id>/outcome")
class RideOutcome(MethodView):
    @requires("transport.plan")
    @blueprint.arguments(OutcomeSchema())
    @blueprint.response(200, RideAnswerSchema)
    def post(self, data, ride_id):
        """Close a ride that was not driven: cancelled, late cancel, no-show, turned down, unmet need."""
        ride = current_session().get(Ride, ride_id) or abort(404, message=f"No ride {ride_id}.")
        try:
            service.close(ride, data["outcome"], current_principal().actor, data["reason"])
        except NoaberError as exc:
            abort(409, message=str(exc))
        current_session().commit()
        return ride


@blueprint.route("/plan")
class Planning(MethodView):
    @requires("transport.plan")
    @blueprint.arguments(PlanRequest())
    @blueprint.response(202, PlanJobSchema, headers={"Location": {
        "description": "the job to poll: GET /api/v1/transport/plan/{job_id}", "schema": {"type": "string"}}})
    def post(self, data):
        """Plan the requested rides of a day and offer them to drivers, as a job.

        Answers at once with the job (202 Accepted and its address in ``Location``); a worker
        plans. Poll ``GET /plan/{job_id}`` until ``state`` is ``done`` (the plan is in
        ``result``) or ``failed`` (``error`` says why).
        """
        try:
            job = start_job(jobs.PLAN_DAY, {"day": data["day"].isoformat(), "seconds": data["seconds"]},
                            current_principal().actor)
        except NoaberError as exc:
            abort(503, message=str(exc))
        return job, 202, {"Location": url_for("transport_api.PlanningJob", job_id=job.id)}


@blueprint.route("/plan/<job:job_id>")
class PlanningJob(MethodView):
    @requires("transport.plan")
    @blueprint.response(200, PlanJobSchema)
    def get(self, job_id):
        """How far a planning job got, and its plan when it is done."""
        return find_job(current_session(), job_id, (jobs.PLAN_DAY,)) or abort(404, message=f"No planning job {job_id}.")
