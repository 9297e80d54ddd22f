"""``/api/v1/daycare/…``: groups, sessions, enrolments, attendance, volunteers and the report.

Every write is one transaction; a change that can free a place locks the group's row first, so
the waiting list is never promoted twice into one place. A state conflict is a 409, a person
who is not there (or not enrolled) a 422 at the field.
"""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import abort

from core.toolkit import ApiBlueprint, NoaberError, current_actor, current_session, person, requires
from plugins.daycare import attendance, claims, groups, rides, schedule
from plugins.daycare import enrolment as service
from plugins.daycare.models import Enrolment, Group, Helper, Session
from plugins.daycare.notify import tell_promoted
from plugins.daycare.reports import report
from plugins.daycare.schemas import (
    AttendanceLineSchema,
    EnrolmentEndSchema,
    DaycareEnrolmentSchema,
    DaycareGroupPatchSchema,
    DaycareGroupSchema,
    SessionVolunteerSchema,
    VolunteerCostsSchema,
    DaycarePeriodQuery,
    DaycareReportQuery,
    DaycareReportSchema,
    DaycareSessionSchema,
)

blueprint = ApiBlueprint("daycare_api", __name__, description="Day activities (dagbesteding): groups, "
                                                               "enrolment, waiting list, attendance")


def counted(group: Group) -> Group:
    db = current_session()
    group.enrolled = schedule.enrolled_count(db, group.id)
    group.waiting = len(service.waiting_list(db, group.id))
    group.free_places = max(0, group.capacity - group.enrolled)
    return group


def placed(enrolment: Enrolment) -> Enrolment:
    enrolment.position = service.position(current_session(), enrolment)
    return enrolment


def must_be_a_person(person_id: int | None, field: str) -> None:
    if person_id is not None and person(current_session(), person_id) is None:
        abort(422, errors={field: ["There is no such person."]})


def found(model, row_id: int, what: str):
    return current_session().get(model, row_id) or abort(404, message=f"No {what} {row_id}.")


def commit_and_tell(promoted) -> None:
    current_session().commit()
    tell_promoted(current_session(), promoted)


@blueprint.route("/groups")
class Groups(MethodView):
    @requires("daycare.attendance")
    @blueprint.response(200, DaycareGroupSchema(many=True))
    def get(self):
        """All groups, with their free places."""
        from sqlalchemy import select
        return [counted(g) for g in current_session().scalars(select(Group).order_by(Group.name, Group.id))]

    @requires("daycare.manage")
    @blueprint.arguments(DaycareGroupSchema())
    @blueprint.response(201, DaycareGroupSchema)
    def post(self, data):
        """Make a group; its sessions are made from the schedule."""
        must_be_a_person(data.get("coordinator_person_id"), "coordinator_person_id")
        try:
            group = groups.create(current_session(), data, current_actor())
        except NoaberError as exc:
            abort(422, errors={"ends_on": [str(exc)]})
        current_session().commit()
        return counted(group)


@blueprint.route("/groups/<int:group_id>")
class GroupItem(MethodView):
    @requires("daycare.attendance")
    @blueprint.response(200, DaycareGroupSchema)
    def get(self, group_id):
        """One group."""
        return counted(found(Group, group_id, "group"))

    @requires("daycare.manage")
    @blueprint.arguments(DaycareGroupPatchSchema())
    @blueprint.response(200, DaycareGroupSchema)
    def patch(self, data, group_id):
        """Change a group. More capacity gives places to the waiting list; a new schedule or period
        makes the coming sessions anew (sessions with attendance stay)."""
        group = service.locked_group(current_session(), group_id) or abort(404, message=f"No group {group_id}.")
        must_be_a_person(data.get("coordinator_person_id"), "coordinator_person_id")
        try:
            promoted = groups.change(current_session(), group, data, current_actor())
        except NoaberError as exc:
            current_session().rollback()
            abort(422, errors={"ends_on": [str(exc)]})
        for enrolment in promoted:
            rides.ask_for(current_session(), enrolment)
        commit_and_tell(promoted)
        return counted(group)


@blueprint.route("/groups/<int:group_id>/sessions")
class GroupSessions(MethodView):
    @requires("daycare.attendance")
    @blueprint.arguments(DaycarePeriodQuery(), location="query")
    @blueprint.response(200, DaycareSessionSchema(many=True))
    def get(self, query, group_id):
        """The group's sessions, by date; ``from`` and ``until`` (inclusive) narrow them."""
        found(Group, group_id, "group")
        return schedule.sessions_between(current_session(), group_id, query["start"], query["until"])

    @requires("daycare.manage")
    @blueprint.arguments(DaycareSessionSchema())
    @blueprint.response(201, DaycareSessionSchema)
    def post(self, data, group_id):
        """An extra one-off session."""
        group = found(Group, group_id, "group")
        try:
            extra = schedule.add_extra(current_session(), group, data["day"], data["starts"], data["ends"])
        except NoaberError as exc:
            abort(409, message=str(exc))
        current_session().commit()
        return extra


@blueprint.route("/sessions/<int:session_id>/cancel")
class SessionCancel(MethodView):
    @requires("daycare.manage")
    @blueprint.response(200, DaycareSessionSchema)
    def post(self, session_id):
        """Cancel one session (a holiday); the rides asked for it are cancelled."""
        s = found(Session, session_id, "session")
        groups.cancel_session(current_session(), s, current_actor())
        current_session().commit()
        return s


@blueprint.route("/groups/<int:group_id>/enrolments")
class GroupEnrolments(MethodView):
    @requires("daycare.manage")
    @blueprint.response(200, DaycareEnrolmentSchema(many=True))
    def get(self, group_id):
        """Everyone enrolled, waiting (with their place), waiting for approval, or ended."""
        from sqlalchemy import select
        found(Group, group_id, "group")
        rows = current_session().scalars(select(Enrolment).where(Enrolment.group_id == group_id)
                                         .order_by(Enrolment.id))
        return [placed(e) for e in rows]

    @requires("daycare.manage")
    @blueprint.arguments(DaycareEnrolmentSchema())
    @blueprint.response(201, DaycareEnrolmentSchema)
    def post(self, data, group_id):
        """Enrol a person: a place, the waiting list, or approval first. Twice in one group is a 409."""
        db = current_session()
        group = service.locked_group(db, group_id) or abort(404, message=f"No group {group_id}.")
        must_be_a_person(data["person_id"], "person_id")
        try:
            enrolment = service.enrol(db, group, data["person_id"], data["needs_transport"], current_actor())
        except service.Conflict as exc:
            db.rollback()
            abort(409, message=str(exc))
        rides.ask_for(db, enrolment)
        db.commit()
        return placed(enrolment)


def _enrolment_and_group(enrolment_id: int) -> tuple[Enrolment, Group]:
    db = current_session()
    enrolment = found(Enrolment, enrolment_id, "enrolment")
    return enrolment, service.locked_group(db, enrolment.group_id)


@blueprint.route("/enrolments/<int:enrolment_id>/approve")
class EnrolmentApprove(MethodView):
    @requires("daycare.manage")
    @blueprint.response(200, DaycareEnrolmentSchema)
    def post(self, enrolment_id):
        """Approve an enrolment: a place when one is free, else the waiting list."""
        enrolment, group = _enrolment_and_group(enrolment_id)
        try:
            service.approve(current_session(), group, enrolment, current_actor())
        except service.Conflict as exc:
            current_session().rollback()
            abort(409, message=str(exc))
        rides.ask_for(current_session(), enrolment)
        current_session().commit()
        return placed(enrolment)


@blueprint.route("/enrolments/<int:enrolment_id>/end")
class EnrolmentEnd(MethodView):
    @requires("daycare.manage")
    @blueprint.arguments(EnrolmentEndSchema())
    @blueprint.response(200, DaycareEnrolmentSchema)
    def post(self, data, enrolment_id):
        """End an enrolment; its rides are cancelled and a freed place goes to the waiting list."""
        enrolment, group = _enrolment_and_group(enrolment_id)
        db = current_session()
        try:
            outcome = service.end(db, group, enrolment, data["reason"], current_actor())
        except service.Conflict as exc:
            db.rollback()
            abort(409, message=str(exc))
        rides.cancel(db, enrolment.id, None, "enrolment ended")
        for promoted in outcome.promoted:
            rides.ask_for(db, promoted)
        commit_and_tell(outcome.promoted)
        return placed(enrolment)


@blueprint.route("/sessions/<int:session_id>/attendance")
class SessionAttendance(MethodView):
    @requires("daycare.attendance")
    @blueprint.response(200, AttendanceLineSchema(many=True))
    def get(self, session_id):
        """The attendance recorded for a session."""
        return attendance.sheet(current_session(), found(Session, session_id, "session"))

    @requires("daycare.attendance")
    @blueprint.arguments(AttendanceLineSchema(many=True))
    @blueprint.response(200, AttendanceLineSchema(many=True))
    def put(self, entries, session_id):
        """Record who was there (late entry allowed); only people enrolled in the group. An absence
        reported before the session cancels the person's ride."""
        s = found(Session, session_id, "session")
        people = [e["person_id"] for e in entries]
        if len(set(people)) != len(people):
            abort(422, errors={"_schema": ["Each person once."]})
        try:
            rows = attendance.record(current_session(), s, entries, current_actor())
        except attendance.NotEnrolled as exc:
            current_session().rollback()
            abort(422, errors={str(exc.index): {"person_id": [str(exc)]}})
        except service.Conflict as exc:
            current_session().rollback()
            abort(409, message=str(exc))
        current_session().commit()
        return rows


@blueprint.route("/sessions/<int:session_id>/volunteers")
class SessionVolunteers(MethodView):
    @requires("daycare.attendance")
    @blueprint.response(200, SessionVolunteerSchema(many=True))
    def get(self, session_id):
        """The volunteers at a session and their hours."""
        return attendance.helpers(current_session(), found(Session, session_id, "session"))

    @requires("daycare.attendance")
    @blueprint.arguments(SessionVolunteerSchema())
    @blueprint.response(201, SessionVolunteerSchema)
    def post(self, data, session_id):
        """A volunteer at the session, with their hours (counted in the tenant's volunteer hours)."""
        s = found(Session, session_id, "session")
        must_be_a_person(data["person_id"], "person_id")
        try:
            helper = attendance.add_helper(current_session(), s, data["person_id"], data["hours"], current_actor())
        except service.Conflict as exc:
            current_session().rollback()
            abort(409, message=str(exc))
        current_session().commit()
        return helper


@blueprint.route("/volunteers/<int:helper_id>/costs")
class VolunteerCosts(MethodView):
    @requires("daycare.attendance")
    @blueprint.arguments(VolunteerCostsSchema())
    @blueprint.response(200, SessionVolunteerSchema)
    def put(self, data, helper_id):
        """What a volunteer at a session held claims back: costs (with what for) and/or kilometres; replaces
        what was recorded. Budgeting collects them as claims; a cancelled or coming session is a 409."""
        helper = found(Helper, helper_id, "volunteer at a session")
        try:
            claims.record_costs(current_session(), helper, data["costs"], data["description"], data["km"],
                                current_actor())
        except claims.NotHeld as exc:
            current_session().rollback()
            abort(409, message=str(exc))
        current_session().commit()
        return helper


@blueprint.route("/report")
class Report(MethodView):
    @requires("daycare.reports")
    @blueprint.arguments(DaycareReportQuery(), location="query")
    @blueprint.response(200, DaycareReportSchema)
    def get(self, query):
        """Participants, sessions held, attendance rate, care hours, volunteer hours and absences by
        reason over a period (``from`` and ``until`` inclusive), in total and per group."""
        total, per_group = report(current_session(), query["start"], query["until"])
        return {**total.__dict__, "attendance_rate": total.attendance_rate,
                "groups": [{**g.__dict__, "attendance_rate": g.attendance_rate} for g in per_group]}
