"""Demo data: a member register, proposals in every state, a closed budget vote in which Equal Shares
and greedy differ, an open vote with voting-code letters, and a members' meeting with its decisions."""
from __future__ import annotations

from datetime import date, datetime, timedelta, UTC
from decimal import Decimal
from random import Random

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.toolkit import list_people
from plugins.zeggenschap import ballots, closing, meetings, service
from plugins.zeggenschap.models import Member

#: the statutes of the demo (the plugin's defaults)
STATUTES = {"quorum_percent": None, "majority": "simple", "proxies_per_holder": 1, "support_threshold": 5,
            "minimum_age": 16, "answer_weeks": 6}
PROJECTS = [("Moestuin achter het buurthuis", "6000.00"), ("Bankjes langs de beek", "4000.00"),
            ("Speelplek met schommel", "4000.00")]
PROPOSALS = [  # title, text, cost, state
    ("Koffieochtend ook op zaterdag", "Veel mensen werken doordeweeks.", None, "collecting_support"),
    ("Defibrillator bij de supermarkt", "Binnen zes minuten een AED voor iedereen in de wijk.", "1800.00", "on_agenda"),
    ("Boodschappenbus op donderdag", "Een vaste rit naar de markt.", "900.00", "adopted"),
    ("Parkeerplaats bij de kerk", "Meer plek voor auto's.", "25000.00", "rejected"),
    ("Hondenuitlaatveld", "Een omheind veld.", "3000.00", "withdrawn"),
]


def add_demo(session: Session, rng: Random) -> None:
    people = sorted(p.id for p in list_people(session, resident=True))
    if len(people) < 10:
        return
    members = people[: max(10, len(people) * 2 // 3)]
    for number, person_id in enumerate(members):
        service.add_member(session, person_id, date(2019 + number % 6, 1 + number % 12, 1))
    add_board(session, members)
    add_proposals(session, rng, members)
    budget = budget_vote(session, members)
    open_vote(session, members)
    members_meeting(session, members, budget)


def members_meeting(session: Session, members: list[int], budget) -> None:
    """Last year's meeting (its minutes adopted at this one) and today's, right after the budget vote
    closed: five members in person, two online, two represented by a proxy."""
    earlier = meetings.create_meeting(session, date(service.today().year - 1, 5, 20), "Algemene ledenvergadering", [])
    meeting = meetings.create_meeting(session, service.today(), "Algemene ledenvergadering", [budget.id],
                                      ["Opening en mededelingen", "Notulen van de vorige vergadering",
                                       "Jaarrekening vorig jaar", "Herbenoeming bestuur"])
    earlier.minutes = "De voorzitter opent de vergadering. Het jaarverslag is besproken."
    earlier.minutes_adopted_on = meeting.held_on
    for person_id, how in zip(members[:7], ["in_person"] * 5 + ["online"] * 2, strict=False):
        meetings.attend(session, STATUTES, meeting, person_id, how)
    for person_id, holder in zip(members[7:9], members[:2], strict=True):
        meetings.attend(session, STATUTES, meeting, person_id, "proxy", holder)
    meeting.minutes = ("De voorzitter opent de vergadering. De jaarrekening is besproken en vastgesteld. "
                       "De uitslag van het buurtbudget is toegelicht.")
    meetings.decide(session, meeting, "Jaarrekening vorig jaar vastgesteld", "Aangenomen", "done")
    meetings.decide(session, meeting, "Werkgroep moestuin opgericht", "Aangenomen", "under_way")


def add_board(session: Session, members: list[int]) -> None:
    """Three board members; the chair's term ends in two months, so the board's start page reminds it."""
    day = service.today()
    seats = {members[0]: (date(day.year - 3, day.month, min(day.day, 28)) + timedelta(days=61), 3),
             members[1]: (date(day.year - 1, 6, 1), 4), members[2]: (date(day.year - 2, 6, 1), 4)}
    for member in session.scalars(select(Member).where(Member.person_id.in_(seats))):
        service.appoint_to_board(member, *seats[member.person_id])


def add_proposals(session: Session, rng: Random, members: list[int]) -> None:
    for number, (title, text, cost, state) in enumerate(PROPOSALS):
        proposal = service.propose(session, STATUTES, members[number], title, text,
                                   Decimal(cost) if cost else None, "Activiteiten")
        backers = rng.sample(members, k=2 if state == "collecting_support" else 5)
        for person_id in backers:
            if person_id != members[number]:
                service.support(session, STATUTES, proposal, person_id)
        if state == "on_agenda":
            proposal.answer_due = service.today() - timedelta(days=3)  # overdue: a signal on the start page
        elif state in ("adopted", "rejected", "withdrawn"):
            reasons = {"adopted": "Aangenomen door de ledenvergadering.",
                       "rejected": "Te duur; de gemeente gaat erover.", "withdrawn": "Ingetrokken door de indiener."}
            service.set_status(proposal, state, reasons[state])


def budget_vote(session: Session, members: list[int]):
    """Six in ten want the garden and the benches; four in ten the playground. Greedy gives the six
    everything; Equal Shares gives the four their share."""
    now = datetime.now(UTC)
    vote = service.create_vote(session, STATUTES, {
        "title": "Buurtbudget " + str(now.year), "kind": "budget", "eligible": "members", "budget": Decimal("10000"),
        "year": now.year, "category": "Buurtbudget", "opens_at": now - timedelta(days=20),
        "closes_at": now + timedelta(days=1),
        "options": [{"title": title, "cost": Decimal(cost)} for title, cost in PROJECTS]})
    garden, benches, playground = (o.id for o in vote.options)
    voters = members[: len(members) * 9 // 10]
    majority = len(voters) * 6 // 10
    codes = {c.person_id: c.code for c in ballots.issue_codes(session, STATUTES, vote, voters[-3:])}
    for number, person_id in enumerate(voters):
        choices = [garden, benches] if number < majority else [playground]
        if person_id in codes:
            ballots.cast(session, STATUTES, vote, "code", choices, code=codes[person_id])
        else:
            ballots.cast(session, STATUTES, vote, "paper" if number % 4 == 0 else "online", choices,
                         person_id=person_id, teller="account:1")
    closing.close(session, STATUTES, vote)
    return vote


def open_vote(session: Session, members: list[int]) -> None:
    now = datetime.now(UTC)
    vote = service.create_vote(session, STATUTES, {
        "title": "Welke dag wordt de buurtmaaltijd?", "kind": "choice", "eligible": "members",
        "opens_at": now - timedelta(days=2), "closes_at": now + timedelta(days=12),
        "options": [{"title": "Dinsdag"}, {"title": "Donderdag"}, {"title": "Zondag"}]})
    ballots.issue_codes(session, STATUTES, vote, members[-4:])
    ballots.add_proxy(session, STATUTES, vote, members[1], members[2])  # on the vote's proxies page
    ballots.cast(session, STATUTES, vote, "proxy", [vote.options[1].id], person_id=members[2], proxy_for=members[1])
    for number, person_id in enumerate(members[3:8]):
        ballots.cast(session, STATUTES, vote, "online", [vote.options[number % 3].id], person_id=person_id)
