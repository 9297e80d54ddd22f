"""``/api/v1/zeggenschap/…``: members, proposals, votes, ballots, results, meetings, for programs."""
from __future__ import annotations

import json
from contextlib import contextmanager

from flask import Response
from flask.views import MethodView
from flask_smorest import abort
from sqlalchemy import select

from core.toolkit import (
    ApiBlueprint,
    NoaberError,
    audit,
    current_actor,
    current_principal,
    current_session,
    current_tenant,
    requires,
    tenant_hooks,
)
from plugins.zeggenschap import ballots, closing, jobs, meetings, pabulib, service, yearly
from plugins.zeggenschap.models import Decision, Meeting, Member, Proposal, Vote
from plugins.zeggenschap.schemas import (
    BallotSchema,
    BoardSeatSchema,
    CodesRequest,
    CodesSchema,
    DecideSchema,
    DecisionSchema,
    FollowUpSchema,
    MeetingAttendanceSchema,
    MeetingDecisionSchema,
    MeetingDetailSchema,
    MeetingSchema,
    MembershipEndSchema,
    MinutesSchema,
    MemberSchema,
    ProposalAnswerSchema,
    ProposalSchema,
    ProxySchema,
    ReceiptSchema,
    ResultSchema,
    SupportAnswerSchema,
    SupportSchema,
    VoteCreatedSchema,
    VoteSchema,
)

blueprint = ApiBlueprint("zeggenschap_api", __name__,
                         description="Members decide: proposals, votes, the members' meeting")


@contextmanager
def answered():
    """A refusal the caller can act on becomes its problem: 422 at the field, 409 for the state."""
    try:
        yield
    except service.Invalid as exc:
        current_session().rollback()
        abort(422, errors={exc.field: [str(exc)]})
    except service.Conflict as exc:
        current_session().rollback()
        abort(409, message=str(exc))


def statutes() -> dict:
    return service.statutes(current_tenant())


def found(model, row_id: int, what: str):
    return current_session().get(model, row_id) or abort(404, message=f"No {what} {row_id}.")


def member_view(member: Member) -> dict:
    today = service.today()
    board = member.board_appointed_on is not None
    return {"id": member.id, "person_id": member.person_id, "since": member.since, "until": member.until,
            "active": member.since <= today and (member.until is None or member.until > today),
            "board_appointed_on": member.board_appointed_on, "board_term_years": member.board_term_years,
            "board_term_ends": yearly.term_ends(member.board_appointed_on, member.board_term_years) if board else None}


def proposal_view(proposal: Proposal) -> dict:
    return {**{c: getattr(proposal, c) for c in ("id", "person_id", "title", "text", "cost", "category", "status",
                                                  "status_on", "status_reason", "answer_due")},
            "supporters": service.supporters(current_session(), proposal)}


def vote_view(vote: Vote) -> dict:
    return {**{c: getattr(vote, c) for c in ("id", "title", "kind", "budget", "year", "category", "eligible",
                                              "quorum_percent", "majority", "proposal_id", "opens_at", "closes_at")},
            "status": vote.status_at(service.now()), "options": vote.options,
            "counting": jobs.count_progress(current_session(), vote)}


# ---------------------------------------------------------------- members

@blueprint.route("/members")
class Members(MethodView):
    @requires("zeggenschap.manage")
    @blueprint.response(200, MemberSchema(many=True))
    def get(self):
        """The member register, oldest membership first."""
        rows = current_session().scalars(select(Member).order_by(Member.since, Member.id))
        return [member_view(m) for m in rows]

    @requires("zeggenschap.manage")
    @blueprint.arguments(MemberSchema())
    @blueprint.response(201, MemberSchema)
    def post(self, data):
        """Register a member (one member, one vote)."""
        with answered():
            member = service.add_member(current_session(), data["person_id"], data["since"])
        who = current_actor()
        audit(current_session(), who.actor, "change", member.person_id, who.via, "became a member")
        current_session().commit()
        return member_view(member)


@blueprint.route("/members/<int:member_id>/end")
class MemberEnd(MethodView):
    @requires("zeggenschap.manage")
    @blueprint.arguments(MembershipEndSchema())
    @blueprint.response(200, MemberSchema)
    def post(self, data, member_id):
        """End a membership on a day."""
        member = found(Member, member_id, "member")
        with answered():
            service.end_membership(member, data["on"])
        current_session().commit()
        return member_view(member)


@blueprint.route("/members/<int:member_id>/board")
class MemberBoard(MethodView):
    @requires("zeggenschap.manage")
    @blueprint.arguments(BoardSeatSchema())
    @blueprint.response(200, MemberSchema)
    def put(self, data, member_id):
        """Record that the members' meeting appointed (or re-appointed) this member to the board, for a term
        of years; the board's start page reminds it three months before the term ends."""
        member = found(Member, member_id, "member")
        with answered():
            service.appoint_to_board(member, data["appointed_on"], data["term_years"])
        current_session().commit()
        return member_view(member)

    @requires("zeggenschap.manage")
    @blueprint.response(200, MemberSchema)
    def delete(self, member_id):
        """The member leaves the board (stays a member)."""
        member = found(Member, member_id, "member")
        with answered():
            service.leave_board(member)
        current_session().commit()
        return member_view(member)


# ---------------------------------------------------------------- proposals

@blueprint.route("/proposals")
class Proposals(MethodView):
    @requires("zeggenschap.read")
    @blueprint.response(200, ProposalAnswerSchema(many=True))
    def get(self):
        """Every proposal, newest first."""
        rows = current_session().scalars(select(Proposal).order_by(Proposal.id.desc()))
        return [proposal_view(p) for p in rows]

    @requires("zeggenschap.take_part")
    @blueprint.arguments(ProposalSchema())
    @blueprint.response(201, ProposalAnswerSchema)
    def post(self, data):
        """Make a proposal (right of initiative); it collects support until the threshold puts it on the agenda.
        A person proposes for themselves; only the board (``zeggenschap.manage``) enters one for someone else."""
        acting_for(data["person_id"])
        with answered():
            proposal = service.propose(current_session(), statutes(), data["person_id"], data["title"], data["text"],
                                       data["cost"], data["category"])
        current_session().commit()
        return proposal_view(proposal)


@blueprint.route("/proposals/<int:proposal_id>")
class ProposalItem(MethodView):
    @requires("zeggenschap.read")
    @blueprint.response(200, ProposalAnswerSchema)
    def get(self, proposal_id):
        """One proposal, with its supporters."""
        return proposal_view(found(Proposal, proposal_id, "proposal"))


@blueprint.route("/proposals/<int:proposal_id>/support")
class ProposalSupport(MethodView):
    @requires("zeggenschap.take_part")
    @blueprint.arguments(SupportSchema())
    @blueprint.response(200, SupportAnswerSchema)
    def post(self, data, proposal_id):
        """Support a proposal, once per person (409 the second time). A person supports for themselves; only
        the board (``zeggenschap.manage``) enters support given on paper for someone else."""
        proposal = found(Proposal, proposal_id, "proposal")
        acting_for(data["person_id"])
        with answered():
            count = service.support(current_session(), statutes(), proposal, data["person_id"])
        current_session().commit()
        return {"supporters": count, "status": proposal.status}


@blueprint.route("/proposals/<int:proposal_id>/decide")
class ProposalDecide(MethodView):
    @requires("zeggenschap.manage")
    @blueprint.arguments(DecideSchema())
    @blueprint.response(200, ProposalAnswerSchema)
    def post(self, data, proposal_id):
        """Adopt, reject (with reasons) or withdraw a proposal without a vote of its own."""
        proposal = found(Proposal, proposal_id, "proposal")
        with answered():
            if data["status"] == "adopted":
                closing.adopt_proposal(current_session(), proposal, data["reason"], current_tenant(), tenant_hooks())
            elif proposal.status in ("adopted", "rejected", "withdrawn"):
                raise service.Conflict("This proposal has been decided already.")
            else:
                service.set_status(proposal, data["status"], data["reason"])
        current_session().commit()
        return proposal_view(proposal)


# ---------------------------------------------------------------- votes

@blueprint.route("/votes")
class Votes(MethodView):
    @requires("zeggenschap.read")
    @blueprint.response(200, VoteSchema(many=True))
    def get(self):
        """Every vote, the latest first."""
        return [vote_view(v) for v in current_session().scalars(select(Vote).order_by(Vote.opens_at.desc()))]

    @requires("zeggenschap.manage")
    @blueprint.arguments(VoteSchema())
    @blueprint.response(201, VoteCreatedSchema)
    def post(self, data):
        """Call a vote: on a proposal (for, against, abstain), a choice of options, or a budget."""
        with answered():
            vote = service.create_vote(current_session(), statutes(), data)
        current_session().commit()
        return {"id": vote.id, "status": vote.status_at(service.now())}


@blueprint.route("/votes/<int:vote_id>")
class VoteItem(MethodView):
    @requires("zeggenschap.read")
    @blueprint.response(200, VoteSchema)
    def get(self, vote_id):
        """One vote with its options."""
        return vote_view(found(Vote, vote_id, "vote"))


@blueprint.route("/votes/<int:vote_id>/proxies")
class VoteProxies(MethodView):
    @requires("zeggenschap.manage")
    @blueprint.arguments(ProxySchema())
    @blueprint.response(201, ProxySchema)
    def post(self, data, vote_id):
        """Record a proxy: one member authorises another to vote for them in this vote."""
        vote = found(Vote, vote_id, "vote")
        with answered():
            proxy = ballots.add_proxy(current_session(), statutes(), vote, data["from_person_id"], data["to_person_id"])
        current_session().commit()
        return proxy


@blueprint.route("/votes/<int:vote_id>/codes")
class VoteCodes(MethodView):
    @requires("zeggenschap.manage")
    @blueprint.arguments(CodesRequest())
    @blueprint.response(201, CodesSchema)
    def post(self, data, vote_id):
        """Voting codes for letters (everyone eligible, or the persons named); a person keeps an earlier code."""
        vote = found(Vote, vote_id, "vote")
        with answered():
            codes = ballots.issue_codes(current_session(), statutes(), vote, data["person_ids"])
        current_session().commit()
        return {"issued": len(codes),
                "codes": [{"person_id": c.person_id, "code": ballots.shown_code(c.code)} for c in codes]}


@blueprint.route("/votes/<int:vote_id>/ballots")
class VoteBallots(MethodView):
    @requires("zeggenschap.take_part")
    @blueprint.arguments(BallotSchema())
    @blueprint.response(201, ReceiptSchema)
    def post(self, data, vote_id):
        """Cast a secret ballot; the answer never repeats the choices. Paper and proxy ballots are entered by
        a teller (``zeggenschap.manage``); a signed-in person votes online for themselves."""
        vote = found(Vote, vote_id, "vote")
        person_id = who_votes(data)
        with answered():
            receipt = ballots.cast(current_session(), statutes(), vote, data["channel"], data["choices"],
                                   person_id=person_id, code=data["code"], proxy_for=data["proxy_for_person_id"],
                                   teller=current_principal().actor)
        record_voting(vote, data, person_id)
        current_session().commit()
        return {"receipt": receipt}


def acting_for(person_id: int) -> None:
    """Support counts once per person: nobody proposes or supports in another's name but the board."""
    principal = current_principal()
    own = principal.account.person_id if principal.account is not None else None
    if person_id != own and not principal.can("zeggenschap.manage"):
        abort(403, message="Only the board enters a proposal or support for someone else.")


def who_votes(data: dict) -> int | None:
    """Online, a person votes for themselves; only a teller enters a ballot for someone else."""
    principal = current_principal()
    own = principal.account.person_id if principal.account is not None else None
    if data["channel"] == "code":
        return None
    if data["channel"] == "online" and own is not None and data["person_id"] in (None, own):
        return own
    if not principal.can("zeggenschap.manage"):
        abort(403, message="Only a teller enters a ballot for someone else.")
    return data["person_id"]


def record_voting(vote: Vote, data: dict, person_id: int | None) -> None:
    """The audit log says that someone voted, and how; never what."""
    who = current_actor()
    voter = data["proxy_for_person_id"] if data["channel"] == "proxy" else person_id
    if voter is not None:
        audit(current_session(), who.actor, "voted", voter, who.via, f"vote {vote.id} ({data['channel']})")


@blueprint.route("/votes/<int:vote_id>/close")
class VoteClose(MethodView):
    @requires("zeggenschap.manage")
    @blueprint.response(200, VoteCreatedSchema)
    def post(self, vote_id):
        """Close the vote (early, if it is still open) and count it; a budget's winners go into the budget.

        A long count (more than 2,000 ballots, or a budget vote whose Equal Shares with Add1 would take more
        than about a second) is made by the job worker: the answer's status is then ``counting`` and
        ``GET /result`` answers 409 until the count is there."""
        vote = found(Vote, vote_id, "vote")
        with answered():
            counted = closing.close(current_session(), statutes(), vote, current_tenant(), tenant_hooks(),
                                    may_defer=True)
        current_session().commit()
        if not counted:  # a large box: the worker counts it, and the result answers 409 until it is there
            try:
                jobs.start_count(current_session(), vote, current_principal().actor)
            except NoaberError as exc:
                abort(503, message=str(exc))
        return {"id": vote.id, "status": vote.status_at(service.now())}


def closed_result(vote_id: int) -> tuple[Vote, dict]:
    vote = found(Vote, vote_id, "vote")
    if vote.result is None:
        abort(409, message="The result is there once the vote is closed and counted.")
    return vote, json.loads(vote.result)


@blueprint.route("/votes/<int:vote_id>/result")
class VoteResult(MethodView):
    @requires("zeggenschap.read")
    @blueprint.response(200, ResultSchema)
    def get(self, vote_id):
        """The count, after closing (409 before, for everyone)."""
        return closed_result(vote_id)[1]


@blueprint.route("/votes/<int:vote_id>/ballots.pb")
class VotePabulib(MethodView):
    @requires("zeggenschap.read")
    @blueprint.response(200, {"type": "string"}, content_type="text/plain")
    def get(self, vote_id):
        """The anonymous ballots as a Pabulib file (META, PROJECTS, VOTES), voters shuffled, to recount."""
        vote, _result = closed_result(vote_id)
        text = pabulib.pb_file(vote, ballots.ballots_of(current_session(), vote), current_tenant().name)
        return Response(text, mimetype="text/plain", headers={
            "Content-Disposition": f'attachment; filename="stemming-{vote.id}.pb"'})


# ---------------------------------------------------------------- meetings and decisions

@blueprint.route("/meetings")
class Meetings(MethodView):
    @requires("zeggenschap.read")
    @blueprint.response(200, MeetingSchema(many=True))
    def get(self):
        """The members' meetings, the latest first."""
        rows = current_session().scalars(select(Meeting).order_by(Meeting.held_on.desc(), Meeting.id.desc()))
        return [meeting_view(m) for m in rows]

    @requires("zeggenschap.manage")
    @blueprint.arguments(MeetingSchema())
    @blueprint.response(201, MeetingSchema)
    def post(self, data):
        """Call a members' meeting with its agenda of votes."""
        with answered():
            meeting = meetings.create_meeting(current_session(), data["held_on"], data["title"], data["agenda"],
                                              data["items"])
        current_session().commit()
        return meeting_view(meeting)


def meeting_view(meeting) -> dict:
    return {"id": meeting.id, "held_on": meeting.held_on, "title": meeting.title, "minutes": meeting.minutes,
            "agenda": [item.vote_id for item in meeting.items if item.vote_id is not None],
            "items": [item.title for item in meeting.items if item.vote_id is None]}


def meeting_detail(meeting: Meeting) -> dict:
    return {**meeting_view(meeting), "minutes_adopted_on": meeting.minutes_adopted_on,
            "attendance": sorted(meeting.attendance, key=lambda a: a.id),
            "attending": meetings.attendance_counts(meeting),
            "decisions": meetings.meeting_decisions(current_session(), meeting)}


@blueprint.route("/meetings/<int:meeting_id>")
class MeetingItemView(MethodView):
    @requires("zeggenschap.read")
    @blueprint.response(200, MeetingDetailSchema)
    def get(self, meeting_id):
        """One members' meeting: agenda, attendance (with counts per kind), minutes and its decisions."""
        return meeting_detail(found(Meeting, meeting_id, "meeting"))


@blueprint.route("/meetings/<int:meeting_id>/attendance")
class MeetingAttendance(MethodView):
    @requires("zeggenschap.manage")
    @blueprint.arguments(MeetingAttendanceSchema())
    @blueprint.response(201, MeetingAttendanceSchema)
    def post(self, data, meeting_id):
        """Put a member on the attendance list: in person, online, or by proxy (with who holds the proxy;
        at most the statutes' number per holder, 422 beyond). A member is on the list once (409 twice)."""
        meeting = found(Meeting, meeting_id, "meeting")
        with answered():
            entry = meetings.attend(current_session(), statutes(), meeting, data["person_id"], data["how"],
                                    data["proxy_holder_person_id"])
        current_session().commit()
        return entry


@blueprint.route("/meetings/<int:meeting_id>/minutes")
class MeetingMinutes(MethodView):
    @requires("zeggenschap.manage")
    @blueprint.arguments(MinutesSchema())
    @blueprint.response(200, MeetingDetailSchema)
    def put(self, data, meeting_id):
        """Write the minutes, and the day they were adopted once they are."""
        meeting = found(Meeting, meeting_id, "meeting")
        with answered():
            meetings.set_minutes(meeting, data["text"], data["adopted_on"])
        current_session().commit()
        return meeting_detail(meeting)


@blueprint.route("/meetings/<int:meeting_id>/decisions")
class MeetingDecisions(MethodView):
    @requires("zeggenschap.manage")
    @blueprint.arguments(MeetingDecisionSchema())
    @blueprint.response(201, DecisionSchema)
    def post(self, data, meeting_id):
        """Write a decision the meeting took without a vote here (by show of hands) in the register."""
        meeting = found(Meeting, meeting_id, "meeting")
        decision = meetings.decide(current_session(), meeting, data["text"], data["result"], data["follow_up"])
        current_session().commit()
        return decision


@blueprint.route("/decisions")
class Decisions(MethodView):
    @requires("zeggenschap.read")
    @blueprint.response(200, DecisionSchema(many=True))
    def get(self):
        """The decisions register (besluitenlijst), the latest first."""
        return meetings.decisions(current_session())


@blueprint.route("/decisions/<int:decision_id>")
class DecisionItem(MethodView):
    @requires("zeggenschap.read")
    @blueprint.response(200, DecisionSchema)
    def get(self, decision_id):
        """One decision of the register."""
        return found(Decision, decision_id, "decision")

    @requires("zeggenschap.manage")
    @blueprint.arguments(FollowUpSchema())
    @blueprint.response(200, DecisionSchema)
    def patch(self, data, decision_id):
        """Say how far carrying out a decision has come: to do, under way, done."""
        decision = found(Decision, decision_id, "decision")
        decision.follow_up = data["follow_up"]
        current_session().commit()
        return decision
