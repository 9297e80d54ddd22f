"""A person's data in zeggenschap, for their privacy export, and erasing it.

The export says *that* the person voted (which vote, which channel), never what: that is not
stored with them. Erasing a person keeps their anonymous ballot and the roll's count of it."""
from __future__ import annotations

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from plugins.zeggenschap.models import Attendance, Member, Proposal, Proxy, RollEntry, Support, Vote, VotingCode


def export_for(session: Session, person_id: int) -> dict | None:
    titles = dict(session.execute(select(Vote.id, Vote.title)).all())
    data = {
        "memberships": [{"since": m.since.isoformat(), "until": m.until.isoformat() if m.until else None,
                         "board_appointed_on": m.board_appointed_on.isoformat() if m.board_appointed_on else None,
                         "board_term_years": m.board_term_years}
                        for m in session.scalars(select(Member).where(Member.person_id == person_id))],
        "proposals": [{"title": p.title, "text": p.text, "cost": str(p.cost) if p.cost is not None else None,
                       "status": p.status, "created_on": p.created_on.isoformat()}
                      for p in session.scalars(select(Proposal).where(Proposal.person_id == person_id))],
        "supported": [s.proposal.title for s in session.scalars(select(Support).where(Support.person_id == person_id))],
        "voted_in": [{"vote": titles.get(r.vote_id, ""), "channel": r.channel}
                     for r in session.scalars(select(RollEntry).where(RollEntry.person_id == person_id))],
        "proxies": [{"vote": titles.get(p.vote_id, ""), "given": p.from_person_id == person_id}
                    for p in session.scalars(select(Proxy).where(or_(Proxy.from_person_id == person_id,
                                                                     Proxy.to_person_id == person_id)))],
        "meetings_attended": len(session.scalars(select(Attendance).where(Attendance.person_id == person_id)).all()),
        "meeting_proxies_held": len(session.scalars(select(Attendance).where(
            Attendance.proxy_holder_person_id == person_id)).all()),
    }
    return data if any(data.values()) else None


def erase(session: Session, person_id: int) -> None:
    """Membership, support, proxies, codes and attendance go; proposals stay without their author (and
    without their text, which may name them); the roll keeps counting the ballot, with no one behind it."""
    for model, column in ((Member, Member.person_id), (Support, Support.person_id), (VotingCode, VotingCode.person_id),
                          (Attendance, Attendance.person_id)):
        session.execute(delete(model).where(column == person_id))
    session.execute(update(Attendance).where(Attendance.proxy_holder_person_id == person_id)
                    .values(proxy_holder_person_id=None))
    session.execute(delete(Proxy).where(or_(Proxy.from_person_id == person_id, Proxy.to_person_id == person_id)))
    for proposal in session.scalars(select(Proposal).where(Proposal.person_id == person_id)):
        proposal.person_id, proposal.text = None, ""
    for entry in session.scalars(select(RollEntry).where(or_(RollEntry.person_id == person_id,
                                                             RollEntry.by == str(person_id)))):
        if entry.person_id == person_id:
            entry.person_id = None
        if entry.channel == "proxy" and entry.by == str(person_id):
            entry.by = ""
