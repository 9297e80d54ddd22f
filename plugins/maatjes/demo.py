"""A realistic buddy programme for ``noaber demo``: pairs in every state, a few gone quiet, a
waiting list, loneliness measured at intake and, for pairs of six months or more, again, and
two who left the programme (a participant who moved, a buddy who stopped after their pair). Recent
outings carry what the buddy paid and drove, so the budget's demo collects them as claims.

The first volunteer with an address is a buddy with an active pair: that is who the demo's
volunteer login is (core links it after the plugins' demo data)."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from random import Random

from core.toolkit import TIMEZONE, list_people
from plugins.maatjes.loneliness import score
from plugins.maatjes.models import PARTS_OF_DAY, Contact, Match, Measurement, Participant, Volunteer
from plugins.maatjes.service import add_months, today

INTERESTS = ("wandelen", "koken", "tuinieren", "schaken", "muziek", "fietsen", "kaarten", "lezen", "handwerken",
             "voetbal", "vogels kijken", "koffie drinken")
LANGUAGES = (["nl"], ["nl"], ["nl"], ["nl", "tr"], ["nl", "ar"], ["nl", "en"], ["nl", "de"])
QUESTIONS = ("Sinds mijn vrouw overleden is, zie ik bijna niemand meer.", "Ik wil graag weer eens naar buiten.",
             "Iemand om mee te praten en een kopje koffie te drinken.", "Samen boodschappen doen en een wandeling.",
             "Mijn kinderen wonen ver weg; ik zou graag iemand in de buurt kennen.")
#: (status, days ago proposed, introduced, active, ended, end reason, planned months, days since last contact)
PAIRS = (
    ("active", 400, 390, 380, None, None, 13, 6),     # nearing its planned end
    ("active", 250, 243, 235, None, None, 12, 4),
    ("active", 220, 212, 200, None, None, 12, 45),    # gone quiet
    ("active", 120, 112, 100, None, None, 18, 9),
    ("active", 60, 52, 45, None, None, 12, None),     # active, never a contact since: quiet
    ("introduced", 14, 5, None, None, None, 12, None),
    ("proposed", 3, None, None, None, None, 12, None),
    ("ended", 700, 690, 680, 300, "goal_reached", 12, None),
    ("ended", 90, 80, None, 78, "no_click", 12, None),  # declined: the participant waits again
    ("ended", 500, 492, 480, 200, "moved", 24, None),
)
MINUTES = {"visit": (60, 120), "call": (10, 30), "message": (5, 5), "outing": (120, 180)}
#: what a buddy pays for an outing (coffee and cake, the museum, the market); taken by the day, not the
#: random generator, so the rest of the demo stays as it was
OUTING_COSTS = (Decimal("7.50"), Decimal("12.50"), Decimal("18.00"))


def add_demo_maatjes(session, rng: Random) -> None:
    people = sorted(list_people(session), key=lambda p: p.id)
    buddies = [p for p in people if p.is_volunteer and p.address and p.address.point]
    residents = [p for p in people if p.is_resident and not p.is_volunteer]
    on = today()
    volunteers = [_volunteer(session, person, rng, on, i) for i, person in enumerate(buddies[:10])]
    participants = [_participant(session, person, rng, on) for person in residents[:len(PAIRS) + 4]]
    session.flush()
    open_volunteers = iter(volunteers)
    ended_volunteers = iter(reversed(volunteers[:8]))  # trained, with a valid VOG
    started: dict[int, date] = {}
    for plan, participant in zip(PAIRS, participants, strict=False):
        volunteer = next(open_volunteers if plan[0] != "ended" else ended_volunteers, None)
        if volunteer is not None:
            match = _pair(session, rng, participant, volunteer, plan, on)
            if match.active_on:
                started[participant.id] = match.active_on
                _costs_of_outings(match, on, went_out=plan is PAIRS[0])
            _leave_after(match)
    for participant in participants:
        _measurements(rng, participant, on, started.get(participant.id))


def _intake(kind, person, rng: Random, on: date, waited: int):
    moments = rng.sample([(d, p) for d in range(7) for p in PARTS_OF_DAY], k=rng.randint(2, 5))
    return kind(person_id=person.id, support_question="", interests=rng.sample(INTERESTS, k=rng.randint(2, 4)),
                languages=list(rng.choice(LANGUAGES)), availability=[{"weekday": d, "part": p} for d, p in moments],
                gender=rng.choice(("female", "male")), buddy_gender=rng.choice(("any", "any", "any", "female")),
                smokes=rng.random() < 0.15, minds_smoking=rng.random() < 0.3, has_pets=rng.random() < 0.3,
                minds_pets=rng.random() < 0.1, referred_by=rng.choice(("self", "gp", "social_team", "other")),
                waiting_since=on - timedelta(days=waited))


def _participant(session, person, rng: Random, on: date) -> Participant:
    row = _intake(Participant, person, rng, on, rng.randint(20, 160))
    row.support_question = rng.choice(QUESTIONS)
    session.add(row)
    return row


def _volunteer(session, person, rng: Random, on: date, index: int) -> Volunteer:
    row = _intake(Volunteer, person, rng, on, rng.randint(10, 120))
    row.languages = ["nl", "tr"] if index % 4 == 1 else ["nl", "en"] if index % 4 == 2 else ["nl"]
    row.buddy_gender = "any"
    # the last two show what keeps a volunteer out of the suggestions: an expired VOG, no training yet
    row.vog_valid_until = on + timedelta(days=rng.randint(60, 1000)) if index != 8 else on - timedelta(days=20)
    row.trained = index != 9
    row.max_pairs = 2 if index == 3 else 1
    row.max_km = rng.choice((3.0, 5.0, 10.0))
    session.add(row)
    return row


def _days_ago(on: date, days: int | None) -> date | None:
    return None if days is None else on - timedelta(days=days)


def _pair(session, rng: Random, participant, volunteer, plan, on: date) -> Match:
    status, proposed, introduced, active, ended, reason, months, last = plan
    participant.waiting_since = min(participant.waiting_since, on - timedelta(days=proposed + rng.randint(10, 60)))
    match = Match(participant=participant, volunteer=volunteer, status=status, planned_months=months,
                  score=round(rng.uniform(45, 90), 1), proposed_on=_days_ago(on, proposed),
                  introduced_on=_days_ago(on, introduced), active_on=_days_ago(on, active),
                  ended_on=_days_ago(on, ended), end_reason=reason, coordinator="demo")
    if status == "proposed":
        meeting = on + timedelta(days=4)
        match.meeting_at = datetime.combine(meeting, time(14), tzinfo=TIMEZONE)
    session.add(match)
    if match.active_on:
        until = match.ended_on or on - timedelta(days=last if last is not None else 10**4)
        _contacts(rng, match, until)
    return match


def _leave_after(match: Match) -> None:
    """Who moved away leaves the programme; the buddy of the pair that reached its goal stopped a
    month later, for their health."""
    if match.end_reason == "moved":
        match.participant.left_on, match.participant.left_reason = match.ended_on, "moved"
    elif match.end_reason == "goal_reached":
        match.volunteer.left_on, match.volunteer.left_reason = match.ended_on + timedelta(days=30), "health"


def _contacts(rng: Random, match: Match, until: date) -> None:
    day = match.active_on + timedelta(days=rng.randint(3, 8))
    while day <= until:
        kind = rng.choice(("visit", "visit", "call", "outing", "message"))
        note = rng.choice(("", "", "", "Samen naar de markt geweest.", "Ging wat minder goed deze week."))
        match.contacts.append(Contact(on=day, kind=kind, minutes=rng.randint(*MINUTES[kind]), note=note))
        day += timedelta(days=rng.randint(6, 16))
    if day - timedelta(days=16) < until:  # the last contact lands on the day the plan says
        match.contacts.append(Contact(on=until, kind="call", minutes=20, note=""))


def _costs_of_outings(match: Match, on: date, went_out: bool) -> None:
    """Outings of the last two months carry costs (and every other one kilometres); the pair nearing its end
    went out on its last contact day, so there is always an outing to claim this month or the last."""
    if went_out and match.contacts:
        last = match.contacts[-1].on
        match.contacts.append(Contact(on=last, kind="outing", minutes=150, note="", costs=Decimal("14.50"),
                                      km=Decimal("12.0")))
    for contact in match.contacts:
        if contact.kind == "outing" and contact.costs is None and (on - contact.on).days <= 62:
            contact.costs = OUTING_COSTS[contact.on.toordinal() % len(OUTING_COSTS)]
            contact.km = Decimal("8.5") if contact.on.toordinal() % 2 else None


def _answers(emotional: int, social: int, rng: Random) -> list[str]:
    lonely = [rng.choice(("yes", "more_or_less")) for _i in range(emotional)] + ["no"] * (3 - emotional)
    close = [rng.choice(("no", "more_or_less")) for _i in range(social)] + ["yes"] * (3 - social)
    return lonely + close


def _measure(participant: Participant, on: date, emotional: int, social: int, rng: Random) -> None:
    answers = _answers(emotional, social, rng)
    scored = score(answers)
    participant.measurements.append(Measurement(on=on, answers=answers, emotional=scored.emotional,
                                                social=scored.social, score=scored.score, level=scored.level))


def _measurements(rng: Random, participant: Participant, on: date, started: date | None) -> None:
    """At intake; and six months after the pair became active, mostly a little less lonely."""
    emotional, social = rng.randint(1, 3), rng.randint(1, 3)
    _measure(participant, participant.waiting_since, emotional, social, rng)
    if started and (on - started).days >= 182:
        _measure(participant, add_months(started, 6), max(emotional - rng.randint(0, 2), 0),
                 max(social - rng.randint(0, 2), 0), rng)
