"""The notice board's domain logic: plain functions that take a session."""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta, UTC
from decimal import Decimal
from random import Random

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from core.toolkit import TIMEZONE, Measure, Month, _l, has_consent
from core.toolkit import person as find_person
from plugins.example.models import Notice

WELCOME = "Welkom op het prikbord"
DEMO_NOTICES = [
    ("Koffieochtend in het buurthuis", "Elke dinsdag van 10 tot 12 uur. Iedereen welkom."),
    ("Wie helpt met de moestuin?", "We zoeken twee mensen die op zaterdag water geven."),
    ("Boodschappenhulp gezocht", "Voor een buurtbewoner die slecht ter been is."),
    ("Repair café", "Neem je kapotte lamp of broodrooster mee, eerste zaterdag van de maand."),
    ("Wandelgroep", "Rustig tempo, een uur, start bij de kerk om 14 uur."),
    ("Bibliotheekkast aangevuld", "Nieuwe boeken met grote letters in de kast bij de supermarkt."),
]


# Built once: the board is read on every page view, and building the statement costs more than running it.
_CURRENT = (select(Notice).where(Notice.posted_at >= bindparam("since"))
            .order_by(Notice.posted_at.desc(), Notice.id.desc()))
_CURRENT_MATCHING = _CURRENT.where(Notice.title.contains(bindparam("q")))


def current_notices(session: Session, max_age_days: int, q: str | None = None):
    """Notices young enough to show, newest first; with *q*, only titles containing it."""
    since = datetime.now(UTC) - timedelta(days=max_age_days)
    if q:
        return session.scalars(_CURRENT_MATCHING, {"since": since, "q": q}).all()
    return session.scalars(_CURRENT, {"since": since}).all()


def post_notice(session: Session, title: str, body: str = "", posted_at: datetime | None = None,
                author_person_id: int | None = None) -> Notice:
    notice = Notice(title=title, body=body, posted_at=posted_at or datetime.now(UTC),
                    author_person_id=author_person_id)
    session.add(notice)
    return notice


NAME_ON_BOARD = "example.name_on_board"


def board_title(tenant):
    """The name the neighbourhood gave its board, or "Notice board" in the reader's language."""
    return tenant.plugin_settings("example")["title"] or _l("Notice board")


def author_names(session: Session, notices) -> dict[int, str]:
    """First names of authors who agreed to be named, by notice id."""
    names = {}
    for notice in notices:
        if notice.author_person_id and has_consent(session, notice.author_person_id, NAME_ON_BOARD):
            person = find_person(session, notice.author_person_id)
            if person is not None:
                names[notice.id] = person.given_name
    return names


def export_for(session: Session, person_id: int) -> list[dict] | None:
    notices = session.scalars(select(Notice).where(Notice.author_person_id == person_id)).all()
    return [{"title": n.title, "body": n.body, "posted_at": n.posted_at.isoformat(),
             "starts_at": n.starts_at.isoformat() if n.starts_at else None,
             "hours": str(n.hours) if n.hours is not None else None,
             "costs": str(n.costs) if n.costs is not None else None} for n in notices] or None


def forget_author(session: Session, person_id: int) -> None:
    """The notices stay on the board, no longer tied to the person; their text may name them, so it goes."""
    for notice in session.scalars(select(Notice).where(Notice.author_person_id == person_id)):
        notice.author_person_id, notice.body = None, ""


def notices_by_month(tenant, session: Session, params, actor, progress) -> dict:
    """A job (``noaber_job_kinds``): how many notices went up in each month, for the yearly report."""
    posted = session.scalars(select(Notice.posted_at))
    months = Counter(moment.astimezone(TIMEZONE).strftime("%Y-%m") for moment in posted)
    progress(1, 1)
    return dict(sorted(months.items()))


def ensure_welcome(session: Session, tenant_name: str) -> None:
    """The board is never empty on day one."""
    if session.scalar(select(Notice.id).where(Notice.title == WELCOME)) is None:
        post_notice(session, WELCOME, f"Hier zet {tenant_name} berichten voor de buurt.")


def add_demo_notices(session: Session, rng: Random, author_ids: list[int]) -> None:
    now = datetime.now(UTC)
    for title, body in rng.sample(DEMO_NOTICES, k=4):
        author = rng.choice(author_ids) if author_ids and rng.random() < 0.5 else None
        post_notice(session, title, body, posted_at=now - timedelta(days=rng.randint(0, 20), hours=rng.randint(0, 23)),
                    author_person_id=author)
    if author_ids:  # a report with the hours given and the coffee bought, and an announced activity
        report = post_notice(session, "Verslag koffieochtend", "Twaalf buren kwamen; volgende week weer.",
                             posted_at=now - timedelta(days=2), author_person_id=author_ids[0])
        report.hours, report.costs = Decimal("3.00"), Decimal("12.50")
        post_notice(session, "Wandelgroep start weer", "Rustig tempo, start bij de kerk.",
                    author_person_id=author_ids[0]).starts_at = now + timedelta(days=5)


def notices_in_month(_tenant, session: Session, month: Month) -> Measure:
    """For the ``example.notices`` metric: notices posted in *month*, and their distinct authors."""
    in_month = (Notice.posted_at >= month.start, Notice.posted_at < month.end)
    count = session.scalar(select(func.count()).select_from(Notice).where(*in_month))
    authors = session.scalar(select(func.count(Notice.author_person_id.distinct())).where(*in_month))
    return Measure(count, authors)
