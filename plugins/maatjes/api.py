"""``/api/v1/maatjes/…``: intake, suggestions, the plan, pairs, contacts, waiting and loneliness."""
from __future__ import annotations

from datetime import timedelta

from flask.views import MethodView
from flask_smorest import abort

from core.toolkit import ApiBlueprint, current_principal, current_session, current_tenant, requires
from plugins.maatjes import service
from plugins.maatjes.access import RESTRICTED, may_read_notes
from plugins.maatjes.models import Match, Participant, Volunteer
from plugins.maatjes.schemas import (
    ContactSchema,
    LeaveRequest,
    LonelinessRequest,
    LonelinessSchema,
    MatchesQuery,
    MatchRequest,
    MatchSchema,
    ParticipantSchema,
    BuddyPlanRequest,
    BuddyPlanSchema,
    SuggestionSchema,
    TransitionRequest,
    VolunteerSchema,
    VolunteerWaitingSchema,
    WaitingSchema,
)

blueprint = ApiBlueprint("maatjes_api", __name__, description="Buddy pairs (maatjes): intake to ending")
COORDINATE = "maatjes.coordinate"


def _settings() -> dict:
    return current_tenant().plugin_settings("maatjes")


def _refused(exc: service.Invalid | service.Conflict):
    if isinstance(exc, service.Invalid):
        abort(422, errors={exc.field: [str(exc)]})
    abort(409, message=str(exc))


def shown(match: Match) -> dict:
    """A pair as the API gives it, with its signals."""
    today = service.today()
    return {**{c: getattr(match, c) for c in MatchSchema().fields if hasattr(match, c)},
            "planned_end": service.planned_end(match), "last_contact": service.last_contact(match),
            "quiet": service.is_quiet(match, today, _settings()["quiet_after_days"])}


def _get(kind, row_id: int):
    return current_session().get(kind, row_id) or abort(404, message=f"No {kind.__name__.lower()} {row_id}.")


def _add_intake(kind, data):
    try:
        row = service.add_intake(current_session(), kind, data)
    except (service.Invalid, service.Conflict) as exc:
        _refused(exc)
    current_session().commit()
    return row


@blueprint.route("/participants")
class Participants(MethodView):
    @requires(COORDINATE)
    @blueprint.arguments(ParticipantSchema())
    @blueprint.response(201, ParticipantSchema)
    def post(self, data):
        """Take in a participant: who asks for a buddy, and what they hope for."""
        return _add_intake(Participant, data)


@blueprint.route("/participants/<int:participant_id>")
class ParticipantItem(MethodView):
    @requires(COORDINATE)
    @blueprint.response(200, ParticipantSchema)
    def get(self, participant_id):
        """One participant's intake."""
        return _get(Participant, participant_id)


@blueprint.route("/volunteers")
class Volunteers(MethodView):
    @requires(COORDINATE)
    @blueprint.arguments(VolunteerSchema())
    @blueprint.response(201, VolunteerSchema)
    def post(self, data):
        """Take in a volunteer who wants to be a buddy."""
        return _add_intake(Volunteer, data)


@blueprint.route("/volunteers/<int:volunteer_id>")
class VolunteerItem(MethodView):
    @requires(COORDINATE)
    @blueprint.response(200, VolunteerSchema)
    def get(self, volunteer_id):
        """One volunteer's intake."""
        return _get(Volunteer, volunteer_id)


def _leave(kind, row_id: int, data):
    row = _get(kind, row_id)
    try:
        service.leave(current_session(), row, data["on"], data["reason"])
    except (service.Invalid, service.Conflict) as exc:
        _refused(exc)
    current_session().commit()
    return row


@blueprint.route("/participants/<int:participant_id>/leave")
class ParticipantLeaves(MethodView):
    @requires(COORDINATE)
    @blueprint.arguments(LeaveRequest())
    @blueprint.response(200, ParticipantSchema)
    def post(self, data, participant_id):
        """Record that a participant left the programme; with a pair still open it is a 409."""
        return _leave(Participant, participant_id, data)


@blueprint.route("/volunteers/<int:volunteer_id>/leave")
class VolunteerLeaves(MethodView):
    @requires(COORDINATE)
    @blueprint.arguments(LeaveRequest())
    @blueprint.response(200, VolunteerSchema)
    def post(self, data, volunteer_id):
        """Record that a volunteer left the programme; with a pair still open it is a 409."""
        return _leave(Volunteer, volunteer_id, data)


@blueprint.route("/participants/<int:participant_id>/suggestions")
class Suggestions(MethodView):
    @requires(COORDINATE)
    @blueprint.response(200, SuggestionSchema(many=True))
    def get(self, participant_id):
        """Volunteers who may be proposed, best first, with the score explained in sentences."""
        participant = _get(Participant, participant_id)
        return [{"volunteer_id": v.id, "score": fit.score, "reasons": fit.reasons}
                for v, fit in service.suggestions(current_session(), participant)]


@blueprint.route("/plan")
class Plan(MethodView):
    @requires(COORDINATE)
    @blueprint.arguments(BuddyPlanRequest())
    @blueprint.response(200, BuddyPlanSchema)
    def post(self, data):
        """Propose pairs: the most pairs, then the highest total score. A dry run unless ``commit``."""
        session = current_session()
        try:
            proposals = service.plan(session, data["participants"], data["volunteers"])
            if data["commit"]:
                service.commit_plan(session, proposals, 12, current_principal().actor)
        except (service.Invalid, service.Conflict) as exc:
            _refused(exc)
        session.commit()
        return {"proposals": proposals}


@blueprint.route("/matches")
class Matches(MethodView):
    @requires(COORDINATE)
    @blueprint.arguments(MatchesQuery(), location="query")
    @blueprint.response(200, MatchSchema(many=True))
    def get(self, query):
        """Pairs, newest first; ``quiet=true`` gives only the active pairs that went quiet."""
        rows = [shown(m) for m in service.matches(current_session(), query["status"])]
        return [r for r in rows if r["quiet"]] if query["quiet"] else rows

    @requires(COORDINATE)
    @blueprint.arguments(MatchRequest())
    @blueprint.response(201, MatchSchema)
    def post(self, data):
        """Propose a pair. A volunteer who may not be proposed is a 422 that says why."""
        session = current_session()
        participant = session.get(Participant, data["participant_id"])
        volunteer = session.get(Volunteer, data["volunteer_id"])
        if participant is None or volunteer is None:
            field = "participant_id" if participant is None else "volunteer_id"
            abort(422, errors={field: ["Not known here."]})
        try:
            match = service.propose(session, participant, volunteer, data["planned_months"],
                                    current_principal().actor, data["on"])
        except (service.Invalid, service.Conflict) as exc:
            _refused(exc)
        match.meeting_at = data["meeting_at"]
        session.commit()
        return shown(match)


@blueprint.route("/matches/<int:match_id>")
class MatchItem(MethodView):
    @requires(COORDINATE)
    @blueprint.response(200, MatchSchema)
    def get(self, match_id):
        """One pair."""
        return shown(_get(Match, match_id))


@blueprint.route("/matches/<int:match_id>/transition")
class Transition(MethodView):
    @requires(COORDINATE)
    @blueprint.arguments(TransitionRequest())
    @blueprint.response(200, MatchSchema)
    def post(self, data, match_id):
        """Take a pair one step: introduced, active, or ended (with a reason). Skipping is a 409."""
        match = _get(Match, match_id)
        try:
            service.transition(current_session(), match, data["to"], data["on"], data["reason"])
        except (service.Invalid, service.Conflict) as exc:
            _refused(exc)
        current_session().commit()
        return shown(match)


@blueprint.route("/matches/<int:match_id>/contacts")
class Contacts(MethodView):
    @requires(COORDINATE)
    @blueprint.arguments(ContactSchema())
    @blueprint.response(201, ContactSchema)
    def post(self, data, match_id):
        """Log a contact of a pair; the note is read only by the pair's coordinator."""
        match = _get(Match, match_id)
        try:
            contact = service.add_contact(match, data["on"], data["kind"], data["minutes"], data["note"] or "",
                                          data["costs"], data["km"])
        except (service.Invalid, service.Conflict) as exc:
            _refused(exc)
        current_session().commit()
        return {"id": contact.id, "on": contact.on, "kind": contact.kind, "minutes": contact.minutes,
                "note": contact.note if may_read_notes(match) else None, "costs": contact.costs, "km": contact.km}


@blueprint.route("/waiting")
class Waiting(MethodView):
    @requires(COORDINATE)
    @blueprint.response(200, WaitingSchema(many=True))
    def get(self):
        """Participants waiting for a buddy, longest waiting first."""
        return waiting_list(Participant, "participant_id")


def waiting_list(model, id_field: str) -> list[dict]:
    """Who of *model* (participants or buddies) waits, longest first, and since when; their id as *id_field*."""
    today = service.today()
    return [{id_field: row.id, "person_id": row.person_id, "waiting_days": days,
             "waiting_since": today - timedelta(days=days)}
            for row, days in service.waiting(current_session(), model, today)]


@blueprint.route("/waiting/volunteers")
class VolunteersWaiting(MethodView):
    @requires(COORDINATE)
    @blueprint.response(200, VolunteerWaitingSchema(many=True))
    def get(self):
        """Buddies (volunteers) without a pair, longest first; who cannot be proposed (no valid VOG,
        untrained) is listed too, so that the coordinator can see to it."""
        return waiting_list(Volunteer, "volunteer_id")


@blueprint.route("/participants/<int:participant_id>/loneliness")
class Loneliness(MethodView):
    @requires(RESTRICTED)
    @blueprint.arguments(LonelinessRequest())
    @blueprint.response(201, LonelinessSchema)
    def post(self, data, participant_id):
        """Record a De Jong Gierveld 6-item measurement; the answer is its score and level."""
        participant = _get(Participant, participant_id)
        try:
            row = service.measure(participant, data["answers"], data["on"])
        except service.Invalid as exc:
            _refused(exc)
        current_session().commit()
        return row
