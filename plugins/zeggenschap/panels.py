"""What zeggenschap shows on the start page and on a person's page."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.toolkit import Panel, _l, render_fragment
from plugins.zeggenschap import service, yearly
from plugins.zeggenschap.models import Member, Proposal, RollEntry, Vote


def home(session: Session) -> list[Panel]:
    now = service.now()
    open_votes = [v for v in session.scalars(select(Vote).where(Vote.closed_at.is_(None)))
                  if v.status_at(now) == "open"]
    panels = [Panel(_l("Have your say"), render_fragment("zeggenschap/panel_votes.html", votes=open_votes),
                    order=40, permission="zeggenschap.read")]
    overdue, reminders = service.overdue_proposals(session), yearly.reminders(session)
    if overdue or reminders:
        panels.append(Panel(_l("For the board"), render_fragment("zeggenschap/panel_board.html", overdue=overdue,
                                                                 reminders=reminders),
                            order=15, permission="zeggenschap.manage"))
    return panels


def person(session: Session, person_id: int) -> list[Panel]:
    membership = session.scalars(select(Member).where(Member.person_id == person_id).order_by(Member.since)).all()
    voted = session.scalar(select(func.count()).select_from(RollEntry).where(RollEntry.person_id == person_id))
    proposals = session.scalars(select(Proposal).where(Proposal.person_id == person_id)).all()
    if not (membership or voted or proposals):
        return []
    return [Panel(_l("Have your say"), render_fragment("zeggenschap/person_panel.html", membership=membership,
                                                       voted=voted, proposals=proposals),
                  order=70, permission="zeggenschap.manage")]
