"""What maatjes gives core and other plugins through the cross-plugin hooks: buddies' hours,
introduction meetings in both people's calendars, a person's part in the programme, and the
signals on the coordinator's start page."""
from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core.toolkit import CalendarEvent, Month, VolunteerHours, _, _l, full_names
from plugins.maatjes import service
from plugins.maatjes.models import OPEN, Contact, Match, Participant, Volunteer

MEETING = timedelta(hours=1)


def hours(session: Session, month: Month) -> list[VolunteerHours]:
    """The minutes of each buddy's contacts in the month, as hours."""
    rows = session.execute(select(Volunteer.person_id, Contact.minutes).join(Match, Contact.match_id == Match.id)
                           .join(Volunteer, Match.volunteer_id == Volunteer.id)
                           .where(Contact.on >= month.first_day, Contact.on < month.next().first_day))
    minutes: dict[int, int] = {}
    for person_id, spent in rows:
        minutes[person_id] = minutes.get(person_id, 0) + spent
    return [VolunteerHours(person_id, "buddy", (Decimal(total) / 60).quantize(Decimal("0.01")), _l("Buddy"))
            for person_id, total in sorted(minutes.items())]


def events(session: Session, person_id: int, start: datetime, end: datetime) -> list[CalendarEvent]:
    """The introduction meetings of a person's proposed pairs, as participant or as buddy."""
    query = (select(Match).join(Participant, Match.participant_id == Participant.id)
             .join(Volunteer, Match.volunteer_id == Volunteer.id)
             .where(or_(Participant.person_id == person_id, Volunteer.person_id == person_id),
                    Match.meeting_at.is_not(None), Match.meeting_at >= start, Match.meeting_at < end))
    matches = list(session.scalars(query))
    names = full_names(session, {m.participant.person_id for m in matches} | {m.volunteer.person_id for m in matches})
    return [_meeting(m, names, person_id) for m in matches]


def _meeting(match: Match, names: dict[int, str], person_id: int) -> CalendarEvent:
    other = match.volunteer.person_id if match.participant.person_id == person_id else match.participant.person_id
    return CalendarEvent(f"maatjes-meeting-{match.id}",
                         _("Introduction meeting with %(name)s", name=names.get(other, "")),
                         match.meeting_at, match.meeting_at + MEETING,
                         description=_("The buddy programme's coordinator is there too."),
                         cancelled=match.status == "ended" and match.introduced_on is None)


def person_roles(session: Session, person_id: int) -> list[tuple[str, object, list[Match]]]:
    roles = []
    for role, kind, column in (("participant", Participant, Match.participant_id),
                               ("volunteer", Volunteer, Match.volunteer_id)):
        row = session.scalar(select(kind).where(kind.person_id == person_id))
        if row is not None:
            roles.append((role, row, list(session.scalars(select(Match).where(column == row.id)
                                                          .order_by(Match.proposed_on.desc())))))
    return roles


def role_names(session: Session, roles) -> dict[int, str]:
    ids = {p for _role, _row, pairs in roles for m in pairs for p in (m.participant.person_id, m.volunteer.person_id)}
    return full_names(session, ids)


def start_page_figures(session: Session, settings: dict) -> dict:
    today = service.today()
    return {"quiet": len(service.quiet_pairs(session, today, settings["quiet_after_days"])),
            "ending": len(service.nearing_end(session, today, settings["ending_soon_days"])),
            "active": len(service.matches(session, "active")),
            "waiting": len(service.waiting(session, Participant, today)),
            "open": sum(1 for m in service.matches(session) if m.status in OPEN)}
